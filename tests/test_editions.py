"""The participant and trainer editions: what each holds, read back from every format built."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import docx
import polib
import pytest

from builder import walk
from builder.build import UsageError, build
from builder.course import load_course
from builder.editions import finish, for_participants, select
from builder.model import Container, NoteRef, Table, plain_text
from builder.packs import make_packs
from builder.problems import ContentError
from tests import readback
from tests.conftest import FIXTURES, version_folder

TRAINER_SENTENCE = "Zanzibar"  # in a trainer's note and the materials list, in English and Polish
HIDDEN_ANSWER = "Kilimanjaro"  # an answer in a module that keeps answers for the trainer
SHOWN_ANSWER = "Serengeti"  # an answer in a module with `answers: participants`


@pytest.fixture
def trainer_course(tmp_path: Path) -> Path:
    target = tmp_path / "trainer"
    shutil.copytree(FIXTURES / "trainer", target)
    return target


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Both editions of tests/fixtures/trainer in English and Polish, every format."""
    root = tmp_path_factory.mktemp("editions")
    content = root / "content"
    shutil.copytree(FIXTURES / "trainer", content)
    build(content, root / "out", report=lambda line: None, cache_dir=root / "cache", jobs_count=2)
    return root / "out"


def _text(path: Path) -> str:
    """What a reader gets from a built file: its HTML as written, else its text read back (tests/readback.py)."""
    return path.read_text(encoding="utf-8") if path.suffix == ".html" else readback.text(path)


def test_participants_get_no_trainer_notes_answers_or_materials_and_the_source_keeps_them(trainer_course):
    course, _ = load_course(trainer_course)
    participants = for_participants(course)
    words = " ".join(plain_text(n.children) for n in walk.nodes(participants) if hasattr(n, "children")
                     and isinstance(n.children, list))
    assert TRAINER_SENTENCE not in words and HIDDEN_ANSWER not in words and SHOWN_ANSWER in words
    assert all(not m.materials for m in participants.modules)
    assert not any(isinstance(n, Container) and n.kind == "trainer" for n in walk.nodes(participants))
    kinds = [n.kind for n in walk.nodes(course) if isinstance(n, Container)]
    assert kinds.count("trainer") == 2 and kinds.count("answer") == 2  # the course itself is untouched
    assert course.modules[0].materials == ["Flipchart", "Zanzibar cards"]


def test_the_trainer_edition_adds_a_session_plan_and_materials_and_names_its_files(trainer_course):
    course, _ = load_course(trainer_course)
    trainer = finish(select(course, "trainer"))
    assert trainer.config.slug == "pairs-course-en-gb-trainer"
    assert trainer.config.title == "Pairs Course: trainer's edition"
    plan, materials = trainer.modules[0].blocks[:2]
    assert (plan.kind, materials.kind) == ("plan", "materials")
    table = plan.blocks[0]
    assert isinstance(table, Table)
    rows = [[plain_text(cell.children) for cell in row] for row in table.rows]
    assert rows == [["0:00", "Warm up", "10"], ["0:10", "Practice", "20"],
                    ["0:10", "Activity: Practise in pairs", "(15)"], ["0:30", "End: total time", "30"]]
    said = [plain_text(block.children) for block in plan.blocks[1:]]
    assert said == ["Minutes in brackets are part of the section above, not added to it."]  # and no disagreement
    assert [plain_text(item.blocks[0].children) for item in materials.blocks[0].items] == ["Flipchart",
                                                                                          "Zanzibar cards"]
    assert finish(for_participants(course)).config.slug == "pairs-course-en-gb"


def test_a_note_referred_to_only_from_a_trainers_box_leaves_with_it(course_dir):
    folder = course_dir({"01-a.md": "# A\n\nText[^a] here.\n\n::: trainer\nOnly trainers[^b].\n:::\n\nMore[^c].\n\n"
                                    "[^a]: First.\n[^b]: Secret note.\n[^c]: Third.\n"})
    course, _ = load_course(folder)
    module = for_participants(course).modules[0]
    assert [(n.number, plain_text(n.blocks[0].children)) for n in module.notes] == [(1, "First."), (2, "Third.")]
    assert [n.number for n in walk.module_nodes(module) if isinstance(n, NoteRef)] == [1, 2]
    original = [n.number for n in walk.module_nodes(course.modules[0]) if isinstance(n, NoteRef)]
    assert original == [1, 2, 3]  # the trainer edition keeps its own numbers


def test_every_trainer_file_holds_the_notes_and_no_participant_file_does(built):
    manifest = json.loads((built / "manifest.json").read_text())
    files = manifest["files"]
    editions = {entry["edition"] for entry in files}
    assert editions == {"participant", "trainer"}
    checked = 0
    for entry in files:
        path = built / entry["path"]
        text = _text(path)
        name = Path(entry["path"]).name
        if entry["edition"] == "trainer":
            assert entry["path"].startswith(f"trainer/{entry['language']}/") and "trainer" in name, entry["path"]
            if path.suffix in (".html", ".pdf", ".docx", ".brf", ".pef", ".txt"):
                assert TRAINER_SENTENCE in text and HIDDEN_ANSWER.rstrip("o") in text.replace("dż", "j"), name
                checked += 1
        else:
            assert entry["path"].startswith(f"participant/{entry['language']}/"), entry["path"]
            assert "trainer" not in entry["path"], entry["path"]
            assert TRAINER_SENTENCE not in text and HIDDEN_ANSWER not in text and "Kilimand" not in text, name
            if path.suffix in (".html", ".pdf", ".docx", ".brf", ".pef", ".txt"):
                assert SHOWN_ANSWER in text, name
                checked += 1
    assert checked == 2 * 2 * 7  # editions x languages x (html, pdf, docx, brf, pef, proof, script); EPUB below


def test_translated_trainer_files_carry_the_notes_translated(built):
    for name in ("pairs-course-pl-trainer.html", "pairs-course-pl-trainer.docx",
                 "pairs-course-pl-trainer-audio-script.txt", "pairs-course-pl-trainer-large-print-18pt.pdf"):
        text = _text(version_folder(built, "pl", "trainer") / name)
        assert "Schowaj karty Zanzibar pod krzesłem." in text, name
        assert "Hide the Zanzibar cards" not in text, name
        assert "Plan spotkania" in text and "Materiały" in text, name
    script = (version_folder(built, "pl", "trainer") / "pairs-course-pl-trainer-audio-script.txt").read_text()
    assert "Uwaga dla prowadzącego" in script and "Koniec uwagi dla prowadzącego" in script


def test_each_file_is_in_its_editions_folder_and_says_where_release_0_1_put_it(built):
    """`<edition>/<lang>/`, names with the language (and edition unless participants'); the manifest's
    previous_name is the release-0.1 path: `<lang>/`, the slug alone, trainers' tracks in audio/trainer/."""
    previous = {entry["path"]: entry["previous_name"]
                for entry in json.loads((built / "manifest.json").read_text())["files"]}
    assert {path: previous[path] for path in (
        "participant/en-GB/pairs-course-en-gb.html", "trainer/pl/pairs-course-pl-trainer-large-print-18pt.pdf",
        "trainer/pl/pairs-course-pl-trainer-braille-pl-g1.brf", "participant/pl/pairs-course-pl-audio-script.txt",
        "participant/en-GB/audio/en-gb-01-pairs.mp3", "trainer/pl/audio/pl-trainer-01-pairs.mp3",
        "participant/pl/audio/pairs-course-pl.m3u8", "trainer/en-GB/audio/pairs-course-en-gb-trainer.m3u8")} == {
        "participant/en-GB/pairs-course-en-gb.html": "en-GB/pairs-course.html",
        "trainer/pl/pairs-course-pl-trainer-large-print-18pt.pdf": "pl/pairs-course-trainer-large-print-18pt.pdf",
        "trainer/pl/pairs-course-pl-trainer-braille-pl-g1.brf": "pl/pairs-course-trainer-braille-pl-g1.brf",
        "participant/pl/pairs-course-pl-audio-script.txt": "pl/pairs-course-audio-script.txt",
        "participant/en-GB/audio/en-gb-01-pairs.mp3": "en-GB/audio/01-pairs.mp3",
        "trainer/pl/audio/pl-trainer-01-pairs.mp3": "pl/audio/trainer/01-pairs.mp3",
        "participant/pl/audio/pairs-course-pl.m3u8": "pl/audio/pairs-course.m3u",
        "trainer/en-GB/audio/pairs-course-en-gb-trainer.m3u8": "en-GB/audio/trainer/pairs-course-trainer.m3u"}
    assert len(set(previous.values())) == len(previous)  # no two files claim the same old name


def test_audio_of_the_trainer_edition_is_in_its_own_folder_and_the_notes_are_said(built):
    trainers = version_folder(built, "en-GB", "trainer")
    trainer_tracks = sorted(p.name for p in (trainers / "audio").iterdir())
    participant_tracks = sorted(p.name for p in (version_folder(built, "en-GB") / "audio").iterdir())
    assert trainer_tracks == ["en-gb-trainer-00-introduction.mp3", "en-gb-trainer-01-pairs.mp3",
                              "en-gb-trainer-02-answers.mp3", "pairs-course-en-gb-trainer.m3u8"]
    assert participant_tracks == ["en-gb-00-introduction.mp3", "en-gb-01-pairs.mp3", "en-gb-02-answers.mp3",
                                  "pairs-course-en-gb.m3u8"]  # and no folder of the trainers' tracks
    script = (trainers / "pairs-course-en-gb-trainer-audio-script.txt").read_text()
    assert "Trainer note. Before the session." in script and "End of trainer note." in script
    assert "Session plan." in script and "Start: 0:10. Section or activity: Practice. Minutes: 20." in script
    assert "Materials." in script


def test_a_rebuild_with_nothing_changed_does_nothing_and_a_trainer_note_edit_redoes_only_trainer_jobs(
        trainer_course, tmp_path):
    def run() -> dict[str, str]:
        result = build(trainer_course, tmp_path / "out", formats=["html", "braille"], report=lambda line: None,
                       cache_dir=tmp_path / "cache")
        return {job.label: job.status for job in result.jobs}

    assert set(run().values()) == {"built"}
    assert set(run().values()) == {"up to date"}
    module = trainer_course / "01-pairs.md"
    module.write_text(module.read_text().replace("Walk round the pairs.", "Walk round the pairs slowly."))
    catalogue = trainer_course / "translations" / "pl.po"
    po = polib.pofile(str(catalogue))
    entry = po.find("Walk round the pairs.", msgctxt="01-pairs")
    entry.msgid, entry.msgstr = "Walk round the pairs slowly.", "Obchodź pary powoli."
    po.save(str(catalogue))
    statuses = run()
    assert {label for label, status in statuses.items() if status == "built"} == {
        "html (en-GB, trainer)", "braille (en-GB, trainer)", "html (pl, trainer)", "braille (pl, trainer)",
        "html (pl)", "braille (pl)"}  # the Polish file holds both editions' words, so pl is redone
    assert statuses["html (en-GB)"] == statuses["braille (en-GB)"] == "up to date"


def test_editions_chosen_on_the_command_line_and_unknown_ones_refused(trainer_course, tmp_path, run_cli):
    result = build(trainer_course, tmp_path / "out", formats=["html"], languages=["en-GB"], editions=["trainer"],
                   report=lambda line: None)
    assert [entry.path for entry in result.built] == ["trainer/en-GB/pairs-course-en-gb-trainer.html"]
    assert [entry.edition for entry in result.built] == ["trainer"]
    with pytest.raises(UsageError, match="unknown edition 'tutor': editions are participant, trainer"):
        build(trainer_course, tmp_path / "out", editions=["tutor"], report=lambda line: None)
    code, _, stderr = run_cli("build", "--content", str(trainer_course), "--output", str(tmp_path / "o2"),
                              "--editions", "participant,tutor")
    assert code == 2 and "unknown edition 'tutor'" in stderr


def test_an_unknown_edition_in_course_toml_names_its_line(trainer_course, run_cli):
    toml = trainer_course / "course.toml"
    toml.write_text(toml.read_text().replace('editions = ["participant", "trainer"]',
                                             'editions = ["participant", "trainers"]'))
    code, _, stderr = run_cli("check", "--content", str(trainer_course))
    assert code == 1
    assert ("course.toml:9: error: course.editions has an unknown edition \"trainers\" (did you mean 'trainer'?)"
            in stderr)


@pytest.mark.parametrize("text, line, message", [
    ("# A\n\n## One {duration=ten}\n\nText.\n", 3, "'{duration=ten}' is not a time"),
    ("# A\n\n::: activity {duration=soon}\nText.\n:::\n", 3, "'{duration=soon}' is not a time"),
    ("# A\n\n## One\n\n### Two {duration=5}\n\nText.\n", 5, "only a '##' section may have a {duration=...}"),
    ("# A\n\n::: trainer\nSecret.\n", 3, "box is never closed"),
    ("---\nmaterials: {a: 1}\n---\n# A\n", 2, "front matter 'materials' must be a list"),
    ("---\nanswers: everyone\n---\n# A\n", 2, "front matter 'answers' must be 'participants'"),
])
def test_mistakes_name_their_line_and_the_rest_is_built(course_dir, tmp_path, text, line, message):
    folder = course_dir({"01-a.md": text}, "[course]\ntitle = \"T\"\norganisation = \"O\"\nlanguage = \"en-GB\"\n"
                                           "editions = [\"participant\", \"trainer\"]\n")
    result = build(folder, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert any(p.line == line and message in p.message for p in result.warnings), result.warnings
    participants = (version_folder(tmp_path / "out", "en-GB") / "t-en-gb.html").read_text(encoding="utf-8")
    assert "Secret" not in participants  # an unclosed trainer box still holds only trainer text


def test_a_trainer_box_written_in_a_table_cell_stops_the_build(course_dir, tmp_path):
    folder = course_dir({"01-a.md": "# A\n\n| a | b |\n|---|---|\n| ::: trainer Secret | x |\n"},
                        "[course]\ntitle = \"T\"\norganisation = \"O\"\nlanguage = \"en-GB\"\n")
    with pytest.raises(ContentError) as caught:
        build(folder, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert [(p.line, p.code) for p in caught.value.problems] == [(5, "box.in-table")]
    assert not version_folder(tmp_path / "out", "en-GB").exists()


def test_check_reports_the_plan_against_the_duration_and_activities_without_notes(course_dir, run_cli):
    folder = course_dir({"01-a.md": "---\nduration: 45 minutes\n---\n# A\n\n## One {duration=10}\n\n"
                                    "::: activity {duration=15} Pairs\nTalk.\n:::\n\n## Two {duration=20}\n\nText.\n"},
                        "[course]\ntitle = \"T\"\norganisation = \"O\"\nlanguage = \"en-GB\"\n"
                        "editions = [\"participant\", \"trainer\"]\n")
    code, stdout, stderr = run_cli("check", "--content", str(folder))
    assert code == 0
    assert "01-a.md:4: warning: the sections and activities add up to 30 minutes, but the module's duration is " \
           "45" in stderr
    assert "01-a.md:6: warning: this section has 10 minutes, but its activities take 15" in stderr
    assert "01-a.md:8: warning: this activity box has no trainer notes" in stderr
    assert "30/45 m" in stdout


def test_the_catalogue_marks_what_only_trainers_see(built, trainer_course):
    po = polib.pofile(str(trainer_course / "translations" / "pl.po"))
    marked = {entry.msgid for entry in po if "trainer" in entry.comment}
    assert marked == {"Flipchart", "Zanzibar cards", "Before the session", "Hide the Zanzibar cards under the chair.",
                      "The answer is Kilimanjaro.", "Walk round the pairs."}


def test_a_co_trainer_in_the_register_gets_the_trainer_edition(trainer_course, tmp_path):
    register = tmp_path / "needs.csv"
    register.write_text("id,language,formats,edition\nP01,en-GB,html;docx,\nT01,pl,html,trainer\n")
    make_packs(register, trainer_course, tmp_path / "out", tmp_path / "cache", report=lambda line: None)
    packs = tmp_path / "out" / "packs"
    assert sorted(p.name for p in (packs / "P01").iterdir()) == ["00-en-gb-in-this-pack.html", "pairs-course-en-gb.docx",
                                                                  "pairs-course-en-gb.html"]
    assert sorted(p.name for p in (packs / "T01").iterdir()) == ["00-pl-trainer-in-this-pack.html",
                                                                  "pairs-course-pl-trainer.html"]
    assert "Schowaj karty Zanzibar" in (packs / "T01" / "pairs-course-pl-trainer.html").read_text()
    assert TRAINER_SENTENCE not in (packs / "P01" / "pairs-course-en-gb.html").read_text()
    assert TRAINER_SENTENCE not in " ".join(p.text for p in docx.Document(str(packs / "P01" /
                                                                              "pairs-course-en-gb.docx")).paragraphs)
    rows = {row["id"]: row for row in csv.DictReader(io.StringIO((packs / "summary.csv").read_text()))}
    assert (rows["P01"]["edition"], rows["T01"]["edition"]) == ("participant", "trainer")
    register.write_text("id,language,formats,edition\nT01,pl,html,tutor\n")
    with pytest.raises(ContentError, match="column edition: must be one of participant, trainer"):
        make_packs(register, trainer_course, tmp_path / "out", tmp_path / "cache", report=lambda line: None)


def test_a_manifest_from_before_editions_reads_as_the_participant_edition(trainer_course, tmp_path):
    def run() -> dict[str, str]:
        result = build(trainer_course, tmp_path / "out", formats=["html"], languages=["en-GB"],
                       editions=["participant"], report=lambda line: None)
        return {job.label: job.status for job in result.jobs}

    assert run() == {"html (en-GB)": "built"}
    manifest = tmp_path / "out" / "manifest.json"
    data = json.loads(manifest.read_text())
    for entry in data["files"]:
        del entry["edition"]
    manifest.write_text(json.dumps(data))
    assert run() == {"html (en-GB)": "up to date"}


def test_a_published_lesson_keeps_its_instructor_notes_and_solutions_for_trainers(tmp_path):
    """The Carpentries' own episode (tests/fixtures/carpentries): `instructor` notes straight after a
    challenge, `solution` boxes inside challenges, many colons."""
    content = tmp_path / "content"
    shutil.copytree(FIXTURES / "carpentries", content)
    build(content, tmp_path / "out", formats=["html", "docx"], report=lambda line: None)
    participants, trainers = (version_folder(tmp_path / "out", "en-GB", edition) for edition in ("participant",
                                                                                                   "trainer"))
    participant = (participants / "instructor-training-en-gb.html").read_text()
    trainer = (trainers / "instructor-training-en-gb-trainer.html").read_text()
    note = "the difference between expert knowledge in the topic and expertise in communicating"
    solution = "This task will become really easy once you have learned how to do it."
    assert note in trainer and solution.replace('"', "") in trainer.replace("&#34;", "").replace('"', "")
    assert note not in participant and "really easy once you have learned" not in participant
    assert "Some points to touch on" not in " ".join(
        p.text for p in docx.Document(str(participants / "instructor-training-en-gb.docx")).paragraphs)
    assert "What Is An Expert?" in participant and ":::" not in participant and ":::" not in trainer
    warnings = [p for p in build(content, tmp_path / "out", formats=["html"], report=lambda line: None).warnings
                if p.code == "trainer.no-notes"]
    assert [p.line for p in warnings] == [137, 173, 196, 223]  # 45 has its instructor note straight after


def _reader_text(path: Path) -> str:
    """Everything a person can get out of a file: for an EPUB, every page in it; for an MP3, every tag (title,
    album, comments, chapter names); else what tests/readback.py reads."""
    import zipfile

    from mutagen.id3 import ID3
    if path.suffix == ".epub":
        with zipfile.ZipFile(path) as book:
            return " ".join(book.read(name).decode("utf-8") for name in book.namelist()
                            if name.endswith((".xhtml", ".opf", ".ncx", ".smil")))
    if path.suffix == ".mp3":
        tags = ID3(path)
        frames = [*tags.values(), *(sub for chap in tags.getall("CHAP") for sub in chap.sub_frames.values())]
        return " ".join(str(text) for frame in frames for text in getattr(frame, "text", []))
    if path.suffix == ".m3u8":
        return path.read_text(encoding="utf-8")
    return _text(path)


def _walk_for_trainer_text(folder: Path) -> set[str]:
    """Every file under `folder`, read as a person would: none may hold trainer-only words. The kinds read."""
    kinds = set()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = _reader_text(path)
        assert TRAINER_SENTENCE not in text and HIDDEN_ANSWER not in text and "Kilimand" not in text, path
        kinds.add(path.suffix)
    return kinds


def test_no_participant_folder_or_pack_holds_trainer_text_in_any_format(built, tmp_path):
    """Every file in every participant folder (on disk, not just the manifest), and every participant's pack,
    read in every format: web page, PDF text, Word XML, EPUB pages, MP3 tags, braille read back. A co-trainer's
    pack does hold the notes, so the walk can tell."""
    for lang in ("en-GB", "pl"):
        kinds = _walk_for_trainer_text(version_folder(built, lang))
        assert kinds >= {".html", ".pdf", ".docx", ".epub", ".mp3", ".m3u8", ".brf", ".pef"}, kinds
    register = tmp_path / "needs.csv"
    register.write_text("id,language,formats,large_print_size,delivery,edition\n"
                        "P1,en-GB,large-print;docx;braille;audio;epub;html,24,email,\n"
                        "P2,pl,large-print;audio;epub,18,post,participant\n"
                        "T1,en-GB,docx;html,,email,trainer\n", encoding="utf-8")
    content = built.parent / "content"
    make_packs(register, content, tmp_path / "out", cache_dir=built.parent / "cache", report=lambda line: None)
    packs = tmp_path / "out" / "packs"
    assert _walk_for_trainer_text(packs / "P1") >= {".pdf", ".docx", ".brf", ".mp3", ".epub", ".html"}
    assert _walk_for_trainer_text(packs / "P2") >= {".pdf", ".mp3", ".epub"}
    trainer = " ".join(_reader_text(path) for path in (packs / "T1").rglob("*") if path.is_file())
    assert TRAINER_SENTENCE in trainer


def test_no_two_files_in_the_whole_build_share_a_name(built):
    """A file copied or attached alone says what it is: every edition, language and format has its own name."""
    import collections
    names = collections.Counter(Path(entry["path"]).name
                                for entry in json.loads((built / "manifest.json").read_text())["files"])
    assert len(names) > 40 and [name for name, count in names.items() if count > 1] == []
