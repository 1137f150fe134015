"""A page as WeasyPrint laid it out, read for settle.py: its text area, its module's part on it, and its
blocks by the mark mend.py gave them."""

from __future__ import annotations

HEADINGS = {"h1", "h2", "h3", "h4", "h5", "h6"}


class Page:
    """A laid-out page (a WeasyPrint PageBox): its text area from `top` to `bottom` (CSS px), the part of its
    module on it (`section`), and its marked blocks, by mark, in document order (the first of two boxes with
    one mark: a table's wrapper before the table)."""

    def __init__(self, box) -> None:
        root = box.children[0]  # the html element's box fills the text area
        self.root = root
        self.top, self.bottom = root.content_box_y(), root.content_box_y() + root.height
        self.section = None
        self.marks: dict[str, object] = {}
        self._parents: dict[int, object] = {}
        todo = [root]
        while todo:
            block = todo.pop()
            mark = mark_of(block)
            if mark is not None:
                self.marks.setdefault(mark, block)
                if self.section is None and block.element_tag == "section" and "module" in classes(block):
                    self.section = block
            for child in reversed(getattr(block, "children", [])):
                self._parents[id(child)] = block
                todo.append(child)

    def ancestors(self, block) -> list:
        """The boxes `block` is in, nearest first."""
        found = []
        while id(block) in self._parents:
            block = self._parents[id(block)]
            found.append(block)
        return found

    def filled(self) -> float:
        """How far down the text area the module's text on this page reaches, from 0 to 1."""
        blocks = flow(self.section)
        return (bottom(blocks[-1]) - self.top) / (self.bottom - self.top) if blocks else 0.0

    def part(self, top: float) -> float:
        """The part of the text area above `top`, from 0 to 1."""
        return (top - self.top) / (self.bottom - self.top)


def flow(block) -> list:
    """A block's children in the flow (not floated or positioned), those with a mark."""
    if block is None:
        return []
    return [child for child in getattr(block, "children", [])
            if mark_of(child) is not None and child.is_in_normal_flow()]


def bottom(block) -> float:
    """Where a block's border ends, down the page."""
    return block.border_box_y() + block.border_height()


def mark_of(block) -> str | None:
    """The mark of the element a box is for (None for a list's marker or a ::before, and unmarked boxes)."""
    element = getattr(block, "element", None)
    if element is None or "::" in (block.element_tag or ""):
        return None
    return element.get("data-lp")


def is_box(block) -> bool:
    """Whether it is a box of the course (a trainer note, an activity...)."""
    return block.element_tag == "aside" and "box" in classes(block)


def classes(block) -> list[str]:
    return (block.element.get("class") or "").split()


def lines(mark: str, pages: list[Page]) -> int:
    """The lines of text in the block marked `mark`, over all the pages it is on (table cells side by side
    count as one line)."""
    found = set()
    for number, page in enumerate(pages):
        block = page.marks.get(mark)
        if block is not None:
            found |= {(number, round(line.position_y)) for line in block.descendants()
                      if type(line).__name__ == "LineBox"}
    return len(found)
