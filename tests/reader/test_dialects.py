"""Each dialect the registry names, read into the model: GitHub alerts and Obsidian callouts, GFM, Obsidian,
MyST, kramdown and Quarto, each construct with its line; a test lists the registry."""

from __future__ import annotations

import pytest

from builder import walk
from builder.boxes import kind_of
from builder.course import load_course, read_course
from builder.editions import for_participants
from builder.emoji import find_emoji, name_emoji
from builder.model import (CodeBlock, Container, DefinitionList, Figure, Heading, Link, ListBlock, Paragraph, Phrase,
                           Quote, plain_text)
from builder.reader.dialects import REGISTRY
from tests.conftest import COURSE_TOML


def test_the_registry_lists_each_dialect_once_with_what_it_reads():
    assert [dialect.name for dialect in REGISTRY] == ["cells", "myst", "pandoc", "gfm", "alerts", "kramdown",
                                                      "mkdocs", "html", "obsidian"]
    assert all(dialect.summary for dialect in REGISTRY)


def _module(course_dir, markdown: str, more: dict[str, str] | None = None, images: tuple[str, ...] = ()):
    content = course_dir({"01-a.md": markdown, **(more or {})}, images=images)
    course, problems = read_course(content)
    return course.modules[0], sorted((p.line, p.code) for p in problems.items)


def _boxes(module) -> list[tuple[str, str, str]]:
    return [(n.kind, n.name, plain_text(n.title)) for n in walk.module_nodes(module) if isinstance(n, Container)]


# ---- GitHub alerts and Obsidian callouts -----------------------------------------------------------------


def test_alerts_and_callouts_are_boxes_of_their_kind_with_their_titles(course_dir):
    module, problems = _module(course_dir, "# A\n\n> [!NOTE]\n> Useful.\n\n> [!tip]- Fold me\n> Folded.\n\n"
                                           "> [!released] A custom kind\n> Ours.\n\n> [!quote] Someone\n> Said this.\n\n"
                                           "> [!warning]\n> > [!info] Inside\n> > Nested.\n")
    assert _boxes(module) == [("note", "note", ""), ("tip", "tip", "Fold me"), ("box", "released", "A custom kind"),
                              ("warning", "warning", ""), ("note", "info", "Inside")]
    tip = [n for n in walk.module_nodes(module) if isinstance(n, Container)][1]
    assert plain_text(tip.blocks[0].children) == "Folded."
    quote = next(n for n in module.blocks if isinstance(n, Quote))
    assert [plain_text(b.children) for b in quote.blocks] == ["Someone", "Said this."]
    assert problems == []


def test_a_quote_that_only_looks_like_an_alert_stays_a_quote(course_dir):
    module, _ = _module(course_dir, "# A\n\n> Not [!NOTE] at the start.\n")
    assert isinstance(module.blocks[0], Quote)


# ---- GitHub: emoji shortcodes and struck words --------------------------------------------------------------


def test_shortcodes_are_emoji_except_in_code_and_unknown_names_stay(course_dir):
    module, problems = _module(course_dir, "# A\n\nHello :wave: and :+1: but not :notanemoji: or `:wave:` at "
                                           "10:30:00.\n\nThis is ~~wrong~~.\n")
    assert plain_text(module.blocks[0].children) == "Hello 👋 and 👍 but not :notanemoji: or :wave: at 10:30:00."
    struck = module.blocks[1].children[1]
    assert isinstance(struck, Phrase) and struck.kind == "del" and plain_text(struck.children) == "wrong"
    assert problems == []


def test_task_lists_start_with_a_box_to_tick_named_in_each_language_where_it_cannot_be_seen(course_dir):
    module, problems = _module(course_dir, "# A\n\n- [ ] Bring a pen\n- [x] Read the **leaflet**\n- [link] not a task\n"
                                           "- [ ]no space\n\n1. [X] Numbered\n")
    items = [plain_text(item.blocks[0].children) for block in module.blocks for item in block.items]
    assert items == ["\u2610 Bring a pen", "\u2611 Read the leaflet", "[link] not a task", "[ ]no space",
                     "\u2611 Numbered"]
    assert problems == []
    assert [name_emoji("\u2610 Pen", lang) for lang in ("en", "pl", "lt")] == ["check box Pen", "pole wyboru Pen",
                                                                              "check box Pen"]
    assert name_emoji("\u2611 Pen", "pl") == "pole ze znacznikiem wyboru Pen"  # Unicode's own name (CLDR)
    assert find_emoji("\u2610 \u2611 \U0001F44B") == ["\U0001F44B"]  # the list's marks are not emoji to warn about


# ---- Obsidian -----------------------------------------------------------------------------------------------


def test_wikilinks_and_embeds_find_modules_headings_and_pictures_by_name(course_dir):
    more = {"02-b.md": "# B\n\n## Some heading\n\nText.\n"}
    module, problems = _module(course_dir, "# A\n\nSee [[02-b]], [[02-b#Some heading|that part]], [[#A part]] and "
                                           "[[Not here]].\n\n## A part\n\n![[dot.png|A dot found by its name]]\n\n"
                                           "![[dot.png|200]]\n\n[[../../etc/passwd]]\n",
                               more, images=("images/dot.png",))
    links = [(plain_text(n.children), n.module, n.fragment) for n in walk.module_nodes(module) if isinstance(n, Link)]
    assert links == [("02-b", "02-b", None), ("that part", "02-b", "some-heading"), ("A part", "01-a", "a-part")]
    figures = [n for n in module.blocks if isinstance(n, Figure)]
    assert [(f.src, f.alt) for f in figures] == [("images/dot.png", "A dot found by its name"),
                                                  ("images/dot.png", "")]
    assert "Not here" in plain_text(module.blocks[0].children)
    assert problems == [(3, "link.outside"), (9, "image.no-alt"), (11, "link.outside")]


def test_highlights_comments_and_block_ids(course_dir):
    module, problems = _module(course_dir, "# A\n\nSome ==marked words== here %%not this%% and more. ^id-1\n\n"
                                           "%%\nA hidden\n\nblock\n%%\n\nShown.\n")
    marked = module.blocks[0].children[1]
    assert isinstance(marked, Phrase) and marked.kind == "mark" and plain_text(marked.children) == "marked words"
    assert [plain_text(b.children) for b in module.blocks] == ["Some marked words here and more.", "Shown."]
    assert problems == []


# ---- MyST ---------------------------------------------------------------------------------------------------


MYST = """(top)=
# A

```{note}
In backticks.
```

```{admonition} Careful now
:class: warning

Take care.
```

(part)=
## A part

See {ref}`part`, {ref}`the top <top>`, {doc}`02-b`, {term}`assertive`, {kbd}`Ctrl+C` and {abbr}`NHS (National Health Service)`.

:::{figure} images/dot.png
:alt: A dot
:width: 50%

The caption.
:::

```{code-block} python
:linenos:
print("hi")
```

:::{glossary}
assertive
  Saying what you need.
:::

::::{tab-set}
:::{tab-item} First
One.
:::
::::

```{toctree}
other
```

```{mystery} arg
Inside.
```

% a comment nobody sees
"""


def test_myst_directives_roles_and_labels(course_dir):
    module, problems = _module(course_dir, MYST, {"02-b.md": "# The other page\n"}, images=("images/dot.png",))
    assert _boxes(module) == [("note", "note", ""), ("warning", "warning", "Careful now"), ("box", "tab-item", "First"),
                              ("box", "mystery", "arg")]
    links = [(plain_text(n.children), n.module, n.fragment) for n in walk.module_nodes(module) if isinstance(n, Link)]
    assert links == [("A part", "01-a", "a-part"), ("the top", "01-a", None), ("The other page", "02-b", None)]
    phrases = [(n.kind, plain_text(n.children), n.title) for n in walk.module_nodes(module) if isinstance(n, Phrase)]
    assert phrases == [("kbd", "Ctrl+C", None), ("abbr", "NHS", "National Health Service")]
    figure = next(n for n in module.blocks if isinstance(n, Figure))
    assert (figure.alt, figure.title) == ("A dot", "The caption.")
    code = next(n for n in module.blocks if isinstance(n, CodeBlock))
    assert (code.text, code.info) == ('print("hi")', "python")
    glossary = next(n for n in module.blocks if isinstance(n, DefinitionList))
    assert [(plain_text(d.term), plain_text(d.definitions[0][0].children)) for d in glossary.items] == [
        ("assertive", "Saying what you need.")]
    assert module.labels == {"top": "", "part": "a-part"}
    assert "a comment nobody sees" not in " ".join(plain_text(b.children) for b in walk.module_nodes(module)
                                                   if isinstance(b, Paragraph))
    assert problems == [(46, "markdown.directive")]


def test_a_myst_reference_to_no_label_keeps_its_words_and_a_path_out_is_not_read(course_dir, tmp_path):
    (tmp_path / "secret.txt").write_text("SECRET")
    module, problems = _module(course_dir, "# A\n\nSee {ref}`nowhere`.\n\n```{literalinclude} ../secret.txt\n```\n\n"
                                           "```{literalinclude} course.toml\n```\n")
    assert plain_text(module.blocks[0].children) == "See ."
    code = [n.text for n in module.blocks if isinstance(n, CodeBlock)]
    assert len(code) == 1 and code[0].startswith("[course]") and "SECRET" not in code[0]
    assert problems == [(3, "link.broken"), (5, "link.outside")]


# ---- kramdown (GTN) and Quarto --------------------------------------------------------------------------------


GTN = """---
title: A tutorial
objectives:
  - Say no.
---

> ### Agenda
>
> 1. TOC
> {:toc}
>
{: .agenda}

# First

> ### {% icon hands_on %} Hands-on: Try it
>
> Do it.
>
> > ### {% icon solution %} Solution
> > The answer.
> {: .solution}
{: .hands_on}

# Second
"""


def test_kramdown_boxes_contents_and_liquid(course_dir):
    module, problems = _module(course_dir, GTN)
    assert module.title_text == "A tutorial"
    assert _boxes(module) == [("objectives", "objectives", ""), ("box", "agenda", "Agenda"),
                              ("exercise", "hands_on", "Try it"), ("answer", "solution", "")]
    agenda = module.blocks[1]
    contents = agenda.blocks[0]
    assert isinstance(contents, ListBlock) and [plain_text(i.blocks[0].children) for i in contents.items] == [
        "First", "Second"]
    assert [h.level for h in module.blocks if isinstance(h, Heading)] == [2, 2]
    participants = for_participants(read_course(module.source.path.parent)[0]).modules[0]
    assert "The answer." not in [plain_text(n.children) for n in walk.module_nodes(participants)
                                 if isinstance(n, Paragraph)]
    assert problems == []


def test_quarto_callouts_and_every_name_for_a_trainer_note(course_dir):
    module, _ = _module(course_dir, "# A\n\n::: {.callout-tip title=\"Before you start\" collapse=\"true\"}\nT.\n:::\n\n"
                                    "::: {.callout-exercise}\n#### Try\nE.\n:::\n\n::: callout-answer\nA.\n:::\n\n"
                                    "::: notes\nSpeaker.\n:::\n\n::: {.facilitator-notes}\nF.\n:::\n")
    assert _boxes(module) == [("tip", "callout-tip", "Before you start"), ("exercise", "callout-exercise", "Try"),
                              ("answer", "callout-answer", ""), ("trainer", "notes", ""),
                              ("trainer", "facilitator-notes", "")]



def test_myst_boxes_with_options_in_their_braces_and_a_glossary_written_as_a_definition_list(course_dir):
    module, problems = _module(course_dir, "# A\n\n:::{tip icon=false}\nNo icon.\n:::\n\n"
                                           ":::{glossary}\nassertive\n: Saying what you need.\n:::\n")
    assert _boxes(module) == [("tip", "tip", "")]
    glossary = module.blocks[1]
    assert isinstance(glossary, DefinitionList) and [(plain_text(d.term), plain_text(d.definitions[0][0].children))
                                                     for d in glossary.items] == [("assertive", "Saying what you need.")]
    assert problems == []


def test_a_sphinx_glossary_of_several_paragraphs_is_not_read_as_code_first(course_dir):
    module, problems = _module(course_dir, "# A\n\n```{glossary}\nassertive\n    Saying what you need.\n\n"
                                           "    Calmly.\n```\n")
    glossary = module.blocks[0]
    assert [(plain_text(d.term), [plain_text(b.children) for b in d.definitions[0]]) for d in glossary.items] == [
        ("assertive", ["Saying what you need.", "Calmly."])]
    assert problems == []  # no 'indented code' warning from reading the body as Markdown before its terms


# ---- MkDocs, code cells and grid tables -----------------------------------------------------------------------


def test_mkdocs_admonitions_collapsible_blocks_tabs_and_icons(course_dir):
    module, problems = _module(course_dir, '# A\n\n!!! note "Read this"\n    Useful :fontawesome-solid-check:.\n\n'
                                           '??? question "Answer"\n    Folded.\n\n???+ tip\n    Open.\n\n'
                                           '=== "Windows"\n\n    Press Start.\n\n=== "Mac"\n    Press Command.\n\n'
                                           'After the tabs.\n\n    indented code\n')
    assert _boxes(module) == [("note", "note", "Read this"), ("answer", "Answer", ""), ("tip", "tip", ""),
                              ("box", "tab", "Windows"), ("box", "tab", "Mac")]
    words = [plain_text(n.children) for n in walk.module_nodes(module) if isinstance(n, Paragraph)]
    assert words == ["Useful.", "Folded.", "Open.", "Press Start.", "Press Command.", "After the tabs."]
    assert isinstance(module.blocks[-1], CodeBlock)  # four spaces after a paragraph are still code
    assert [code for _, code in problems] == ["box.lone-answer", "markdown.indented-code"]


def test_a_sentence_that_starts_with_exclamation_marks_is_a_sentence(course_dir):
    module, problems = _module(course_dir, '# A\n\n!!! IMPORTANT: bring your forms !!!\n\n!!! Please read this\n\n'
                                           '=== "Not a tab"\nwithout indented words.\n')
    assert [plain_text(b.children) for b in module.blocks] == [
        "!!! IMPORTANT: bring your forms !!!", "!!! Please read this", '=== "Not a tab" without indented words.']
    assert problems == []


CELLS = """# A

```{r setup, include=FALSE}
library(secret)
```

There are `r nrow(groups)` groups.

```{r, echo=TRUE}
x <- 1
```

```{r plot, echo=FALSE, fig.alt="A dot drawn by R", fig.cap="The caption"}
knitr::include_graphics("images/dot.png")
```

```{python}
#| echo: false
print("hidden")
```

```{r}
plot(x)
```
"""


def test_code_cells_show_their_code_and_pictures_and_leave_out_what_readers_never_see(course_dir):
    module, problems = _module(course_dir, CELLS, images=("images/dot.png",))
    kinds = [(type(b).__name__, getattr(b, "text", getattr(b, "alt", ""))) for b in module.blocks]
    assert kinds == [("Paragraph", ""), ("CodeBlock", "x <- 1"), ("Figure", "A dot drawn by R"),
                     ("CodeBlock", "plot(x)")]
    assert plain_text(module.blocks[0].children) == "There are groups."
    assert (module.blocks[2].src, module.blocks[2].title) == ("images/dot.png", "The caption")
    assert module.blocks[1].source.line == 10  # the code's own first line
    assert problems == [(7, "markdown.code-cell")]  # once a module, at the first place


def test_a_cell_that_is_never_run_is_code_with_nothing_left_out(course_dir):
    module, problems = _module(course_dir, "# A\n\n```{r, eval=FALSE}\ninstall.packages(\"dplyr\")\n```\n")
    assert [b.text for b in module.blocks] == ['install.packages("dplyr")'] and problems == []


def test_a_code_cell_inside_html_is_a_cell_as_knitr_reads_it(course_dir):
    module, problems = _module(course_dir, '# A\n\n<figure>\n```{r dot, echo=FALSE, fig.alt="A dot"}\n'
                                           'knitr::include_graphics("images/dot.png")\n```\n<figcaption>\nFrom R\n'
                                           '</figcaption>\n</figure>\n', images=("images/dot.png",))
    assert [(type(b).__name__, b.alt, b.title, b.source.line) for b in module.blocks] == [
        ("Figure", "A dot", "From R", 4)]
    assert problems == []


def test_a_myst_directive_and_a_plain_fence_are_not_code_cells(course_dir):
    module, problems = _module(course_dir, "# A\n\n```{note}\nN.\n```\n\n```r\nx <- 1\n```\n")
    assert [type(b).__name__ for b in module.blocks] == ["Container", "CodeBlock"] and problems == []


def test_grid_tables_with_a_header_cells_over_several_lines_and_without_a_header(course_dir):
    module, problems = _module(course_dir, "# A\n\n+-------+---------+\n| Name  | Helps   |\n+=======+=========+\n"
                                           "| Worry | A slow  |\n|       | breath  |\n+-------+---------+\n\n"
                                           "+---+---+\n| a | b |\n+---+---+\n\n+-- not a table\n")
    named, plain = module.blocks[:2]
    assert [plain_text(c.children) for c in named.header] == ["Name", "Helps"]
    assert [[plain_text(c.children) for c in row] for row in named.rows] == [["Worry", "A slow breath"]]
    assert plain.header == [] and [[plain_text(c.children) for c in row] for row in plain.rows] == [["a", "b"]]
    assert plain_text(module.blocks[2].children) == "+-- not a table"
    assert problems == [(10, "table.no-header")]


# ---- what an editor shows with nothing in it --------------------------------------------------------------------


def test_a_heading_with_no_words_shows_nothing_and_a_link_with_none_shows_its_address(course_dir):
    module, problems = _module(course_dir, "# A\n\n## {background-image=\"x.png\"}\n\nText.\n\n"
                                           "[![](https://img.shields.io/badge.svg)](https://example.org/course)\n")
    assert [type(b).__name__ for b in module.blocks] == ["Paragraph", "Paragraph"]
    link = module.blocks[1].children[0]
    assert isinstance(link, Link) and (link.href, plain_text(link.children)) == (
        "https://example.org/course", "https://example.org/course")
    assert problems == [(7, "image.no-alt"), (7, "link.empty")]


@pytest.mark.parametrize("markdown, kinds, warned", [
    ("::: answer\nSetup steps.\n:::\n", ["answer"], True),
    ("::: exercise\nTry.\n:::\n\n::: answer\nA.\n:::\n", ["exercise", "answer"], False),
    ("::: exercise\nTry.\n\n::: answer\nA.\n:::\n:::\n", ["exercise", "answer"], False),
    ("---\nanswers: participants\n---\n\n::: answer\nShown.\n:::\n", ["answer"], False),
    ("What has happened?\n\n::: answer\nA new image.\n:::\n", ["answer"], False),
    ("What happened.\n\n::: answer\nA new image.\n:::\n", ["answer"], True),
    ("**Exercise:** Build it.\n\n::: info\nA hint.\n:::\n\n::: answer\nA.\n:::\n", ["note", "answer"], False),
    ("Why?\n\n::: answer\nA.\n:::\n\n## Setup\n\n::: answer\nOn Windows.\n:::\n", ["answer", "answer"], True),
])
def test_an_answer_after_no_question_stays_for_the_trainer_and_says_how_to_share_it(course_dir, markdown, kinds,
                                                                                    warned):
    module, problems = _module(course_dir, markdown.replace("---\n\n", "---\n\n# A\n\n") if markdown.startswith(
        "---") else "# A\n\n" + markdown)
    assert [kind for kind, _, _ in _boxes(module)] == kinds
    assert ("box.lone-answer" in [code for _, code in problems]) is warned


@pytest.mark.parametrize("name, kind", [
    ("instructor-note", "trainer"), ("trainer-notes", "trainer"), ("facilitator_guide", "trainer"),
    ("teachers-notes", "trainer"), ("solutions", "answer"), ("callout-hint", "tip"), ("hands_on", "exercise"),
    ("Challenge", "exercise"), ("question", "questions"), ("key_points", "keypoints"), ("prereq", "box"),
    ("quote", "box"), ("group-work", "box"),
])
def test_box_names_of_every_dialect(name, kind):
    assert kind_of(name) == kind


def test_every_dialect_in_one_course_builds_clean(course_dir):
    """A course mixing dialects reads without a problem beyond what each construct says."""
    content = course_dir({"01-a.md": "# A\n\n> [!TIP]\n> Hi :wave:.\n\n```{note}\nN.\n```\n\n"
                                     "::: {.callout-note}\nQ.\n:::\n\n> Box\n{: .comment}\n\nSee [[01-a#a]].\n"},
                         COURSE_TOML)
    course, problems = load_course(content)
    assert problems.items == [] and [k for k, _, _ in _boxes(course.modules[0])] == ["tip", "note", "note", "note"]
