"""The preview's web server: a handful of fixed addresses on 127.0.0.1, nothing else. It serves no file by
the path asked for (no directory listing, no way out of the course): pages are made from the model, and the
assets are a fixed list of this package's own files."""

from __future__ import annotations

import json
import mimetypes
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, quote, urlsplit

from jinja2 import Environment, FileSystemLoader, select_autoescape

from builder.preview.session import Session
from builder.problems import ContentError, printable
from builder.writers.base import WriterError

ASSETS = Path(__file__).parent / "assets"
SERVED = {"preview.css": "text/css", "preview.js": "text/javascript", "advice.css": "text/css",
          "advice.js": "text/javascript"}
KEEP_ALIVE_SECONDS = 15  # an event stream says something this often, so a proxy or browser keeps it open
TEXT_SIZES = (100, 125, 150, 200)  # per cent of the page's own size


class PreviewServer(ThreadingHTTPServer):
    daemon_threads = True  # an open event stream does not keep the server from stopping
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], session: Session, hosts: set[str]):
        super().__init__(address, Handler)
        self.session = session
        self.hosts = hosts  # the Host headers answered: a page elsewhere cannot reach this one by DNS tricks
        self.templates = Environment(loader=FileSystemLoader(str(ASSETS)), autoescape=select_autoescape(["html"]),
                                     trim_blocks=True, lstrip_blocks=True)
        self.stopping = False

    def handle_error(self, request, client_address) -> None:
        """A fault while answering one request: one line, never a traceback; the server goes on."""
        import sys

        error = sys.exc_info()[1]
        if not isinstance(error, (BrokenPipeError, ConnectionResetError)):
            print(printable(f"preview: a request failed: an error in the builder ({type(error).__name__}: "
                            f"{str(error)[:120]}): please report it; the preview goes on"), file=sys.stderr)


class Handler(BaseHTTPRequestHandler):
    server: PreviewServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the name http.server gives it
        """Quiet: the terminal shows what the preview did, not every request."""

    def do_GET(self) -> None:  # noqa: N802 - the name http.server calls
        try:
            self._get()
        except (BrokenPipeError, ConnectionResetError):
            return
        except Exception as fault:  # noqa: BLE001 - a fault in the builder is one page, and the server goes on
            self._text(HTTPStatus.INTERNAL_SERVER_ERROR, f"the preview met an error in the builder "
                       f"({type(fault).__name__}: {str(fault)[:120]}): please report it; save again to retry")

    def _get(self) -> None:
        if self.headers.get("Host", "") not in self.server.hosts:
            return self._text(HTTPStatus.MISDIRECTED_REQUEST, "this preview answers only at its own address")
        url = urlsplit(self.path)
        query = {key: values[-1] for key, values in parse_qs(url.query).items()}
        route = url.path
        if route == "/":
            return self._shell()
        if route == "/page":
            return self._page(query)
        if route == "/events":
            return self._events()
        if route.startswith("/assets/") and route.removeprefix("/assets/") in SERVED:
            name = route.removeprefix("/assets/")
            return self._send(HTTPStatus.OK, (ASSETS / name).read_bytes(), SERVED[name] + "; charset=utf-8")
        if route.startswith("/make/"):
            return self._make(route.removeprefix("/make/"), query)
        return self._text(HTTPStatus.NOT_FOUND, "not found: the preview has only its own pages")

    def do_POST(self) -> None:  # noqa: N802
        self._text(HTTPStatus.METHOD_NOT_ALLOWED, "the preview only shows the course")

    do_PUT = do_DELETE = do_PATCH = do_POST

    # ---- routes ----------------------------------------------------------------------------------------

    def _shell(self) -> None:
        session = self.server.session
        course = session.last_good
        page = self.server.templates.get_template("shell.html").render(
            title=course.config.title if course else "Course preview", editions=session.editions(),
            languages=session.languages(), schemes=session.schemes(), sizes=TEXT_SIZES,
            formats=session.other_formats(), generation=session.snapshot.generation, percent="{}%".format,
            bar=session.bar(), names=session.names)
        self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def _choice(self, query: dict[str, str]) -> tuple[str, str, str] | None:
        """The version asked for, if the course has it (else the answer is sent and None returned)."""
        session = self.server.session
        edition = query.get("edition", "participant")
        lang = query.get("lang", session.languages()[0])
        schemes = session.schemes()
        scheme = query.get("scheme", schemes[0] if schemes else "")
        if edition not in session.editions() or lang not in session.languages() or (schemes and scheme not in schemes):
            self._text(HTTPStatus.BAD_REQUEST, "the course has no such edition, language or colours")
            return None
        return edition, lang, scheme

    def _page(self, query: dict[str, str]) -> None:
        choice = self._choice(query)
        if choice is not None:
            page = self.server.session.page(*choice)
            self._send(HTTPStatus.OK, page.encode("utf-8"), "text/html; charset=utf-8")

    def _make(self, name: str, query: dict[str, str]) -> None:
        session = self.server.session
        choice = self._choice(query)
        if choice is None:
            return
        if name not in dict(session.other_formats()) or query.get("module") not in {m.slug for m in session.modules()}:
            return self._text(HTTPStatus.NOT_FOUND, "the course makes no such format, or has no such module")
        try:
            made = session.make(name, choice[0], choice[1], query["module"])
        except ContentError as err:
            return self._text(HTTPStatus.CONFLICT, "\n".join(str(p) for p in err.problems if p.is_error)
                              or "the course has errors: see the preview")
        except WriterError as err:
            return self._text(HTTPStatus.CONFLICT, f"{name} could not be made: {err}")
        stem, dot, suffix = made.path.rsplit("/", 1)[-1].partition(".")
        file_name = f"{stem}-{query['module']}{dot}{suffix}"  # says which module: not the whole course's name
        kind = mimetypes.guess_type(file_name)[0] or "application/octet-stream"
        self._send(HTTPStatus.OK, made.data, kind,
                   {"Content-Disposition": f"inline; filename*=UTF-8''{quote(file_name)}"})

    def _events(self) -> None:
        """Server-sent events: `reload` with the generation each time the course is read again."""
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.send_header("Connection", "close")
        self.end_headers()
        self.close_connection = True
        seen = self.server.session.snapshot.generation
        try:
            self.wfile.write(b"retry: 500\n\n")
            self.wfile.flush()
            while not self.server.stopping:
                newest = self.server.session.wait(seen, KEEP_ALIVE_SECONDS)
                if newest > seen:
                    news = json.dumps({"generation": newest, "bar": self.server.session.bar()})
                    self.wfile.write(f"event: reload\ndata: {news}\n\n".encode())
                    seen = newest
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return  # the page was closed or reloaded

    # ---- answers ---------------------------------------------------------------------------------------

    def _send(self, status: HTTPStatus, body: bytes, kind: str, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("X-Content-Type-Options", "nosniff")
        # The page may run only this server's scripts and its own inline data; nothing is fetched elsewhere.
        self.send_header("Content-Security-Policy", "default-src 'self' data:; style-src 'self' 'unsafe-inline' "
                                                    "data:; frame-ancestors 'self'")
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def _text(self, status: HTTPStatus, message: str) -> None:
        self._send(status, (printable(message) + "\n").encode("utf-8"), "text/plain; charset=utf-8")
