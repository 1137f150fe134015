"""Pictures on the web, kept in the course: `[pictures] fetch = true` downloads each once into
`content/images/web/`, checked like any picture, so that every later build is offline and the same.

Only a build with the option on goes online; `check` and reading never do. Each picture is fetched over
https only (redirects too), from a public address, within a size cap and time limits, and kept only if its
bytes are a PNG, JPEG, GIF or safe SVG (WebP is kept as PNG).
"""

from __future__ import annotations

import hashlib
import io
import ipaddress
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable
from urllib.parse import urljoin, urlsplit

from builder import picture_bytes
from builder.options import Option

FOLDER = Path("images") / "web"
SUFFIXES = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}
TIMEOUT = (10, 30)  # seconds to connect, and between bytes
MAX_REDIRECTS = 5
NOT_A_PICTURE = "it is not a PNG, JPEG, GIF, WebP or SVG picture"
OPTIONS = (Option("fetch", "download pictures given as web addresses once, into content/images/web (needs the "
                           "internet the first time)", False, kind="bool"),)


class NotFetched(Exception):
    """Why a picture could not be kept, in words for the coordinator."""


def local_name(address: str) -> str:
    """The kept copy's file name, without its suffix: the same address always gives the same name."""
    return hashlib.sha256(address.encode("utf-8")).hexdigest()[:24]


def kept_copy(content_dir: Path, address: str) -> Path | None:
    """The copy of the picture at `address` kept in the course, if there is one."""
    for suffix in SUFFIXES.values():
        path = content_dir / FOLDER / (local_name(address) + suffix)
        if path.is_file() or path.is_symlink():
            return path
    return None


@dataclass
class Fetched:
    """What a run of fetching did: files kept, and addresses that could not be, with why."""

    kept: list[Path] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)


def fetch_all(addresses: list[str], content_dir: Path, session=None,
              report: Callable[[str], None] = lambda line: None) -> Fetched:
    """Fetch each address not yet kept into the course; every address is tried once, whatever the others do."""
    import requests

    from builder.content_files import writable_content_path
    from builder.outputs import write_atomic

    own = session is None
    session = session or _session()
    done = Fetched()
    try:
        for number, address in enumerate(sorted(set(addresses)), 1):
            if kept_copy(content_dir, address) is not None:
                continue
            report(f"fetching picture {number} of {len(set(addresses))}: {address}")
            try:
                data, kind = checked_picture(download(session, address))
                target = writable_content_path(content_dir, content_dir / FOLDER / (local_name(address) + SUFFIXES[kind]))
                target.parent.mkdir(parents=True, exist_ok=True)
                write_atomic(target, data)
                done.kept.append(target)
            except (NotFetched, requests.RequestException) as why:
                done.failed.append((address, _reason(why)))
    finally:
        if own:
            session.close()
    return done


def download(session, address: str) -> bytes:
    """The bytes at an https address, following at most 5 redirects, each to https and a public host; no
    more than the picture size cap."""
    for _ in range(MAX_REDIRECTS + 1):
        check_address(address)
        with session.get(address, timeout=TIMEOUT, stream=True, allow_redirects=False) as response:
            if response.is_redirect:
                address = urljoin(address, response.headers.get("location", ""))
                continue
            if response.status_code != 200:
                raise NotFetched(f"the server answered {response.status_code}")
            data = bytearray()
            for chunk in response.iter_content(64 * 1024):
                data += chunk
                if len(data) > picture_bytes.MAX_BYTES:
                    raise NotFetched(f"it is over {picture_bytes.MAX_BYTES // 1_000_000} MB")
            return bytes(data)
    raise NotFetched(f"more than {MAX_REDIRECTS} redirects")


def check_address(address: str) -> None:
    """Only https, and only to a host on the public internet (never this machine or the local network)."""
    parts = urlsplit(address)
    if parts.scheme.lower() != "https" or not parts.hostname:
        raise NotFetched("only https addresses are fetched")
    try:
        found = {info[4][0] for info in socket.getaddrinfo(parts.hostname, parts.port or 443)}
    except (socket.gaierror, UnicodeError):
        found = set()  # behind a proxy only the proxy can look the name up: it then fails, or fetches it there
    for ip in found:
        if not ipaddress.ip_address(ip.split("%", 1)[0]).is_global:
            raise NotFetched(f"'{parts.hostname}' is not on the public internet")


def checked_picture(data: bytes) -> tuple[bytes, str]:
    """The picture's bytes and type if they are a whole PNG, JPEG, GIF or safe SVG; WebP becomes PNG."""
    from builder.svg import UnsafeSvg, checked_svg

    kind = picture_bytes.image_type(data[:64])
    if kind is None and picture_bytes.looks_like_svg(data[:64 * 1024]):
        try:
            return checked_svg(data).encode("utf-8"), "image/svg+xml"
        except UnsafeSvg as unsafe:
            raise NotFetched(f"it is an SVG that {unsafe}") from None
    if kind is not None:
        if not picture_bytes.decodes(data):
            raise NotFetched("it is damaged")
        return data, kind
    return _as_png(data), "image/png"


def _as_png(data: bytes) -> bytes:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            if picture.format != "WEBP":
                raise NotFetched(NOT_A_PICTURE)
            out = io.BytesIO()
            picture.convert("RGBA").save(out, format="PNG")
            return out.getvalue()
    except (OSError, ValueError, Image.DecompressionBombError):
        raise NotFetched(NOT_A_PICTURE) from None


def _session():
    import requests

    session = requests.Session()
    session.headers["User-Agent"] = "accessible-training-builder (keeps a course's pictures)"
    return session


def _reason(why: Exception) -> str:
    return str(why) if isinstance(why, NotFetched) else f"the connection failed ({type(why).__name__})"
