"""Pictures on the web kept in the course (`[pictures] fetch = true`, builder/web_pictures.py): fetched once over
https through a transport replaced at the HTTP boundary, checked like any picture, then used offline."""

from __future__ import annotations

import io
import socket

import pytest
import requests
from PIL import Image

from builder import web_pictures
from builder.build import build
from builder.course import read_course
from builder.model import Figure
from builder.web_pictures import NotFetched, check_address, fetch_all, kept_copy
from tests.conftest import COURSE_TOML, png_bytes, version_folder
from tests.fake_http import answer, session_with

FETCHING = COURSE_TOML + "\n[pictures]\nfetch = true\n"


class FakeServer(requests.adapters.BaseAdapter):
    """A web server at the HTTP boundary: address -> (status, headers, body); every request is recorded."""

    def __init__(self, pages: dict[str, tuple[int, dict[str, str], bytes]]):
        super().__init__()
        self.pages = pages
        self.asked: list[str] = []

    def send(self, request, **kwargs):
        self.asked.append(request.url)
        status, headers, body = self.pages.get(request.url, (404, {}, b"not found"))
        return answer(request, status, body, headers)

    def close(self):
        pass


def _session(server: FakeServer) -> requests.Session:
    return session_with(server, "https://", "http://")


def _webp() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (4, 4), (200, 10, 10)).save(out, format="WEBP")
    return out.getvalue()


def test_a_picture_is_fetched_once_checked_kept_and_used_offline(course_dir, tmp_path, monkeypatch):
    address = "https://pictures.example.org/chart.png"
    server = FakeServer({address: (200, {"content-type": "image/png"}, png_bytes(8, 8))})
    monkeypatch.setattr(web_pictures, "_session", lambda: _session(server))
    content = course_dir({"01-a.md": f"# A\n\n![A chart of feelings]({address})\n"}, course_toml=FETCHING)
    result = build(content, tmp_path / "out", formats=["html"], report=lambda line: None)
    kept = kept_copy(content, address)
    assert kept is not None and kept.parent == content / "images" / "web" and kept.read_bytes() == png_bytes(8, 8)
    assert server.asked == [address] and result.warnings == []
    course, problems = read_course(content)
    figure = course.modules[0].blocks[0]
    assert isinstance(figure, Figure) and figure.alt == "A chart of feelings" and problems.items == []
    page = version_folder(tmp_path / "out", "en-GB") / "test-course-en-gb.html"
    assert 'alt="A chart of feelings"' in page.read_text()
    build(content, tmp_path / "again", formats=["html"], report=lambda line: None)
    assert server.asked == [address]  # the next build is offline: the copy in the course is used


@pytest.mark.parametrize("pages, why", [
    ({"https://x.example.org/p.png": (301, {"location": "http://x.example.org/p.png"}, b"")},
     "only https addresses are fetched"),
    ({f"https://x.example.org/{n}": (302, {"location": f"https://x.example.org/{n + 1}"}, b"") for n in range(8)},
     "more than 5 redirects"),
    ({"https://x.example.org/p.png": (200, {}, b"<html><body>Sign in</body></html>")}, "not a PNG, JPEG, GIF"),
    ({"https://x.example.org/p.png": (200, {}, b'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 9 9">'
                                                b"<script>alert(1)</script></svg>")}, "an SVG that has a script"),
    ({"https://x.example.org/p.png": (404, {}, b"")}, "the server answered 404"),
    ({"https://x.example.org/p.png": (200, {}, png_bytes(40, 40)[:60])}, "it is damaged"),
])
def test_what_cannot_be_kept_is_reported_and_nothing_is_written(tmp_path, pages, why):
    server = FakeServer(pages)
    first = next(iter(pages)) if "redirect" not in why else "https://x.example.org/0"
    address = "https://x.example.org/p.png" if first.endswith("p.png") else first
    done = fetch_all([address], tmp_path, session=_session(server))
    assert done.kept == [] and len(done.failed) == 1 and why in done.failed[0][1], done.failed
    assert not (tmp_path / "images").exists()


def test_a_webp_is_kept_as_png_and_a_picture_over_the_cap_is_refused(tmp_path, monkeypatch):
    server = FakeServer({"https://x.example.org/a.webp": (200, {}, _webp()),
                         "https://x.example.org/big.png": (200, {}, png_bytes(200, 200))})
    done = fetch_all(["https://x.example.org/a.webp"], tmp_path, session=_session(server))
    assert [path.suffix for path in done.kept] == [".png"] and done.kept[0].read_bytes().startswith(b"\x89PNG")
    monkeypatch.setattr("builder.picture_bytes.MAX_BYTES", 100)
    done = fetch_all(["https://x.example.org/big.png"], tmp_path, session=_session(server))
    assert done.failed == [("https://x.example.org/big.png", "it is over 0 MB")]


@pytest.mark.parametrize("address", ["https://127.0.0.1/p.png", "https://10.1.2.3/p.png", "https://[::1]/p.png",
                                     "https://169.254.169.254/latest", "http://example.org/p.png", "file:///etc/passwd"])
def test_only_https_to_the_public_internet_is_fetched(address):
    with pytest.raises(NotFetched):
        check_address(address)


def test_check_and_reading_never_fetch(run_cli, course_dir, tmp_path, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError(f"network connection attempted: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    course_dir({"01-a.md": "# A\n\n![A chart](https://pictures.example.org/chart.png)\n"}, course_toml=FETCHING)
    code, _, stderr = run_cli("check", "--content", "content", cwd=tmp_path)
    assert code == 0 and "[image.url]" in stderr
