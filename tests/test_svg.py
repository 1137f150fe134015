"""SVG pictures: refused when unsafe, their words found and replaced, recoloured, wrapped and cut."""

from __future__ import annotations

import pytest

from builder import svg
from builder.course import load_course
from builder.problems import ContentError

GOOD = ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 300" font-family="sans-serif">'
        '<rect width="800" height="300" fill="#ffffff"/>'
        '<rect x="20" y="20" width="300" height="200" fill="#dce8fb" stroke="#111111"/>'
        '<text x="170" y="120" font-size="40" text-anchor="middle" fill="#111111" id="left">Passive</text>'
        '<g font-size="30"><text x="600" y="120" text-anchor="middle" fill="#1f4e9c">Assertive</text></g>'
        '<text x="400" y="260" font-size="46" text-anchor="middle" data-wrap="300">We both count here</text>'
        '<text x="60" y="280" font-size="50">3</text></svg>')


@pytest.mark.parametrize("data, message", [
    (b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaa">]><svg xmlns="http://www.w3.org/2000/svg" '
     b'viewBox="0 0 1 1">&a;</svg>', "declares a DOCTYPE or entities"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><script>alert(1)</script></svg>', "has a script"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1" onload="alert(1)"/>', "has a script (onload"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 1 1">'
     b'<a xlink:href="https://example.org"><text>x</text></a></svg>', "links to another file or address"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><image href="/etc/passwd"/></svg>',
     "has a picture inside it"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><use href="other.svg#x"/></svg>',
     "has a reference to another file"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect fill="url(https://e.org/p)"/></svg>',
     "refers to another file or address"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><style>@import "x.css";</style></svg>',
     "has a style that loads another file"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><foreignObject/></svg>', "HTML inside it"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">' + b"<g/>" * 10_001 + b"</svg>",
     "has more than 10,000 elements"),
    (b'<svg xmlns="http://www.w3.org/2000/svg"><rect/></svg>', "has no size"),
    (b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1"><rect></svg>', "cannot be read (line 1"),
    (b'<html xmlns="http://www.w3.org/1999/xhtml"/>', "is not an SVG picture"),
])
def test_unsafe_or_broken_svg_is_refused_with_a_reason(data, message):
    with pytest.raises(svg.UnsafeSvg, match=message.replace("(", r"\(")):
        svg.checked_svg(data)


def test_a_refused_svg_names_the_module_line(course_dir):
    content = course_dir({"01-a.md": "# A\n\nText.\n\n![Three boxes in a row](images/x.svg)\n"})
    (content / "images").mkdir()
    (content / "images" / "x.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                                              '<script>alert(1)</script></svg>')
    with pytest.raises(ContentError) as caught:
        load_course(content)
    assert [(p.line, p.code) for p in caught.value.problems] == [(5, "image.unsafe")]
    assert "image 'images/x.svg' has a script" in caught.value.problems[0].message


def test_words_are_found_and_replaced_and_numbers_left_alone():
    found = svg.texts(GOOD)
    assert [(t.text, t.element_id) for t in found] == [("Passive", "left"), ("Assertive", None),
                                                       ("We both count here", None)]
    polish = svg.with_texts(GOOD, lambda t: {"Passive": "Uległość"}.get(t.text), "pl")
    assert [t.text for t in svg.texts(polish)] == ["Uległość", "Assertive", "We both count here"]
    assert 'xml:lang="pl"' in polish
    assert svg.with_texts(GOOD, lambda t: None, "pl") == GOOD


def test_the_smallest_words_are_measured_with_inherited_sizes():
    assert svg.smallest_text(GOOD) == 30.0
    assert svg.size_of(GOOD) == (800.0, 300.0)


def test_labels_are_wrapped_into_lines_centred_on_their_place():
    wrapped = svg.wrapped(GOOD)
    assert '<tspan x="400" dy="-27.6">We both</tspan><tspan x="400" dy="55.2">count here</tspan>' in wrapped
    assert svg.smallest_text(wrapped) == 30.0


def test_colours_follow_the_scheme_but_not_on_the_standard_page():
    assert svg.in_scheme(GOOD, "standard") == svg.wrapped(GOOD)
    dark = svg.in_scheme(GOOD, "high-contrast")
    assert 'fill="#000000"' in dark and "#ffffff" in dark  # white page black, dark lines and words white
    assert "#dce8fb" not in dark and "#1f4e9c" not in dark  # a pale fill is background, dark blue words white
    assert 'fill="#ffff66"' in svg.recoloured('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1 1">'
                                              '<rect fill="#d04040"/></svg>', "#ffffff", "#000000", "#ffff66")


def test_a_wide_picture_is_cut_between_words():
    drawn = svg.wrapped(GOOD.replace('data-wrap="300"', 'data-wrap="200"'))
    cuts = svg.cut_points(drawn, widest=450)
    assert cuts[0] == 0 and cuts[-1] == 800 and all(0 < b - a <= 450 for a, b in zip(cuts, cuts[1:]))
    for start, end in svg.word_spans(drawn):
        assert not any(start < cut < end for cut in cuts[1:-1])
    part = svg.window(drawn, cuts[0], cuts[1])
    assert f'viewBox="0 0 {cuts[1]:g} 300"' in part
