"""Draws the sample course's diagrams as SVG into content/images/ (run once; the SVGs are committed).

Run: .venv/bin/python scripts/make-diagrams.py
Each label is one `<text data-wrap=..>` (one sentence to translate; the builder breaks it into lines for
each language). Every diagram is 800 units wide with no word smaller than 46 units, so that at 24 point
large print (150 mm wide) its smallest words are 24 point or more; simple shapes and strong contrast.
"""

from __future__ import annotations

import math
from pathlib import Path
from xml.sax.saxutils import escape

OUT = Path(__file__).resolve().parent.parent / "content" / "images"
INK = "#111111"
BLUE = "#1f4e9c"
PALE_BLUE = "#dce8fb"
PALE_GREY = "#eeeeee"
PALE_GOLD = "#fdf0c8"
WIDTH = 800
SMALLEST = 46
TITLE = 56


def svg(bottom: int, body: list[str], top: int = 100, mirror: bool = False) -> str:
    """The picture from `top` to `bottom`: no title (the heading above it in the module says it), and room
    under the last label for a translation that needs an extra line; `mirror`: right-to-left versions may
    draw it mirrored (README, "Pictures and alt text")."""
    allowed = ' data-mirror="allowed"' if mirror else ""
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 {top} {WIDTH} {bottom - top}" '
            f'font-family="Atkinson Hyperlegible, sans-serif"{allowed}>\n'
            f'  <rect x="0" y="{top}" width="{WIDTH}" height="{bottom - top}" fill="#ffffff"/>\n'
            + "".join(f"  {line}\n" for line in body) + "</svg>\n")


def label(x: float, y: float, text: str, size: int = SMALLEST, wrap: float | None = None, bold: bool = False,
          fill: str = INK, anchor: str = "middle", identifier: str | None = None) -> str:
    attributes = f'x="{x:g}" y="{y:g}" font-size="{size}" text-anchor="{anchor}" dominant-baseline="middle" fill="{fill}"'
    if bold:
        attributes += ' font-weight="bold"'
    if wrap:
        attributes += f' data-wrap="{wrap:g}"'
    if identifier:
        attributes += f' id="{identifier}"'
    return f"<text {attributes}>{escape(text)}</text>"


def arrow(start: tuple[float, float], end: tuple[float, float], width: int = 8) -> list[str]:
    angle = math.atan2(end[1] - start[1], end[0] - start[0])
    size = width * 3.2
    left = (end[0] - size * math.cos(angle - 0.5), end[1] - size * math.sin(angle - 0.5))
    right = (end[0] - size * math.cos(angle + 0.5), end[1] - size * math.sin(angle + 0.5))
    return [f'<line x1="{start[0]:.0f}" y1="{start[1]:.0f}" x2="{end[0]:.0f}" y2="{end[1]:.0f}" stroke="{INK}" '
            f'stroke-width="{width}"/>',
            f'<polygon points="{end[0]:.0f},{end[1]:.0f} {left[0]:.0f},{left[1]:.0f} {right[0]:.0f},{right[1]:.0f}" '
            f'fill="{INK}"/>']


def assertiveness_scale() -> str:
    body: list[str] = []
    rows = [("Passive", "My needs don't count", PALE_GREY), ("Assertive", "We both count", PALE_BLUE),
            ("Aggressive", "Only my needs count", PALE_GOLD)]
    for index, (name, meaning, colour) in enumerate(rows):
        top = 130 + index * 240
        outline = 12 if name == "Assertive" else 6
        body.append(f'<rect x="30" y="{top}" width="740" height="200" rx="28" fill="{colour}" stroke="{INK}" '
                    f'stroke-width="{outline}"/>')
        body.append(label(215, top + 100, name, 50, wrap=330, bold=True, identifier=name.lower()))
        body.append(label(585, top + 100, meaning, wrap=330, identifier=f"{name.lower()}-meaning"))
    body.append(label(400, 900, "Assertive is the middle way", 50, wrap=740, bold=True, fill=BLUE,
                      identifier="middle-way"))
    return svg(1020, body, mirror=True)  # each row's name, then what it means: reads right to left as well


def body_language() -> str:
    body: list[str] = []
    cx = 200
    body += [f'<circle cx="{cx}" cy="230" r="75" fill="#ffffff" stroke="{INK}" stroke-width="10"/>',
             f'<line x1="{cx - 28}" y1="215" x2="{cx - 28}" y2="228" stroke="{INK}" stroke-width="14"/>',
             f'<line x1="{cx + 28}" y1="215" x2="{cx + 28}" y2="228" stroke="{INK}" stroke-width="14"/>',
             f'<path d="M {cx - 35} 255 Q {cx} 285 {cx + 35} 255" fill="none" stroke="{INK}" stroke-width="8"/>',
             f'<line x1="{cx}" y1="305" x2="{cx}" y2="640" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx - 130}" y1="360" x2="{cx + 130}" y2="360" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx - 130}" y1="360" x2="{cx - 150}" y2="590" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx + 130}" y1="360" x2="{cx + 150}" y2="590" stroke="{INK}" stroke-width="12"/>',
             f'<circle cx="{cx - 152}" cy="612" r="26" fill="#ffffff" stroke="{INK}" stroke-width="8"/>',
             f'<circle cx="{cx + 152}" cy="612" r="26" fill="#ffffff" stroke="{INK}" stroke-width="8"/>',
             f'<line x1="{cx}" y1="640" x2="{cx - 100}" y2="940" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx}" y1="640" x2="{cx + 100}" y2="940" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx - 160}" y1="940" x2="{cx - 60}" y2="940" stroke="{INK}" stroke-width="12"/>',
             f'<line x1="{cx + 60}" y1="940" x2="{cx + 160}" y2="940" stroke="{INK}" stroke-width="12"/>']
    labels = [(230, "Head up, eyes meet theirs", (cx + 85, 230), "head"),
              (440, "Shoulders relaxed", (cx + 140, 365), "shoulders"),
              (650, "Hands open and still", (cx + 185, 612), "hands"),
              (880, "Feet flat, weight even", (cx + 170, 935), "feet")]
    for y, text, point, identifier in labels:
        body += arrow((440, y), point, width=6)
        body.append(label(610, y, text, wrap=330, identifier=identifier))
    return svg(1040, body)


def saying_no_steps() -> str:
    body: list[str] = []
    steps = ["Pause and breathe", "Say no clearly", "Give a short reason if you want to",
             "Offer another idea if you want to"]
    top, height, gap = 120, 185, 40  # room for two lines of a longer translation (Urdu) in each step
    for index, text in enumerate(steps):
        y = top + index * (height + gap)
        body.append(f'<rect x="30" y="{y}" width="740" height="{height}" rx="28" '
                    f'fill="{PALE_BLUE if index == 1 else PALE_GREY}" stroke="{INK}" stroke-width="8"/>')
        body.append(f'<circle cx="115" cy="{y + height / 2:g}" r="50" fill="#ffffff" stroke="{INK}" stroke-width="6"/>')
        body.append(label(115, y + height / 2, str(index + 1), TITLE, bold=True))
        body.append(label(470, y + height / 2, text, wrap=560, bold=index == 1, identifier=f"step-{index + 1}"))
        if index < 3:
            body += arrow((400, y + height + 4), (400, y + height + gap - 4), width=8)
    body.append(label(400, 1035, "You do not have to explain or say sorry", 50, wrap=740, bold=True, fill=BLUE,
                      identifier="no-sorry"))
    return svg(1175, body)


def thoughts_cycle() -> str:
    body: list[str] = []
    nodes = [("Thoughts", "What I tell myself", (400, 330), PALE_BLUE),
             ("Feelings", "How my body and mood react", (610, 820), PALE_GREY),
             ("Actions", "What I do next", (190, 820), PALE_GREY)]
    for index in range(3):
        start, end = nodes[index][2], nodes[(index + 1) % 3][2]
        shrink = 0.42
        a = (start[0] + (end[0] - start[0]) * shrink, start[1] + (end[1] - start[1]) * shrink)
        b = (end[0] - (end[0] - start[0]) * shrink, end[1] - (end[1] - start[1]) * shrink)
        body += arrow(a, b, width=9)
    for name, meaning, (x, y), colour in nodes:
        body.append(f'<ellipse cx="{x}" cy="{y}" rx="180" ry="175" fill="{colour}" stroke="{INK}" stroke-width="8"/>')
        body.append(label(x, y - 70, name, 50, bold=True, identifier=name.lower()))
        body.append(label(x, y + 40, meaning, wrap=300, identifier=f"{name.lower()}-meaning"))
    return svg(1080, body, top=130)


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for name, draw in (("assertiveness-scale", assertiveness_scale), ("body-language", body_language),
                       ("saying-no-steps", saying_no_steps), ("thoughts-feelings-actions", thoughts_cycle)):
        (OUT / f"{name}.svg").write_text(draw(), encoding="utf-8")
