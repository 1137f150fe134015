"""Narrated audio: an MP3 per module, the whole course as one MP3 with chapter marks, an M3U playlist,
and the spoken script as text. espeak-ng by default (offline); Google voices (gTTS) when asked."""

from __future__ import annotations

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any, Mapping

from builder.model import Course
from builder.outputs import write_atomic
from builder.options import Option
from builder.writers.audio.encode import Chapter, duration_ms, encode_mp3, silence, strip_id3, tagged
from builder.writers.audio.script import Track, course_script, script_text
from builder.writers.audio.speech import ENGINES, Engine, SpeechCache
from builder.writers.base import BaseWriter, FormatSkipped, OutputFile


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

        rendered = [_render(track, speech) for track in [intro, *tracks]]
        workers = min(len(rendered), os.cpu_count() or 1)
        with ThreadPoolExecutor(max_workers=workers) as pool:
            encoded = list(pool.map(lambda pair: self._encode(pair[0], pair[1][0], settings),
                                    zip([intro, *tracks], rendered)))

        outputs = []
        total = len(tracks)
        playlist = ["#EXTM3U", f"#PLAYLIST:{config.title}"]
        for track, (pcm, chapters), mp3 in zip(tracks, rendered[1:], encoded[1:]):
            data = tagged(mp3, track.title, config.title, config.organisation, lang, (track.number, total), chapters)
            outputs.append(OutputFile(f"audio/{track.name}.mp3", data, settings))
            playlist += [f"#EXTINF:{round(duration_ms(len(pcm)) / 1000)},{track.title}", f"{track.name}.mp3"]
        outputs.append(OutputFile(f"audio/{slug}.m3u", ("\n".join(playlist) + "\n").encode("utf-8"), settings))

        whole, chapters, offset = [], [], 0
        for (pcm, track_chapters), mp3 in zip(rendered, encoded):
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

    def _encode(self, track: Track, pcm: bytes, settings: Mapping[str, Any]) -> bytes:
        """The track's MP3, from the cache when the same words were encoded with the same settings: an
        edit to one module re-encodes only that module."""
        if not self.cache_dir:
            return encode_mp3(pcm, settings["bitrate"])
        key = hashlib.sha256(json.dumps([settings, [(u.text, u.pause_before, u.pause_after)
                                                    for u in track.utterances]], sort_keys=True).encode()).hexdigest()
        path = self.cache_dir / "mp3" / key[:2] / f"{key}.mp3"
        if path.is_file():
            return path.read_bytes()
        mp3 = encode_mp3(pcm, settings["bitrate"])
        try:
            write_atomic(path, mp3)
        except OSError:
            pass  # a cache that cannot be written only costs time
        return mp3

    def _speak(self, engine: Engine, voice: str, rate: int, tracks: list[Track]) -> dict[str, bytes]:
        """PCM for every distinct utterance, from the cache or the engine."""
        cache = SpeechCache(self.cache_dir / "speech") if self.cache_dir else None
        texts = sorted({u.text for track in tracks for u in track.utterances if u.text})
        speech: dict[str, bytes] = {}
        missing = []
        for text in texts:
            cached = cache.get(engine.name, voice, rate, text) if cache else None
            if cached is None:
                missing.append(text)
            else:
                speech[text] = cached

        def synthesise(text: str) -> tuple[str, bytes]:
            pcm = engine.synthesise(text, voice, rate)
            if cache:
                cache.put(engine.name, voice, rate, text, pcm)
            return text, pcm

        if engine.name == "gtts":  # one request at a time, and none after a failure: be gentle with Google
            speech.update(synthesise(text) for text in missing)
        else:
            with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
                futures = [pool.submit(synthesise, text) for text in missing]
                try:
                    speech.update(future.result() for future in futures)
                except BaseException:
                    pool.shutdown(cancel_futures=True)
                    raise
        self.synthesised = len(missing)
        return speech


def _render(track: Track, speech: dict[str, bytes]) -> tuple[bytes, list[Chapter]]:
    """A track's PCM with its pauses, and where each chapter starts and ends."""
    parts, starts, position = [], [], 0
    for utterance in track.utterances:
        if utterance.chapter:
            starts.append((utterance.chapter, position))
        for piece in (silence(utterance.pause_before), speech.get(utterance.text, b""),
                      silence(utterance.pause_after)):
            parts.append(piece)
            position += len(piece)
    ends = [start for _, start in starts[1:]] + [position]
    chapters = [Chapter(title, duration_ms(start), duration_ms(end), 1 if index == 0 else 2)
                for index, ((title, start), end) in enumerate(zip(starts, ends))]
    return b"".join(parts), chapters
