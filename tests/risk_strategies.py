"""Hypothesis strategies over the whole input space of the risk assessment, and the single
changes of one fact ("knobs") the laws of tests/test_risk_laws.py vary."""

import random
from collections.abc import Callable
from dataclasses import replace
from typing import Any

from hypothesis import strategies as st

from breachdesk.incidents.risk.inputs import (
    ORDERS,
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
)
from breachdesk.incidents.vocabulary import DataType

LABELS = ("pupils", "staff", "guardians", "")
# The counts and hours either side of each threshold of the rules, besides any other value.
COUNT_MARKS = (0, 1, 999, 1000, 200_000)
HOUR_MARKS = (0, 24, 25, 72, 73, 500)

counts: st.SearchStrategy[int | None] = st.one_of(
    st.none(), st.sampled_from(COUNT_MARKS), st.integers(0, 200_000)
)
hour_counts: st.SearchStrategy[int | None] = st.one_of(
    st.none(), st.sampled_from(HOUR_MARKS), st.integers(0, 500)
)


def subsets(values: list[str]) -> st.SearchStrategy[frozenset[str]]:
    """Any subset of `values`: a few values, or any of them (drawn as a bit mask)."""

    def subset(mask: int) -> frozenset[str]:
        return frozenset(value for bit, value in enumerate(values) if mask >> bit & 1)

    masks = st.integers(0, 2 ** len(values) - 1).map(subset)
    return st.one_of(st.frozensets(st.sampled_from(values), max_size=3), masks)


_GROUPS: st.SearchStrategy[Group] = st.builds(
    Group,
    label=st.sampled_from(LABELS),
    people_count=counts,
    data_types=subsets(DataType.values),
    types_uncertain=st.booleans(),
    vulnerable_people=st.sampled_from(list(TriState)),
    insight=st.sampled_from(list(Insight)),
    identification=st.sampled_from(list(Identification)),
)


def groups() -> st.SearchStrategy[Group]:
    """Any group of people."""
    return _GROUPS


_EXPOSURES = st.sampled_from(list(Exposure))
_ENCRYPTIONS = st.sampled_from(list(Encryption))
_INTEGRITIES = st.sampled_from(list(Integrity))
_AVAILABILITIES = st.sampled_from(list(Availability))
_TRISTATES = st.sampled_from(list(TriState))
_INTENTS = st.sampled_from(list(Intent))
_GROUP_LISTS = st.lists(_GROUPS, min_size=1, max_size=3)
_STOPPED = subsets(Stopped.values)
_CONSEQUENCES = subsets(Consequence.values)
_MITIGATIONS = subsets(Mitigation.values)


@st.composite
def _risk_inputs(draw: st.DrawFn) -> RiskInputs:
    return RiskInputs(
        groups=tuple(draw(_GROUP_LISTS)),
        exposure=draw(_EXPOSURES),
        encryption=draw(_ENCRYPTIONS),
        integrity=draw(_INTEGRITIES),
        availability=draw(_AVAILABILITIES),
        unavailable_hours=draw(hour_counts),
        backup=draw(_TRISTATES),
        stopped=draw(_STOPPED),
        malicious=draw(_INTENTS),
        consequences=draw(_CONSEQUENCES),
        mitigations=draw(_MITIGATIONS),
        record_count=draw(counts),
    )


_INPUTS = _risk_inputs()


def risk_inputs() -> st.SearchStrategy[RiskInputs]:
    """Any answers at all: 1 to 3 groups, every answer of every question."""
    return _INPUTS


def with_group(inputs: RiskInputs, index: int, **changes: Any) -> RiskInputs:
    """`inputs` with the group at `index` changed."""
    changed = list(inputs.groups)
    changed[index] = replace(changed[index], **changes)
    return replace(inputs, groups=tuple(changed))


def toggled(values: frozenset[str], value: str) -> frozenset[str]:
    return values - {value} if value in values else values | {value}


# A knob is one fact to vary: a field ("exposure", "group.insight") or one value of a set
# ("mitigations:recalled", "group.data_types:health"). Its fact is the name before the colon,
# the name a reason's `facts` use. `variants(inputs, knob, index)` are the inputs with that one
# fact changed to every other answer (for a group's fact, in the group at `index`).
_ALTERNATIVES: dict[str, tuple[object, ...]] = {
    **{name: tuple(order) for name, order in ORDERS.items()},
    "people_count": (None, *COUNT_MARKS),
    "unavailable_hours": (None, *HOUR_MARKS),
    "record_count": (None, *COUNT_MARKS),
    "types_uncertain": (False, True),
    "label": LABELS,
}
_GROUP_FIELDS = (
    "label",
    "people_count",
    "types_uncertain",
    "vulnerable_people",
    "insight",
    "identification",
)
_TOP_FIELDS = (
    "exposure",
    "encryption",
    "integrity",
    "availability",
    "unavailable_hours",
    "backup",
    "malicious",
    "record_count",
)
_SETS: dict[str, list[str]] = {
    "stopped": Stopped.values,
    "consequences": Consequence.values,
    "mitigations": Mitigation.values,
    "group.data_types": DataType.values,
}
KNOBS: tuple[str, ...] = (
    *_TOP_FIELDS,
    *(f"group.{name}" for name in _GROUP_FIELDS),
    *(f"{name}:{value}" for name, values in _SETS.items() for value in values),
)


def fact_of(knob: str) -> str:
    return knob.split(":")[0]


def variants(inputs: RiskInputs, knob: str, index: int = 0) -> list[RiskInputs]:
    fact, _, member = knob.partition(":")
    name = fact.removeprefix("group.")
    group = inputs.groups[index % len(inputs.groups)]
    index %= len(inputs.groups)
    holder: object = group if fact.startswith("group.") else inputs
    change: Callable[..., RiskInputs] = (
        (lambda **kw: with_group(inputs, index, **kw))
        if fact.startswith("group.")
        else (lambda **kw: replace(inputs, **kw))
    )
    current = getattr(holder, name)
    if member:
        return [change(**{name: toggled(current, member)})]
    return [change(**{name: value}) for value in _ALTERNATIVES[name] if value != current]


# The same space, drawn from a seeded generator: a fixed sample to search for the inputs where a
# fact matters (far faster than hypothesis.find, which also shrinks what it finds).


def _any_subset(rng: random.Random, values: list[str]) -> frozenset[str]:
    size = rng.choice((0, 1, 1, 2, 2, 3, rng.randint(0, len(values))))
    return frozenset(rng.sample(values, size))


def _any_count(rng: random.Random, marks: tuple[int, ...], most: int) -> int | None:
    return rng.choice((None, rng.choice(marks), rng.randint(0, most)))


def any_group(rng: random.Random) -> Group:
    return Group(
        label=rng.choice(LABELS),
        people_count=_any_count(rng, COUNT_MARKS, 200_000),
        data_types=_any_subset(rng, DataType.values),
        types_uncertain=rng.random() < 0.3,
        vulnerable_people=rng.choice(list(TriState)),
        insight=rng.choice(list(Insight)),
        identification=rng.choice(list(Identification)),
    )


def any_inputs(rng: random.Random) -> RiskInputs:
    return RiskInputs(
        groups=tuple(any_group(rng) for _ in range(rng.randint(1, 3))),
        exposure=rng.choice(list(Exposure)),
        encryption=rng.choice(list(Encryption)),
        integrity=rng.choice(list(Integrity)),
        availability=rng.choice(list(Availability)),
        unavailable_hours=_any_count(rng, HOUR_MARKS, 500),
        backup=rng.choice(list(TriState)),
        stopped=_any_subset(rng, Stopped.values),
        malicious=rng.choice(list(Intent)),
        consequences=_any_subset(rng, Consequence.values),
        mitigations=_any_subset(rng, Mitigation.values),
        record_count=_any_count(rng, COUNT_MARKS, 200_000),
    )
