"""Thousands of mutated pictures (a seeded generator: tests/svg/fuzz.py) through the check and everything the
writers do to a picture: refused with a reason, or drawn; never a traceback, never a hang. `make fuzz` runs
more (FUZZ_EXAMPLES, default 3000) and draws every one."""

from __future__ import annotations

import os
import random
import signal

import pytest

from builder import svg
from builder.locale import locale_for
from builder.writers.word.drawing import drawing_png
from tests.svg.fuzz import mutated, pictures

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "120"))
DRAW_EVERY = 1 if "FUZZ_EXAMPLES" in os.environ else 10  # drawing with CairoSVG is the slow part
SECONDS = 10  # for one picture through everything: a hang fails the test


def through_everything(data: bytes, draw: bool) -> str:
    """What the writers do with a picture: checked, translated, laid out in each language's direction and
    colour scheme, made drawable, cut for a narrow page, its words placed, and (with `draw`) drawn for Word."""
    try:
        checked = svg.checked_svg(data)
    except svg.UnsafeSvg as refused:
        assert str(refused), "a refusal says why"
        return "refused"
    translated = svg.with_texts(checked, lambda text: "Przetłumaczone " + text.text, "pl")
    for picture, scheme in ((checked, "standard"), (translated, "high-contrast"), (checked, "cream")):
        coloured = svg.drawable(svg.in_scheme(picture, scheme, wrap=False))
        width, _ = svg.size_of(coloured)
        svg.origin(coloured)
        svg.smallest_text(coloured)
        svg.labels(coloured)
        cuts = svg.cut_points(svg.wrapped(coloured), width / 3)
        for left, right in zip(cuts, cuts[1:]):
            svg.without_words(svg.window(coloured, left, right))
        svg.in_scheme(picture, scheme)  # as the web page and the EPUB take it
    if draw:
        drawing_png(svg.in_scheme(checked, "standard", wrap=False), locale_for("en-GB"), 60)
    return "drawn"


def _too_slow(signum, frame):
    raise TimeoutError(f"one picture took over {SECONDS} s")


def test_mutated_pictures_are_refused_or_drawn_never_a_crash_or_a_hang():
    chance = random.Random(38)
    sources = pictures()
    outcomes = {"refused": 0, "drawn": 0}
    previous = signal.signal(signal.SIGALRM, _too_slow)
    try:
        for number in range(EXAMPLES):
            picture = mutated(chance.choice(sources), chance, chance.randint(1, 4))
            signal.alarm(SECONDS)
            try:
                outcomes[through_everything(picture.encode("utf-8"), number % DRAW_EVERY == 0)] += 1
            except Exception as crash:  # noqa: BLE001 - the test names the picture that crashed
                pytest.fail(f"example {number} ({type(crash).__name__}: {crash}):\n{picture[:3000]}")
            finally:
                signal.alarm(0)
    finally:
        signal.signal(signal.SIGALRM, previous)
    assert outcomes["drawn"] > EXAMPLES // 4 and outcomes["refused"] > 0, outcomes  # both roads were taken
