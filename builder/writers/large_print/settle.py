"""A part laid out again while its layout strands a page or splits a box badly, mended a fault at a time.

WeasyPrint keeps a block that may not split (a picture, a session plan) whole by moving it, and the heading
kept with it, to the next page, however little is left on the page before; and a box that runs onto the next
page goes on there with nothing to say what it is. So a part is laid out and its pages read as they are made;
at the first fault (faults.py) the layout stops, the fault is mended in the HTML (mend.py) and the part is
laid out again, until a layout has none:

- a page less than a quarter full before a picture that did not fit: the picture drawn smaller, so that it
  and its heading fit, within a floor (its words never under the print size);
- a page less than half full before a box kept whole (a session plan, after a module's title): the box may
  split;
- a box of a few lines split over two pages, or one whose text would start on the next page anyway: moved
  whole to the next page with the headings kept with it;
- a longer box split: cut between its paragraphs, list items, table rows or quoted lines (never inside a
  sentence), the rest opening the next page under the box's label and "(continued)" in the document's
  language.

One fault at a time, in page order: each mend moves all that follows it, and none of what comes before. The
last page of a module may be short: a module starts a new page.
"""

from __future__ import annotations

import contextlib
import logging
from typing import Callable, Iterator

from builder.writers.large_print.faults import fault
from builder.writers.large_print.mend import Mend, continued_label, marked, mended, rest
from builder.writers.large_print.pages import Page

MAX_LAYOUTS = 40  # a layout for each mend (mostly of the rest of the part alone), and each mark is mended
# once: this only bounds a part with very many long boxes (the sample's longest module needs 10)


def settled(html: str, lay_out: Callable[[str], object]):
    """The document `lay_out(html)` makes (WeasyPrint's), its faults mended. Up to MAX_LAYOUTS layouts, each
    stopped at its first fault; the last one, if it comes to that, is kept as it is. After a mend that starts a
    page, only the rest of the part is laid out to find the next fault (the pages before it no longer
    change); the whole part is laid out once the rest has none."""
    label = continued_label(html)
    if label is None:  # not a course document (the page numbers alone): nothing to mend
        return lay_out(html)
    html = marked(html)
    mends: list[Mend] = []
    since: Mend | None = None  # the last mend that starts a page: the part is laid out from there
    for _ in range(MAX_LAYOUTS - 1):
        part = mended(html, mends)
        try:
            with _watched(lambda pages: fault(pages, mends, label)), _quiet(since is not None):
                document = lay_out(part if since is None else rest(part, since))
        except _Found as found:
            mends.append(found.mend)
            since = found.mend if found.mend.starts_page else since
            continue
        if since is None:
            return document
        since = None
    return lay_out(mended(html, mends))


@contextlib.contextmanager
def _quiet(quiet: bool) -> Iterator[None]:
    """WeasyPrint says nothing while it lays out the rest of a part alone (`quiet`): its links to what comes
    before are missing there, not in the part, which is laid out whole at the end and says what is wrong."""
    if not quiet:
        yield
        return
    logger = logging.getLogger("weasyprint")
    silent = logging.Filter("-")  # a name no logger has: every record is dropped
    logger.addFilter(silent)
    try:
        yield
    finally:
        logger.removeFilter(silent)


class _Found(Exception):
    """A fault found while laying out: the layout stops there (the pages after it would change)."""

    def __init__(self, mend: Mend):
        super().__init__(mend)
        self.mend = mend


@contextlib.contextmanager
def _watched(check: Callable[[list[Page]], Mend | None]) -> Iterator[None]:
    """While laying out, read each page as it is made and stop at the first fault `check` finds.

    WeasyPrint 70 makes the pages in `weasyprint.layout.page.make_all_pages`, a generator that
    `layout_document` calls by name from `weasyprint.layout`: wrapping it sees each page once it is laid out.
    (A document whose page numbers are laid out again makes its pages a second time: they are read again.)
    """
    from weasyprint import layout

    original = layout.make_all_pages

    def pages(*args):
        made: list[Page] = []
        for page in original(*args):
            made.append(Page(page))
            mend = check(made)
            if mend is not None:
                raise _Found(mend)
            yield page

    layout.make_all_pages = pages
    try:
        yield
    finally:
        layout.make_all_pages = original
