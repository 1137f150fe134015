"""The command line: exit codes, messages a trainer can act on, and nothing written on error."""

import subprocess
import sys
from pathlib import Path

import pytest

import builder.course

from tests.conftest import ROOT, version_folder


def test_build_writes_html_and_manifest(run_cli, mini_course, tmp_path):
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", "--content", str(mini_course), "--output", str(out))
    assert code == 0, stderr
    assert (version_folder(out, "en-GB") / "mini-course-en-gb.html").is_file()
    assert "  participant/en-GB/mini-course-en-gb.html  (" in stdout
    assert "[1/1] html (en-GB): built" in stderr
    manifest = (out / "manifest.json").read_text()
    assert '"path": "participant/en-GB/mini-course-en-gb.html"' in manifest
    assert not list(out.rglob("*.part"))


def test_build_twice_gives_the_same_bytes(run_cli, mini_course, tmp_path):
    results = []
    for name in ("a", "b"):
        out = tmp_path / name
        assert run_cli("build", "--content", str(mini_course), "--output", str(out))[0] == 0
        results.append(((version_folder(out, "en-GB") / "mini-course-en-gb.html").read_bytes(),
                        (out / "manifest.json").read_bytes()))
    assert results[0] == results[1]


def test_check_writes_nothing(run_cli, mini_course, tmp_path):
    code, stdout, _ = run_cli("check", "--content", str(mini_course), cwd=tmp_path)
    assert code == 0
    assert "no errors" in stdout
    assert list(tmp_path.iterdir()) == [mini_course]


def test_formats_lists_names_and_options(run_cli):
    code, stdout, _ = run_cli("formats")
    assert code == 0
    assert stdout.startswith("html: ")
    assert 'colour-scheme = "standard" (one of: standard, cream, high-contrast)' in stdout


@pytest.mark.parametrize("argv, message", [
    (["build", "--formats", "pdf"], "error: unknown format 'pdf': formats are html"),
    (["build", "--languages", "pl"], "error: unknown language 'pl' for this course: its languages are en-GB"),
])
def test_usage_errors_exit_2(run_cli, mini_course, tmp_path, argv, message):
    code, _, stderr = run_cli(*argv, "--content", str(mini_course), "--output", str(tmp_path / "out"))
    assert code == 2
    assert message in stderr
    assert not (tmp_path / "out").exists()


def test_unknown_command_exits_2(run_cli):
    with pytest.raises(SystemExit) as caught:
        run_cli("publish")
    assert caught.value.code == 2


def broken(course_dir, case: str) -> Path:
    """One course with one mistake a trainer could make."""
    ok = "# Title\n\nText.\n"
    if case == "missing image":
        return course_dir({"01-a.md": "# A\n\nIntro.\n\n![A chart](images/x.png)\n"})
    if case == "no alt text":
        return course_dir({"01-a.md": "# A\n\n![](images/x.png)\n"}, images=("images/x.png",))
    if case == "bad front matter":
        return course_dir({"01-a.md": "---\ntitle: [unclosed\n---\n# A\n"})
    if case == "unknown course key":
        return course_dir({"01-a.md": ok}, course_toml='[course]\ntitle = "T"\norganisation = "O"\n'
                                                       'language = "en-GB"\nauthor = "me"\n')
    if case == "wrong type":
        return course_dir({"01-a.md": ok}, course_toml='[course]\ntitle = "T"\norganisation = "O"\n'
                                                       'language = "en-GB"\ntranslations = "pl"\n')
    if case == "unknown format":
        return course_dir({"01-a.md": ok}, course_toml='[course]\ntitle = "T"\norganisation = "O"\n'
                                                       'language = "en-GB"\nformats = ["braile"]\n')
    if case == "unknown language":
        return course_dir({"01-a.md": ok}, course_toml='[course]\ntitle = "T"\norganisation = "O"\n'
                                                       'language = "english"\n')
    if case == "no title":
        return course_dir({"01-a.md": "Just some text.\n"})
    if case == "empty folder":
        folder = course_dir({})
        return folder
    if case == "not utf-8":
        folder = course_dir({"01-a.md": ok})
        (folder / "02-b.md").write_bytes("# Caf\u00e9\n\nLine two.\n\nLine \xe9 three\n".encode("latin-1"))
        return folder
    raise AssertionError(case)


@pytest.mark.parametrize("case, expected", [
    ("unknown course key", "content/course.toml:5: error: unknown key 'course.author'; known keys: title, subtitle"),
    ("wrong type", "content/course.toml:5: error: course.translations must be a list of names in quotes"),
    ("unknown format", 'content/course.toml:5: error: course.formats has an unknown format "braile"'),
    ("unknown language", 'content/course.toml:4: error: course.language has an unknown language "english"'),
    ("empty folder", "content: error: no modules found: add Markdown files named like 01-welcome.md"),
    ("not utf-8", "content/02-b.md:1: error: this file is not UTF-8 text: open it in your editor and save it as "
                  "UTF-8 [file.encoding]"),
])
def test_bad_input_one_line_exit_1_nothing_written(run_cli, course_dir, tmp_path, case, expected):
    content = broken(course_dir, case)
    out = tmp_path / "out"
    code, stdout, stderr = run_cli("build", "--content", "content", "--output", str(out), cwd=tmp_path)
    assert code == 1
    lines = stderr.splitlines()
    assert any(line.startswith(expected) for line in lines), stderr
    assert "Traceback" not in stderr
    assert lines[-1].endswith("nothing was built. Fix the lines above and run again.")
    assert not out.exists()
    assert content.is_dir()
    check_code, _, check_err = run_cli("check", "--content", "content", cwd=tmp_path)
    assert check_code == 1 and any(line.startswith(expected) for line in check_err.splitlines())


@pytest.mark.parametrize("case, expected", [
    ("missing image", "content/01-a.md:5: warning: image 'images/x.png' not found in content/images, so its "
                      "description is shown instead: check the file name and its capital letters [image.missing]"),
    ("no alt text", "content/01-a.md:3: warning: image 'images/x.png' has no alt text, so blind participants are "
                    "not told what it shows: describe it between the square brackets"),
    ("bad front matter", "content/01-a.md:2: warning: front matter is not valid YAML"),
    ("no title", "content/01-a.md:1: warning: this module has no title, so it is called 'A' after its file"),
])
def test_what_an_editor_shows_builds_with_a_warning_and_strict_refuses_it(run_cli, course_dir, tmp_path, case,
                                                                          expected):
    broken(course_dir, case)
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", "--content", "content", "--output", str(out), cwd=tmp_path)
    assert code == 0 and any(line.startswith(expected) for line in stderr.splitlines()), stderr
    assert (out / "manifest.json").is_file()
    strict = tmp_path / "strict"
    code, _, stderr = run_cli("build", "--content", "content", "--output", str(strict), "--strict", cwd=tmp_path)
    assert code == 1 and "Traceback" not in stderr and not strict.exists()
    assert any(line.startswith(expected) for line in stderr.splitlines())
    assert stderr.splitlines()[-1].startswith("1 warning(s), which --strict counts as errors: nothing was built")
    code, stdout, stderr = run_cli("check", "--content", "content", "--strict", cwd=tmp_path)
    assert code == 1 and "--strict counts the 1 warning(s) as errors" in stderr
    assert run_cli("check", "--content", "content", cwd=tmp_path)[0] == 0


def test_failed_build_keeps_previous_outputs(run_cli, mini_course, tmp_path):
    out = tmp_path / "out"
    assert run_cli("build", "--content", str(mini_course), "--output", str(out))[0] == 0
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    (mini_course / "02-second.md").write_bytes("# Caf\u00e9\n".encode("latin-1"))
    assert run_cli("build", "--content", str(mini_course), "--output", str(out))[0] == 1
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_unwritable_output_is_a_clear_error(run_cli, mini_course, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, stderr = run_cli("build", "--content", str(mini_course), "--output", str(blocker / "out"))
    assert code == 1
    assert "error: cannot write" in stderr and "Traceback" not in stderr
    assert "job(s) to run" not in stderr  # found before any job ran, not after


def test_python_dash_m_builder_runs(tmp_path, mini_course):
    result = subprocess.run([sys.executable, "-m", "builder", "check", "--content", str(mini_course)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr


def test_terminal_escapes_and_bidi_overrides_are_shown_not_obeyed(run_cli, course_dir, tmp_path):
    content = course_dir({"01-a.md": "# A\n\nText.\n"})
    (content / "notes\x1b]0;owned\x07.md").write_text("# Notes\n")  # a file name with a terminal escape
    (content / "gnp\u202e.md").write_text("# Notes\n")  # and one that would show reversed
    code, stdout, stderr = run_cli("check", "--content", "content", cwd=tmp_path)
    assert code == 0  # the files are skipped with a warning, which names them safely
    assert "\x1b" not in stderr + stdout and "\u202e" not in stderr + stdout and "\x07" not in stderr
    assert "\\u001b" in stderr and "\\u202e" in stderr


def test_a_fault_in_the_reader_is_one_line_naming_the_module_and_the_others_are_still_read(run_cli, course_dir,
                                                                                          tmp_path, monkeypatch):
    course_dir({"01-a.md": "# A\n\n![](images/none.png)\n", "02-b.md": "# B\n"})
    real = builder.course.read_module

    def faulty(file, *rest):
        if file.path.name == "02-b.md":
            raise IndexError("list index out of range")
        return real(file, *rest)

    monkeypatch.setattr(builder.course, "read_module", faulty)
    code, _, stderr = run_cli("check", "--content", "content", cwd=tmp_path)
    assert code == 1 and "Traceback" not in stderr
    assert "content/02-b.md: error: this module could not be read: an error in the builder (IndexError: list index " \
           "out of range): please report it" in stderr
    assert "content/01-a.md:3: warning: image 'images/none.png'" in stderr  # the other module's problems, too
