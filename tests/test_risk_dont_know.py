"""Answers not known yet ("Don't know") lean toward notifying, under the rules as they are: each
one recommends at least what the known answers it stands for recommend, and is listed as not
known yet. Pure arithmetic, no database; the scenarios are those of tests/test_risk.py."""

from decimal import Decimal
from typing import Any

import pytest
from django.utils import translation

from breachdesk.incidents.risk.assess import RiskResult
from breachdesk.incidents.risk.inputs import (
    Availability,
    Encryption,
    Exposure,
    Identification,
    Insight,
    Integrity,
    TriState,
)
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel
from tests.test_risk import MISADDRESSED_EMAIL, SCENARIOS, assess, codes, reason

_STRENGTH = [Recommendation.DOCUMENT, Recommendation.NOTIFY, Recommendation.NOTIFY_AND_INFORM]


def strength(result: RiskResult) -> int:
    return _STRENGTH.index(result.recommendation)


# Where an answer may be "Don't know": the known answers the unknown one must match or exceed.
# The new unknowns (what the data reveals, identification, vulnerable people) stand for the
# worst known answer; the unknowns the rules already weighed keep their weight: an exposure not
# known yet as wide, integrity and availability as a loss that can be repaired, malicious intent
# as none, encryption as none.
AT_LEAST_AS_STRONG_AS: dict[str, tuple[Any, ...]] = {
    "insight": tuple(choice for choice in Insight if choice != Insight.UNKNOWN),
    "identification": tuple(
        choice for choice in Identification if choice != Identification.UNKNOWN
    ),
    "vulnerable_people": (TriState.YES, TriState.NO),
    "exposure": (Exposure.WIDE, Exposure.KNOWN, Exposure.NO_EVIDENCE, Exposure.NONE),
    "integrity": (Integrity.RECOVERABLE, Integrity.NONE),
    "availability": (Availability.TEMPORARY, Availability.NONE),
    "malicious": (TriState.NO,),
    "encryption": tuple(choice for choice in Encryption if choice != Encryption.UNKNOWN),
}
UNKNOWN_ANSWER = {
    "insight": Insight.UNKNOWN,
    "identification": Identification.UNKNOWN,
    "vulnerable_people": TriState.UNKNOWN,
    "exposure": Exposure.UNKNOWN,
    "integrity": Integrity.UNKNOWN,
    "availability": Availability.UNKNOWN,
    "malicious": TriState.UNKNOWN,
    "encryption": Encryption.UNKNOWN,
}


@pytest.mark.parametrize("question", sorted(AT_LEAST_AS_STRONG_AS))
def test_dont_know_recommends_at_least_what_the_known_answers_it_stands_for_do(
    question: str,
) -> None:
    for answers in SCENARIOS:
        if question in answers:
            continue  # the scenario fixes this answer; every other one is tried
        unknown = assess(**{**answers, question: UNKNOWN_ANSWER[question]})
        assert question in unknown.unknown, (question, answers)
        assert "unknown" in codes(unknown)
        for known in AT_LEAST_AS_STRONG_AS[question]:
            result = assess(**{**answers, question: known})
            assert strength(unknown) >= strength(result), (question, known, answers)
            assert unknown.score >= result.score, (question, known, answers)


@pytest.mark.parametrize(
    ("answers", "worst"),
    [
        ({"insight": Insight.UNKNOWN}, {"insight": Insight.EXTENSIVE}),
        ({"identification": Identification.UNKNOWN}, {"identification": Identification.MAXIMUM}),
        ({"vulnerable_people": TriState.UNKNOWN}, {"vulnerable_people": TriState.YES}),
    ],
)
@pytest.mark.parametrize(
    "data_types", [{"name"}, {"location"}, {"financial"}, {"health"}, {"protected_identity"}]
)
def test_a_new_dont_know_weighs_as_the_worst_known_answer(
    answers: dict[str, Any], worst: dict[str, Any], data_types: set[str]
) -> None:
    base = {"data_types": data_types, "identification": Identification.LIMITED}
    unknown = assess(**{**base, **answers})
    known = assess(**{**base, **worst})
    assert (unknown.dpc, unknown.ei, unknown.cb) == (known.dpc, known.ei, known.cb)
    assert strength(unknown) >= strength(known)


def test_dont_know_on_every_question_recommends_notifying() -> None:
    result = assess(**UNKNOWN_ANSWER, data_types=set(), people_count=None, record_count=None)
    assert result.recommendation in (Recommendation.NOTIFY, Recommendation.NOTIFY_AND_INFORM)
    assert set(result.unknown) == {*UNKNOWN_ANSWER, "data_types", "people_count"}


def test_a_harmless_case_with_one_judgement_not_known_yet_recommends_notifying() -> None:
    harmless = assess(**MISADDRESSED_EMAIL)
    assert harmless.recommendation == Recommendation.DOCUMENT
    for question in ("insight", "identification", "vulnerable_people"):
        result = assess(**{**MISADDRESSED_EMAIL, question: UNKNOWN_ANSWER[question]})
        assert result.level == RiskLevel.NONE, question
        assert result.recommendation == Recommendation.NOTIFY, question
        assert codes(result)[-3:] == ["unknown", "incomplete_notify", "recommendation"]


def test_vulnerable_people_not_known_yet_raise_the_context_with_their_own_reason() -> None:
    result = assess(data_types={"name", "school"}, vulnerable_people=TriState.UNKNOWN)
    assert result.dpc == 2
    assert "dpc_vulnerable" not in codes(result)
    with translation.override("en"):
        assert reason(result, "dpc_vulnerable_unknown").text() == (
            "It is not known yet whether children or other vulnerable people are affected, so "
            "the assessment counts them as affected: the data processing context rises by one, "
            "to 2."
        )
        assert reason(result, "unknown").text() == (
            "Not known yet: whether children or other vulnerable people are affected."
        )


def test_unknown_insight_and_identification_are_listed_as_not_known_yet() -> None:
    result = assess(insight=Insight.UNKNOWN, identification=Identification.UNKNOWN)
    assert result.unknown[:2] == ("insight", "identification")
    assert (result.dpc, result.ei) == (2, Decimal("1"))
    with translation.override("en"):
        assert reason(result, "dpc_insight").text() == (
            "What the data reveals (not known yet) sets the data processing context to 2 "
            "(ENISA's table of adjustments)."
        )
        assert reason(result, "unknown").text() == (
            "Not known yet: what the data reveals about the people, how easily the people can "
            "be identified."
        )
