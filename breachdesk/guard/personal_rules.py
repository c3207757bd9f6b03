"""The privacy guard's rules for personal data written as text: e-mail addresses, phone numbers,
IP addresses, names of persons, and words revealing sensitive facts about a person.

Each rule is a precompiled pattern and a judge (see ``base``); ``scan`` puts them in its rule
table. Decisions the rules encode:

- IP addresses are a kind of their own and are always looked for: an IP address can identify a
  person (a resident's address in a log) as well as reveal a server.
- A name is a common given name (data/first_names.txt) followed by one or two capitalised words
  or an initial (uncertain), or a name known to the case (certain when written in full).
- SENSITIVE words (data/sensitive_words.txt, "category: word" a line) are always looked for and
  are uncertain, with the category (health, criminal offences, social welfare, protected
  identity, ...) on the finding: "Kallelse till rehabmöte" next to a name reveals sick leave, but
  the word alone reveals nothing. They use the same matcher as the security words.
"""

import ipaddress
import re
from collections.abc import Iterable
from functools import cache, lru_cache

from breachdesk.guard.base import (
    LOWER,
    NON_DIGITS,
    UPPER,
    FindingKind,
    Rule,
    SensitiveCategory,
    Verdict,
    certain_word,
    is_word_char,
    uncertain_word,
)
from breachdesk.guard.words import data_lines, word_rules

__all__ = [
    "EMAIL_AT",
    "FIRST_NAME_PAIR",
    "FOREIGN_PHONE",
    "IPV4",
    "IPV6_COLON",
    "PHONE",
    "judge_email",
    "judge_first_name_pair",
    "judge_foreign_phone",
    "judge_ipv4",
    "judge_ipv6",
    "judge_phone",
    "known_name_rules",
    "normalise_names",
    "sensitive_word_rules",
]


@cache
def _first_names() -> frozenset[str]:
    return frozenset(name.casefold() for name in data_lines("first_names.txt"))


# --- E-mail addresses ---------------------------------------------------------------------------

# Found from the "@" (or "(at)", "[at]" spelled out), which is rare, outwards: the judge takes
# the local part before it and matches the domain after it.
EMAIL_AT = re.compile(r"@|\((?:at|AT|snabel-a)\)|\[(?:at|AT|snabel-a)\]")
_EMAIL_DOMAIN = re.compile(r"(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}(?![\w-])")
_EMAIL_LOCAL_SYMBOLS = frozenset("._%+-")
_SPACES = frozenset(" \u00a0")


def judge_email(match: re.Match[str], text: str) -> Verdict | None:
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
PHONE = re.compile(
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


def judge_phone(match: re.Match[str], text: str) -> Verdict | None:
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
FOREIGN_PHONE = re.compile(
    r"\+(?<![\w+]\+)(?!46)[1-9]\d{0,2}(?:[ \u00a0-]?\(?\d{1,4}\)?){2,6}(?!\d|[.,]\d)"
)


def judge_foreign_phone(match: re.Match[str], text: str) -> Verdict | None:
    digits = sum(char.isdigit() for char in match.group())
    return (match.start(), match.end(), False) if 9 <= digits <= 15 else None


# --- IP addresses -------------------------------------------------------------------------------

IPV4 = re.compile(
    r"\d(?<![\w.]\d)\d{0,2}(?:\.\d{1,3}){3}(?:/\d{1,2}(?!\d)|:\d{1,5}(?!\d))?(?!\w|\.\d)"
)
# Found from a colon followed by another within a group (colons are rare in prose); the judge
# takes the hex digits before it and lets the standard library decide.
IPV6_COLON = re.compile(r":[0-9a-fA-F]{0,4}:[0-9a-fA-F:]*")
_IPV6_SHAPE = re.compile(r"[0-9a-fA-F:]+(?![\w:])")
_HEX_DIGITS = frozenset("0123456789abcdefABCDEF")


def judge_ipv4(match: re.Match[str], text: str) -> Verdict | None:
    address = re.split(r"[/:]", match.group(), maxsplit=1)[0]
    octets = address.split(".")
    if any(int(octet) > 255 for octet in octets):
        return None
    # "1.2.3.4" could as well be a section number in a document.
    certain = any(len(octet) > 1 for octet in octets)
    return match.start(), match.end(), certain


def judge_ipv6(match: re.Match[str], text: str) -> Verdict | None:
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
FIRST_NAME_PAIR = re.compile(
    rf"[{UPPER}](?<![\w-][{UPPER}])[{LOWER}]+(?:-[{UPPER}][{LOWER}]+)?"
    rf"(?=(?P<rest>(?:{_NAME_SPACE}(?:{_PARTICLE}{_NAME_SPACE})?{_CAPITALISED}(?![\w-])){{1,2}}"
    rf"|{_NAME_SPACE}[{UPPER}]\.?(?![\w-])))"
)


def judge_first_name_pair(match: re.Match[str], text: str) -> Verdict | None:
    first_names = _first_names()
    first = match.group().casefold()
    if first not in first_names and not any(part in first_names for part in first.split("-")):
        return None
    return match.start(), match.end("rest"), False


def normalise_names(names: Iterable[str]) -> tuple[str, ...]:
    if isinstance(names, str):  # one name passed on its own, not a collection of characters
        names = (names,)
    return tuple(sorted({" ".join(name.split()) for name in names if name and name.strip()}))


@lru_cache(maxsize=64)
def known_name_rules(names: tuple[str, ...]) -> tuple[Rule, ...]:
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


# --- Sensitive facts (always) -------------------------------------------------------------------


@cache
def sensitive_word_rules() -> tuple[Rule, ...]:
    """The rules of sensitive_words.txt, "category: word or phrase" a line; matched like the
    security words."""
    entries = []
    for line in data_lines("sensitive_words.txt"):
        category, _colon, entry = line.partition(":")
        if category.strip() not in SensitiveCategory.values or not entry.strip():
            raise ValueError(f"sensitive_words.txt: {line!r} is not 'category: word'")
        entries.append((entry.strip().lower(), SensitiveCategory(category.strip())))
    return word_rules(entries, FindingKind.SENSITIVE)
