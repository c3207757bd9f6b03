"""The risk assessment as a coordinator fills it in: scenarios, their scores and reasons.

Pure arithmetic, no database. Each scenario says what the coordinator answered and checks the
severity (SE = DPC × EI + CB), the band, the risk, the recommendation and the reasons given.
"""

import json
from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from breachdesk.incidents.risk.assess import RiskResult, risk_assess
from breachdesk.incidents.risk.enisa import severity_band
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    RiskInputs,
    TriState,
)
from breachdesk.incidents.risk.reasons import UNKNOWN_LABELS, Reason
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel, SeverityBand

# One person's name sent to known recipients, nothing else lost, no malice, not encrypted.
BASE = RiskInputs(
    data_types=frozenset({"name"}),
    vulnerable_people=TriState.NO,
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


def inputs(**answers: Any) -> RiskInputs:
    """`BASE` with the coordinator's answers; sets may be given for the two set fields."""
    for name in ("data_types", "consequences"):
        if name in answers:
            answers[name] = frozenset(answers[name])
    return replace(BASE, **answers)


def assess(**answers: Any) -> RiskResult:
    return risk_assess(inputs(**answers))


def codes(result: RiskResult) -> list[str]:
    return [reason.code for reason in result.reasons]


def reason(result: RiskResult, code: str) -> Reason:
    return next(item for item in result.reasons if item.code == code)


# The scenarios as a coordinator would fill the form -------------------------------------------

MISADDRESSED_EMAIL: dict[str, Any] = {
    "data_types": {"name"},
    "identification": Identification.LIMITED,
    "exposure": Exposure.TRUSTED_DELETED,
    "integrity": Integrity.NONE,
    "availability": Availability.NONE,
    "malicious": TriState.NO,
    "encryption": Encryption.NONE,
    "people_count": 1,
}
ENCRYPTED_LAPTOP: dict[str, Any] = {
    "data_types": {"name", "personnummer", "health"},
    "exposure": Exposure.NO_EVIDENCE,
    "malicious": TriState.YES,
    "encryption": Encryption.INTACT,
    "people_count": 40,
}
PUPILS_USB_STICK: dict[str, Any] = {
    "data_types": {"health", "name"},
    "vulnerable_people": TriState.YES,
    "identification": Identification.MAXIMUM,
    "exposure": Exposure.NO_EVIDENCE,
    "malicious": TriState.NO,
    "encryption": Encryption.NONE,
    "people_count": 30,
}
RANSOMWARE_WITH_BACKUPS: dict[str, Any] = {
    "data_types": {"name", "contact"},
    "exposure": Exposure.NONE,
    "availability": Availability.TEMPORARY,
    "restored_from_backup": True,
    "unavailable_hours": 6,
    "malicious": TriState.YES,
    "people_count": 900,
}
REHAB_MEETING_SUBJECT: dict[str, Any] = {  # "Kallelse till rehabmöte" to a few colleagues
    "data_types": {"health", "name"},
    "insight": Insight.LIMITED,
    "identification": Identification.MAXIMUM,
    "exposure": Exposure.KNOWN,
    "people_count": 1,
}
EXPOSURE_NOT_KNOWN: dict[str, Any] = {
    "data_types": {"name"},
    "identification": Identification.LIMITED,
    "exposure": Exposure.UNKNOWN,
}
PROTECTED_IDENTITY_TO_COLLEAGUES: dict[str, Any] = {
    "data_types": {"name", "protected_identity"},
    "insight": Insight.LIMITED,
    "exposure": Exposure.KNOWN,
}
NOTHING_LOST: dict[str, Any] = {"exposure": Exposure.NONE}


def test_misaddressed_email_with_a_name_to_a_trusted_colleague_is_documented_only() -> None:
    result = assess(**MISADDRESSED_EMAIL)
    assert (result.dpc, result.ei, result.cb, result.score) == (
        1,
        Decimal("0.5"),
        Decimal("0.25"),
        Decimal("0.75"),
    )
    assert result.band == SeverityBand.LOW
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert "trusted_recipient" not in codes(result), "already no risk: nothing to lower"
    assert not result.incomplete


def test_encrypted_laptop_stolen_is_documented_only() -> None:
    result = assess(**ENCRYPTED_LAPTOP)
    assert (result.dpc, result.ei, result.cb) == (4, Decimal("1"), Decimal("0.5"))
    assert result.score == Decimal("4.50"), "severe data: it is the encryption that saves it"
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert "encrypted" in codes(result)
    assert "band_level" not in codes(result), "unintelligible data is decided before the band"


def test_unencrypted_usb_stick_with_pupils_health_data_means_notify_and_inform() -> None:
    result = assess(**PUPILS_USB_STICK)
    assert (result.dpc, result.ei, result.cb, result.score) == (
        4,
        Decimal("1"),
        Decimal("0"),
        Decimal("4.00"),
    )
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.HIGH
    assert result.recommendation == Recommendation.NOTIFY_AND_INFORM
    assert reason(result, "band_level").params == {"band": "very_high", "level": "high"}
    assert "dpc_vulnerable" not in codes(result), "sensitive data is already at the top"
    assert "inform_exception" not in codes(result), "the stick was not encrypted"


def test_ransomware_with_good_backups_restored_in_hours_is_documented_only() -> None:
    result = assess(**RANSOMWARE_WITH_BACKUPS)
    assert (result.dpc, result.ei, result.cb, result.score) == (
        1,
        Decimal("1"),
        Decimal("0.75"),
        Decimal("1.75"),
    )
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert reason(result, "restored_quickly").params == {"hours": 6}
    assert "many_people" not in codes(result), "no data left the organisation"


def test_ransomware_restored_from_backups_after_three_days_means_notify() -> None:
    result = assess(**{**RANSOMWARE_WITH_BACKUPS, "unavailable_hours": 72})
    assert result.level == RiskLevel.RISK
    assert result.recommendation == Recommendation.NOTIFY
    assert reason(result, "restored_slowly").params == {"hours": 72}


@pytest.mark.parametrize(("hours", "level"), [(24, RiskLevel.NONE), (25, RiskLevel.RISK)])
def test_a_restore_within_24_hours_is_quick(hours: int, level: RiskLevel) -> None:
    assert assess(**{**RANSOMWARE_WITH_BACKUPS, "unavailable_hours": hours}).level == level


def test_ransomware_without_a_restore_from_backups_goes_by_the_band() -> None:
    result = assess(**{**RANSOMWARE_WITH_BACKUPS, "restored_from_backup": False})
    assert "restored_quickly" not in codes(result)
    assert "band_level" in codes(result)


def test_health_related_meeting_subject_line_leaked_means_notify() -> None:
    result = assess(**REHAB_MEETING_SUBJECT)
    assert (result.dpc, result.ei, result.cb, result.score) == (
        2,
        Decimal("1"),
        Decimal("0.25"),
        Decimal("2.25"),
    )
    assert result.band == SeverityBand.MEDIUM
    assert result.level == RiskLevel.RISK
    assert result.recommendation == Recommendation.NOTIFY
    assert reason(result, "dpc_insight").params == {"insight": "limited", "score": 2}


def test_incomplete_assessment_recommends_notifying_when_in_doubt() -> None:
    result = assess(**EXPOSURE_NOT_KNOWN)
    assert (result.dpc, result.ei, result.cb, result.score) == (
        1,
        Decimal("0.5"),
        Decimal("0.5"),
        Decimal("1.00"),
    )
    assert result.level == RiskLevel.NONE, "low severity, as far as it is known"
    assert result.recommendation == Recommendation.NOTIFY
    assert result.unknown == ("exposure",)
    assert result.incomplete
    assert codes(result)[-3:] == ["unknown", "incomplete_notify", "recommendation"]
    with translation.override("en"):
        assert reason(result, "unknown").text() == "Not known yet: how far the data was exposed."


def test_an_incomplete_assessment_at_risk_keeps_its_recommendation() -> None:
    result = assess(**{**REHAB_MEETING_SUBJECT, "malicious": TriState.UNKNOWN})
    assert result.unknown == ("malicious",)
    assert result.recommendation == Recommendation.NOTIFY
    assert "unknown" in codes(result)
    assert "incomplete_notify" not in codes(result)


def test_unknown_counts_and_hours_are_incomplete_but_record_count_is_not() -> None:
    result = assess(
        people_count=None,
        record_count=None,
        exposure=Exposure.NONE,
        availability=Availability.TEMPORARY,
        unavailable_hours=None,
        encryption=Encryption.UNKNOWN,
    )
    assert set(result.unknown) == {"people_count", "unavailable_hours", "encryption"}


def test_no_data_types_count_as_simple_data_and_leave_the_assessment_incomplete() -> None:
    result = assess(data_types=set())
    assert result.dpc == 1
    assert "dpc_no_types" in codes(result)
    assert "data_types" in result.unknown


@pytest.mark.parametrize(
    ("answers", "cb", "unknown"),
    [
        ({"exposure": Exposure.NO_EVIDENCE}, "0", set()),
        ({"exposure": Exposure.WIDE}, "0.5", set()),
        ({"integrity": Integrity.UNKNOWN}, "0.5", {"integrity"}),
        ({"integrity": Integrity.IRRECOVERABLE}, "0.75", set()),
        ({"availability": Availability.UNKNOWN}, "0.5", {"availability"}),
        ({"availability": Availability.PERMANENT}, "0.75", set()),
        ({"malicious": TriState.YES}, "0.75", set()),
        ({"malicious": TriState.UNKNOWN}, "0.25", {"malicious"}),
    ],
)
def test_circumstances_of_the_breach_add_up(
    answers: dict[str, Any], cb: str, unknown: set[str]
) -> None:
    result = assess(**answers)  # known recipients (+0.25) unless the answers say otherwise
    assert result.cb == Decimal(cb)
    assert set(result.unknown) == unknown


@pytest.mark.parametrize(
    ("data_types", "insight", "dpc"),
    [
        ({"name", "school"}, Insight.EXTENSIVE, 2),
        ({"location"}, Insight.USUAL, 2),
        ({"location"}, Insight.EXTENSIVE, 3),
        ({"credentials"}, Insight.LIMITED, 1),
        ({"financial"}, Insight.LIMITED, 2),
        ({"social", "name"}, Insight.USUAL, 3),
        ({"criminal"}, Insight.LIMITED, 2),
        ({"health"}, Insight.NONE, 1),
        ({"something_new"}, Insight.EXTENSIVE, 2),
    ],
)
def test_data_processing_context_by_category_and_insight(
    data_types: set[str], insight: Insight, dpc: int
) -> None:
    assert assess(data_types=data_types, insight=insight).dpc == dpc


def test_the_category_reason_names_the_types_that_set_it() -> None:
    result = assess(data_types={"name", "health", "religion"})
    assert reason(result, "dpc_category").params == {
        "types": ["health", "religion"],
        "category": 4,
        "score": 4,
    }


def test_personnummer_makes_identification_maximal() -> None:
    result = assess(data_types={"personnummer"}, identification=Identification.NEGLIGIBLE)
    assert result.ei == Decimal("1")
    assert "ei_unique" in codes(result)


def test_identification_chosen_as_maximum_needs_no_personnummer_reason() -> None:
    result = assess(data_types={"personnummer"}, identification=Identification.MAXIMUM)
    assert result.ei == Decimal("1")
    assert "ei_unique" not in codes(result)


def test_protected_identity_forces_the_highest_context_and_high_risk() -> None:
    result = assess(**PROTECTED_IDENTITY_TO_COLLEAGUES)
    assert result.dpc == 4, "limited insight alone would give 2"
    assert result.ei == Decimal("1")
    assert "dpc_protected" in codes(result)
    assert result.level == RiskLevel.HIGH
    assert result.recommendation == Recommendation.NOTIFY_AND_INFORM


def test_protected_identity_disclosed_to_known_recipients_is_high_even_at_low_severity() -> None:
    result = assess(**{**PROTECTED_IDENTITY_TO_COLLEAGUES, "insight": Insight.NONE})
    assert (result.dpc, result.band) == (1, SeverityBand.LOW)
    assert result.level == RiskLevel.HIGH
    assert "protected_exposed" in codes(result)


def test_children_raise_the_context_of_simple_data_by_one() -> None:
    result = assess(data_types={"name", "school"}, vulnerable_people=TriState.YES)
    assert result.dpc == 2
    assert reason(result, "dpc_vulnerable").params == {"score": 2}


def test_data_that_reveals_nothing_is_not_raised_for_children() -> None:
    result = assess(data_types={"name"}, vulnerable_people=TriState.YES, insight=Insight.NONE)
    assert result.dpc == 1
    assert "dpc_vulnerable" not in codes(result)


@pytest.mark.parametrize(
    "consequence",
    [Consequence.IDENTITY_THEFT, Consequence.FINANCIAL_LOSS, Consequence.DISCRIMINATION],
)
def test_a_serious_possible_consequence_makes_a_low_severity_a_risk(consequence: str) -> None:
    low = {"data_types": {"name"}, "identification": Identification.LIMITED}
    assert assess(**low).level == RiskLevel.NONE
    # As stored in the database: the plain value, not the enum member.
    result = assess(**low, consequences={str(consequence)})
    assert result.level == RiskLevel.RISK
    assert result.recommendation == Recommendation.NOTIFY
    assert "serious_consequence" in codes(result)


def test_distress_alone_does_not_raise_a_low_severity() -> None:
    result = assess(
        data_types={"name"},
        identification=Identification.LIMITED,
        consequences={Consequence.DISTRESS},
    )
    assert result.level == RiskLevel.NONE


@pytest.mark.parametrize(("people", "level"), [(99, RiskLevel.NONE), (100, RiskLevel.RISK)])
def test_a_hundred_people_make_a_low_severity_a_risk(people: int, level: RiskLevel) -> None:
    result = assess(data_types={"name"}, identification=Identification.LIMITED, people_count=people)
    assert result.band == SeverityBand.LOW
    assert result.level == level
    assert ("many_people" in codes(result)) == (level == RiskLevel.RISK)


def test_many_people_do_not_count_when_the_trusted_recipient_deleted_the_data() -> None:
    result = assess(**{**MISADDRESSED_EMAIL, "people_count": 250})
    assert result.level == RiskLevel.NONE


def test_physical_harm_from_a_disclosure_is_high_risk() -> None:
    result = assess(data_types={"contact"}, consequences={"physical_harm"})
    assert result.band == SeverityBand.LOW
    assert result.level == RiskLevel.HIGH
    assert "physical_harm" in codes(result)


def test_physical_harm_without_a_disclosure_goes_by_the_band() -> None:
    result = assess(
        data_types={"contact"},
        exposure=Exposure.NONE,
        integrity=Integrity.RECOVERABLE,
        consequences={"physical_harm"},
    )
    assert result.level == RiskLevel.NONE


def test_trusted_recipient_lowers_a_high_risk_by_one_level() -> None:
    result = assess(data_types={"name", "health"}, exposure=Exposure.TRUSTED_DELETED)
    assert result.band == SeverityBand.VERY_HIGH
    assert result.level == RiskLevel.RISK
    assert reason(result, "trusted_recipient").params == {"level": "risk"}


def test_malicious_intent_prevents_the_trusted_recipient_lowering() -> None:
    result = assess(
        data_types={"name", "health"},
        exposure=Exposure.TRUSTED_DELETED,
        malicious=TriState.YES,
    )
    assert result.level == RiskLevel.HIGH
    assert "trusted_recipient" not in codes(result)


def test_nothing_lost_may_not_be_a_breach_at_all() -> None:
    result = assess(**NOTHING_LOST)
    assert result.level == RiskLevel.NONE
    assert result.recommendation == Recommendation.DOCUMENT
    assert "nothing_lost" in codes(result)
    assert "band_level" not in codes(result)


def test_encryption_with_a_quick_restore_from_backups_is_no_risk() -> None:
    result = assess(
        data_types={"health"},
        encryption=Encryption.INTACT,
        availability=Availability.TEMPORARY,
        restored_from_backup=True,
        unavailable_hours=48,
    )
    assert result.level == RiskLevel.NONE
    assert "encrypted" in codes(result)


def test_encrypted_data_altered_beyond_repair_is_high_risk_with_the_34_3_a_note() -> None:
    result = assess(
        data_types={"health"},
        exposure=Exposure.NONE,
        integrity=Integrity.IRRECOVERABLE,
        encryption=Encryption.INTACT,
    )
    assert result.level == RiskLevel.HIGH
    assert result.recommendation == Recommendation.NOTIFY_AND_INFORM
    assert codes(result)[-2:] == ["inform_exception", "recommendation"]


def test_a_compromised_key_counts_as_not_encrypted() -> None:
    result = assess(**{**ENCRYPTED_LAPTOP, "encryption": Encryption.COMPROMISED})
    assert result.level == RiskLevel.HIGH
    assert "encrypted" not in codes(result)


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


# The reasons: stored as JSON, shown in the reader's language -----------------------------------

SCENARIOS: list[dict[str, Any]] = [
    MISADDRESSED_EMAIL,
    ENCRYPTED_LAPTOP,
    PUPILS_USB_STICK,
    RANSOMWARE_WITH_BACKUPS,
    {**RANSOMWARE_WITH_BACKUPS, "unavailable_hours": 72},
    REHAB_MEETING_SUBJECT,
    EXPOSURE_NOT_KNOWN,
    PROTECTED_IDENTITY_TO_COLLEAGUES,
    {**PROTECTED_IDENTITY_TO_COLLEAGUES, "insight": Insight.NONE},
    NOTHING_LOST,
    {"data_types": {"personnummer"}, "identification": Identification.NEGLIGIBLE},
    {"data_types": {"name", "school"}, "vulnerable_people": TriState.YES, "people_count": 150},
    {"data_types": {"name", "health"}, "exposure": Exposure.TRUSTED_DELETED},
    {"data_types": {"contact"}, "consequences": {"physical_harm", "identity_theft"}},
    {"exposure": Exposure.UNKNOWN, "people_count": None, "data_types": set()},
    {
        "integrity": Integrity.UNKNOWN,
        "availability": Availability.TEMPORARY,
        "encryption": Encryption.UNKNOWN,
        "malicious": TriState.UNKNOWN,
    },
    {
        "data_types": {"health"},
        "exposure": Exposure.NONE,
        "integrity": Integrity.IRRECOVERABLE,
        "encryption": Encryption.INTACT,
    },
    {"data_types": {"name"}, "identification": Identification.LIMITED, "people_count": 500},
    {
        "insight": Insight.UNKNOWN,
        "identification": Identification.UNKNOWN,
        "vulnerable_people": TriState.UNKNOWN,
    },
]


def _plain_json(value: Any) -> bool:
    if isinstance(value, list):
        return all(type(item) is str for item in value)
    return type(value) in (str, int)


@pytest.mark.parametrize("answers", SCENARIOS)
@pytest.mark.parametrize("language", ["en", "sv"])
def test_every_reason_renders_in_both_languages_and_survives_storage(
    answers: dict[str, Any], language: str
) -> None:
    result = assess(**answers)
    assert result.reasons[-1].code == "recommendation"
    assert set(result.unknown) <= UNKNOWN_LABELS.keys()
    with translation.override(language):
        for item in result.reasons:
            assert all(_plain_json(value) for value in item.params.values()), item
            stored = Reason.from_json(json.loads(json.dumps(item.to_json())))
            assert stored == item
            text = stored.text()
            assert text and text != item.code, item.code
            assert "%(" not in text, text
            assert text == item.text()


def test_the_severity_reason_shows_the_formula_with_plain_numbers() -> None:
    result = assess(data_types={"name", "health"}, vulnerable_people=TriState.YES)
    severity = reason(result, "severity")
    assert severity.params == {
        "dpc": 4,
        "ei": "1",
        "cb": "0.25",
        "score": "4.25",
        "band": "very_high",
    }
    with translation.override("en"):
        assert severity.text() == "Severity SE = 4 × 1 + 0.25 = 4.25: very high."
    with translation.override("sv"):
        assert "4 × 1 + 0,25 = 4,25" in severity.text(), "Swedish decimal commas"


def test_a_whole_score_is_shown_without_decimals() -> None:
    result = assess(**PUPILS_USB_STICK)
    with translation.override("en"):
        assert reason(result, "severity").text() == "Severity SE = 4 × 1 + 0 = 4: very high."


def test_labels_in_reasons_follow_the_language_at_render_time() -> None:
    result = assess(**REHAB_MEETING_SUBJECT)
    with translation.override("en"):
        english = reason(result, "recommendation").text()
    with translation.override("sv"):
        swedish = reason(result, "recommendation").text()
    assert english == "Recommendation: notify IMY."
    assert swedish != english


def test_a_reason_with_an_unknown_code_shows_the_code() -> None:
    assert Reason("retired_rule", {"x": 1}).text() == "retired_rule"


def test_unknown_counts_do_not_force_notifying_when_nothing_was_lost() -> None:
    result = assess(exposure=Exposure.NONE, people_count=None, encryption=Encryption.UNKNOWN)
    assert result.incomplete
    assert result.recommendation == Recommendation.DOCUMENT
    assert "incomplete_notify" not in codes(result)


def test_unknown_counts_do_not_force_notifying_when_the_data_was_unintelligible() -> None:
    result = assess(
        data_types={"health"},
        exposure=Exposure.NO_EVIDENCE,
        encryption=Encryption.INTACT,
        people_count=None,
        malicious=TriState.UNKNOWN,
    )
    assert set(result.unknown) == {"people_count", "malicious"}
    assert result.recommendation == Recommendation.DOCUMENT


def test_reasons_read_as_swedish_sentences() -> None:
    result = assess(data_types={"name", "health"}, vulnerable_people=TriState.YES)
    with translation.override("sv"):
        texts = [reason.text() for reason in result.reasons]
    assert "Allvarlighet SE = 4 × 1 + 0,25 = 4,25: mycket hög." in texts
    assert texts[-1] == "Rekommendation: anmäl till IMY och informera de berörda."
