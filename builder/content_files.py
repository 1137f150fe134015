"""The one place course files are opened: a file is read only if, after every symbolic link is followed,
it is inside the content folder, a regular file, and no larger than the cap for its kind.

Checking the path a caller built is not enough (a module, picture, translation or folder can be a link
that git stores), so every reader goes through `read_content_file`, and `translate` writes only through
`writable_content_path`.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

MB = 1_000_000


class RefusedFile(Exception):
    """A course file that may not be read or written; the message says why and what to do, and `reason`
    is one of "outside", "missing", "not-a-file", "too-large"."""

    def __init__(self, message: str, reason: str):
        super().__init__(message)
        self.reason = reason


def checked_content_path(content_dir: Path, path: Path, max_bytes: int) -> Path:
    """The real location of `path`, if it may be read: inside `content_dir`, a regular file, small enough."""
    content = content_dir.resolve()
    real = path.resolve()
    if not real.is_relative_to(content):
        raise RefusedFile("is outside the content folder (a link to elsewhere, or a path with '..'): copy the "
                          "file into the course instead", "outside")
    try:
        info = real.stat()
    except FileNotFoundError:
        raise RefusedFile("was not found", "missing") from None
    if not stat.S_ISREG(info.st_mode):
        kind = "a folder, not a file" if stat.S_ISDIR(info.st_mode) else "not a file (a device or a pipe)"
        raise RefusedFile(f"is {kind}", "not-a-file")
    if info.st_size > max_bytes:
        raise RefusedFile(f"is {info.st_size / MB:.1f} MB, more than the {max_bytes / MB:g} MB allowed for it",
                          "too-large")
    return real


def read_content_file(content_dir: Path, path: Path, max_bytes: int) -> bytes:
    """The bytes of a course file, read only after `checked_content_path` allows it."""
    return read_content_file_at(content_dir, path, max_bytes)[1]


def read_content_file_at(content_dir: Path, path: Path, max_bytes: int) -> tuple[Path, bytes]:
    """Where a course file really is, and its bytes: checked once, then read (no more than the cap, should
    the file grow between the check and the read)."""
    real = checked_content_path(content_dir, path, max_bytes)
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0)
    descriptor = os.open(real, flags)
    with os.fdopen(descriptor, "rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise RefusedFile(f"is more than the {max_bytes / MB:g} MB allowed for it", "too-large")
    return real, data


def writable_content_path(content_dir: Path, path: Path) -> Path:
    """Where `path` really is, if writing there stays inside the content folder (the file, or the folder
    it would be made in, may be a link elsewhere)."""
    content = content_dir.resolve()
    target = path.resolve() if path.exists() or path.is_symlink() else path.parent.resolve() / path.name
    if not target.is_relative_to(content):
        raise RefusedFile("is, or is in, a link to somewhere outside the content folder: nothing was written "
                          "there; replace the link with a real file or folder", "outside")
    if target.exists() and not target.is_file():
        raise RefusedFile("is not a file: nothing was written there", "not-a-file")
    return target
