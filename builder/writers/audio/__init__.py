"""Narrated audio: an MP3 per module, the whole course as one MP3 with chapter marks, an M3U playlist,
and the spoken script as text. espeak-ng by default (offline); Google voices (gTTS) when asked."""

from __future__ import annotations

import hashlib
import json
import os
import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from builder import cache, voices
from builder.config import FrozenMapping
from builder.editions import version_name
from builder.locale import Locale
from builder.model import Course
from builder.options import Option
from builder.text import one_line
from builder.writers.audio.encode import QUALITY, Chapter, duration_ms, encode_mp3, silence, strip_id3, tagged
from builder.writers.audio.script import Track, Utterance, course_script, script_text, voice_runs
from builder.writers.audio.casting import Casting, Speaker
from builder.writers.audio.loudness import LOUDNESS, normalised
from builder.writers.audio.engines import ENGINES
from builder.writers.audio.speech import Engine, SpeechCache
from builder.writers.base import COPY_FILES, BaseWriter, FormatSkipped, OutputFile, WriterError


VOICE_CHANGE_PAUSE = 0.15  # seconds between two voices in one sentence
PART_NAMES = ("module", "session", "lesson", "unit")  # each has a label in every language (builder.labels)


class Writer(BaseWriter):
    name = "audio"
    description = "narrated MP3s: one per module, the whole course with chapters, a playlist and the script"
    offer = ("Audio", "to listen to on a phone, computer, CD or USB stick")
    options = (
        Option("engine", "the voices of languages not in [audio.voices]: espeak-ng works offline; piper has natural "
                         "voices, offline once installed; gtts uses Google's voices and needs the internet",
               "espeak-ng", choices=tuple(ENGINES)),
        Option("voices", 'a voice for each language, e.g. en = "piper:en_US-joe-medium", ur = "espeak-ng" '
                         "(README, 'Voices')", FrozenMapping({}), kind="table", entry_check=voices.choice_problem),
        Option("rate", "speaking rate in words a minute", 160, kind="int", minimum=80, maximum=300),
        Option("bitrate", "MP3 bit rate in kbit/s (mono)", 64, kind="int", minimum=32, maximum=192),
        Option("part-name", 'what the course calls a module, said with its number ("Session 3")', "module",
               choices=PART_NAMES),
    )
    pack_suffixes = (".mp3", ".m3u8")  # the script is for the trainer
    pack_step = COPY_FILES
    course_files = ("pronunciations.toml",)
    flags = ("engine",)

    # not speech/gtts: Google's speech would need the internet again
    cache_folders = ("speech/espeak-ng", "speech/piper", "mp3")
    timed = "audio"

    def __init__(self, cache_dir: Path | None = None, engine: Engine | None = None):
        super().__init__(cache_dir)
        self.engine = engine  # tests pass an engine whose HTTP layer is replaced
        self.encoded = 0  # chapters encoded now, not taken from the cache: for tests and benchmarks
        self._counting = threading.Lock()  # tracks are made in threads

    def minutes(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[float]:
        """Each module's listening time, timed on its spoken script (labels, table headers, alt text, pauses)
        at the course's rate: within about 10% of the built MP3s (bench/RESULTS.md)."""
        _, tracks = course_script(course, locale, course.pronunciations_for(locale.tag), options["part-name"])
        return [sum(len(u.text.split()) for u in track.utterances) / options["rate"]
                + sum(u.pause_before + u.pause_after for u in track.utterances) / 60 for track in tracks]

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        made, settings = self.recordings(course, locale, options)
        config = course.config
        slug = config.slug
        # Each track says its language and edition ("audio/ur-trainer-05-saying-no.mp3"): a track copied or
        # sent alone is never taken for another version's, and the edition folders keep trainers' apart.
        folder = f"audio/{version_name(course)}-"
        outputs = []
        # .m3u8: the playlist is UTF-8 by its name (a plain .m3u is read as Latin-1 by many players, which
        # garbles Polish and Urdu titles)
        playlist = ["#EXTM3U", f"#PLAYLIST:{one_line(config.title)}"]
        # The playlist starts with the introduction (title, who made it, and any translation notice).
        for recording in made:
            outputs.append(OutputFile(f"{folder}{recording.track.name}.mp3", recording.mp3, settings))
            playlist += [f"#EXTINF:{round(recording.length / 1000)},{one_line(recording.track.title)}",
                         f"{folder.removeprefix('audio/')}{recording.track.name}.mp3"]
        outputs.append(OutputFile(f"audio/{slug}.m3u8", ("\n".join(playlist) + "\n").encode("utf-8"), settings))

        bitrate = settings["bitrate"]
        whole, chapters, offset = [], [], 0
        for recording in made:
            mp3 = strip_id3(recording.mp3)
            length = round(len(mp3) * 8 / bitrate)  # constant bit rate: bytes give the playing time
            chapters += [Chapter(c.title, c.start_ms + offset, min(c.end_ms, length) + offset, c.level)
                         for c in recording.chapters]
            whole.append(mp3)
            offset += length
        course_mp3 = tagged(whole, config.title, config.title, config.organisation, locale.language.iso639_2, None,
                            chapters, settings["credits"])
        outputs.append(OutputFile(f"{slug}-audio.mp3", course_mp3, settings))
        script = script_text(made[0].track, [recording.track for recording in made[1:]])
        outputs.append(OutputFile(f"{slug}-audio-script.txt", script.encode("utf-8"), settings))
        return outputs

    def recordings(self, course: Course, locale: Locale, options: Mapping[str, Any]
                   ) -> tuple[list[Recording], dict[str, Any]]:
        """The introduction's and each module's MP3 (tagged, with chapters), and the settings they were made
        with. Other formats reuse them (the EPUB's read-along audio): from the cache, nothing is spoken or
        encoded again."""
        casting = Casting(locale, options["engine"], options["voices"], self._engine, course.config.path)
        try:
            speaker = casting.main()
            if speaker is None:
                raise FormatSkipped(f"{options['engine']} has no voice for {locale.tag}")
            return self._recorded(casting, speaker, course, locale, options)
        finally:
            self.notes += [note for note in casting.notes if note not in self.notes]
            casting.close()

    def _engine(self, name: str) -> Engine:
        """A speech engine by name: the one a test gave for its name, else a new one."""
        return self.engine if self.engine is not None and self.engine.name == name else ENGINES[name]()

    @staticmethod
    def external_inputs(options: Mapping[str, Any]) -> dict[str, str]:
        """The natural voices the options may use, each by its model's checksum or "not installed": a voice
        installed or replaced since the last build makes the audio out of date."""
        found = {}
        for name in sorted(voices.named(options["engine"], options["voices"].values())):
            try:
                model, _ = voices.installed(voices.catalogue()[name])
                found[name] = voices.file_sha256(model)
            except (voices.VoiceMissing, voices.VoiceDamaged) as problem:
                found[name] = f"{type(problem).__name__}: {problem}"
        return found

    def _recorded(self, casting: Casting, speaker: Speaker, course: Course, locale: Locale,
                  options: Mapping[str, Any]) -> tuple[list[Recording], dict[str, Any]]:
        rate, bitrate = options["rate"], options["bitrate"]
        intro, tracks = course_script(course, locale, course.pronunciations_for(locale.tag), options["part-name"])
        speech = self._speak(casting, speaker, rate, [intro, *tracks])
        # Which voices made it, for the manifest; a voice's model checksum makes new speech a new chapter.
        settings = {"engine": speaker.engine.name, "voice": speaker.voice, "rate": rate, "bitrate": bitrate,
                    "speakers": sorted({s.key for s in speech.used}), "loudness": LOUDNESS}
        credits = "; ".join(dict.fromkeys(s.credit for s in sorted(speech.used, key=lambda s: s.key) if s.credit))
        config = course.config
        # One track at a time per worker, each track's sound dropped once encoded: memory stays at a few
        # tracks' worth however long the course (a 90-module course held 1.4 GB when kept all at once).
        workers = min(len(tracks) + 1, os.cpu_count() or 1)

        def recorded(track: Track) -> Recording:  # tagged as soon as made: one copy of each kept
            mp3, chapters, length, marks = self._track(track, speech, settings)
            return Recording(track, tagged(mp3, track.title, config.title, config.organisation, locale.language.iso639_2,
                                           (track.number, len(tracks)) if track.number else None, chapters,
                                           credits),
                             chapters, length, marks)

        self.notes += [note for note in casting.notes if note not in self.notes]  # why a voice gave way first
        self.notes.append(f"voice: {speaker.describe()}")
        with ThreadPoolExecutor(max_workers=workers) as pool:
            return list(pool.map(recorded, [intro, *tracks])), {**settings, "credits": credits}

    def _track(self, track: Track, speech: _Speech, settings: Mapping[str, Any]
               ) -> tuple[bytes, list[Chapter], int, list[tuple[int, int]]]:
        """A track's MP3, chapters, length and each utterance's time, in ms. It is encoded a chapter at a
        time and the MP3s joined (constant bit rate: frames join end to end, and bytes give the time), each
        chapter from the cache when the same words were encoded with the same settings: an edit re-encodes
        only the chapters it touches, and a notice added to every module's opening only the openings."""
        mp3s, starts, marks, offset = [], [], [], 0
        for part in _chapters(track.utterances):
            mp3, part_starts, part_marks = self._encoded(part, speech, settings)
            starts += [(title, start + offset) for title, start in part_starts]
            marks += [(start + offset, end + offset) for start, end in part_marks]
            mp3s.append(mp3)
            offset += round(len(mp3) * 8 / settings["bitrate"])
        ends = [start for _, start in starts[1:]] + [offset]
        chapters = [Chapter(title, start, end, 1 if index == 0 else 2)
                    for index, ((title, start), end) in enumerate(zip(starts, ends))]
        return b"".join(mp3s), chapters, offset, marks

    def _encoded(self, utterances: list[Utterance], speech: _Speech, settings: Mapping[str, Any]
                 ) -> tuple[bytes, list[tuple[str, int]], list[tuple[int, int]]]:
        """Utterances as MP3, with where each chapter and each utterance starts in it: from the cache (where
        unchanged utterances are not even decoded), or spoken and encoded now."""
        path = None
        if self.cache_dir:
            key = hashlib.sha256(json.dumps(["chapter", settings, QUALITY, [(u.text, u.pause_before, u.pause_after,
                                                                             u.chapter) for u in utterances]],
                                            sort_keys=True).encode()).hexdigest()
            path = self.cache_dir / "mp3" / key[:2] / f"{key}.mp3"
            saved, mp3 = cache.read(path.with_suffix(".json")), cache.read(path)
            timing = json.loads(saved) if saved and mp3 is not None else {}
            if "starts" in timing:
                return (mp3, [tuple(start) for start in timing["starts"]],
                        [tuple(mark) for mark in timing["marks"]])
        pcm, starts, marks = _render(utterances, speech)
        mp3 = encode_mp3(normalised(pcm), settings["bitrate"])
        with self._counting:
            self.encoded += 1
        if path is not None:
            cache.keep(path, mp3)
            cache.keep(path.with_suffix(".json"), json.dumps({"starts": starts, "marks": marks}).encode("utf-8"))
        return mp3, starts, marks

    def _speak(self, casting: Casting, speaker: Speaker, rate: int, tracks: list[Track]) -> _Speech:
        """Every distinct piece of speech, each in its own language's voice: from the cache, or by its
        engine into the cache. A language no engine has a voice for is read by the track's voice."""
        stored = SpeechCache(self.cache_dir / "speech") if self.cache_dir else None
        speech = _Speech(stored, casting, speaker, rate)
        where: dict[tuple[Speaker, str], str] = {}  # each piece and the first track that says it, to name in a failure
        for track in tracks:
            for utterance in track.utterances:
                for piece in speech.pieces(utterance.text):
                    where.setdefault(piece, track.name)
        self.notes += [f"no voice for {tag}: read by the {speaker.describe()} voice" for tag in speech.unvoiced]
        missing = [piece for piece in sorted(where, key=lambda piece: (piece[0].key, piece[1]))
                   if not speech.has(*piece)]

        total, done = sum(len(text.split()) for _, text in missing), [0]
        counting = threading.Lock()

        def synthesise(piece: tuple[Speaker, str]) -> None:
            who, text = piece
            try:
                speech.add(who, text, who.engine.synthesise(text, who.voice, rate))
            except WriterError as err:
                raise WriterError(f"in {where[piece]}: {err}") from None
            if self.progress:  # words spoken so far: the display tells the time left from them
                with counting:
                    done[0] += len(text.split())
                    self.progress(done[0], total)

        online = [piece for piece in missing if piece[0].engine.name == "gtts"]
        # one request at a time, and none after a failure: be gentle with Google
        for piece in online:
            synthesise(piece)
        with ThreadPoolExecutor(max_workers=os.cpu_count() or 1) as pool:
            futures = [pool.submit(synthesise, piece) for piece in missing if piece[0].engine.name != "gtts"]
            try:
                for future in futures:
                    future.result()
            except BaseException:
                pool.shutdown(cancel_futures=True)
                raise
        self.synthesised = len(missing)
        return speech


@dataclass(frozen=True)
class Recording:
    """A track as made: its script, its MP3 (tagged), chapters, length and each utterance's (start, end) in ms."""

    track: Track
    mp3: bytes
    chapters: list[Chapter]
    length: int
    marks: list[tuple[int, int]]


class _Speech:
    """Spoken pieces, each a (speaker, words) pair: their sound in the cache (or in memory without one)."""

    def __init__(self, cache: SpeechCache | None, casting: Casting, speaker: Speaker, rate: int):
        self.cache, self.casting, self.speaker, self.rate = cache, casting, speaker, rate
        self.unvoiced: list[str] = []  # languages read by the track's voice, for want of their own
        self.used: set[Speaker] = {speaker}
        self.memory: dict[tuple[str, str], bytes] = {}

    def pieces(self, text: str) -> list[tuple[Speaker, str]]:
        """An utterance's (speaker, words) pieces: a passage in another language gets that language's voice."""
        found = []
        for tag, words in voice_runs(text, ""):
            who = self.casting.of(tag) if tag else self.speaker
            if who is None:
                who = self.speaker
                if tag not in self.unvoiced:
                    self.unvoiced.append(tag)
            self.used.add(who)
            found.append((who, words))
        return found

    def has(self, who: Speaker, text: str) -> bool:
        return (who.key, text) in self.memory or bool(
            self.cache and self.cache.has(who.engine.name, who.identity, self.rate, text))

    def add(self, who: Speaker, text: str, pcm: bytes) -> None:
        if not (self.cache and self.cache.put(who.engine.name, who.identity, self.rate, text, pcm)):
            self.memory[who.key, text] = pcm  # no cache, or it could not be written

    def pcm(self, text: str) -> bytes:
        """An utterance's sound: its pieces one after another, a short breath between voices. A piece gone
        from the cache since it was counted (another build pruned it, or the file was damaged) is said
        again, never left silent."""
        sounds = []
        for who, words in self.pieces(text):
            sound = self.memory.get((who.key, words))
            if sound is None and self.cache:
                sound = self.cache.get(who.engine.name, who.identity, self.rate, words)
            if sound is None:
                sound = who.engine.synthesise(words, who.voice, self.rate)
                self.add(who, words, sound)
            sounds.append(sound)
        return silence(VOICE_CHANGE_PAUSE).join(sounds)


def _chapters(utterances: list[Utterance]) -> list[list[Utterance]]:
    """A track's utterances cut where each chapter starts: the pieces it is encoded in."""
    parts: list[list[Utterance]] = []
    for utterance in utterances:
        if utterance.chapter or not parts:
            parts.append([])
        parts[-1].append(utterance)
    return parts


def _render(utterances: list[Utterance], speech: _Speech) -> tuple[bytes, list[tuple[str, int]], list[tuple[int, int]]]:
    """Utterances' sound (each with its pauses), where each chapter in them starts, and where each
    utterance's words start and end, in ms: one pass, each utterance read from the cache once."""
    parts, starts, marks, position = [], [], [], 0
    for utterance in utterances:
        if utterance.chapter:
            starts.append((utterance.chapter, duration_ms(position)))
        before, words = silence(utterance.pause_before), speech.pcm(utterance.text) if utterance.text else b""
        piece = before + words + silence(utterance.pause_after)
        marks.append((duration_ms(position + len(before)), duration_ms(position + len(before) + len(words))))
        parts.append(piece)
        position += len(piece)
    return b"".join(parts), starts, marks
