"""The build cache (`--cache`, default `.cache`): slow work kept between builds, and pruned of what no
build has used for a while, so that it does not grow with every edit."""

from __future__ import annotations

import contextlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from builder.outputs import write_atomic

# What the writers keep, each in its own folder; nothing else in the cache folder is ever deleted. Speech
# from online voices (speech/gtts) is never pruned: making it again would need the internet.
FOLDERS = ("speech/espeak-ng", "mp3", "drawings", "large-print")
SUFFIXES = (".pcm.z", ".mp3", ".json", ".png", ".pdf", ".part")  # (.part: a write cut short)
UNUSED_DAYS = 30  # kept this long after the last build that used it


def keep(path: Path, data: bytes) -> None:
    """Write a cache file whole (see `write_atomic`); a cache that cannot be written only costs time, so a
    failure (a full disk, a read-only folder) is let pass."""
    try:
        write_atomic(path, data)
    except OSError:
        pass


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


def prune(cache_dir: Path, unused_days: float = UNUSED_DAYS, now: float | None = None) -> Pruned:
    """Delete the cache files no build has written or read for `unused_days`. Only the writers' own files
    go: links are not followed, and other files in the folder are left alone."""
    cutoff = (time.time() if now is None else now) - unused_days * 86400
    files = size = 0
    for name in FOLDERS:
        for root, _, names in os.walk(cache_dir / name):  # os.walk does not follow links to folders
            for file_name in names:
                path = Path(root) / file_name
                try:
                    status = path.lstat()
                    if not path.is_symlink() and file_name.endswith(SUFFIXES) and status.st_mtime < cutoff:
                        path.unlink()
                        files, size = files + 1, size + status.st_size
                except OSError:
                    continue  # gone already, or not ours to delete: the cache only costs space
    return Pruned(files, size)
