"""Participant packs: exactly what each person needs, nothing personal in any file, clear row errors."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from builder.course import load_course
from builder.packs import git_exposure_warning, made_up, make_packs, needed_products, read_register
from builder.problems import ContentError
from tests.conftest import ROOT

HEADER = "id,name,language,formats,large_print_size,colour_scheme,braille_grade,delivery,notes\n"
NAME, NOTE = "Zebedee Quartermaine", "uses a wheelchair; anxious in groups"


def register(tmp_path: Path, rows: str) -> Path:
    path = tmp_path / "needs.csv"
    path.write_text(HEADER + rows, encoding="utf-8")
    return path


@pytest.fixture
def course_folder(tmp_path) -> Path:
    """The mini course with a Polish translation, so packs can mix languages."""
    content = tmp_path / "content"
    shutil.copytree(ROOT / "tests" / "fixtures" / "mini", content)
    toml = content / "course.toml"
    toml.write_text(toml.read_text().replace('formats = ["html"]', 'formats = ["html"]\ntranslations = ["pl"]'))
    from builder.translation import catalog
    from builder.translation.segments import course_segments
    course, _ = load_course(content)
    po = catalog.load(catalog.catalogue_path(content, "pl"), "pl", content)
    catalog.merge(po, course_segments(course))
    for entry in po:
        entry.msgstr, entry.flags = "[pl] " + entry.msgid, ["fuzzy"]
    catalog.save(po, catalog.catalogue_path(content, "pl"), content)
    return content


ROWS = (f"A1,{NAME},en-GB,large-print;braille,24,cream,1,post,{NOTE}\n"
        f"A2,{NAME} Two,pl,docx;html,20,high-contrast,,email,{NOTE}\n"
        f"A3,,en-GB,large-print,24,cream,,collect,\n"
        f"A4,Someone,en-GB,audio,,,,usb,{NOTE}\n")


def test_each_pack_holds_exactly_what_the_person_needs(course_folder, tmp_path):
    path = register(tmp_path, ROWS)
    result = make_packs(path, course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)
    packs = tmp_path / "out" / "packs"
    contents = {p.name: sorted(str(f.relative_to(p)) for f in p.rglob("*") if f.is_file())
                for p in packs.iterdir() if p.is_dir()}
    assert contents == {  # each opens with its "what is in this pack" note, in the way the person reads
        "A1": ["00-en-gb-in-this-pack-braille-ueb-g1.brf", "00-en-gb-in-this-pack-braille-ueb-g1.pef",
               "mini-course-en-gb-braille-ueb-g1.brf", "mini-course-en-gb-braille-ueb-g1.pef",
               "mini-course-en-gb-large-print-24pt.pdf"],
        "A2": ["00-pl-in-this-pack.docx", "mini-course-pl.docx", "mini-course-pl.html"],
        "A3": ["00-en-gb-in-this-pack-large-print-24pt.pdf", "mini-course-en-gb-large-print-24pt.pdf"],
        "A4": ["00-en-gb-in-this-pack-audio.mp3", "audio/en-gb-00-introduction.mp3", "audio/en-gb-01-first.mp3",
               "audio/en-gb-02-second.mp3", "audio/mini-course-en-gb.m3u8", "mini-course-en-gb-audio.mp3"],
    }
    assert sorted(p.name for p in packs.glob("*.zip")) == ["A2.zip"]
    assert sorted(zipfile.ZipFile(packs / "A2.zip").namelist()) == ["00-pl-in-this-pack.docx", "mini-course-pl.docx",
                                                                    "mini-course-pl.html"]
    assert b'lang="pl"' in (packs / "A2" / "mini-course-pl.html").read_bytes()
    assert result.products == 5  # large print 24 cream once for A1 and A3; braille; docx and html in pl; audio


def test_only_the_needed_outputs_are_built(course_folder, tmp_path):
    course, _ = load_course(course_folder)
    people, warnings = read_register(register(tmp_path, ROWS), course)
    assert warnings == []
    products = needed_products(people, course)
    assert sorted((p.lang, p.format) for p in products) == [
        ("en-GB", "audio"), ("en-GB", "braille"), ("en-GB", "large-print"), ("pl", "docx"), ("pl", "html")]


def test_names_and_notes_appear_nowhere(course_folder, tmp_path, run_cli):
    path = register(tmp_path, ROWS)
    code, stdout, stderr = run_cli("packs", "--participants", str(path), "--content", str(course_folder),
                                   "--output", str(tmp_path / "out"), "--cache", str(tmp_path / "cache"))
    assert code == 0
    for secret in (NAME, NOTE, "Zebedee", "wheelchair", "Someone"):
        assert secret not in stdout and secret not in stderr
        for file in (tmp_path / "out").rglob("*"):
            assert secret not in str(file)
            if file.is_file():
                assert secret.encode() not in file.read_bytes()
                if file.suffix == ".zip":
                    for name in zipfile.ZipFile(file).namelist():
                        assert secret.encode() not in zipfile.ZipFile(file).read(name)


def test_summary_lists_actions_and_email_sizes(course_folder, tmp_path):
    make_packs(register(tmp_path, ROWS), course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)
    rows = list(csv.DictReader((tmp_path / "out" / "packs" / "summary.csv").open()))
    by_id = {row["id"]: row for row in rows}
    assert list(rows[0]) == ["id", "language", "formats", "colour_scheme", "large_print_size", "braille_grade",
                             "delivery", "edition", "action", "files", "size_bytes", "email_zip_bytes", "email_ok"]
    assert by_id["A1"]["action"] == "print large print 24 pt; emboss braille grade 1; post it"
    assert by_id["A2"]["action"] == "email A2.zip" and by_id["A2"]["email_ok"] == "yes"
    assert int(by_id["A2"]["email_zip_bytes"]) < 10 * 1024 * 1024
    assert by_id["A4"]["action"] == "copy the files to a USB stick or CD; hand it over"


@pytest.mark.parametrize("row, message", [
    ("B1,,en-GB,large-print;tapestry,,,,post,\n", "needs.csv:3: error: column formats: 1 value(s) that are not "
                                                  "formats; formats are html, large-print, docx"),
    ("B1,,klingon,html,,,,post,\n", "needs.csv:3: error: column language: not one of this course's languages"),
    ("B1,,fr,html,,,,post,\n", "needs.csv:3: error: column language: not one of this course's languages"),
    ("B1,,en-GB,large-print,12,,,post,\n", "needs.csv:3: error: column large_print_size: must be a number from 16 "
                                           "to 48"),
    # Checked by each chosen format that uses the column: Word goes down to 12 pt, large print to 16.
    ("B1,,en-GB,docx;large-print,14,,,post,\n", "needs.csv:3: error: column large_print_size: must be a number "
                                                "from 16 to 48 (large-print)"),
    ("B1,,en-GB,html,,purple,,post,\n", "needs.csv:3: error: column colour_scheme: must be one of"),
    ("B1,,en-GB,braille,,,3,post,\n", "needs.csv:3: error: column braille_grade: must be 1 or 2"),
    ("B1,,en-GB,html,,,,pigeon,\n", "needs.csv:3: error: column delivery: must be one of"),
    (",Nameless,en-GB,html,,,,post,\n", "needs.csv:3: error: column id: this row has no id"),
    ("B1,,en-GB,html,,,,post,\nb1,,en-GB,html,,,,post,\n", "needs.csv:4: error: column id: the same id as row 3 "
                                                          "(capital letters aside)"),
    ("../B1,,en-GB,html,,,,post,\n", "needs.csv:3: error: column id: an id may hold only letters"),
    # an unquoted comma in the name shifts the name into the language column: the value is never shown
    ("B1,Smith, Jane,en-GB,html,,,,post,\n", "needs.csv:3: error: this row has more cells than the first row"),
    ("B1,Jane Smith,Jane,html,,,,post,\n", "needs.csv:3: error: column language: not one of this course's"),
])
def test_bad_rows_are_named_by_row_and_column_and_nothing_is_built(course_folder, tmp_path, row, message):
    path = register(tmp_path, "A1,,en-GB,html,,,,post,\n" + row)
    with pytest.raises(ContentError) as caught:
        make_packs(path, course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)
    shown = [str(p).replace(str(tmp_path) + "/", "") for p in caught.value.problems]
    assert any(line.startswith(message) for line in shown), shown
    for value in ("tapestry", "klingon", "purple", "pigeon", "Nameless", "Jane", "Smith", "'12'", "'3'", "../B1"):
        assert all(value not in line for line in shown), shown
    assert not (tmp_path / "out").exists()


def test_unknown_columns_names_like_ids_and_oversized_rows(course_folder, tmp_path):
    course, _ = load_course(course_folder)
    path = tmp_path / "needs.csv"
    path.write_text(HEADER.replace("notes\n", "notes,nhs_number\n") + "Jane,,en-GB,html,,,,post,,943 476 5919\n")
    people, warnings = read_register(path, course)
    assert [(w.line, w.code) for w in warnings] == [(1, "register.columns"), (2, "register.id-name")]
    assert all("943" not in str(w) and "Jane" not in str(w) for w in warnings)
    assert "column 10 is not one this builder uses" in str(warnings[0])
    path.write_text(HEADER + "A1,," + "x" * 200_000 + ",html,,,,post,\n")
    with pytest.raises(ContentError, match="row 2 is over 2000 characters"):
        read_register(path, course)
    path.write_text(HEADER + 'A1,"never closed,en-GB,html\n' * 3)
    with pytest.raises(ContentError):
        read_register(path, course)


def test_a_language_without_a_finished_translation_names_its_rows(course_folder, tmp_path):
    (course_folder / "translations" / "pl.po").unlink()
    path = register(tmp_path, "A1,,en-GB,html,,,,post,\nA2,,pl,html,,,,post,\n")
    with pytest.raises(ContentError, match=r"rows 3 ask for pl, which cannot be built: \d+ passages not translated into Polish yet"):
        make_packs(path, course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)


def test_a_register_git_would_commit_gets_a_warning_with_the_line_to_add(tmp_path):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    path = tmp_path / "repo" / "needs.csv"
    path.write_text(HEADER)
    warning = git_exposure_warning(path)
    assert warning and warning.endswith("add this line to " + str(tmp_path / "repo" / ".gitignore") + ": /needs.csv")
    (tmp_path / "repo" / ".gitignore").write_text("/needs.csv\n")
    assert git_exposure_warning(path) is None
    outside = tmp_path / "elsewhere" / "needs.csv"
    outside.parent.mkdir()
    outside.write_text(HEADER)
    assert git_exposure_warning(outside) is None


def test_the_example_register_is_valid_and_marked_as_made_up():
    course, _ = load_course(ROOT / "content")
    example = ROOT / "examples" / "participants-example.csv"
    people, warnings = read_register(example, course)
    assert warnings == [] and len(people) == 7 and {p.language for p in people} == {"en-GB", "pl", "pt", "ur"}
    assert made_up(example)  # so `make packs` with it gives no personal-data warning about itself


def test_a_made_up_register_is_not_warned_about_and_its_rows_keep_their_numbers(tmp_path, course_folder):
    subprocess.run(["git", "init", "-q", str(tmp_path / "repo")], check=True)
    path = tmp_path / "repo" / "needs.csv"
    path.write_text("# made-up people for a demonstration\n" + HEADER + "A1,,en-GB,tapestry,,,,post,\n")
    assert made_up(path) and git_exposure_warning(path) is not None  # git would commit it; it is made up
    course, _ = load_course(course_folder)
    with pytest.raises(ContentError) as caught:
        read_register(path, course)
    assert [problem.line for problem in caught.value.problems] == [3]  # the file's own line 3
    path.write_text(HEADER)
    assert not made_up(path)


def test_asking_git_about_the_register_runs_nothing_its_folder_configures(tmp_path):
    repo = tmp_path / "repo"
    subprocess.run(["git", "init", "-q", str(repo)], check=True)
    marker = tmp_path / "ran"
    subprocess.run(["git", "-C", str(repo), "config", "core.fsmonitor", f"touch {marker}; echo"], check=True)
    (repo / "needs.csv").write_text(HEADER)
    assert git_exposure_warning(repo / "needs.csv") is not None
    assert not marker.exists()


def test_a_second_register_keeps_earlier_packs_replaces_its_own_and_clean_starts_over(course_folder, tmp_path, run_cli):
    out = tmp_path / "out"

    def run(rows: str, *extra: str) -> str:
        code, stdout, stderr = run_cli("packs", "--participants", str(register(tmp_path, rows)), "--content",
                                       str(course_folder), "--output", str(out), "--cache", str(tmp_path / "cache"),
                                       *extra)
        assert code == 0, stderr
        return stdout

    run("P01,,en-GB,html;docx,,,,collect,\nP02,,en-GB,html,,,,collect,\n")
    stdout = run("P03,,en-GB,html,,,,email,\n")
    assert "This run: 1 new pack(s), 0 replaced; kept from earlier registers: P01, P02" in stdout
    packs = out / "packs"
    assert sorted(p.name for p in packs.iterdir()) == ["P01", "P02", "P03", "P03.zip", "summary.csv"]
    assert sorted(p.name for p in (packs / "P01").iterdir()) == ["00-en-gb-in-this-pack.html", "mini-course-en-gb.docx",
                                                                  "mini-course-en-gb.html"]
    summary = list(csv.DictReader((packs / "summary.csv").open()))
    assert [row["id"] for row in summary] == ["P01", "P02", "P03"]  # what is in the folder
    stdout = run("P01,,en-GB,docx,,,,collect,\n")
    assert "This run: 0 new pack(s), 1 replaced; kept from earlier registers: P02, P03" in stdout
    assert sorted(p.name for p in (packs / "P01").iterdir()) == ["00-en-gb-in-this-pack.docx",
                                                                  "mini-course-en-gb.docx"]  # the old HTML is gone
    stdout = run("P02,,en-GB,html,,,,collect,\n", "--clean")
    assert "3 earlier pack(s) removed (--clean)" in stdout
    assert sorted(p.name for p in packs.iterdir()) == ["P02", "summary.csv"]


def test_each_pack_opens_with_a_note_of_what_is_in_it_in_the_persons_language_and_way_of_reading(course_folder,
                                                                                                 tmp_path):
    """Large print at the person's size, braille read back, the spoken note decoded; each names every file of
    the pack, and never the person."""
    import miniaudio
    import pdfplumber
    from mutagen.id3 import ID3

    from builder.writers.braille.translate import back_translate
    from builder.writers.braille.tables import from_brf
    make_packs(register(tmp_path, ROWS), course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)
    packs = tmp_path / "out" / "packs"
    with pdfplumber.open(packs / "A3" / "00-en-gb-in-this-pack-large-print-24pt.pdf") as pdf:
        text = " ".join(" ".join((page.extract_text() or "").split()) for page in pdf.pages)
        sizes = {round(char["size"]) for page in pdf.pages for char in page.chars}
    assert "What is in this pack" in text and "mini-course-en-gb-large-print-24pt.pdf: large print" in text
    assert min(sizes) >= 24 and NAME not in text
    brf = (packs / "A1" / "00-en-gb-in-this-pack-braille-ueb-g1.brf").read_text(encoding="ascii")
    read = back_translate("en-ueb-g1.ctb", from_brf("".join(brf.split()).replace("\f", "")))
    assert "What is in this pack" in read.replace("  ", " ") or "Whatisinthispack" in read.replace(" ", "")
    assert "mini-course-en-gb-large-print-24pt.pdf" in read.replace(" ", "")
    polish = (packs / "A2" / "00-pl-in-this-pack.docx").read_bytes()
    assert "Co jest w tej paczce" in readback_docx(polish) and "mini-course-pl.html: strona internetowa" in \
        readback_docx(polish)
    spoken = packs / "A4" / "00-en-gb-in-this-pack-audio.mp3"
    decoded = miniaudio.decode(spoken.read_bytes(), nchannels=1, sample_rate=22050)
    assert decoded.num_frames / 22050 > 5  # the note is said, file by file
    assert str(ID3(spoken)["TALB"]) == "What is in this pack"


def readback_docx(data: bytes) -> str:
    import docx
    return " ".join(p.text for p in docx.Document(io.BytesIO(data)).paragraphs)


def test_an_easy_read_pack_for_a_course_without_easy_read_modules_is_refused_at_its_row(course_folder, tmp_path):
    """It was an empty document, made without a word."""
    path = tmp_path / "needs.csv"
    path.write_text("id,language,formats,edition\nP01,en-GB,html,\nP02,en-GB,html,easy-read\n", encoding="utf-8")
    with pytest.raises(ContentError) as raised:
        make_packs(path, course_folder, tmp_path / "out", tmp_path / "cache", report=lambda s: None)
    [problem] = raised.value.problems
    assert (problem.line, problem.code) == (3, "register.edition") and "no module has an Easy Read" in problem.message
    assert not (tmp_path / "out" / "packs").exists()
