"""`python -m builder preview`: the course as participants will get it on the web, served on 127.0.0.1 and
shown again, with the checker's advice in place, each time a file in the content folder is saved."""

from __future__ import annotations

import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable

from builder.preview.server import PreviewServer
from builder.preview.session import Session

LOCAL = "127.0.0.1"


class Preview:
    """A running preview: its server, its session, and the thread that watches the content folder."""

    def __init__(self, content_dir: Path, host: str = LOCAL, port: int = 0, cache_dir: Path | None = None,
                 on_reload: Callable[[float, int], None] | None = None):
        self.session = Session(content_dir, cache_dir)
        self.server = PreviewServer((host, port), self.session, set())
        self.port = self.server.server_address[1]
        self.server.hosts = {f"{name}:{self.port}" for name in (LOCAL, "localhost", host)}
        self.url = f"http://{LOCAL if host in (LOCAL, '0.0.0.0') else host}:{self.port}/"
        self.on_reload = on_reload  # told each reload's seconds (from the change seen) and its problem count
        self.stop_watching = threading.Event()
        self.watcher = threading.Thread(target=self._watch, name="preview-watch", daemon=True)
        self.serving = threading.Thread(target=self.server.serve_forever, name="preview-serve", daemon=True)

    def start(self) -> Preview:
        self.watcher.start()
        self.serving.start()
        return self

    def stop(self) -> None:
        self.stop_watching.set()
        self.server.stopping = True
        with self.session.changed:
            self.session.changed.notify_all()
        self.server.shutdown()
        self.server.server_close()

    def _watch(self) -> None:
        """Read the course again after each burst of saves (watchfiles: the platform's own notifications)."""
        from watchfiles import watch

        # step: how long with no further change before a burst counts as done (an editor writes a file in
        # several steps); the page is shown again about this long after the last write.
        for _ in watch(self.session.content_dir, stop_event=self.stop_watching, step=30, debounce=400,
                       rust_timeout=500, yield_on_timeout=False):
            started = time.perf_counter()
            snapshot = self.session.reload()
            if self.on_reload:
                self.on_reload(time.perf_counter() - started, len(snapshot.errors) + len(snapshot.advice))


def open_browser(url: str) -> bool:
    """Open the preview where there is a browser to open (a desktop session); say whether one was."""
    try:
        return webbrowser.open(url, new=2)
    except webbrowser.Error:
        return False
