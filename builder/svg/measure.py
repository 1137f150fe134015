"""Words measured in the font that draws them: each label's script font (`builder.fonts`), as much larger as
that script is drawn everywhere (its size_adjust), shaped by HarfBuzz with FriBiDi (Pillow's raqm layout, which
sets Word's drawings; WeasyPrint shapes with HarfBuzz too), so joined Urdu letters and kerned Latin ones are
measured as they are printed, not guessed from how many letters they have."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.fonts import SCRIPT_FONTS, font_files
from builder.languages import lookup

REFERENCE = 1000  # pixels to the em the fonts are measured at; a size scales every measure
LINE_PITCH = 1.2  # a label's lines are this many of its letters' em apart, in every script (as large print's)
_RIGHT_TO_LEFT = {"Arab", "Hebr"}
# First letters of the Unicode blocks of the scripts builder.fonts has a font for (the rest is Latin's font)
_BLOCKS = (("Cyrl", 0x0400, 0x052F), ("Hebr", 0x0590, 0x05FF), ("Arab", 0x0600, 0x06FF), ("Arab", 0x0750, 0x077F),
           ("Arab", 0x08A0, 0x08FF), ("Beng", 0x0980, 0x09FF), ("Guru", 0x0A00, 0x0A7F), ("Hans", 0x3400, 0x4DBF),
           ("Hans", 0x4E00, 0x9FFF), ("Arab", 0xFB50, 0xFDFF), ("Arab", 0xFE70, 0xFEFF))


@dataclass(frozen=True)
class Face:
    """The font a label is drawn in: its file, how much larger than its size it is drawn, its direction."""

    path: Path
    size_adjust: float
    rtl: bool
    language: str | None  # for shaping: Urdu has forms of its own (HarfBuzz's language)


@dataclass(frozen=True)
class Extent:
    """A line of words at size 1: its advance (how far the pen moves, which writers centre and align by), and
    its ink from the start of that advance and from the line's middle (halfway between the font's ascender
    and descender, where every writer centres a line), up negative."""

    advance: float
    left: float
    right: float
    top: float
    bottom: float


def script_of(text: str, lang: str | None = None) -> str:
    """The script most of the letters are in (ISO 15924); a text without letters is in its language's."""
    counts: dict[str, int] = {}
    for character in text:
        if not character.isalpha():
            continue
        code = ord(character)
        script = next((name for name, first, last in _BLOCKS if first <= code <= last), "Latn")
        counts[script] = counts.get(script, 0) + 1
    if counts:
        return max(counts, key=counts.get)
    language = lookup(lang) if lang else None
    return language.script if language else "Latn"


def is_rtl(text: str, lang: str | None = None) -> bool:
    return script_of(text, lang) in _RIGHT_TO_LEFT


def face_for(text: str, lang: str | None, bold: bool) -> Face:
    """The face that draws `text`: its script's font (Latin's when that font is not installed: the writers
    stop on a missing font themselves), in bold or regular."""
    script = script_of(text, lang)
    font = SCRIPT_FONTS.get(script, SCRIPT_FONTS["Latn"])
    files = font_files(font.family)
    if not files:
        font, files = SCRIPT_FONTS["Latn"], font_files(SCRIPT_FONTS["Latn"].family)
    language = lookup(lang) if lang else None
    shaping = lang.split("-")[0].lower() if language is not None and language.script == script else None
    return Face(files[700 if bold else 400], font.size_adjust, script in _RIGHT_TO_LEFT, shaping)


@lru_cache(maxsize=8)
def _font(path: Path):
    from PIL import ImageFont

    return ImageFont.truetype(str(path), REFERENCE, layout_engine=ImageFont.Layout.RAQM)


@lru_cache(maxsize=4096)
def extent(face: Face, text: str) -> Extent:
    """`text` on one line in `face`, at size 1 (a size in user units multiplies every measure)."""
    font = _font(face.path)
    direction = "rtl" if face.rtl else "ltr"
    advance = font.getlength(text, direction=direction, language=face.language)
    left, top, right, bottom = font.getbbox(text, direction=direction, language=face.language, anchor="lm")
    scale = face.size_adjust / REFERENCE
    return Extent(advance * scale, left * scale, right * scale, top * scale, bottom * scale)


def pitch(face: Face) -> float:
    """How far apart a label's lines are, at size 1."""
    return LINE_PITCH * face.size_adjust


@lru_cache(maxsize=64)
def baseline_below_middle(face: Face) -> float:
    """How far a line's baseline is below its middle, at size 1 (for words placed by their baseline)."""
    ascent, descent = _font(face.path).getmetrics()
    return (ascent - descent) / 2 * face.size_adjust / REFERENCE


@lru_cache(maxsize=64)
def half_height(face: Face) -> float:
    """Half the line's height from the font's ascender to its descender, at size 1."""
    ascent, descent = _font(face.path).getmetrics()
    return (ascent + descent) / 2 * face.size_adjust / REFERENCE
