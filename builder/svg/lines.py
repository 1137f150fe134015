"""A label and its lines: the ways its words can be broken into lines (as the picture asks first, then into
each other number of lines, each as evenly as it goes), and a way measured at a size in its font."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property

from builder.svg.measure import Extent, Face, extent
from builder.svg.shapes import Box

MAX_LINES = 8


@dataclass
class Piece:
    """One label: its words, font, authored size and place (x, and the middle of its lines)."""

    element: object
    words: list[str]
    face: Face
    size: float
    anchor: str
    x: float
    middle: float
    wrap: float | None
    lang: str | None
    ways: list[tuple[str, ...]] = field(default_factory=list)  # ways to break it into lines, the preferred first


@dataclass(frozen=True)
class Block:
    """A label's lines at a size, measured about its anchor's x and its lines' middle."""

    lines: tuple[str, ...]
    size: float
    extents: tuple[Extent, ...]
    step: float  # from one line's middle to the next
    anchor: str
    em: float  # the size its letters are drawn at

    @cached_property
    def relative(self) -> tuple[Box, ...]:
        """Each line's ink (and advance) about the anchor's x and the block's middle."""
        found = []
        for index, line in enumerate(self.extents):
            centre = (index - (len(self.lines) - 1) / 2) * self.step
            advance = line.advance * self.size
            start = {"middle": -advance / 2, "end": -advance}.get(self.anchor, 0.0)
            found.append((start + min(0.0, line.left) * self.size, centre + line.top * self.size,
                          start + max(line.advance, line.right) * self.size, centre + line.bottom * self.size))
        return tuple(found)

    def boxes(self, x: float, middle: float) -> list[Box]:
        return [(left + x, top + middle, right + x, bottom + middle) for left, top, right, bottom in self.relative]

    @cached_property
    def span(self) -> tuple[float, float]:
        return min(box[0] for box in self.relative), max(box[2] for box in self.relative)

    @cached_property
    def height(self) -> tuple[float, float]:
        return min(box[1] for box in self.relative), max(box[3] for box in self.relative)


def ways_of(piece: Piece) -> list[tuple[str, ...]]:
    """Ways to break a label into lines: as the picture asks first (as many lines as its data-wrap width
    takes, else one), then into each other number of lines, those nearest the asked-for first; each as evenly
    as it goes, so that a centred label has no word left alone on its last line."""
    words = piece.words
    widths = {}

    def width(start: int, end: int) -> float:
        if (start, end) not in widths:
            widths[start, end] = extent(piece.face, " ".join(words[start:end])).advance
        return widths[start, end]

    def broken(limit: float) -> tuple[str, ...]:
        lines, start = [], 0
        for end in range(1, len(words) + 1):
            if end - start > 1 and width(start, end) > limit:
                lines.append(" ".join(words[start:end - 1]))
                start = end - 1
        lines.append(" ".join(words[start:]))
        return tuple(lines)

    limits = sorted({width(start, end) for start in range(len(words)) for end in range(start + 1, len(words) + 1)})
    even: dict[int, tuple[str, ...]] = {}  # by number of lines: broken at the narrowest width that gives it
    for limit in limits:
        even.setdefault(len(broken(limit)), broken(limit))
    asked = broken(piece.wrap / piece.size) if piece.wrap else (" ".join(words),)
    asked = even.get(len(asked), asked)
    others = [way for count, way in even.items() if count <= MAX_LINES and way != asked]
    return [asked] + sorted(others, key=lambda way: (abs(len(way) - len(asked)), len(way)))
