"""Inline markup in translatable text: tags out, tags back in, link targets kept from the source."""

from pathlib import Path

import pytest

from builder.model import Code, LineBreak, Link, Source, Strong, Text
from builder.translation.inline import from_tagged, markup_problem, to_tagged

SOURCE = Source(Path("x.md"), 1)


def nodes():
    return [Text("Call ", SOURCE, "en"), Strong([Text("116 123", SOURCE, "en")], SOURCE, "en"),
            Text(" or see ", SOURCE, "en"),
            Link("https://www.samaritans.org", [Text("the website", SOURCE, "en")], SOURCE, "en"),
            LineBreak(SOURCE, "en"), Text("A&E < 5", SOURCE, "en"), Code("x", SOURCE, "en")]


def test_tagged_text_round_trips():
    tagged = to_tagged(nodes())
    assert tagged == 'Call <b>116 123</b> or see <a1>the website</a1><br/>A&amp;E &lt; 5<c>x</c>'
    back = from_tagged("Zadzwoń <b>116 123</b> albo zobacz <a1>stronę</a1><br/>A&amp;E &lt; 5<c>x</c>",
                       nodes(), SOURCE, "pl")
    assert [type(n).__name__ for n in back] == ["Text", "Strong", "Text", "Link", "LineBreak", "Text", "Code"]
    link = back[3]
    assert link.href == "https://www.samaritans.org" and link.children[0].text == "stronę"
    assert back[5].text == "A&E < 5"
    assert all(n.lang == "pl" for n in back)


def test_links_are_matched_by_number_even_when_reordered():
    source = [Link("https://a.example", [Text("A", SOURCE, "en")], SOURCE, "en"), Text(" and ", SOURCE, "en"),
              Link("https://b.example", [Text("B", SOURCE, "en")], SOURCE, "en")]
    back = from_tagged("<a2>B</a2> i <a1>A</a1>", source, SOURCE, "pl")
    assert [n.href for n in back if isinstance(n, Link)] == ["https://b.example", "https://a.example"]


@pytest.mark.parametrize("translation, problem", [
    ("Zadzwoń 116 123", "its <tags> differ"),
    ("<b>Zadzwoń <a1>x</b></a1>", "closes the wrong tag"),
    ("<b>Zadzwoń</b> <a1>x</a1> <a2>y</a2>", "its <tags> differ"),
    ("<b>Zadzwoń\x1b[2J</b> <a1>x</a1>", "it holds an invisible control character (U+001B)"),
])
def test_broken_markup_is_found(translation, problem):
    assert problem in markup_problem(translation, "<b>Call</b> <a1>x</a1>")


def test_sound_markup_passes():
    assert markup_problem("<a1>x</a1> <b>Zadzwoń</b>", "<b>Call</b> <a1>x</a1>") is None


def test_a_note_reference_is_a_tag_that_keeps_its_note():
    from builder.model import NoteRef

    source = [Text("Helplines", SOURCE, "en"), NoteRef(2, "01-a-note-2", SOURCE, "en"), Text(" are open.", SOURCE, "en")]
    assert to_tagged(source) == "Helplines<n2/> are open."
    back = from_tagged("Telefony zaufania<n2/> są czynne.", source, SOURCE, "pl")
    assert [(type(n).__name__, getattr(n, "anchor", None)) for n in back] == [
        ("Text", None), ("NoteRef", "01-a-note-2"), ("Text", None)]
    assert markup_problem("Telefony zaufania są czynne.", "Helplines<n2/> are open.").startswith("its <tags> differ")
