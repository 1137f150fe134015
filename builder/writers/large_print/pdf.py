"""HTML to tagged PDF/UA with WeasyPrint, fetching nothing but the build's own fonts and pictures."""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.writers.base import WriterError
from builder.writers.large_print.settle import settled
from builder.writers.large_print.tagging import element_attributes

# WeasyPrint only logs these; for us they are failures (a picture without alt text, a refused file, an SVG it
# could not draw and would leave out).
FATAL_WARNINGS = ("alt", "Failed to load", "Failed to render", "fetch", "Ignored `url")
_STYLE = re.compile(r"<style>(.*?)</style>", re.DOTALL)  # the document's one style sheet
_RIGHT_TO_LEFT = re.compile(r'<html[^>]*\sdir="rtl"')


def file_url(path: Path) -> str:
    return path.resolve().as_uri()


@dataclass(frozen=True)
class MemoryFile:
    """A file made for this PDF only (a picture in the version's words and colours), served from memory."""

    name: str
    data: bytes
    figure: Any = field(default=None, compare=False)  # the course's picture it draws, if it is one

    @property
    def url(self) -> str:
        return f"file:///memory/{self.name}"


def render_pdf(html: str, allowed_files: list[Path | MemoryFile], tagged: bool = True, font_config=None,
               parsed: dict[str, object] | None = None) -> bytes:
    """Render `html` to PDF/UA-1 bytes (`tagged`; else plain PDF, to be laid over a tagged page as an
    artifact). Only `allowed_files` may be loaded; anything else fails the build. Parts of one document
    share a `font_config` (WeasyPrint's FontConfiguration), so that its fonts are loaded once, and
    `parsed`, where the style sheet of their <style> element is kept once parsed (WeasyPrint would parse
    it again for each part: a tenth of the time)."""
    return _weasyprint(html, allowed_files, tagged, font_config, parsed, write=True)


def page_anchors(html: str, allowed_files: list[Path | MemoryFile], font_config=None,
                 parsed: dict[str, object] | None = None) -> tuple[int, dict[str, int]]:
    """The pages `html` takes as tagged PDF and the page (from 0) of each of its anchors, laid out as
    `render_pdf` lays it out but with no PDF written: for a part whose page numbers are sure to change."""
    document = _weasyprint(html, allowed_files, True, font_config, parsed, write=False)
    anchors: dict[str, int] = {}
    for index, page in enumerate(document.pages):
        for name in page.anchors:
            anchors.setdefault(name, index)
    return len(document.pages), anchors


def _weasyprint(html: str, allowed_files: list[Path | MemoryFile], tagged: bool, font_config, parsed, write: bool):
    """The PDF (`write`), or the document laid out, with every file fetched checked and WeasyPrint's
    warnings that matter made failures. Laid out until no page is stranded and no box runs over a page
    unlabelled (settle.py); a right-to-left document's pages read from right to left."""
    if parsed is not None and font_config is None:  # a parsed sheet's @font-face fonts are in its configuration
        raise ValueError("style sheets parsed once need the font configuration they were parsed with")
    import weasyprint
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    allowed = {(item.url if isinstance(item, MemoryFile) else file_url(item)): item for item in allowed_files}
    refused: list[str] = []

    class CourseFilesOnly(URLFetcher):
        """Serves the build's own files from memory; refuses every other address, local or remote."""

        def fetch(self, url, headers=None):
            path = allowed.get(url)
            if path is None:
                refused.append(url)
                raise FatalURLFetchingError(f"refused to fetch {url}")
            data = path.data if isinstance(path, MemoryFile) else path.read_bytes()
            return URLFetcherResponse(url, data, {}, 200)

    warnings = _WarningCollector()
    logger = logging.getLogger("weasyprint")
    logger.addHandler(warnings)
    try:
        font_config = font_config or FontConfiguration()
        fetcher = CourseFilesOnly(fail_on_errors=True)
        identifier = hashlib.sha256(html.encode("utf-8")).hexdigest()[:32].encode("ascii")
        sheets = []
        style = _STYLE.search(html) if parsed is not None else None
        if style:  # given as the one sheet it was, parsed once (ours has no @counter-style, @layer or
            # @color-profile, which WeasyPrint would keep with the parsed sheet, not the document)
            if style.group(1) not in parsed:
                parsed[style.group(1)] = weasyprint.CSS(string=style.group(1), url_fetcher=fetcher,
                                                        font_config=font_config)
            sheets = [parsed[style.group(1)]]
            html = html[:style.start()] + html[style.end():]
        options = {"pdf_variant": "pdf/ua-1" if tagged else None, "pdf_identifier": identifier}
        made = settled(html, lambda mended: weasyprint.HTML(string=mended, url_fetcher=fetcher).render(
            font_config=font_config, stylesheets=sheets, **options))
        if write:
            with element_attributes():
                made = made.write_pdf(finisher=_right_to_left if _RIGHT_TO_LEFT.search(html) else None, **options)
    except FatalURLFetchingError:
        raise WriterError(f"the document asked for a file that is not part of the course: {refused[0]}") from None
    finally:
        logger.removeHandler(warnings)
    fatal = [message for message in warnings.messages if any(word in message for word in FATAL_WARNINGS)]
    for message in fatal:  # a picture WeasyPrint could not draw: the trainer's error at the picture's line
        drawn = next((item for url, item in allowed.items() if url in message and isinstance(item, MemoryFile)
                      and item.figure is not None), None)
        if drawn is not None:
            raise WriterError(f"picture '{drawn.figure.src}' could not be drawn in large print: simplify it (shapes "
                              "that use each other in a loop, or sizes scaled thousands of times)", drawn.figure.source)
    if fatal or refused:
        raise WriterError(f"the PDF could not be made safely: {(fatal or refused)[0]}")
    return made


def _right_to_left(document, pdf) -> None:
    """A right-to-left document's pages read from right to left: a viewer showing two pages side by side
    puts the first on the right (PDF 1.7, 12.2, /Direction)."""
    import pydyf

    preferences = pdf.catalog.get("ViewerPreferences") or pydyf.Dictionary()
    preferences["Direction"] = "/R2L"
    pdf.catalog["ViewerPreferences"] = preferences


class _WarningCollector(logging.Handler):
    def __init__(self) -> None:
        super().__init__(level=logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())
