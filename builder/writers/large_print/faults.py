"""The faults settle.py mends, found on two pages laid out one after the other: a box that runs over the
page with nothing to say it goes on, and a page left nearly empty by a block that did not fit on it."""

from __future__ import annotations

import math
from dataclasses import replace

from builder.writers.large_print.mend import Mend
from builder.writers.large_print.pages import HEADINGS, Page, bottom, classes, flow, is_box, lines, mark_of

LEAST_FULL = 0.25  # of the text area: a page mid-module less full than this is stranded
LEAST_FULL_BEFORE_BOX = 0.5  # a box kept whole (a session plan) splits rather than leave a page less full
FEW_LINES = 6  # a box of this many lines or fewer (its title among them) is never split: it moves whole
SMALLEST_PICTURE = 0.6  # of its width: a picture drawn smaller to fit on a page is never smaller than this
ROOM = 4.0  # CSS px left free under a picture made to fit, for rounding
CONTAINERS = ("ul", "ol", "table", "blockquote")  # a box is cut between their items when they run over a page
LABELLED = Mend("labelled", "")  # a box already cut where it runs over the page


def fault(pages: list[Page], mends: list[Mend], label: str) -> Mend | None:
    """The fault between the last two of `pages` that a mend not yet made can mend, if any. `label` is the
    document's "{label} (continued)"."""
    if len(pages) < 2:
        return None
    page, after = pages[-2], pages[-1]
    if page.section is None or after.section is None or page.section.element is not after.section.element:
        return None  # the cover and contents, or the last page of a module
    done = {(mend.kind, mend.mark) for mend in mends}
    return _split_box(page, after, pages, done, label) or _stranded(page, after, done)


def _split_box(page: Page, after: Page, pages: list[Page], done: set, label: str) -> Mend | None:
    """The outermost box running from `page` onto `after`, not labelled there yet: cut, or moved whole to the
    next page with its headings if it has a few lines or if nothing but its title would be left before a cut."""
    for mark, box in page.marks.items():
        if not is_box(box) or mark not in after.marks or any(is_box(outer) for outer in page.ancestors(box)):
            continue
        few = lines(mark, pages) <= FEW_LINES and not _labelled(box)  # (a box going on from before is long)
        mend = None if few else _cut(box, after.marks[mark], page, label)
        if mend is LABELLED:
            return None
        if mend is not None and ("cut", mend.mark) not in done:
            return mend
        return _move(page, box, done)
    return None


def _cut(box, going_on, page: Page, label: str) -> Mend | None:
    """Where to cut a box (`box` on this page, `going_on` on the next): before the first block on the next
    page and the headings kept with it; inside that block if it runs over the page and is a box (cut in its
    turn), a list, a table or a quote (before an item, a row, a paragraph). None if nothing of the box's text
    would be left before the cut: a box is not cut after its title alone. LABELLED if it is cut already."""
    if not flow(going_on) or _labelled(going_on):
        return LABELLED
    unit, within = flow(going_on)[0], None
    if mark_of(unit) in page.marks:  # it runs over the page
        if is_box(unit):
            inner = _cut(page.marks[mark_of(unit)], unit, page, label)
            if inner is LABELLED:  # the box in it goes on under its own label
                return inner
            if inner is not None:  # this box goes on too: its label first ("Activity (continued) · Trainer note
                # (continued)"), as a reader on the next page is inside both
                return replace(inner, label=f"{label.format(label=_label(box.element))} · {inner.label}")
        elif unit.element_tag in CONTAINERS:
            items = _items(unit)
            if not items:
                return None
            if items[0].element is not _first_item(unit.element):  # (else the cut is before the list itself)
                unit, within = items[0], unit
    if within is None:
        before = [block for block in flow(box) if mark_of(block) != mark_of(unit)]
        while before and before[-1].element_tag in HEADINGS and "box-title" not in classes(before[-1]):
            unit = before.pop()
    content = [child for child in box.element
               if not {"box-title", "box-continued"} & set((child.get("class") or "").split())]
    if not content or content[0] is unit.element:
        return None
    start = 1
    if within is not None and within.element_tag == "ol":
        items = [child for child in within.element if child.tag == "li"]
        start = int(within.element.get("start") or 1) + items.index(unit.element)
    return Mend("cut", mark_of(unit), label=label.format(label=_label(box.element)), tag=unit.element_tag,
                within=mark_of(within) if within is not None else "",
                within_tag=within.element_tag if within is not None else "", start=start,
                opened=_opened(page, box) + ((box.element_tag, mark_of(box)),))


def _labelled(box) -> bool:
    """Whether the box opens the page under its label: it goes on from a page before."""
    blocks = flow(box)
    return bool(blocks) and "box-continued" in classes(blocks[0])


def _move(page: Page, box, done: set) -> Mend | None:
    """The box and the headings kept with it sent to the next page, unless that leaves this page stranded."""
    siblings = flow(page.ancestors(box)[0])
    chain = [box]
    for sibling in reversed(siblings[:siblings.index(box)]):
        if sibling.element_tag not in HEADINGS:
            break
        chain.insert(0, sibling)
    mark = mark_of(chain[0])
    if ("move", mark) in done or page.part(chain[0].position_y) < LEAST_FULL:
        return None
    return Mend("move", mark, opened=_opened(page, chain[0]))


def _opened(page: Page, block) -> tuple[tuple[str, str], ...]:
    """The marked blocks `block` is in (its module's section, the boxes...), outermost first."""
    return tuple((box.element_tag, mark_of(box)) for box in reversed(page.ancestors(block))
                 if mark_of(box) is not None)


def _stranded(page: Page, after: Page, done: set) -> Mend | None:
    """A page left nearly empty because the block opening the next page (after its headings) did not fit on
    it: under a quarter full before a picture, drawn smaller; under half full before a box kept whole (a
    session plan), which may then split: a module's title and summary alone over a page's worth of space."""
    filled = page.filled()
    if filled >= LEAST_FULL_BEFORE_BOX or not flow(page.section):
        return None
    blocks = flow(after.section)
    moved = next((block for block in blocks if block.element_tag not in HEADINGS), None)
    if moved is None or any(mark_of(block) in page.marks for block in blocks[:blocks.index(moved) + 1]):
        return None  # the next page goes on with what this one holds: nothing was moved
    mark = mark_of(moved)
    if moved.element_tag == "figure" and filled < LEAST_FULL and ("shrink", mark) not in done:
        return _shrink(page, blocks, moved)
    if is_box(moved) and moved.style["break_inside"] in ("avoid", "avoid-page") and ("split", mark) not in done:
        return Mend("split", mark)
    return None


def _shrink(page: Page, blocks: list, figure) -> Mend | None:
    """The picture drawn small enough to fit after what `page` holds, with the headings before it; None if
    that is under its floor, where its words would be under the print size."""
    last = flow(page.section)[-1]
    margin = blocks[0].style["margin_top"]  # its own: at the top of a page it had none
    room = page.bottom - bottom(last) - max(last.margin_bottom, margin.value if margin.unit == "px" else 0) - ROOM
    pictures = [box for box in figure.children if box.element_tag in ("div", "img")]
    drawn = sum(box.height for box in pictures)  # what scales: not a caption, not margins
    if not drawn:
        return None
    scale = math.floor((room - (bottom(figure) - blocks[0].border_box_y() - drawn)) / drawn * 1000) / 1000
    words = [box.style["font_size"] for picture in pictures for box in picture.descendants(placeholders=True)
             if type(box).__name__ == "TextBox"]  # (a drawing's words are positioned: placeholders in the flow)
    floor = max(SMALLEST_PICTURE, page.root.style["font_size"] / min(words) if words else 0)
    if scale >= 1 or scale < floor:
        return None
    return Mend("shrink", mark_of(figure), scale=scale)


def _items(container) -> list:
    """The items of a list, the rows of a table's body or the blocks of a quote, laid out on a page."""
    if container.element_tag != "table":
        return flow(container)
    return [row for table in container.children for group in table.children if group.element_tag == "tbody"
            for row in group.children if mark_of(row) is not None]


def _first_item(element):
    """The first item of a list or quote, the first row of a table's body (elements, not laid-out boxes)."""
    if element.tag == "table":
        body = next((child for child in element if child.tag == "tbody"), None)
        return next(iter(body), None) if body is not None else None
    return next(iter(element), None)


def _label(aside) -> str:
    """A box's label ("Trainer note"), or its title for a box that has none."""
    heading = next((child for child in aside if "box-title" in (child.get("class") or "").split()), None)
    if heading is None:
        return ""
    for span in heading.iter("span"):
        if "box-label" in (span.get("class") or "").split():
            return "".join(span.itertext()).strip().rstrip(":").strip()
    return " ".join("".join(heading.itertext()).split())
