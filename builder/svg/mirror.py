"""A picture mirrored for reading right to left, where its drawing says it may be (`data-mirror="allowed"` on
its <svg>): what a left-to-right reader meets first moves to the right. The drawing is flipped; its words are
not, only moved, each to the mirror place of its anchor and aligned to the other side."""

from __future__ import annotations

from lxml import etree

from builder.svg.check import SVG, _view_box, view_size
from builder.svg.measure import is_rtl
from builder.svg.shapes import NOT_DRAWN
from builder.svg.style import _font_size, _inherited, _rewritten, _specified

MIRROR = "data-mirror"
ALLOWED = "allowed"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
# What a word takes from the groups around it, given to it when it leaves them
_INHERITED = ("font-family", "font-weight", "font-style", "fill", "fill-opacity", "stroke",
              "stroke-width", "stroke-opacity", "dominant-baseline", "letter-spacing", "word-spacing",
              "text-decoration", "visibility")
_SWAPPED = {"start": "end", "end": "start"}


def language(element) -> str | None:
    """The language the element's words are marked as (xml:lang or lang, on it or around it)."""
    for node in (element, *element.iterancestors()):
        found = node.get(XML_LANG) or node.get("lang")
        if found:
            return found
    return None


def reads_right_to_left(root) -> bool:
    """Whether most of the picture's words are in a right-to-left script (by their letters, else language)."""
    votes = [is_rtl(" ".join(text.itertext()), language(text)) for text in root.iter(f"{{{SVG}}}text")
             if "".join(text.itertext()).strip()]
    return bool(votes) and sum(votes) * 2 > len(votes)


def mirrored(root) -> bool:
    """Mirror the picture in place when it allows it and reads right to left; whether it did. A picture
    whose words are turned or moved by a transform is left as it is (its words would turn round too)."""
    if (root.get(MIRROR) or "").strip().lower() != ALLOWED or not reads_right_to_left(root):
        return False
    texts = list(root.iter(f"{{{SVG}}}text"))
    if any(node.get("transform") for text in texts for node in (text, *text.iterancestors())):
        return False
    left, _, width, _ = _view_box(root) or (0.0, 0.0, *(view_size(root) or (1.0, 1.0)))
    axis = 2 * left + width
    for text in texts:
        _take_inherited(text)
    group = etree.Element(f"{{{SVG}}}g", transform=f"matrix(-1 0 0 1 {axis:g} 0)")
    for child in list(root):
        if not isinstance(child.tag, str):
            continue
        qualified = etree.QName(child)
        if qualified.namespace == SVG and qualified.localname not in NOT_DRAWN and qualified.localname != "text":
            group.append(child)
    root.append(group)
    for text in texts:
        parent = text.getparent()
        if parent is not None and parent is not root:
            parent.remove(text)
            while parent is not None and parent is not group and etree.QName(parent).localname == "g" \
                    and not len(parent):
                above = parent.getparent()
                above.remove(parent)  # a group that held only words is left out
                parent = above
        root.append(text)
        text.tail = None
        for node in (text, *text.iter(f"{{{SVG}}}tspan")):
            if node.get("x") is not None:
                node.set("x", " ".join(f"{axis - float(value):g}" for value in node.get("x").replace(",", " ").split()))
            anchor = _inherited(node, "text-anchor") if node is text else (node.get("text-anchor") or None)
            if anchor in _SWAPPED:
                set_property(node, "text-anchor", _SWAPPED[anchor])
    return True


def _take_inherited(text) -> None:
    """Give the words what they take from the groups around them (their size, colour, weight, language)."""
    set_property(text, "font-size", f"{_font_size(text):g}")
    for name in _INHERITED:
        if _specified(text, name) is None:
            value = _inherited(text, name)
            if value is not None:
                text.set(name, value)
    found = language(text)
    if found and not text.get(XML_LANG):
        text.set(XML_LANG, found)


def set_property(element, name: str, value: str) -> None:
    """A presentation attribute set, its declaration taken out of the style attribute (which would win)."""
    if element.get("style"):
        element.set("style", _rewritten(element.get("style"), lambda found, given: None if found == name else given))
    element.set(name, value)
