"""Draws the sample course's diagrams into content/images/ (run once; the PNGs are committed).

Needs Pillow and the Atkinson Hyperlegible font package:
    .venv/bin/pip install pillow && .venv/bin/python scripts/make-diagrams.py
Simple shapes, large type and strong contrast, so the pictures survive large print and photocopying.
"""

from __future__ import annotations

import math
from pathlib import Path

import fontpkg
from PIL import Image, ImageDraw, ImageFont

OUT = Path(__file__).resolve().parent.parent / "content" / "images"
INK = "#111111"
BLUE = "#1f4e9c"
PALE_BLUE = "#dce8fb"
PALE_GREY = "#eeeeee"
PALE_GOLD = "#fdf0c8"
WIDTH, HEIGHT = 1600, 900


def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(fontpkg.path("Atkinson Hyperlegible", weight=700 if bold else 400), size)


def canvas() -> tuple[Image.Image, ImageDraw.ImageDraw]:
    image = Image.new("RGB", (WIDTH, HEIGHT), "white")
    return image, ImageDraw.Draw(image)


def centred(draw: ImageDraw.ImageDraw, xy: tuple[float, float], text: str, size: int, bold: bool = False,
            fill: str = INK) -> None:
    lines = text.split("\n")
    face = font(size, bold)
    line_height = size * 1.25
    top = xy[1] - line_height * len(lines) / 2
    for index, line in enumerate(lines):
        draw.text((xy[0], top + index * line_height + line_height / 2), line, font=face, fill=fill, anchor="mm")


def arrow(draw: ImageDraw.ImageDraw, start: tuple[float, float], end: tuple[float, float], width: int = 10) -> None:
    draw.line([start, end], fill=INK, width=width)
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = width * 3.2
    left = (end[0] - size * math.cos(angle - 0.5), end[1] - size * math.sin(angle - 0.5))
    right = (end[0] - size * math.cos(angle + 0.5), end[1] - size * math.sin(angle + 0.5))
    draw.polygon([end, left, right], fill=INK)


def assertiveness_scale() -> None:
    image, draw = canvas()
    centred(draw, (WIDTH / 2, 80), "Three ways to respond", 64, bold=True)
    draw.line([(120, 430), (1480, 430)], fill=INK, width=8)
    boxes = [
        (300, "Passive", "My needs\ndon't count", PALE_GREY),
        (800, "Assertive", "We both\ncount", PALE_BLUE),
        (1300, "Aggressive", "Only my needs\ncount", PALE_GOLD),
    ]
    for x, name, meaning, colour in boxes:
        outline_width = 12 if name == "Assertive" else 6
        draw.rounded_rectangle([x - 220, 300, x + 220, 560], radius=30, fill=colour, outline=INK,
                               width=outline_width)
        centred(draw, (x, 430), name, 60, bold=True)
        centred(draw, (x, 700), meaning, 50)
    centred(draw, (800, 840), "Assertive is the middle way", 48, bold=True, fill=BLUE)
    image.save(OUT / "assertiveness-scale.png", optimize=True)


def body_language() -> None:
    image, draw = canvas()
    centred(draw, (WIDTH / 2, 70), "Confident body language", 64, bold=True)
    cx = 560
    draw.ellipse([cx - 80, 150, cx + 80, 310], outline=INK, width=10, fill="white")  # head
    draw.line([(cx - 30, 215), (cx - 30, 225)], fill=INK, width=14)  # eyes
    draw.line([(cx + 30, 215), (cx + 30, 225)], fill=INK, width=14)
    draw.arc([cx - 40, 230, cx + 40, 280], 20, 160, fill=INK, width=8)  # calm smile
    draw.line([(cx, 310), (cx, 600)], fill=INK, width=12)  # body
    draw.line([(cx - 150, 360), (cx + 150, 360)], fill=INK, width=12)  # shoulders
    draw.line([(cx - 150, 360), (cx - 170, 560)], fill=INK, width=12)  # arms
    draw.line([(cx + 150, 360), (cx + 170, 560)], fill=INK, width=12)
    draw.ellipse([cx - 195, 550, cx - 145, 600], outline=INK, width=8, fill="white")  # open hands
    draw.ellipse([cx + 145, 550, cx + 195, 600], outline=INK, width=8, fill="white")
    draw.line([(cx, 600), (cx - 110, 830)], fill=INK, width=12)  # legs
    draw.line([(cx, 600), (cx + 110, 830)], fill=INK, width=12)
    draw.line([(cx - 170, 830), (cx - 60, 830)], fill=INK, width=12)  # feet flat
    draw.line([(cx + 60, 830), (cx + 170, 830)], fill=INK, width=12)
    labels = [
        (220, "Head up, eyes\nmeet theirs", (cx + 90, 220)),
        (390, "Shoulders\nrelaxed", (cx + 155, 365)),
        (570, "Hands open\nand still", (cx + 200, 575)),
        (780, "Feet flat,\nweight even", (cx + 175, 820)),
    ]
    for y, text, point in labels:
        arrow(draw, (1020, y), point, width=6)
        draw.multiline_text((1040, y), text, font=font(46), fill=INK, anchor="lm", spacing=10)
    image.save(OUT / "body-language.png", optimize=True)


def saying_no_steps() -> None:
    image, draw = canvas()
    centred(draw, (WIDTH / 2, 80), "Four steps to saying no", 64, bold=True)
    steps = ["1\nPause and\nbreathe", "2\nSay no\nclearly", "3\nGive a short\nreason if\nyou want to",
             "4\nOffer another\nidea if you\nwant to"]
    box_width, gap, top, bottom = 330, 40, 230, 720
    left = (WIDTH - (4 * box_width + 3 * gap)) / 2
    for index, text in enumerate(steps):
        x = left + index * (box_width + gap)
        draw.rounded_rectangle([x, top, x + box_width, bottom], radius=28, fill=PALE_BLUE if index == 1 else
                               PALE_GREY, outline=INK, width=8)
        centred(draw, (x + box_width / 2, (top + bottom) / 2), text, 46, bold=index == 1)
        if index < 3:
            arrow(draw, (x + box_width + 8, (top + bottom) / 2), (x + box_width + gap - 8, (top + bottom) / 2),
                  width=8)
    centred(draw, (WIDTH / 2, 810), "You do not have to explain or say sorry", 48, bold=True, fill=BLUE)
    image.save(OUT / "saying-no-steps.png", optimize=True)


def thoughts_cycle() -> None:
    image, draw = canvas()
    centred(draw, (WIDTH / 2, 70), "Thoughts, feelings and actions", 64, bold=True)
    centre, radius = (800, 500), 270
    nodes = [("Thoughts", "What I tell\nmyself"), ("Feelings", "How my body\nand mood react"),
             ("Actions", "What I do\nnext")]
    points = []
    for index in range(3):
        angle = math.radians(-90 + index * 120)
        points.append((centre[0] + radius * math.cos(angle) * 1.5, centre[1] + radius * math.sin(angle)))
    for index in range(3):
        start, end = points[index], points[(index + 1) % 3]
        shrink = 0.34
        a = (start[0] + (end[0] - start[0]) * shrink, start[1] + (end[1] - start[1]) * shrink)
        b = (end[0] - (end[0] - start[0]) * shrink, end[1] - (end[1] - start[1]) * shrink)
        arrow(draw, a, b, width=9)
    for (name, meaning), (x, y) in zip(nodes, points):
        draw.ellipse([x - 190, y - 120, x + 190, y + 120], fill=PALE_BLUE if name == "Thoughts" else PALE_GREY,
                     outline=INK, width=8)
        centred(draw, (x, y - 40), name, 52, bold=True)
        centred(draw, (x, y + 35), meaning, 36)
    image.save(OUT / "thoughts-feelings-actions.png", optimize=True)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    assertiveness_scale()
    body_language()
    saying_no_steps()
    thoughts_cycle()
