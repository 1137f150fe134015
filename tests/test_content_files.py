"""The one guarded reader: no file outside the content folder is ever read, whatever links point at it,
and `translate` writes only inside the content folder. A canary secret outside the course must never
appear in any problem, output or translation request."""

from __future__ import annotations

import os

import pytest

from builder.build import build
from builder.content_files import RefusedFile, read_content_file, writable_content_path
from builder.course import read_course
from builder.problems import ContentError
from builder.translation.catalog import catalogue_path, load, save
from tests.conftest import COURSE_TOML

SECRET = "CANARY-5e1f-outside-the-course"


@pytest.fixture
def secret(tmp_path):
    folder = tmp_path / "private"
    folder.mkdir()
    (folder / "notes.md").write_text(f"# Private\n\n{SECRET}\n")
    (folder / "pl.po").write_text(f'msgid "A"\nmsgstr "{SECRET}"\n')
    (folder / "pronunciations.toml").write_text(f'[en]\n"A" = "{SECRET}"\n')
    (folder / "course.toml").write_text(COURSE_TOML.replace("Test Course", SECRET))
    return folder


def codes(problems) -> list[tuple[str, str]]:
    return sorted((p.path.rsplit("/", 1)[-1], p.code) for p in problems.errors)


@pytest.mark.parametrize("name, target", [
    ("02-linked.md", "notes.md"), ("pronunciations.toml", "pronunciations.toml"), ("course.toml", "course.toml")])
def test_a_link_out_of_the_course_is_refused_where_the_file_is_opened(course_dir, secret, name, target):
    content = course_dir({"01-a.md": "# A\n\nText.\n"})
    (content / name).unlink(missing_ok=True)
    (content / name).symlink_to(secret / target)
    course, problems = read_course(content)
    assert (name, "file.refused") in codes(problems)
    assert all(SECRET not in str(p) for p in problems.items)
    assert course is None or all(SECRET not in m.title_text for m in course.modules)


def test_a_linked_translation_file_or_folder_is_never_read_nor_written(course_dir, secret, tmp_path):
    content = course_dir({"01-a.md": "# A\n\nText.\n"})
    (content / "translations").mkdir()
    (content / "translations" / "pl.po").symlink_to(secret / "pl.po")
    with pytest.raises(ContentError) as caught:
        load(catalogue_path(content, "pl"), "pl", content)
    assert caught.value.problems[0].code == "file.refused" and SECRET not in str(caught.value)
    (content / "translations" / "pl.po").unlink()
    (content / "translations").rmdir()
    (content / "translations").symlink_to(secret)  # the whole folder is a link
    with pytest.raises(ContentError, match="outside the content folder"):
        save(load(content / "translations" / "ur.po", "ur", content), content / "translations" / "ur.po", content)
    assert not (secret / "ur.po").exists()


def test_a_folder_or_pipe_named_like_a_module_is_a_content_error(course_dir):
    content = course_dir({"01-a.md": "# A\n"})
    (content / "02-folder.md").mkdir()
    os.mkfifo(content / "03-pipe.md")
    _, problems = read_course(content)
    assert codes(problems) == [("02-folder.md", "file.refused"), ("03-pipe.md", "file.refused")]
    assert "is a folder, not a file" in str(problems.errors[0])


def test_the_guard_itself(tmp_path, secret):
    content = tmp_path / "content"
    content.mkdir()
    (content / "big.md").write_bytes(b"x" * 11)
    with pytest.raises(RefusedFile) as caught:
        read_content_file(content, content / "big.md", 10)
    assert caught.value.reason == "too-large"
    (content / "link.md").symlink_to(secret / "notes.md")
    with pytest.raises(RefusedFile) as caught:
        read_content_file(content, content / "link.md", 1000)
    assert caught.value.reason == "outside"
    assert read_content_file(content, content / "big.md", 11) == b"x" * 11
    assert writable_content_path(content, content / "new" / "x.po") == content.resolve() / "new" / "x.po"


def test_a_build_with_a_linked_module_stops_before_reading_it(course_dir, secret, tmp_path):
    content = course_dir({"01-a.md": "# A\n\nText.\n"})
    (content / "02-linked.md").symlink_to(secret / "notes.md")
    with pytest.raises(ContentError) as caught:
        build(content, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert [p.code for p in caught.value.problems if p.is_error] == ["file.refused"]
    assert not (tmp_path / "out").exists()
