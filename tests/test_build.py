"""Incremental and parallel builds: nothing changed means no work; one edit redoes only what contains it."""

from __future__ import annotations

import os
import re
import time

from pathlib import Path

import pytest

from builder import writers
from builder.build import build
from tests.conftest import version_folder

FORMATS = writers.names()  # every registered format: a new one is tested here without a change


def stamps(folder: Path) -> dict[str, int]:
    return {str(p.relative_to(folder)): p.stat().st_mtime_ns for p in folder.rglob("*") if p.is_file()}


def run(content: Path, out: Path, cache: Path, **kwargs):
    return build(content, out, formats=kwargs.pop("formats", FORMATS), report=lambda line: None, cache_dir=cache,
                 **kwargs)


@pytest.fixture
def built(mini_course, tmp_path):
    out, cache = tmp_path / "out", tmp_path / "cache"
    first = run(mini_course, out, cache)
    assert {job.status for job in first.jobs} == {"built"}
    return mini_course, out, cache


def test_nothing_changed_means_no_job_runs_and_no_file_is_written(built):
    content, out, cache = built
    before = stamps(out)
    again = run(content, out, cache)
    assert [job.status for job in again.jobs] == ["up to date"] * len(FORMATS)
    assert again.built == [] and again.unchanged == []
    assert stamps(out) == before


def test_one_module_edit_rewrites_only_the_files_that_contain_it(built):
    content, out, cache = built
    before = stamps(out)
    module = content / "02-second.md"
    module.write_text(module.read_text().replace("The end.", "The very end."))
    again = run(content, out, cache)
    after = stamps(out)
    rewritten = {path for path in after if after[path] != before.get(path)}
    assert "participant/en-GB/audio/en-gb-02-second.mp3" in rewritten
    assert "participant/en-GB/audio/en-gb-01-first.mp3" not in rewritten  # the other module's audio is untouched
    assert "participant/en-GB/mini-course-en-gb-audio.mp3" in rewritten
    assert "participant/en-GB/mini-course-en-gb.html" in rewritten
    assert {e.path for e in again.unchanged} >= {"participant/en-GB/audio/en-gb-01-first.mp3"}


def test_changing_one_format_option_reruns_only_that_format(built):
    content, out, cache = built
    toml = content / "course.toml"
    toml.write_text(toml.read_text() + '\n[html]\ncolour-scheme = "cream"\n')
    again = run(content, out, cache)
    assert {job.label: job.status for job in again.jobs} == {
        f"{name} (en-GB)": "built" if name == "html" else "up to date" for name in FORMATS}


def test_files_a_job_no_longer_makes_are_removed(built):
    content, out, cache = built
    toml = content / "course.toml"
    toml.write_text(toml.read_text() + "\n[large-print]\nsizes = [20]\n")
    run(content, out, cache)
    pdfs = sorted(p.name for p in version_folder(out, "en-GB").glob("*.pdf"))
    assert pdfs == ["mini-course-en-gb-large-print-20pt.pdf"]
    assert "large-print-18pt" not in (out / "manifest.json").read_text()


def test_one_worker_or_several_give_the_same_bytes(mini_course, tmp_path):
    run(mini_course, tmp_path / "one", tmp_path / "c1", jobs_count=1)
    parallel = run(mini_course, tmp_path / "two", tmp_path / "c2", jobs_count=2)
    assert len(parallel.built) > 10
    one = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    two = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert one == two


def test_progress_lines_and_closing_table_on_the_command_line(run_cli, mini_course, tmp_path):
    args = ("build", "--content", str(mini_course), "--output", str(tmp_path / "out"), "--cache",
            str(tmp_path / "cache"), "--formats", "html,braille", "--jobs", "2")
    code, stdout, stderr = run_cli(*args)
    assert code == 0
    assert "2 of 2 job(s) to run, 0 up to date" in stderr
    assert "[2/2]" in stderr
    assert "html (en-GB)                   built" in stdout
    code, stdout, _ = run_cli(*args)
    assert "braille (en-GB)                up to date" in stdout
    assert "Everything is up to date (4 files in " in stdout and "Wrote" not in stdout


def test_the_closing_message_counts_machine_drafts_per_language(run_cli, tmp_path):
    from tests.conftest import ROOT
    code, stdout, _ = run_cli("build", "--content", str(ROOT / "content"), "--output", str(tmp_path / "out"),
                              "--formats", "html", "--editions", "participant", "--languages", "en-GB,pl")
    assert code == 0
    assert re.search(r"Machine-made translation entries not yet checked by a person: pl \d{3}\. Ask a fluent "
                     r"speaker to review them in the translation files", stdout), stdout


def test_the_drafts_counted_are_those_of_the_editions_built(tmp_path):
    """Whether or not a build reads the Easy Read companions, it counts the entries of what it made."""
    from builder.course import load_course
    from builder.editions import PARTICIPANT, widest
    from builder.translation.command import status
    from tests.conftest import ROOT

    def drafts(*editions: str) -> int:
        result = build(ROOT / "content", tmp_path / "-".join(editions), formats=["html"], languages=["pl"],
                       editions=list(editions), report=lambda line: None)
        return result.drafts["pl"]

    counts = status(widest(load_course(ROOT / "content")[0], {PARTICIPANT}), "pl")
    alone = drafts("participant")
    assert alone == counts.machine + counts.stale
    assert drafts("participant", "easy-read") > alone


def test_a_deleted_output_is_made_again(mini_course, tmp_path):
    out = tmp_path / "out"
    build(mini_course, out, formats=["braille"], report=lambda line: None)
    pef = next(out.rglob("*.pef"))
    pef.unlink()
    again = build(mini_course, out, formats=["braille"], report=lambda line: None)
    assert pef.is_file() and [row.status for row in again.jobs] == ["built"]
    assert build(mini_course, out, formats=["braille"], report=lambda line: None).jobs[0].status == "up to date"


def test_a_job_failing_after_others_finished_leaves_their_files_written(mini_course, tmp_path, monkeypatch):
    """Each finished job's files are staged as it finishes (the build does not hold them all); a later
    failure fails only its own job: the staged files of the others are put in place and recorded."""
    from builder.build import JobsFailed
    from builder.outputs import LOCK_NAME, read_manifest
    from builder.writers.base import WriterError
    from builder.writers.html import Writer

    staged = []

    def fails(self, course, lang, options):  # the cheapest job runs last: the others are staged by now
        staged.extend(path.name for path in tmp_path.rglob(".*.part"))
        raise WriterError("cannot make this page")
    monkeypatch.setattr(Writer, "write", fails)
    with pytest.raises(JobsFailed, match="html \\(en-GB\\): cannot make this page"):
        run(mini_course, tmp_path / "out", tmp_path / "cache", formats=["braille", "docx", "html"])
    assert staged and any(".docx." in name for name in staged)
    written = sorted(p.relative_to(tmp_path / "out").as_posix() for p in (tmp_path / "out").rglob("*")
                     if p.is_file() and p.name != LOCK_NAME)  # the empty file that holds the folder for one build
    assert written == ["index.html", "manifest.json", "participant/en-GB/mini-course-en-gb-braille-ueb-g2-proof.html",
                       "participant/en-GB/mini-course-en-gb-braille-ueb-g2.brf",
                       "participant/en-GB/mini-course-en-gb-braille-ueb-g2.pef",
                       "participant/en-GB/mini-course-en-gb.docx"]  # no page
    assert sorted(read_manifest(tmp_path / "out")) == [name for name in written
                                                       if name not in ("index.html", "manifest.json")]


def with_a_diagram(content: Path) -> Path:
    """The course with an SVG diagram (as SVG-Edit saves it) in its second module, on line 5."""
    from tests import svg_samples

    (content / "images" / "steps.svg").write_text(svg_samples.svg_edit(), encoding="utf-8")
    module = content / "02-second.md"
    lines = module.read_text().splitlines()
    module.write_text("\n".join(lines[:3] + ["", "![Steps to saying no](images/steps.svg)", ""] + lines[3:]) + "\n")
    return content


def broken_drawing(monkeypatch) -> None:
    """CairoSVG stops on something in the picture, as it did on stroke-opacity="null" (a fault in a library
    that no writer expects): raised where the Word writer draws the diagram."""
    def stops(svg: str, width_px: int):
        return float("null")
    monkeypatch.setattr("builder.writers.word.drawing._drawing", stops)


@pytest.mark.parametrize("jobs_count", [1, 2])
def test_an_unexpected_error_in_a_writer_fails_its_job_and_the_other_formats_are_written(
        mini_course, tmp_path, monkeypatch, jobs_count):
    from builder.build import JobsFailed
    from builder.outputs import read_manifest

    content, out = with_a_diagram(mini_course), tmp_path / "out"
    run(content, out, tmp_path / "cache", formats=["html", "docx", "braille"])
    before = read_manifest(out)
    docx = (version_folder(out, "en-GB") / "mini-course-en-gb.docx").read_bytes()
    module = content / "02-second.md"
    module.write_text(module.read_text().replace("The end.", "The very end."))
    broken_drawing(monkeypatch)

    with pytest.raises(JobsFailed) as failed:  # (a cache of its own: the first build's drawing is not drawn again)
        run(content, out, tmp_path / "cache-2", formats=["html", "docx", "braille"], jobs_count=jobs_count)

    [problem] = failed.value.problems
    assert (Path(problem.path).name, problem.line, problem.code) == ("02-second.md", 5, "format.failed")
    assert problem.message.startswith("docx (en-GB): picture 'images/steps.svg': unexpected error in the writer "
                                      "(ValueError: could not convert string to float: 'null')")
    assert "\n" not in str(problem) and "Traceback" not in str(problem)
    result = failed.value.result
    assert {row.label: row.status for row in result.jobs} == {
        "html (en-GB)": "built", "docx (en-GB)": "failed", "braille (en-GB)": "built"}
    after = read_manifest(out)
    html, word = "participant/en-GB/mini-course-en-gb.html", "participant/en-GB/mini-course-en-gb.docx"
    assert "The very end." in (out / html).read_text()
    assert after[html] != before[html]  # recorded as written now
    assert after[word] == before[word]  # the failed job's: as it was
    assert (out / word).read_bytes() == docx
    assert sorted(after) == sorted(before) and not list(out.rglob(".*.part"))

    monkeypatch.undo()
    again = run(content, out, tmp_path / "cache", formats=["html", "docx", "braille"])
    assert {row.label: row.status for row in again.jobs} == {
        "html (en-GB)": "up to date", "docx (en-GB)": "built", "braille (en-GB)": "up to date"}


def test_the_command_line_names_the_failed_format_in_one_line_and_exits_1(run_cli, mini_course, tmp_path,
                                                                            monkeypatch):
    content = with_a_diagram(mini_course)
    broken_drawing(monkeypatch)
    args = ("build", "--content", str(content), "--output", str(tmp_path / "out"), "--cache",
            str(tmp_path / "cache"), "--formats", "html,docx", "--jobs", "1")
    code, _, stderr = run_cli(*args)
    assert code == 1 and "Traceback" not in stderr
    [line] = [line for line in stderr.splitlines() if "[format.failed]" in line]
    assert re.fullmatch(r"\S*02-second\.md:5: error: docx \(en-GB\): picture 'images/steps\.svg': unexpected "
                        r"error in the writer \(ValueError: could not convert string to float: 'null'\): please "
                        r"report it \(ATB_DEBUG=1 shows where\) \[format\.failed\]", line), line
    assert (version_folder(tmp_path / "out", "en-GB") / "mini-course-en-gb.html").is_file()
    assert not (version_folder(tmp_path / "out", "en-GB") / "mini-course-en-gb.docx").exists()

    monkeypatch.setenv("ATB_DEBUG", "1")
    code, _, stderr = run_cli(*args)
    assert code == 1 and "Traceback" in stderr and 'float("null")' in stderr  # where, for a developer


def test_the_closing_table_shows_the_failed_format_and_what_was_written(run_cli, mini_course, tmp_path, monkeypatch):
    content = with_a_diagram(mini_course)
    broken_drawing(monkeypatch)
    code, stdout, stderr = run_cli("build", "--content", str(content), "--output", str(tmp_path / "out"), "--cache",
                                   str(tmp_path / "cache"), "--formats", "html,docx", "--jobs", "1")
    assert code == 1 and "nothing was built" not in stderr
    assert re.search(r"html \(en-GB\) +built ", stdout) and re.search(r"docx \(en-GB\) +failed ", stdout), stdout
    assert "Wrote 1 file(s)" in stdout and "participant/en-GB/mini-course-en-gb.html" in stdout


def test_workers_stage_their_own_files_and_send_back_only_records(mini_course, tmp_path):
    """With worker processes, a job's bytes never travel back to the build: it stages its files itself."""
    from functools import partial

    from builder.build import _stage, versions
    from builder.course import load_course
    from builder.jobs import plan
    from builder.pool import Task, run_tasks

    course, _ = load_course(mini_course)
    planned = plan(course, ["html", "braille"], ["en-GB"], ["participant"], {}, False)
    out = tmp_path / "out"
    localised = versions(course, [job.course_key for job in planned], False)
    stage = partial(_stage, output_dir=out, slug=course.config.slug)
    done = [outcome for _, outcome in run_tasks([Task(job, localised[job.course_key], stage) for job in planned],
                                                 None, 2, lambda line: None, None)]
    assert len(done) == 2 and all(outcome.outputs == [] and outcome.staged for outcome in done)
    temporaries = sorted(item.temporary for outcome in done for item in outcome.staged)
    assert temporaries == sorted(out.rglob(".*.part")) and all(path.stat().st_size for path in temporaries)


def test_a_build_prunes_the_cache_of_what_no_build_used_for_a_month(run_cli, mini_course, tmp_path):
    out, kept = tmp_path / "out", tmp_path / "cache"
    args = ("build", "--content", str(mini_course), "--cache", str(kept), "--formats", "large-print,audio")
    assert run_cli(*args, "--output", str(out))[0] == 0
    month_ago = time.time() - 40 * 86400
    for path in [path for path in kept.rglob("*") if path.is_file()]:  # as if the last build was long ago
        os.utime(path, (month_ago, month_ago))
    name = "ab" + "0" * 62
    stale = kept / "large-print" / "ab" / f"{name}.pdf"  # a part of a module since changed
    stale.parent.mkdir(parents=True, exist_ok=True)
    stale.write_bytes(b"%PDF-1.7 an old part")
    os.utime(stale, (month_ago, month_ago))

    code, stdout, _ = run_cli(*args, "--output", str(tmp_path / "again"))  # every part taken from the cache

    assert code == 0 and not stale.exists()
    assert re.search(r"Cache: removed \d+ file\(s\) \(.*\) that no build had used for 30 days", stdout)
    left = sorted(path for path in kept.rglob("*") if path.is_file())
    assert left and all(path.stat().st_mtime > time.time() - 3600 for path in left)  # the used ones
    # (the first build's layout of the contents before its page numbers were known is gone too: unused)
    code, stdout, _ = run_cli(*args, "--output", str(tmp_path / "third"))
    assert sorted(path for path in kept.rglob("*") if path.is_file()) == left  # nothing had to be laid out again
    made = [path.read_bytes() for path in version_folder(tmp_path / "third", "en-GB").glob("*.pdf")]
    assert code == 0 and "Cache:" not in stdout
    assert made and made == [path.read_bytes() for path in version_folder(out, "en-GB").glob("*.pdf")]
