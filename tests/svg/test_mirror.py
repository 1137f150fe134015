"""Pictures mirrored for right-to-left reading (builder/svg/mirror.py), only where the drawing allows it."""

from __future__ import annotations

from lxml import etree

from builder import svg
from tests.conftest import ROOT

STEPS = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 200" {mirror}>'
         '<rect width="800" height="200" fill="#ffffff"/>'
         '<circle cx="100" cy="100" r="60" fill="#dce8fb" stroke="#111111" stroke-width="6"/>'
         '<line x1="180" y1="100" x2="560" y2="100" stroke="#111111" stroke-width="6"/>'
         '<g fill="#1f4e9c" font-size="40">'
         '<text x="100" y="100" text-anchor="middle" dominant-baseline="middle" id="first">{first}</text>'
         '<text x="620" y="100" text-anchor="start" dominant-baseline="middle" id="then">{then}</text></g></svg>')


def urdu(mirror: str = 'data-mirror="allowed"') -> str:
    return STEPS.format(mirror=mirror, first="پہلے", then="پھر")


def root_of(drawn: str):
    return etree.fromstring(drawn.encode("utf-8"))


def test_a_picture_that_allows_it_is_mirrored_for_a_right_to_left_language():
    """What is read first moves to the right; the words are moved, not turned round, and stay as they were
    styled by the group they were in."""
    drawn = root_of(svg.wrapped(urdu()))
    [group] = [element for element in drawn if element.get("transform")]
    assert group.get("transform") == "matrix(-1 0 0 1 800 0)"
    assert [etree.QName(element).localname for element in group] == ["rect", "circle", "line"]
    first, then = (drawn.find(f".//*[@id='{name}']") for name in ("first", "then"))
    assert first.getparent() is drawn and float(first.get("x")) == 700
    assert then.get("text-anchor") == "end" and float(then.get("x")) == 180
    assert then.get("fill") == "#1f4e9c" and float(then.get("font-size")) == 40
    assert "".join(then.itertext()) == "پھر"


def test_a_picture_is_mirrored_only_where_it_allows_it_and_reads_right_to_left():
    for drawn in (svg.wrapped(urdu(mirror="")), svg.wrapped(STEPS.format(mirror='data-mirror="allowed"',
                                                                         first="Najpierw", then="Potem"))):
        assert "transform" not in drawn and float(root_of(drawn).find(".//*[@id='first']").get("x")) == 100


def test_words_turned_by_a_transform_leave_the_picture_as_drawn():
    turned = urdu().replace('<g fill="#1f4e9c"', '<g transform="rotate(-10 400 100)" fill="#1f4e9c"')
    assert "matrix(-1" not in svg.wrapped(turned)


def test_the_samples_scale_may_be_mirrored():
    """Passive, assertive, aggressive: each row's name then what it means, which reads right to left too."""
    root = root_of((ROOT / "content" / "images" / "assertiveness-scale.svg").read_bytes().decode("utf-8"))
    assert root.get(svg.MIRROR) == "allowed"
