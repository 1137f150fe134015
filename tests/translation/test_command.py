"""`translate` through the real deep-translator code against a fake LibreTranslate on 127.0.0.1, and the
translated course that `build` makes from the PO files."""

from __future__ import annotations

import io
import json
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import polib
import pytest

from builder.course import load_course
from builder.model import Link, Strong
from builder.problems import ContentError
from builder.translation import catalog
from builder.translation.command import localise, translate
from builder.translation.machine import MachineTranslator, TranslationError, split_for_limit

COURSE = '[course]\ntitle = "Test Course"\norganisation = "Test Network"\nlanguage = "en-GB"\ntranslations = ["pl"]\n'
MODULE = ("# Saying no\n\nSay **no** clearly. See the [Samaritans website](https://www.samaritans.org).\n\n"
          "- Pause and breathe.\n- Give a short reason.\n\n![Four boxes in a row](images/steps.png)\n")


class FakeLibreTranslate:
    """A LibreTranslate stand-in: answers POST /translate with '[pl] ' + text, tags untouched.
    `fail_from` makes every request from that number on fail with `fail_status`."""

    def __init__(self, fail_from: int | None = None, fail_status: int = 500):
        self.requests: list[dict] = []
        self.fail_from = fail_from
        self.fail_status = fail_status
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                form = self.rfile.read(length).decode() if length else ""
                fields = {**parse_qs(urlparse(self.path).query), **parse_qs(form)}
                query = {k: v[0] for k, v in fields.items()}
                fake.requests.append({"path": urlparse(self.path).path, "in_address": urlparse(self.path).query,
                                      **query})
                if fake.fail_from is not None and len(fake.requests) >= fake.fail_from:
                    self.send_response(fake.fail_status)
                    self.end_headers()
                    return
                body = json.dumps({"translatedText": f"[{query['target']}] {query['q']}"}).encode()
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def course(course_dir):
    content = course_dir({"01-saying-no.md": MODULE}, course_toml=COURSE, images=("images/steps.png",))
    return load_course(content)[0]


def libre(url: str) -> MachineTranslator:
    return MachineTranslator("libretranslate", "en-GB", "pl", url, sleep=lambda seconds: None)


def test_fills_missing_entries_marks_them_machine_made_and_asks_once(course):
    with FakeLibreTranslate() as server:
        report = translate(course, "pl", "libretranslate", server.url, report=lambda line: None,
                           translator=libre(server.url))
        assert report.translated_now == len(server.requests) == 7
        assert {r["path"] for r in server.requests} == {"/translate"}
        assert {(r["source"], r["target"], r["api_key"]) for r in server.requests} == {("en", "pl", "none")}
        assert {r["in_address"] for r in server.requests} == {""}  # the key and the text go in the body
        po = polib.pofile(str(course.content_dir / "translations" / "pl.po"))
        assert all("fuzzy" in e.flags and e.tcomment.startswith("machine translation: libretranslate")
                   for e in po)
        again = translate(course, "pl", "libretranslate", server.url, report=lambda line: None,
                          translator=libre(server.url))
        assert again.translated_now == 0 and len(server.requests) == 7  # nothing new: zero requests


def test_reviewed_entries_survive_a_second_run(course):
    path = course.content_dir / "translations" / "pl.po"
    with FakeLibreTranslate() as server:
        translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=libre(server.url))
        po = polib.pofile(str(path))
        entry = next(e for e in po if e.msgid == "Pause and breathe.")
        entry.msgstr, entry.flags, entry.tcomment = "Zatrzymaj się i oddychaj.", [], ""
        po.save(str(path))
        (course.content_dir / "01-saying-no.md").write_text(MODULE.replace("Give a short reason.",
                                                                            "Give one short reason."))
        changed = load_course(course.content_dir)[0]
        before = len(server.requests)
        translate(changed, "pl", "libretranslate", server.url, report=lambda line: None,
                  translator=libre(server.url))
        assert len(server.requests) == before + 1  # only the changed sentence
    po = polib.pofile(str(path))
    assert next(e for e in po if e.msgid == "Pause and breathe.").msgstr == "Zatrzymaj się i oddychaj."
    assert catalog.state(next(e for e in po if e.msgid == "Pause and breathe.")) == "reviewed"


def test_a_changed_reviewed_sentence_is_flagged_stale_not_replaced(course):
    path = course.content_dir / "translations" / "pl.po"
    with FakeLibreTranslate() as server:
        translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=libre(server.url))
        po = polib.pofile(str(path))
        for entry in po:
            entry.flags = []  # a person reviewed everything
        po.save(str(path))
        (course.content_dir / "01-saying-no.md").write_text(MODULE.replace("Pause and breathe.",
                                                                            "Pause and breathe slowly."))
        before = len(server.requests)
        report = translate(load_course(course.content_dir)[0], "pl", "libretranslate", server.url,
                           report=lambda line: None, translator=libre(server.url))
        assert len(server.requests) == before  # the engine is not asked to replace a person's work
    assert report.counts.stale == 1
    stale = next(e for e in polib.pofile(str(path)) if e.msgid == "Pause and breathe slowly.")
    assert stale.msgstr == "[pl] Pause and breathe." and stale.previous_msgid == "Pause and breathe."


def test_bold_and_links_survive_the_round_trip(course):
    with FakeLibreTranslate() as server:
        translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=libre(server.url))
    polish = localise(load_course(course.content_dir)[0], "pl")
    paragraph = polish.modules[0].blocks[0]
    assert [type(n).__name__ for n in paragraph.children] == ["Text", "Strong", "Text", "Link", "Text"]
    link = paragraph.children[3]
    assert isinstance(link, Link) and link.href == "https://www.samaritans.org"
    assert isinstance(paragraph.children[1], Strong) and paragraph.lang == "pl"
    assert polish.machine_translated and polish.modules[0].title[0].text == "[pl] Saying no"
    assert polish.config.title == "[pl] Test Course"
    figure = polish.modules[0].blocks[-1]
    assert figure.alt == "[pl] Four boxes in a row"


def test_an_interrupted_run_keeps_what_it_got_and_resumes(course):
    path = course.content_dir / "translations" / "pl.po"
    with FakeLibreTranslate(fail_from=4) as server:
        with pytest.raises(TranslationError, match="kept failing .* after 4 tries: run again later; what was "
                                                   "already translated is saved"):
            translate(course, "pl", "libretranslate", server.url, report=lambda line: None,
                      translator=libre(server.url))
    assert catalog.count(polib.pofile(str(path)), []).total == 0
    done = [e for e in polib.pofile(str(path)) if e.msgstr]
    assert len(done) == 3
    with FakeLibreTranslate() as server:
        report = translate(load_course(course.content_dir)[0], "pl", "libretranslate", server.url,
                           report=lambda line: None, translator=libre(server.url))
        assert report.translated_now == len(server.requests) == 4
    assert report.counts.missing == 0


def test_throttling_is_retried_with_backoff(course):
    waits = []
    with FakeLibreTranslate(fail_from=1, fail_status=429) as server:
        translator = MachineTranslator("libretranslate", "en-GB", "pl", server.url, sleep=waits.append)
        with pytest.raises(TranslationError, match="says too many requests, after 4 tries: try later"):
            translator.translate("Hello.")
        assert len(server.requests) == 4
    assert waits == [2.0, 4.0, 8.0]


def test_unreachable_server_is_a_plain_error():
    translator = MachineTranslator("libretranslate", "en-GB", "pl", "http://127.0.0.1:9/", sleep=lambda s: None)
    with pytest.raises(TranslationError, match="cannot reach libretranslate"):
        translator.translate("Hello.")


def test_language_the_engine_does_not_offer():
    with pytest.raises(TranslationError, match=r"libretranslate does not offer Urdu \(ur\): try --engine google"):
        MachineTranslator("libretranslate", "en-GB", "ur", "http://127.0.0.1:9/")


def test_long_segments_are_split_under_the_limit():
    text = " ".join(f"Sentence number {i} is here." for i in range(60))
    pieces = split_for_limit(text, 200)
    assert all(len(p) <= 200 for p in pieces) and " ".join(pieces) == text
    assert split_for_limit("<b>Short.</b> Text.", 200) == ["<b>Short.</b> Text."]


def test_build_needs_every_passage_translated_or_says_how(course):
    with pytest.raises(ContentError) as caught:
        localise(course, "pl")
    message = str(caught.value.problems[0])
    assert re.search(r"translations/pl.po: error: 7 passages not translated into Polish yet \(the first: "
                     r"\S*content/course.toml:0\): run `make translate LANGS=pl`", message), message
    partial = localise(course, "pl", allow_untranslated=True)
    assert partial.untranslated == 7 and partial.lang == "pl"
    assert partial.modules[0].blocks[0].lang == "en-GB"  # the original text, marked as English


def test_broken_markup_in_a_translation_names_the_po_line(course):
    with FakeLibreTranslate() as server:
        translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=libre(server.url))
    path = course.content_dir / "translations" / "pl.po"
    po = polib.pofile(str(path))
    entry = next(e for e in po if "<b>" in e.msgid)
    entry.msgstr = entry.msgstr.replace("</b>", "")
    po.save(str(path))
    with pytest.raises(ContentError) as caught:
        localise(load_course(course.content_dir)[0], "pl")
    message = str(caught.value.problems[0])
    assert re.search(r"translations/pl.po:\d+: error: the translation of 'Say <b>no</b> clearly.*' is not "
                     r"usable: its <tags> differ", message), message


def test_translate_command_line(run_cli, course):
    with FakeLibreTranslate() as server:
        code, stdout, _ = run_cli("translate", "--to", "pl", "--content", str(course.content_dir),
                                  "--engine", "libretranslate", "--url", server.url)
    assert code == 0
    assert "pl: translated 7 now with 7 request(s); 0 reviewed, 7 machine-made, 0 stale, 0 missing" in stdout
    code, stdout, _ = run_cli("check", "--content", str(course.content_dir))
    assert "pl: 0 reviewed, 7 machine-made, 0 stale, 0 missing" in stdout


def test_check_and_build_agree_on_what_is_untranslated_and_name_every_language(run_cli, course_dir, tmp_path):
    """check lists each untranslated passage as an error with every language it is missing from; build
    refuses the same passages and names every language, not only the first."""
    toml = COURSE.replace('translations = ["pl"]', 'translations = ["pl", "pt"]')
    content = course_dir({"01-saying-no.md": "# Saying no\n\nSay no clearly.\n\nA new line.\n"}, course_toml=toml)
    code, _, _ = run_cli("translate", "--to", "pl,pt", "--content", str(content), "--engine", "none")
    assert code == 0
    for lang in ("pl", "pt"):
        path = content / "translations" / f"{lang}.po"
        po = polib.pofile(str(path))
        for entry in po:
            if entry.msgid != "A new line.":
                entry.msgstr = f"[{lang}] {entry.msgid}"
        po.save(str(path))
    code, stdout, stderr = run_cli("check", "--content", str(content))
    assert code == 1
    assert re.search(r"content/01-saying-no.md:5: error: 'A new line.' is not translated into Polish and Portuguese "
                     r"yet: run `make translate LANGS=pl,pt`", stderr), stderr
    assert stderr.count("[translation.missing]") == 1
    code, _, stderr = run_cli("build", "--content", str(content), "--output", str(tmp_path / "out"))
    assert code == 1
    assert "1 passage not translated into Polish yet (the first: " in stderr
    assert "1 passage not translated into Portuguese yet (the first: " in stderr
    assert f"{content.name}/01-saying-no.md:5)" in stderr


def test_boxes_definitions_and_notes_are_translated_code_and_trainer_notes_are_not(realworld_course):
    from builder.editions import for_participants
    from builder.model import CodeBlock, Container, DefinitionList
    from builder.translation.segments import course_segments, translated_course
    from builder.walk import nodes

    course = for_participants(load_course(realworld_course)[0])
    texts = [segment.text for segment in course_segments(course)]
    for wanted in ["Practise in pairs", "Prereq", "Assertive", "Saying what you need, clearly and calmly.",
                   "Samaritans answer every call.", "Helplines<n1/> are open all day.",
                   "There is no single right answer."]:
        assert wanted in texts
    assert not any("keep   my spaces" in text or "Watch the time" in text for text in texts)
    polish = translated_course(course, "pl", lambda segment: f"PL {segment.text}")
    titles = [n.title[0].text for n in nodes(polish) if isinstance(n, Container) and n.title]
    assert titles == ["PL Practise in pairs", "PL Prereq"]
    terms = [item.term[0].text for n in nodes(polish) if isinstance(n, DefinitionList) for item in n.items]
    assert terms == ["PL Assertive", "PL Passive"]
    code = next(n for n in nodes(polish) if isinstance(n, CodeBlock))
    assert code.text.startswith("echo") and code.lang == "en-GB"  # kept as written, and marked as English
    assert polish.modules[0].notes[0].blocks[0].children[0].text == "PL Samaritans answer every call."


class HostileServer:
    """A translation server on 127.0.0.1 that misbehaves in one way (`mode`), every request."""

    def __init__(self, mode: str):
        self.mode = mode
        self.hits = 0
        hostile = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                hostile.hits += 1
                self.rfile.read(int(self.headers.get("Content-Length") or 0))
                mode = hostile.mode
                if mode == "hang":
                    time.sleep(5)
                    return
                if mode == "silent":  # connected, never a byte back (for longer than the test's read timeout)
                    time.sleep(8)
                    return
                if mode == "redirect":
                    self.send_response(307)
                    self.send_header("Location", "/translate")
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                if mode == "429":
                    self.send_response(429)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                    return
                body = {"html": b"<html><body>Sign in</body></html>", "list": b'["x"]',
                        "no-field": b'{"text": "x"}', "garbage": b"\x00\xff garbage",
                        "huge": b"x" * 3_000_000, "trickle": b'{"translatedText": "slow"}'}[mode]
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                if mode == "trickle":
                    for byte in body:
                        self.wfile.write(bytes([byte]))
                        self.wfile.flush()
                        time.sleep(0.5)
                    return
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.mark.parametrize("mode, message", [
    ("hang", "gave no answer within 1 s"),
    ("trickle", "gave no answer within 1 s"),
    ("huge", "sent a reply over 2 MB, which is not a translation"),
    ("redirect", "kept redirecting"),
    ("html", "answered with something that is not a translation"),
    ("list", "answered with something that is not a translation"),
    ("no-field", "answered with something that is not a translation"),
    ("garbage", "answered with something that is not a translation"),
    ("429", "says too many requests, after 4 tries: try later"),
])
def test_a_misbehaving_server_ends_the_run_quickly_with_a_plain_message(course, mode, message):
    server = HostileServer(mode)
    started = time.monotonic()
    try:
        translator = MachineTranslator("libretranslate", "en-GB", "pl", server.url, sleep=lambda s: None,
                                       deadline=1)
        with pytest.raises(TranslationError, match=message):
            translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=translator)
    finally:
        server.close()
    assert time.monotonic() - started < 10
    po = catalog.load(course.content_dir / "translations" / "pl.po", "pl", course.content_dir)
    assert all(catalog.state(entry) == "missing" for entry in po)  # nothing invented, the file still sound


def test_a_silent_server_is_asked_once_not_again_and_again(course, monkeypatch):
    """A server that takes the request and says nothing waited 30 s per try, four tries: 135 s (finding 7).
    A read timeout is not retried: the run ends at the first (here made 1 s)."""
    import builder.translation.http

    monkeypatch.setattr(builder.translation.http, "READ_SECONDS", 1)
    server = HostileServer("silent")
    started = time.monotonic()
    try:
        translator = MachineTranslator("libretranslate", "en-GB", "pl", server.url, sleep=time.sleep)
        with pytest.raises(TranslationError, match="libretranslate gave no answer within 1 s: try again later"):
            translate(course, "pl", "libretranslate", server.url, report=lambda line: None, translator=translator)
    finally:
        server.close()
    assert time.monotonic() - started < 4 and translator.requests == 1


def test_a_plain_http_address_off_this_computer_gets_a_warning():
    from builder.translation.machine import unencrypted_warning

    assert "is not encrypted" in unencrypted_warning("http://translate.example.org/")
    assert unencrypted_warning("http://127.0.0.1:5000/") is None and unencrypted_warning("http://localhost/") is None
    assert unencrypted_warning("https://translate.example.org/") is None


def test_a_deepl_key_travels_in_a_header_not_the_address():
    import requests

    from builder.translation.http import bounded_http

    seen = {}

    class Capture(requests.adapters.HTTPAdapter):
        def send(self, request, **kwargs):
            seen.update(url=request.url, auth=request.headers.get("Authorization"), timeout=kwargs.get("timeout"))
            response = requests.models.Response()
            response.status_code, response.raw = 200, io.BytesIO(b"{}")
            return response

    session = requests.Session()
    session.mount("https://", Capture())
    with bounded_http():
        session.get("https://api-free.deepl.com/v2/translate", params={"auth_key": "SECRET-KEY", "text": "Hi"})
    assert "SECRET-KEY" not in seen["url"] and seen["auth"] == "DeepL-Auth-Key SECRET-KEY"
    assert seen["timeout"] == (10, 30)
