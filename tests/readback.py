"""What a reader gets from a built file, read back with a real reader: the web page's and EPUB's visible
words (a WHATWG parser, scripts and styles left out), a PDF's text (pdfplumber) and its figures' alt text
(pikepdf), a Word file's paragraphs, cells and pictures' descriptions (python-docx), braille back-translated by
liblouis, and the audio's spoken script."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pdfplumber
import tinyhtml5

from builder.writers.braille import translate
from builder.locale import locale_for
from builder.writers.braille.tables import from_brf

READABLE = (".html", ".epub", ".pdf", ".docx", ".brf", ".pef", ".txt")
DOCX_PARAGRAPH = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}p"
DOCX_PICTURE = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}docPr"  # its descr: alt
HIDDEN = {"script", "style", "head", "title", "template"}
INLINE = {"a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "i", "ins", "kbd", "mark", "q",
          "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var"}


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
            words = " ".join(page.extract_text() or "" for page in pdf.pages)
        return f"{words} {' '.join(pdf_alt_texts(path))}"
    if path.suffix == ".docx":
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
        body = document.element.body  # every paragraph once, in reading order: in tables, boxes and boxes in boxes
        paragraphs = [Paragraph(p, document).text for p in body.iter(DOCX_PARAGRAPH)]
        pictures = [shape.get("descr", "") for shape in body.iter(DOCX_PICTURE)]
        return " ".join(paragraphs + pictures)
    if path.suffix in (".brf", ".pef"):
        table = locale_for(language_of(path)).braille_table(2 if "-g2" in path.stem else 1)
        if path.suffix == ".brf":
            return " ".join(translate.back_translate(table, from_brf(line))
                            for line in path.read_text(encoding="ascii").splitlines())
        cells = "".join(ch if "\u2800" <= ch <= "\u28ff" else " " for ch in path.read_text(encoding="utf-8"))
        return translate.back_translate(table, cells)
    if path.suffix in (".txt", ".m3u8"):
        return path.read_text(encoding="utf-8")
    return ""


def html_words(markup: str) -> str:
    """The words a browser shows (and a screen reader says: pictures' alt text), pre and code included, scripts
    and styles not."""
    root = tinyhtml5.parse(markup, namespace_html_elements=False)
    parts: list[str] = []

    def walk(element) -> None:
        if not isinstance(element.tag, str) or element.tag in HIDDEN:
            return
        apart = element.tag not in INLINE  # a block's words do not run into the next block's
        if element.tag == "img":  # what a screen reader says for a picture
            parts.append(f" {element.get('alt') or ''} ")
        parts.append(" " * apart + (element.text or ""))
        for child in element:
            walk(child)
            parts.append(child.tail or "")
        parts.append(" " * apart)

    walk(root)
    return " ".join("".join(parts).split())


def language_of(path: Path) -> str:
    """The language a built file is in: the folder under outputs/ it is in (en-GB, pl, ur...)."""
    for part in reversed(path.parts[:-1]):
        if part[:2].isalpha() and part[:2].islower() and (len(part) == 2 or part[2] == "-"):
            return part
    return "en-GB"


def pdf_alt_texts(path: Path) -> list[str]:
    """The alt text of every figure in a tagged PDF's structure tree, which a screen reader says."""
    import pikepdf

    found: list[str] = []
    with pikepdf.open(path) as pdf:
        todo = [pdf.Root.get("/StructTreeRoot")]
        while todo:
            node = todo.pop()
            if isinstance(node, pikepdf.Array):
                todo.extend(node)
            elif isinstance(node, pikepdf.Dictionary):
                if "/Alt" in node:
                    found.append(str(node.Alt))
                if "/K" in node:
                    todo.append(node.K)
    return found
