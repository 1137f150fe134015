"""Network services replaced at the HTTP boundary: answers a requests transport gives from within the test."""

from __future__ import annotations

import io

import requests


def answer(request, status: int, body: bytes, headers: dict[str, str] | None = None) -> requests.Response:
    """The response a server would give to `request`."""
    response = requests.Response()
    response.status_code, response.url, response.request = status, request.url, request
    response.headers.update(headers or {})
    response.raw = io.BytesIO(body)
    return response


def session_with(adapter: requests.adapters.BaseAdapter, *schemes: str) -> requests.Session:
    """A session whose requests (to `schemes`, https by default) go to `adapter`, never the network."""
    session = requests.Session()
    for scheme in schemes or ("https://",):
        session.mount(scheme, adapter)
    return session
