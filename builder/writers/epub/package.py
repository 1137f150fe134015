"""The EPUB container: its files as items, XHTML made from the HTML renderer's output, and the zip with
`mimetype` first and stored, dated so that the same book gives the same bytes."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from io import BytesIO

from markupsafe import Markup, escape

from builder.outputs import zip_entry

CONTAINER = b"""<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
<rootfiles><rootfile full-path="EPUB/package.opf" media-type="application/oebps-package+xml"/></rootfiles>
</container>
"""


@dataclass
class Item:
    """A file of the book, under EPUB/, as the package lists it."""

    name: str  # e.g. "01-welcome.xhtml", "audio/01-welcome.mp3"
    media_type: str
    data: bytes
    properties: str = ""  # "nav"
    overlay: str = ""  # the id of this page's SMIL overlay
    family: str = ""  # a font's CSS family and weight
    weight: int = 400

    @property
    def id(self) -> str:
        """A manifest id: an XML name made from the file name."""
        return "i-" + re.sub(r"[^A-Za-z0-9_.-]", "-", self.name)


def xhtml(html: str) -> Markup:
    """An HTML fragment from the renderer as XHTML (void elements closed, entities as characters), so
    the same rendering serves the web page and the book."""
    from lxml import etree
    from lxml import html as lxml_html

    if not html.strip():
        return Markup("")
    parts = lxml_html.fragments_fromstring(html)
    return Markup("".join(escape(part) if isinstance(part, str) else
                          etree.tostring(part, method="xml", encoding="unicode") for part in parts))


def book_zip(items: list[Item]) -> bytes:
    """The .epub file: mimetype first and uncompressed, as readers require, then the container and items."""
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        mimetype = zip_entry("mimetype")
        mimetype.compress_type = zipfile.ZIP_STORED
        archive.writestr(mimetype, b"application/epub+zip")
        archive.writestr(zip_entry("META-INF/container.xml"), CONTAINER)
        for item in items:
            entry = zip_entry(f"EPUB/{item.name}")
            if item.media_type in ("audio/mpeg", "image/png", "image/jpeg"):
                entry.compress_type = zipfile.ZIP_STORED  # already compressed
            archive.writestr(entry, item.data)
    return out.getvalue()
