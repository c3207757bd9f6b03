"""The privacy guard's number-shaped rules (breachdesk/guard/number_rules.py): personnummer and
samordningsnummer, postal addresses, bank accounts, IBANs, payment cards and vehicles.

Personnummer here are generated with serial numbers 980-999 (the range of Skatteverket's test
personnummer) or are the well-known test number 19121212-1212.
"""

from datetime import date

import pytest

from breachdesk.guard.base import FindingKind
from breachdesk.guard.scan import guard_scan
from tests.guard_helpers import (
    SAMORDNINGSNUMMER,
    TEST_NUMBERS,
    Number,
    kinds,
    luhn_digit,
    make_number,
    only,
)

# --- Personnummer and samordningsnummer ---------------------------------------------------------


def test_luhn_helper_agrees_with_the_known_test_number() -> None:
    assert luhn_digit("121212121") == "2"
    assert luhn_digit("640823323") == "4"  # Skatteverket's worked example


@pytest.mark.parametrize("number", TEST_NUMBERS, ids=lambda n: n.birth)
@pytest.mark.parametrize("form", list(TEST_NUMBERS[0].forms()))
def test_every_written_form_of_a_valid_personnummer_is_certain(number: Number, form: str) -> None:
    written = number.forms()[form]
    text = f"Mail till fel mottagare, innehållande namn och personnummer {written} i klartext."

    finding = only(guard_scan(text))

    assert finding.kind == FindingKind.PERSONNUMMER
    assert finding.text == written
    assert finding.certain


@pytest.mark.parametrize("form", list(SAMORDNINGSNUMMER.forms()))
def test_samordningsnummer_is_certain(form: str) -> None:
    written = SAMORDNINGSNUMMER.forms()[form]
    assert int(SAMORDNINGSNUMMER.birth[4:]) == 12 + 60

    finding = only(guard_scan(f"Elevens samordningsnummer {written} fanns i bilagan."))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.PERSONNUMMER,
        written,
        True,
    )


@pytest.mark.parametrize("number", [*TEST_NUMBERS, SAMORDNINGSNUMMER], ids=lambda n: n.birth)
@pytest.mark.parametrize("form", list(TEST_NUMBERS[0].forms()))
def test_wrong_check_digit_is_reported_but_uncertain(number: Number, form: str) -> None:
    written = number.with_wrong_check_digit().forms()[form]

    finding = only(guard_scan(f"Kunden angav {written} i e-tjänsteportalen."))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.PERSONNUMMER,
        written,
        False,
    )


def test_valid_check_digit_on_a_date_that_does_not_exist_is_uncertain() -> None:
    birth = "900230"  # 30 February
    written = f"{birth}-982{luhn_digit(birth + '982')}"

    finding = only(guard_scan(f"Personnummer {written} angavs i ärendet."))

    assert (finding.kind, finding.certain) == (FindingKind.PERSONNUMMER, False)


def test_a_bare_number_that_is_a_valid_personnummer_is_not_taken_for_a_phone_number() -> None:
    number = make_number(date(2007, 12, 14), "984")  # 0712149840-ish: also shaped like 07x
    written = number.forms()["YYMMDDNNNN"]

    finding = only(guard_scan(f"Elevens nummer {written} syntes i schemat."))

    assert (finding.kind, finding.certain) == (FindingKind.PERSONNUMMER, True)


def test_twelve_digits_without_a_century_are_not_a_personnummer() -> None:
    ten_digits = TEST_NUMBERS[1].forms()["YYMMDDNNNN"]

    assert guard_scan(f"Kontonummer 55{ten_digits} och 16{ten_digits} hos banken.") == []


# --- Addresses, accounts, cards and vehicles ---------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected", "certain"),
    [
        (
            "Brevet gick till Storgatan 12, 123 45 Exempelby.",
            "Storgatan 12, 123 45 Exempelby",
            True,
        ),
        ("Svar till Box 123, 411 23 Göteborg snarast.", "Box 123, 411 23 Göteborg", True),
        (
            "Adress:\nNorra Långgatan 3 B\n123 45 Exempelby",
            "Norra Långgatan 3 B\n123 45 Exempelby",
            True,
        ),
        ("Kuvertet var märkt 411 23 Göteborg.", "411 23 Göteborg", False),
    ],
)
def test_postal_addresses_are_found_from_the_postcode(
    text: str, expected: str, certain: bool
) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.ADDRESS, expected, certain)


@pytest.mark.parametrize(
    ("text", "expected", "certain"),
    [
        ("Utbetalning till kontonummer 123 456 789-0 gjordes.", ["123 456 789-0"], True),
        ("Clearingnummer 8327-9, kontonummer 123 456 789-0.", ["8327-9", "123 456 789-0"], True),
        ("Pengarna sattes in på konto 5000 12 345 67 i fel namn.", ["5000 12 345 67"], True),
        ("Betala till bankgiro 5050-1055 senast fredag.", ["5050-1055"], True),
        ("Betala till bankgiro 5050-1056 senast fredag.", ["5050-1056"], False),  # bad check
        ("Pengar fördes till kontot 5000 12 345 67.", ["5000 12 345 67"], False),  # user account?
    ],
)
def test_labelled_bank_account_numbers_are_found(
    text: str, expected: list[str], certain: bool
) -> None:
    findings = guard_scan(text)

    assert [(f.kind, f.text, f.certain) for f in findings] == [
        (FindingKind.BANK_ACCOUNT, number, certain) for number in expected
    ]


@pytest.mark.parametrize(
    "text",
    [
        "Diarienummer 5050-1055 och 1234-5678 utan etikett.",  # no label: a diary number
        "Kontot låstes 2023-06-12 efter händelsen.",  # a user account and a date
        "Kontonummer 12345678901 i kundregistret.",  # a bare run may be any account
    ],
)
def test_unlabelled_or_dated_numbers_are_not_bank_accounts(text: str) -> None:
    assert guard_scan(text) == []


@pytest.mark.parametrize(
    "written",
    ["SE45 5000 0000 0583 9825 7466", "SE4550000000058398257466", "DE89 3704 0044 0532 0130 00"],
)
def test_valid_ibans_are_found_with_or_without_spaces(written: str) -> None:
    finding = only(guard_scan(f"Återbetalning till {written} BANK enligt blanketten."))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.IBAN, written, True)


def test_a_mistyped_iban_is_still_an_iban_and_a_wrong_shape_is_nothing() -> None:
    finding = only(guard_scan("Kontot SE46 5000 0000 0583 9825 7466 angavs."))
    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.IBAN,
        "SE46 5000 0000 0583 9825 7466",
        True,
    )
    assert FindingKind.IBAN not in kinds(guard_scan("Koden AB12 3456 7890 1234 5678 angavs."))


@pytest.mark.parametrize(
    ("written", "certain"),
    [
        ("4111 1111 1111 1111", True),
        ("5555-5555-5555-4444", True),
        ("3782 822463 10005", True),
        ("4111111111111111", False),  # a bare run may be an OCR or reference number
    ],
)
def test_luhn_valid_card_numbers_are_found(written: str, certain: bool) -> None:
    finding = only(guard_scan(f"Kortnumret {written} syntes i kvittot."))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.CARD, written, certain)


@pytest.mark.parametrize(
    "text",
    [
        "Kortnumret 4111 1111 1111 1112 är felskrivet.",  # Luhn fails
        "Betala med OCR 4111111111111111 före förfallodagen.",  # an OCR number
        "Organisationsnummer 556677-8899 och 5566778899, personnummer 19121212-1212.",
    ],
)
def test_look_alikes_are_not_card_numbers(text: str) -> None:
    assert FindingKind.CARD not in kinds(guard_scan(text))


@pytest.mark.parametrize(
    ("text", "plate", "certain"),
    [
        ("Tjänstebilen ABC 123 stod olåst.", "ABC 123", True),
        ("Fordonet med regnr ABC12D fotograferades.", "ABC12D", True),
        ("Skylten XYZ 987 syntes på bilden.", "XYZ 987", False),
    ],
)
def test_vehicle_registration_numbers_are_found(text: str, plate: str, certain: bool) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.VEHICLE, plate, certain)


@pytest.mark.parametrize(
    "text",
    [
        "Ärendet 22AFN70 och BUN 123/2022 avser samma händelse.",
        "Enligt SFS 123 och beslut i KSN 456 gäller detta, se SKR 123.",
        "Skickat via SMS 123 gånger, IMY 123 och ABCD 123.",
    ],
)
def test_diary_numbers_and_abbreviations_are_not_registration_numbers(text: str) -> None:
    assert FindingKind.VEHICLE not in kinds(guard_scan(text))
