"""The risk assessment as a coordinator fills it in: scenarios, their scores and reasons.

Pure arithmetic, no database. Each scenario says what the coordinator answered and checks the
severity (SE = DPC × EI + CB), the band, the risk, the recommendation and the reasons given.
"""

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from breachdesk.incidents.risk import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    Reason,
    Recommendation,
    RiskInputs,
    RiskLevel,
    RiskResult,
    SeverityBand,
    TriState,
    risk_assess,
    severity_band,
)

BASE = RiskInputs(
    data_types=frozenset({"name"}),
    vulnerable_people=False,
    people_count=1,
    record_count=1,
    insight=Insight.USUAL,
    identification=Identification.MAXIMUM,
    exposure=Exposure.KNOWN,
    integrity=Integrity.NONE,
    availability=Availability.NONE,
    unavailable_hours=None,
    restored_from_backup=False,
    encryption=Encryption.NONE,
    malicious=TriState.NO,
    consequences=frozenset(),
)


def assess(**answers: Any) -> RiskResult:
    if "data_types" in answers:
        answers["data_types"] = frozenset(answers["data_types"])
    if "consequences" in answers:
        answers["consequences"] = frozenset(answers["consequences"])
    return risk_assess(replace(BASE, **answers))


def codes(result: RiskResult) -> list[str]:
    return [reason.code for reason in result.reasons]


def test_misaddressed_email_with_a_name_to_a_trusted_colleague_is_documented_only() -> None:
    result = assess(
        data_types={"name"},
        identification=Identification.LIMITED,
        exposure=Exposure.TRUSTED_DELETED,
    )
    assert (result.dpc, result.ei, result.cb, result.score) == (
        1,
        Decimal("0.5"),
        Decimal("0.25"),
        Decimal("0.75"),
    )
    assert result.band == SeverityBand.LOW
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert not result.incomplete


def test_encrypted_laptop_stolen_is_documented_only() -> None:
    result = assess(
        data_types={"name", "personnummer", "health"},
        exposure=Exposure.NO_EVIDENCE,
        malicious=TriState.YES,
        encryption=Encryption.INTACT,
        people_count=40,
    )
    assert result.score == Decimal("4.50"), "severe data: it is the encryption that saves it"
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert "encrypted" in codes(result)


def test_unencrypted_usb_stick_with_pupils_health_data_means_notify_and_inform() -> None:
    result = assess(
        data_types={"name", "health"},
        vulnerable_people=True,
        identification=Identification.MAXIMUM,
        exposure=Exposure.NO_EVIDENCE,
        people_count=30,
    )
    assert (result.dpc, result.ei, result.cb, result.score) == (
        4,
        Decimal(1),
        Decimal(0),
        Decimal("4.00"),
    )
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.HIGH
    assert result.recommendation == Recommendation.NOTIFY_AND_INFORM
    assert "dpc_vulnerable" not in codes(result), "sensitive data is already at the top"


def test_ransomware_with_good_backups_restored_in_hours_is_documented_only() -> None:
    answers: dict[str, Any] = {
        "data_types": {"name", "contact"},
        "exposure": Exposure.NONE,
        "availability": Availability.TEMPORARY,
        "restored_from_backup": True,
        "unavailable_hours": 6,
        "malicious": TriState.YES,
        "people_count": 900,
    }
    quick = assess(**answers)
    assert quick.level == RiskLevel.NONE
    assert quick.recommendation == Recommendation.DOCUMENT
    assert "restored_quickly" in codes(quick)
    slow = assess(**{**answers, "unavailable_hours": 72})
    assert slow.level == RiskLevel.RISK
    assert slow.recommendation == Recommendation.NOTIFY
    assert "restored_slowly" in codes(slow)


def test_health_related_meeting_subject_line_leaked_means_notify() -> None:
    # "Kallelse till rehabmöte" with the employee's name, to a few colleagues.
    result = assess(
        data_types={"name", "health"},
        insight=Insight.LIMITED,
        identification=Identification.MAXIMUM,
        exposure=Exposure.KNOWN,
        people_count=1,
    )
    assert (result.dpc, result.score) == (2, Decimal("2.25"))
    assert result.band == SeverityBand.MEDIUM
    assert result.level == RiskLevel.RISK
    assert result.recommendation == Recommendation.NOTIFY
    assert "dpc_insight" in codes(result)


def test_incomplete_assessment_recommends_notifying_when_in_doubt() -> None:
    result = assess(
        data_types={"name"},
        identification=Identification.LIMITED,
        exposure=Exposure.UNKNOWN,
        encryption=Encryption.UNKNOWN,
    )
    assert result.level == RiskLevel.NONE, "SE 1: low, as far as it is known"
    assert result.recommendation == Recommendation.NOTIFY
    assert set(result.unknown) == {"exposure", "encryption"}
    assert "incomplete_notify" in codes(result)
    assert "unknown" in codes(result)


def test_unknown_counts_and_hours_are_incomplete_but_record_count_is_not() -> None:
    result = assess(
        people_count=None,
        record_count=None,
        exposure=Exposure.NONE,
        availability=Availability.TEMPORARY,
        unavailable_hours=None,
    )
    assert set(result.unknown) == {"people_count", "unavailable_hours"}


def test_personnummer_makes_identification_maximal() -> None:
    result = assess(data_types={"personnummer"}, identification=Identification.NEGLIGIBLE)
    assert result.ei == Decimal("1")
    assert "ei_unique" in codes(result)


def test_protected_identity_is_high_risk_when_known_recipients_got_it() -> None:
    result = assess(
        data_types={"name", "location", "protected_identity"},
        insight=Insight.USUAL,
        identification=Identification.MAXIMUM,
        exposure=Exposure.KNOWN,
    )
    assert result.dpc == 4
    assert result.level == RiskLevel.HIGH
    assert "protected_exposed" in codes(result)


def test_children_raise_the_context_of_simple_data_by_one() -> None:
    result = assess(data_types={"name", "school"}, vulnerable_people=True)
    assert result.dpc == 2
    assert "dpc_vulnerable" in codes(result)


def test_a_possible_identity_theft_makes_a_low_severity_a_risk() -> None:
    low = assess(data_types={"name"}, identification=Identification.LIMITED)
    assert low.level == RiskLevel.NONE
    theft = assess(
        data_types={"name"},
        identification=Identification.LIMITED,
        consequences={Consequence.IDENTITY_THEFT},
    )
    assert theft.level == RiskLevel.RISK
    assert "serious_consequence" in codes(theft)


def test_many_people_make_a_low_severity_a_risk() -> None:
    result = assess(data_types={"name"}, identification=Identification.LIMITED, people_count=250)
    assert result.level == RiskLevel.RISK
    assert "many_people" in codes(result)


def test_physical_harm_from_a_disclosure_is_high_risk() -> None:
    result = assess(data_types={"contact"}, consequences={Consequence.PHYSICAL_HARM})
    assert result.level == RiskLevel.HIGH


def test_trusted_recipient_lowers_a_high_risk_by_one_level() -> None:
    result = assess(data_types={"name", "health"}, exposure=Exposure.TRUSTED_DELETED)
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.RISK
    assert "trusted_recipient" in codes(result)


def test_malicious_intent_prevents_the_trusted_recipient_lowering() -> None:
    result = assess(
        data_types={"name", "health"},
        exposure=Exposure.TRUSTED_DELETED,
        malicious=TriState.YES,
    )
    assert result.level == RiskLevel.HIGH


def test_nothing_lost_may_not_be_a_breach_at_all() -> None:
    result = assess(exposure=Exposure.NONE)
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert "nothing_lost" in codes(result)


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("0", SeverityBand.LOW),
        ("1.99", SeverityBand.LOW),
        ("2", SeverityBand.MEDIUM),
        ("2.99", SeverityBand.MEDIUM),
        ("3", SeverityBand.HIGH),
        ("3.99", SeverityBand.HIGH),
        ("4", SeverityBand.VERY_HIGH),
        ("4.5", SeverityBand.VERY_HIGH),
    ],
)
def test_severity_bands_of_enisa(score: str, band: SeverityBand) -> None:
    assert severity_band(Decimal(score)) == band


SCENARIOS = [
    {"exposure": Exposure.TRUSTED_DELETED, "identification": Identification.LIMITED},
    {"data_types": {"health"}, "encryption": Encryption.INTACT, "malicious": TriState.YES},
    {"data_types": {"health"}, "vulnerable_people": True, "exposure": Exposure.NO_EVIDENCE},
    {
        "exposure": Exposure.NONE,
        "availability": Availability.TEMPORARY,
        "restored_from_backup": True,
        "unavailable_hours": 30,
    },
    {"exposure": Exposure.UNKNOWN, "people_count": None, "data_types": set()},
    {"data_types": {"protected_identity"}, "consequences": {Consequence.PHYSICAL_HARM}},
    {"integrity": Integrity.IRRECOVERABLE, "exposure": Exposure.NONE, "people_count": 500},
]


@pytest.mark.parametrize("answers", SCENARIOS)
@pytest.mark.parametrize("language", ["sv", "en"])
def test_every_reason_renders_in_both_languages_and_survives_storage(
    answers: dict[str, Any], language: str
) -> None:
    result = assess(**answers)
    with translation.override(language):
        for reason in result.reasons:
            text = reason.text()
            assert text and text != reason.code, reason.code
            assert "%(" not in text, text
            assert Reason.from_json(reason.to_json()).text() == text


def test_reasons_are_swedish_under_swedish() -> None:
    result = assess(data_types={"name", "health"}, vulnerable_people=True)
    with translation.override("sv"):
        texts = [reason.text() for reason in result.reasons]
    assert "Allvarlighet SE = 4 × 1 + 0,25 = 4,25: mycket hög." in texts
    assert texts[-1] == "Rekommendation: anmäl till IMY och informera de berörda."
