"""The one timing helper the benchmarks share."""

import statistics
import time
from collections.abc import Callable


def median_ms(action: Callable[[], object], runs: int = 5) -> float:
    """The median wall-clock time of `runs` calls of `action`, in milliseconds."""
    timings = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)
