"""Hardening (issue 38): trainer text reaches participants by no route (a note or a link address written
inside a trainer box goes with the box, in every format and in what translators are asked), a title from
outside the builder stays on one line, and a build killed while it puts files in place is finished by the next."""

import os
from pathlib import Path

from builder.course import load_course
from builder.editions import select
from builder.locale import locale_for
from builder.translation.segments import course_segments
from builder.walk import nodes
from builder.writers import get, names
from tests.conftest import COURSE_TOML, version_folder

TOML = ('[course]\ntitle = "Leak"\norganisation = "Org"\nlanguage = "en-GB"\n'
        'formats = ["html", "docx", "braille", "large-print"]\neditions = ["participant", "trainer"]\n')
MODULE = """# A

Participant text with a note.[^secret] And a [useful page][ref].

::: trainer
Trainer text.

[^secret]: Hushhush the trainer's own footnote.

[ref]: https://secret.example/hushhush
:::

An answer-free paragraph with [an address](https://open.example/) written in it.
"""


def _text(course) -> str:
    """Every word and address in the course's modules and their notes."""
    from builder.model import Link, Text

    return " ".join(node.text if isinstance(node, Text) else node.href for node in nodes(course)
                    if isinstance(node, (Text, Link)))


def test_a_note_or_address_inside_a_trainer_box_stays_with_it(course_dir):
    content = course_dir({"01-a.md": MODULE}, course_toml=TOML)
    course, problems = load_course(content)
    codes = {p.code: p.line for p in problems.warnings}
    assert codes["note.trainer-only"] == 3 and codes["link.trainer-only"] == 3
    participant, trainer = select(course, "participant"), select(course, "trainer")
    assert "hushhush" not in _text(participant).lower() and "useful page" in _text(participant)
    assert "Hushhush" in _text(trainer) and "secret.example/hushhush" in _text(trainer)
    assert participant.modules[0].notes == [] and "open.example" in _text(participant)
    for name in names():
        if name in ("html", "docx", "braille"):
            for made in get(name).write(participant, locale_for("en-GB"), course.config.format_options[name]):
                assert b"hushhush" not in made.data.lower(), (name, made.path)
    asked = [segment for segment in course_segments(select(course, "trainer")) if "Hushhush" in segment.text]
    assert asked and all(segment.trainer for segment in asked)  # translators see it marked for the trainer


def test_a_line_break_in_a_title_never_adds_a_line_to_a_playlist_tag_or_script(course_dir, run_cli, tmp_path):
    """Front matter and translations are text from outside: a title with a line break (or a PO entry with
    one) must not forge a playlist entry, an ID3 title or a line of the audio script (finding 6)."""
    import polib
    from mutagen.id3 import ID3

    from builder.build import build

    toml = TOML.replace('formats = ["html", "docx", "braille", "large-print"]', 'formats = ["audio"]') \
        .replace('editions = ["participant", "trainer"]', 'translations = ["pl"]')
    content = course_dir({"01-a.md": '---\ntitle: "Saying no\\n#EXTINF:1,https://evil.example/a.mp3"\n---\n\n'
                                      "Say it calmly.\n"}, course_toml=toml)
    assert run_cli("translate", "--to", "pl", "--engine", "none", "--content", str(content))[0] == 0
    catalogue = polib.pofile(str(content / "translations" / "pl.po"))
    for entry in catalogue:
        entry.msgstr = "Powiedz spokojnie." if "calmly" in entry.msgid else \
            "Odmowa\n#EXTINF:1,https://evil.example/b.mp3\nhttps://evil.example/c.mp3"
    catalogue.save()
    build(content, tmp_path / "out", formats=["audio"])
    for lang in ("en-GB", "pl"):
        folder = version_folder(tmp_path / "out", lang)
        playlist = next((folder / "audio").glob("*.m3u8")).read_text(encoding="utf-8")
        assert "evil" not in "".join(line for line in playlist.splitlines() if not line.startswith("#"))
        assert all(line.startswith(("#EXTM3U", "#PLAYLIST:", "#EXTINF:")) or line.endswith(".mp3")
                   for line in playlist.splitlines()), playlist
        assert len([line for line in playlist.splitlines() if line.startswith("#EXTINF")]) == 2
        for track in (folder / "audio").glob("*.mp3"):
            tags = ID3(track)
            assert "\n" not in str(tags["TIT2"]) and "\n" not in str(tags["TALB"])
        script = next(folder.glob("*-audio-script.txt")).read_text(encoding="utf-8")
        assert not any(line.startswith(("https://", "#EXTINF")) for line in script.splitlines())


KILL_AT_RENAME = """
import os, sys
from pathlib import Path
import builder.build
real = os.replace
def replace(source, target, *args, **kwargs):
    if not str(target).endswith("manifest.json"):
        os._exit(9)  # killed while the first of a job's files is being put in place
    return real(source, target, *args, **kwargs)
builder.build.os.replace = replace
from builder.build import build
build(Path(sys.argv[1]), Path(sys.argv[2]), formats=["audio"], jobs_count=1)
"""


def test_a_build_killed_while_putting_files_in_place_is_finished_by_the_next(course_dir, tmp_path):
    """A kill during the renames used to leave the manifest saying the job was made from the new sources
    while some of its files were old or missing: every later build called it up to date (finding 5)."""
    import hashlib
    import json
    import subprocess
    import sys

    from builder.build import build

    toml = TOML.replace('formats = ["html", "docx", "braille", "large-print"]', 'formats = ["audio"]')
    content = course_dir({"01-a.md": "# A\n\nThe first module.\n", "02-b.md": "# B\n\nThe second module.\n"},
                         course_toml=toml)
    out = tmp_path / "out"
    build(content, out, formats=["audio"])
    (content / "02-b.md").write_text("# B\n\nThe second module, changed.\n", encoding="utf-8")
    killed = subprocess.run([sys.executable, "-c", KILL_AT_RENAME, str(content), str(out)],
                            cwd=Path(__file__).resolve().parent.parent, capture_output=True, text=True, timeout=300)
    assert killed.returncode == 9, killed.stderr[-500:]
    build(content, out, formats=["audio"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    scripts = [path.read_text(encoding="utf-8") for path in out.rglob("*-audio-script.txt")]
    assert scripts and all("changed" in script for script in scripts)


def test_links_to_trainer_text_and_trainer_like_box_names_stay_with_the_trainer(course_dir):
    module = ("# A\n\n::: trainer\n## Steps\n\nHidden steps.\n:::\n\nSee [the steps](#steps).\n\n"
              "::: model-answer\nThe answer is hushhush.\n:::\n\n::: trainer-briefing\nBriefing hushhush.\n:::\n")
    course, problems = load_course(course_dir({"01-a.md": module}, course_toml=TOML))
    assert [p.code for p in problems.warnings if p.line == 9] == ["link.trainer-only"]
    assert [p.code for p in problems.warnings if p.code == "box.guessed"] == ["box.guessed", "box.guessed"]
    participant = select(course, "participant")
    assert "hushhush" not in _text(participant).lower() and "the steps" in _text(participant)
    html = get("html").write(participant, locale_for("en-GB"), course.config.format_options["html"])[0].data
    assert b'href="#01-a-steps"' not in html and b"the steps" in html
    assert b'href="#01-a-steps"' in get("html").write(select(course, "trainer"), locale_for("en-GB"),
                                                      course.config.format_options["html"])[0].data


def test_toml_nested_thousands_deep_is_an_error_not_a_crash(course_dir, run_cli):
    """3,000 nested lists in course.toml or pronunciations.toml made tomllib run out of stack: a traceback
    (issue 38, finding 4)."""
    deep = "[" * 3000 + "]" * 3000
    content = course_dir({"01-a.md": "# A\n"}, course_toml=TOML + f"x = {deep}\n")
    (content / "pronunciations.toml").write_text(f"[en]\nNHS = {deep}\n", encoding="utf-8")
    code, out, err = run_cli("check", "--content", str(content))
    assert code == 1 and "Traceback" not in out + err
    assert "course.toml: error: not valid TOML: lists or tables nested too deep" in err
    assert "pronunciations.toml: error: not valid TOML: lists or tables nested too deep" in err


def test_a_second_build_into_the_same_folder_stops_or_waits_and_never_undoes_the_first(course_dir, tmp_path,
                                                                                        run_cli):
    """Two builds into one folder took away each other's staged files and the first failed with a message
    about disk space (issue 38, finding 7): the folder is held by one build at a time."""
    import threading
    import time as clock

    from builder.outputs import one_build_at_a_time

    content = course_dir({"01-a.md": "# A\n\nText.\n"}, course_toml=TOML)
    out = tmp_path / "out"
    out.mkdir()
    held, release = threading.Event(), threading.Event()

    def first_build() -> None:
        with one_build_at_a_time(out):
            held.set()
            release.wait(30)

    holder = threading.Thread(target=first_build)
    holder.start()
    held.wait(10)
    code, _, err = run_cli("build", "--content", str(content), "--output", str(out), "--formats", "html")
    assert code == 1 and "another build" in err and "is writing to" in err and "--wait" in err and "disk" not in err
    assert f"(process {os.getpid()})" in err  # which process holds it (this test's own, here)
    assert not version_folder(out, "en-GB").exists()  # it wrote nothing
    threading.Timer(0.5, release.set).start()
    started = clock.monotonic()
    code, _, err = run_cli("build", "--content", str(content), "--output", str(out), "--formats", "html", "--wait")
    assert code == 0 and "waiting for it to finish" in err and clock.monotonic() - started >= 0.4
    holder.join()
    assert (version_folder(out, "en-GB") / "leak-en-gb.html").is_file()


def test_a_front_matter_duration_that_is_not_a_time_is_a_warning(course_dir):
    """`duration: 90 minuets` was printed as written and left out of the plan without a word (finding 7)."""
    course, problems = load_course(course_dir({"01-a.md": "---\nduration: 90 minuets\n---\n# A\n"}, course_toml=TOML))
    assert [(p.line, p.code) for p in problems.warnings] == [(2, "plan.duration")]
    assert course.modules[0].duration == "90 minuets" and course.modules[0].duration_minutes is None


def test_participants_headings_take_their_anchors_before_hidden_ones(course_dir):
    """A participant heading's id ending `-2` told that a hidden heading with the same words came first
    (finding 1): participants' headings are numbered first, the trainer's after."""
    module = ("# A\n\n::: trainer\n## Steps\n\nHidden.\n:::\n\n::: trainer\n### Steps\n:::\n\n## Steps\n\n"
              "Shown.\n\n::: exercise\n## Steps\n\nTry it.\n:::\n")
    course, _ = load_course(course_dir({"01-a.md": module}, course_toml=TOML))
    html = get("html").write(select(course, "participant"), locale_for("en-GB"),
                             course.config.format_options["html"])[0].data.decode()
    assert 'id="01-a-steps"' in html and 'id="01-a-steps-2"' in html and "01-a-steps-3" not in html
    trainer = get("html").write(select(course, "trainer"), locale_for("en-GB"),
                                course.config.format_options["html"])[0].data.decode()
    assert trainer.index('id="01-a-steps-3"') < trainer.index('id="01-a-steps"')  # the hidden ones, numbered last


def test_many_equal_headings_are_numbered_in_linear_time(course_dir):
    """150,000 equal headings each looked for a free number from 1 (finding 4)."""
    import gc
    import time

    from builder.course import read_course

    def seconds(count: int) -> float:
        """The quickest of three reads: the least disturbed by other work on the machine."""
        content = course_dir({"01-a.md": "# A\n\n" + "## Same\n\n" * count}, course_toml=TOML)
        times = []
        gc.collect()
        gc.disable()  # the algorithm is measured, not collections of whatever earlier tests left in this process
        try:
            for _ in range(3):
                started = time.perf_counter()
                read_course(content)
                times.append(time.perf_counter() - started)
        finally:
            gc.enable()
        return min(times)

    small, large = seconds(2_000), seconds(8_000)
    assert large < 8 * small, (small, large)  # linear: about 4 times; the old loop took 13 times


def test_names_too_long_for_a_disk_are_errors_at_their_file_and_a_long_title_is_shortened(course_dir):
    """A build named files after the slug and the modules and stopped half-way with "File name too long":
    `check` (and so any build) now says which file or setting to shorten; a long title gives a slug of its
    first words."""
    from builder.course import read_course
    long_title = "A course " + "about saying what you need " * 10
    content = course_dir({"01-a.md": "# A\n\nText.\n", f"02-{'b' * 240}.md": "# B\n\nText.\n"},
                         course_toml=COURSE_TOML.replace('title = "Test Course"', f'title = "{long_title.strip()}"'))
    course, problems = read_course(content)
    assert course.config.slug == "a-course-about-saying-what-you-need-about-saying-what-you"
    [error] = [p for p in problems.items if p.code == "module.name-too-long"]
    assert error.path.endswith(f"02-{'b' * 240}.md") and "too long for the audio files" in error.message
    course, problems = read_course(course_dir({"01-a.md": "# A\n"}, course_toml=COURSE_TOML.replace(
        '[course]\n', f'[course]\nslug = "{"c" * 230}"\n', 1)))
    assert any("set a shorter slug" in p.message for p in problems.items if p.is_error)


def test_modules_numbered_in_arabic_indic_digits_get_ascii_slugs_and_a_valid_epub(course_dir, tmp_path):
    """٠١ and ٠٢ are 1 and 2: the modules keep their order, and their names (EPUB file names and ids) are
    01-... and 02-...; they collided in the EPUB's manifest and EPUBCheck refused the book."""
    from builder.build import build
    from builder.course import read_course
    content = course_dir({"٠١-پہلا.md": "# پہلا\n\nمتن۔\n", "٠٢-دوسرا.md": "# دوسرا\n\nمتن۔\n"},
                         course_toml=COURSE_TOML.replace('language = "en-GB"', 'language = "ur"'))
    course, _ = read_course(content)
    assert [module.slug[:3] for module in course.modules] == ["01-", "02-"]
    assert all(module.slug.isascii() for module in course.modules) and len({m.slug for m in course.modules}) == 2
    result = build(content, tmp_path / "out", formats=["epub"], report=lambda line: None, cache_dir=tmp_path / "c")
    [book] = [entry.path for entry in result.built if entry.path.endswith(".epub")]
    import subprocess
    checked = subprocess.run(["java", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar",
                              "/usr/share/java/epubcheck.jar", "-q", str(tmp_path / "out" / book)],
                             capture_output=True, text=True, timeout=300)
    assert checked.returncode == 0 and "ERROR" not in checked.stdout + checked.stderr, checked.stdout[-2000:]


def test_a_note_that_ends_with_a_box_keeps_the_box_and_says_nothing_about_anchors(course_dir, tmp_path):
    """A footnote holding a box (its last block) gave "'footnote_anchor' is not a kind of Markdown"; the box
    is the note's, in every format."""
    from builder.build import build
    content = course_dir({"01-a.md": "# A\n\nText[^1].\n\n[^1]: A note.\n\n    ::: tip\n    Inside the tip.\n"
                                     "    :::\n"})
    result = build(content, tmp_path / "out", formats=["html"], report=lambda line: None)
    assert [p.code for p in result.warnings] == []
    page = (version_folder(tmp_path / "out", "en-GB") / "test-course-en-gb.html").read_text(encoding="utf-8")
    notes = page[page.index('class="notes"'):]
    assert "A note." in notes and "Inside the tip." in notes and "box-tip" in notes


def test_builds_killed_at_random_moments_are_finished_by_the_next_to_match_their_sources(course_dir, tmp_path,
                                                                                          monkeypatch):
    """A seeded loop of builds, each killed (SIGKILL) at a random moment after an edit, then one left to finish:
    every file the manifest names matches its checksum, and every file equals what a fresh build of the same
    course makes (finding 5: one random kill in 22 left the audio "up to date" with the old recording)."""
    import hashlib
    import json
    import random
    import signal
    import subprocess
    import sys
    import time

    from builder.build import build

    toml = TOML.replace('formats = ["html", "docx", "braille", "large-print"]', 'formats = ["html", "braille", "audio"]')
    modules = {"01-a.md": "# A\n\nThe first module.\n", "02-b.md": "# B\n\nThe second module.\n",
               "03-c.md": "# C\n\nThe third module.\n"}
    content = course_dir(modules, course_toml=toml)
    out, cache = tmp_path / "out", tmp_path / "cache"
    command = [sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(out),
               "--cache", str(cache), "--jobs", "2"]
    root = Path(__file__).resolve().parent.parent
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764115200")  # the same dates in the killed builds and the fresh one
    subprocess.run(command, cwd=root, check=True, capture_output=True, timeout=300)
    chance = random.Random(22)
    for round_number in range(4):
        name = chance.choice(sorted(modules))
        (content / name).write_text(f"# {name[3].upper()}\n\nEdited in round {round_number}.\n", encoding="utf-8")
        running = subprocess.Popen(command, cwd=root, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(chance.uniform(0.5, 3.0))  # a build of this course takes about 3 s: anywhere in it
        running.send_signal(signal.SIGKILL)
        running.wait(timeout=30)

    def left_running() -> list[str]:  # processes of the killed builds (workers, liblouis's) still there
        found = []
        for process in Path("/proc").iterdir():
            try:
                line = (process / "cmdline").read_bytes() if process.name.isdigit() else b""
            except OSError:
                continue
            if str(content).encode() in line:
                found.append(process.name)
        return found

    deadline = time.monotonic() + 15
    while left_running() and time.monotonic() < deadline:
        time.sleep(0.1)
    assert left_running() == []  # a liblouis child once waited for ever on a pipe it held both ends of
    finished = subprocess.run(command, cwd=root, capture_output=True, text=True, timeout=300)
    assert finished.returncode == 0, finished.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    for entry in manifest["files"]:
        assert hashlib.sha256((out / entry["path"]).read_bytes()).hexdigest() == entry["sha256"], entry["path"]
    fresh = tmp_path / "fresh"
    build(content, fresh, report=lambda line: None)
    made = {entry["path"]: entry["sha256"] for entry in manifest["files"]}
    expected = {entry["path"]: entry["sha256"]
                for entry in json.loads((fresh / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert made == expected  # the killed-and-finished folder holds exactly what the sources make now


HOSTILE_LINES = {  # each was quadratic on one long line (issue 38, finding 4): 80,000 characters took 8 to 100 s
    "a heading padded with spaces before a brace": lambda n: "# Title" + " " * n + "{x\n",
    "Liquid openings {% without an end": lambda n: "# A\n\n" + "{% " * (n // 3) + "\n",
    "Liquid openings {{ without an end": lambda n: "# A\n\n" + "{{ " * (n // 3) + "\n",
    "one Liquid opening and a long name": lambda n: "# A\n\n{% " + "x" * n + "\n",
    "a run of braces": lambda n: "# A\n\n" + "{" * n + "\n",
    "a run of letters": lambda n: "# A\n\n" + "a" * n + "\n",
    "letters and dots": lambda n: "# A\n\n" + "a." * (n // 2) + "\n",
    "letters and at signs": lambda n: "# A\n\n" + "a@" * (n // 2) + "\n",
}


def test_reading_and_checking_a_hostile_line_grows_linearly_with_its_length(course_dir):
    """`check` (reading and every check) on each hostile line at 1x and 4x its length must take under 8 times
    as long (linear is 4): a ratio, not an absolute time, so a busy machine does not decide it."""
    import time

    from builder.course import read_course
    from builder.review import every_problem

    def seconds(markdown: str) -> float:
        content = course_dir({"01-a.md": markdown})
        times = []
        for _ in range(3):  # the quickest of three: the least disturbed by other work on the machine
            started = time.perf_counter()
            course, problems = read_course(content)
            every_problem(course, problems)
            times.append(time.perf_counter() - started)
        return min(times)

    for name, shape in HOSTILE_LINES.items():
        small, large = seconds(shape(10_000)), seconds(shape(40_000))
        assert large < 8 * max(small, 0.05), (name, small, large)  # quadratic was 16 times


def test_liquid_tags_are_found_as_the_regular_expression_found_them():
    """The one-pass scanner finds the same tags as the expression it replaced, on 20,000 seeded random texts."""
    import random
    import re

    from builder.reader.dialects.kramdown import liquid_spans

    expression = re.compile(r"\{%-?\s*(\w+)([^%]*?)-?%\}|\{\{(.*?)\}\}")
    chance = random.Random(38)
    pieces = ["{%", "%}", "{{", "}}", " ", "x", "-", "%", "\n", "name", "{", "}", "a b"]
    for _ in range(20_000):
        text = "".join(chance.choice(pieces) for _ in range(chance.randint(0, 14)))
        assert liquid_spans(text) == [found.span() for found in expression.finditer(text)], text


def test_addresses_are_left_out_of_the_writing_checks_as_before():
    from builder.check import without_addresses

    for text, expected in [("Email jo@samaritans.org today", "Email   today"), ("see www.mind.org.uk/help now", "see   now"),
                           ("visit https://x.org/a?b", "visit  "), ("e.g. the NHS.", "e.g. the NHS."), ("a@b", "a@b")]:
        assert without_addresses(text) == expected


def test_a_trainer_class_anywhere_in_a_box_keeps_it_from_participants(course_dir):
    """`::: {.note .trainer}` was a note for everyone: the red team's second pass found it (issue 38)."""
    course, _ = load_course(course_dir({"01-a.md": "# A\n\n::: {.note .trainer}\nSECRETCLASSLIST\n:::\n\n"
                                                  "::: {.tip .solution}\nHIDDENANSWER\n:::\n"}, course_toml=TOML))
    participants = select(course, "participant")
    assert "SECRETCLASSLIST" not in _text(participants) and "HIDDENANSWER" not in _text(participants)
    assert "SECRETCLASSLIST" in _text(select(course, "trainer"))


def test_a_picture_word_cannot_draw_is_an_error_at_its_line_and_the_other_formats_are_made(course_dir, tmp_path):
    """Uses that point at each other made CairoSVG recurse without end (Word's job said "unexpected error") and
    WeasyPrint give up (large print named a file in memory at course.toml)."""
    import pytest

    from builder.build import JobsFailed, build

    looping = ('<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" viewBox="0 0 9 9">'
               '<defs><g id="a"><use href="#b"/></g><g id="b"><use href="#a"/></g></defs><use href="#a"/>'
               '<rect width="5" height="5"/></svg>')
    content = course_dir({"01-a.md": "# A\n\nText.\n\n![A loop](images/loop.svg)\n"}, course_toml=TOML)
    (content / "images").mkdir()
    (content / "images" / "loop.svg").write_text(looping, encoding="utf-8")
    with pytest.raises(JobsFailed) as failed:
        build(content, tmp_path / "out", formats=["docx", "html", "large-print"], editions=["participant"],
              report=lambda line: None)
    word, large_print = sorted(failed.value.problems, key=lambda problem: problem.message)
    assert {(Path(problem.path).name, problem.line) for problem in (word, large_print)} == {("01-a.md", 5)}
    assert "picture 'images/loop.svg' could not be drawn for Word (RecursionError): simplify it" in word.message
    assert "picture 'images/loop.svg' could not be drawn in large print: simplify it" in large_print.message
    assert (version_folder(tmp_path / "out", "en-GB") / "leak-en-gb.html").is_file()


def test_finding_addresses_and_left_to_right_pieces_grows_linearly_with_a_lines_length():
    """The address pattern the audio and print use took 155 s on 80,000 characters of `a.` (each start tried
    against the rest of the run), and an unclosed bracket in Urdu text likewise: 1x and 4x, ratio under 8."""
    import time

    from builder.text import ADDRESS, left_to_right_spans

    def seconds(work) -> float:
        times = []
        for _ in range(3):
            started = time.perf_counter()
            work()
            times.append(time.perf_counter() - started)
        return min(times)

    shapes = {"letters": lambda n: "a" * n, "letters and dots": lambda n: "a." * (n // 2),
              "www.": lambda n: "www." * (n // 4), "an unclosed bracket in Urdu": lambda n: "ا (" + "a" * n}
    for name, shape in shapes.items():
        small = seconds(lambda: (list(ADDRESS.finditer(shape(20_000))), left_to_right_spans(shape(20_000))))
        large = seconds(lambda: (list(ADDRESS.finditer(shape(80_000))), left_to_right_spans(shape(80_000))))
        assert large < 8 * max(small, 0.01), (name, small, large)


def test_building_a_hostile_line_grows_linearly_with_its_length(course_dir, tmp_path):
    """`build` (web page, Word and braille: every writer that meets the line whole) on each hostile line at 1x
    and 4x its length: the time over a one-word module's must grow under 8 times (linear is 4)."""
    import time

    from builder.build import build

    runs = iter(range(1_000_000))

    def seconds(markdown: str) -> float:
        content = course_dir({"01-a.md": markdown})
        times = []
        for _ in range(2):  # the quicker of two, each into a new folder: every job runs
            started = time.perf_counter()
            build(content, tmp_path / f"out{next(runs)}", ["html", "docx", "braille"], report=lambda line: None)
            times.append(time.perf_counter() - started)
        return min(times)

    base = seconds("# A\n\nWord.\n")
    for name, shape in HOSTILE_LINES.items():
        small, large = seconds(shape(10_000)) - base, seconds(shape(40_000)) - base
        assert large < 8 * max(small, 0.05), (name, base, small, large)
