"""A format is one module and one registry line: a format the builder has never heard of (tests/writers/
plain_text.py) is configured, built, rebuilt only when its inputs change, listed, given flags and packed."""

from __future__ import annotations

import csv

import pytest

from builder import writers
from builder.build import build
from builder.packs import columns, make_packs
from tests.conftest import version_folder

TOML = '[course]\ntitle = "T"\norganisation = "O"\nlanguage = "en-GB"\nformats = ["html", "plain-text"]\n'


@pytest.fixture
def registered(monkeypatch):
    monkeypatch.setitem(writers.REGISTRY, "plain-text", "tests.writers.plain_text")


@pytest.fixture
def content(course_dir, registered):
    return course_dir({"01-a.md": "# First\n\nText.\n", "02-b.md": "# Second\n\nMore.\n"},
                      course_toml=TOML + '\n[plain-text]\nmarker = "-"\n')


def test_configured_built_and_rebuilt_only_when_its_inputs_change(content, tmp_path):
    out = tmp_path / "out"
    first = build(content, out, report=lambda s: None)
    text = (version_folder(out, "en-GB") / "t-en-gb.txt").read_text()
    assert text == "18 pt (English)\n- First\n- Second\n"  # handed the Locale
    assert {job.status for job in first.jobs} == {"built"}
    again = build(content, out, report=lambda s: None)
    assert {job.status for job in again.jobs} == {"up to date"}
    (content / "plain-text.toml").write_text("# a file this format declares it reads\n")
    changed = build(content, out, report=lambda s: None)
    assert {job.label: job.status for job in changed.jobs} == {"html (en-GB)": "up to date",
                                                                "plain-text (en-GB)": "built"}


def test_options_are_checked_from_its_declaration(course_dir, registered, tmp_path, run_cli):
    bad = course_dir({"01-a.md": "# A\n"}, course_toml=TOML + "\n[plain-text]\nsize = 4\n")
    code, out, err = run_cli("build", "--content", str(bad), "--output", str(tmp_path / "out"))
    assert code != 0 and "course.toml:8" in out + err and "size" in out + err


def test_listed_and_its_flags_set_options_for_one_build(content, tmp_path, run_cli):
    code, out, _ = run_cli("formats")
    assert code == 0 and "plain-text: the course's module titles as plain text" in out
    assert "build --plain-text-marker" in out
    code, _, _ = run_cli("build", "--content", str(content), "--output", str(tmp_path / "out"),
                         "--formats", "plain-text", "--plain-text-marker", "+")
    assert code == 0 and "+ First" in (version_folder(tmp_path / "out", "en-GB") / "t-en-gb.txt").read_text()


def test_its_column_of_minutes_in_the_check_table(content, run_cli):
    code, out, _ = run_cli("check", "--content", str(content))
    header = next(line for line in out.splitlines() if line.startswith("Module"))
    assert code == 0 and " titles " in header and " audio " not in header  # the course makes no audio
    assert [line.split()[4:6] for line in out.splitlines() if line.startswith(("First", "Second"))] == \
        [["1.0", "m"], ["1.0", "m"]]


def test_packed_with_its_choice_files_and_step(content, tmp_path):
    assert "large_print_size" in columns()
    register = tmp_path / "needs.csv"
    register.write_text("id,language,formats,large_print_size,delivery\nP01,en-GB,plain-text,24,post\n"
                        "P02,en-GB,plain-text,,post\n")
    make_packs(register, content, tmp_path / "out", report=lambda s: None)
    packs = tmp_path / "out" / "packs"
    assert sorted(p.name for p in (packs / "P01").iterdir()) == ["00-en-gb-in-this-pack.txt", "t-en-gb.txt"]  # no proof
    assert (packs / "P01" / "t-en-gb.txt").read_text().startswith("24 pt")
    assert (packs / "P02" / "t-en-gb.txt").read_text().startswith("18 pt")  # the course's setting
    rows = {row["id"]: row for row in csv.DictReader((packs / "summary.csv").open())}
    assert rows["P01"]["action"] == "print the text at 24 pt; post it"
    assert rows["P01"]["large_print_size"] == "24" and rows["P01"]["colour_scheme"] == ""


def test_every_format_says_on_the_index_page_what_its_files_are_and_are_for():
    """The index page ("Choose your version") names each format's files in plain words and says who they are
    for; a format without its `offer` would be listed as a bare file."""
    from builder import writers
    for name in writers.names():
        title, purpose = writers.get(name).offer
        assert title and purpose.startswith(("to ", "for ")), name
