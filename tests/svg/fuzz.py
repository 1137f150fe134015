"""Mutated SVG pictures, made from a seed: real pictures (the sample course's diagrams, editors' files) with
hostile numbers, colours, styles, escapes and structure put in at random places. The fuzz test and
`make fuzz` feed them through the check and everything the writers do to a picture."""

from __future__ import annotations

import random
import re
from pathlib import Path

from tests import svg_samples

ROOT = Path(__file__).resolve().parent.parent.parent
NUMBERS = ["1e309", "-1e309", "inf", "NaN", ".", "1.2.3", "-0", "0", "", "1e-320", "99999999999", "-5", "1e6",
           "12px", "50%", "3em", " 7 ", "0x10", "١٢", "1,2"]
COLOURS = ["currentColor", "url(#g)", "url(#missing)", "url('#g')", "rgb(300,0,-5)", "hsl(400, 200%, 50%)",
           "#12", "#1234567", "nonsense", "transparent", "none", "inherit", "rgba(0,0,0,2)", "ReD", "var(--x)",
           "u\\72l(#g)", "context-fill"]
STYLES = ["font-size:0", "font-size:.", "fill:currentColor;color:red", "stroke-width:1e309",
          "font-family:'A\\'b'", "fill:url(#g) none", "opacity:nan", "transform:scale(1e308)",
          "stroke-dasharray:0 0", "fill:#000;fill:inherit", "display:none", "/* c */fill:red"]
ATTRIBUTES = ["width", "height", "x", "y", "font-size", "stroke-width", "opacity", "fill-opacity", "r", "rx",
              "data-line-height", "data-wrap", "transform", "viewBox", "dx", "dy", "letter-spacing"]
TRANSFORMS = ["scale(1e308)", "matrix(0 0 0 0 0 0)", "rotate(nan)", "translate(1e309)", "scale(-1,1)", "skewX(90)"]
WORDS = ["", " ", "A" * 500, "مرحبا بالعالم", "Mixed عربي text", "\u200f\u202e", "&amp;&lt;", "x\ty", "🙂" * 20]


def pictures() -> list[str]:
    """The pictures mutated: the sample course's own diagrams and the editors' files."""
    found = [path.read_text(encoding="utf-8") for path in sorted((ROOT / "content" / "images").glob("*.svg"))]
    return found + [svg_samples.inkscape(), svg_samples.drawio(), svg_samples.svg_edit()]


def mutated(picture: str, chance: random.Random, changes: int = 3) -> str:
    """The picture with `changes` random hostile changes."""
    for _ in range(changes):
        picture = chance.choice(_MUTATIONS)(picture, chance)
    return picture


def _set_attribute(picture: str, chance: random.Random) -> str:
    name = chance.choice(ATTRIBUTES)
    value = chance.choice(TRANSFORMS if name == "transform" else NUMBERS)
    return _on_an_element(picture, chance, f' {name}="{value}"', name)


def _set_colour(picture: str, chance: random.Random) -> str:
    name = chance.choice(["fill", "stroke", "stop-color", "color", "flood-color"])
    return _on_an_element(picture, chance, f' {name}="{chance.choice(COLOURS)}"', name)


def _set_style(picture: str, chance: random.Random) -> str:
    return _on_an_element(picture, chance, f' style="{chance.choice(STYLES)}"', "style")


def _add_style_sheet(picture: str, chance: random.Random) -> str:
    rule = f"text{{{chance.choice(STYLES)}}} rect{{fill:{chance.choice(COLOURS)}}}"
    return re.sub(r"(<svg\b[^>]*>)", lambda found: found.group(1) + f"<style>{rule}</style>", picture, count=1)


def _change_words(picture: str, chance: random.Random) -> str:
    spots = [found for found in re.finditer(r">([^<>]+)</(?:text|tspan)>", picture)]
    if not spots:
        return picture
    spot = chance.choice(spots)
    return picture[:spot.start(1)] + chance.choice(WORDS) + picture[spot.end(1):]


def _nest(picture: str, chance: random.Random) -> str:
    depth = chance.choice([2, 50, 400])
    return re.sub(r"(<svg\b[^>]*>)", lambda found: found.group(1) + "<g>" * depth + '<text x="1" y="1">Deep</text>'
                  + "</g>" * depth, picture, count=1)


def _gradient(picture: str, chance: random.Random) -> str:
    stops = "".join(f'<stop offset="{chance.choice(NUMBERS)}" stop-color="{chance.choice(COLOURS)}"/>'
                    for _ in range(chance.randint(0, 3)))
    return re.sub(r"(<svg\b[^>]*>)", lambda found: found.group(1) + f'<defs><linearGradient id="g">{stops}'
                  "</linearGradient></defs>", picture, count=1)


def _drop_a_tag(picture: str, chance: random.Random) -> str:
    tags = [found for found in re.finditer(r"<(rect|text|tspan|g|path|circle|ellipse)\b[^>]*/>", picture)]
    if not tags:
        return picture
    tag = chance.choice(tags)
    return picture[:tag.start()] + picture[tag.end():]


def _on_an_element(picture: str, chance: random.Random, attribute: str, name: str) -> str:
    """`attribute` put on a random element (in place of one of the same name it has)."""
    spots = [found for found in re.finditer(r"<(svg|rect|text|tspan|g|circle|ellipse|path|line|stop)\b", picture)]
    if not spots:
        return picture
    spot = chance.choice(spots)
    end = picture.find(">", spot.end())
    tag = re.sub(rf'\s{re.escape(name)}="[^"]*"', "", picture[spot.end():end])
    if tag.endswith("/"):
        tag = tag[:-1] + attribute + " /"
    else:
        tag += attribute
    return picture[:spot.end()] + tag + picture[end:]


_MUTATIONS = [_set_attribute, _set_attribute, _set_colour, _set_style, _add_style_sheet, _change_words, _nest,
              _gradient, _drop_a_tag]
