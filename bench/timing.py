"""Timing shared by the benchmarks: the median of several runs of the same work."""

from __future__ import annotations

import statistics
import time


def median_time(function, repeat: int = 5) -> float:
    """Median seconds of `repeat` calls of `function` (the median: one slow run on a shared machine is noise)."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)
