"""The engine measured against an independent yardstick (tests/risk_scenarios.py): the EDPB's
worked cases, ENISA's examples and Swedish public-sector scenarios, each with the answer an
authority gives. Pure arithmetic, no database.

The agreement figure is not a target of 100 %: it is measured, and `AGREEMENT_FLOOR` is set to
what was measured, so that a change of the rules that agrees with fewer cases fails here and
has to be weighed."""

from collections import Counter

import pytest
from django.utils import translation

from breachdesk.incidents.risk.assess import evaluate
from breachdesk.incidents.risk.explain import risk_assess
from tests.risk_scenarios import SCENARIOS, Scenario

# The number of scenarios whose recommendation equals the authority's, as measured.
AGREEMENT_FLOOR = 31  # of 40, as measured: EDPB 15/18, ENISA 4/8, Swedish 12/14

FAMILIES = {"edpb": "EDPB Guidelines 01/2021", "enisa": "ENISA 2013", "se": "Swedish"}


def _family(scenario: Scenario) -> str:
    return scenario.key.split("_", 1)[0]


def _ids(scenario: Scenario) -> str:
    return scenario.key


def test_the_yardstick_is_complete_and_each_key_is_unique() -> None:
    keys = [scenario.key for scenario in SCENARIOS]
    assert len(keys) == len(set(keys))
    counts = Counter(_family(scenario) for scenario in SCENARIOS)
    assert set(counts) == set(FAMILIES)
    assert counts["edpb"] == 18
    assert counts["enisa"] >= 5
    assert counts["se"] >= 12
    assert {f"edpb_{number:02}" for number in range(1, 19)} <= set(keys)


@pytest.mark.parametrize("scenario", SCENARIOS, ids=_ids)
def test_every_scenario_evaluates_and_its_reasons_render(scenario: Scenario) -> None:
    assessment = risk_assess(scenario.inputs)
    assert assessment.reasons
    for language in ("sv", "en"):
        with translation.override(language):
            for reason in assessment.reasons:
                text = reason.text()
                assert text, reason.code
                assert "%(" not in text, (language, reason.code, text)


def test_the_engine_agrees_with_the_authorities_at_least_as_often_as_measured(
    capsys: pytest.CaptureFixture[str],
) -> None:
    agreed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    misses: list[str] = []
    for scenario in SCENARIOS:
        family = _family(scenario)
        got = evaluate(scenario.inputs).recommendation
        total[family] += 1
        if got == scenario.expected:
            agreed[family] += 1
        else:
            misses.append(f"  {scenario.key}: expected {scenario.expected}, got {got}")
    lines = [f"{FAMILIES[family]}: {agreed[family]}/{total[family]}" for family in FAMILIES] + [
        f"overall: {sum(agreed.values())}/{len(SCENARIOS)}",
        "disagreements:",
        *misses,
    ]
    with capsys.disabled():
        print("\nAgreement with the authorities' answers\n" + "\n".join(lines))
    assert sum(agreed.values()) >= AGREEMENT_FLOOR, "\n".join(lines)


TWO_ANSWERS = [scenario for scenario in SCENARIOS if scenario.two_answers]


@pytest.mark.parametrize("scenario", TWO_ANSWERS, ids=_ids)
def test_a_case_that_could_go_either_way_says_so_when_the_engine_differs(
    scenario: Scenario,
) -> None:
    """Where the source itself says it depends, an advice other than the source's must come
    with a tip (what single answer would change it) or with the reason that facts are open."""
    assessment = risk_assess(scenario.inputs)
    if assessment.result.recommendation == scenario.expected:
        return
    codes = {reason.code for reason in assessment.reasons}
    assert codes & {"tip", "conclusion_doubt"}, (
        f"{scenario.key}: expected {scenario.expected}, got "
        f"{assessment.result.recommendation}, and no reason says it could go either way: "
        f"{sorted(codes)}"
    )
