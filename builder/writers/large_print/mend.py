"""The HTML changes settle.py makes to a part between two layouts: each block marked, so that a laid-out box
can be found again in the HTML; a block sent to the next page; a box kept whole allowed to split; a picture
drawn smaller; a box cut in two, the second part opening a page under the box's label and "(continued)"."""

from __future__ import annotations

import html as entities
import re
from dataclasses import dataclass

from markupsafe import escape

# The blocks a mend may name: every block element of the body is given a mark, data-lp="N".
_BLOCK = re.compile(r"<(p|li|ul|ol|table|tr|figure|aside|div|h[1-6]|pre|blockquote|dl|section)(?=[\s>])")
_CONTINUED = re.compile(r'<html[^>]*\sdata-continued="([^"]*)"')
_STYLE_ATTRIBUTE = re.compile(r'style="([^"]*)"')
_LENGTH = re.compile(r"(\d+(?:\.\d+)?)(mm|pt)")
_MARK = re.compile(r'data-lp="([^"]*)"')
_ANONYMOUS = re.compile(r'\s(?:id|aria-labelledby|aria-label)="[^"]*"')  # a block opened again is not named again


def marked(html: str) -> str:
    """`html` with a mark on each block of its body."""
    start = html.find("<body")
    count = iter(range(1_000_000_000))
    return html[:start] + _BLOCK.sub(lambda match: f'{match.group(0)} data-lp="{next(count)}"', html[start:])


def continued_label(html: str) -> str | None:
    """The document's "{label} (continued)" in its language, or None (a document with no boxes to go on)."""
    found = _CONTINUED.search(html)
    return entities.unescape(found.group(1)) if found else None


@dataclass(frozen=True)
class Mend:
    """One change to the block marked `mark`: "move" (it starts a page), "split" (a box kept whole may split),
    "shrink" (a picture drawn at `scale` of its size) or "cut" (the box it is in goes on from it, a `tag`, on
    the next page under `label`; inside the list, table or quote `within`, a `within_tag`, an ordered list
    going on at `start`). A "move" or a "cut" records the blocks it is in, `opened`, so that the part can be
    laid out from it (see `rest`)."""

    kind: str
    mark: str
    scale: float = 1.0
    label: str = ""
    tag: str = ""
    within: str = ""
    within_tag: str = ""
    start: int = 1
    opened: tuple[tuple[str, str], ...] = ()  # (tag, mark) of each block it is in, outermost first

    @property
    def starts_page(self) -> bool:
        """Whether what follows the mend starts a new page: then it does not change with what comes before."""
        return self.kind in ("cut", "move")


def mended(html: str, mends: list[Mend]) -> str:
    """`html` (marked) with every change in `mends` made."""
    rules = []
    for mend in mends:
        if mend.kind == "split":
            rules.append(f'[data-lp="{mend.mark}"] {{ break-inside: auto; page-break-inside: auto; }}')
        elif mend.kind == "move":
            rules.append(f'[data-lp="{mend.mark}"] {{ break-before: page; page-break-before: always; }}')
        elif mend.kind == "shrink":
            html, rule = _shrunk(html, mend.mark, mend.scale)
            rules += [rule] if rule else []
        elif mend.kind == "cut":
            html = _cut(html, mend)
            if mend.within:  # its first part ends the page: no margin below it to push its last lines over
                rules.append(f'[data-lp="{mend.within}"] {{ margin-bottom: 0; }}')
    if rules:
        html = html.replace("</head>", "<style>\n" + "\n".join(rules) + "\n</style>\n</head>", 1)
    return html


def _shrunk(html: str, mark: str, scale: float) -> tuple[str, str]:
    """A picture at `scale`: a drawing's size and its words' places and sizes (all in mm and pt, see
    `_picture`), or a PNG or JPEG's width (as a rule)."""
    start = html.index(f'<figure data-lp="{mark}"')
    end = html.index("</figure>", start)
    figure = html[start:end]
    if 'class="drawing"' not in figure:
        return html, f'[data-lp="{mark}"] img {{ width: {scale * 100:.2f}%; }}'

    def scaled(attribute: re.Match) -> str:
        lengths = _LENGTH.sub(lambda length: f"{float(length.group(1)) * scale:.3f}{length.group(2)}", attribute.group(1))
        return f'style="{lengths}"'

    return html[:start] + _STYLE_ATTRIBUTE.sub(scaled, figure) + html[end:], ""


def _cut(html: str, mend: Mend) -> str:
    """The box closed before the block marked `mend.mark` (and the list or table around it closed, then
    opened again), that block opening the next page under the box's label and "(continued)"."""
    label = f'<p class="box-continued" data-lp="continued-{mend.mark}">{escape(mend.label)}</p>'
    before = f'<{mend.tag} data-lp="{mend.mark}"'
    if not mend.within:
        return html.replace(before, label + before, 1)
    opening = re.search(rf'<{mend.within_tag} data-lp="{re.escape(mend.within)}"([^>]*)>', html)
    attributes = re.sub(r'\s(?:start|id)="[^"]*"', "", opening.group(1))
    again = f'<{mend.within_tag} data-lp="{mend.within}-{mend.mark}"{attributes}'
    if mend.within_tag == "ol":
        again += f' start="{mend.start}"'
    again += ">"
    if mend.within_tag == "table":  # its column headings again over the rows that go on
        end = html.index("</table>", opening.end())
        head = re.search(r"<thead>.*?</thead>", html[opening.end():end], re.DOTALL)
        again += (_MARK.sub(lambda match: f'data-lp="{match.group(1)}-{mend.mark}"', head.group(0)) if head else "")
        again += "<tbody>"
        closing = "</tbody></table>"
    else:
        closing = f"</{mend.within_tag}>"
    return html.replace(before, closing + label + again + before, 1)


def rest(html: str, mend: Mend) -> str:
    """The part from where `mend` (a "cut" or a "move", made in `html`) starts a page to its end, the blocks
    it is in opened again first: laid out alone, it makes the same pages as the part does from there on."""
    body = html.index(">", html.index("<body")) + 1
    mark = f"continued-{mend.mark}" if mend.kind == "cut" else mend.mark
    position = re.compile(rf'<\w+[^>]*\sdata-lp="{re.escape(mark)}"').search(html, body).start()
    opening = ""
    for tag, mark in mend.opened:  # a box with its title, hidden: what a label going on is made from
        found = re.compile(rf'<{tag} data-lp="{re.escape(mark)}"[^>]*>(\s*<(h[1-6]) [^>]*class="box-title".*?</\2>)?',
                           re.DOTALL).search(html)
        opening += _ANONYMOUS.sub("", found.group(0)).replace('class="box-title"', 'class="box-title" hidden')
    # Where the part goes on, they go on from the page before: no border, padding or margin above.
    going_on = "\n".join(f'[data-lp="{mark}"] {{ border-top-width: 0 !important; padding-top: 0 !important; '
                         f'margin-top: 0 !important; }}' for _, mark in mend.opened)
    head = html.index("</head>")
    return html[:head] + f"<style>\n{going_on}\n</style>\n" + html[head:body] + opening + html[position:]
