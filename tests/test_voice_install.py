"""Installing voices: files fetched from a real server on 127.0.0.1 (standing in for the voice's web address),
kept only when every one matches its pin; what cannot be installed is said plainly and nothing half-made is
left; the course's own choices decide which voices are fetched."""

import hashlib
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from builder import voices
from builder.voice_install import fetch_url, install, main, named
from tests.test_config import GOOD

MODEL, CONFIG = b"not really a model" * 100, b'{"audio": {"sample_rate": 22050}}'


@pytest.fixture
def server():
    """A web server on this machine answering /model and /config, and 404 for anything else."""
    class Handler(BaseHTTPRequestHandler):
        files = {"/model": MODEL, "/config": CONFIG}

        def do_GET(self):
            body = self.files.get(self.path)
            self.send_response(200 if body is not None else 404)
            self.end_headers()
            self.wfile.write(body or b"")

        def log_message(self, *args):
            pass

    running = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=running.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{running.server_address[1]}"
    running.shutdown()


def web_voice(model_sha=hashlib.sha256(MODEL).hexdigest()):
    return voices.Voice("en_GB-test-medium", "piper", "en-GB", "a test voice",
                        voices.VoiceFile("en_GB-test-medium.onnx", model_sha, "https://voices.example/model"),
                        voices.VoiceFile("en_GB-test-medium.onnx.json", hashlib.sha256(CONFIG).hexdigest(),
                                         "https://voices.example/config"), 170, "CC0-1.0", "test")


def through(server):
    """Fetch as make does, from the local server in place of the voice's https address."""
    return lambda url: fetch_url(url.replace("https://voices.example", server))


def never_pip(requirement):
    raise AssertionError("a web voice is not installed with pip")


def test_a_web_voice_is_installed_when_every_file_matches(server, tmp_path):
    assert install(web_voice(), tmp_path, through(server), never_pip) is None
    assert (tmp_path / "en_GB-test-medium" / "en_GB-test-medium.onnx").read_bytes() == MODEL
    assert voices.installed(web_voice(), tmp_path)[1].read_bytes() == CONFIG
    assert sorted(p.name for p in tmp_path.iterdir()) == ["en_GB-test-medium"]  # nothing half-made beside it


def test_a_file_that_is_not_the_pinned_one_installs_nothing(server, tmp_path):
    problem = install(web_voice("1" * 64), tmp_path, through(server), never_pip)
    assert problem == "https://voices.example/model is not the file the builder pins (its SHA-256 differs): " \
                      "not installed"
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_address_is_said(server, tmp_path):
    voice = web_voice()
    broken = voices.Voice(**{**voice.__dict__, "config": voices.VoiceFile(voice.config.name, voice.config.sha256,
                                                                           "https://voices.example/gone")})
    problem = install(broken, tmp_path, through(server), never_pip)
    assert problem.startswith("could not download https://voices.example/gone") and "404" in problem
    assert list(tmp_path.iterdir()) == []


def test_a_damaged_copy_is_fetched_again(server, tmp_path):
    install(web_voice(), tmp_path, through(server), never_pip)
    (tmp_path / "en_GB-test-medium" / "en_GB-test-medium.onnx").write_bytes(MODEL[:10])
    assert install(web_voice(), tmp_path, through(server), never_pip) is None
    assert voices.installed(web_voice(), tmp_path)[0].read_bytes() == MODEL


def test_the_course_decides_which_voices_are_fetched(course_dir, monkeypatch, tmp_path):
    audio = GOOD.replace('language = "en-gb"', 'language = "en-GB"\ntranslations = ["pl"]') + 'formats = ["audio"]\n'
    assert named(course_dir({"01-a.md": "# A\n"}, course_toml=audio)) == []  # espeak-ng: nothing to fetch
    piper = audio + '[audio]\nengine = "piper"\n'
    assert named(course_dir({"01-a.md": "# A\n"}, course_toml=piper)) == ["en_US-joe-medium"]  # pl has none
    chosen = audio + '[audio.voices]\nen = "piper:en_US-joe-medium"\n'
    assert named(course_dir({"01-a.md": "# A\n"}, course_toml=chosen)) == ["en_US-joe-medium"]
    no_audio = GOOD + '[audio.voices]\nen = "piper:en_US-joe-medium"\n'
    assert named(course_dir({"01-a.md": "# A\n"}, course_toml=no_audio)) == []
    assert named(course_dir({"01-a.md": "# A\n"}, course_toml="[course\n")) == []  # the build says what is wrong


def test_make_says_plainly_when_a_voice_cannot_be_installed(course_dir, monkeypatch, tmp_path):
    monkeypatch.setattr(voices, "catalogue", lambda path=None: {"en_GB-test-medium": web_voice()})
    content = course_dir({"01-a.md": "# A\n"}, course_toml=GOOD + 'formats = ["audio"]\n[audio.voices]\n'
                                                                  'en = "piper:en_GB-test-medium"\n')
    said = []

    def offline(url):
        raise OSError("Temporary failure in name resolution")

    assert main(content, tmp_path / "voices", offline, never_pip, said.append) == 0
    assert said == [
        "Installing the natural voice en_GB-test-medium (a test voice) (first run only)...",
        "note: the natural voice en_GB-test-medium could not be installed: could not download "
        "https://voices.example/model (Temporary failure in name resolution). Until it is, en-GB audio is spoken "
        "by espeak-ng. Run make again when this machine can reach the internet."]


def test_a_package_voice_already_installed_is_not_fetched(course_dir, tmp_path):
    content = course_dir({"01-a.md": "# A\n"}, course_toml=GOOD + 'formats = ["audio"]\n[audio.voices]\n'
                                                                  'en = "piper:en_US-joe-medium"\n')
    said = []
    assert main(content, tmp_path, never_pip, never_pip, said.append) == 0
    assert said == []
