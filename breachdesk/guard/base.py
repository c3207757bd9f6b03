"""The types the privacy guard's modules share, and the text helpers every judge uses.

The lowest of the guard's modules (``scan`` holds the rule table and the scan, the ``*_rules``
modules the rules, ``words`` the word-list machinery); it imports none of them.

A rule pairs a precompiled pattern that finds candidates in one pass over the text with a judge
that accepts, rejects or widens each one and says how sure it is. Case-insensitive rules run on a
lower-cased copy of the text with the same offsets (``lower_text``), so a judge's offsets are
offsets into the original text.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _

__all__ = [
    "LOWER",
    "NON_DIGITS",
    "UPPER",
    "Finding",
    "FindingKind",
    "Judge",
    "Rule",
    "SensitiveCategory",
    "Verdict",
    "certain_word",
    "ends_word",
    "is_word_char",
    "lower_text",
    "security_rule",
    "starts_word",
    "uncertain_word",
]


class FindingKind(models.TextChoices):
    PERSONNUMMER = "personnummer", _("personnummer or samordningsnummer")
    EMAIL = "email", _("e-mail address")
    PHONE = "phone", _("phone number")
    NAME = "name", _("name of a person")
    SECURITY = "security", _("detail of a security weakness")
    IP = "ip", _("IP address")
    ADDRESS = "address", _("postal address")
    BANK_ACCOUNT = "bank_account", _("bank account number")
    IBAN = "iban", _("IBAN")
    CARD = "card", _("payment card number")
    VEHICLE = "vehicle", _("vehicle registration number")
    SENSITIVE = "sensitive", _("word revealing sensitive data")


class SensitiveCategory(models.TextChoices):
    """What a SENSITIVE finding reveals: the categories of GDPR art. 9 and 10 and the facts
    Swedish public bodies also keep secret. The values are the categories of sensitive_words.txt."""

    HEALTH = "health", _("health")
    ETHNICITY = "ethnicity", _("ethnic origin")
    RELIGION = "religion", _("religion or belief")
    POLITICS = "politics", _("political opinions")
    TRADE_UNION = "trade_union", _("trade union membership")
    SEX_LIFE = "sex_life", _("sex life or sexual orientation")
    CRIMINAL = "criminal", _("criminal offences")
    SOCIAL_WELFARE = "social_welfare", _("social welfare")
    PROTECTED_IDENTITY = "protected_identity", _("protected identity")


@dataclass(frozen=True)
class Finding:
    kind: FindingKind
    text: str  # the matched text, exactly as in the input
    start: int  # offsets into the scanned text: text[start:end] == self.text
    end: int
    certain: bool  # False for lower-confidence matches
    category: SensitiveCategory | None = None  # what a SENSITIVE finding reveals


# --- Rules --------------------------------------------------------------------------------------


# (start, end, certain) of an accepted candidate.
Verdict = tuple[int, int, bool]
# Called with the match and the original text (the match may be on the lower-cased copy).
Judge = Callable[[re.Match[str], str], Verdict | None]


@dataclass(frozen=True)
class Rule:
    kind: FindingKind
    pattern: re.Pattern[str]
    judge: Judge
    security_only: bool = False
    lowered: bool = False  # the pattern is lower case and runs on the lower-cased text
    needles: tuple[str, ...] = ()  # skip the rule unless one occurs in the lower-cased text
    indexed: bool = False  # a data-file rule: needles looked up in the per-scan index of its kind
    category: SensitiveCategory | None = None


def security_rule(
    pattern: re.Pattern[str],
    judge: Judge,
    *,
    lowered: bool = True,
    needles: tuple[str, ...] = (),
    indexed: bool = False,
) -> Rule:
    """A rule looked for only with security=True."""
    return Rule(FindingKind.SECURITY, pattern, judge, True, lowered, needles, indexed)


# --- Text helpers -------------------------------------------------------------------------------

# Upper- and lower-case letters of Swedish and other Latin-script names, for character classes.
UPPER = "A-ZÀ-ÖØ-Þ"
LOWER = "a-zß-öø-ÿ"
NON_DIGITS = re.compile(r"\D+")


def lower_text(text: str) -> str:
    """The text in lower case with the same offsets ("İ".lower() is two characters)."""
    lowered = text.lower()
    if len(lowered) != len(text):
        lowered = "".join(char.lower() if len(char.lower()) == 1 else char for char in text)
    return lowered


def is_word_char(char: str) -> bool:
    return char.isalnum() or char == "_"


def starts_word(text: str, index: int) -> bool:
    return index == 0 or not is_word_char(text[index - 1])


def ends_word(text: str, index: int) -> bool:
    return index >= len(text) or not is_word_char(text[index])


def certain_word(match: re.Match[str], text: str) -> Verdict | None:
    start, end = match.span()
    return (start, end, True) if starts_word(text, start) and ends_word(text, end) else None


def uncertain_word(match: re.Match[str], text: str) -> Verdict | None:
    start, end = match.span()
    return (start, end, False) if starts_word(text, start) and ends_word(text, end) else None
