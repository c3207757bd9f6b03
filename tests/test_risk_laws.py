"""The laws of the risk assessment, proved over the whole input space (docs/assessment.md).

Making any single fact worse never lowers the risk nor the recommendation; every input changes
the result for some other inputs, or is shown as information only; every fact that raised or
lowered the result is named by a reason; every reason renders in Swedish and in English.
"""

import random
from collections.abc import Iterator
from dataclasses import fields, replace
from typing import Any

import pytest
from django.utils import translation
from hypothesis import find, given, settings
from hypothesis import strategies as st

from breachdesk.incidents.risk.assess import evaluate
from breachdesk.incidents.risk.explain import risk_assess
from breachdesk.incidents.risk.inputs import (
    ORDERS,
    Consequence,
    Group,
    Mitigation,
    RiskInputs,
    Stopped,
)
from breachdesk.incidents.risk.reasons import Reason
from breachdesk.incidents.risk.scales import Recommendation, RiskLevel
from breachdesk.incidents.vocabulary import DataType
from tests.risk_strategies import (
    KNOBS,
    any_inputs,
    counts,
    fact_of,
    groups,
    hour_counts,
    risk_inputs,
    variants,
    with_group,
)

LEVEL_RANK = {RiskLevel.NONE: 0, RiskLevel.RISK: 1, RiskLevel.HIGH: 2}
ADVICE_RANK = {
    Recommendation.DOCUMENT: 0,
    Recommendation.NOTIFY: 1,
    Recommendation.NOTIFY_AND_INFORM: 2,
}

# The inputs shown as information only: they never change the result.
INFO_ONLY = ("record_count", "group.label", "mitigations:deletion_requested")

# Whether the types could all be established is part of the question of the types of data: the
# engine names it "group.data_types", both in the facts not known yet and in its reasons.
FACT_ALIASES = {"group.types_uncertain": "group.data_types"}

_TOP_ORDERED = tuple(name for name in ORDERS if name in {f.name for f in fields(RiskInputs)})
_GROUP_ORDERED = tuple(name for name in ORDERS if name in {f.name for f in fields(Group)})

LAW = settings(max_examples=150, deadline=None, derandomize=True, database=None)

Outcome = tuple[int, int]


def outcome(inputs: RiskInputs) -> Outcome:
    result = evaluate(inputs)
    return LEVEL_RANK[RiskLevel(result.level)], ADVICE_RANK[Recommendation(result.recommendation)]


def shown(inputs: RiskInputs) -> str:
    result = evaluate(inputs)
    return f"{result.level}/{result.recommendation}"


def assert_never_lower(inputs: RiskInputs, worse: RiskInputs, what: str) -> None:
    before, after = outcome(inputs), outcome(worse)
    assert after[0] >= before[0] and after[1] >= before[1], (
        f"{what}: {shown(inputs)} -> {shown(worse)}\nbefore: {inputs}\nafter: {worse}"
    )


# 1. Monotonicity: a worse fact never lowers the level nor the recommendation.


def _one_step_worse(order: tuple[str, ...], value: str) -> str | None:
    place = order.index(value)
    return order[place + 1] if place + 1 < len(order) else None


@LAW
@given(risk_inputs())
def test_a_worse_answer_never_lowers(inputs: RiskInputs) -> None:
    for name in _TOP_ORDERED:
        worse = _one_step_worse(ORDERS[name], getattr(inputs, name))
        if worse is not None:
            step: dict[str, Any] = {name: worse}
            assert_never_lower(inputs, replace(inputs, **step), f"{name} -> {worse}")
    for index, group in enumerate(inputs.groups):
        for name in _GROUP_ORDERED:
            worse = _one_step_worse(ORDERS[name], getattr(group, name))
            if worse is not None:
                changes: dict[str, Any] = {name: worse}
                what = f"group {index} {name} -> {worse}"
                assert_never_lower(inputs, with_group(inputs, index, **changes), what)


@LAW
@given(risk_inputs())
def test_more_types_of_data_never_lower(inputs: RiskInputs) -> None:
    # No type at all given is "not known yet", counted as at least financial data: the first
    # type given is a fact becoming known, which may lower the result like any "don't know".
    for index, group in enumerate(inputs.groups):
        for kind in DataType.values if group.data_types else ():
            if kind not in group.data_types:
                more = with_group(inputs, index, data_types=group.data_types | {kind})
                assert_never_lower(inputs, more, f"group {index} data type + {kind}")


@LAW
@given(risk_inputs())
def test_uncertain_types_never_lower(inputs: RiskInputs) -> None:
    for index, group in enumerate(inputs.groups):
        if not group.types_uncertain:
            uncertain = with_group(inputs, index, types_uncertain=True)
            assert_never_lower(inputs, uncertain, f"group {index} types_uncertain -> True")


@LAW
@given(risk_inputs(), st.integers(0, 200_000))
def test_more_people_never_lower(inputs: RiskInputs, more: int) -> None:
    for index, group in enumerate(inputs.groups):
        if group.people_count is not None:
            for count in (group.people_count + more, None):
                what = f"group {index} people {group.people_count} -> {count}"
                assert_never_lower(inputs, with_group(inputs, index, people_count=count), what)


@LAW
@given(risk_inputs(), st.integers(0, 500))
def test_a_longer_outage_never_lowers(inputs: RiskInputs, more: int) -> None:
    if inputs.unavailable_hours is not None:
        for hours in (inputs.unavailable_hours + more, None):
            longer = replace(inputs, unavailable_hours=hours)
            assert_never_lower(inputs, longer, f"hours {inputs.unavailable_hours} -> {hours}")


@LAW
@given(risk_inputs())
def test_a_consequence_or_a_stopped_service_never_lowers(inputs: RiskInputs) -> None:
    for kind in Consequence.values:
        if kind not in inputs.consequences:
            worse = replace(inputs, consequences=inputs.consequences | {kind})
            assert_never_lower(inputs, worse, f"consequence + {kind}")
    for kind in Stopped.values:
        if kind not in inputs.stopped:
            worse = replace(inputs, stopped=inputs.stopped | {kind})
            assert_never_lower(inputs, worse, f"stopped + {kind}")


@LAW
@given(risk_inputs())
def test_removing_a_mitigation_never_lowers(inputs: RiskInputs) -> None:
    for kind in inputs.mitigations:
        worse = replace(inputs, mitigations=inputs.mitigations - {kind})
        assert_never_lower(inputs, worse, f"mitigation - {kind}")


@LAW
@given(risk_inputs(), groups(), st.integers(0, 3))
def test_another_group_never_lowers(inputs: RiskInputs, group: Group, place: int) -> None:
    more = list(inputs.groups)
    more.insert(place % (len(more) + 1), group)
    assert_never_lower(inputs, replace(inputs, groups=tuple(more)), f"group + {group}")


# 2. Every input matters, or is shown as information only.


SEARCH_LIMIT = 40_000  # inputs searched at most; a fact that matters is found in far fewer
_SAMPLE: list[tuple[RiskInputs, Outcome]] = []
_RNG = random.Random(2022)


def searched() -> Iterator[tuple[RiskInputs, Outcome]]:
    """The same seeded sample of the whole space on every run, drawn and weighed once."""
    yield from _SAMPLE
    while len(_SAMPLE) < SEARCH_LIMIT:
        inputs = any_inputs(_RNG)
        _SAMPLE.append((inputs, outcome(inputs)))
        yield _SAMPLE[-1]


@pytest.mark.parametrize("knob", [knob for knob in KNOBS if knob not in INFO_ONLY])
def test_every_input_changes_the_result_of_some_inputs(knob: str) -> None:
    witness = next(
        (
            (inputs, other)
            for inputs, result in searched()
            for other in variants(inputs, knob)
            if outcome(other) != result
        ),
        None,
    )
    assert witness, f"{knob} changes the result of none of {SEARCH_LIMIT} inputs"


@LAW
@given(risk_inputs())
def test_information_only_never_changes_the_result(inputs: RiskInputs) -> None:
    for knob in INFO_ONLY:
        for index in range(len(inputs.groups)):
            for other in variants(inputs, knob, index):
                assert outcome(other) == outcome(inputs), (
                    f"{knob}: {shown(inputs)} -> {shown(other)}\nbefore: {inputs}\nafter: {other}"
                )


def _mentions(reason: Reason, value: str) -> bool:
    return reason.code == value or value in repr(reason.params)


@LAW
@given(risk_inputs())
def test_information_only_is_shown(inputs: RiskInputs) -> None:
    """Shown whenever the assessment weighs anything: with nothing lost at all, the conclusion
    (perhaps not a personal data breach) is the only reason."""
    assessed = risk_assess(inputs)
    if assessed.result.settled:
        return
    reasons = assessed.reasons

    def named(fact: str) -> list[Reason]:
        return [reason for reason in reasons if fact in reason.facts]

    if inputs.record_count is not None:
        assert named("record_count"), f"record_count not shown: {inputs}\n{reasons}"
    if any(group.label for group in inputs.groups):
        assert named("group.label"), f"group label not shown: {inputs}\n{reasons}"
    if Mitigation.DELETION_REQUESTED in inputs.mitigations:
        asked = [r for r in named("mitigations") if _mentions(r, Mitigation.DELETION_REQUESTED)]
        assert asked, f"deletion_requested not shown: {inputs}\n{reasons}"


# 3. Every fact that raised or lowered the result is named by a (non-detail) reason.


def _named_facts(inputs: RiskInputs) -> set[str]:
    return {fact for r in risk_assess(inputs).reasons if not r.detail for fact in r.facts}


@LAW
@given(risk_inputs())
def test_the_reasons_name_every_fact_that_changed_the_result(inputs: RiskInputs) -> None:
    before = outcome(inputs)
    named_before: set[str] | None = None
    for knob in KNOBS:
        fact = fact_of(knob)
        indices = range(len(inputs.groups)) if fact.startswith("group.") else range(1)
        for index in indices:
            for other in variants(inputs, knob, index):
                if outcome(other) == before:
                    continue
                if named_before is None:
                    named_before = _named_facts(inputs)
                name = FACT_ALIASES.get(fact, fact)
                assert name in named_before | _named_facts(other), (
                    f"{knob} (group {index}) changed {shown(inputs)} -> {shown(other)} "
                    f"but no reason names {name}\nbefore: {inputs}\nafter: {other}"
                )


# 4. Every reason renders, in Swedish and in English, the conclusion first.

_BAD_PUNCTUATION = ("..", ",,", ".:", " .")


@LAW
@given(risk_inputs())
def test_every_reason_renders(inputs: RiskInputs) -> None:
    reasons = risk_assess(inputs).reasons
    assert reasons[0].code.startswith("conclusion_"), reasons[0]
    for language in ("sv", "en"):
        with translation.override(language):
            for reason in reasons:
                text = reason.text()
                assert text and text != reason.code, (language, reason)
                assert "%(" not in text, (language, reason, text)
                bad = [mark for mark in _BAD_PUNCTUATION if mark in text]
                assert not bad, (language, bad, text, reason)


def test_the_strategies_reach_every_answer() -> None:
    """The strategies draw unknown counts and hours, and the largest ones (a sanity check)."""
    assert find(counts, lambda count: count is None, settings=LAW) is None
    found = find(hour_counts, lambda hours: hours is not None and hours >= 500, settings=LAW)
    assert found == 500
