"""`site`: the participants' files as a static site, served here by Python's own web server on 127.0.0.1 and
opened in a real browser, where a chapter of the recording plays; trainer files never reach it."""

from __future__ import annotations

import functools
import re
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin

import pytest
import requests

from builder.cli import main
from builder.course import load_course
from builder.problems import ContentError
from tests.conftest import COURSE_TOML, mini_copy


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("site")
    mini_copy(folder, ["html", "audio"], ["participant", "trainer"])
    code = main(["site", "--content", str(folder / "mini"), "--output", str(folder / "out"), "--cache",
                 str(folder / "cache"), "--jobs", "1", "--site-url", "https://example.org/course"])
    assert code == 0
    return folder / "out" / "site"


@pytest.fixture(scope="module")
def served(site):
    """The site on a web server on this computer only, as a web host would serve it."""
    handler = functools.partial(_Quiet, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def test_no_trainer_file_is_in_the_site(site):
    files = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    assert files and not [name for name in files if "trainer" in name]
    assert not [name for name in files if name.endswith(("-proof.html", "-audio-script.txt"))]
    assert "Trainer" not in (site / "index.html").read_text(encoding="utf-8")


def test_every_link_on_every_page_is_served(served, site):
    pages = [path.relative_to(site).as_posix() for path in site.rglob("index.html")]
    assert "index.html" in pages and "participant/en-GB/index.html" in pages
    for page in pages:
        html = requests.get(served + page, timeout=10).text
        for href in re.findall(r'(?:href|src)="([^"#]+)"', html):
            answer = requests.head(urljoin(served + page, href), timeout=10)
            assert answer.status_code == 200, (page, unquote(href))



def test_a_chapter_plays_in_the_versions_page(served, browser):
    """From the index to the version's page, then its second chapter: the recording plays from there."""
    page = browser.new_page()
    page.goto(served)
    page.get_by_role("link", name="Listen and read online").first.click()
    button = page.locator(".chapters button").nth(1)
    start = float(button.get_attribute("data-start"))
    assert start > 0
    button.click()
    page.wait_for_function(f"document.getElementById('recording').currentTime > {start + 0.5}", timeout=15000)
    assert page.evaluate("document.getElementById('recording').paused") is False
    page.close()


def test_a_site_address_must_be_https(course_dir, capsys):
    with pytest.raises(ContentError, match=r"course.toml:\d+: .*site.url must be a web address starting with https://"):
        load_course(course_dir({"01-a.md": "# A\n"}, COURSE_TOML + '\n[site]\nurl = "http://example.org"\n'))
    content = course_dir({"01-a.md": "# A\n"})
    assert main(["build", "--content", str(content), "--output", str(content.parent / "out"),
                 "--site-url", "ftp://example.org"]) == 2
    assert "--site-url must be a web address starting with https://" in capsys.readouterr().err
