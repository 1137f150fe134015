"""The PO catalogue: people's translations are never lost or overwritten, changed sources go stale."""

import polib
import pytest

from builder.translation import catalog
from builder.translation.segments import Segment


def seg(text: str, context: str = "01-a", line: int = 3) -> Segment:
    return Segment(context, text, "content/01-a.md", line)


def test_new_units_become_missing_entries_with_their_location(tmp_path):
    po = catalog.load(tmp_path / "pl.po", "pl", tmp_path)
    catalog.merge(po, [seg("Hello there."), seg("Goodbye.", line=5)])
    assert [(e.msgctxt, e.msgid, e.occurrences) for e in po] == [
        ("01-a", "Hello there.", [("content/01-a.md", "3")]), ("01-a", "Goodbye.", [("content/01-a.md", "5")])]
    assert [catalog.state(e) for e in po] == ["missing", "missing"]
    assert po.metadata["Language"] == "pl"


def test_reviewed_translation_of_a_changed_sentence_is_kept_as_stale(tmp_path):
    po = catalog.load(tmp_path / "pl.po", "pl", tmp_path)
    catalog.merge(po, [seg("We will meet on Monday at the centre.")])
    po[0].msgstr = "Spotkamy się w poniedziałek w centrum."  # a person's reviewed work (not fuzzy)
    catalog.merge(po, [seg("We will meet on Tuesday at the centre.")])
    live = [e for e in po if not e.obsolete]
    assert len(live) == 1 and live[0].msgid == "We will meet on Tuesday at the centre."
    assert catalog.state(live[0]) == "stale"
    assert live[0].msgstr == "Spotkamy się w poniedziałek w centrum."
    assert live[0].previous_msgid == "We will meet on Monday at the centre."
    assert "fuzzy" in live[0].flags


def test_machine_translation_of_a_changed_sentence_is_redone(tmp_path):
    po = catalog.load(tmp_path / "pl.po", "pl", tmp_path)
    catalog.merge(po, [seg("We will meet on Monday at the centre.")])
    po[0].msgstr, po[0].flags = "Spotkamy się w poniedziałek.", ["fuzzy"]
    catalog.merge(po, [seg("We will meet on Tuesday at the centre.")])
    assert [catalog.state(e) for e in po] == ["missing"]


def test_unused_reviewed_entries_are_kept_obsolete_and_saved(tmp_path):
    path = tmp_path / "pl.po"
    po = catalog.load(path, "pl", tmp_path)
    catalog.merge(po, [seg("A sentence that will be deleted entirely.")])
    po[0].msgstr = "Zdanie."
    catalog.merge(po, [seg("Something completely different here.", context="02-b")])
    catalog.save(po, path, tmp_path)
    reread = polib.pofile(str(path))
    assert [e.msgid for e in reread.obsolete_entries()] == ["A sentence that will be deleted entirely."]
    assert reread.obsolete_entries()[0].msgstr == "Zdanie."


def test_counts(tmp_path):
    po = catalog.load(tmp_path / "pl.po", "pl", tmp_path)
    segments = [seg("One."), seg("Two."), seg("Three."), seg("Four.")]
    catalog.merge(po, segments)
    po[0].msgstr = "Jeden."
    po[1].msgstr, po[1].flags = "Dwa.", ["fuzzy"]
    po[2].msgstr, po[2].flags, po[2].previous_msgid = "Trzy.", ["fuzzy"], "Three!"
    counts = catalog.count(po, segments)
    assert (counts.reviewed, counts.machine, counts.stale, counts.missing) == (1, 1, 1, 1)
    assert counts.missing_segments == [seg("Four.")]


@pytest.mark.parametrize("text, line, message", [
    ('msgid "A"\nmsgstr "B"\n\nmsgid "C"\nzzz "D"\n', 5, "is not a valid PO file"),
    ('msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=ISO-8859-2\\n"\n\nmsgid "A"\nmsgstr "B"\n', 3,
     "says its text is ISO-8859-2, but the builder reads UTF-8"),
])
def test_a_broken_translation_file_names_its_line_and_is_left_alone(tmp_path, text, line, message):
    from builder.problems import ContentError

    path = tmp_path / "pl.po"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        catalog.load(path, "pl", tmp_path)
    problem = caught.value.problems[0]
    assert (problem.line, problem.code) == (line, "translation.file") and message in problem.message
    assert path.read_text(encoding="utf-8") == text  # a volunteer's file is never replaced


def test_a_translation_file_that_is_not_utf8_names_its_line(tmp_path):
    from builder.problems import ContentError

    path = tmp_path / "pl.po"
    path.write_bytes('msgid "A"\nmsgstr "Zażółć"\n'.encode("iso-8859-2"))
    with pytest.raises(ContentError, match="is not UTF-8 text") as caught:
        catalog.load(path, "pl", tmp_path)
    assert caught.value.problems[0].line == 2
