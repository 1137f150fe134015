"""Accessible HTML: one self-contained page per language, for reading on screen or by email."""

from __future__ import annotations

import base64
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup

from builder.colours import SCHEMES
from builder.labels import labels_for
from builder.languages import lookup
from builder.model import Course, Figure, headings
from builder.options import Option
from builder.reader import image_type
from builder.writers.base import BaseWriter, OutputFile
from builder.writers.html.render import HtmlRenderer, lang_attributes

HERE = Path(__file__).parent


class Writer(BaseWriter):
    name = "html"
    description = "one accessible web page per language, with fonts and pictures inside it (for email or screen)"
    options = (
        Option("colour-scheme", "colours of the page", "standard", choices=tuple(SCHEMES)),
    )

    def write(self, course: Course, lang: str, options: Mapping[str, Any]) -> list[OutputFile]:
        html = render_page(course, lang, options["colour-scheme"])
        return [OutputFile(f"{course.config.slug}.html", html.encode("utf-8"), dict(options))]


def render_page(course: Course, lang: str, scheme: str) -> str:
    """The whole course as one HTML5 document in `lang` (the course must already be in that language)."""
    renderer = HtmlRenderer(image_src=_data_uri, heading_shift=1)
    language = lookup(lang)
    modules = []
    for module in course.modules:
        modules.append({
            "anchor": module.anchor,
            "title": renderer.inlines(module.title, module.lang),
            "title_html": renderer.module_title(module, lang),
            "lang_attrs": Markup(lang_attributes(module.lang, lang)),
            "summary": module.summary,
            "duration": module.duration,
            "headings": [{"anchor": h.anchor, "title": renderer.inlines(h.children, h.lang)}
                         for h in headings(module) if h.level == 2],
            "body": renderer.blocks(module.blocks, module.lang),
        })
    environment = _environment()
    return environment.get_template("page.html.j2").render(
        lang=lang, direction=language.direction if language else "ltr", config=course.config, modules=modules,
        labels=labels_for(lang), css=Markup(_css(scheme)),
    )


@lru_cache(maxsize=1)
def _environment():
    from jinja2 import Environment, FileSystemLoader, StrictUndefined

    return Environment(loader=FileSystemLoader(HERE), autoescape=True, undefined=StrictUndefined,
                       trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


def _data_uri(figure: Figure) -> str:
    data = figure.path.read_bytes()
    return f"data:{image_type(data)};base64,{base64.b64encode(data).decode('ascii')}"


@lru_cache(maxsize=4)
def _css(scheme_name: str) -> str:
    scheme = SCHEMES[scheme_name]
    variables = (f":root {{ --text: {scheme.text}; --background: {scheme.background}; --link: {scheme.link}; "
                 f"--border: {scheme.border}; }}\n")
    return _font_faces() + variables + (HERE / "style.css").read_text(encoding="utf-8")


@lru_cache(maxsize=1)
def _font_faces() -> str:
    """Atkinson Hyperlegible, embedded so the page looks the same with no fonts installed."""
    import fontpkg

    rules = []
    for weight in (400, 700):
        path = Path(fontpkg.path("Atkinson Hyperlegible", weight=weight))
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        rules.append(f'@font-face {{ font-family: "Atkinson Hyperlegible"; font-weight: {weight}; '
                     f'font-style: normal; src: url("data:font/ttf;base64,{encoded}") format("truetype"); }}\n')
    return "".join(rules)
