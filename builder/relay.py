"""How far each long job has got (the audio's speech takes minutes), passed from the worker processes that
run jobs to the build's display, which shows a bar with the time left on a terminal and plain lines in logs."""

from __future__ import annotations

import contextlib
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


def _put(queue, label: str, done: float, total: float) -> None:
    queue.put((label, done, total))


@contextlib.contextmanager
def relayed(working: Working | None, context) -> Iterator[Working | None]:
    """A `Working` that worker processes can be given (it pickles): what they report reaches `working` here,
    from a thread that reads a queue the multiprocessing context's manager keeps. None without a display."""
    if working is None:
        yield None
        return
    manager = context.Manager()
    queue = manager.Queue()

    def read() -> None:
        while (item := queue.get()) is not None:
            try:
                working(*item)
            except Exception:  # noqa: BLE001 - a display that fails must not stop the build
                pass

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        yield partial(_put, queue)
    finally:
        queue.put(None)
        reader.join(timeout=5)
        manager.shutdown()
