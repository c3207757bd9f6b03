"""The privacy guard's rules for personal data written as text
(breachdesk/guard/personal_rules.py): e-mail addresses, phone numbers, names, IP addresses and
sensitive words. Names are invented.
"""

import pytest

from breachdesk.guard.base import FindingKind, SensitiveCategory
from breachdesk.guard.scan import guard_scan
from tests.guard_helpers import (
    kinds,
    only,
    without_sensitive,
)

# --- E-mail and phone ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        (
            "Kallelse till rehabmöte skickades till anna.testberg@exempelkommun.se av misstag.",
            "anna.testberg@exempelkommun.se",
        ),
        ("The e-mail was forwarded to j.doe+hr@example.org.", "j.doe+hr@example.org"),
        ("Svar skickades till elev (at) skola.exempel.se i går.", "elev (at) skola.exempel.se"),
    ],
)
def test_email_addresses_are_found(text: str, address: str) -> None:
    finding = only(without_sensitive(guard_scan(text)))  # "rehabmöte" is one

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.EMAIL, address, True)


@pytest.mark.parametrize(
    "number",
    [
        "070-123 45 67",
        "073-1234567",
        "0701234567",
        "070 123 45 67",
        "+46 70 123 45 67",
        "+46701234567",
        "+46 (0)70-123 45 67",
        "0046 8 123 456 78",
        "08-123 456 78",
        "08-12 34 56",
        "031-12 34 56",
        "0771-12 34 56",
        "0480-123 45",
    ],
)
def test_swedish_phone_numbers_are_found(number: str) -> None:
    text = f"Medarbetaren ringde vårdnadshavaren på {number} efter händelsen."

    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.PHONE, number, True)


def test_a_following_count_is_not_part_of_the_phone_number() -> None:
    finding = only(guard_scan("Hon ringde 070-123 45 67 12 gånger."))

    assert finding.text == "070-123 45 67"


def test_a_foreign_number_is_reported_as_uncertain() -> None:
    finding = only(guard_scan("Please call +358 40 123 4567 about the letter."))

    assert (finding.kind, finding.certain) == (FindingKind.PHONE, False)


# --- Names --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Kallelse till rehabmöte skickades till Karin Påhittadsson på HR.", "Karin Påhittadsson"),
        ("Ansvarig chef Erik Exempelsson-Lind informerade enheten.", "Erik Exempelsson-Lind"),
        ("Samråd med Ola A och dataskyddsombudet.", "Ola A"),
        ("Kallelse Anna-Karin Testberg till mötet.", "Anna-Karin Testberg"),
        ("The letter was sent to Maria von Exempel by mistake.", "Maria von Exempel"),
    ],
)
def test_a_common_first_name_followed_by_a_capitalised_word_is_an_uncertain_name(
    text: str, name: str
) -> None:
    finding = only(without_sensitive(guard_scan(text)))  # "rehabmöte" is one

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.NAME, name, False)


@pytest.mark.parametrize(
    "text",
    [
        "Rut har själv skickat sina uppgifter.",  # a first name alone
        "Uppgifterna skickades per e-post till Vuxenutbildningen Skola.",  # no first name
        "Mia\tEnheten för vägledning",  # a table column, not a surname
    ],
)
def test_text_without_a_name_shape_gives_no_name(text: str) -> None:
    assert FindingKind.NAME not in kinds(guard_scan(text))


@pytest.mark.parametrize(
    "text",
    [
        "Brevet till Rut Anmälarsson skickades fel.",
        "Brevet till RUT ANMÄLARSSON skickades fel.",
        "Brevet till rut\nanmälarsson skickades fel.",
        "Brevet till Anmälarsson, Rut skickades fel.",
    ],
)
def test_a_name_known_to_the_case_is_certain_in_any_case(text: str) -> None:
    finding = only(guard_scan(text, names=["Rut Anmälarsson"]))

    assert (finding.kind, finding.certain) == (FindingKind.NAME, True)
    assert finding.text.casefold().replace("\n", " ") in {"rut anmälarsson", "anmälarsson, rut"}


def test_a_known_name_and_a_longer_name_shape_over_it_become_one_certain_finding() -> None:
    text = "Brevet till Rut Anmälarsson Berg kom fel."

    finding = only(guard_scan(text, names=["Rut Anmälarsson"]))

    assert (finding.kind, finding.text, finding.certain) == (
        FindingKind.NAME,
        "Rut Anmälarsson Berg",
        True,
    )


def test_the_surname_of_a_known_name_alone_is_uncertain() -> None:
    text = "Anmälarsson kontaktades per telefon."

    finding = only(guard_scan(text, names=("Rut Anmälarsson",)))
    assert guard_scan(text) == []

    assert (finding.kind, finding.text, finding.certain) == (FindingKind.NAME, "Anmälarsson", False)


def test_a_single_name_passed_as_a_string_is_one_name() -> None:
    finding = only(guard_scan("Ärendet gäller Zelda Påhittad.", names="Zelda Påhittad"))

    assert (finding.text, finding.certain) == ("Zelda Påhittad", True)


# --- IP addresses -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("Inloggningen kom från 192.168.10.25 enligt loggen.", "192.168.10.25"),
        ("Login attempts came from 10.0.0.5:3389.", "10.0.0.5:3389"),
        ("Adressen 2001:db8:85a3::8a2e:370:7334 syns i loggen.", "2001:db8:85a3::8a2e:370:7334"),
        ("Gränssnittet fe80::1 svarade.", "fe80::1"),
    ],
)
def test_ip_addresses_are_always_reported(text: str, address: str) -> None:
    for security in (False, True):
        finding = only(guard_scan(text, security=security))
        assert (finding.kind, finding.text, finding.certain) == (FindingKind.IP, address, True)


def test_numbers_beyond_255_are_not_ip_addresses() -> None:
    assert guard_scan("Tabellen 300.12.45.7 och 10.0.0.256 i bilagan.") == []


def test_a_dotted_section_number_is_at_most_an_uncertain_ip_address() -> None:
    finding = only(guard_scan("Se avsnitt 1.1.2.3 i rutinen."))

    assert (finding.kind, finding.certain) == (FindingKind.IP, False)


# --- Sensitive words ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "word", "category"),
    [
        ("Kallelse till Rehabmöte skickades fel.", "Rehabmöte", SensitiveCategory.HEALTH),
        ("Medarbetaren är sjukskriven sedan mars.", "sjukskriven", SensitiveCategory.HEALTH),
        ("Eleven fick diagnosen i våras.", "diagnosen", SensitiveCategory.HEALTH),
        (
            "Listan visade vilka som är fackmedlemmar.",
            "fackmedlemmar",
            SensitiveCategory.TRADE_UNION,
        ),
        (
            "Beslut om försörjningsstöd skickades fel.",
            "försörjningsstöd",
            SensitiveCategory.SOCIAL_WELFARE,
        ),
        ("En orosanmälan vidarebefordrades.", "orosanmälan", SensitiveCategory.SOCIAL_WELFARE),
        (
            "Personen har skyddad identitet.",
            "skyddad identitet",
            SensitiveCategory.PROTECTED_IDENTITY,
        ),
        (
            "Barn och personer med skyddade personuppgifter berörs.",
            "skyddade personuppgifter",
            SensitiveCategory.PROTECTED_IDENTITY,
        ),
        ("He was suspected of fraud.", "suspected of", SensitiveCategory.CRIMINAL),
        (
            "Uppgift om sexuell läggning fanns i bilagan.",
            "sexuell läggning",
            SensitiveCategory.SEX_LIFE,
        ),
    ],
)
def test_sensitive_words_are_uncertain_with_their_category_without_the_security_scan(
    text: str, word: str, category: SensitiveCategory
) -> None:
    finding = only(guard_scan(text))

    assert (finding.kind, finding.text, finding.certain, finding.category) == (
        FindingKind.SENSITIVE,
        word,
        False,
        category,
    )


@pytest.mark.parametrize(
    "text",
    [
        "Avbrottet i tjänsten varade i två timmar.",  # avbrott is no brott
        "Domänen kommun.se pekade fel; placering av skrivaren ändrades.",
        "Socialtjänsten informerade de fackliga företrädarna om händelsen.",
        "A race condition in the login form was fixed.",
    ],
)
def test_everyday_words_near_sensitive_ones_give_no_finding(text: str) -> None:
    assert guard_scan(text) == []


def test_every_sensitive_word_entry_has_a_known_category_and_is_recognised() -> None:
    from importlib import resources

    content = resources.files("breachdesk.guard").joinpath("data", "sensitive_words.txt")
    entries = [
        line.split("#")[0].strip()
        for line in content.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]
    assert len(entries) >= 100
    for entry in entries:
        category, _colon, word = entry.partition(":")
        written = word.strip().strip("*")
        finding = only(guard_scan(f"Det gällde {written} i ärendet."))
        assert (finding.kind, finding.category) == (FindingKind.SENSITIVE, category), entry
