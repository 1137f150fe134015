"""The reader against the CommonMark specification's 652 examples (tests/fixtures/commonmark/spec.json): each is
read into the block structure and words a browser shows for the spec's HTML (heading levels evened out as the
reader does), with nothing refused (raw HTML included) and nothing raising. The two examples read differently are
named, with why."""

from __future__ import annotations

import re

from tests.spec_examples import run_all, structure

WHERE = re.compile(r"^\S*01-example\.md:(\d+): (error|warning): ")
# `![[foo]]` is an Obsidian embed (of a note `foo` not in the course: its name is shown, with a warning); for
# CommonMark it is words. Headings with no words (`##` alone) show nothing on a page, and a screen reader would
# announce a heading with nothing in it (an accessibility failure), so they are left out. Every other construct
# a dialect adds leaves the spec's examples as the spec reads them.
READ_DIFFERENTLY = {79: "empty headings left out", 590: "obsidian"}


def test_every_example_is_read_as_the_spec_says_with_nothing_refused(tmp_path):
    outcomes = run_all(tmp_path / "content")
    assert len(outcomes) == 652
    assert [o.example["example"] for o in outcomes if o.result == "refused"] == []
    different = {o.example["example"]: (o.example["section"], o.expected, o.actual)
                 for o in outcomes if o.result == "different"}
    assert sorted(different) == sorted(READ_DIFFERENTLY), different
    for outcome in outcomes:  # every warning names a line of the example
        lines = outcome.example["markdown"].count("\n") + 4  # the example's lines follow 3 of front matter
        for problem in outcome.problems:
            where = WHERE.match(problem)
            assert where and 1 <= int(where.group(1)) <= lines, (outcome.example["example"], problem)


def test_the_comparison_sees_structure_and_words_not_markup():
    assert structure("<ul>\n<li>a</li>\n</ul>") == structure("<ul><li><p>a</p></li></ul>")
    assert structure("<p><em>a</em> b</p>") == structure("<p>a   b</p>")
    assert structure("<ul><li>a</li></ul>") != structure("<ol><li>a</li></ol>")
    assert structure("<p>a</p><p>b</p>") != structure("<p>a b</p>")
    assert structure("<pre><code>a  b\n</code></pre>") != structure("<pre><code>a b\n</code></pre>")
    assert structure("<p>a</p><script>b</script>") == structure("<p>a</p>")  # a browser shows no script
