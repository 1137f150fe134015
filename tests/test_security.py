"""Untrusted content, faults and reproducible builds: each promise in the README's "Security and
reliability" section has its test here."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from builder import writers
from builder.build import build
from builder.catalogue import INDEX_NAME
from builder import walk
from builder.course import load_course, read_course
from builder.model import Figure, plain_text
from builder.outputs import read_manifest, sha256
from builder.problems import ContentError
from tests import readback
from tests.conftest import COURSE_TOML, ROOT, png_bytes, version_folder

SECRET = "TOP-SECRET-7f3a9c"


@pytest.fixture
def secret(tmp_path) -> Path:
    """A file outside the course that no output may ever contain."""
    path = tmp_path / "secret.txt"
    path.write_text(SECRET)
    return path


ATTACKS = {
    "raw img tag": ('<img src="file://{secret}">', "html.unsafe"),
    "raw script": ("<script>alert(1)</script>", "html.unsafe"),
    "raw style sheet": ("<style>body {{ background: url(file://{secret}) }}</style>", "html.unsafe"),
    "style attribute": ('Text\n{{style="background: url(file://{secret})"}}', None),  # how text looks: ignored
    "event handler attribute": ('Text\n{{onclick="alert(1)"}}', "html.unsafe"),
    "html event handler": ('<p onclick="alert(1)" style="background: url(file://{secret})">Text</p>', "html.unsafe"),
    "iframe": ('<iframe src="file://{secret}"></iframe>', "html.unsafe"),
    "object": ('<object data="file://{secret}"></object><embed src="file://{secret}">', "html.unsafe"),
    "base and meta refresh": ('<base href="file:///"><meta http-equiv="refresh" content="0; url=file://{secret}">',
                              "html.unsafe"),
    "html javascript link": ('<a href="javascript:alert(1)">click</a> <a href=" JaVaScRiPt:alert(1)">again</a>',
                             "html.unsafe"),
    "javascript link": ("[click](javascript:alert(1))", "link.scheme"),
    "file link": ("[secret](file://{secret})", "link.scheme"),
    "dotdot image": ("![x](../../../../../../..{secret})", "image.outside"),
    "absolute image": ("![x]({secret})", "image.outside"),
    "etc hostname image": ("![x](/etc/hostname)", "image.outside"),
    "url image": ("![x](https://example.org/a.png)", "image.url"),
    "file url image": ("![x](file://{secret})", "image.url"),
    "wikilink out": ("![[../../../../..{secret}]] and [[../../secret]]", "link.outside"),
    "directive out": ("```{{literalinclude}} ../../../../..{secret}\n```\n\n```{{include}} /etc/hostname\n```",
                      "link.outside"),
}
NEVER = ("<script", "<iframe", "<object", "<embed", "<base", "http-equiv", "javascript:", "onclick", "file://",
         "alert(1)")


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_is_left_out_reported_and_no_secret_reaches_an_output(name, course_dir, secret, tmp_path):
    """What could run or fetch something is left out of every format with a warning naming its line; the rest
    of the module is built; no output holds the secret, a script, a frame or a `javascript:` address."""
    markdown, code = ATTACKS[name]
    content = course_dir({"01-a.md": "# A\n\n" + markdown.format(secret=secret) + "\n\nThe end.\n"})
    result = build(content, tmp_path / "out", formats=["html", "large-print", "docx", "braille", "epub"],
                   report=lambda s: None)
    if code:
        assert (3, code) in {(p.line, p.code) for p in result.warnings}, result.warnings
    for path in (tmp_path / "out").rglob("*"):
        if path.is_file():
            text = readback.text(path)
            assert SECRET not in text, path
            # (the index page lists the versions, not their words)
            assert "The end." in text or path.suffix not in readback.READABLE or path.name == INDEX_NAME, path
            raw = path.read_bytes()
            assert SECRET.encode() not in raw
            if path.suffix in (".html", ".epub"):
                words = readback.text(path) if path.suffix == ".epub" else raw.decode("utf-8")
                assert not [bad for bad in NEVER if bad in words.lower()], (path, name)


def test_symlink_out_of_the_course_is_refused_and_special_files_are_not_read(course_dir, secret, tmp_path):
    content = course_dir({"01-a.md": "# A\n\n![x](images/link.png)\n\n![y](images/fifo.png)\n"})
    (content / "images").mkdir()
    (content / "images" / "link.png").symlink_to(secret)
    os.mkfifo(content / "images" / "fifo.png")
    with pytest.raises(ContentError) as caught:
        load_course(content)
    errors = [str(p) for p in caught.value.problems if p.is_error]
    assert len(errors) == 1 and "'images/link.png' is outside the content folder" in errors[0], errors
    assert any("'images/fifo.png' is not a file" in str(p) for p in caught.value.problems if not p.is_error)


@pytest.mark.parametrize("data, message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><image href='file:///etc/passwd'/></svg>", "has a picture inside it, which is not allowed"),
    (b"not really a picture", "is not a PNG, JPEG, GIF or SVG picture"),
    (png_bytes(10000, 5000)[:33], "10000 x 5000 pixels"),
    (png_bytes(40, 40)[:-12], r"is damaged \(cut short or corrupt\)"),  # no IEND: Word's reader stops there
    (png_bytes(40, 40)[:60], r"is damaged \(cut short or corrupt\)"),
    (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xc0\x00\x11\x08\x00\x10"
     b"\x00\x10\x03\x01\x22\x00\x02\x11\x01\x03\x11\x01", r"is damaged \(cut short or corrupt\)"),
])
def test_pictures_are_checked_by_their_bytes_and_size(course_dir, data, message):
    """A picture that could fetch something stops the build; one that is not a whole picture is shown as its
    description, with a warning: no format ever meets a broken file."""
    content = course_dir({"01-a.md": "# A\n\n![A picture](images/p.png)\n"})
    (content / "images").mkdir()
    (content / "images" / "p.png").write_bytes(data)
    course, problems = read_course(content)
    found = [p for p in problems.items if re.search(message, p.message)]
    assert len(found) == 1 and found[0].is_error == data.startswith(b"<svg"), problems.items
    if not found[0].is_error:
        assert not any(isinstance(node, Figure) for node in walk.module_nodes(course.modules[0]))
        assert "A picture" in [plain_text(n.children) for n in course.modules[0].blocks]


def test_yaml_cannot_run_code_or_expand_aliases(course_dir, tmp_path):
    marker = tmp_path / "pwned"
    attack = f"---\ntitle: !!python/object/apply:os.system [\"touch {marker}\"]\n---\nText.\n"
    _, problems = load_course(course_dir({"01-a.md": attack}))
    assert [p.code for p in problems.items if "not valid YAML" in p.message] == ["front-matter.syntax"]
    assert not marker.exists()
    laughs = "---\n" + "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)}, *{chr(97 + i)}, *{chr(97 + i)}]\n" for i in range(8)) + "---\n"
    started = time.monotonic()
    _, problems = load_course(course_dir({"01-a.md": laughs + "# A\n"}))
    assert any("aliases" in p.message for p in problems.warnings)
    assert time.monotonic() - started < 5


def test_content_is_never_rendered_as_a_template(course_dir, tmp_path):
    toml = COURSE_TOML.replace('"Test Course"', '"{{ 7*7 }} {% if true %}x{% endif %}"')
    content = course_dir({"01-a.md": "---\nsummary: Sums {{ 7*7 }} and {{ config }}\n---\n# Title\n\n"
                                     "A tag? No: &lt;b&gt;.\n"}, course_toml=toml)
    result = build(content, tmp_path / "out", formats=["html"], report=lambda s: None)
    page = (tmp_path / "out" / result.built[0].path).read_text()
    assert "{{ 7*7 }}" in page and "49" not in page.split("<style>")[0] + page.split("</style>")[1]
    assert "{% if true %}x{% endif %}" in page
    assert "&lt;b&gt;" in page and "{{ config }}" in page
    # In module text, such tags belong to another tool (Jekyll, Hugo): left out and reported, never run
    (content / "01-a.md").write_text("# Title {{ 7*7 }}\n\nText {% include links.md %}.\n")
    course, problems = load_course(content)
    assert [(p.line, p.code) for p in problems.items] == [(1, "markdown.template"), (3, "markdown.template")]
    assert course.modules[0].title_text == "Title" and plain_text(course.modules[0].blocks[0].children) == "Text ."


def test_only_allow_listed_braille_tables_are_used(course_dir):
    from builder.languages import known
    from builder.locale import locale_for
    assert locale_for("en-GB").braille_table(2) == "en-ueb-g2.ctb"
    assert locale_for("../../etc/passwd").braille_table(2) is None
    assert all("/" not in name and ".." not in name for language in known().values()
               for name in language.braille.values())


@pytest.fixture
def no_network(monkeypatch):
    """Any attempt to open a network connection fails the test."""
    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")
    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


HOSTILE_PAGE = """<html><head><base href="http://127.0.0.1:9/"><meta http-equiv="refresh" content="0;url=http://127.0.0.1:9/">
<link rel="stylesheet" href="http://127.0.0.1:9/a.css"><style>@import url(http://127.0.0.1:9/b.css);</style>
<script src="http://127.0.0.1:9/c.js"></script></head>
<body onload="fetch('http://127.0.0.1:9/d')" style="background: url(http://127.0.0.1:9/e.png)">
<h2 onmouseover="alert(1)">A hostile page</h2>
<p>Click <a href="javascript:fetch('http://127.0.0.1:9/f')">here</a> or <a href=" &#106;avascript:alert(1)">here</a>.</p>
<img src="http://127.0.0.1:9/g.png" onerror="alert(1)" alt="A picture from a server">
<iframe src="http://127.0.0.1:9/h"></iframe><object data="http://127.0.0.1:9/i"></object>
<form action="http://127.0.0.1:9/j"><input name="k" value="l"><button>Send</button></form>
<svg><image href="http://127.0.0.1:9/m.png"/><script>alert(1)</script></svg>
<p style="background-image: url('http://127.0.0.1:9/n.png')">Words that stay.</p>
<video src="http://127.0.0.1:9/o.mp4" poster="http://127.0.0.1:9/p.png">A video's words.</video>
</body></html>
"""


def test_a_hostile_page_of_html_reaches_no_output_and_no_network(no_network, course_dir, tmp_path):
    """Scripts, handlers, javascript: links, <base>, <meta refresh>, style sheets and url() in a module: every
    format is built, with words only, and nothing is fetched (any connection fails the test)."""
    content = course_dir({"01-a.md": "# A\n\n" + HOSTILE_PAGE})
    result = build(content, tmp_path / "out", formats=writers.names(), report=lambda s: None,
                   cache_dir=tmp_path / "cache")
    assert {p.code for p in result.warnings} >= {"html.unsafe", "image.url"}
    for path in (tmp_path / "out").rglob("*"):
        if path.suffix in readback.READABLE and "proof" not in path.name and path.name != INDEX_NAME:
            text = readback.text(path)
            assert "Words that stay" in text and "hostile page" in text, path.name
        if path.suffix in (".html", ".epub"):
            body = readback.text(path) if path.suffix == ".epub" else path.read_text(encoding="utf-8")
            body = body.replace("http://127.0.0.1:9/g.png", "")  # the picture's address, shown as its words
            assert not [bad for bad in (*NEVER, "127.0.0.1", "refresh", "@import", "<form", "<video")
                        if bad in body.lower()], path.name


def test_a_build_contacts_nothing_online(no_network, mini_course, tmp_path):
    result = build(mini_course, tmp_path / "out", report=lambda s: None, cache_dir=tmp_path / "cache",
                   formats=writers.names())
    assert len(result.built) > 8


def test_same_content_same_bytes_for_every_format(mini_course, tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    formats = writers.names()
    for name in ("one", "two"):
        build(mini_course, tmp_path / name, formats=formats, report=lambda s: None, cache_dir=tmp_path / f"c-{name}")
    first = {p.relative_to(tmp_path / "one"): p.read_bytes() for p in (tmp_path / "one").rglob("*") if p.is_file()}
    second = {p.relative_to(tmp_path / "two"): p.read_bytes() for p in (tmp_path / "two").rglob("*") if p.is_file()}
    assert first.keys() == second.keys()
    different = [str(path) for path in first if first[path] != second[path]]
    assert different == []
    assert {p.suffix for p in first} >= {".html", ".pdf", ".docx", ".brf", ".pef", ".mp3", ".json"}


def _children(pid: int) -> list[int]:
    with open(f"/proc/{pid}/task/{pid}/children") as listing:
        return [int(child) for child in listing.read().split()]


def _all_end(pids: list[int], within: float) -> bool:
    """Every process in `pids` has ended (or is a zombie waiting to be reaped) within `within` seconds."""
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        alive = []
        for pid in pids:
            try:
                with open(f"/proc/{pid}/status") as status:
                    if "\nState:\tZ" not in status.read():
                        alive.append(pid)
            except FileNotFoundError:
                pass
        if not alive:
            return True
        time.sleep(0.2)
    return False


def test_a_killed_build_leaves_only_whole_files_and_a_true_manifest(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(ROOT / "content", content)
    settings = content / "course.toml"  # English by espeak-ng: the natural voice would only make it slower
    settings.write_text(settings.read_text().split("[audio.voices]")[0])
    out = tmp_path / "out"
    command = [sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(out),
               "--languages", "en-GB", "--editions", "participant", "--formats", "html,docx,braille,audio",
               "--cache", str(tmp_path / "cache")]
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=600)
    complete = read_manifest(out)
    module = content / "02-what-is-assertiveness.md"
    module.write_text(module.read_text().replace("Being assertive means", "Being assertive simply means"))
    process = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    folders = [version_folder(out, "en-GB"), version_folder(out, "en-GB") / "audio"]
    deadline = time.monotonic() + 300
    staged = []
    while time.monotonic() < deadline and process.poll() is None and not staged:
        # kill it while it writes: as soon as a new file is staged beside the one it replaces
        staged = [entry.name for folder in folders for entry in os.scandir(folder) if entry.name.endswith(".part")]
    workers = _children(process.pid)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    assert staged and process.returncode == -signal.SIGKILL, "the kill did not land while files were being written"
    assert workers and _all_end(workers, within=20), "the killed build's workers were left running"
    manifest = read_manifest(out)
    assert manifest and set(manifest) <= set(complete)
    for entry in manifest.values():  # every file the manifest names is whole: its checksum holds
        assert sha256((out / entry.path).read_bytes()) == entry.sha256, entry.path
    subprocess.run(command, cwd=ROOT, check=True, capture_output=True, timeout=600)
    assert not list(out.rglob(".*.part")) and set(read_manifest(out)) == set(complete)


def test_a_full_disk_is_a_clear_error(run_cli, mini_course, tmp_path, monkeypatch):
    import errno

    import builder.outputs

    def full(path, data):
        raise OSError(errno.ENOSPC, "No space left on device", str(path))
    monkeypatch.setattr(builder.outputs, "stage", full)
    monkeypatch.setattr("builder.build.stage", full)
    code, _, stderr = run_cli("build", "--content", str(mini_course), "--output", str(tmp_path / "out"),
                              "--formats", "html")
    assert code == 1
    assert "error: cannot write (No space left on device)" in stderr and "Traceback" not in stderr


def test_a_disk_that_fills_midway_leaves_no_partial_files(mini_course, tmp_path, monkeypatch):
    import errno

    import builder.build
    from builder.outputs import stage

    calls = []

    def fills_up(path, data):
        calls.append(path)
        if len(calls) > 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        return stage(path, data)
    monkeypatch.setattr(builder.build, "stage", fills_up)
    with pytest.raises(OSError):
        build(mini_course, tmp_path / "out", formats=["braille"], report=lambda s: None)
    assert len(calls) == 2 and not list((tmp_path / "out").rglob("*.part"))


PATHOLOGICAL = {
    "10,000 nested quotes": "# A\n\n" + ">" * 10000 + " deep\n",
    "10,000 nested divs": "# A\n\n" + "<div>" * 10_000 + "deep" + "</div>" * 10_000 + "\n",
    "10,000 nested details": "# A\n\n" + "<details><summary>s</summary>\n\n" * 10_000 + "deep\n",
    "100,000 shortcodes": "# A\n\n" + ":wave: " * 100_000 + "\n",
    "20,000 inline tags": "# A\n\n" + "<kbd>x</kbd> " * 20_000 + "\n",
    "10,000 nested lists": "# A\n\n" + "- " * 10_000 + "x\n",  # each "- " opens a list inside the last
    "a 1 MB paragraph": "# A\n\n" + "word " * 200_000 + "\n",
    "100,000 stars": "# A\n\n" + "*" * 100_000 + "\n",
    "100,000 brackets": "# A\n\n" + "[" * 50_000 + "]" * 50_000 + "\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_input_finishes_or_fails_cleanly_in_time(name, tmp_path):
    content = tmp_path / "content"
    content.mkdir()
    (content / "course.toml").write_text(COURSE_TOML)
    (content / "01-a.md").write_text(PATHOLOGICAL[name])
    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output",
                             str(tmp_path / "out"), "--formats", "html,braille,docx"],
                            cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert time.monotonic() - started < 60  # well inside the timeout, which only stops a runaway
    assert result.returncode in (0, 1), result.stderr[-2000:]
    assert "Traceback" not in result.stderr


MARKDOWN_PIECES = st.sampled_from([
    "# ", "## ", "### ", "#### ", "- ", "1. ", "    ", "  ", "> ", "**", "*", "_", "`", "[", "]", "(", ")", "!",
    "![a](images/a.png)", "[b](02-b.md)", "[c](#x)", "|", "|---|", "---", "\n", "\n\n", "<", ">", "&", "{lang=pl}",
    "{", "}", "word", "Ünïcödé", "سلام", "\t", "\\", "\"", "'", "116 123", "http://x.org", "<b>", "&amp;",
])


@settings(max_examples=int(os.environ.get("PROPERTY_EXAMPLES", "150")), deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(MARKDOWN_PIECES, max_size=40).map("".join))
def test_any_markdown_builds_or_fails_with_a_content_error(tmp_path_factory, markdown):
    content = tmp_path_factory.mktemp("prop") / "content"
    content.mkdir()
    (content / "course.toml").write_text(COURSE_TOML)
    (content / "images").mkdir()
    (content / "images" / "a.png").write_bytes(png_bytes())
    (content / "01-a.md").write_text(markdown)
    (content / "02-b.md").write_text("# B\n")
    try:
        build(content, content.parent / "out", formats=["html", "braille", "docx"], report=lambda s: None)
    except ContentError:
        pass
