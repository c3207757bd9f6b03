"""The guard's recall and precision per kind over the labelled corpus in tests/guard_corpus.py.

A finding is correct when its kind and span match an expected one; uncertain findings count like
certain ones (see tests/guard_corpus.py). The thresholds are what the guard achieves today, so a
change that loses a finding or adds a false alarm fails here; bench/guard_corpus.py prints the
same table.
"""

import pytest

from breachdesk.guard.base import FindingKind
from tests.guard_corpus import SAMPLES, Sample, Score, corpus_scores, expected_spans

# The least recall and precision per kind. Every personnummer in the corpus is checksum-valid,
# so recall 1.0 there is the promise that no valid personnummer is missed.
THRESHOLDS: dict[FindingKind, tuple[float, float]] = {
    FindingKind.PERSONNUMMER: (1.0, 1.0),
    FindingKind.EMAIL: (1.0, 1.0),
    FindingKind.PHONE: (1.0, 1.0),
    FindingKind.NAME: (1.0, 1.0),
    FindingKind.SECURITY: (1.0, 1.0),
    FindingKind.IP: (1.0, 1.0),
    FindingKind.ADDRESS: (1.0, 1.0),
    FindingKind.BANK_ACCOUNT: (1.0, 1.0),
    FindingKind.IBAN: (1.0, 1.0),
    FindingKind.CARD: (1.0, 1.0),
    FindingKind.VEHICLE: (0.9, 1.0),  # lower-case "abc 123" is left alone on purpose
    FindingKind.SENSITIVE: (1.0, 0.95),  # "Dom" (they) is taken for "dom" (a judgment)
}


@pytest.fixture(scope="module")
def scores() -> dict[FindingKind, Score]:
    return corpus_scores()


@pytest.mark.parametrize("kind", list(FindingKind))
def test_recall_and_precision_per_kind_reach_the_thresholds(
    kind: FindingKind, scores: dict[FindingKind, Score]
) -> None:
    least_recall, least_precision = THRESHOLDS[kind]
    score = scores[kind]

    assert score.recall >= least_recall, score.misses
    assert score.precision >= least_precision, score.false_alarms


def test_every_kind_has_at_least_ten_positive_samples(scores: dict[FindingKind, Score]) -> None:
    assert {kind: score.expected for kind, score in scores.items() if score.expected < 10} == {}


def test_the_corpus_has_plenty_of_texts_without_any_finding() -> None:
    assert sum(not item.expected for item in SAMPLES) >= 30


@pytest.mark.parametrize("item", SAMPLES, ids=lambda item: item.text[:40])
def test_every_expected_substring_occurs_once(item: Sample) -> None:
    for _kind, substring in item.expected:
        assert item.text.count(substring) == 1, substring
    assert len(expected_spans(item)) == len(item.expected)


def test_the_scoring_counts_a_wrong_kind_or_span_as_a_miss_and_a_false_alarm() -> None:
    item = Sample("Ring 070-123 45 67 nu.", ((FindingKind.PHONE, "070-123 45"),))

    score = corpus_scores([item])[FindingKind.PHONE]

    assert (score.expected, score.found, score.correct) == (1, 1, 0)
    assert (score.recall, score.precision) == (0.0, 0.0)
