"""PDF pages read back once for layout tests: characters, pictures, what figures hold, and the text."""

from __future__ import annotations

import io
from dataclasses import dataclass

import pdfplumber
import pikepdf


@dataclass
class ReadPage:
    """What the layout tests need of a page, read once: its characters, pictures, figure content, text."""

    number: int
    chars: list[dict]
    images: list[dict]
    in_figures: set[int]
    text: str


def read_pages(data: bytes) -> list[ReadPage]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [ReadPage(page.page_number, page.chars, page.images, figure_content(page), page.extract_text() or "")
                for page in pdf.pages]


def figure_content(page) -> set[int]:
    """The marked content ids of everything a Figure structure element holds on the page."""
    found: set[int] = set()

    def walk(nodes, inside: bool) -> None:
        for node in nodes:
            here = inside or node["type"] == "Figure"
            if here:
                found.update(node.get("mcids") or [])
            walk(node.get("children", []), here)

    walk(page.structure_tree, False)
    return found


def nearly_empty_pages(data: bytes, least: float = 0.25) -> list[int]:
    """Pages whose content reaches less than `least` of the way down the text area (where any page's content
    starts and ends; page numbers, artifacts, do not count). A module's last page is not counted: modules
    start on a new page (a session's handout), so a short end is the module's length, not the layout's."""
    pages = read_pages(data)

    def extent(page: ReadPage) -> tuple[float, float] | None:
        content = [c for c in page.chars if c.get("tag") != "Artifact"] + page.images
        return (min(c["top"] for c in content), max(c["bottom"] for c in content)) if content else None

    extents = {page.number: extent(page) for page in pages}
    area_top = min(top for top, _ in filter(None, extents.values()))
    area_bottom = max(bottom for _, bottom in filter(None, extents.values()))
    ends = {start - 1 for start in chapter_pages(data)} | {len(pages)}
    return [page.number for page in pages if page.number not in ends
            and (extents[page.number] is None or (extents[page.number][1] - area_top) / (area_bottom - area_top) < least)]


# The text area of a large print page (see page.css.j2): A4, 20 mm margin at the top and 25 mm at the bottom.
MM = 72 / 25.4
AREA_TOP, AREA_BOTTOM = 20 * MM, (297 - 25) * MM


def fullness(data: bytes) -> list[float]:
    """How far down its text area each page's content reaches (0 empty, 1 full): the bottom of its last line
    of text or picture (page numbers, artifacts, do not count)."""
    found = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages:
            drawn = [c for c in page.chars if c.get("tag") != "Artifact" and not c["text"].isspace()] + page.images
            bottom = max((item["bottom"] for item in drawn), default=AREA_TOP)
            found.append(max(0.0, min(1.0, (bottom - AREA_TOP) / (AREA_BOTTOM - AREA_TOP))))
    return found


def stranded_pages(data: bytes, least: float = 0.25) -> list[int]:
    """Pages (from 1) filled less than `least` of their text area that are neither the cover nor a module's
    last page (a module starts on a new page, so its last page is as short as the module makes it): what a
    block kept whole, pushed to the next page, leaves behind."""
    ends = {start - 1 for start in chapter_pages(data)} | {1}
    filled = fullness(data)
    ends.add(len(filled))
    return [number for number, part in enumerate(filled, 1) if number not in ends and part < least]


def chapter_pages(data: bytes) -> list[int]:
    """The page each top-level bookmark (the cover, each module) opens on."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        numbers = {page.objgen: number for number, page in enumerate(pdf.pages, 1)}
        with pdf.open_outline() as outline:
            return [numbers[item.destination[0].objgen] for item in outline.root if item.destination is not None]
