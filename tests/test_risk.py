"""The risk assessment's method 2, rule by rule (docs/assessment.md): pure arithmetic, no database.

The laws that hold over the whole input space are in tests/test_risk_laws.py, the public worked
examples in tests/test_risk_scenarios.py; here each rule, and each flaw of method 1 the method
was rebuilt to remove, has its own case.
"""

from dataclasses import replace
from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from breachdesk.incidents.risk.assess import RiskResult, evaluate
from breachdesk.incidents.risk.enisa import group_severity, severity_band
from breachdesk.incidents.risk.explain import risk_assess
from breachdesk.incidents.risk.inputs import (
    Availability,
    Consequence,
    Encryption,
    Exposure,
    Group,
    Identification,
    Insight,
    Integrity,
    Intent,
    Mitigation,
    RiskInputs,
    Stopped,
    TriState,
    everyone,
)
from breachdesk.incidents.risk.reasons import Reason
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel, SeverityBand

PUPILS = Group(
    label="",
    people_count=1,
    data_types=frozenset({"name"}),
    types_uncertain=False,
    vulnerable_people=TriState.NO,
    insight=Insight.USUAL,
    identification=Identification.MAXIMUM,
)
BASE = RiskInputs(
    groups=(PUPILS,),
    exposure=Exposure.NONE,
    encryption=Encryption.NONE,
    integrity=Integrity.NONE,
    availability=Availability.NONE,
    backup=TriState.YES,
    malicious=Intent.NO,
)


def group(**answers: Any) -> Group:
    if "data_types" in answers:
        answers["data_types"] = frozenset(answers["data_types"])
    return replace(PUPILS, **answers)


def inputs(groups: tuple[Group, ...] | None = None, **answers: Any) -> RiskInputs:
    for name in ("consequences", "mitigations", "stopped"):
        if name in answers:
            answers[name] = frozenset(answers[name])
    return replace(BASE, groups=groups or BASE.groups, **answers)


def codes(result: tuple[Reason, ...]) -> list[str]:
    return [reason.code for reason in result]


def texts(reasons: tuple[Reason, ...], language: str = "en") -> list[str]:
    with translation.override(language):
        return [reason.text() for reason in reasons if not reason.detail]


def rec(value: RiskInputs) -> Recommendation:
    return Recommendation(evaluate(value).recommendation)


# The flaws of method 1 ----------------------------------------------------------------------

OUTAGE = inputs(availability=Availability.TEMPORARY, unavailable_hours=120)


def test_a_long_outage_without_a_backup_is_never_milder_than_with_one() -> None:
    with_backup = evaluate(replace(OUTAGE, backup=TriState.YES))
    without = evaluate(replace(OUTAGE, backup=TriState.NO))
    assert with_backup.level == RiskLevel.NONE
    assert without.level == RiskLevel.RISK
    assert rec(replace(OUTAGE, backup=TriState.NO)) == Recommendation.NOTIFY


def test_physical_harm_from_an_outage_counts_without_any_disclosure() -> None:
    surgery = replace(OUTAGE, stopped=frozenset({Stopped.CARE}))
    harmed = replace(surgery, consequences=frozenset({Consequence.PHYSICAL_HARM}))
    assert evaluate(surgery).level == RiskLevel.RISK
    assert evaluate(harmed).level == RiskLevel.HIGH
    assert "group_consequence" in codes(risk_assess(harmed).reasons)


@pytest.mark.parametrize(
    "consequence", [Consequence.REPUTATION, Consequence.SECRECY, Consequence.DISTRESS]
)
def test_every_consequence_weighs_and_is_named(consequence: str) -> None:
    letter = inputs(exposure=Exposure.KNOWN)  # a name to one known recipient: no risk
    ticked = replace(letter, consequences=frozenset({consequence}))
    assert rec(letter) == Recommendation.DOCUMENT
    assert rec(ticked) == Recommendation.NOTIFY
    with translation.override("en"):
        label = str(dict(Consequence.choices)[consequence])
    assert any(label in text for text in texts(risk_assess(ticked).reasons))


def test_a_theft_weighs_more_than_a_loss() -> None:
    laptop = inputs(
        (group(data_types={"name", "personnummer", "school"}),), exposure=Exposure.NO_EVIDENCE
    )
    lost = evaluate(laptop)
    stolen = evaluate(replace(laptop, malicious=Intent.THEFT))
    assert (lost.confidentiality.value, stolen.confidentiality.value) == (1, 2)
    assert "theft" in codes(risk_assess(replace(laptop, malicious=Intent.THEFT)).reasons)


def test_salted_slow_hashes_are_unreadable_and_fast_ones_are_not() -> None:
    accounts = inputs(
        (group(people_count=5000, data_types={"contact", "credentials"}),),
        exposure=Exposure.WIDE,
        malicious=Intent.YES,
    )
    salted = group_severity(
        accounts.groups[0], replace(accounts, encryption=Encryption.HASHED_SALTED)
    )
    weak = group_severity(accounts.groups[0], replace(accounts, encryption=Encryption.HASHED_WEAK))
    assert "credentials" not in salted.counted_types
    assert weak.counted_types == ("credentials",)
    assert salted.score < weak.score
    reasons = risk_assess(replace(accounts, encryption=Encryption.HASHED_SALTED)).reasons
    assert "unreadable" in codes(reasons)


def test_the_most_exposed_group_governs_and_every_group_is_named() -> None:
    customers = group(label="Kunder", people_count=100_000, data_types={"name", "contact"})
    cards = group(label="Kortbetalare", people_count=2_000, data_types={"name", "payment"})
    breach = inputs((customers, cards), exposure=Exposure.WIDE, malicious=Intent.YES)
    assessed = risk_assess(breach)
    assert assessed.result.lead.group.label == "Kortbetalare"
    lines = texts(assessed.reasons)
    assert "Kortbetalare" in lines[1] and any("Kunder" in line for line in lines[2:])


def test_a_fact_that_cannot_be_established_is_the_cautious_answer() -> None:
    copied = inputs(exposure=Exposure.UNKNOWN)
    assert (
        evaluate(copied).confidentiality.value
        == evaluate(inputs(exposure=Exposure.WIDE)).confidentiality.value
    )
    assert "exposure" in evaluate(copied).unknown


def test_types_that_cannot_all_be_established_count_as_at_least_financial() -> None:
    severity = group_severity(group(types_uncertain=True), inputs(exposure=Exposure.KNOWN))
    assert severity.uncertain and severity.dpc >= 3


@pytest.mark.parametrize(
    ("mitigation", "exposure"),
    [
        (Mitigation.REMOTE_WIPE, Exposure.NO_EVIDENCE),
        (Mitigation.RECALLED, Exposure.KNOWN),
        (Mitigation.SECRECY_BOUND, Exposure.KNOWN),
        (Mitigation.TRUSTED_RECIPIENT, Exposure.KNOWN),
        (Mitigation.DELETION_CONFIRMED, Exposure.KNOWN),
    ],
)
def test_a_mitigation_lowers_misuse_one_step_and_says_so(mitigation: str, exposure: str) -> None:
    case = inputs((group(data_types={"name", "health"}),), exposure=exposure)
    mitigated = replace(case, mitigations=frozenset({mitigation}))
    before, after = evaluate(case), evaluate(mitigated)
    assert after.confidentiality.value == max(1, before.confidentiality.value - 1)
    assert "mitigated" in codes(risk_assess(mitigated).reasons)


def test_no_mitigation_helps_once_the_data_is_published() -> None:
    case = inputs(exposure=Exposure.WIDE, mitigations={Mitigation.DELETION_CONFIRMED})
    assert evaluate(case).confidentiality.value == 3
    assert "unheeded" in codes(risk_assess(case).reasons)


def test_a_deletion_asked_for_is_shown_but_lowers_nothing() -> None:
    case = inputs(exposure=Exposure.KNOWN)
    asked = replace(case, mitigations=frozenset({Mitigation.DELETION_REQUESTED}))
    assert evaluate(asked).confidentiality == evaluate(case).confidentiality
    assert "deletion_requested" in codes(risk_assess(asked).reasons)


# Reasons a coordinator reads once -----------------------------------------------------------


def test_the_conclusion_comes_first_and_the_formula_only_in_the_detail() -> None:
    case = inputs((group(data_types={"name", "health"}),), exposure=Exposure.KNOWN)
    reasons = risk_assess(case).reasons
    assert reasons[0].code == "conclusion_high"
    plain = texts(reasons)
    assert not any("SE =" in line or "DPC" in line for line in plain)
    assert any("SE = DPC × EI + CB" in reason.text() for reason in reasons if reason.detail)


def test_every_data_type_is_named_not_only_the_highest_category() -> None:
    case = inputs((group(data_types={"name", "personnummer", "health"}),), exposure=Exposure.KNOWN)
    first = texts(risk_assess(case).reasons)[1]
    assert "personnummer" in first and "health" in first and "name" in first


@pytest.mark.parametrize("language", ["sv", "en"])
def test_reasons_are_sentences_without_double_punctuation(language: str) -> None:
    case = inputs(
        (group(data_types={"name", "health"}, vulnerable_people=TriState.UNKNOWN),),
        exposure=Exposure.KNOWN,
        availability=Availability.TEMPORARY,
        unavailable_hours=None,
        backup=TriState.NO,
        stopped={Stopped.CARE},
        consequences={Consequence.DISTRESS},
        mitigations={Mitigation.DELETION_REQUESTED},
        record_count=12,
    )
    with translation.override(language):
        lines = [reason.text() for reason in risk_assess(case).reasons]
    for line in lines:
        assert "%(" not in line
        assert not line[0].islower() and line.endswith((".", "?"))
        for double in ("..", ",,", ".:", ":.", " .", " ,", "::"):
            assert double not in line, line


def test_an_old_reason_reads_as_method_1_wrote_it() -> None:
    stored = {"code": "band_level", "params": {"band": "medium", "level": "risk"}}
    with translation.override("en"):
        assert Reason.from_json(stored).text() == "A medium severity means risk."


def test_a_reason_with_an_unknown_code_shows_the_code() -> None:
    assert Reason("no_such_rule").text() == "no_such_rule"


def test_a_reason_survives_storage() -> None:
    for reason in risk_assess(inputs(exposure=Exposure.KNOWN)).reasons:
        assert Reason.from_json(reason.to_json()) == reason


# The rules ---------------------------------------------------------------------------------


def test_nothing_lost_may_not_be_a_breach_at_all() -> None:
    result = evaluate(inputs(encryption=Encryption.UNKNOWN))
    assert (result.level, result.recommendation, result.settled) == ("none", "document", True)
    assert codes(risk_assess(inputs()).reasons) == ["conclusion_nothing_lost"]


def test_an_encrypted_device_stolen_is_documented_only() -> None:
    laptop = inputs(
        (group(people_count=300, data_types={"name", "health"}),),
        exposure=Exposure.NO_EVIDENCE,
        encryption=Encryption.INTACT,
        malicious=Intent.THEFT,
    )
    assert rec(laptop) == Recommendation.DOCUMENT
    assert "encrypted" in codes(risk_assess(laptop).reasons)


def test_encrypted_data_altered_beyond_repair_notes_the_34_3_a_exception() -> None:
    case = inputs(
        (group(data_types={"name", "health"}),),
        exposure=Exposure.WIDE,
        encryption=Encryption.INTACT,
        integrity=Integrity.IRRECOVERABLE,
        malicious=Intent.YES,
    )
    assert evaluate(case).level == RiskLevel.HIGH
    assert "inform_exception" in codes(risk_assess(case).reasons)


def test_when_in_doubt_notify_and_say_which_facts_are_missing() -> None:
    case = inputs(
        (group(insight=Insight.UNKNOWN),),
        exposure=Exposure.KNOWN,
        mitigations={Mitigation.TRUSTED_RECIPIENT},
    )
    assessed = risk_assess(case)
    assert (assessed.result.level, assessed.result.recommendation) == ("none", "notify")
    assert assessed.reasons[0].code == "conclusion_doubt"
    assert "group.insight" in assessed.reasons[0].facts


def test_a_fact_not_known_yet_that_cannot_matter_does_not_force_notifying() -> None:
    quick = inputs(
        availability=Availability.TEMPORARY,
        unavailable_hours=4,
        encryption=Encryption.UNKNOWN,
        groups=(group(people_count=None),),
    )
    result = evaluate(quick)
    assert result.unknown == ("group.people_count", "encryption")
    assert (result.level, result.recommendation, result.doubt) == ("none", "document", False)


def test_a_protected_identity_makes_the_data_the_most_sensitive() -> None:
    kinds = {"name", "protected_identity"}
    severity = group_severity(group(data_types=kinds, insight=Insight.LIMITED), inputs())
    assert (severity.dpc, severity.protected) == (4, True)


def test_children_raise_the_context_unless_the_data_reveals_nothing() -> None:
    assert group_severity(group(vulnerable_people=TriState.YES), inputs()).dpc == 2
    nothing = group(vulnerable_people=TriState.YES, insight=Insight.NONE)
    assert group_severity(nothing, inputs()).dpc == 1


@pytest.mark.parametrize(("count", "many"), [(999, False), (1000, True), (None, True)])
def test_many_people_or_an_unknown_number_weigh_one_step_more(
    count: int | None, many: bool
) -> None:
    result = evaluate(inputs((group(people_count=count),), exposure=Exposure.KNOWN))
    assert result.lead.many is many
    assert result.lead.impact == 1 + many


@pytest.mark.parametrize(
    ("score", "band"),
    [
        ("1.99", SeverityBand.LOW),
        ("2", SeverityBand.MEDIUM),
        ("2.99", SeverityBand.MEDIUM),
        ("3", SeverityBand.HIGH),
        ("4", SeverityBand.VERY_HIGH),
    ],
)
def test_severity_bands_of_enisa(score: str, band: SeverityBand) -> None:
    assert severity_band(Decimal(score)) == band


def test_everyone_sums_the_groups_up() -> None:
    summary = everyone(
        (
            group(people_count=3, data_types={"name"}),
            group(people_count=4, data_types={"health"}, insight=Insight.UNKNOWN),
        )
    )
    assert summary == {
        "data_types": ["health", "name"],
        "people_count": 7,
        "vulnerable_people": "no",
        "insight": "unknown",
        "identification": "maximum",
    }
    assert everyone((group(people_count=None), group()))["people_count"] is None


def test_the_result_reports_the_governing_groups_severity() -> None:
    result: RiskResult = evaluate(inputs(exposure=Exposure.KNOWN))
    assert (result.dpc, result.ei, result.cb, result.score, result.band) == (
        1,
        Decimal("1"),
        Decimal("0.25"),
        Decimal("1.25"),
        SeverityBand.LOW,
    )
