"""The privacy guard's rules for number-shaped personal data: personnummer and
samordningsnummer, postal addresses, bank accounts, IBANs, payment cards and vehicle
registration numbers.

Each rule is a precompiled pattern and a judge (see ``base``); ``scan`` puts them in its rule
table. Decisions the rules encode:

- A personnummer or samordningsnummer has 10 or 12 digits and a plausible date; with a valid
  Luhn digit and an existing date (the personnummer package) it is certain.
- A postal address is found from a valid postcode (stdnum) and a capitalised place after it; with
  a street or box and number before it (after a comma or on the line above) it is certain, the
  postcode and place alone are uncertain (they may be an organisation's).
- A bank account, bankgiro or plusgiro number is taken only right after a label (konto,
  kontonummer, clearing, bankgiro, plusgiro, bg, pg, account): unlabelled, "1234-5678" is as
  likely a diary number, and a bare run of digits after "kontonummer" may be any account.
  Bankgiro and plusgiro numbers with a wrong Luhn digit, and numbers after "kontot" (as often
  a user account), are uncertain.
- An IBAN's country, length and format are checked against stdnum's registry; wrong check digits
  alone (a typo) still make a certain IBAN.
- A payment card number has 13-19 digits and a valid Luhn digit, so personnummer (10 or 12
  digits) and organisation numbers (10) are never cards; an OCR or reference number right after
  its label is not one; a bare run of digits, or one not starting 2-6, is uncertain.
- A vehicle registration number is exactly "ABC 123" or "ABC 12D" as a whole token, with only the
  letters plates use; abbreviations of that shape (data/not_registration_letters.txt) and
  diary-number shapes ("22AFN70", "BUN 123/2022") are not plates. It is certain after a label
  (bil, fordon, regnr), uncertain without one; lower-case "abc 123" is not looked for.

Speed: every pattern starts with a digit, a letter class or a label literal (word boundaries are
checked after the first character or by the judge); the bank and IBAN patterns run on the
lower-cased text, one bank rule per label so each starts with a literal.
"""

import re
from functools import cache

from personnummer import personnummer
from stdnum import iban, luhn
from stdnum.se import postnummer

from breachdesk.guard.base import (
    LOWER,
    NON_DIGITS,
    UPPER,
    Verdict,
    lower_text,
    starts_word,
)
from breachdesk.guard.words import data_lines

__all__ = [
    "BANK_LABELS",
    "BANK_NUMBER",
    "CARD",
    "IBAN",
    "PERSONNUMMER",
    "POSTCODE_PLACE",
    "REGISTRATION",
    "judge_bank",
    "judge_card",
    "judge_iban",
    "judge_personnummer",
    "judge_postcode_place",
    "judge_registration",
]


# --- Personnummer and samordningsnummer ---------------------------------------------------------

# 10 or 12 digits, optionally with "-", "+" (over 100 years), a dash from a word processor or a
# space before the last four. Not part of a longer run of digits or of a dotted/dashed number
# ("2143-1.1.2-2023"); dates ("2022-06-01") have too few digits to match.
PERSONNUMMER = re.compile(
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


def judge_personnummer(match: re.Match[str], text: str) -> Verdict | None:
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


# --- Postal addresses ---------------------------------------------------------------------------

# Found from the postcode ("411 23", "41123") and the place after it; the judge takes the street
# or box and number before it, on the same line after a comma or on the line above. Not a group
# of a longer grouped number ("1 234 56"), not after a word or dash other than "SE-".
POSTCODE_PLACE = re.compile(
    rf"[1-9](?:(?<=SE-[1-9])|(?<![\w-][1-9])(?<!\d[ \u00a0][1-9]))\d\d[ \u00a0]?\d\d(?!\d)"
    rf"[ \u00a0]+[{UPPER}](?:[{LOWER}]+|[{UPPER}]+)(?:[ -][{UPPER}][{LOWER}]+)?(?![\w-])"
)
_STREET_WORD = r"(?:väg|vägen|gata|gatan|gränd|allé|backe|torg|plan|stig|led|park)"
_STREET_BEFORE = re.compile(
    rf"""
    (?<![\w-])(?:(?:Norra|Södra|Östra|Västra|Gamla|Nya|Lilla|Stora|Sankt|S:t)[ \u00a0])?
    [{UPPER}][{LOWER}]+(?:[ \u00a0][{UPPER}][{LOWER}]+[ \u00a0]{_STREET_WORD}
      |[ \u00a0]{_STREET_WORD})?
    [ \u00a0]\d{{1,4}}(?:[ \u00a0]?[A-Za-z](?!\w))?(?:,?[ \u00a0]*lgh[ \u00a0]*\d{{4}})?
    [ \u00a0]*(?:,|\r?\n)[ \u00a0]*$
    """,
    re.VERBOSE,
)


def judge_postcode_place(match: re.Match[str], text: str) -> Verdict | None:
    start = match.start()
    if not postnummer.is_valid(text[start : start + 6].strip()):
        return None
    if text.startswith("SE-", start - 3):
        start -= 3
    street = _STREET_BEFORE.search(text, max(0, start - 80), start)
    if street is None:
        return start, match.end(), False  # a postcode and place may be an organisation's
    return street.start(), match.end(), True


# --- Bank accounts, IBAN and payment cards ------------------------------------------------------

# Only a number right after a label is taken: unlabelled, "1234-5678" is as likely a diary number.
# One rule per label, each starting with a literal (one pattern of all would be tried at every
# letter): "bankkonto" is found from "konto", "bankgiro" and "plusgiro" from "giro".
BANK_LABELS = {
    "konto": r"konto(?:nummer|nr|t)?",
    "clearing": r"clearing(?:nummer|nr)?",
    "giro": r"giro(?<=bankgiro|plusgiro)(?:nummer|t)?",
    "bg": "bg",
    "pg": "pg",
    "account": r"account(?: number| no\.?)?",
}

BANK_NUMBER = r"\.?[ \u00a0]*(?:nr\.?[ \u00a0]*)?[:=]?[ \u00a0]*(?P<number>\d[\d \u00a0-]*\d)(?!\d)"
_BANKGIRO = re.compile(r"\d{3,4}-\d{4}")
_PLUSGIRO = re.compile(r"\d{1,2}(?:[ \u00a0]?\d\d){0,3}-\d")
_DATE = re.compile(r"\d{4}-\d\d-\d\d")
_CLEARING = re.compile(r"\d{4}(?:-\d)?")
_ACCOUNT_AFTER_CLEARING = re.compile(r",[ \u00a0]*\d[\d \u00a0-]*\d(?!\d)")


def judge_bank(match: re.Match[str], text: str) -> Verdict | None:
    start = match.start()
    if text[max(0, start - 4) : start].lower() in {"bank", "plus"}:
        start -= 4
    if not starts_word(text, start):
        return None
    label, number = text[start : match.start("number")].lower(), match["number"]
    digits = NON_DIGITS.sub("", number)
    certain = not label.startswith("kontot")  # "kontot" is as often a user account
    if label.startswith(("bankgiro", "bg")):
        if not _BANKGIRO.fullmatch(number):
            return None
        certain = luhn.is_valid(digits)
    elif label.startswith(("plusgiro", "pg")):
        if not _PLUSGIRO.fullmatch(number):
            return None
        certain = luhn.is_valid(digits)
    elif label.startswith("clearing"):
        if not (4 <= len(digits) <= 5 or 11 <= len(digits) <= 16):
            return None
    else:
        end = match.end("number")
        account = _ACCOUNT_AFTER_CLEARING.match(text, end)
        if _CLEARING.fullmatch(number) and account:  # "kontonummer 8105-9, 944 123 456-7"
            number, end = text[match.start("number") : account.end()], account.end()
            digits = NON_DIGITS.sub("", number)
        # A bare run of digits may be any kind of account; a bank's is written grouped.
        if number.isdigit() or _DATE.match(number) or not 7 <= len(digits) <= 16:
            return None
        return match.start("number"), end, certain
    return match.start("number"), match.end("number"), certain


# Found from the check digits after the country code (digits are rarer than letters), on the
# lower-cased text: "se45 5000 ..." is as much an IBAN as "SE45 5000 ...".
IBAN = re.compile(
    r"\d(?<=[a-z]{2}\d)(?<![\w-][a-z]{2}\d)\d(?:[ \u00a0]?[0-9a-z]{4}){2,7}"
    r"(?:[ \u00a0]?[0-9a-z]{1,3})?(?![0-9a-z])"
)


def judge_iban(match: re.Match[str], text: str) -> Verdict | None:
    """An IBAN whose country, length and format hold (stdnum checks them against the registry);
    wrong check digits are a typo in an account number that is still certain."""
    start, end = match.start() - 2, match.end()
    while end >= start + 15:
        number = iban.compact(text[start:end])
        with_check = number[:2] + iban.calc_check_digits(number) + number[4:]
        if iban.is_valid(with_check):
            return start, end, True
        end = text.rfind(" ", start, end)  # a capitalised word after it may have been taken
    return None


# 13 to 19 digits, in groups of four ("4111 1111 1111 1111") or as American Express
# ("3782 822463 10005"), or bare; the Luhn digit must hold.
CARD = re.compile(
    r"""
    [1-9](?<![\w.,-][1-9])\d{3}
    (?:(?P<sep>[ \u00a0-]?)\d{4}(?:(?P=sep)\d{4}){1,2}(?:(?P=sep)\d{1,4})?
      |[ \u00a0-]\d{6}[ \u00a0-]\d{4,5})
    (?!\w|[.,-]\d)
    """,
    re.VERBOSE,
)
_NOT_CARD_LABELS = re.compile(r"ocr|referens|reference|faktura|invoice|ärende|order")


def judge_card(match: re.Match[str], text: str) -> Verdict | None:
    written = match.group()
    digits = NON_DIGITS.sub("", written)
    if not 13 <= len(digits) <= 19 or not luhn.is_valid(digits):
        return None
    if _NOT_CARD_LABELS.search(lower_text(text[max(0, match.start() - 25) : match.start()])):
        return None  # an OCR or reference number carries a Luhn digit too
    # Card numbers begin 2-6 (Mastercard, Amex, Visa, Discover); a bare run may be any number.
    certain = digits[0] in "23456" and not written.isdigit()
    return match.start(), match.end(), certain


# --- Vehicle registration numbers ---------------------------------------------------------------

# Three letters and two digits and a digit or letter, a whole token: "ABC 123", "ABC12D". Plates
# use no I, Q, V (nor O last), so "IMY 123" is no plate; "22AFN70" is no whole token, and an
# abbreviation with a case number ("BUN 123/2022") is followed by one.
REGISTRATION = re.compile(
    r"[A-HJ-PR-UW-Z](?<![\w-][A-Z])[A-HJ-PR-UW-Z]{2}[ \u00a0]?\d\d[\dA-HJ-NPR-UW-Z]"
    r"(?!\w|[-/:.,]\d)"
)
_VEHICLE_LABELS = re.compile(
    r"(?<!\w)(?:reg(?:istrerings)?\.?[ -]?(?:nr|nummer|numret)|registreringsskylt\w*|fordon\w*"
    r"|\w*bil(?:en|ar|arna)?|vehicle|car|registration|number plate|licen[cs]e plate)(?!\w)"
)


@cache
def _not_registration_letters() -> frozenset[str]:
    return frozenset(line.upper() for line in data_lines("not_registration_letters.txt"))


def judge_registration(match: re.Match[str], text: str) -> Verdict | None:
    if match.group()[:3] in _not_registration_letters():
        return None
    before = lower_text(text[max(0, match.start() - 40) : match.start()])
    return match.start(), match.end(), _VEHICLE_LABELS.search(before) is not None
