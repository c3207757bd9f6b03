"""The privacy guard's rules for details of security weaknesses, and for secrets written out.

Each rule is a precompiled pattern and a judge (see ``base``); ``scan`` puts them in its rule
table. Decisions the rules encode:

- A secret written out ("lösenordet är Sommar2023") is a SECURITY finding even without
  ``security=True``: no public document may carry one.
- The other rules run only with ``security=True`` (IMY drafts). Words from the security word
  list (data/security_words.txt) are uncertain findings (the word only signals that a weakness
  may be described); CVE ids, versions, products with their version (data/security_products.txt),
  host names, internal URLs and ports are certain.
- Words IMY needs to be told (encrypted or not, unauthorised access, phishing) are never flagged.
"""

import re
from functools import cache

from breachdesk.guard.base import (
    FindingKind,
    Rule,
    Verdict,
    certain_word,
    is_word_char,
    security_rule,
    starts_word,
)
from breachdesk.guard.personal_rules import IPV4
from breachdesk.guard.words import data_lines, phrase_pattern, word_rules

__all__ = [
    "CVE",
    "HOST_DOT",
    "PORT",
    "PORT_PROTOCOL",
    "SECRET",
    "UNC_PATH",
    "URL",
    "VERSION",
    "judge_host",
    "judge_port",
    "judge_secret",
    "judge_unc_path",
    "judge_url",
    "judge_version",
    "product_rules",
    "security_word_rules",
]

# --- Secrets written out (always) --------------------------------------------------------------

SECRET = re.compile(
    r"""
    (?:lösenord(?:et)?|password|passwd|pwd|pin(?:-?kod(?:en)?)?|api[-_ ]?(?:key|nyckel(?:n)?)
       |token)
    \s*(?:[:=]|\s(?:är|var|is|was)\s)\s*["'“”‘’]?
    (?P<value>[^\s"'“”‘’,;]{3,})
    """,
    re.VERBOSE,
)


def judge_secret(match: re.Match[str], text: str) -> Verdict | None:
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
def security_word_rules() -> tuple[Rule, ...]:
    entries = ((line, None) for line in data_lines("security_words.txt"))
    return word_rules(entries, FindingKind.SECURITY)


CVE = re.compile(r"cve-\d{4}-\d{4,7}(?!\d)")

# "version 10.2.3", "versionen 10.2", "ver. 2.4", "v2.4.1"; a bare dotted number is not enough
# ("2143-1.1.2-2023" is a diary number, "3.1.2" a section).
VERSION = re.compile(
    r"""
    (?:version\w*[ \u00a0]*|ver\.[ \u00a0]*|release[ \u00a0]*|build[ \u00a0]*|v)
    (?P<number>\d+(?:\.\d+)+)
    (?:-[0-9a-z]+(?:\.[0-9a-z]+)*)?
    (?!\w|\.\d)
    """,
    re.VERBOSE,
)


def judge_version(match: re.Match[str], text: str) -> Verdict | None:
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
def product_rules() -> tuple[Rule, ...]:
    rules = []
    for product in data_lines("security_products.txt"):
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
HOST_DOT = re.compile(r"\.(?<=[^\W_]\.)(?=[^\W_])[\w.-]*")
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


def judge_host(match: re.Match[str], text: str) -> Verdict | None:
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


URL = re.compile(r"(?:https?|ftps?|sftp|smb|rdp|ssh|ldaps?|file)://[^\s<>\"'”’]+")
UNC_PATH = re.compile(r"\\\\(?<![\w\\]\\\\)[\w.$-]+\\[^\s<>\"'”’]*")
_TRAILING_PUNCTUATION = ".,;:!?)]}"


def judge_unc_path(match: re.Match[str], text: str) -> Verdict:
    return match.start(), match.start() + len(match.group().rstrip(_TRAILING_PUNCTUATION)), True


def judge_url(match: re.Match[str], text: str) -> Verdict | None:
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
    elif "." not in host or IPV4.fullmatch(host):
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
PORT = re.compile(
    r"""
    (?:port(?:en|ar|arna|nummer|nr|s)?|tcp|udp)
    [ \u00a0]*(?:nr\.?[ \u00a0]*)?[:=]?[ \u00a0]*
    (?P<number>\d{2,5})(?:/(?:tcp|udp))?
    (?:[ \u00a0]*(?:,|och|and|&)[ \u00a0]*\d{2,5}(?:/(?:tcp|udp))?)*
    (?!\w|[.,]\d)
    """,
    re.VERBOSE,
)
PORT_PROTOCOL = re.compile(r"\d(?<!\w\d)\d{0,4}/(?:tcp|udp)(?!\w)")
_DIGITS = re.compile(r"\d+")


def judge_port(match: re.Match[str], text: str) -> Verdict | None:
    number = _DIGITS.search(match.group())
    if number is None or not starts_word(text, match.start()):
        return None
    return (match.start(), match.end(), True) if 1 <= int(number.group()) <= 65535 else None
