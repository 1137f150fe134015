"""The reader against the CommonMark specification's 652 examples (tests/fixtures/commonmark/spec.json):
each is read into the same block structure and words as the spec's HTML, or refused with a line number;
none is read differently, and none raises."""

from __future__ import annotations

import re

from tests.spec_examples import run_all, structure

WHERE = re.compile(r"^\S*01-example\.md:(\d+): (error|warning): ")


def test_every_example_is_read_as_the_spec_says_or_refused_with_its_line(tmp_path):
    outcomes = run_all(tmp_path / "content")
    different = [(o.example["example"], o.example["section"], o.expected, o.actual)
                 for o in outcomes if o.result == "different"]
    assert different == []
    refused = [o for o in outcomes if o.result == "refused"]
    for outcome in refused:
        lines = outcome.example["markdown"].count("\n") + 4  # the example's lines follow 3 of front matter
        for problem in outcome.problems:
            where = WHERE.match(problem)
            assert where and 1 <= int(where.group(1)) <= lines, (outcome.example["example"], problem)
    # Most examples are read; those refused use raw HTML, addresses such as /url, or headings this
    # builder does not allow (a second '#' title, '####').
    assert len(outcomes) == 652 and len(outcomes) - len(refused) >= 440


def test_the_comparison_sees_structure_and_words_not_markup():
    assert structure("<ul>\n<li>a</li>\n</ul>") == structure("<ul><li><p>a</p></li></ul>")
    assert structure("<p><em>a</em> b</p>") == structure("<p>a   b</p>")
    assert structure("<ul><li>a</li></ul>") != structure("<ol><li>a</li></ol>")
    assert structure("<p>a</p><p>b</p>") != structure("<p>a b</p>")
    assert structure("<pre><code>a  b\n</code></pre>") != structure("<pre><code>a b\n</code></pre>")
