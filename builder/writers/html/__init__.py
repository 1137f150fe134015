"""Accessible HTML: one self-contained page per language, for reading on screen or by email."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup

from builder.colours import SCHEMES
from builder.locale import Locale
from builder.model import Course, Figure
from builder.options import COLOUR_SCHEME, Option
from builder.picture_bytes import image_type
from builder.fonts import face_data
from builder.svg import in_scheme
from builder.symbols import scheme_for
from builder.writers.base import COPY_FILES, BaseWriter, OutputFile
from builder.writers.html.render import (HtmlRenderer, course_fonts, module_contexts, notice_lines,
                                         script_spacing, template_environment)

HERE = Path(__file__).parent


class Writer(BaseWriter):
    name = "html"
    description = "one accessible web page per language, with fonts and pictures inside it (for email or screen)"
    offer = ("Web page", "to read on a phone, tablet or computer, with a screen reader or at any text size")
    options = (
        Option("colour-scheme", "colours of the page", "standard", choices=tuple(SCHEMES)),
    )
    choices = {COLOUR_SCHEME: "colour-scheme"}
    pack_step = COPY_FILES
    cost = 0.1
    previews = True

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        html = render_page(course, locale, options["colour-scheme"])
        return [OutputFile(f"{course.config.slug}.html", html.encode("utf-8"), dict(options))]


    def web_page(self, course: Course, locale: Locale, options: Mapping[str, Any], marks: dict[int, str]) -> str:
        return render_page(course, locale, options["colour-scheme"], marks)


def render_page(course: Course, locale: Locale, scheme: str, marks: dict[int, str] | None = None) -> str:
    """The whole course as one HTML5 document in `locale`'s language (the course must already be in it); with
    `marks`, each element a node became has an id, recorded there by the node."""
    renderer = HtmlRenderer(image_src=lambda figure: _data_uri(figure, scheme), locale=locale, heading_shift=1,
                            scroll_tables=True, read_along=marks)
    fonts = course_fonts(course, locale)
    return template_environment(HERE).get_template("page.html.j2").render(
        lang=locale.tag, direction=locale.language.direction, config=course.config, credit=course.credit,
        modules=module_contexts(renderer, course), labels=locale.labels, notice=notice_lines(course, locale),
        css=Markup(_css(scheme, tuple((font.css_family, font.size_adjust, tuple(sorted(files.items())))
                                 for font, files in fonts)) + script_spacing(course, locale)),
    )


def _data_uri(figure: Figure, scheme: str) -> str:
    """The picture inside the page: an SVG in this version's words and colours, else the file's bytes."""
    if figure.svg is not None:
        data = in_scheme(figure.svg, scheme_for(figure.src, scheme)).encode("utf-8")
        kind = "image/svg+xml"
    else:
        data = figure.path.read_bytes()
        kind = image_type(data)
    return f"data:{kind};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=8)
def _css(scheme_name: str, fonts: tuple[tuple[str, float, tuple[tuple[int, Path], ...]], ...]) -> str:
    scheme = SCHEMES[scheme_name]
    families = ", ".join(f'"{family}"' for family, _, _ in fonts)
    variables = (f":root {{ --text: {scheme.text}; --background: {scheme.background}; --link: {scheme.link}; "
                 f"--border: {scheme.border}; --fonts: {families}; }}\n")
    faces = "".join(_font_face(family, weight, face_data(path, adjust))
                    for family, adjust, files in fonts for weight, path in files)
    return faces + variables + (HERE / "style.css").read_text(encoding="utf-8")


def _font_face(family: str, weight: int, data: bytes) -> str:
    """A font embedded in the page, so it looks the same with no fonts installed and fetches nothing."""
    encoded = base64.b64encode(data).decode("ascii")
    return (f'@font-face {{ font-family: "{family}"; font-weight: {weight}; font-style: normal; '
            f'src: url("data:font/ttf;base64,{encoded}") format("truetype"); }}\n')
