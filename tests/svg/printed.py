"""What a PDF really prints of a picture, read back with pdfplumber for the layout tests: the outlined shapes
(closed stroked paths, as polygons) and each line of words with the box its ink fills. A line's box is read
from the page (where its letters start and end, and its baseline), and its ink above and below the baseline
from the font that printed it, shaped as the page shaped it: pdfplumber's own boxes come from the font's
descent and size, which for Urdu, drawn 1.35 times larger than its size, fall below the letters."""

from __future__ import annotations

import io
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import pdfplumber

from builder.fonts import SCRIPT_FONTS, font_files

FRAME_WIDTH = 150 / 25.4 * 72  # large print draws a picture 150 mm wide: its background is this wide


@dataclass(frozen=True)
class Line:
    text: str
    box: tuple[float, float, float, float]  # left, top, right, bottom, in points from the page's top left
    rtl: bool
    bold: bool
    size: float  # the letters' size as the page sets it (Urdu's are drawn 1.35 times larger)
    width: float  # from the first letter's start to the last one's end


@dataclass(frozen=True)
class Outline:
    points: tuple[tuple[float, float], ...]
    width: float  # the outline's stroke width

    @property
    def area(self) -> float:
        pairs = zip(self.points, self.points[1:] + self.points[:1])
        return abs(sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in pairs)) / 2

    def contains(self, x: float, y: float) -> bool:
        inside = False
        for (x1, y1), (x2, y2) in zip(self.points, self.points[1:] + self.points[:1]):
            if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
        return inside

    def distance(self, x: float, y: float) -> float:
        """How far the point is from the outline's middle line."""
        return min(_segment_distance(x, y, a, b) for a, b in zip(self.points, self.points[1:] + self.points[:1]))


@dataclass(frozen=True)
class Picture:
    """One picture on a page: its outlined shapes and its lines of words."""

    page: int
    outlines: tuple[Outline, ...]
    lines: tuple[Line, ...]

    def overlapping(self) -> list[tuple[str, str]]:
        """Pairs of lines whose ink boxes overlap."""
        return [(a.text, b.text) for index, a in enumerate(self.lines) for b in self.lines[index + 1:]
                if a.box[0] < b.box[2] and b.box[0] < a.box[2] and a.box[1] < b.box[3] and b.box[1] < a.box[3]]

    def crossing(self) -> list[str]:
        """Lines that reach over an outline: not inside the smallest shape round their middle clear of its
        stroke, or (outside every shape) touching one."""
        found = []
        for line in self.lines:
            left, top, right, bottom = line.box
            points = [(left + (right - left) * i / 20, y) for i in range(21) for y in (top, bottom)] + \
                     [(x, top + (bottom - top) * i / 10) for i in range(11) for x in (left, right)]
            holders = [shape for shape in self.outlines if shape.contains((left + right) / 2, (top + bottom) / 2)]
            if holders:
                shape = min(holders, key=lambda outline: outline.area)
                if not all(shape.contains(x, y) and shape.distance(x, y) >= shape.width / 2 for x, y in points):
                    found.append(line.text)
                others = [outline for outline in self.outlines if outline is not shape]
            else:
                others = list(self.outlines)
            if any(outline.distance(x, y) < outline.width / 2 for outline in others for x, y in points):
                found.append(line.text)
        return found


def pictures(pdf: bytes) -> list[Picture]:
    """Every picture large print drew in the PDF, with what it prints."""
    found = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for page in document.pages:
            for frame in page.rects:
                if abs(frame["width"] - FRAME_WIDTH) > 1 or not frame["fill"]:
                    continue
                inside = (frame["x0"] - 1, frame["top"] - 1, frame["x1"] + 1, frame["bottom"] + 1)
                outlines = tuple(outline for curve in page.curves if _within(curve, inside)
                                 for outline in [_outline(curve)] if outline is not None)
                chars = [char for char in page.chars if _within(char, inside)]
                found.append(Picture(page.page_number, outlines, tuple(_lines(chars, page.height))))
    return found


def _within(item: dict, box: tuple[float, float, float, float]) -> bool:
    return box[0] <= item["x0"] and item["x1"] <= box[2] and box[1] <= item["top"] and item["bottom"] <= box[3]


def _outline(curve: dict) -> Outline | None:
    """A closed, stroked path as a polygon (its curves followed at eight points each)."""
    if not curve.get("stroke") or not curve.get("path") or curve["path"][-1][0] != "h":
        return None
    points: list[tuple[float, float]] = []
    for command, *where in curve["path"]:
        if command in ("m", "l"):
            points.append(where[0])
        elif command == "c":
            start = points[-1]
            controls = [start, *where]
            points += [_bezier(controls, step / 8) for step in range(1, 9)]
    return Outline(tuple(points), curve.get("linewidth") or 0.0)


def _bezier(points, t):
    while len(points) > 1:
        points = [(a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t) for a, b in zip(points, points[1:])]
    return points[0]


def _segment_distance(x, y, a, b):
    (x1, y1), (x2, y2) = a, b
    length = (x2 - x1) ** 2 + (y2 - y1) ** 2
    t = 0.0 if length == 0 else max(0.0, min(1.0, ((x - x1) * (x2 - x1) + (y - y1) * (y2 - y1)) / length))
    return math.hypot(x - x1 - t * (x2 - x1), y - y1 - t * (y2 - y1))


def _lines(chars: list[dict], page_height: float) -> list[Line]:
    """Characters on one baseline, in one font and size, no more than half a letter apart, as a line (its
    spaces with it, so that its letters are shaped as printed)."""
    runs: list[list[dict]] = []
    for char in sorted(chars, key=lambda c: (round(page_height - c["matrix"][5], 1), c["fontname"], c["x0"])):
        last = runs[-1][-1] if runs else None
        if (last is not None and abs(last["matrix"][5] - char["matrix"][5]) < 0.5
                and last["fontname"] == char["fontname"] and abs(last["size"] - char["size"]) < 0.01
                and char["x0"] - last["x1"] < 0.5 * char["size"]):
            runs[-1].append(char)
        else:
            runs.append([char])
    return [_line(run, page_height) for run in runs if "".join(char["text"] for char in run).strip()]


def _line(run: list[dict], page_height: float) -> Line:
    rtl = any(unicodedata.bidirectional(c) in ("R", "AL") for char in run for c in char["text"])
    ordered = sorted(run, key=lambda char: char["x0"], reverse=rtl)
    text = list("".join(char["text"] for char in ordered))
    for index in range(len(text) - 1):  # a mark read before its letter (it starts where the letter ends)
        if _mark(text[index]) and not _mark(text[index + 1]):
            text[index], text[index + 1] = text[index + 1], text[index]
    text = "".join(text)
    path, adjust = _font(run[0]["fontname"])
    em = run[0]["size"] * adjust
    font = _pillow(path)
    left, top, right, bottom = font.getbbox(text, direction="rtl" if rtl else "ltr", anchor="ls")
    advance = font.getlength(text, direction="rtl" if rtl else "ltr")
    scale = em / 1000
    baseline = page_height - run[0]["matrix"][5]
    x0, x1 = min(char["x0"] for char in run), max(char["x1"] for char in run)
    return Line(text, (x0 + min(0.0, left) * scale, baseline + top * scale, x1 + max(0.0, right - advance) * scale,
                       baseline + bottom * scale), rtl, "Bold" in run[0]["fontname"], run[0]["size"], x1 - x0)


def _mark(character: str) -> bool:
    return unicodedata.category(character).startswith("M")


@lru_cache(maxsize=16)
def _font(name: str):
    """The font file a PDF font name stands for, and how much larger than its size it was drawn."""
    plain = name.split("+", 1)[-1]
    for font in SCRIPT_FONTS.values():
        if plain.startswith(font.family.replace(" ", "-")):
            files = font_files(font.family)
            adjust = re.search(r"-(\d+\.\d+)(?:-|$)", plain)
            return files[700 if "Bold" in plain else 400], float(adjust.group(1)) if adjust else 1.0
    raise LookupError(f"no font known for {name}")


@lru_cache(maxsize=16)
def _pillow(path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), 1000, layout_engine=ImageFont.Layout.RAQM)
