"""The HTTP boundary of machine translation, bounded.

deep-translator sends its requests through `requests` with no timeout, no limit on the reply's size, and
API keys in the address (where proxies and server logs keep them). While `bounded_http` is active, every
request `requests` makes has connect and read timeouts, at most a few redirects, a reply read in pieces
and refused past a size cap, and keys moved into a header or the request body. `with_deadline` bounds the
whole call, so a server that trickles a byte every few seconds cannot hold a run for ever.
"""

from __future__ import annotations

import contextlib
import threading
from typing import Callable, Iterator, TypeVar

CONNECT_SECONDS, READ_SECONDS = 10, 30
MAX_REPLY_BYTES = 2_000_000  # a translation of at most 5,000 characters is a few kilobytes
MAX_REDIRECTS = 5

T = TypeVar("T")


class ReplyTooLarge(Exception):
    """The service sent more than MAX_REPLY_BYTES: not a translation."""


class NoAnswer(Exception):
    """The whole call took longer than its deadline."""


@contextlib.contextmanager
def bounded_http(max_reply_bytes: int = MAX_REPLY_BYTES) -> Iterator[None]:
    """Bound every request `requests` sends while active (deep-translator keeps no session to configure)."""
    import requests

    original = requests.sessions.Session.request

    def request(session, method, url, params=None, data=None, headers=None, **kwargs):
        session.max_redirects = MAX_REDIRECTS
        params, headers = dict(params or {}), dict(headers or {})
        if "auth_key" in params:  # DeepL reads its key from this header
            headers["Authorization"] = f"DeepL-Auth-Key {params.pop('auth_key')}"
        if method.upper() == "POST" and params and data is None:  # LibreTranslate reads a form body as well
            params, data = {}, params
        kwargs.update(timeout=(CONNECT_SECONDS, READ_SECONDS), stream=True)
        response = original(session, method, url, params=params or None, data=data, headers=headers, **kwargs)
        body = bytearray()
        try:
            for chunk in response.iter_content(16_384):
                body += chunk
                if len(body) > max_reply_bytes:
                    raise ReplyTooLarge(f"a reply over {max_reply_bytes // 1_000_000} MB")
        finally:
            response.close()
        response._content = bytes(body)
        response._content_consumed = True
        return response

    requests.sessions.Session.request = request
    try:
        yield
    finally:
        requests.sessions.Session.request = original


def with_deadline(function: Callable[[], T], seconds: float) -> T:
    """`function()`'s result, or NoAnswer after `seconds`; it runs in a thread that is left to end on its own
    (a daemon, so a server that never answers cannot keep the program from ending)."""
    outcome: dict[str, object] = {}

    def run() -> None:
        try:
            outcome["value"] = function()
        except BaseException as err:  # noqa: BLE001 - handed back to the caller's thread
            outcome["error"] = err

    worker = threading.Thread(target=run, name="translation request", daemon=True)
    worker.start()
    worker.join(seconds)
    if worker.is_alive():
        raise NoAnswer(f"no answer within {seconds:g} s")
    if "error" in outcome:
        raise outcome["error"]  # type: ignore[misc]
    return outcome["value"]  # type: ignore[return-value]
