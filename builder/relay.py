"""How far each long job has got (the audio's speech takes minutes), passed from the worker processes that
run jobs to the build's display, which shows a bar with the time left on a terminal and plain lines in logs."""

from __future__ import annotations

import contextlib
import json
import os
import threading
import time
from functools import partial
from typing import Callable, Iterator

# Called as working(label, done, total) while a long job goes on, in the job's own units (words spoken)
Working = Callable[[str, float, float], None]
EVERY = 0.5  # seconds: a job tells how far it has got at most this often, and when it is done


def throttled(working: Working, label: str) -> Callable[[float, float], None]:
    """What a writer calls as it goes (done, total), passing on at most one report each EVERY seconds."""
    last = [0.0]

    def tell(done: float, total: float) -> None:
        now = time.monotonic()
        if done >= total or now - last[0] >= EVERY:
            last[0] = now
            working(label, done, total)

    return tell


def _write(end: int, label: str, done: float, total: float) -> None:
    os.write(end, (json.dumps([label, done, total]) + "\n").encode("utf-8"))  # one write: whole lines


@contextlib.contextmanager
def relayed(working: Working | None) -> Iterator[Working | None]:
    """A `Working` that worker processes forked from here can be given (it pickles): each report is a line on
    a pipe the workers inherit, read here by a thread that passes it to `working`. No process of its own, so
    a killed build leaves nothing running. None without a display."""
    if working is None:
        yield None
        return
    reading, writing = os.pipe()

    def read() -> None:
        with os.fdopen(reading, encoding="utf-8") as lines:
            for line in lines:  # until every process holding the writing end has closed it
                try:
                    working(*json.loads(line))
                except Exception:  # noqa: BLE001 - a display that fails must not stop the build
                    pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield partial(_write, writing)
    finally:
        os.close(writing)  # the workers have ended by now: the reader sees the end
        reader.join(timeout=5)
