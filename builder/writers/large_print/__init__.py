"""Large print PDF to UKAAF guidance, tagged to PDF/UA-1, one file per print size."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable, Mapping

from markupsafe import Markup, escape

from builder.colours import SCHEMES
from builder.fonts import face_data
from builder.editions import site_address, site_words
from builder.locale import Locale
from builder.qr import qr_svg
from builder.model import Course, Figure, Group
from builder.options import COLOUR_SCHEME, PRINT_SIZE, Option
from builder.svg import (Label, cut_points, drawable, in_scheme, origin, size_of, smallest_text, window,
                         with_pictures_at, without_words, wrapped)
from builder.svg import labels as svg_labels
from builder.symbols import scheme_for
from builder.walk import descendants
from builder.writers.base import BaseWriter, OutputFile
from builder.writers.html.render import (HtmlRenderer, course_fonts, module_contexts, notice_lines,
                                         template_environment)
from builder.writers.large_print.parts import Layout, measure, split
from builder.writers.large_print.pdf import MemoryFile, file_url, page_anchors, render_pdf
from builder.writers.large_print.tagging import fix_tags

HERE = Path(__file__).parent
PICTURE_WIDTH_MM = 150  # of the A4 page's 170 mm of text width: room for a box's border and padding
EASY_READ_PICTURE_MM = 50  # an Easy Read symbol's box (its drawing fills about 4 cm: UK guidance, 4 to 5 cm)
MAX_PARTS = 4  # beyond four parts a picture is hard to follow: its words are then smaller (redraw it)
EMBEDDED_SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}  # pictures inside an SVG
FOLIO_PAGES = 32  # page numbers are laid out for a multiple of this many pages (see _templates)


class Writer(BaseWriter):
    name = "large-print"
    description = "large print PDF (A4, Atkinson Hyperlegible), tagged for screen readers; one file per size"
    offer = ("Large print, {size} point", "to read on paper, for people who need bigger text")
    options = (
        Option("sizes", "body text sizes in points; 16 is the least for large print, 24 and up is giant print",
               [18], kind="int-list", minimum=16, maximum=48),
        Option("colour-scheme", "colours of the page", "standard", choices=tuple(SCHEMES)),
    )
    choices = {PRINT_SIZE: "sizes", COLOUR_SCHEME: "colour-scheme"}
    pack_step = "print large print {large_print_size} pt"
    cost = 2.5

    @classmethod
    def warm_up(cls) -> None:
        import weasyprint  # noqa: F401 - imported once before forking, the workers share it (0.5 s each)

    cache_folders = ("large-print",)

    def __init__(self, cache_dir: Path | None = None):
        super().__init__(cache_dir)
        self.pages_laid_out = 0  # pages WeasyPrint laid out now, not taken from the cache: for tests and benchmarks

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        outputs = []
        for size in dict.fromkeys(options["sizes"]):
            pdf = self._pdf(_templates(course, locale, size, options["colour-scheme"]))
            outputs.append(OutputFile(f"{course.config.slug}-large-print-{size}pt.pdf", pdf,
                                      {"size": size, "colour-scheme": options["colour-scheme"]}))
        return outputs


    def _pdf(self, templates: _Templates) -> bytes:
        """Laid out a module at a time from the cache (see parts.py), or whole if its numbers never settle."""
        from weasyprint.text.fonts import FontConfiguration

        fonts = FontConfiguration()  # the parts' fonts are the same: loaded once (a fifth of a part's time)
        parsed: dict[str, object] = {}  # and their style sheets, parsed once

        def lay_out(html: str, tagged: bool = True) -> bytes:
            # A part has no page numbers (they are laid over the joined parts), so no tags to mend.
            return render_pdf(html, templates.files, tagged, fonts, parsed)

        layout = Layout(lay_out, templates.files, self.cache_dir,
                        lambda html: page_anchors(html, templates.files, fonts, parsed))
        pdf = layout.document(split(templates.document, templates.modules), templates.folio)
        self.pages_laid_out += layout.pages_laid_out
        if pdf is None:
            pdf = fix_tags(lay_out(templates.document(True, templates.modules, [])))
            self.pages_laid_out += measure(pdf, frozenset())[0]
        return pdf


def render_document(course: Course, locale: Locale, size: int, scheme_name: str) -> tuple[str, list[Path | MemoryFile]]:
    """The HTML of the whole PDF laid out in one go, and the files (fonts, pictures) it may load."""
    templates = _templates(course, locale, size, scheme_name)
    return templates.document(True, templates.modules, []), templates.files


@dataclass
class _Templates:
    """The document template as `document(front, sections, borrowed)`: the cover and contents (`front`), the
    modules in `sections`, and empty anchors for those in other parts it links to (see parts.py);
    `folio(pages)`, the page numbers alone, for at least `pages` pages; the modules as the templates use
    them; and the files (fonts, pictures) WeasyPrint may load."""

    document: Callable[[bool, list[dict], list[str]], str]
    folio: Callable[[int], str]
    modules: list[dict]
    files: list[Path | MemoryFile]


def _templates(course: Course, locale: Locale, size: int, scheme_name: str) -> _Templates:
    lang = locale.tag
    fonts = course_fonts(course, locale)
    drawn: list[MemoryFile] = []
    beside = {id(group.figure) for module in course.modules for group in descendants(module.blocks)
              if isinstance(group, Group)}
    renderer = HtmlRenderer(image_src=lambda figure: _picture(
        figure, size, scheme_name, locale, drawn, EASY_READ_PICTURE_MM if id(figure) in beside else PICTURE_WIDTH_MM),
        locale=locale, show_link_targets=True, back_links=False, described=True)
    labels = locale.labels
    modules = module_contexts(renderer, course)
    faces = [{"family": font.css_family, "weight": weight, "url": _face_url(path, font.size_adjust, drawn)}
             for font, files in fonts for weight, path in sorted(files.items())]
    # Atkinson first even for other scripts: it has no Arabic or Bengali letters, so those fall through to
    # the script's font, while Latin words inside them (NHS, GP) stay in Atkinson, not a system fallback.
    ordered = sorted(fonts, key=lambda item: item[0].family != "Atkinson Hyperlegible")
    families = ", ".join(f'"{font.css_family}"' for font, _ in ordered) + ", sans-serif"
    environment = template_environment(HERE)
    page = dict(size=size, scheme=SCHEMES[scheme_name], families=families, lang=lang, config=course.config)
    css = environment.get_template("style.css.j2").render(
        font_faces=faces, line_height=max(font.line_height for font, _ in fonts), labels=labels, **page)

    document, folio = environment.get_template("document.html.j2"), environment.get_template("folio.html.j2")
    common = dict(lang=lang, direction=locale.language.direction, config=course.config,
                  credit=course.credit, modules=modules, labels=labels, css=Markup(css),
                  notice=notice_lines(course, locale), date=locale.date(course.config.publication_date()),
                  format_note=labels["large_print"].format(size=size), site=_site(course, labels, drawn))
    numbers = [face for face in faces if face["family"] == ordered[0][0].css_family]  # digits are in the first
    # The page numbers alone, the same for every language (no words: "zxx"), and made for a round number of
    # pages, of which the document uses its own: versions of about the same length share one layout of them.
    # Nothing of the version's own (its title, its language) goes in, or no other version could share them.
    folio_page = {"size": size, "scheme": page["scheme"], "lang": "zxx",
                  "families": f'"{ordered[0][0].css_family}", sans-serif'}
    return _Templates(
        lambda front, sections, borrowed: document.render(front=front, sections=sections, borrowed=borrowed,
                                                          **common),
        lambda pages: folio.render(pages=-(-pages // FOLIO_PAGES) * FOLIO_PAGES, font_faces=numbers, **folio_page),
        modules, [path for _, files in fonts for path in files.values()] + list(course.images) + drawn)


def _face_url(path: Path, size_adjust: float, made: list[MemoryFile]) -> str:
    """Where the PDF finds a font: the installed file, or a copy drawn larger to match Latin letters."""
    if size_adjust == 1.0:
        return file_url(path)
    made.append(MemoryFile(f"{path.stem}-{size_adjust}{path.suffix}", face_data(path, size_adjust)))
    return made[-1].url


def _picture(figure: Figure, size: int, scheme_name: str, locale: Locale, drawn: list[MemoryFile],
             width_mm: float = PICTURE_WIDTH_MM) -> str | Markup:
    """Where the PDF finds a picture. An SVG is drawn in the scheme's colours, wide enough that its smallest
    words are at least `size` points; if the page is too narrow for that, in side-by-side parts shown one
    under another, cut between words. Its words are set by the page, not by WeasyPrint's SVG drawing,
    which neither joins Arabic letters nor orders right-to-left words. WeasyPrint gets the SVG as a browser
    draws it (see `svg.drawable`), and the pictures embedded in it as the build's own files, like the SVG
    itself. A PNG or JPEG is the file itself (its words cannot grow: `make check` says so)."""
    if figure.svg is None:
        return file_url(figure.path)
    coloured = with_pictures_at(drawable(in_scheme(figure.svg, scheme_for(figure.src, scheme_name), wrap=False)),
                                lambda kind, data: _served(data, EMBEDDED_SUFFIXES[kind], drawn, figure))
    width, height = size_of(coloured)
    top = origin(coloured)[1]
    smallest = smallest_text(coloured)
    mm_per_unit = size / smallest * 25.4 / 72 if smallest else 0  # the scale that draws its words at `size`
    widest = width_mm / mm_per_unit if mm_per_unit else width  # user units one part may show
    cuts = cut_points(wrapped(coloured), widest) if width > widest else []
    if len(cuts) - 1 > MAX_PARTS or not cuts:
        cuts = [0.0, width]  # whole (too many parts to follow: drawn whole, its words smaller)
    scale = width_mm / max(b - a for a, b in zip(cuts, cuts[1:]))  # mm per user unit
    part_label = locale.labels["picture_part"]
    parts = []
    for number, (left, right) in enumerate(zip(cuts, cuts[1:]), 1):
        url = _served(without_words(window(coloured, left, right)).encode("utf-8"), ".svg", drawn, figure)
        alt = figure.alt if number == 1 else part_label.format(number=number, total=len(cuts) - 1)
        words = [_label_html(label, left, top, scale) for label in svg_labels(coloured) if left <= label.x < right]
        # Tagged as one figure with the alt text (see tagging.py), so its words are not read a second time.
        parts.append(f'<div class="drawing" data-figure-alt="{escape(alt)}" style="width: '
                     f'{(right - left) * scale:.1f}mm; height: {height * scale:.1f}mm"><img src="{escape(url)}" '
                     f'alt="{escape(alt)}" data-in-figure>' + "".join(words) + "</div>")
    return Markup("".join(parts))


def _site(course: Course, labels: Mapping[str, str], drawn: list[MemoryFile]) -> dict | None:
    """The version's page on the published site, for the cover: its address in words, and a QR code a phone
    camera opens it with, so a participant with the printed copy can also listen (None: no [site] url)."""
    address = site_address(course)
    if address is None:
        return None
    return {"words": site_words(labels), "address": address, "qr": _served(qr_svg(address).encode("ascii"), ".svg", drawn)}


def _served(data: bytes, suffix: str, drawn: list[MemoryFile], figure: Figure | None = None) -> str:
    """The address of a file made for this PDF (a part of a drawing, a picture embedded in one), served from
    memory: the only files besides the course's own that WeasyPrint may fetch. `figure`: the picture it
    draws, named in an error if WeasyPrint cannot draw it."""
    drawn.append(MemoryFile(f"{hashlib.sha256(data).hexdigest()[:24]}{suffix}", data, figure))
    return drawn[-1].url


def _label_html(label: Label, left: float, top_edge: float, scale: float) -> str:
    """One label over its drawing: placed and sized as the SVG says, its lines broken by the page."""
    width = label.wrap or len(label.text) * label.size * 0.8  # room enough when the picture gives none
    start = {"middle": label.x - width / 2, "end": label.x - width}.get(label.anchor, label.x) - left
    align = {"middle": "center", "end": "right"}.get(label.anchor, "left")
    top = (label.y if label.middle else label.y - label.size * 0.8) - top_edge
    style = (f"left: {start * scale:.2f}mm; top: {top * scale:.2f}mm; width: {width * scale:.2f}mm; "
             f"font-size: {label.size * scale * 72 / 25.4:.2f}pt; text-align: {align}; "
             f"font-weight: {'bold' if label.bold else 'normal'}"
             + (f"; color: {label.colour}" if label.colour else "")
             + ("; transform: translateY(-50%)" if label.middle else "")
             + ("" if label.wrap else "; white-space: nowrap"))
    return f'<span class="drawing-label" style="{escape(style)}">{escape(label.text)}</span>'
