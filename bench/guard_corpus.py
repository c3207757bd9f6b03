"""Score the document guard on the labelled corpus: recall and precision per kind.

Usage: python bench/guard_corpus.py
Prints the table tests/test_guard_corpus.py checks (the corpus and the scoring are shared, in
tests/guard_corpus.py), with every miss and false alarm, and writes it to
bench/guard_corpus-<YYYY-MM-DD>.txt.
"""

import datetime
import platform
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.guard_corpus import corpus_scores, score_table


def main() -> None:
    scores = corpus_scores()
    lines = [score_table(scores), ""]
    for kind, score in scores.items():
        lines += [f"miss {kind.value}: {miss}" for miss in score.misses]
        lines += [f"false alarm {kind.value}: {alarm}" for alarm in score.false_alarms]
    report = "\n".join(lines).rstrip() + "\n"
    print(report, end="")
    today = datetime.datetime.now(tz=datetime.UTC).date()
    out = Path(__file__).with_name(f"guard_corpus-{today.isoformat()}.txt")
    out.write_text(f"{today.isoformat()} on {platform.node()} ({platform.machine()})\n{report}")
    print(f"written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
