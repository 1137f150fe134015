"""Labels fitted into their shapes: for each shape (the smallest first), its labels in rows from the top, each
row as near where the picture puts it as fits, the lines of each label broken one way after another, at one
size after another down to the picture's smallest words, then in the shape grown where there is room; a label
that fits nowhere placed crossing its own shape least, over no other words."""

from __future__ import annotations

import bisect
import itertools
import math
from dataclasses import dataclass
from functools import lru_cache

from builder.svg.lines import Block, Piece
from builder.svg.measure import extent, pitch
from builder.svg.shapes import Box, Drawing, Shape

ROW_GAP = 0.3  # the least room between labels one above the other in a shape, in em of the larger letters
CANVAS_ROW_GAP = 1.0  # between labels one above the other on the picture itself: more than between lines
SIDE_GAP = 0.6  # between labels side by side, so that they read as two
PAD = 0.25  # between words and an outline, besides half the outline's width
SHRINK_STEP = 0.02  # labels are made smaller a fiftieth at a time
MAX_WAYS = 24  # ways of breaking a shape's labels into lines tried at each size
SHIFTS = 24  # places tried above and below where a row of labels would go
RELAXED_WAYS = 6  # ways tried, once one is found, for labels that fit nowhere
ARRANGE_BUDGET = 60  # rows tried at a place, for one way of breaking a shape's labels
GROWTH_ROUNDS = 80
MAX_GROWTH = 1.5  # a shape grows to at most half as wide and tall again


@dataclass(frozen=True)
class TooLong:
    """A label too long for its shape even at the smallest size the picture allows."""

    text: str
    lang: str | None


@dataclass(frozen=True)
class Placed:
    piece: Piece
    block: Block
    x: float
    middle: float

    @property
    def boxes(self) -> list[Box]:
        return self.block.boxes(self.x, self.middle)


@dataclass
class Group:
    """The labels one shape holds, in rows from the top (labels side by side share a row)."""

    shape: Shape
    pieces: list[Piece]
    rows: list[list[int]]


class Fitter:
    """Lays out every label of a picture, the smallest shapes' first; remembers what it placed and grew."""

    def __init__(self, drawn: Drawing, floor: float, pieces: list[Piece]):
        self.shapes = list(drawn.shapes)
        self.points = sorted(drawn.points)
        self.xs = [point[0] for point in self.points]
        self.reach = max((point[2] for point in self.points), default=0.0)
        self.floor = floor
        self.pieces = pieces
        self.placed: list[Placed] = []
        self.grown: dict[int, Shape] = {}  # by the shape's index in self.shapes
        # Labels that fit nowhere are let cross their own shape's outline (1), then any outline or line (2)
        self.relaxed = 0

    def fit(self, pieces: list[Piece]) -> list[TooLong]:
        """Place every label, each with the shape that holds its anchor; those too long even so."""
        groups: dict[int, list[Piece]] = {}
        for piece in pieces:
            holders = [index for index, shape in enumerate(self.shapes) if shape.distance(piece.x, piece.middle) > 0]
            holder = min(holders, key=lambda index: self.shapes[index].area, default=0)
            groups.setdefault(holder, []).append(piece)
        too_long: list[TooLong] = []
        for holder in sorted(groups, key=lambda index: self.shapes[index].area):
            group = Group(self.shapes[holder], groups[holder], _rows(groups[holder]))
            placed = self._fit_group(holder, group)
            if placed is None:
                placed, long = self._least_bad(holder, group)
                too_long += [TooLong(" ".join(piece.words), piece.lang) for piece in long]
            self.placed += placed
        self._keep_apart()
        return too_long

    # -- one shape's labels --------------------------------------------------------------------------------

    def _fit_group(self, holder: int, group: Group) -> list[Placed] | None:
        """The labels placed at the largest size that fits, in their shape, else in it grown where there is
        room; None if they fit neither."""
        for scale in self._scales(group):
            found = self._at_scale(holder, group, scale)
            if found is not None:
                return found
        if not group.shape.growable:
            return None
        original = group.shape
        for _ in range(GROWTH_ROUNDS):
            bigger = self._grow(holder, group.shape, original)
            if bigger is None:
                break
            group.shape = self.shapes[holder] = bigger
            if self._at_scale(holder, group, self._scales(group)[-1]) is not None:
                for scale in self._scales(group):
                    found = self._at_scale(holder, group, scale)
                    if found is not None:
                        self.grown[holder] = bigger
                        return found
        group.shape = self.shapes[holder] = original
        return None

    def _scales(self, group: Group) -> list[float]:
        largest = max(piece.size for piece in group.pieces)
        least = min(1.0, self.floor / largest)
        steps = int((1 - least) / SHRINK_STEP)
        scales = [1 - step * SHRINK_STEP for step in range(steps + 1)]
        return scales + ([least] if least < scales[-1] else [])

    def _size(self, piece: Piece, scale: float) -> float:
        return min(piece.size, max(self.floor, piece.size * scale))

    def _blocks(self, group: Group, scale: float):
        """Each way of breaking the group's labels into lines at a scale, the preferred ways first."""
        options = []
        for piece in group.pieces:
            size = self._size(piece, scale)
            options.append([Block(way, size, tuple(extent(piece.face, line) for line in way), pitch(piece.face) * size,
                                   piece.anchor, size * piece.face.size_adjust) for way in piece.ways])
        for chosen in itertools.islice(_by_rank([len(option) for option in options]), MAX_WAYS):
            yield [option[index] for option, index in zip(options, chosen)]

    def _at_scale(self, holder: int, group: Group, scale: float) -> list[Placed] | None:
        """The labels at one scale, in the first way of breaking their lines that fits (a way too tall or
        too wide for the shape is passed over without trying it)."""
        shape = group.shape
        inner_height = math.inf if canvas(shape, self.shapes[0]) else shape.bottom - shape.top - shape.stroke
        for blocks in self._blocks(group, scale):
            heights = [self._row_extent(group, row, blocks) for row in group.rows]
            if sum(bottom - top for top, bottom, _ in heights) > inner_height:
                continue
            if any(block.span[1] - block.span[0] > shape.right - shape.left - shape.stroke for block in blocks):
                continue
            for packed in (False, True) if shape.growable else (False,):
                found = self._arrange(holder, group, blocks, packed)
                if found is not None:
                    return found
        return None

    def _row_extent(self, group: Group, row: list[int], blocks: list[Block]) -> tuple[float, float, float]:
        """A row's top and bottom about its middle, and its largest letters' size."""
        tops, bottoms = zip(*(blocks[index].height for index in row))
        return min(tops), max(bottoms), max(blocks[index].em for index in row)

    def _arrange(self, holder: int, group: Group, blocks: list[Block], packed: bool) -> list[Placed] | None:
        """The rows placed from the top, each where the picture puts it (or packed about the shape's middle)
        or as near there as it fits below the row above, leaving room for the rows below; a row that fits
        nowhere sends the one above to its next place. None if they cannot all fit."""
        shape = group.shape
        extents = [self._row_extent(group, row, blocks) for row in group.rows]
        gap = CANVAS_ROW_GAP if canvas(self.shapes[holder], self.shapes[0]) else ROW_GAP
        gaps = [gap * max(a[2], b[2]) for a, b in zip(extents, extents[1:])]
        targets = [sum(group.pieces[index].middle for index in row) / len(row) for row in group.rows]
        if packed:
            cursor = shape.centre[1] - (sum(bottom - top for top, bottom, _ in extents) + sum(gaps)) / 2
            targets = []
            for number, (top, bottom, _) in enumerate(extents):
                targets.append(cursor - top)
                cursor += bottom - top + (gaps[number] if number < len(gaps) else 0.0)
        high = shape.bottom - shape.stroke / 2 + (shape.bottom - shape.top) / 2 * canvas(shape, self.shapes[0])
        below = [sum(bottom - top for top, bottom, _ in extents[number + 1:]) + sum(gaps[number:])
                 for number in range(len(extents))]
        budget = [ARRANGE_BUDGET]

        def place(number: int, lowest: float) -> list[Placed] | None:
            if number == len(group.rows):
                return []
            top, bottom, em = extents[number]
            highest = high - below[number] - bottom
            for middle in _tries(max(targets[number], lowest), lowest, highest, em):
                budget[0] -= 1
                if budget[0] < 0:
                    return None
                row = self._row_at(holder, group, group.rows[number], blocks, middle)
                if row is not None:
                    rest = place(number + 1, middle + bottom + gaps[number] - extents[number + 1][0]
                                 if number + 1 < len(extents) else high)
                    if rest is not None:
                        return row + rest
            return None

        return place(0, shape.top + shape.stroke / 2 - extents[0][0])

    def _row_at(self, holder: int, group: Group, row: list[int], blocks: list[Block], middle: float
                ) -> list[Placed] | None:
        """A row's labels side by side at a height, as near their own places as the shape's width there lets
        them (each line where it is: an ellipse is wider at its middle than at its top)."""
        bounds = []
        for index in row:
            bound = self._across(group.shape, blocks[index], middle)
            if bound is None:
                return None
            bounds.append(bound)
        em = max(blocks[index].em for index in row)
        spans = [blocks[index].span for index in row]
        xs = _clamped([group.pieces[index].x for index in row], spans, [SIDE_GAP * em] * (len(row) - 1), bounds)
        placed = [Placed(group.pieces[index], blocks[index], x, middle) for index, x in zip(row, xs)]
        if all(low - 0.01 <= x <= high + 0.01 for x, (low, high) in zip(xs, bounds)) and all(
                self._clear(holder, item) for item in placed):
            return placed
        if len(row) == 1:  # a single label may move along its row, clear of what is in the shape with it
            for x in _tries(xs[0], *bounds[0], em, SHIFTS // 2):
                item = Placed(group.pieces[row[0]], blocks[row[0]], x, middle)
                if self._clear(holder, item):
                    return [item]
        return None

    def _across(self, shape: Shape, block: Block, middle: float) -> tuple[float, float] | None:
        """Where a label's anchor may be across the shape with its lines at this height: each line inside
        the shape's width where that line is."""
        low, high = -math.inf, math.inf
        clearance, free = shape.stroke / 2 + PAD * block.em, canvas(shape, self.shapes[0])
        for left, top, right, bottom in block.boxes(0.0, middle):
            if free:  # the picture itself, which may grow taller
                chord = (shape.left + clearance, shape.right - clearance) if top >= shape.top + clearance else None
            else:
                chord = shape.chord(top, bottom, clearance)
            if chord is None:
                return None
            low, high = max(low, chord[0] - left), min(high, chord[1] - right)
        return (low, high) if low <= high else None

    def _clear(self, holder: int, item: Placed) -> bool:
        """The label's lines are inside its shape, outside every other shape it is not inside, clear of the
        picture's lines and of the labels already placed."""
        em = item.block.em
        shape = self.shapes[holder]
        for box in item.boxes:
            if self.relaxed:
                pass
            elif canvas(shape, self.shapes[0]):  # words on the picture itself may make it taller (not wider)
                if box[0] < shape.left + PAD * em or box[2] > shape.right - PAD * em or box[1] < shape.top + PAD * em:
                    return False
            elif not shape.holds(box, shape.stroke / 2 + PAD * em):
                return False
            if any(_overlap(box, other, ROW_GAP * max(em, placed.block.em))
                   for placed in self.placed for other in placed.boxes):
                return False
            if self.relaxed > 1:
                picture = self.shapes[0]
                if box[0] < picture.left or box[2] > picture.right or box[1] < picture.top:
                    return False
                continue
            for index, other in enumerate(self.shapes):
                if index == holder:
                    continue
                if canvas(other, self.shapes[0]):  # the picture grows taller for a shape grown past its bottom
                    room = PAD * em
                    if box[0] < other.left + room or box[2] > other.right - room or box[1] < other.top + room:
                        return False
                elif not self._inside(holder, index) and not other.clear_of(box, other.stroke / 2 + PAD * em):
                    return False
            left, top, right, bottom = box
            room = PAD * em
            first = bisect.bisect_left(self.xs, left - room - self.reach)
            last = bisect.bisect_right(self.xs, right + room + self.reach)
            if any(left - room - reach < x < right + room + reach and top - room - reach < y < bottom + room + reach
                   for x, y, reach in self.points[first:last]):
                return False
        return True

    def _inside(self, inner: int, outer: int) -> bool:
        return _inside(self.shapes[inner], self.shapes[outer])

    # -- growing a shape -------------------------------------------------------------------------------------

    def _grow(self, holder: int, shape: Shape, original: Shape) -> Shape | None:
        """The shape grown a step on each side that has room: inside the shapes that hold it, clear of the
        others, of lines it did not already touch and of other labels; None if no side has room."""
        picture = self.shapes[0]
        step = max(2.0, 0.01 * max(picture.right - picture.left, picture.bottom - picture.top))
        grown = shape
        others = [box for placed in self.placed if not _inside(self._holder_of(placed), original)
                  for box in placed.boxes]
        for side in ("top", "bottom", "left", "right"):
            candidate = grown.grown(side, step)
            if (candidate.right - candidate.left <= MAX_GROWTH * (original.right - original.left)
                    and candidate.bottom - candidate.top <= MAX_GROWTH * (original.bottom - original.top)
                    and self._room_for(holder, candidate, original, others)):
                grown = candidate
            if shape.kind == "circle":
                break
        return grown if grown != shape else None

    def _room_for(self, holder: int, candidate: Shape, original: Shape, others: list[Box]) -> bool:
        """Whether the grown shape has room: inside what holds it (the picture may grow taller: nothing is
        below its bottom edge), clear of every other shape, line and label it did not already touch."""
        margin = candidate.stroke / 2 + 2.0
        outline = candidate.outline()
        for index, other in enumerate(self.shapes):
            if index == holder:
                continue
            if canvas(other, self.shapes[0]):
                if any(x < other.left + margin or x > other.right - margin or y < other.top + margin
                       for x, y in outline):
                    return False
            elif _inside(original, other):
                if any(other.distance(x, y) < margin + other.stroke / 2 for x, y in outline):
                    return False
            elif not _inside(other, original) and not _touching(original, other):
                if any(other.distance(x, y) > -(margin + other.stroke / 2) for x, y in outline):
                    return False
                if candidate.distance(*other.centre) > 0:
                    return False
        for x, y, reach in self.points:
            if candidate.distance(x, y) > -(margin + reach) and original.distance(x, y) <= -(margin + reach):
                return False
        for piece in self.pieces:  # a label of another shape is not swallowed (it may move aside, see fit)
            if original.distance(piece.x, piece.middle) <= 0 < candidate.distance(piece.x, piece.middle) + piece.size / 4:
                return False
        return all(candidate.clear_of(box, margin) for box in others)

    def _holder_of(self, placed: Placed) -> Shape:
        holders = [shape for shape in self.shapes if shape.distance(placed.piece.x, placed.piece.middle) > 0]
        return min(holders, key=lambda shape: shape.area, default=self.shapes[0])

    # -- when nothing fits -----------------------------------------------------------------------------------

    def _least_bad(self, holder: int, group: Group) -> tuple[list[Placed], list[Piece]]:
        """The labels at the smallest size, near their shape, crossing its outline least: first clear of every
        other shape, line and label; else clear of the other labels only; else kept in their shape as far as
        they go (never over each other: see `_keep_apart`). And those that cross their shape."""
        shape, picture = group.shape, self.shapes[0]
        across, down = (shape.right - shape.left) / 4, (shape.bottom - shape.top) / 4  # near the shape
        near = Shape(None, "picture", max(picture.left, shape.left - across), max(picture.top, shape.top - down),
                     min(picture.right, shape.right + across), min(picture.bottom, shape.bottom + down), 0.0, 0.0, 0.0,
                     growable=False)
        around = Group(near, group.pieces, group.rows)
        best: tuple[float, list[Placed]] | None = None
        for self.relaxed in (1, 2):
            for count, blocks in enumerate(self._blocks(group, self._scales(group)[-1])):
                for packed in (False, True):
                    placed = self._arrange(holder, around, blocks, packed)
                    if placed is not None and (best is None or self._crossing(shape, placed) < best[0]):
                        best = (self._crossing(shape, placed), placed)
                if best is not None and count >= RELAXED_WAYS:
                    break
            if best is not None:
                break
        self.relaxed = 0
        if best is None:
            for blocks in self._blocks(group, self._scales(group)[-1]):
                placed = self._squeezed(group, blocks)
                if best is None or self._crossing(shape, placed) < best[0]:
                    best = (self._crossing(shape, placed), placed)
        placed = best[1]
        long = [item.piece for item in placed if not self._clear(holder, item)]
        return placed, long or [max(group.pieces, key=lambda piece: len(" ".join(piece.words)))]

    def _crossing(self, shape: Shape, placed: list[Placed]) -> float:
        """How far past the shape's outline (less its padding) the labels' lines reach, in all."""
        return sum(max(0.0, shape.stroke / 2 + PAD * item.block.em - min(
            shape.distance(x, y) for x in box[0::2] for y in box[1::2])) for item in placed for box in item.boxes)

    def _squeezed(self, group: Group, blocks: list[Block]) -> list[Placed]:
        """The labels kept inside their shape's height and width as far as they go, apart from each other."""
        shape = group.shape
        extents = [self._row_extent(group, row, blocks) for row in group.rows]
        targets = [sum(group.pieces[index].middle for index in row) / len(row) for row in group.rows]
        low, high = shape.top + shape.stroke / 2, shape.bottom - shape.stroke / 2
        middles = _clamped(targets, [(top, bottom) for top, bottom, _ in extents],
                           [ROW_GAP * max(a[2], b[2]) for a, b in zip(extents, extents[1:])],
                           [(low - top, high - bottom) for top, bottom, _ in extents])
        placed = []
        for row, middle, (_, _, em) in zip(group.rows, middles, extents):
            spans = [blocks[index].span for index in row]
            bounds = [self._across(shape, blocks[index], middle) or (
                shape.left + shape.stroke - span[0], shape.right - shape.stroke - span[1])
                for index, span in zip(row, spans)]
            xs = _clamped([group.pieces[index].x for index in row], spans, [SIDE_GAP * em] * (len(row) - 1), bounds)
            placed += [Placed(group.pieces[index], blocks[index], x, middle) for index, x in zip(row, xs)]
        return placed

    def _keep_apart(self) -> None:
        """Labels that overlap (only ever when one did not fit) moved down, clear of each other."""
        for _ in range(len(self.placed) ** 2):
            moved = False
            for first, second in itertools.combinations(range(len(self.placed)), 2):
                a, b = self.placed[first], self.placed[second]
                gap = ROW_GAP * max(a.block.em, b.block.em)
                if any(_overlap(box, other, gap) for box in a.boxes for other in b.boxes):
                    upper, lower = (first, second) if a.middle <= b.middle else (second, first)
                    low_box = max(box[3] for box in self.placed[upper].boxes)
                    top_box = min(box[1] for box in self.placed[lower].boxes)
                    item = self.placed[lower]
                    self.placed[lower] = Placed(item.piece, item.block, item.x, item.middle + low_box - top_box + gap)
                    moved = True
            if not moved:
                return


def _by_rank(counts: list[int]):
    """Every choice of one way for each label (their indexes), those with the least sum of indexes first:
    made one sum at a time, so that a picture with many labels is not listed whole."""
    def summing(total: int, place: int):
        if place == len(counts) - 1:
            if total < counts[place]:
                yield (total,)
            return
        for index in range(min(total, counts[place] - 1) + 1):
            for rest in summing(total - index, place + 1):
                yield (index, *rest)

    for total in range(sum(counts) - len(counts) + 1):
        yield from summing(total, 0)


def _rows(pieces: list[Piece]) -> list[list[int]]:
    """Labels in rows from the top: those whose middles are within half a letter of the row's first share it,
    left to right."""
    order = sorted(range(len(pieces)), key=lambda index: pieces[index].middle)
    rows: list[list[int]] = []
    for index in order:
        if rows and abs(pieces[index].middle - pieces[rows[-1][0]].middle) < 0.5 * pieces[index].size:
            rows[-1].append(index)
        else:
            rows.append([index])
    return [sorted(row, key=lambda index: pieces[index].x) for row in rows]


def _clamped(targets: list[float], spans: list[tuple[float, float]], gaps: list[float],
             bounds: list[tuple[float, float]]) -> list[float]:
    """Positions as near their targets as keeps each within its bounds and each span (about its position)
    the gap from its neighbours'; where they cannot all fit, they are kept apart and run past their bounds."""
    places = [min(max(target, low), high) for target, (low, high) in zip(targets, bounds)]
    for index in range(1, len(places)):  # not over the one before it
        places[index] = max(places[index], places[index - 1] + spans[index - 1][1] + gaps[index - 1] - spans[index][0])
    for index in reversed(range(len(places) - 1)):  # nor past its bound or over the one after it, moving back
        places[index] = min(places[index], bounds[index][1],
                            places[index + 1] + spans[index + 1][0] - gaps[index] - spans[index][1])
        places[index] = max(places[index], bounds[index][0]) if index == 0 else places[index]
    for index in range(1, len(places)):  # never over each other, even when they run past their bounds
        places[index] = max(places[index], places[index - 1] + spans[index - 1][1] + gaps[index - 1] - spans[index][0])
    return places


def _tries(start: float, lowest: float, highest: float, em: float, shifts: int = SHIFTS) -> list[float]:
    """Places to try, nearest `start` first, between `lowest` and `highest`."""
    if highest < lowest:
        return [start] if lowest - 0.01 <= start <= highest + 0.01 else []
    start = min(max(start, lowest), highest)
    step = max(0.1 * em, (highest - lowest) / shifts)
    found = [start]
    for count in range(1, shifts + 1):
        found += [place for place in (start + count * step, start - count * step) if lowest <= place <= highest]
    return found


def _overlap(first: Box, second: Box, gap: float) -> bool:
    return (first[0] < second[2] + gap and second[0] < first[2] + gap and first[1] < second[3] + gap
            and second[1] < first[3] + gap)


def canvas(shape: Shape, picture: Shape) -> bool:
    """The picture's edges, or a background that fills them."""
    return shape.kind == "picture" or (shape.kind == "rect" and not shape.growable
                                       and shape.area >= 0.95 * picture.area)


@lru_cache(maxsize=4096)
def _inside(inner: Shape, outer: Shape) -> bool:
    """Whether one shape lies inside another (the picture's edges hold every shape)."""
    if inner == outer:
        return False
    return outer.kind == "picture" or all(outer.distance(x, y) >= 0 for x, y in inner.outline()[::4])


@lru_cache(maxsize=4096)
def _touching(first: Shape, second: Shape) -> bool:
    """Whether two shapes already overlap (neither inside the other): such a shape may grow into the other."""
    return any(second.distance(x, y) > -second.stroke / 2 for x, y in first.outline()[::4])
