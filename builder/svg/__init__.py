"""SVG pictures: checked so that drawing one can read no file and reach no address (`check`), then, for each
version, their words replaced (translation), the smallest words measured so that large print can draw them at
the chosen size, and the picture cut between words where a page is too narrow (`words`); their words laid out
in the version's language (`layout`: measured in the font that prints them (`measure`), broken into lines
inside their shapes (`lines`, `shapes`, `fitting`), the picture mirrored for right-to-left reading where it
allows it (`mirror`)); their colours moved to the colour scheme and written as every drawing library reads
them (`paint`), their styles read as a browser reads them (`style`).

A picture is untrusted content like a module: no scripts, no entities, no links outside itself, no pictures
inside it but PNG, JPEG or GIF embedded in it, and a cap on its size and number of elements.
"""

from __future__ import annotations

from builder.svg.check import (EMBEDDED, MAX_BYTES, MAX_ELEMENTS, MAX_FILE_BYTES, MAX_PIXELS, SVG, XLINK, UnsafeSvg,
                               checked_svg, embedded_picture, view_size, with_pictures_at)
from builder.svg.layout import LaidOut, TooLong, laid_out, wrapped
from builder.svg.mirror import MIRROR
from builder.svg.paint import drawable, in_scheme, recoloured
from builder.svg.style import DEFAULT_FONT_SIZE
from builder.svg.words import (Label, SvgText, cut_points, labels, origin, size_of, smallest_text, texts, window,
                               with_texts, without_words, word_spans)

__all__ = ["DEFAULT_FONT_SIZE", "EMBEDDED", "MAX_BYTES", "MAX_ELEMENTS", "MAX_FILE_BYTES", "MAX_PIXELS", "MIRROR",
           "SVG", "XLINK", "Label", "LaidOut", "SvgText", "TooLong", "UnsafeSvg", "checked_svg", "cut_points",
           "drawable", "embedded_picture", "in_scheme", "labels", "laid_out", "origin", "recoloured", "size_of",
           "smallest_text", "texts", "view_size", "window", "with_pictures_at", "with_texts", "without_words",
           "word_spans", "wrapped"]
