"""Find what must not appear in a public document, so the user sees it before the document is made.

A notification to IMY becomes a public document and committee reports are read aloud in public
meetings. The guard scans their text for personal data (personnummer, e-mail addresses, phone
numbers, names, IP addresses) and, for IMY drafts, for details of security weaknesses. It only
reports: it never blocks and never changes the text.

Detection is a table of rules: a precompiled pattern finds candidates in one pass over the text
and a judge accepts, rejects or widens each one and says how sure it is. Word lists are data
files under ``data/`` so an administrator can extend them. When findings overlap, findings of
one kind are merged and, between kinds, the certain one wins, then the longer one.

Decisions the rules encode:

- IP addresses are a kind of their own and are always looked for: an IP address can identify a
  person (a resident's address in a log) as well as reveal a server.
- A secret written out ("lösenordet är Sommar2023") is a SECURITY finding even without
  ``security=True``: no public document may carry one.
- Words from the security word list are uncertain findings (the word only signals that a weakness
  may be described); CVE ids, versions, host names, internal URLs and ports are certain.
- Words IMY needs to be told (encrypted or not, unauthorised access, phishing) are never flagged.

Speed (bench/guard_scan.py): every pattern starts with a literal or a character class (word
boundaries are checked after the first character or by the judge), so the regex engine skips
ahead in C instead of trying each position; case-insensitive rules run on a lower-cased copy of
the text with the same offsets; a rule is skipped when a string it cannot match without ("@",
"://", the longest word of a word-list entry) is absent.
"""

import ipaddress
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib import resources

from django.db import models
from django.utils.translation import gettext_lazy as _
from personnummer import personnummer

__all__ = ["Finding", "FindingKind", "guard_scan"]


class FindingKind(models.TextChoices):
    PERSONNUMMER = "personnummer", _("personnummer or samordningsnummer")
    EMAIL = "email", _("e-mail address")
    PHONE = "phone", _("phone number")
    NAME = "name", _("name of a person")
    SECURITY = "security", _("detail of a security weakness")
    IP = "ip", _("IP address")


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    text: str  # the matched text, exactly as in the input
    start: int  # offsets into the scanned text: text[start:end] == self.text
    end: int
    certain: bool  # False for lower-confidence matches


def guard_scan(text: str, *, security: bool = False, names: Iterable[str] = ()) -> list[Finding]:
    """Findings in `text`, in order of position; security=True also looks for details of security
    weaknesses (IMY drafts); `names` are names of persons known to the case, found in any case."""
    lowered = _lowered(text)
    needles = _Needles(lowered)
    candidates: list[Finding] = []
    for rule in _rules() + _known_name_rules(_normalise_names(names)):
        if rule.security_only and not security:
            continue
        if rule.needles and not needles.any_of(rule.needles, indexed=rule.indexed):
            continue
        for match in rule.pattern.finditer(lowered if rule.lowered else text):
            verdict = rule.judge(match, text)
            if verdict is not None:
                start, end, certain = verdict
                candidates.append(Finding(rule.kind, text[start:end], start, end, certain))
    return _resolve(text, candidates)


# --- The rule table -----------------------------------------------------------------------------

# (start, end, certain) of an accepted candidate.
Verdict = tuple[int, int, bool]
# Called with the match and the original text (the match may be on the lower-cased copy).
Judge = Callable[[re.Match[str], str], Verdict | None]


@dataclass(frozen=True)
class _Rule:
    kind: FindingKind
    pattern: re.Pattern[str]
    judge: Judge
    security_only: bool = False
    lowered: bool = False  # the pattern is lower case and runs on the lower-cased text
    needles: tuple[str, ...] = ()  # skip the rule unless one occurs in the lower-cased text
    indexed: bool = False  # a data-file rule: its needles are looked up in the per-scan index


@cache
def _rules() -> tuple[_Rule, ...]:
    """Every rule; built on first use (reads the data files once per process)."""
    kind = FindingKind
    secret_labels = ("lösenord", "pass", "pwd", "pin", "api", "token")
    return (
        _Rule(kind.PERSONNUMMER, _PERSONNUMMER, _judge_personnummer),
        _Rule(kind.EMAIL, _EMAIL_AT, _judge_email, needles=("@", "(at)", "[at]", "snabel-a")),
        _Rule(kind.PHONE, _PHONE, _judge_phone),
        _Rule(kind.PHONE, _FOREIGN_PHONE, _judge_foreign_phone, needles=("+",)),
        _Rule(kind.IP, _IPV4, _judge_ipv4, needles=(".",)),
        _Rule(kind.IP, _IPV6_COLON, _judge_ipv6, needles=(":",)),
        _Rule(kind.NAME, _FIRST_NAME_PAIR, _judge_first_name_pair),
        _Rule(kind.SECURITY, _SECRET, _judge_secret, lowered=True, needles=secret_labels),
        *_security_word_rules(),
        *_product_rules(),
        _security_rule(_CVE, _certain_word, needles=("cve-",)),
        _security_rule(_VERSION, _judge_version),
        _security_rule(_URL, _judge_url, needles=("://",)),
        _security_rule(_UNC_PATH, _judge_unc_path, lowered=False, needles=("\\\\",)),
        _security_rule(_HOST_DOT, _judge_host, lowered=False),
        _security_rule(_PORT, _judge_port),
        _security_rule(_PORT_PROTOCOL, _judge_port, needles=("/tcp", "/udp")),
    )


def _security_rule(
    pattern: re.Pattern[str],
    judge: Judge,
    *,
    lowered: bool = True,
    needles: tuple[str, ...] = (),
    indexed: bool = False,
) -> _Rule:
    """A rule looked for only with security=True."""
    return _Rule(FindingKind.SECURITY, pattern, judge, True, lowered, needles, indexed)


class _Needles:
    """Which needles occur in the lower-cased text. The many needles of the data-file rules are
    found in one regex pass when first asked for (a substring test each would scan the text some
    hundred times); the few of the other rules by a substring test."""

    def __init__(self, lowered: str) -> None:
        self._lowered = lowered
        self._found: frozenset[str] | None = None

    def any_of(self, needles: tuple[str, ...], *, indexed: bool) -> bool:
        if not indexed:
            return any(needle in self._lowered for needle in needles)
        if self._found is None:
            all_needles, pattern = _needle_index()
            hits = set()
            position = 0
            # Searching again from the next character finds needles that overlap a hit.
            while (match := pattern.search(self._lowered, position)) is not None:
                hits.add(match.group())
                position = match.start() + 1
            self._found = frozenset(
                needle for needle in all_needles if any(hit.startswith(needle) for hit in hits)
            )
        return not self._found.isdisjoint(needles)


@cache
def _needle_index() -> tuple[frozenset[str], re.Pattern[str]]:
    """The needles of the data-file rules and one pattern that finds any of them. Grouped by
    first character, so the engine tries one group per position instead of every needle."""
    needles = frozenset(
        n for rule in _security_word_rules() + _product_rules() for n in rule.needles
    )
    groups: dict[str, list[str]] = {}
    for needle in sorted(needles, key=len, reverse=True):
        groups.setdefault(needle[0], []).append(re.escape(needle[1:]))
    alternatives = (f"{re.escape(first)}(?:{'|'.join(rests)})" for first, rests in groups.items())
    return needles, re.compile("|".join(alternatives))


def _lowered(text: str) -> str:
    """The text in lower case with the same offsets ("İ".lower() is two characters)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered


def _is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def _starts_word(text: str, index: int) -> bool:
    return index == 0 or not _is_word_char(text[index - 1])


def _ends_word(text: str, index: int) -> bool:
    return index >= len(text) or not _is_word_char(text[index])


def _certain_word(match: re.Match[str], text: str) -> Verdict | None:
    start, end = match.span()
    return (start, end, True) if _starts_word(text, start) and _ends_word(text, end) else None


def _uncertain_word(match: re.Match[str], text: str) -> Verdict | None:
    start, end = match.span()
    return (start, end, False) if _starts_word(text, start) and _ends_word(text, end) else None


# --- Data files ---------------------------------------------------------------------------------


@cache
def _data_lines(filename: str) -> tuple[str, ...]:
    """The entries of a data file: one per line, '#' starts a comment, blank lines skipped."""
    data = resources.files("breachdesk.documents").joinpath("data", filename)
    entries = (line.split("#", 1)[0].strip() for line in data.read_text("utf-8").splitlines())
    return tuple(entry for entry in entries if entry)


@cache
def _first_names() -> frozenset[str]:
    return frozenset(name.casefold() for name in _data_lines("first_names.txt"))


def _phrase(phrase: str) -> tuple[str, str]:
    """A lower-case pattern for a phrase from a data file (a space matches spaces or a hyphen),
    and its longest word: the phrase cannot occur where that word does not, and a long word is
    rarer than a short one ("patchad" rather than "inte")."""
    words = phrase.lower().split()
    return r"[\s\-]+".join(map(re.escape, words)), max(words, key=len)


# --- Personnummer and samordningsnummer ---------------------------------------------------------

# 10 or 12 digits, optionally with "-", "+" (over 100 years), a dash from a word processor or a
# space before the last four. Not part of a longer run of digits or of a dotted/dashed number
# ("2143-1.1.2-2023"); dates ("2022-06-01") have too few digits to match.
_PERSONNUMMER = re.compile(
    r"""
    \d(?<!\d\d)(?<!\d[-+./:]\d)
    \d{5}(?:\d\d)?
    (?:[-+\u2010\u2011\u2013\u2212]|[ \u00a0])?
    \d{4}
    (?!\d)(?![-+./:]\d)
    """,
    re.VERBOSE,
)
_CENTURIES = frozenset({"18", "19", "20"})


def _judge_personnummer(match: re.Match[str], text: str) -> Verdict | None:
    written = match.group()
    digits = "".join(char for char in written if char.isdigit())
    century = ""
    if len(digits) == 12:
        century, digits = digits[:2], digits[2:]
        if century not in _CENTURIES:
            return None
    # A plausible date is required to report anything at all. Organisation numbers have a third
    # digit of 2 or more ("month" 20 and up) and so never get here.
    month, day = int(digits[2:4]), int(digits[4:6])
    if not 1 <= month <= 12 or not (1 <= day <= 31 or 61 <= day <= 91):
        return None
    # The package checks the Luhn digit and that the date (day - 60 for a samordningsnummer)
    # exists, inferring the century of a 10-digit form from "-" or "+".
    sep = "+" if "+" in written else "-"
    certain = bool(personnummer.valid(f"{century}{digits[:6]}{sep}{digits[6:]}"))
    return match.start(), match.end(), certain


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
    while start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in _EMAIL_LOCAL_SYMBOLS):
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
_NON_DIGITS = re.compile(r"\D+")


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
    groups = tuple(len(group) for group in _NON_DIGITS.split(written) if group)
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
    if start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] in ":."):
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

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿ"
_CAPITALISED = rf"[{_UPPER}][{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
_PARTICLE = r"(?:von|van|af|de|der|den|da|di|del|du|la|le)"
_NAME_SPACE = r"[ \u00a0]{1,2}"  # not a tab or newline: those separate table columns
# A capitalised word followed by one or two capitalised words ("Anna Berg", "Anna Maria Berg",
# "Carl von Berg") or by an initial ("Ola A"). Only the first word is consumed, so a name right
# after another capitalised word ("Kallelse Anna Berg") is still tried.
_FIRST_NAME_PAIR = re.compile(
    rf"[{_UPPER}](?<![\w-][{_UPPER}])[{_LOWER}]+(?:-[{_UPPER}][{_LOWER}]+)?"
    rf"(?=(?P<rest>(?:{_NAME_SPACE}(?:{_PARTICLE}{_NAME_SPACE})?{_CAPITALISED}(?![\w-])){{1,2}}"
    rf"|{_NAME_SPACE}[{_UPPER}]\.?(?![\w-])))"
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
def _known_name_rules(names: tuple[str, ...]) -> tuple[_Rule, ...]:
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
    rules: list[_Rule] = []
    if full:
        alternatives = "|".join(sorted(full, key=len, reverse=True))
        rules.append(_Rule(FindingKind.NAME, re.compile(alternatives), _certain_word, lowered=True))
    if parts:
        alternatives = "|".join(re.escape(part) for part in sorted(parts, key=len, reverse=True))
        rules.append(_Rule(FindingKind.NAME, re.compile(alternatives), _uncertain_word))
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
    if not _starts_word(text, match.start()):
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


@dataclass(frozen=True)
class _WordJudge:
    """Judges a hit of one word-list entry: a "*" lets the word be part of a longer word, and the
    finding is widened to the whole word."""

    open_start: bool
    open_end: bool

    def __call__(self, match: re.Match[str], text: str) -> Verdict | None:
        start, end = match.span()
        if self.open_start:
            while start > 0 and _is_word_char(text[start - 1]):
                start -= 1
        elif not _starts_word(text, start):
            return None
        if self.open_end:
            while end < len(text) and _is_word_char(text[end]):
                end += 1
        elif not _ends_word(text, end):
            return None
        return start, end, False


@cache
def _security_word_rules() -> tuple[_Rule, ...]:
    # One rule per entry, skipped unless its longest word occurs: a text mentions few of them.
    rules = []
    for line in _data_lines("security_words.txt"):
        if not line.strip("*").strip():
            continue
        pattern, needle = _phrase(line.strip("*"))
        judge = _WordJudge(open_start=line.startswith("*"), open_end=line.endswith("*"))
        rules.append(_security_rule(re.compile(pattern), judge, needles=(needle,), indexed=True))
    return tuple(rules)


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
    if not _starts_word(text, match.start()):
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
def _product_rules() -> tuple[_Rule, ...]:
    rules = []
    for product in _data_lines("security_products.txt"):
        name, needle = _phrase(product)
        pattern = re.compile(name + _PRODUCT_VERSION, re.VERBOSE)
        rules.append(_security_rule(pattern, _certain_word, needles=(needle,), indexed=True))
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
    while start > 0 and (_is_word_char(text[start - 1]) or text[start - 1] == "-"):
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
    if not _starts_word(text, match.start()):
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
    if number is None or not _starts_word(text, match.start()):
        return None
    return (match.start(), match.end(), True) if 1 <= int(number.group()) <= 65535 else None


# --- Overlaps -----------------------------------------------------------------------------------

_PRIORITY = {
    FindingKind.PERSONNUMMER: 0,
    FindingKind.EMAIL: 1,
    FindingKind.IP: 2,
    FindingKind.PHONE: 3,
    FindingKind.NAME: 4,
    FindingKind.SECURITY: 5,
}


def _merge_same_kind(text: str, candidates: list[Finding]) -> list[Finding]:
    merged: list[Finding] = []
    for finding in sorted(candidates, key=lambda f: (f.kind, f.start, -f.end)):
        last = merged[-1] if merged else None
        if last is not None and last.kind == finding.kind and finding.start < last.end:
            end = max(last.end, finding.end)
            certain = last.certain or finding.certain
            merged[-1] = Finding(last.kind, text[last.start : end], last.start, end, certain)
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
