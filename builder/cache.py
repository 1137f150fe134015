"""The build cache (`--cache`, default `.cache`): slow work kept between builds, and pruned of what no
build has used for a while, so that it does not grow with every edit."""

from __future__ import annotations

import contextlib
import os
import re
import stat
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

from builder.outputs import write_atomic

# Each writer names the folders it keeps its work in (`cache_folders`); in them, only files named as the
# writers name them are ever deleted: a hash (64 hex digits) in a folder named by its first two digits (or
# `shapes`), or such a file's write cut short. Speech from online voices (speech/gtts) is never named by a
# writer for pruning: making it again would need the internet.
_NAME = re.compile(r"(?P<part>\.)?(?P<hash>[0-9a-f]{64})\.(?:pcm|pcm\.z|mp3|json|png|pdf)(?(part)\.\w+\.part)")
UNUSED_DAYS = 30  # kept this long after the last build that used it


def keep(path: Path, data: bytes) -> bool:
    """Write a cache file whole (see `write_atomic`), saying whether it was written; a cache that cannot be
    written only costs time, so a failure (a full disk, a read-only folder) is let pass."""
    try:
        write_atomic(path, data)
    except OSError:
        return False
    return True


def read(path: Path) -> bytes | None:
    """A cache file's bytes, or None if it is not there. Reading it marks it used (its time is set to now),
    so that pruning keeps what builds still use."""
    try:
        data = path.read_bytes()
    except OSError:
        return None
    with contextlib.suppress(OSError):
        os.utime(path)
    return data


def touch(path: Path) -> bool:
    """Whether a cache file is there, marking it used: a file a build needs but does not read this time
    (speech whose chapter's MP3 is kept) is kept as long as the one it would be read for."""
    try:
        os.utime(path)
    except OSError:
        return False
    return True


@dataclass(frozen=True)
class Pruned:
    """What pruning removed, for the closing message."""

    files: int = 0
    size: int = 0  # bytes


def prune(cache_dir: Path, folders: Iterable[str], unused_days: float = UNUSED_DAYS,
          now: float | None = None) -> Pruned:
    """Delete the files in the writers' `folders` of the cache that no build has written or read for
    `unused_days`. Nothing but the writers' own files goes: see `_NAME`; a folder that is a link, or a link
    inside one, is left alone."""
    cutoff = (time.time() if now is None else now) - unused_days * 86400
    files = size = 0
    for name in folders:
        top = cache_dir / name
        if any(folder.is_symlink() for folder in [top, *top.parents]
               if folder != cache_dir and folder.is_relative_to(cache_dir)):
            continue
        for root, _, names in os.walk(top):  # links to folders inside are not followed
            for file_name in names:
                path = Path(root) / file_name
                found = _NAME.fullmatch(file_name)
                if not found or path.parent.name not in (found.group("hash")[:2], "shapes"):
                    continue
                try:
                    status = path.lstat()
                    if stat.S_ISREG(status.st_mode) and status.st_mtime < cutoff:
                        path.unlink()
                        files, size = files + 1, size + status.st_size
                except OSError:
                    continue  # gone already, or not ours to delete: the cache only costs space
    return Pruned(files, size)
