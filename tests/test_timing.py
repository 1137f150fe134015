"""Times as trainers write them, read as minutes."""

from __future__ import annotations

import pytest

from builder.timing import clock, minutes


@pytest.mark.parametrize("text, expected", [
    ("90 minutes", 90), ("90 min", 90), ("15", 15), (15, 15), ("1 hour", 60), ("2 hours", 120),
    ("1 hour 30 minutes", 90), ("1 hour and 30 minutes", 90), ("1.5 hours", 90), ("1,5 hours", 90), ("1h30", 90),
    ("1h 30m", 90), ("5 mins", 5),
    ("half an hour", None), ("ten", None), ("0", None), ("1.25 min", None), ("abc 5", None), ("", None),
    (True, None), (0, None), (24 * 60 + 1, None), ("5 days", None),
])
def test_minutes(text, expected):
    assert minutes(text) == expected


def test_clock_shows_hours_and_minutes_from_the_start():
    assert [clock(0), clock(5), clock(65), clock(600)] == ["0:00", "0:05", "1:05", "10:00"]


def test_reading_a_time_grows_linearly_with_its_length():
    """A `duration` of 26 digits and an `x` took 13 s and doubled with each digit (issue 38, finding 4): each
    shape of hostile time, at 1x and 4x its length, must take under 8 times as long (not an absolute time)."""
    import time

    from builder.timing import minutes

    def seconds(text: str) -> float:
        """The quickest of five readings: the least disturbed by other work on the machine."""
        times = []
        for _ in range(5):
            started = time.perf_counter()
            assert minutes(text) is None
            times.append(time.perf_counter() - started)
        return min(times)

    for shape in (lambda n: "1" * n + "x", lambda n: "1" + " " * n + "x", lambda n: "1 h " * (n // 4) + "x",
                  lambda n: "1" + "5" * n + " minutes and x"):
        # long enough that a few milliseconds of other work on the machine do not decide it (linear: 4 times)
        small, large = seconds(shape(40_000)), seconds(shape(160_000))
        assert large < 8 * max(small, 0.01), (shape(8), small, large)  # quadratic takes seconds here
    assert minutes("1" * 26 + "x") is None and minutes("1 hour and 30 minutes") == 90
