"""Several courses built together: named on the command line or in a library.toml, their jobs planned and run
as one build, each course into a folder of its own with its own closing table."""

from __future__ import annotations

import json
import re

from tests.conftest import COURSE_TOML, write_course


def _two_courses(tmp_path):
    first = write_course(tmp_path / "assertiveness", {"01-a.md": "# Saying no\n\nIt is all right to say no.\n"})
    second = write_course(tmp_path / "wellbeing", {"01-a.md": "# Sleep\n\nRest helps.\n"},
                          COURSE_TOML.replace("Test Course", "Wellbeing"))
    return first, second


def test_two_courses_build_together_each_into_its_own_folder(run_cli, tmp_path):
    first, second = _two_courses(tmp_path)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", "--content", str(first), "--content", str(second), "--output", str(out),
                                   "--formats", "html,braille", "--jobs", "2")
    assert code == 0, stderr
    assert "4 of 4 job(s) to run, 0 up to date" in stdout + stderr  # planned together: one line, not two
    assert re.search(r"Course .*assertiveness:\n.*html \(en-GB\) +built", stdout, re.S)
    assert re.search(r"Course .*wellbeing:\n.*html \(en-GB\) +built", stdout, re.S)
    for slug, words in (("test-course", "It is all right to say no."), ("wellbeing", "Rest helps.")):
        manifest = json.loads((out / slug / "manifest.json").read_text())
        assert {entry["format"] for entry in manifest["files"]} == {"html", "braille"}
        page = (out / slug / "participant" / "en-GB" / f"{slug}-en-gb.html").read_text()
        assert words in page
    # Nothing changed: nothing runs, and each course says so
    code, stdout, _ = run_cli("build", "--content", str(first), "--content", str(second), "--output", str(out),
                              "--formats", "html,braille")
    assert code == 0 and stdout.count("Everything is up to date") == 2


def test_a_library_file_lists_the_courses(run_cli, tmp_path):
    first, second = _two_courses(tmp_path)
    library = tmp_path / "library.toml"
    library.write_text('# the network\'s courses\ncourses = ["assertiveness", "wellbeing", "./wellbeing"]\n')
    code, stdout, stderr = run_cli("build", "--content", str(library), "--output", str(tmp_path / "out"),
                                   "--formats", "html")
    assert code == 0, stderr
    assert (tmp_path / "out" / "test-course" / "participant" / "en-GB" / "test-course-en-gb.html").is_file()
    assert (tmp_path / "out" / "wellbeing" / "participant" / "en-GB" / "wellbeing-en-gb.html").is_file()
    assert "2 of 2 job(s) to run" in stdout + stderr  # the same folder twice is built once


def test_a_library_file_that_cannot_be_used_names_its_line(run_cli, tmp_path):
    _two_courses(tmp_path)
    library = tmp_path / "library.toml"
    cases = {
        'courses = ["assertiveness",\n  "missing"]\n': (2, "'missing' is not a course folder (it has no course.toml)"),
        'courses = "assertiveness"\n': (1, "must list its course folders"),
        'courses = ["assertiveness"]\ntitle = "x"\n': (2, "has 'title', which a library does not use"),
        'courses = ["assertiveness"\n': (1, "is not valid TOML"),
    }
    for text, (line, message) in cases.items():
        library.write_text(text)
        code, _, stderr = run_cli("build", "--content", str(library), "--output", str(tmp_path / "out"))
        assert code == 1 and f"library.toml:{line}: error: " in stderr and message in stderr, (text, stderr)
        assert not (tmp_path / "out").exists()


def test_two_courses_with_one_slug_are_refused_before_anything_is_written(run_cli, tmp_path):
    first = write_course(tmp_path / "a", {"01-a.md": "# A\n\nText.\n"})
    second = write_course(tmp_path / "b", {"01-a.md": "# B\n\nText.\n"}, COURSE_TOML + 'slug = "test-course"\n')
    code, _, stderr = run_cli("build", "--content", str(first), "--content", str(second), "--output",
                              str(tmp_path / "out"), "--formats", "html")
    assert code == 1 and re.search(r"b/course.toml:5: error: this course's slug is 'test-course', as .*a/course.toml's "
                                   r"is: .*give this one another with slug = \"...\" \[library.slug\]", stderr), stderr
    assert not (tmp_path / "out").exists()


def test_a_library_of_one_course_still_writes_into_its_folder_and_progress_names_each_course(run_cli, tmp_path):
    first, second = _two_courses(tmp_path)
    (tmp_path / "one.toml").write_text('courses = ["assertiveness"]\n')
    code, stdout, stderr = run_cli("build", "--content", str(tmp_path / "one.toml"), "--output", str(tmp_path / "out"),
                                   "--formats", "html")
    assert code == 0 and (tmp_path / "out" / "test-course" / "manifest.json").is_file(), stderr
    code, stdout, stderr = run_cli("build", "--content", str(first), "--content", str(second), "--output",
                                   str(tmp_path / "two"), "--formats", "html")
    assert re.search(r"\[\d/2\] test-course: html \(en-GB\): built", stdout + stderr)
    assert re.search(r"\[\d/2\] wellbeing: html \(en-GB\): built", stdout + stderr)
    code, _, stderr = run_cli("build", "--content", str(tmp_path / "missing.toml"), "--output", str(tmp_path / "x"))
    assert code == 1 and "missing.toml: error: this library file was not found" in stderr


def test_a_content_error_in_any_course_builds_none_and_every_courses_errors_are_said(run_cli, tmp_path):
    first, second = _two_courses(tmp_path)
    (first / "01-a.md").write_bytes(b"# Saying no\n\nIt is \xff all right.\n")  # not UTF-8
    (second / "course.toml").write_text('[course]\ntitle = "Wellbeing"\nlanguage = "xx-nonsense-!"\n')
    code, _, stderr = run_cli("build", "--content", str(first), "--content", str(second), "--output",
                              str(tmp_path / "out"), "--formats", "html")
    assert code == 1 and "nothing was built" in stderr
    assert re.search(r"assertiveness/01-a.md:3: error:", stderr) and re.search(r"wellbeing/course.toml:3: error:", stderr)
    assert not (tmp_path / "out").exists()
