"""Word and OpenDocument handouts imported as modules: made by pandoc and LibreOffice from a fixture, read
back by the builder's own reader, with their words, pictures' descriptions, notes and tables kept; and the
damaged or unsafe ones refused with nothing written."""

import hashlib
import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from builder.course import load_course
from builder.model import Figure, Text
from builder.walk import nodes
from builder.word_import import ImportRefused, import_document

ROOT = Path(__file__).resolve().parent.parent
HANDOUT = ROOT / "tests" / "fixtures" / "handout"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower())


def _source_words() -> list[str]:
    """The handout's words as written (the text of pandoc's tree of the Markdown it was made from: list
    numbers and note marks are not words)."""
    tree = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json", "handout.md"], cwd=HANDOUT,
                                     capture_output=True, text=True, check=True).stdout)
    found: list[str] = []
    stack = [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if item.get("t") == "Str":
                found.append(item["c"])
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return _words(" ".join(found))


@pytest.fixture(scope="module")
def documents(tmp_path_factory) -> dict[str, Path]:
    """The handout as Word (made by pandoc) and as OpenDocument (Word's file converted by LibreOffice)."""
    assert shutil.which("pandoc"), "pandoc is missing: `make test` installs it (TEST_SYSTEM_PACKAGES)"
    folder = tmp_path_factory.mktemp("documents")
    docx = folder / "speaking-up.docx"
    subprocess.run(["pandoc", "handout.md", "-o", str(docx)], cwd=HANDOUT, check=True)
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    assert soffice, "LibreOffice is missing: `make test` installs it (TEST_SYSTEM_PACKAGES)"
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{folder}/lo", "--convert-to", "odt",
                    "--outdir", str(folder), str(docx)], capture_output=True, check=True, timeout=180)
    return {"docx": docx, "odt": folder / "speaking-up.odt"}


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_a_handout_becomes_modules_that_build_with_its_words_and_pictures(kind, documents, mini_course):
    result = import_document(documents[kind], mini_course)
    assert [p.name for p in result.modules] == ["03-speaking-up-for-yourself.md", "04-saying-no.md",
                                                "05-where-to-get-help.md"]
    assert [p.relative_to(mini_course).as_posix() for p in result.pictures] == \
        ["images/speaking-up/04-saying-no-1.png"]
    assert any("italics" in note for note in result.notes)
    course, problems = load_course(mini_course)  # builds: no error in any module
    imported = [m for m in course.modules if m.slug in {p.stem for p in result.modules}]
    assert [m.title_text for m in imported] == ["Speaking up for yourself", "Saying no", "Where to get help"]
    text = " ".join(node.text for module in imported for node in nodes(type(course)(
        course.config, [module], course.content_dir, course.lang)) if isinstance(node, Text))
    got, wanted = _words(text), _source_words()
    kept = sum(min(got.count(word), wanted.count(word)) for word in set(wanted)) / len(wanted)
    assert kept >= 0.98, sorted(set(wanted) - set(got))
    figures = [node for module in imported for node in nodes(type(course)(course.config, [module],
                                                                            course.content_dir, course.lang))
               if isinstance(node, Figure)]
    assert [f.alt for f in figures] == ["A person holding up one hand, palm out, and smiling"]
    assert figures[0].path.read_bytes() == (HANDOUT / "square.png").read_bytes()
    saying_no = (mini_course / "04-saying-no.md").read_text(encoding="utf-8")
    assert "**practise**" in saying_no and "*practise*" not in saying_no.replace("**practise**", "")
    assert "[^1]" in saying_no and "| Samaritans" in (mini_course / "05-where-to-get-help.md").read_text()
    assert not [p for p in problems.errors]


def _tree(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_importing_again_replaces_only_when_asked_and_never_doubles(documents, mini_course):
    first = import_document(documents["docx"], mini_course)
    (mini_course / "04-saying-no.md").write_text("# Saying no\n\nMy own edits.\n", encoding="utf-8")
    before = _tree(mini_course)
    # the same handout again (fixed in Word, say) is the same modules: refused, naming them, nothing written
    with pytest.raises(ImportRefused, match="04-saying-no.md.*there already|there already.*04-saying-no.md"):
        import_document(documents["docx"], mini_course)
    assert _tree(mini_course) == before
    again = import_document(documents["docx"], mini_course, force=True)
    assert again.modules == first.modules and again.pictures == first.pictures  # replaced, not added
    assert "My own edits" not in (mini_course / "04-saying-no.md").read_text(encoding="utf-8")
    assert sorted(p.name for p in mini_course.glob("*.md")) == ["01-first.md", "02-second.md",
                                                                "03-speaking-up-for-yourself.md", "04-saying-no.md",
                                                                "05-where-to-get-help.md"]


def test_a_document_without_headings_is_one_module_named_by_its_file(tmp_path):
    source = tmp_path / "Coping_cards.md"
    source.write_text("Write three things that help you on a card.\n\nKeep it in your pocket.\n", encoding="utf-8")
    subprocess.run(["pandoc", str(source), "-o", str(tmp_path / "Coping_cards.docx")], check=True)
    into = tmp_path / "course"
    result = import_document(tmp_path / "Coping_cards.docx", into)
    assert [p.name for p in result.modules] == ["01-coping-cards.md"]
    assert (into / "01-coping-cards.md").read_text(encoding="utf-8").startswith("# Coping cards\n")
    assert any("no title" in note and "Coping cards" in note for note in result.notes)


def _rezip(source: Path, target: Path, change) -> Path:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for item in old.infolist():
            data = change(item.filename, old.read(item.filename))
            if data is not None:
                new.writestr(item, data)
        extra = change("", b"")
        if extra:
            new.writestr(*extra)
    return target


def test_unsafe_or_damaged_documents_are_refused_with_nothing_written(documents, tmp_path, mini_course):
    docx = documents["docx"]
    cases = {
        "damaged": (tmp_path / "damaged.docx", docx.read_bytes()[:2000], "damaged"),
        "password": (tmp_path / "locked.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(600), "password"),
        "empty": (tmp_path / "empty.docx", b"", "is empty"),
        "not a document": (tmp_path / "notes.txt", b"hello", "only Word"),
    }
    macros = _rezip(docx, tmp_path / "macros.docx",
                    lambda name, data: ("word/vbaProject.bin", b"\0" * 10) if name == "" else data)
    linked = _rezip(docx, tmp_path / "linked.docx", lambda name, data: None if name == "" else (
        data.replace(b"</Relationships>", b'<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/'
                     b'officeDocument/2006/relationships/image" Target="https://example.org/x.png" '
                     b'TargetMode="External"/></Relationships>') if name == "word/_rels/document.xml.rels" else data))
    before = _tree(mini_course)
    for name, (path, data, said) in cases.items():
        path.write_bytes(data)
        with pytest.raises(ImportRefused, match=said):
            import_document(path, mini_course)
    with pytest.raises(ImportRefused, match="macros"):
        import_document(macros, mini_course)
    with pytest.raises(ImportRefused, match="links to pictures"):
        import_document(linked, mini_course)
    garbled = _rezip(documents["odt"], tmp_path / "garbled.odt", lambda name, data: None if name == "" else (
        data.replace(b"Saying no", b"Saying \xff no", 1) if name == "content.xml" else data))
    with pytest.raises(ImportRefused, match="damaged"):  # was a UnicodeDecodeError traceback
        import_document(garbled, mini_course)
    assert _tree(mini_course) == before


def test_the_command_names_what_it_wrote_and_checks_it(documents, mini_course, run_cli):
    code, out, err = run_cli("import", str(documents["docx"]), "--into", str(mini_course))
    assert code == 0, err
    assert "wrote" in out and "04-saying-no.md" in out and "images/speaking-up/04-saying-no-1.png" in out
    assert re.search(r"Imported 3 module\(s\) and 1 picture\(s\); the check found 0 error\(s\)", out)
    code, out, err = run_cli("import", str(documents["docx"]) + ".missing", "--into", str(mini_course))
    assert code == 1 and "Nothing was written" in err and "Traceback" not in err


WORD = ROOT / "tests" / "fixtures" / "word"  # made by Word (tests/fixtures/word/SOURCES.md)


def test_documents_made_by_word_keep_their_tables_notes_and_pictures(course_dir):
    content = course_dir({"01-a.md": "# A\n"})
    for name in ("tables", "footnotes", "tiny-picture", "underline"):
        import_document(WORD / f"{name}.docx", content)
    course, problems = load_course(content)
    assert not problems.errors
    written = {path.name: path.read_text(encoding="utf-8") for path in content.glob("0*.md")}
    assert "|" in written["02-tables.md"]
    assert "[^1]" in written["03-footnotes.md"] and "[^1]:" in written["03-footnotes.md"]
    assert "](images/tiny-picture/04-tiny-picture-1.png)" in written["04-tiny-picture.md"]
    assert "**" in written["05-underline.md"]
    assert len(course.modules) == 5


@pytest.mark.parametrize("name, said", [("external-picture", "links to pictures"), ("strict-format", "Strict")])
def test_word_documents_that_cannot_be_imported_faithfully_are_refused(name, said, course_dir):
    content = course_dir({"01-a.md": "# A\n"})
    before = _tree(content)
    with pytest.raises(ImportRefused, match=said):
        import_document(WORD / f"{name}.docx", content)
    assert _tree(content) == before


def test_emphasis_becomes_bold_once_and_table_headings_are_not_bold_twice():
    from builder.word_import import _house_style

    markdown = ("Call [*your GP*]{.underline} today.\n\n| **Service** | **How** |\n|---|---|\n| Mind | Visit |\n")
    tree = json.loads(subprocess.run(["pandoc", "-f", "markdown", "-t", "json"], input=markdown, text=True,
                                     capture_output=True, check=True).stdout)
    counts = {"italic": 0, "underline": 0}
    _house_style(tree["blocks"], counts)
    written = subprocess.run(["pandoc", "-f", "json", "-t", "commonmark_x"], input=json.dumps(tree), text=True,
                             capture_output=True, check=True).stdout
    assert counts == {"italic": 1, "underline": 1}
    assert "**your GP**" in written and "****" not in written
    assert "| Service" in written and "**Service**" not in written
