"""HTML inside Markdown mapped into the model (builder/reader/html.py): each element with a meaning keeps it,
anything that could run or fetch something is left out with what it holds, anything else keeps its words; each
is reported with its line."""

from __future__ import annotations

import time

from builder import walk
from builder.course import read_course
from builder.model import Heading, LineBreak, Link, Paragraph, Phrase, plain_text


def _read(course_dir, markdown: str):
    content = course_dir({"01-a.md": "# A\n\n" + markdown}, images=("images/dot.png",))
    course, problems = read_course(content)
    return course.modules[0], sorted((p.line, p.code) for p in problems.items)


def test_inline_elements_keep_their_meaning(course_dir):
    module, problems = _read(course_dir, 'Press <kbd>Ctrl</kbd>+<kbd>O</kbd>, H<sub>2</sub>O, 1<sup>st</sup>, '
                                         '<abbr title="National Health Service">NHS</abbr>, <mark>this</mark>, '
                                         '<del>old</del>, <b>bold</b>, <em>stressed</em>, <code>x()</code>,\n'
                                         '<span lang="pl">dzień dobry</span> and a<br>break, '
                                         '<a href="https://example.org">a link</a>.\n')
    nodes = module.blocks[0].children
    assert [(n.kind, plain_text(n.children), n.title) for n in nodes if isinstance(n, Phrase)] == [
        ("kbd", "Ctrl", None), ("kbd", "O", None), ("sub", "2", None), ("sup", "st", None),
        ("abbr", "NHS", "National Health Service"), ("mark", "this", None), ("del", "old", None)]
    assert plain_text(nodes) == ("Press Ctrl+O, H2O, 1st, NHS, this, old, bold, stressed, x(), dzień dobry and a "
                                 "break, a link.")
    assert any(isinstance(n, LineBreak) for n in nodes)
    assert [(n.text, n.lang) for n in walk.inlines(nodes) if getattr(n, "lang", "") == "pl"] == [("dzień dobry", "pl")]
    assert [n.href for n in nodes if isinstance(n, Link)] == ["https://example.org"]
    assert problems == []


def test_block_elements_become_their_markdown_equivalents(course_dir):
    module, problems = _read(course_dir, """<details>
<summary>Solution</summary>

Kept for the trainer.

</details>

<details><summary>A hint</summary>

Breathe.

</details>

<div align="center">
<img src="images/dot.png" alt="A dot" width="50">
</div>

<figure><img src="images/dot.png" alt="Another dot"><figcaption>Its caption</figcaption></figure>

<h2>Level two</h2>
<h4>Four, shown as three</h4>
<hr>

<ul><li>one</li><li>two</li></ul>

<blockquote><p>Quoted.</p></blockquote>

<dl><dt>Term</dt><dd>Meaning.</dd></dl>

<pre>
  keep   spaces
</pre>

<div class="warning">

### Careful

Mind the step.

</div>

<table><tr><th>Name</th><th>Number</th></tr><tr><td>Samaritans</td><td>116 123</td></tr></table>

<table><tr><td>a</td><td>b</td></tr></table>
""")
    kinds = [type(b).__name__ for b in module.blocks]
    assert kinds == ["Container", "Container", "Figure", "Figure", "Heading", "Heading", "Rule", "ListBlock", "Quote",
                     "DefinitionList", "CodeBlock", "Container", "Table", "Table"]
    answer, hint = module.blocks[:2]
    assert (answer.kind, plain_text(answer.title)) == ("answer", "Solution")  # only the trainer's edition shows it
    assert (hint.kind, plain_text(hint.title), plain_text(hint.blocks[0].children)) == ("box", "A hint", "Breathe.")
    assert [(f.alt, f.title) for f in module.blocks[2:4]] == [("A dot", None), ("Another dot", "Its caption")]
    assert [(h.level, plain_text(h.children)) for h in module.blocks if isinstance(h, Heading)] == [
        (2, "Level two"), (3, "Four, shown as three")]
    assert module.blocks[10].text == "  keep   spaces"
    box = module.blocks[11]
    assert (box.kind, plain_text(box.title)) == ("warning", "Careful")
    named, layout = module.blocks[12:]
    assert [plain_text(c.children) for c in named.header] == ["Name", "Number"]
    assert layout.header == [] and [[plain_text(c.children) for c in r] for r in layout.rows] == [["a", "b"]]
    assert problems == [(3, "box.lone-answer"), (23, "heading.skipped-level")]


def test_what_could_run_or_fetch_is_left_out_with_what_it_holds(course_dir):
    module, problems = _read(course_dir, '<script>alert("x")</script>\n\n<style>p { color: red }</style>\n\n'
                                         '<iframe src="https://example.org"></iframe>\n\n'
                                         '<p onclick="steal()">Kept <a href="javascript:steal()">words</a>.</p>\n\n'
                                         '<form action="https://example.org"><input value="typed"></form>\n\n'
                                         '<blink>Unknown</blink> and <textarea>typed in</textarea>\n')
    words = " ".join(plain_text(b.children) for b in module.blocks if isinstance(b, Paragraph))
    assert words == "Kept words. Unknown and typed in"
    assert not any(isinstance(n, Link) for n in walk.module_nodes(module))
    assert problems == [(3, "html.unsafe"), (5, "html.unsafe"), (7, "html.unsafe"), (9, "html.unsafe"),
                        (9, "html.unsafe"), (11, "markdown.html"), (13, "markdown.html")]  # one a line


def test_a_picture_in_a_link_is_its_description_and_a_comment_shows_nothing(course_dir):
    module, problems = _read(course_dir, '<a href="https://example.org"><img src="images/dot.png" alt="Go"></a> '
                                         "<!-- private -->here.\n")
    link = module.blocks[0].children[0]
    assert isinstance(link, Link) and plain_text(link.children) == "Go"
    assert plain_text(module.blocks[0].children) == "Go here."
    assert problems == [(3, "image.inline")]


def test_markdown_between_html_blocks_goes_inside_them(course_dir):
    module, _ = _read(course_dir, '<div lang="pl">\n\nDzień dobry.\n\n- raz\n\n</div>\n\nHello.\n')
    first, items, last = module.blocks
    assert (first.lang, items.lang, last.lang) == ("pl", "pl", "en-GB")


def test_deep_html_stays_within_the_limits(course_dir):
    started = time.perf_counter()
    module, _ = _read(course_dir, "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "\n\n" +
                      "<span>" * 10_000 + "deeper" + "</span>" * 10_000 + "\n")
    assert [plain_text(b.children) for b in module.blocks] == ["deep", "deeper"]
    assert time.perf_counter() - started < 10
    module, problems = _read(course_dir, "<blockquote>" * 50 + "deep\n")
    assert (3, "markdown.nesting") in problems
