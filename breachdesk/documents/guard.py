"""Find what must not appear in a public document, so the user sees it before the document is made.

A notification to IMY becomes a public document and committee reports are read aloud in public
meetings. The guard scans their text for personal data (personnummer, e-mail addresses, phone
numbers, names, IP addresses, postal addresses, bank account numbers, IBANs, payment card
numbers, vehicle registration numbers), for words revealing sensitive facts about a person and,
for IMY drafts, for details of security weaknesses. It only reports: it never blocks and never
changes the text.

Detection is a table of rules (``_rules``, here): a precompiled pattern finds candidates in one
pass over the text and a judge accepts, rejects or widens each one and says how sure it is. Word
lists are data files under ``data/`` so an administrator can extend them. When findings overlap,
findings of one kind are merged and, between kinds, the certain one wins, then the longer one.

The modules: this one holds the public API, the rule table, the overlap resolution and the rules
for e-mail addresses, phone numbers, IP addresses, names, secrets and security details;
``guard_numbers`` the number-shaped rules (personnummer, postal addresses, bank accounts, IBANs,
payment cards, vehicle registration numbers) and the decisions they encode; ``guard_words`` the
word-list machinery (data files, word-list rules, needles); ``guard_base`` the shared types and
text helpers. Each imports only the ones after it in that list.

Decisions the rules here encode:

- IP addresses are a kind of their own and are always looked for: an IP address can identify a
  person (a resident's address in a log) as well as reveal a server.
- A secret written out ("lösenordet är Sommar2023") is a SECURITY finding even without
  ``security=True``: no public document may carry one.
- Words from the security word list are uncertain findings (the word only signals that a weakness
  may be described); CVE ids, versions, host names, internal URLs and ports are certain.
- Words IMY needs to be told (encrypted or not, unauthorised access, phishing) are never flagged.
- SENSITIVE words (data/sensitive_words.txt, "category: word" a line) are always looked for and
  are uncertain, with the category (health, criminal offences, social welfare, protected
  identity, ...) on the finding: "Kallelse till rehabmöte" next to a name reveals sick leave, but
  the word alone reveals nothing. They use the same matcher as the security words.

Speed (bench/guard_scan.py): every pattern starts with a literal or a character class (word
boundaries are checked after the first character or by the judge), so the regex engine skips
ahead in C instead of trying each position; case-insensitive rules run on a lower-cased copy of
the text with the same offsets; a rule is skipped when a string it cannot match without ("@",
"://", "konto", the longest word of a word-list entry) is absent. The word-list needles are found
in one pass per kind, so a scan without ``security=True`` never builds the security index.
"""

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Iterable
from functools import cache, lru_cache

from breachdesk.documents.guard_base import (
    LOWER,
    NON_DIGITS,
    UPPER,
    Finding,
    FindingKind,
    Rule,
    SensitiveCategory,
    Verdict,
    certain_word,
    is_word_char,
    lower_text,
    security_rule,
    starts_word,
    uncertain_word,
)
from breachdesk.documents.guard_numbers import (
    BANK_LABELS,
    BANK_NUMBER,
    CARD,
    IBAN,
    PERSONNUMMER,
    POSTCODE_PLACE,
    REGISTRATION,
    judge_bank,
    judge_card,
    judge_iban,
    judge_personnummer,
    judge_postcode_place,
    judge_registration,
)
from breachdesk.documents.guard_words import (
    NeedleIndex,
    Needles,
    needle_index,
    phrase_pattern,
    word_rules,
)
from breachdesk.documents.guard_words import data_lines as _data_lines

__all__ = ["Finding", "FindingKind", "SensitiveCategory", "guard_scan"]


def guard_scan(text: str, *, security: bool = False, names: Iterable[str] = ()) -> list[Finding]:
    """Findings in `text`, in order of position; security=True also looks for details of security
    weaknesses (IMY drafts); `names` are names of persons known to the case, found in any case."""
    lowered = lower_text(text)
    needles = Needles(lowered, _needle_index)
    candidates: list[Finding] = []
    for rule in _rules() + _known_name_rules(_normalise_names(names)):
        if rule.security_only and not security:
            continue
        if rule.needles and not needles.any_of(
            rule.needles, index=rule.kind if rule.indexed else None
        ):
            continue
        for match in rule.pattern.finditer(lowered if rule.lowered else text):
            verdict = rule.judge(match, text)
            if verdict is not None:
                start, end, certain = verdict
                finding = Finding(rule.kind, text[start:end], start, end, certain, rule.category)
                candidates.append(finding)
    return _resolve(text, candidates)


@cache
def _rules() -> tuple[Rule, ...]:
    """Every rule; built on first use (reads the data files once per process)."""
    kind = FindingKind
    secret_labels = ("lösenord", "pass", "pwd", "pin", "api", "token")
    return (
        Rule(kind.PERSONNUMMER, PERSONNUMMER, judge_personnummer),
        Rule(kind.EMAIL, _EMAIL_AT, _judge_email, needles=("@", "(at)", "[at]", "snabel-a")),
        Rule(kind.PHONE, _PHONE, _judge_phone),
        Rule(kind.PHONE, _FOREIGN_PHONE, _judge_foreign_phone, needles=("+",)),
        Rule(kind.IP, _IPV4, _judge_ipv4, needles=(".",)),
        Rule(kind.IP, _IPV6_COLON, _judge_ipv6, needles=(":",)),
        Rule(kind.NAME, _FIRST_NAME_PAIR, _judge_first_name_pair),
        Rule(kind.ADDRESS, POSTCODE_PLACE, judge_postcode_place),
        *(
            Rule(
                kind.BANK_ACCOUNT,
                re.compile(label + BANK_NUMBER),
                judge_bank,
                lowered=True,
                needles=(needle,),
            )
            for needle, label in BANK_LABELS.items()
        ),
        Rule(kind.IBAN, IBAN, judge_iban, lowered=True),
        Rule(kind.CARD, CARD, judge_card),
        Rule(kind.VEHICLE, REGISTRATION, judge_registration),
        *_sensitive_word_rules(),
        Rule(kind.SECURITY, _SECRET, _judge_secret, lowered=True, needles=secret_labels),
        *_security_word_rules(),
        *_product_rules(),
        security_rule(_CVE, certain_word, needles=("cve-",)),
        security_rule(_VERSION, _judge_version),
        security_rule(_URL, _judge_url, needles=("://",)),
        security_rule(_UNC_PATH, _judge_unc_path, lowered=False, needles=("\\\\",)),
        security_rule(_HOST_DOT, _judge_host, lowered=False),
        security_rule(_PORT, _judge_port),
        security_rule(_PORT_PROTOCOL, _judge_port, needles=("/tcp", "/udp")),
    )


@cache
def _needle_index(kind: FindingKind) -> NeedleIndex:
    """The needle index of the data-file rules of a kind, built once per process."""
    if kind == FindingKind.SENSITIVE:
        return needle_index(_sensitive_word_rules())
    return needle_index(_security_word_rules() + _product_rules())


@cache
def _first_names() -> frozenset[str]:
    return frozenset(name.casefold() for name in _data_lines("first_names.txt"))


# --- E-mail addresses ---------------------------------------------------------------------------

# Found from the "@" (or "(at)", "[at]" spelled out), which is rare, outwards: the judge takes
# the local part before it and matches the domain after it.
_EMAIL_AT = re.compile(r"@|\((?:at|AT|snabel-a)\)|\[(?:at|AT|snabel-a)\]")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")
_EMAIL_LOCAL_SYMBOLS = frozenset("._%+-")
_SPACES = frozenset(" \u00a0")


def _judge_email(match: re.Match[str], text: str) -> Verdict | None:
    at_start, at_end = match.span()
    if match.group() != "@":  # "elev (at) skola.se": a space either side is allowed
        if at_start > 0 and text[at_start - 1] in _SPACES:
            at_start -= 1
        if at_end < len(text) and text[at_end] in _SPACES:
            at_end += 1
    start = at_start
    while start > 0 and (is_word_char(text[start - 1]) or text[start - 1] in _EMAIL_LOCAL_SYMBOLS):
        start -= 1
    while start < at_start and text[start] == ".":
        start += 1
    local = text[start:at_start]
    if not local or local.endswith(".") or not any(char.isalnum() for char in local):
        return None
    domain = _EMAIL_DOMAIN.match(text, at_end)
    return None if domain is None else (start, domain.end(), True)


# --- Phone numbers ------------------------------------------------------------------------------

# Swedish numbers as people write them: 070-123 45 67, 0701234567, 08-123 456 78, 0771-12 34 56,
# +46 70 123 45 67, +46 (0)8-123 456 78, 0046 31 12 34 56. Digit counts are checked by the judge.
_PHONE = re.compile(
    r"""
    (?:\+(?<![\w+]\+)(?<!\d[-./:,]\+)46[ \u00a0]?(?:\(0\)[ \u00a0]?)?
      |0(?<![\w+]0)(?<!\d[-./:,]0)(?:046[ \u00a0]?(?:\(0\)[ \u00a0]?)?)?)
    [1-9]\d{0,2}                                      # area code or mobile prefix
    (?:[ \u00a0]?[-\u2013/][ \u00a0]?|[ \u00a0])?
    \d{2,8}
    (?:[ \u00a0-]\d{2,4}){0,3}
    (?!\d|[.,]\d|-\d)
    """,
    re.VERBOSE,
)
_PHONE_DIGITS = (8, 10)  # a national number, trunk 0 included
_MOBILE_DIGITS = 10
_PERSONNUMMER_SHAPES = ((6, 4), (8, 4))  # "071212-1234" is a personnummer, not a phone number


def _national_digits(written: str) -> str:
    """The digits of a phone number as dialled within Sweden."""
    international = written.startswith(("+46", "0046"))
    if international:
        written = written[written.index("46") + 2 :].replace("(0)", "", 1)
    digits = "".join(char for char in written if char.isdigit())
    return "0" + digits if international else digits


def _judge_phone(match: re.Match[str], text: str) -> Verdict | None:
    start, end = match.span()
    digits = _national_digits(text[start:end])
    # A following number ("070-123 45 67 12 gånger") is not part of the phone number.
    while len(digits) > _PHONE_DIGITS[1]:
        cut = max(text.rfind(" ", start, end), text.rfind("\u00a0", start, end))
        if cut <= start:
            return None
        end = start + len(text[start:cut].rstrip(" \u00a0-"))
        digits = _national_digits(text[start:end])
    if len(digits) < _PHONE_DIGITS[0]:
        return None
    if digits.startswith("07") and len(digits) != _MOBILE_DIGITS:
        return None
    written = text[start:end]
    international = written.startswith(("+46", "0046"))
    groups = tuple(len(group) for group in NON_DIGITS.split(written) if group)
    if not international and groups in _PERSONNUMMER_SHAPES:
        return None
    # A bare run of digits that is not a mobile number may be any kind of number.
    certain = international or not written.isdigit() or digits.startswith("07")
    return start, end, certain


# Numbers of other countries, "+358 40 123 4567": reported, but uncertain.
_FOREIGN_PHONE = re.compile(
    r"\+(?<![\w+]\+)(?!46)[1-9]\d{0,2}(?:[ \u00a0-]?\(?\d{1,4}\)?){2,6}(?!\d|[.,]\d)"
)


def _judge_foreign_phone(match: re.Match[str], text: str) -> Verdict | None:
    digits = sum(char.isdigit() for char in match.group())
    return (match.start(), match.end(), False) if 9 <= digits <= 15 else None


# --- IP addresses -------------------------------------------------------------------------------

_IPV4 = re.compile(
    r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?:/\d{1,2}(?!\d)|:\d{1,5}(?!\d))?(?!\w|\.\d)"
)
# Found from a colon followed by another within a group (colons are rare in prose); the judge
# takes the hex digits before it and lets the standard library decide.
_IPV6_COLON = re.compile(r":[0-9a-fA-F]{0,4}:[0-9a-fA-F:]*")
_IPV6_SHAPE = re.compile(r"[0-9a-fA-F:]+(?![\w:])")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def _judge_ipv4(match: re.Match[str], text: str) -> Verdict | None:
    address = re.split(r"[/:]", match.group(), maxsplit=1)[0]
    octets = address.split(".")
    if any(int(octet) > 255 for octet in octets):
        return None
    # "1.2.3.4" could as well be a section number in a document.
    certain = any(len(octet) > 1 for octet in octets)
    return match.start(), match.end(), certain


def _judge_ipv6(match: re.Match[str], text: str) -> Verdict | None:
    start = match.start()
    while start > 0 and match.start() - start < 4 and text[start - 1] in _HEX_DIGITS:
        start -= 1
    if start > 0 and (is_word_char(text[start - 1]) or text[start - 1] in ":."):
        return None
    shape = _IPV6_SHAPE.match(text, start)
    if shape is None:
        return None
    written = shape.group()
    groups = [group for group in written.split(":") if group]
    # "fe80::1" and longer; not "::1", not words like "be::ef", not times ("15:40:00" is invalid).
    if len(groups) < 2 or not any(char.isdigit() for char in written):
        return None
    try:
        ipaddress.IPv6Address(written)
    except ValueError:
        return None
    return start, shape.end(), True


# --- Names of persons ---------------------------------------------------------------------------

_CAPITALISED = rf"[{UPPER}][{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
_PARTICLE = r"(?:von|van|af|de|der|den|da|di|del|du|la|le)"
_NAME_SPACE = r"[ \u00a0]{1,2}"  # not a tab or newline: those separate table columns
# A capitalised word followed by one or two capitalised words ("Anna Berg", "Anna Maria Berg",
# "Carl von Berg") or by an initial ("Ola A"). Only the first word is consumed, so a name right
# after another capitalised word ("Kallelse Anna Berg") is still tried.
_FIRST_NAME_PAIR = re.compile(
    rf"[{UPPER}](?<![\w-][{UPPER}])[{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
    rf"(?=(?P<rest>(?:{_NAME_SPACE}(?:{_PARTICLE}{_NAME_SPACE})?{_CAPITALISED}(?![\w-])){{1,2}}"
    rf"|{_NAME_SPACE}[{UPPER}]\.?(?![\w-])))"
)


def _judge_first_name_pair(match: re.Match[str], text: str) -> Verdict | None:
    first_names = _first_names()
    first = match.group().casefold()
    if first not in first_names and not any(part in first_names for part in first.split("-")):
        return None
    return match.start(), match.end("rest"), False


def _normalise_names(names: Iterable[str]) -> tuple[str, ...]:
    if isinstance(names, str):  # one name passed on its own, not a collection of characters
        names = (names,)
    return tuple(sorted({" ".join(name.split()) for name in names if name and name.strip()}))


@lru_cache(maxsize=64)
def _known_name_rules(names: tuple[str, ...]) -> tuple[Rule, ...]:
    """Rules for names known to the case: the full name, also "Surname, Given" (certain), and
    a part that is not a common given name on its own, capitalised (uncertain)."""
    full: set[str] = set()
    parts: set[str] = set()
    space = r"[\s\u00a0]+"
    for name in names:
        words = name.lower().split()
        if len(name) < 2:
            continue
        full.add(space.join(map(re.escape, words)))
        if len(words) > 1:
            full.add(rf"{re.escape(words[-1])},?{space}{space.join(map(re.escape, words[:-1]))}")
        for word in name.split():
            if len(word) < 3 or word.casefold() in _first_names() or re.fullmatch(_PARTICLE, word):
                continue
            parts.update({word[:1].upper() + word[1:], word.upper()})
    rules: list[Rule] = []
    if full:
        alternatives = "|".join(sorted(full, key=len, reverse=True))
        rules.append(Rule(FindingKind.NAME, re.compile(alternatives), certain_word, lowered=True))
    if parts:
        alternatives = "|".join(re.escape(part) for part in sorted(parts, key=len, reverse=True))
        rules.append(Rule(FindingKind.NAME, re.compile(alternatives), uncertain_word))
    return tuple(rules)


# --- Secrets written out (always) --------------------------------------------------------------

_SECRET = re.compile(
    r"""
    (?:lösenord(?:et)?|password|passwd|pwd|pin(?:-?kod(?:en)?)?|api[-_ ]?(?:key|nyckel(?:n)?)
       |token)
    \s*(?:[:=]|\s(?:är|var|is|was)\s)\s*["'“”‘’]?
    (?P<value>[^\s"'“”‘’,;]{3,})
    """,
    re.VERBOSE,
)


def _judge_secret(match: re.Match[str], text: str) -> Verdict | None:
    if not starts_word(text, match.start()):
        return None
    value_start, value_end = match.span("value")
    value = text[value_start:value_end].rstrip(".!?:)")
    if len(value) < 3 or not any(char.isalnum() for char in value):
        return None  # "lösenord: ******" is already masked
    # "lösenordet är ändrat" is a sentence; "lösenordet är Sommar2023" is a password.
    looks_secret = any(not char.isalpha() for char in value) or any(
        char.isupper() for char in value[1:]
    )
    if not looks_secret:
        return None
    return match.start(), value_start + len(value), True


# --- Details of security weaknesses (security=True) ---------------------------------------------


@cache
def _security_word_rules() -> tuple[Rule, ...]:
    entries = ((line, None) for line in _data_lines("security_words.txt"))
    return word_rules(entries, FindingKind.SECURITY)


_CVE = re.compile(r"cve-\d{4}-\d{4,7}(?!\d)")

# "version 10.2.3", "versionen 10.2", "ver. 2.4", "v2.4.1"; a bare dotted number is not enough
# ("2143-1.1.2-2023" is a diary number, "3.1.2" a section).
_VERSION = re.compile(
    r"""
    (?:version\w*[ \u00a0]*|ver\.[ \u00a0]*|release[ \u00a0]*|build[ \u00a0]*|v)
    (?P<number>\d+(?:\.\d+)+)
    (?:-[0-9a-z]+(?:\.[0-9a-z]+)*)?
    (?!\w|\.\d)
    """,
    re.VERBOSE,
)


def _judge_version(match: re.Match[str], text: str) -> Verdict | None:
    if not starts_word(text, match.start()):
        return None
    # "version 1.2" may be the version of a routine document; three parts or "v2.4" is software.
    bare_v = match.start("number") - match.start() == 1
    certain = bare_v or match["number"].count(".") >= 2
    return match.start(), match.end(), certain


# After a product name from the data file: "Windows Server 2012 R2", "Apache 2.4.49", "Windows XP".
_PRODUCT_VERSION = r"""
    (?:[ \u00a0]+(?:version|ver\.?))?[ \u00a0]*v?
    (?:\d+(?:\.\d+)*[a-z]?|xp|vista|nt)
    (?:[ \u00a0]+(?:r2|sp[ \u00a0]?\d+|update[ \u00a0]\d+|ltsc?|sr\d+|cu\d+))?
    (?!\w|[.,]\d|-\d)
"""


@cache
def _product_rules() -> tuple[Rule, ...]:
    rules = []
    for product in _data_lines("security_products.txt"):
        name, needle = phrase_pattern(product)
        pattern = re.compile(name + _PRODUCT_VERSION, re.VERBOSE)
        rules.append(security_rule(pattern, certain_word, needles=(needle,), indexed=True))
    return tuple(rules)


_INTERNAL_TLDS = frozenset({"local", "lan", "internal", "intra", "intranet", "corp", "localdomain"})
_INTERNAL_LABELS = frozenset(
    {"intra", "intranet", "internal", "int", "corp", "ad", "dc", "srv", "vpn", "adm", "admin"}
    | {"mgmt", "backup", "test", "dev", "stage", "staging", "db", "sql", "ldap", "citrix"}
)
_FILE_EXTENSIONS = frozenset(
    {"docx", "doc", "xlsx", "xls", "pptx", "pdf", "txt", "csv", "jpg", "jpeg", "png", "gif"}
    | {"zip", "msg", "eml", "html", "htm", "xml", "json", "odt", "ods", "rtf", "tif", "tiff"}
)
_ADMIN_PATHS = frozenset(
    {"admin", "administrator", "wp-admin", "phpmyadmin", "manager", "console", "api", "owa"}
)

# Host names are found from a dot between two letters or digits; the judge takes the label before
# it and matches the whole name. Abbreviations ("t.ex.", "bl.a.", "fr.o.m.") end in a one-letter
# "domain" or have too few labels.
_HOST_DOT = re.compile(r"\.(?<=[^\W_]\.)(?=[^\W_])[\w.-]*")
_HOST_NAME = re.compile(r"(?:[^\W_](?:[\w-]{0,61}[^\W_])?\.)+[^\W\d_]{2,24}(?![\w-]|\.[^\W_])")


def _host_verdict(host: str) -> bool | None:
    """True for a host name that is internal, False for one that may be, None for a public site
    ("imy.se", "www.kommun.se") or a file name."""
    labels = host.lower().rstrip(".").split(".")
    if labels[-1] in _FILE_EXTENSIONS:
        return None
    if labels[-1] in _INTERNAL_TLDS:
        return True
    if len(labels) < 3 or labels[0] == "www":
        return None
    has_digit = any(char.isdigit() for char in labels[0])
    return has_digit or not _INTERNAL_LABELS.isdisjoint(labels[:-2])


def _judge_host(match: re.Match[str], text: str) -> Verdict | None:
    start = match.start()
    while start > 0 and (is_word_char(text[start - 1]) or text[start - 1] == "-"):
        start -= 1
    if start > 0 and text[start - 1] in "@.":
        return None  # part of an e-mail address or of a longer dotted name
    host = _HOST_NAME.match(text, start)
    if host is None:
        return None
    verdict = _host_verdict(host.group())
    return None if verdict is None else (start, host.end(), verdict)


_URL = re.compile(r"(?:https?|ftps?|sftp|smb|rdp|ssh|ldaps?|file)://[^\s<>\"'”’]+")
_UNC_PATH = re.compile(r"\\\\(?<![\w\\]\\\\)[\w.$-]+\\[^\s<>\"'”’]*")
_TRAILING_PUNCTUATION = ".,;:!?)]}"


def _judge_unc_path(match: re.Match[str], text: str) -> Verdict:
    return match.start(), match.start() + len(match.group().rstrip(_TRAILING_PUNCTUATION)), True


def _judge_url(match: re.Match[str], text: str) -> Verdict | None:
    if not starts_word(text, match.start()):
        return None
    url = text[match.start() : match.end()].rstrip(_TRAILING_PUNCTUATION)
    end = match.start() + len(url)
    scheme, rest = url.split("://", 1)
    authority, _sep, path = rest.partition("/")
    host = authority.split("?", 1)[0].split("#", 1)[0]
    certain: bool | None
    if scheme.lower() not in {"http", "https"} or "@" in host:
        certain = True  # a file share, remote desktop, or credentials in the URL
    elif host.startswith("[") or ":" in host:
        certain = True  # an IPv6 address or an explicit port
    elif "." not in host or _IPV4.fullmatch(host):
        certain = True  # "http://intranet/", "http://10.0.0.5/"
    else:
        certain = _host_verdict(host)
    if certain is None:
        segments = {segment.lower() for segment in re.split(r"[/?#]", path)}
        if segments.isdisjoint(_ADMIN_PATHS):
            return None  # a public page ("https://www.imy.se/...") is not a weakness
        certain = False
    return match.start(), end, certain


# "port 3389", "porten 443", "portarna 80 och 443", "TCP 3389", "3389/tcp". A building's
# entrance ("port 3") has one digit and is left alone.
_PORT = re.compile(
    r"""
    (?:port(?:en|ar|arna|nummer|nr|s)?|tcp|udp)
    [ \u00a0]*(?:nr\.?[ \u00a0]*)?[:=]?[ \u00a0]*
    (?P<number>\d{2,5})(?:/(?:tcp|udp))?
    (?:[ \u00a0]*(?:,|och|and|&)[ \u00a0]*\d{2,5}(?:/(?:tcp|udp))?)*
    (?!\w|[.,]\d)
    """,
    re.VERBOSE,
)
_PORT_PROTOCOL = re.compile(r"\d(?<!\w\d)\d{0,4}/(?:tcp|udp)(?!\w)")
_DIGITS = re.compile(r"\d+")


def _judge_port(match: re.Match[str], text: str) -> Verdict | None:
    number = _DIGITS.search(match.group())
    if number is None or not starts_word(text, match.start()):
        return None
    return (match.start(), match.end(), True) if 1 <= int(number.group()) <= 65535 else None


# --- Sensitive facts (always) -------------------------------------------------------------------


@cache
def _sensitive_word_rules() -> tuple[Rule, ...]:
    """The rules of sensitive_words.txt, "category: word or phrase" a line; matched like the
    security words."""
    entries = []
    for line in _data_lines("sensitive_words.txt"):
        category, _colon, entry = line.partition(":")
        if category.strip() not in SensitiveCategory.values or not entry.strip():
            raise ValueError(f"sensitive_words.txt: {line!r} is not 'category: word'")
        entries.append((entry.strip().lower(), SensitiveCategory(category.strip())))
    return word_rules(entries, FindingKind.SENSITIVE)


# --- Overlaps -----------------------------------------------------------------------------------

_PRIORITY = {
    FindingKind.PERSONNUMMER: 0,
    FindingKind.IBAN: 1,
    FindingKind.CARD: 2,
    FindingKind.BANK_ACCOUNT: 3,
    FindingKind.EMAIL: 4,
    FindingKind.IP: 5,
    FindingKind.PHONE: 6,
    FindingKind.ADDRESS: 7,
    FindingKind.VEHICLE: 8,
    FindingKind.NAME: 9,
    FindingKind.SENSITIVE: 10,
    FindingKind.SECURITY: 11,
}


def _merge_same_kind(text: str, candidates: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.kind, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == finding.kind and finding.start < last.end:
            end = max(last.end, finding.end)
            certain = last.certain or finding.certain
            merged[-1] = Finding(
                last.kind, text[last.start : end], last.start, end, certain, last.category
            )
        else:
            merged.append(finding)
    return merged


def _resolve(text: str, candidates: list[Finding]) -> list[Finding]:
    """Non-overlapping findings in order of position: overlapping findings of one kind are
    merged; between kinds the certain one wins, then the longer, then by kind."""
    ranked = sorted(
        _merge_same_kind(text, candidates),
        key=lambda f: (not f.certain, f.start - f.end, _PRIORITY[f.kind], f.start),
    )
    starts: list[int] = []
    kept: list[Finding] = []
    for finding in ranked:
        index = bisect_right(starts, finding.start)
        if index > 0 and kept[index - 1].end > finding.start:
            continue
        if index < len(kept) and kept[index].start < finding.end:
            continue
        starts.insert(index, finding.start)
        kept.insert(index, finding)
    return kept
