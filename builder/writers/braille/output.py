"""Braille pages written out: BRF for embossers, PEF (the DAISY XML format), and an HTML proof copy."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from html import escape as _escape

from builder.writers.braille.layout import Page, page_number_line
from builder.writers.braille.tables import BLANK, to_brf

if TYPE_CHECKING:
    from builder.locale import Locale

PEF_NAMESPACE = "http://www.daisy.org/ns/2008/pef"


@dataclass(frozen=True)
class Book:
    """Numbered braille pages and what to say about them."""

    title: str
    locale: Locale
    code: str  # e.g. "ueb-g2"
    table: str
    date: str
    identifier: str
    cells: int
    rows: int
    pages: list[Page]
    sections: list[int]  # index of the first page of each section (front matter, then each module)

    @property
    def lang(self) -> str:
        return self.locale.tag

    def page_rows(self, index: int) -> list[str]:
        """All rows of page `index` (0-based), the page-number row first."""
        return [page_number_line(index + 1, self.cells), *self.pages[index].lines]


def escape(text: str) -> str:
    """Text for XML: &, < and > escaped (xml.sax.saxutils would import urllib, http and ssl, 25 ms at
    every start, since the CLI reads every writer's options)."""
    return _escape(text, quote=False)


def brf(book: Book) -> bytes:
    """ASCII braille: CR LF after each line, a form feed between pages, no trailing blanks."""
    pages = []
    for index in range(len(book.pages)):
        rows = [to_brf(row.rstrip(BLANK)) for row in book.page_rows(index)]
        pages.append("\r\n".join(rows) + "\r\n")
    return "\f".join(pages).encode("ascii")


def pef(book: Book) -> bytes:
    """PEF 2008-1: one volume; a section for the front matter and one for each module."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           f'<pef version="2008-1" xmlns="{PEF_NAMESPACE}">',
           "<head>",
           '<meta xmlns:dc="http://purl.org/dc/elements/1.1/">',
           "<dc:format>application/x-pef+xml</dc:format>",
           f"<dc:identifier>{escape(book.identifier)}</dc:identifier>",
           f"<dc:title>{escape(book.title)}</dc:title>",
           f"<dc:language>{escape(book.lang)}</dc:language>",
           f"<dc:date>{escape(book.date)}</dc:date>",
           f"<dc:description>{escape(f'Braille, {book.code}, liblouis table {book.table}')}</dc:description>",
           "</meta>",
           "</head>",
           "<body>",
           f'<volume cols="{book.cells}" rows="{book.rows}" rowgap="0" duplex="false">']
    starts = sorted(set(book.sections))
    for number, start in enumerate(starts):
        end = starts[number + 1] if number + 1 < len(starts) else len(book.pages)
        out.append("<section>")
        for index in range(start, end):
            out.append("<page>")
            out.extend(f"<row>{row.rstrip(BLANK)}</row>" for row in book.page_rows(index))
            out.append("</page>")
        out.append("</section>")
    out += ["</volume>", "</body>", "</pef>", ""]
    return "\n".join(out).encode("utf-8")


def proof(book: Book) -> bytes:
    """An HTML page for sighted checkers: each braille page beside the print text it came from."""
    direction = "rtl" if book.locale.rtl else "ltr"
    # The page is in the book's language and direction; braille cells always run left to right, and the
    # checker's notes are English.
    parts = [f"<!DOCTYPE html>\n<html lang=\"{escape(book.lang)}\" dir=\"{direction}\">\n<head>\n"
             "<meta charset=\"utf-8\">",
             f"<title>{escape(book.title)}: braille proof ({escape(book.code)})</title>",
             "<style>body{font-family:sans-serif;margin:1em}section{display:flex;gap:2em;border-top:2px solid;"
             "padding:1em 0;break-inside:avoid}pre{font-size:20px;line-height:1.2;margin:0;"
             "font-family:'DejaVu Sans Mono',monospace;background:#f4f4f4;padding:.5em}"
             ".print{max-width:30em}h2{font-size:1em;margin:0 0 .5em}</style>\n</head>\n<body>",
             f"<h1>{escape(book.title)}</h1>",
             f"<p lang=\"en\" dir=\"ltr\">Braille proof: {escape(book.code)} ({escape(book.table)}), "
             f"{book.cells} cells by {book.rows} "
             f"lines, {len(book.pages)} pages. Left: the braille page as embossed. Right: the print text on it.</p>"]
    for index, page in enumerate(book.pages):
        rows = "\n".join(escape(row) for row in book.page_rows(index))
        sources = "".join(f"<p>{escape(text)}</p>" for text in page.sources)
        parts.append(f"<section aria-label=\"Braille page {index + 1}\">"
                     f"<pre aria-hidden=\"true\" dir=\"ltr\">{rows}</pre>"
                     f"<div class=\"print\"><h2 lang=\"en\" dir=\"ltr\">Braille page {index + 1}</h2>{sources}</div>"
                     "</section>")
    parts.append("</body>\n</html>\n")
    return "\n".join(parts).encode("utf-8")
