"""The privacy guard's scan: what it leaves alone, how overlapping findings are resolved, and its
kinds and categories.

Personnummer here are generated with serial numbers 980-999 (the range of Skatteverket's test
personnummer) or are the well-known test number 19121212-1212; names are invented.
"""

from itertools import pairwise

import pytest
from django.utils import translation

from breachdesk.guard.base import Finding, FindingKind, SensitiveCategory
from breachdesk.guard.scan import guard_scan
from tests.guard_helpers import (
    TEST_NUMBERS,
    kinds,
    only,
)

# --- Look-alikes --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ärendet 22AFN70 gäller e-post utan meddelandesäkerhet.",
        "Anmälan 230620-PERSINC-FI02 avser ett e-postmeddelande till annan förvaltning.",
        "Diarienummer 2143-1.1.2-2023 i kommunstyrelsens serie.",
        "Händelsen inträffade 2022-06-01 och upptäcktes 22-08-30.",
        "2023-06-12 ca kl: 21:30 upptäcks att en obehörig loggat in som eleven.",
        "Kommunens organisationsnummer är 212000-0142.",
        "Leverantören har organisationsnummer 556677-8899 och 5566778899.",
        "Skadeståndet uppgick till 12 500 kr, totalt 1 234 567 kronor.",
        "IMY:s beslut IMY-2026-1234 och tidigare DI-2022-1234.",
        "Enligt offentlighets- och sekretesslagen (2009:400) gäller sekretess.",
    ],
)
def test_look_alikes_give_no_finding(text: str) -> None:
    assert guard_scan(text, security=True) == []


def test_times_next_to_a_sensitive_word_give_only_the_word() -> None:
    text = "Kl. 15:40 skickades en inbjudan till rehabiliteringsmöte, kl. 13:23 kontaktades HR."

    finding = only(guard_scan(text, security=True))

    assert (finding.kind, finding.text) == (FindingKind.SENSITIVE, "rehabiliteringsmöte")


# --- Overlaps, offsets and order ----------------------------------------------------------------


def test_overlapping_findings_become_one() -> None:
    text = "Mejlet till admin@server01.kommun.se och länken http://10.0.0.5/login."

    findings = guard_scan(text, security=True)

    assert [(f.kind, f.text) for f in findings] == [
        (FindingKind.EMAIL, "admin@server01.kommun.se"),
        (FindingKind.SECURITY, "http://10.0.0.5/login"),
    ]


def test_offsets_point_at_the_text_and_findings_are_in_order_without_overlap() -> None:
    pnr = TEST_NUMBERS[1].forms()["YYYYMMDD-NNNN"]
    text = (
        "Kallelse till rehabmöte skickades till fel mottagare.\n"
        f"Karin Påhittadsson ({pnr}) nås på 070-123 45 67 eller karin@exempel.se.\n"
        "Servern srv02.exempel.local (10.20.30.40) kör Windows 10; lösenord: Vinter#2024.\n"
        "Brevet till Rut Anmälarsson gällde ärende 22AFN70 från 2022-06-01."
    )

    findings = guard_scan(text, security=True, names=["Rut Anmälarsson"])

    assert [f.kind for f in findings] == [
        FindingKind.SENSITIVE,
        FindingKind.NAME,
        FindingKind.PERSONNUMMER,
        FindingKind.PHONE,
        FindingKind.EMAIL,
        FindingKind.SECURITY,
        FindingKind.IP,
        FindingKind.SECURITY,
        FindingKind.SECURITY,
        FindingKind.NAME,
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text
    for before, after in pairwise(findings):
        assert before.end <= after.start


def test_offsets_hold_when_lower_casing_changes_the_length() -> None:
    # "İ".lower() is two characters; the case-insensitive rules must still point right.
    text = "İİİ Lösenordet är Sommar2023 enligt İT, se CVE-2021-44228 och elev@exempel.se."

    findings = guard_scan(text, security=True)

    assert [f.text for f in findings] == [
        "Lösenordet är Sommar2023",
        "CVE-2021-44228",
        "elev@exempel.se",
    ]
    for finding in findings:
        assert text[finding.start : finding.end] == finding.text


def test_a_long_text_gives_exactly_the_planted_findings() -> None:
    filler = "Incidenten bedömdes av enheten och rutinen ses över under hösten 2023. " * 5
    planted = [TEST_NUMBERS[1].forms()["YYMMDD-NNNN"], "070-123 45 67", "elev@exempel.se"]
    text = "".join(f"{filler}{item} " for item in planted) * 60

    findings = guard_scan(text, security=True)

    assert len(text.split()) > 10_000
    assert [f.text for f in findings] == planted * 60


# --- Kinds and data files -----------------------------------------------------------------------


def test_kinds_have_stable_values_and_english_labels() -> None:
    with translation.override("en"):
        labels = {kind.value: str(kind.label) for kind in FindingKind}

    assert labels == {
        "personnummer": "personnummer or samordningsnummer",
        "email": "e-mail address",
        "phone": "phone number",
        "name": "name of a person",
        "security": "detail of a security weakness",
        "ip": "IP address",
        "address": "postal address",
        "bank_account": "bank account number",
        "iban": "IBAN",
        "card": "payment card number",
        "vehicle": "vehicle registration number",
        "sensitive": "word revealing sensitive data",
    }


def test_every_first_name_in_the_data_file_is_recognised() -> None:
    from importlib import resources

    content = resources.files("breachdesk.guard").joinpath("data", "first_names.txt")
    names = [
        line.split("#")[0].strip()
        for line in content.read_text(encoding="utf-8").splitlines()
        if line.split("#")[0].strip()
    ]

    assert len(names) >= 300
    unrecognised = [
        name
        for name in names
        if kinds(guard_scan(f"Mötet med {name} Testberg.")) != [FindingKind.NAME]
    ]
    assert unrecognised == []


def test_sensitive_categories_have_stable_values_and_english_labels() -> None:
    with translation.override("en"):
        labels = {category.value: str(category.label) for category in SensitiveCategory}

    assert labels == {
        "health": "health",
        "ethnicity": "ethnic origin",
        "religion": "religion or belief",
        "politics": "political opinions",
        "trade_union": "trade union membership",
        "sex_life": "sex life or sexual orientation",
        "criminal": "criminal offences",
        "social_welfare": "social welfare",
        "protected_identity": "protected identity",
    }


def test_a_finding_of_another_kind_has_no_category_and_old_callers_still_build_findings() -> None:
    finding = only(guard_scan("Ring 070-123 45 67."))

    assert finding.category is None
    assert Finding(FindingKind.PHONE, "x", 0, 1, True).category is None


def test_an_unknown_category_in_the_sensitive_word_list_is_an_error(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from breachdesk.guard import personal_rules

    monkeypatch.setattr(personal_rules, "data_lines", lambda filename: ("helth: diabetes",))

    with pytest.raises(ValueError, match="helth: diabetes"):
        personal_rules.sensitive_word_rules.__wrapped__()
