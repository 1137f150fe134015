"""Which engine and voice say each language of one version: course.toml's [audio.voices], else the [audio]
engine's voice for the language. A natural voice that is not installed gives way to espeak-ng, and the
coordinator is told, so that nobody ships a robot voice by surprise."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from builder import voices
from builder.languages import normalise_tag
from builder.locale import Locale
from builder.model import Source
from builder.writers.audio.speech import Engine
from builder.writers.base import WriterError

FALLBACK = "espeak-ng"  # offline, with a voice for every language the builder knows


@dataclass(frozen=True)
class Speaker:
    """An engine and one of its voices."""

    engine: Engine
    voice: str

    @property
    def identity(self) -> str:
        """The voice as the speech cache knows it (a natural voice's name with its model's checksum)."""
        return self.engine.identity(self.voice)

    @property
    def key(self) -> str:
        """The engine and the voice's identity."""
        return f"{self.engine.name}:{self.identity}"

    @property
    def credit(self) -> str:
        """Who made the voice and its licence, for the MP3's and the EPUB's metadata ("" for espeak-ng)."""
        entry = voices.catalogue().get(self.voice)
        return f"{entry.credit}; licence {entry.licence}" if entry and entry.engine == self.engine.name else ""

    def describe(self) -> str:
        """The voice in plain words for the closing table: "piper en_US-joe-medium", "espeak-ng (pl)"."""
        return f"{self.engine.name} {self.voice}" if self.voice in voices.catalogue() else \
            f"{self.engine.name} ({self.voice})"


class Casting:
    """The speakers of one version, chosen once per language, with what the coordinator should know."""

    def __init__(self, locale: Locale, engine: str, chosen: Mapping[str, str], make: Callable[[str], Engine],
                 config_path: Path | None = None):
        self.locale = locale
        self.default = engine
        self.given = {normalise_tag(tag) or tag: tag for tag in chosen}  # each tag as course.toml writes it
        self.chosen = {normalise_tag(tag) or tag: text for tag, text in chosen.items()}
        self.config_path = config_path  # course.toml, to name the line that chose a voice that cannot be used
        self.make = make
        self.engines: dict[str, Engine] = {}
        self.speakers: dict[str, Speaker | None] = {}
        self.notes: list[str] = []

    def main(self) -> Speaker | None:
        """The version's own speaker, or None when its engine has no voice for its language."""
        return self.of(self.locale.tag)

    def of(self, tag: str) -> Speaker | None:
        """The speaker of a language in this version, or None when none can say it."""
        if tag not in self.speakers:
            self.speakers[tag] = self._cast(tag)
        return self.speakers[tag]

    def _cast(self, tag: str) -> Speaker | None:
        locale = self.locale.of(tag)
        text = self.chosen.get(tag) or self.chosen.get(tag.split("-")[0])
        engine_name, voice = voices.parse_choice(text) if text else (self.default, "")
        engine = self._engine(engine_name)
        voice = voice or engine.voice_for(locale) or ""
        if not voice:
            if engine_name in voices.PLAIN_ENGINES:
                return None
            self.notes.append(f"no {engine_name} voice for {tag}: spoken by {FALLBACK}")
            return self._fallback(locale)
        try:
            reason = engine.usable(voice)
        except voices.VoiceDamaged as damaged:
            setting, where = self._chosen_at(tag)
            raise WriterError(f"the voice {voice} ({setting}) cannot be used: {damaged}. Run make to install it "
                              "again", where) from None
        if reason:
            self.notes.append(f"{reason}: {tag} is spoken by {FALLBACK} instead")
            return self._fallback(locale)
        return Speaker(engine, voice)

    def _chosen_at(self, tag: str) -> tuple[str, Source | None]:
        """Which setting chose the voice for `tag` ("[audio.voices] pl"), and its line in course.toml."""
        key = self.given.get(tag) or self.given.get(tag.split("-")[0])
        setting = f"[audio.voices] {key}" if key else "[audio] engine"
        if self.config_path is None:
            return setting, None
        from builder.content_files import RefusedFile, read_content_file
        from builder.course_toml import MAX_CONFIG_BYTES, KeyLines

        try:
            text = read_content_file(self.config_path.parent, self.config_path, MAX_CONFIG_BYTES).decode("utf-8-sig")
        except (OSError, RefusedFile, UnicodeDecodeError):
            return setting, Source(self.config_path, 0)
        lines = KeyLines(text)
        return setting, Source(self.config_path, lines.key("audio.voices", key) if key else lines.key("audio", "engine"))

    def _fallback(self, locale: Locale) -> Speaker | None:
        engine = self._engine(FALLBACK)
        voice = engine.voice_for(locale)
        return Speaker(engine, voice) if voice else None

    def _engine(self, name: str) -> Engine:
        if name not in self.engines:
            self.engines[name] = self.make(name)
        return self.engines[name]

    def close(self) -> None:
        for engine in self.engines.values():
            engine.close()
