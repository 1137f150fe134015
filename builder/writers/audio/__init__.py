"""Narrated audio: an MP3 per module, the whole course as one MP3 with chapter marks, an M3U playlist,
and the spoken script as text. espeak-ng by default (offline); Google voices (gTTS) when asked."""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping

from builder.editions import file_folder
from builder.model import Course
from builder.outputs import write_atomic
from builder.options import Option
from builder.writers.audio.encode import Chapter, duration_ms, encode_mp3, silence, strip_id3, tagged
from builder.writers.audio.script import Track, course_script, script_text
from builder.writers.audio.speech import ENGINES, Engine, SpeechCache
from builder.writers.base import BaseWriter, FormatSkipped, OutputFile, WriterError


class Writer(BaseWriter):
    name = "audio"
    description = "narrated MP3s: one per module, the whole course with chapters, a playlist and the script"
    options = (
        Option("engine", "espeak-ng works offline; gtts uses Google's voices and needs the internet", "espeak-ng",
               choices=tuple(ENGINES)),
        Option("rate", "speaking rate in words a minute (espeak-ng)", 160, kind="int", minimum=80, maximum=300),
        Option("bitrate", "MP3 bit rate in kbit/s (mono)", 64, kind="int", minimum=32, maximum=192),
    )

    def __init__(self, cache_dir: Path | None = None, engine: Engine | None = None):
        super().__init__(cache_dir)
        self.engine = engine  # tests pass an engine whose HTTP layer is replaced

    def write(self, course: Course, lang: str, options: Mapping[str, Any]) -> list[OutputFile]:
        engine = self.engine or ENGINES[options["engine"]]()
        voice = engine.voice_for(lang)
        if voice is None:
            raise FormatSkipped(f"{engine.name} has no voice for {lang}")
        rate, bitrate = options["rate"], options["bitrate"]
        intro, tracks = course_script(course, lang, course.pronunciations_for(lang))
        speech = self._speak(engine, voice, rate, [intro, *tracks])
        settings = {"engine": engine.name, "voice": voice, "rate": rate, "bitrate": bitrate}
        config = course.config
        slug = config.slug
        folder = f"audio/{file_folder(course)}"

        # One track at a time per worker, each track's sound dropped once encoded: memory stays at a few
        # tracks' worth however long the course (a 90-module course held 1.4 GB when kept all at once).
        workers = min(len(tracks) + 1, os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            made = list(pool.map(lambda track: self._track(track, speech, settings), [intro, *tracks]))

        outputs = []
        total = len(tracks)
        playlist = ["#EXTM3U", f"#PLAYLIST:{config.title}"]
        for track, (mp3, chapters, length) in zip(tracks, made[1:]):
            data = tagged(mp3, track.title, config.title, config.organisation, lang, (track.number, total), chapters)
            outputs.append(OutputFile(f"{folder}{track.name}.mp3", data, settings))
            playlist += [f"#EXTINF:{round(length / 1000)},{track.title}", f"{track.name}.mp3"]
        outputs.append(OutputFile(f"{folder}{slug}.m3u", ("\n".join(playlist) + "\n").encode("utf-8"), settings))

        whole, chapters, offset = [], [], 0
        for mp3, track_chapters, _ in made:
            length = round(len(mp3) * 8 / bitrate)  # constant bit rate: bytes give the playing time
            chapters += [Chapter(c.title, c.start_ms + offset, min(c.end_ms, length) + offset, c.level)
                         for c in track_chapters]
            whole.append(mp3)
            offset += length
        course_mp3 = tagged(b"".join(strip_id3(m) for m in whole), config.title, config.title, config.organisation,
                            lang, None, chapters)
        outputs.append(OutputFile(f"{slug}-audio.mp3", course_mp3, settings))
        outputs.append(OutputFile(f"{slug}-audio-script.txt", script_text(intro, tracks).encode("utf-8"), settings))
        return outputs

    def _track(self, track: Track, speech: _Speech, settings: Mapping[str, Any]) -> tuple[bytes, list[Chapter], int]:
        """A track's MP3, chapters and length in ms. The MP3 (with its chapter times beside it) comes from
        the cache when the same words were encoded with the same settings, so an edit to one module
        re-encodes only that module, and unchanged ones are not even decoded."""
        path = None
        if self.cache_dir:
            key = hashlib.sha256(json.dumps([settings, [(u.text, u.pause_before, u.pause_after)
                                                        for u in track.utterances]], sort_keys=True).encode())
            path = self.cache_dir / "mp3" / key.hexdigest()[:2] / f"{key.hexdigest()}.mp3"
            timing = path.with_suffix(".json")
            if path.is_file() and timing.is_file():
                saved = json.loads(timing.read_text(encoding="utf-8"))
                return path.read_bytes(), [Chapter(*c) for c in saved["chapters"]], saved["length"]
        pcm, chapters, length = _render(track, speech)
        mp3 = encode_mp3(pcm, settings["bitrate"])
        if path is not None:
            try:
                write_atomic(path, mp3)
                write_atomic(path.with_suffix(".json"), json.dumps(
                    {"chapters": [[c.title, c.start_ms, c.end_ms, c.level] for c in chapters],
                     "length": length}).encode("utf-8"))
            except OSError:
                pass  # a cache that cannot be written only costs time
        return mp3, chapters, length

    def _speak(self, engine: Engine, voice: str, rate: int, tracks: list[Track]) -> _Speech:
        """Every distinct utterance spoken: from the cache, or by the engine into the cache."""
        cache = SpeechCache(self.cache_dir / "speech") if self.cache_dir else None
        speech = _Speech(cache, engine.name, voice, rate)
        where: dict[str, str] = {}  # each text and the first track that says it, to name it in a failure
        for track in tracks:
            for utterance in track.utterances:
                if utterance.text:
                    where.setdefault(utterance.text, track.name)
        missing = [text for text in sorted(where) if not speech.has(text)]

        def synthesise(text: str) -> None:
            try:
                speech.add(text, engine.synthesise(text, voice, rate))
            except WriterError as err:
                raise WriterError(f"in {where[text]}: {err}") from None

        if engine.name == "gtts":  # one request at a time, and none after a failure: be gentle with Google
            for text in missing:
                synthesise(text)
        else:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                futures = [pool.submit(synthesise, text) for text in missing]
                try:
                    for future in futures:
                        future.result()
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
        self.synthesised = len(missing)
        return speech


class _Speech:
    """Spoken utterances: their sound in the cache (or in memory when there is no cache)."""

    def __init__(self, cache: SpeechCache | None, engine: str, voice: str, rate: int):
        self.cache, self.key = cache, (engine, voice, rate)
        self.memory: dict[str, bytes] = {}

    def has(self, text: str) -> bool:
        return text in self.memory or bool(self.cache and self.cache.path(*self.key, text).is_file())

    def add(self, text: str, pcm: bytes) -> None:
        if not (self.cache and self.cache.put(*self.key, text, pcm)):
            self.memory[text] = pcm  # no cache, or it could not be written

    def pcm(self, text: str) -> bytes:
        if text in self.memory:
            return self.memory[text]
        return (self.cache.get(*self.key, text) if self.cache else None) or b""


def _render(track: Track, speech: _Speech) -> tuple[bytes, list[Chapter], int]:
    """A track's sound (each utterance with its pauses), where each chapter starts and ends, and its
    length in ms: one pass, each utterance read from the cache once."""
    parts, starts, position = [], [], 0
    for utterance in track.utterances:
        if utterance.chapter:
            starts.append((utterance.chapter, position))
        piece = silence(utterance.pause_before) + (speech.pcm(utterance.text) if utterance.text else b"") + \
            silence(utterance.pause_after)
        parts.append(piece)
        position += len(piece)
    ends = [start for _, start in starts[1:]] + [position]
    chapters = [Chapter(title, duration_ms(start), duration_ms(end), 1 if index == 0 else 2)
                for index, ((title, start), end) in enumerate(zip(starts, ends))]
    return b"".join(parts), chapters, duration_ms(position)
