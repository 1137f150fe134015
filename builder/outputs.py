"""Writing outputs safely: whole files or nothing, and a manifest that tells what each file is."""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Callable

MANIFEST_NAME = "manifest.json"


@dataclass(frozen=True)
class ManifestEntry:
    """One built file: where it is, what it is, and what it was made from."""

    path: str  # relative to the output folder, with "/" separators
    format: str
    language: str
    options: dict[str, Any] = field(default_factory=dict)
    size: int = 0
    sha256: str = ""
    sources: str = ""  # hash of everything that went into the file
    edition: str = "participant"  # who the file is for (builder.editions)
    # How many files its job made: a job with fewer entries was stopped while its files were put in place
    # (0: written before this was recorded)
    of: int = 0
    # Where release 0.1 put the file ("ur/confidence-and-assertiveness.pdf"), so a script that fetched files
    # by their old names can follow them; kept for one release.
    previous_name: str | None = None
    pages: int | None = None  # a PDF's or braille book's pages, for the index page
    seconds: int | None = None  # an MP3's playing time
    machine_translated: bool = False  # its version says it was translated by machine and not yet checked


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary file in the same folder and rename, so no reader sees half a file."""
    os.replace(stage(path, data), path)


def stage(path: Path, data: bytes) -> Path:
    """Write `data` to a hidden temporary file beside `path`, flushed to disk, ready to be renamed."""
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        os.chmod(temporary, 0o644)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return Path(temporary)


def ensure_writable(output_dir: Path) -> None:
    """Fail at once, before any job runs, if the output folder cannot be made or written (OSError)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    probe = stage(output_dir / ".write-test", b"")
    probe.unlink()


LOCK_NAME = ".build.lock"


class OutputBusy(Exception):
    """Another build is writing to the output folder; the message names its process."""


@contextlib.contextmanager
def one_build_at_a_time(output_dir: Path, wait: bool = False, waiting: Callable[[str], None] = print):
    """Hold the output folder for one build: a second build into it stops (OutputBusy), or with `wait` waits
    for the first, saying so. Two builds at once would take away each other's staged files. The lock is the
    operating system's (flock on an empty file that is never written), so a killed build holds nothing and a
    build that changes nothing changes no file. Worker processes forked meanwhile let go of their copy at once
    (`let_go_of_locks`): a killed build's last workers held the folder for a moment after it had gone."""
    import fcntl

    with open(output_dir / LOCK_NAME, "a", encoding="utf-8") as handle:
        _HELD.add(handle.fileno())
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _holder(output_dir / LOCK_NAME)
            message = f"another build{f' (process {holder})' if holder else ''} is writing to {output_dir}"
            if not wait:
                raise OutputBusy(f"{message}: wait for it to finish, run again with --wait, or choose another "
                                 "--output") from None
            waiting(f"{message}: waiting for it to finish...")
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            _HELD.discard(handle.fileno())
            fcntl.flock(handle, fcntl.LOCK_UN)


def _holder(path: Path) -> int | None:
    """The process holding the lock on `path`, as Linux lists it in /proc/locks (None elsewhere, or unknown)."""
    try:
        status = path.stat()
        listed = Path("/proc/locks").read_text(encoding="ascii", errors="replace")
    except OSError:
        return None
    place = f"{os.major(status.st_dev):02x}:{os.minor(status.st_dev):02x}:{status.st_ino}"
    for line in listed.splitlines():
        fields = line.split()
        if len(fields) > 5 and fields[1] == "FLOCK" and fields[5] == place and fields[4].isdigit():
            return int(fields[4])
    return None


# The descriptors of the output-folder locks this process holds. A forked worker inherits them, and an flock
# lasts while any copy is open: each worker closes its copies as it starts, so only the build holds the lock.
_HELD: set[int] = set()


def let_go_of_locks() -> None:
    """In a worker process just forked from a build: close the copies of the build's locks it inherited."""
    for held in list(_HELD):
        try:
            os.close(held)
        except OSError:
            pass
    _HELD.clear()


def remove_partial_files(output_dir: Path) -> None:
    """Temporary files left by a build that was killed before it could rename them."""
    if output_dir.is_dir():
        for leftover in output_dir.rglob(".*.part"):
            leftover.unlink(missing_ok=True)


def zip_entry(name: str) -> zipfile.ZipInfo:
    """A zip entry dated 1980-01-01 and readable by all: the same input gives the same zip bytes."""
    entry = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
    entry.compress_type = zipfile.ZIP_DEFLATED
    entry.external_attr = 0o644 << 16
    return entry


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def read_manifest(output_dir: Path) -> dict[str, ManifestEntry]:
    """Every file the last build made, whether or not it is still there (a job whose file was deleted is
    out of date: see `present`); an unreadable manifest counts as empty."""
    try:
        data = json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8"))
        entries = [ManifestEntry(**item) for item in data["files"]]
    except (OSError, ValueError, KeyError, TypeError):
        return {}
    return {entry.path: entry for entry in entries}


def present(output_dir: Path, entry: ManifestEntry) -> bool:
    """The entry's file is there, with the size it was written with."""
    path = output_dir / entry.path
    return path.is_file() and path.stat().st_size == entry.size


def read_skipped(output_dir: Path) -> list[dict[str, str]]:
    """The formats and languages the last build could not make, and why."""
    try:
        return list(json.loads((output_dir / MANIFEST_NAME).read_text(encoding="utf-8")).get("skipped", []))
    except (OSError, ValueError, AttributeError):
        return []


def write_manifest(output_dir: Path, entries: dict[str, ManifestEntry], course: str, version: str,
                   skipped: list[dict[str, str]] | None = None) -> None:
    """The manifest lists files in path order with no dates, so the same build gives the same bytes;
    `skipped` says which format and language could not be made, and why."""
    document = {
        "tool": "accessible-training-builder",
        "version": version,
        "course": course,
        "files": [asdict(entries[path]) for path in sorted(entries)],
        "skipped": sorted(skipped or [], key=lambda s: (s.get("edition", ""), s["language"], s["format"])),
    }
    data = (json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n").encode("utf-8")
    path = output_dir / MANIFEST_NAME
    if path.is_file() and path.read_bytes() == data:
        return  # unchanged: leave the file (and its date) alone
    write_atomic(path, data)
