"""The natural voices a course may choose (builder/data/voices.toml), where an installed one is, and whether its
files are still the pinned ones. `make` installs them (scripts/fetch-voices); a build only reads them."""

from __future__ import annotations

import difflib
import hashlib
import importlib.util
import os
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Iterable

from builder.languages import engine_voices, lookup, normalise_tag

CATALOGUE = Path(__file__).parent / "data" / "voices.toml"
INSTALLED = Path(__file__).resolve().parent.parent / ".voices"  # where `make` installs voices by default
PLAIN_ENGINES = ("espeak-ng", "gtts")  # engines chosen by name alone: each language's voice is in languages.toml


@dataclass(frozen=True)
class VoiceFile:
    """One file of a voice: its name, pinned SHA-256 and, for a voice fetched from the web, its address."""

    name: str
    sha256: str
    url: str = ""


@dataclass(frozen=True)
class Voice:
    """A natural voice as the catalogue describes it."""

    name: str
    engine: str
    language: str  # BCP 47, with its region: "en-US"
    description: str
    model: VoiceFile
    config: VoiceFile
    words_a_minute: int
    licence: str
    credit: str
    package: str = ""  # "name==version" on the package registry
    module: str = ""  # the package's import name: its files are in <module>/data/

    @property
    def files(self) -> tuple[VoiceFile, VoiceFile]:
        return self.model, self.config


class VoiceMissing(Exception):
    """The voice is not installed (make installs it when it can)."""


class VoiceDamaged(Exception):
    """An installed file of the voice is not the pinned one: damaged, cut short or replaced."""


@lru_cache(maxsize=4)
def catalogue(path: Path = CATALOGUE) -> dict[str, Voice]:
    """Every voice in the catalogue, by name (read once: the file is part of the builder)."""
    with path.open("rb") as handle:
        entries = tomllib.load(handle)
    def file(given: dict) -> VoiceFile:
        return VoiceFile(given["file"], given["sha256"], given.get("url", ""))

    return {name: Voice(name, entry["engine"], entry["language"], entry["description"],
                        file(entry["model"]), file(entry["config"]), entry["words-a-minute"],
                        entry["licence"], entry["credit"], entry.get("package", ""), entry.get("module", ""))
            for name, entry in entries.items()}


def folder() -> Path:
    """Where voices are installed: VOICES_DIR, else `.voices/` beside the builder package."""
    return Path(os.environ.get("VOICES_DIR") or INSTALLED)


def installed(voice: Voice, where: Path | None = None) -> tuple[Path, Path]:
    """The voice's model and config, checked against their pins: from `<where>/<name>/`, else from its Python
    package. VoiceMissing when neither has it; VoiceDamaged when a file is there but is not the pinned one."""
    own = (where or folder()) / voice.name
    places = [own]
    if voice.module and (spec := importlib.util.find_spec(voice.module)) and spec.submodule_search_locations:
        places.append(Path(next(iter(spec.submodule_search_locations))) / "data")
    for place in places:
        paths = [place / file.name for file in voice.files]
        if not any(path.is_file() for path in paths):
            continue
        for file, path in zip(voice.files, paths):
            if not path.is_file():
                raise VoiceDamaged(f"{path} is missing beside the voice's other file")
            if file_sha256(path) != file.sha256:
                raise VoiceDamaged(f"{path} is not the file the builder pins (its SHA-256 differs: damaged, cut "
                                   "short or replaced)")
        return paths[0], paths[1]
    raise VoiceMissing(f"{voice.name} is not installed")


def file_sha256(path: Path) -> str:
    """A file's SHA-256, remembered while it keeps its size and time (a voice is 60 MB: each job checks it)."""
    status = path.stat()
    return _sha256(str(path), status.st_size, status.st_mtime_ns)


@lru_cache(maxsize=32)
def _sha256(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def named(engine: str, chosen: Iterable[object], tags: Iterable[str] | None = None) -> list[str]:
    """The catalogue's voices an audio setting may speak with: those chosen per language ([audio.voices]), and
    with a natural `engine`, its voice for each of `tags` (every language and region the builder knows when
    None). What `make` installs, and what each audio job's inputs follow."""
    found = [parse_choice(text)[1] for text in chosen if isinstance(text, str)]
    if engine not in PLAIN_ENGINES:
        found += engine_voices(engine) if tags is None else \
            [language.voice(engine, tag) or "" for tag in tags if (language := lookup(tag))]
    return [name for name in dict.fromkeys(found) if name in catalogue()]


def parse_choice(text: str) -> tuple[str, str]:
    """`piper:en_US-joe-medium` -> ("piper", "en_US-joe-medium"); `espeak-ng` -> ("espeak-ng", "")."""
    engine, _, name = text.strip().partition(":")
    return engine.strip(), name.strip()


def choice_problem(tag: str, text: object) -> str | None:
    """What is wrong with a course's voice for `tag` ([audio.voices]), or None: an engine the builder has, a
    voice in the catalogue, speaking the language of `tag`."""
    if not isinstance(text, str):
        return f'must be a voice in quotes, e.g. "piper:en_US-joe-medium" or "espeak-ng", not {text!r}'
    canonical = normalise_tag(tag)
    if canonical is None:
        return f'is for "{tag}", which is not a language tag: use one such as "en-GB" or "pl"'
    engine, name = parse_choice(text)
    voices = catalogue()
    engines = sorted({*PLAIN_ENGINES, *(voice.engine for voice in voices.values())})
    if engine in PLAIN_ENGINES:
        return None if not name else f'"{text}": {engine} takes no voice name here (its voice for each language ' \
                                     'is the builder\'s): write "' + engine + '"'
    if engine not in engines:
        return f'"{text}" names an unknown engine "{engine}"; engines are: {", ".join(engines)}'
    own = {voice_name: voice for voice_name, voice in voices.items() if voice.engine == engine}
    if name not in own:
        close = difflib.get_close_matches(name, list(own), n=1)
        hint = f" (did you mean {engine}:{close[0]}?)" if close else ""
        return (f'"{text}" is not a voice the builder knows{hint}; {engine} voices: '
                f'{", ".join(sorted(own)) or "none"} (builder/data/voices.toml)')
    voice = own[name]
    if voice.language.split("-")[0].lower() != canonical.split("-")[0].lower():
        return f'"{text}" speaks {voice.language}, not {canonical}: choose a voice for {canonical}'
    return None
