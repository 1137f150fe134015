"""What a reader gets from a built file, read back with a real reader: the web page's and EPUB's visible
words (a WHATWG parser, scripts and styles left out), a PDF's text (pdfplumber), a Word file's paragraphs and
cells (python-docx), braille back-translated by liblouis, and the audio's spoken script."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pdfplumber
import tinyhtml5

from builder.writers.braille import translate
from builder.writers.braille.tables import from_brf, table_for

READABLE = (".html", ".epub", ".pdf", ".docx", ".brf", ".pef", ".txt")
HIDDEN = {"script", "style", "head", "title", "template"}


def text(path: Path) -> str:
    """The words of an output file as its reader would get them ("" for an MP3: its script is a .txt)."""
    if path.suffix == ".html":
        return html_words(path.read_text(encoding="utf-8"))
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            return " ".join(html_words(book.read(name).decode("utf-8")) for name in sorted(book.namelist())
                            if name.endswith(".xhtml"))
    if path.suffix == ".pdf":
        with pdfplumber.open(path) as pdf:
            return " ".join(page.extract_text() or "" for page in pdf.pages)
    if path.suffix == ".docx":
        document = docx.Document(str(path))
        cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
        return " ".join([p.text for p in document.paragraphs] + cells)
    if path.suffix in (".brf", ".pef"):
        table = table_for(language_of(path), 2 if "-g2" in path.stem else 1)
        if path.suffix == ".brf":
            return " ".join(translate.back_translate(table, from_brf(line))
                            for line in path.read_text(encoding="ascii").splitlines())
        cells = "".join(ch if "\u2800" <= ch <= "\u28ff" else " " for ch in path.read_text(encoding="utf-8"))
        return translate.back_translate(table, cells)
    if path.suffix in (".txt", ".m3u"):
        return path.read_text(encoding="utf-8")
    return ""


def html_words(markup: str) -> str:
    """The words a browser shows, pre and code included, scripts and styles not."""
    root = tinyhtml5.parse(markup, namespace_html_elements=False)
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str) or element.tag in HIDDEN:
            return
        parts.append(element.text or "")
        for child in element:
            walk(child)
            parts.append(child.tail or "")

    walk(root)
    return " ".join(" ".join(parts).split())


def language_of(path: Path) -> str:
    """The language a built file is in: the folder under outputs/ it is in (en-GB, pl, ur...)."""
    for part in reversed(path.parts[:-1]):
        if part[:2].isalpha() and part[:2].islower() and (len(part) == 2 or part[2] == "-"):
            return part
    return "en-GB"
