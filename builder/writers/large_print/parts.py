"""Large print laid out a part at a time (the cover and contents, then each module), each part kept in the
cache by exactly what went into it, so that an edit to one module lays out that module alone.

A part is laid out without page numbers, which are laid over it when the parts are joined (a module that
grows by a page moves the numbers of those after it, not their layout). What a part must know is the page
of each place it refers to ("(page 12)", the contents): those numbers come from the parts laid out before
it or from the last layout of the part they are in, and are checked once all are laid out; a part laid out
with a wrong number is laid out again, until every number agrees. A module pointing to a later one, in a
first build, is sure to be wrong (its own pages come before the page it shows): it is first laid out only
to count its pages, with no PDF written.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from builder import cache as kept
from builder.writers.large_print.join import LaidOut, join
from builder.writers.large_print.pdf import MemoryFile, file_url

HERE = Path(__file__).parent
MAX_ROUNDS = 4  # the numbers agree after two rounds unless a number's width moves a line onto a new page
_LINK = re.compile(r'href="#([^"]+)"')
_PAGED = re.compile(r'<a class="(?:internal|entry)" href="#([^"]+)"')  # links shown with their page
_ID = re.compile(r'\sid="([^"]+)"')
# The page numbers are laid over the joined parts, not laid out with them.
_NO_NUMBERS = "@page { @bottom-center { content: none; } }\n</style>"


@dataclass(frozen=True)
class Part:
    """The HTML of one part; the anchors in other parts it links to; those whose pages it shows."""

    html: str
    borrowed: frozenset[str]
    paged: frozenset[str]


@dataclass
class _Made:
    html: str  # as laid out, its numbers filled in
    laid_out: LaidOut
    pages: int
    anchors: dict[str, int]  # the part's own anchors: the page each is on, counted from its first


def split(document: Callable[[bool, list, list[str]], str], modules: list[dict]) -> list[Part]:
    """The cover and contents, then each module, as documents of their own. `document(front, sections,
    borrowed)` is the document template."""
    parts = []
    for front, sections in [(True, []), *[(False, [module]) for module in modules]]:
        html = document(front, sections, [])
        borrowed = sorted(set(_LINK.findall(html)) - set(_ID.findall(html)))
        if borrowed:
            html = document(front, sections, borrowed)
        parts.append(Part(html.replace("</style>", _NO_NUMBERS, 1), frozenset(borrowed),
                          frozenset(_PAGED.findall(html))))
    return parts


class Layout:
    """Parts laid out by `render_pdf(html, tagged)`, or taken from the cache where the same part was laid
    out before."""

    def __init__(self, render_pdf: Callable[..., bytes], files: list[Path | MemoryFile], cache_dir: Path | None,
                 paginate: Callable[[str], tuple[int, dict[str, int]]] | None = None):
        self.render_pdf = render_pdf
        self.paginate = paginate  # a part's pages and anchors' pages, laid out with no PDF written
        self.cache = cache_dir / "large-print" if cache_dir else None
        self.files = files
        self.pages_laid_out = 0  # pages WeasyPrint laid out (not found in the cache), for tests and benchmarks
        self._file_hashes: dict[str, str] = {}
        self._code = _code_hash()

    def document(self, parts: list[Part], folio: Callable[[int], str]) -> bytes | None:
        """The joined PDF with its page numbers (`folio(pages)` is their HTML), or None when the numbers
        never agreed (the caller then lays the document out whole)."""
        made: list[_Made | None] = [None] * len(parts)
        shapes = [self._key(part.html) for part in parts]  # each part whatever its numbers
        remembered = [self._remembered(shape) for shape in shapes]
        owner = {name: index for index, part in enumerate(parts)  # the part each anchor is in
                 for name in set(_ID.findall(part.html)) - part.borrowed}
        for _ in range(MAX_ROUNDS):
            again = False
            # Parts never laid out before first (an edited module), so that the others' numbers are known;
            # among those, parts showing no page numbers first and the contents last, so that a first
            # build lays each part out once unless a module points forward to a later one.
            for index in sorted(range(len(parts)), key=lambda i: ((made[i] or remembered[i]) is not None,
                                                                   bool(parts[i].paged), i == 0)):
                anchors = _anchor_pages(made, remembered)
                html = fill(parts[index], {name: anchors.get(name, 1) for name in parts[index].paged})
                if made[index] is None and remembered[index] is None and self.paginate and index > 0 and any(
                        owner.get(name, 0) > index for name in parts[index].paged):
                    # A module showing the page of a later one, never laid out: its numbers count its own
                    # pages as none, so they will change. Its pages are counted, and its PDF made once they have.
                    made[index] = self._counted(parts[index], html)
                    again = True
                elif made[index] is None or made[index].html != html:
                    made[index] = self._lay_out(parts[index], shapes[index], html)
                    again = True
            if not again:
                numbers, _ = self._cached(folio(sum(item.pages for item in made)), tagged=False)
                return join([item.laid_out for item in made], numbers)
        return None

    def _lay_out(self, part: Part, shape: str, html: str) -> _Made:
        pdf, fresh = self._cached(html)
        pages, anchors = measure(pdf, part.borrowed)
        self.pages_laid_out += pages if fresh else 0
        made = _Made(html, LaidOut(pdf, part.borrowed), pages, anchors)
        if self.cache is not None:  # how this part is laid out, for the next build's first guess
            kept.keep(self.cache / "shapes" / f"{shape}.json",
                          json.dumps({"pages": made.pages, "anchors": made.anchors}).encode("utf-8"))
        return made

    def _counted(self, part: Part, html: str) -> _Made:
        """A part laid out only to count its pages: no PDF, and an HTML no layout matches (so it is laid out)."""
        pages, anchors = self.paginate(html)
        self.pages_laid_out += pages
        return _Made("", LaidOut(b"", part.borrowed), pages,
                     {name: page for name, page in anchors.items() if name not in part.borrowed})

    def _cached(self, html: str, tagged: bool = True) -> tuple[bytes, bool]:
        """The PDF of `html`, and whether it was laid out now (and kept) rather than found in the cache."""
        key = self._key(html)
        path = self.cache / key[:2] / f"{key}.pdf" if self.cache else None
        found = kept.read(path) if path is not None else None
        if found is not None:
            return found, False
        pdf = self.render_pdf(html, tagged)
        if path is not None:
            kept.keep(path, pdf)
        return pdf, True

    def _remembered(self, shape: str) -> dict | None:
        """How a part was laid out last time (its pages, its anchors' pages), whatever its numbers."""
        if self.cache is None:
            return None
        try:
            return json.loads(kept.read(self.cache / "shapes" / f"{shape}.json") or b"")
        except ValueError:
            return None

    def _key(self, html: str) -> str:
        """What a part's layout depends on: its HTML, the files it loads, and the code that lays it out."""
        digest = hashlib.sha256(html.encode("utf-8"))
        digest.update(self._code.encode())
        for item in self.files:
            url = item.url if isinstance(item, MemoryFile) else file_url(item)
            if url in html:
                if url not in self._file_hashes:
                    data = item.data if isinstance(item, MemoryFile) else item.read_bytes()
                    self._file_hashes[url] = hashlib.sha256(data).hexdigest()
                digest.update(f"{url} {self._file_hashes[url]}".encode())
        return digest.hexdigest()


def _anchor_pages(made: list[_Made | None], remembered: list[dict | None]) -> dict[str, int]:
    """Every anchor's page as now known: from the parts laid out this time, else from their last layout.
    A part never laid out counts as no pages, but the cover and contents as two (the usual): what
    follows is placed again if that was wrong."""
    anchors: dict[str, int] = {}
    start = 1
    for index, (item, memory) in enumerate(zip(made, remembered)):
        guess = {"pages": 2 if index == 0 else 0, "anchors": {}}
        known = {"pages": item.pages, "anchors": item.anchors} if item else memory or guess
        anchors.update({name: start + page for name, page in known["anchors"].items()})
        start += known["pages"]
    return anchors


def fill(part: Part, pages: dict[str, int]) -> str:
    """The part's HTML with the page of each place whose page it shows."""
    if not pages:
        return part.html
    return _PAGED.sub(lambda match: f'{match.group(0)} data-page="{pages[match.group(1)]}"', part.html)


def measure(pdf: bytes, borrowed: frozenset[str]) -> tuple[int, dict[str, int]]:
    """A laid-out part's page count, and the page (from 0) each of its own anchors is on."""
    import pikepdf

    with pikepdf.open(io.BytesIO(pdf)) as document:
        pages = {page.objgen: index for index, page in enumerate(document.pages)}
        names = document.Root.get("/Names")
        flat = list(names.Dests.get("/Names", [])) if names is not None and "/Dests" in names else []
        anchors = {str(flat[i]): pages[flat[i + 1][0].objgen] for i in range(0, len(flat), 2)
                   if str(flat[i]) not in borrowed}
        return len(document.pages), anchors


def _code_hash() -> str:
    """The large print code and templates, and the libraries that lay out and post-process a part."""
    import pikepdf
    import weasyprint

    digest = hashlib.sha256(f"{weasyprint.__version__} {pikepdf.__version__}".encode())
    for path in sorted(HERE.glob("*")):
        if path.is_file():
            digest.update(path.read_bytes())
    return digest.hexdigest()
