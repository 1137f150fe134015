"""The checker: each rule has a fixture that triggers it and one that does not; messages pinned as text."""

from __future__ import annotations

import re
import time

import pytest

from builder.check import run_checks, summaries
from builder.course import load_course
from builder.problems import ContentError
from tests.conftest import COURSE_TOML, ROOT

WARNING_CASES = [
    ("style.italic",
     "# A\n\nThis is *really* important.\n",
     "# A\n\nThis is **really** important.\n",
     "01-a.md:3: warning: 'really' is in italics: italic text is hard to read in large print: use **bold** for "
     "emphasis [style.italic]"),
    ("style.capitals",
     "# A\n\nPLEASE READ THIS NOW before you start.\n",
     "# A\n\nPlease read this now before you start. Call the NHS.\n",
     "01-a.md:3: warning: 'PLEASE READ THIS NOW' is in block capitals: text in block capitals is hard to read: "
     "write it in ordinary capitals and lower case [style.capitals]"),
    ("link.vague-text",
     "# A\n\nFor help, [click here](https://www.mind.org.uk).\n",
     "# A\n\nSee the [Mind website](https://www.mind.org.uk).\n",
     "01-a.md:3: warning: link text 'click here': link text should say where it goes: a screen reader lists "
     "links out of context [link.vague-text]"),
    ("plain.long-sentence",
     "# A\n\n" + " ".join(["word"] * 26) + ".\n",
     "# A\n\n" + " ".join(["word"] * 25) + ". Short one.\n",
     "01-a.md:3: warning: a sentence of 26 words ('word word word word word word...'): long sentences are hard "
     "to follow: split it into two or more [plain.long-sentence]"),
    ("plain.long-paragraph",
     "# A\n\n" + " ".join(["Words go here now."] * 26) + "\n",
     "# A\n\n" + " ".join(["Words go here now."] * 25) + "\n",
     "01-a.md:3: warning: this paragraph has 104 words: long paragraphs are hard to follow: split it, or use a "
     "list [plain.long-paragraph]"),
    ("plain.reading-ease",
     "# A\n\nInterdepartmental communication necessitates comprehensive organisational considerations regarding "
     "institutional responsibilities.\n",
     "# A\n\nWe talk. You listen. Then we swap.\n",
     "01-a.md:1: warning: reading ease is -176 (aim for 60 or more): the module is hard to read: use shorter "
     "sentences and everyday words [plain.reading-ease]"),
    ("audio.pronunciation",
     "# A\n\nAsk your CPN about it & more.\n",
     "# A\n\nAsk your nurse about it and more. It is OK.\n",
     "01-a.md:3: warning: 'CPN' has no pronunciation entry: the narrator may say this badly: add it to "
     "content/pronunciations.toml [audio.pronunciation]"),
    ("style.emoji",
     "# A\n\nWell done 🌟!\n",
     "# A\n\nWell done!\n",
     "01-a.md:3: warning: '🌟' is read as 'glowing star': screen readers, braille and the audio version say each "
     "emoji by its name; use few, and never in place of words [style.emoji]"),
    ("audio.phone-number",
     "# A\n\nIn a crisis, call 999 or text SHOUT to 85258.\n",
     "# A\n\nIn a crisis, call [999](tel:999) or text SHOUT to [85258](sms:85258).\n\nIn 2024, 12,000 people "
     "walked 10000 steps, 2.999 km, 111.5 m.\n",
     "01-a.md:3: warning: '999' looks like a phone number: write it as [999](tel:999): a number marked as a tel: "
     "or sms: link is read digit by digit in every language and can be tapped [audio.phone-number]"),
    ("braille.wide-table",
     "# A\n\n| Service name here | How to contact them by phone |\n|---|---|\n| Samaritans helpline | Call 116 123 "
     "at any time |\n",
     "# A\n\n| Service | Phone |\n|---|---|\n| NHS | 111 |\n",
     "01-a.md:3: warning: this table needs about 49 cells: the table is wider than a braille line: braille will "
     "show it row by row [braille.wide-table]"),
]


def warnings_for(course_dir, markdown: str, toml: str = COURSE_TOML) -> list[str]:
    content = course_dir({"01-a.md": markdown}, course_toml=toml)
    course, _ = load_course(content)
    return [str(p).split("content/", 1)[1] for p in run_checks(course, course.config.check_options)]


@pytest.mark.parametrize("code, bad, good, message", WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_rule_triggers_with_its_message(course_dir, code, bad, good, message):
    found = warnings_for(course_dir, bad)
    assert message in found, found


@pytest.mark.parametrize("code, bad, good, message", WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_rule_stays_quiet_on_good_text(course_dir, code, bad, good, message):
    assert [w for w in warnings_for(course_dir, good) if w.endswith(f"[{code}]")] == []


@pytest.mark.parametrize("code, bad, good, message", WARNING_CASES, ids=[c[0] for c in WARNING_CASES])
def test_rule_can_be_switched_off(course_dir, code, bad, good, message):
    toml = COURSE_TOML + f'[check]\ndisable = ["{code}"]\n'
    assert [w for w in warnings_for(course_dir, bad, toml) if w.endswith(f"[{code}]")] == []


def test_phone_and_text_numbers_are_found_in_every_uk_shape(course_dir):
    text = ("# A\n\nRing 116 123, 0800 123 4567, 0808-808-4994, 0300 123 3393, 020 7946 0000 or +44 20 7946 0000, "
            "or NHS 111.\n\nText SHOUT to **85258**.\n\nWe had 85258 visits and paid £11,000.\n\n"
            "Not numbers to ring or text: ISBN 978-0-14-02876-3, code AB12345 or 12345b, room 999-B, "
            "www.example.org/0800123456.\n")
    found = [w.split("'")[1] for w in warnings_for(course_dir, text) if w.endswith("[audio.phone-number]")]
    assert sorted(found) == sorted(["116 123", "0800 123 4567", "0808-808-4994", "0300 123 3393", "020 7946 0000",
                                    "+44 20 7946 0000", "111", "85258"])


def test_a_number_every_language_has_a_pronunciation_for_is_not_flagged(course_dir):
    toml = COURSE_TOML + 'translations = ["pl"]\n'
    content = course_dir({"01-a.md": "# A\n\nUse the 111 service online.\n"}, course_toml=toml)
    (content / "pronunciations.toml").write_text('[en]\n"111" = "1 1 1"\n')
    course, _ = load_course(content)
    assert [p.code for p in run_checks(course, course.config.check_options)].count("audio.phone-number") == 1
    (content / "pronunciations.toml").write_text('[all]\n"111" = "1 1 1"\n\n[ur]\n"NHS" = "N H S"\n')
    course, problems = load_course(content)
    found = [str(p).split("content/", 1)[1] for p in run_checks(course, course.config.check_options, problems.items)]
    assert found == ["pronunciations.toml:4: warning: [ur] is not a language of this course, so it is never used: "
                     "the course's languages are en-GB, pl [pronunciations.unused-language]"]  # 111 is said right
    assert course.pronunciations_for("pl") == {"111": "1 1 1"}


def test_a_word_to_pronounce_is_named_once_a_module_at_its_first_line(course_dir):
    content = course_dir({"01-a.md": "# A\n\nAsk your CPN.\n\nYour CPN & you.\n\nA CPN & a GP.\n",
                          "02-b.md": "# B\n\nYour CPN.\n"})
    course, _ = load_course(content)
    found = [(p.path.rsplit("/", 1)[-1], p.line, p.message.split(":")[0]) for p in
             run_checks(course, course.config.check_options) if p.code == "audio.pronunciation"]
    assert found == [("01-a.md", 3, "'CPN' has no pronunciation entry"), ("01-a.md", 5, "the symbol '&'"),
                     ("01-a.md", 7, "'GP' has no pronunciation entry"), ("02-b.md", 3, "'CPN' has no pronunciation "
                                                                                      "entry")]


def test_pronunciation_entries_and_the_symbol_rule(course_dir):
    content = course_dir({"01-a.md": "# A\n\nAsk your CPN about it & more.\n"})
    (content / "pronunciations.toml").write_text('[en]\n"CPN" = "C P N"\n')
    course, _ = load_course(content)
    found = [str(p).split("content/", 1)[1] for p in run_checks(course, course.config.check_options)]
    assert found == ["01-a.md:3: warning: the symbol '&': the narrator may say this badly: add it to "
                     "content/pronunciations.toml [audio.pronunciation]"]


@pytest.mark.parametrize("markdown, message", [
    ("# A\n\n|  |  |\n|---|---|\n| a | b |\n", "01-a.md:3: warning: this table's header row is empty, so its "
                                               "columns have no names for a screen reader or the audio"),
    ("# A\n\n## Real heading\n\nSee [b](02-b.md#no-such-heading).\n",
     "01-a.md:5: warning: link to '02-b.md#no-such-heading', but the module has no heading with the anchor "
     "'no-such-heading', so it points at the module's start"),
])
def test_problems_found_while_reading_name_their_line(course_dir, markdown, message):
    content = course_dir({"01-a.md": markdown, "02-b.md": "# B\n\n## Other\n"})
    _, problems = load_course(content)
    shown = [str(p).split("content/", 1)[1] for p in problems.items]
    assert any(line.startswith(message) for line in shown), shown


def test_disabling_an_error_or_unknown_code_is_refused(course_dir):
    toml = COURSE_TOML + '[check]\ndisable = ["image.unsafe"]\n'
    with pytest.raises(ContentError, match="check.disable has 'image.unsafe', which is not a warning that can "
                                           "be switched off"):
        load_course(course_dir({"01-a.md": "# A\n"}, course_toml=toml))


def test_cli_check_output_is_sorted_with_a_summary_and_strict_mode(run_cli, course_dir, tmp_path):
    course_dir({"01-a.md": "# A\n\nThis is *really* important.\n", "02-b.md": "# B\n\nPLEASE READ THIS NOW.\n"})
    code, stdout, stderr = run_cli("check", "--content", "content", cwd=tmp_path)
    assert code == 0
    lines = stderr.splitlines()
    assert lines[0].startswith("content/01-a.md:3: warning:") and lines[1].startswith("content/02-b.md:3: warning:")
    assert "words" in stdout and "content: no errors, 2 warning(s)" in stdout
    code, _, _ = run_cli("check", "--content", "content", "--strict", cwd=tmp_path)
    assert code == 1


def test_sample_course_is_clean_and_summarised():
    course, problems = load_course(ROOT / "content")
    assert problems.items == []
    assert run_checks(course, course.config.check_options) == []
    rows = summaries(course)
    assert len(rows) == len(course.modules)
    assert all(row.words > 150 and row.reading_ease is not None and row.reading_ease >= 60 for row in rows)


def test_checking_the_sample_course_is_fast():
    started = time.perf_counter()
    course, _ = load_course(ROOT / "content")
    run_checks(course, course.config.check_options)
    summaries(course)
    assert time.perf_counter() - started < 5  # generous: the benchmark measures it properly


def test_check_reports_errors_and_warnings_of_every_file_in_one_run(run_cli, course_dir, tmp_path):
    content = course_dir({"01-a.md": "---\ntitle: [broken\n---\n# A\n\nThis is *really* important.\n",
                          "02-b.md": "# B\n\n![](images/gone.png)\n\nWell done 🌟!\n\n    indented\n\n"
                                     "![A drawing](images/bad.svg)\n"})
    (content / "images").mkdir()
    (content / "images" / "bad.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">'
                                                "<script>alert(1)</script></svg>")
    code, stdout, stderr = run_cli("check", "--content", "content", cwd=tmp_path)
    assert code == 1
    found = [(line.split(":")[0].rsplit("/", 1)[-1], int(line.split(":")[1]), line.rsplit("[", 1)[1].rstrip("]"))
             for line in stderr.splitlines()]
    assert found == [("01-a.md", 2, "front-matter.syntax"), ("01-a.md", 6, "style.italic"),
                     ("02-b.md", 3, "image.no-alt"), ("02-b.md", 3, "image.missing"), ("02-b.md", 5, "style.emoji"),
                     ("02-b.md", 7, "markdown.indented-code"), ("02-b.md", 9, "image.unsafe")]
    assert "content: 1 error, 6 warning(s)" in stdout


def test_warnings_found_while_reading_can_be_switched_off(course_dir):
    toml = COURSE_TOML + '[check]\ndisable = ["markdown.indented-code", "front-matter.unknown-key"]\n'
    content = course_dir({"01-a.md": "---\ntitel: A\n---\n# A\n\n    code\n"}, course_toml=toml)
    course, problems = load_course(content)
    assert [p.code for p in problems.warnings] == ["front-matter.unknown-key", "markdown.indented-code"]
    assert run_checks(course, course.config.check_options, problems.items) == []


def test_every_code_the_reader_reports_is_explained_and_in_the_readme():
    """A code said anywhere in the reader is in builder/reader/codes.py (so it can be switched off, or is an
    error) and in the README's tables."""
    said = set()
    for path in (ROOT / "builder").rglob("*.py"):
        said.update(re.findall(r'"((?:image|link|note|box|table|plan|markdown|html|heading|module|front-matter|'
                               r'language|text|easy|file)\.[a-z-]+)"\)', path.read_text(encoding="utf-8")))
    from builder.reader.codes import ERRORS, WARNINGS as READER_WARNINGS

    assert said - set(READER_WARNINGS) - set(ERRORS) == set()
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert [code for code in [*READER_WARNINGS, *ERRORS] if f"`{code}`" not in readme] == []
