"""What a picture draws, as its labels must keep clear of it: the shapes that can hold words (rect, circle,
ellipse; an embedded picture too, which cannot grow), each as a box with elliptical corners (an ellipse is one
whose corners meet), with its outline's width; and the other lines drawn (line, polyline, polygon, path) as
points along them. Places are in the picture's own units, through any transform that keeps edges upright."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace

from lxml import etree

from builder.svg.check import SVG, _view_box, view_size
from builder.svg.style import _inherited, _paint_colour, _specified

NOT_DRAWN = {"defs", "clipPath", "mask", "pattern", "marker", "symbol", "linearGradient", "radialGradient",
             "filter", "metadata", "title", "desc", "style", "script"}
_NUMBER = re.compile(r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)")
_PATH_TOKEN = re.compile(r"[MmLlHhVvCcSsQqTtAaZz]|[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
_SAMPLE_STEP = 4.0  # user units between the points a line is kept clear by

Box = tuple[float, float, float, float]  # left, top, right, bottom
Affine = tuple[float, float, float, float]  # x scale, y scale, x shift, y shift: edges stay upright


@dataclass(frozen=True)
class Shape:
    """A shape as drawn: its box (through the middle of its outline), its corners' radii, its outline's width.
    `element` is None for the picture's own edges; `growable` says whether a label may make it bigger."""

    element: object
    kind: str  # rect, circle, ellipse, image or picture
    left: float
    top: float
    right: float
    bottom: float
    rx: float
    ry: float
    stroke: float
    affine: Affine = (1.0, 1.0, 0.0, 0.0)
    growable: bool = True

    @property
    def area(self) -> float:
        return (self.right - self.left) * (self.bottom - self.top)

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2

    def distance(self, x: float, y: float) -> float:
        """How far the point is inside the outline's middle line (outside: below 0)."""
        inner_left, inner_right = self.left + self.rx, self.right - self.rx
        inner_top, inner_bottom = self.top + self.ry, self.bottom - self.ry
        in_x, in_y = inner_left <= x <= inner_right, inner_top <= y <= inner_bottom
        if (in_x or in_y) or self.rx <= 0 or self.ry <= 0:
            if self.left <= x <= self.right and self.top <= y <= self.bottom:
                return min(x - self.left, self.right - x, y - self.top, self.bottom - y)
            dx, dy = max(self.left - x, 0.0, x - self.right), max(self.top - y, 0.0, y - self.bottom)
            return -math.hypot(dx, dy)
        centre_x = inner_left if x < inner_left else inner_right
        centre_y = inner_top if y < inner_top else inner_bottom
        return _ellipse_distance(self.rx, self.ry, x - centre_x, y - centre_y)

    def holds(self, box: Box, clearance: float) -> bool:
        """The box lies inside, at least `clearance` from the outline's middle (the least distance of a box
        inside a convex shape is at one of its corners)."""
        left, top, right, bottom = box
        return all(self.distance(x, y) >= clearance for x in (left, right) for y in (top, bottom))

    def clear_of(self, box: Box, clearance: float) -> bool:
        """The box lies outside, at least `clearance` from the outline's middle."""
        left, top, right, bottom = box
        if (left >= self.right + clearance or right <= self.left - clearance or top >= self.bottom + clearance
                or bottom <= self.top - clearance):
            return True
        centre_x, centre_y = self.centre
        if left <= centre_x <= right and top <= centre_y <= bottom:
            return False
        if abs(self.rx - self.ry) < 1e-9:  # round corners: the shape is its inner box grown by their radius
            gap_x = max(self.left + self.rx - right, 0.0, left - (self.right - self.rx))
            gap_y = max(self.top + self.ry - bottom, 0.0, top - (self.bottom - self.ry))
            return math.hypot(gap_x, gap_y) >= self.rx + clearance
        edges = (((left, top), (right, top)), ((right, top), (right, bottom)), ((right, bottom), (left, bottom)),
                 ((left, bottom), (left, top)))
        return all(self._nearest_on(start, end) <= -clearance for start, end in edges)

    def _nearest_on(self, start: tuple[float, float], end: tuple[float, float]) -> float:
        """The largest distance inside (the least outside) along a segment: a concave measure, found by
        narrowing in on its top."""
        def at(t: float) -> float:
            return self.distance(start[0] + (end[0] - start[0]) * t, start[1] + (end[1] - start[1]) * t)

        low, high = 0.0, 1.0
        for _ in range(16):
            first, second = low + (high - low) / 3, high - (high - low) / 3
            if at(first) < at(second):
                low = first
            else:
                high = second
        return max(at(0.0), at(1.0), at((low + high) / 2))

    def chord(self, top: float, bottom: float, clearance: float) -> tuple[float, float] | None:
        """The span across the shape, from `top` to `bottom`, within its outline drawn `clearance` further in
        (exact for rects and circles, a little generous for a long thin ellipse: `holds` has the last word)."""
        left, right = self.left + clearance, self.right - clearance
        upper, lower = self.top + clearance, self.bottom - clearance
        rx, ry = max(self.rx - clearance, 0.0), max(self.ry - clearance, 0.0)
        if top < upper or bottom > lower or left > right:
            return None
        inset = 0.0
        for y in (top, bottom):
            into = max(upper + ry - y, y - (lower - ry), 0.0)
            if into > 0 and rx > 0 and ry > 0:
                inset = max(inset, rx - rx * math.sqrt(max(0.0, 1 - (into / ry) ** 2)))
        return (left + inset, right - inset) if left + inset <= right - inset else None

    def outline(self) -> list[tuple[float, float]]:
        """Points along the outline's middle, a few units apart: its straight sides, then its corners."""
        points = []
        inner = ((self.left + self.rx, self.top + self.ry), (self.right - self.rx, self.top + self.ry),
                 (self.right - self.rx, self.bottom - self.ry), (self.left + self.rx, self.bottom - self.ry))
        sides = (((inner[0][0], self.top), (inner[1][0], self.top)),
                 ((self.right, inner[1][1]), (self.right, inner[2][1])),
                 ((inner[2][0], self.bottom), (inner[3][0], self.bottom)),
                 ((self.left, inner[3][1]), (self.left, inner[0][1])))
        for (x1, y1), (x2, y2) in sides:
            count = max(1, int(math.hypot(x2 - x1, y2 - y1) / _SAMPLE_STEP))
            points.extend((x1 + (x2 - x1) * i / count, y1 + (y2 - y1) * i / count) for i in range(count + 1))
        if self.rx > 0 and self.ry > 0:
            count = max(4, int(math.pi * (self.rx + self.ry) / 4 / _SAMPLE_STEP))
            for corner, (centre_x, centre_y) in enumerate(inner):
                angles = [math.pi + corner * math.pi / 2 + math.pi / 2 * i / count for i in range(count + 1)]
                points.extend((centre_x + self.rx * math.cos(angle), centre_y + self.ry * math.sin(angle))
                              for angle in angles)
        return points

    def grown(self, side: str, step: float) -> Shape:
        """The shape made `step` bigger on one side (a circle on every side, so that it stays round); an
        ellipse stays an ellipse, a rect keeps its corners."""
        if self.kind == "circle":
            return self._with_box(self.left - step, self.top - step, self.right + step, self.bottom + step)
        left, top, right, bottom = self.left, self.top, self.right, self.bottom
        left, top = left - step * (side == "left"), top - step * (side == "top")
        right, bottom = right + step * (side == "right"), bottom + step * (side == "bottom")
        return self._with_box(left, top, right, bottom)

    def _with_box(self, left: float, top: float, right: float, bottom: float) -> Shape:
        if self.kind in ("circle", "ellipse"):
            return replace(self, left=left, top=top, right=right, bottom=bottom, rx=(right - left) / 2,
                           ry=(bottom - top) / 2)
        return replace(self, left=left, top=top, right=right, bottom=bottom)

    def write(self) -> None:
        """Put the shape's place and size back into its element, in the element's own units."""
        x_scale, y_scale, x_shift, y_shift = self.affine
        xs = sorted(((self.left - x_shift) / x_scale, (self.right - x_shift) / x_scale))
        ys = sorted(((self.top - y_shift) / y_scale, (self.bottom - y_shift) / y_scale))
        values = {"rect": {"x": xs[0], "y": ys[0], "width": xs[1] - xs[0], "height": ys[1] - ys[0]},
                  "circle": {"cx": sum(xs) / 2, "cy": sum(ys) / 2, "r": (xs[1] - xs[0]) / 2},
                  "ellipse": {"cx": sum(xs) / 2, "cy": sum(ys) / 2, "rx": (xs[1] - xs[0]) / 2,
                              "ry": (ys[1] - ys[0]) / 2}}[self.kind]
        for name, value in values.items():
            self.element.set(name, f"{value:.6g}")


def _ellipse_distance(a: float, b: float, x: float, y: float) -> float:
    """How far (x, y), from an ellipse's middle, is inside the ellipse with half-axes a and b (outside: below
    0): its nearest point found by a few steps of the curvature method (Chatfield's), good to a hundredth."""
    px, py = abs(x), abs(y)
    tx = ty = math.sqrt(0.5)
    for _ in range(4):
        ex, ey = (a * a - b * b) * tx ** 3 / a, (b * b - a * a) * ty ** 3 / b
        rx, ry = a * tx - ex, b * ty - ey
        qx, qy = px - ex, py - ey
        r, q = math.hypot(rx, ry), math.hypot(qx, qy) or 1e-12
        tx = min(1.0, max(0.0, (qx * r / q + ex) / a))
        ty = min(1.0, max(0.0, (qy * r / q + ey) / b))
        norm = math.hypot(tx, ty) or 1e-12
        tx, ty = tx / norm, ty / norm
    gap = math.hypot(px - a * tx, py - b * ty)
    return gap if (px / a) ** 2 + (py / b) ** 2 <= 1 else -gap


@dataclass(frozen=True)
class Drawing:
    """Everything in a picture that its words must keep clear of: the shapes, the picture's own edges (the
    first shape), and the points along its other lines, each with how far its ink reaches round it."""

    shapes: tuple[Shape, ...]
    points: tuple[tuple[float, float, float], ...]  # x, y, half the line's width


def drawing(root) -> Drawing:
    """What `root` draws, in its own units."""
    left, top, width, height = _view_box(root) or (0.0, 0.0, *(view_size(root) or (1.0, 1.0)))
    shapes = [Shape(None, "picture", left, top, left + width, top + height, 0.0, 0.0, 0.0, growable=False)]
    points: list[tuple[float, float, float]] = []
    for element in root.iter(f"{{{SVG}}}*"):
        name = etree.QName(element).localname
        if name not in ("rect", "circle", "ellipse", "image", "line", "polyline", "polygon", "path"):
            continue
        affine = _affine(element)
        if affine is None or not _drawn(element):
            continue
        stroke = _stroke_width(element) * (abs(affine[0]) + abs(affine[1])) / 2
        if name in ("rect", "circle", "ellipse", "image"):
            shape = _shape(element, name, affine, stroke)
            if shape is not None:
                shapes.append(shape)
        else:
            points.extend((x, y, stroke / 2) for x, y in _line_points(element, name, affine))
    # A rect that fills the picture is its background: it holds the words that are in no other shape.
    shapes[1:] = [replace(shape, growable=False) if shape.area >= 0.95 * shapes[0].area else shape
                  for shape in shapes[1:]]
    return Drawing(tuple(shapes), tuple(points))


def _drawn(element) -> bool:
    """Whether the element is drawn at all: not inside a definition, not hidden, with a fill or an outline."""
    for ancestor in element.iterancestors():
        if not isinstance(ancestor.tag, str) or etree.QName(ancestor).localname in NOT_DRAWN:
            return False
    for node in (element, *element.iterancestors()):
        display = _specified(node, "display")
        if display and display[0].type == "ident" and display[0].lower_value == "none":
            return False
    if etree.QName(element).localname == "image":
        return True
    fill, stroke = _paint_colour(element, "fill"), _paint_colour(element, "stroke")
    return fill != "none" or stroke not in (None, "none")


def _stroke_width(element) -> float:
    if _paint_colour(element, "stroke") in (None, "none"):
        return 0.0
    found = _NUMBER.match(_inherited(element, "stroke-width") or "1")
    return abs(float(found.group(0))) if found else 1.0


def _number(element, name: str, default: float = 0.0) -> float:
    found = _NUMBER.match((element.get(name) or "").strip())
    return float(found.group(0)) if found else default


def _shape(element, name: str, affine: Affine, stroke: float) -> Shape | None:
    if name in ("rect", "image"):
        x, y = _number(element, "x"), _number(element, "y")
        width, height = _number(element, "width"), _number(element, "height")
        rx_given, ry_given = element.get("rx"), element.get("ry")
        rx = _number(element, "rx") if rx_given is not None else _number(element, "ry")
        ry = _number(element, "ry") if ry_given is not None else rx
        rx, ry = min(max(rx, 0.0), width / 2), min(max(ry, 0.0), height / 2)
        box = (x, y, x + width, y + height)
    elif name == "circle":
        cx, cy, r = _number(element, "cx"), _number(element, "cy"), _number(element, "r")
        box, rx, ry = (cx - r, cy - r, cx + r, cy + r), r, r
    else:
        cx, cy, rx, ry = (_number(element, "cx"), _number(element, "cy"), _number(element, "rx"),
                          _number(element, "ry"))
        box = (cx - rx, cy - ry, cx + rx, cy + ry)
    x_scale, y_scale, x_shift, y_shift = affine
    xs = sorted((box[0] * x_scale + x_shift, box[2] * x_scale + x_shift))
    ys = sorted((box[1] * y_scale + y_shift, box[3] * y_scale + y_shift))
    if xs[1] - xs[0] <= 0 or ys[1] - ys[0] <= 0:
        return None
    kind = "ellipse" if name == "circle" and abs(x_scale) != abs(y_scale) else name
    return Shape(element, kind, xs[0], ys[0], xs[1], ys[1], rx * abs(x_scale), ry * abs(y_scale), stroke, affine,
                 growable=name != "image")


def _affine(element) -> Affine | None:
    """The element's transforms and its ancestors', composed, when they keep edges upright (moves and
    stretches, a mirror image); None when one turns or slants it (no label is fitted to it then)."""
    x_scale, y_scale, x_shift, y_shift = 1.0, 1.0, 0.0, 0.0
    for node in (element, *element.iterancestors()):
        for kind, arguments in reversed(_TRANSFORM.findall(node.get("transform") or "")):
            values = [float(value) for value in _NUMBER.findall(arguments)]
            if kind == "translate" and values:
                outer = (1.0, 1.0, values[0], values[1] if len(values) > 1 else 0.0)
            elif kind == "scale" and values:
                outer = (values[0], values[1] if len(values) > 1 else values[0], 0.0, 0.0)
            elif kind == "matrix" and len(values) == 6 and values[1] == 0 and values[2] == 0:
                outer = (values[0], values[3], values[4], values[5])
            elif kind == "rotate" and values and values[0] % 360 == 0:
                continue
            else:
                return None
            x_scale, y_scale, x_shift, y_shift = (outer[0] * x_scale, outer[1] * y_scale,
                                                  outer[0] * x_shift + outer[2], outer[1] * y_shift + outer[3])
    return x_scale, y_scale, x_shift, y_shift


def _line_points(element, name: str, affine: Affine) -> list[tuple[float, float]]:
    """Points along a line, polyline, polygon or path, a few units apart."""
    if name == "line":
        runs = [[(_number(element, "x1"), _number(element, "y1")), (_number(element, "x2"), _number(element, "y2"))]]
    elif name in ("polyline", "polygon"):
        numbers = [float(value) for value in _NUMBER.findall(element.get("points") or "")]
        corners = list(zip(numbers[0::2], numbers[1::2]))
        runs = [corners + corners[:1] if name == "polygon" else corners]
    else:
        runs = _path_runs(element.get("d") or "")
    x_scale, y_scale, x_shift, y_shift = affine
    points = []
    for run in runs:
        run = [(x * x_scale + x_shift, y * y_scale + y_shift) for x, y in run]
        points.extend(run[:1])
        for (x1, y1), (x2, y2) in zip(run, run[1:]):
            count = max(1, int(math.hypot(x2 - x1, y2 - y1) / _SAMPLE_STEP))
            points.extend((x1 + (x2 - x1) * i / count, y1 + (y2 - y1) * i / count) for i in range(1, count + 1))
    return points


def _path_runs(d: str) -> list[list[tuple[float, float]]]:
    """A path's outline as runs of points: its curves followed at eight points each, its arcs as the chord
    between their ends (the words keep clear of it by its points)."""
    tokens = _PATH_TOKEN.findall(d)
    runs: list[list[tuple[float, float]]] = []
    x = y = start_x = start_y = 0.0
    command, index = "", 0
    counts = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "T": 2, "A": 7, "Z": 0}
    while index < len(tokens):
        if tokens[index].isalpha():
            command = tokens[index]
            index += 1
            if command in "Zz":
                if runs:
                    runs[-1].append((start_x, start_y))
                x, y = start_x, start_y
                continue
        elif not command or command in "Zz":
            break
        need = counts[command.upper()]
        values = tokens[index:index + need]
        if len(values) < need or any(value.isalpha() for value in values):
            break
        index += need
        numbers = [float(value) for value in values]
        relative = command.islower()
        upper = command.upper()
        if upper == "H":
            numbers = [numbers[0] + (x if relative else 0.0), y]
        elif upper == "V":
            numbers = [x, numbers[0] + (y if relative else 0.0)]
        elif relative:
            numbers = [value + (x if position % 2 == 0 else y) for position, value in enumerate(numbers)] \
                if upper != "A" else numbers[:5] + [numbers[5] + x, numbers[6] + y]
        end = (numbers[-2], numbers[-1])
        if upper == "M":
            runs.append([end])
            start_x, start_y = end
            command = "l" if relative else "L"  # further pairs after a move are lines
        else:
            if not runs:
                runs.append([(x, y)])
            controls = [(numbers[i], numbers[i + 1]) for i in range(0, len(numbers) - 2, 2)] if upper in "CSQ" else []
            for step in range(1, 9 if controls else 2):
                runs[-1].append(_bezier([(x, y), *controls, end], step / (8 if controls else 1)))
        x, y = end
    return runs


def _bezier(points: list[tuple[float, float]], t: float) -> tuple[float, float]:
    while len(points) > 1:
        points = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(points, points[1:])]
    return points[0]
