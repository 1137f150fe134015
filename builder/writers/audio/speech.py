"""Speech engines behind one interface, and a cache so each piece of text is synthesised only once.

All engines return 16-bit mono PCM at `SAMPLE_RATE`, so the tracks can be joined and encoded alike.
espeak-ng is local and the default; gTTS (Google voices) needs the internet and is asked through our
own HTTP session: timeouts, certificate checks, and retries with backoff on 429 and 5xx.
"""

from __future__ import annotations

import hashlib
import json
import queue
import re
import shutil
import struct
import subprocess
import sys
import threading
import time
import zlib
from pathlib import Path
from typing import Callable

from builder import cache
from builder.languages import engine_voices
from builder.locale import Locale
from builder.writers.audio import espeak_library
from builder.writers.base import WriterError

SAMPLE_RATE = 22050


class Engine:
    """A speech engine: `voice_for(locale)` and `synthesise(text, voice, rate) -> PCM bytes`. Each
    language's voice for an engine is in builder/data/languages.toml, under the engine's name."""

    name = ""

    def voice_for(self, locale: Locale) -> str | None:
        return locale.voice(self.name)

    def usable(self, voice: str) -> str | None:
        """Why the voice cannot speak on this machine (a natural voice not installed), or None."""
        return None

    def identity(self, voice: str) -> str:
        """The voice as stored speech is keyed: its name, or more when the name alone does not fix the sound."""
        return voice

    def synthesise(self, text: str, voice: str, rate: int) -> bytes:
        raise NotImplementedError

    def close(self) -> None:
        """Let go of anything kept between utterances (processes): the next utterance starts it again."""


# Letters each followed by a full stop, eight or more in a row ("a.b.c.d.e.f.g.h."): espeak-ng 1.51 reads
# such a run as one abbreviation and, past about 45 letters, overruns a buffer and aborts the process (also
# inside Piper, which finds its sounds with espeak-ng). "e.g." and "U.K." are shorter and left as they are.
_LETTER_RUN = re.compile(r"(?:[^\W\d_]\.){8,}")


def speakable(text: str) -> str:
    """The text with each long run of letter-and-full-stop split into letters with spaces ("a. b. c."): said
    the same, letter by letter, without crashing espeak-ng."""
    return _LETTER_RUN.sub(lambda found: found.group(0).replace(".", ". ").rstrip(), text)


class EspeakEngine(Engine):
    """espeak-ng: each utterance said by a fresh fork of a process that has loaded the library
    (espeak_library.py), which gives the same samples as the command; by the command, with the text on
    standard input (never on the command line), when the library cannot be loaded that way."""

    name = "espeak-ng"
    # espeak-ng's -s speaks about 1.2 times faster than the words a minute it is given (measured with
    # 200 words of plain English at -s 130, 160, 200): scale so `rate` means real words a minute.
    SPEED_FACTOR = 1.2
    timeout = 120  # seconds for one utterance: a long paragraph takes about 1
    def __init__(self) -> None:
        self._files: dict[str, str] | None = None  # each voice name's file, found on first use
        self._finding = threading.Lock()  # utterances are said in threads
        self.speakers = Speakers()

    def voice_file(self, voice: str) -> str:
        """The voice's file ("gmw/en" for "en-gb"): the same samples, without espeak-ng reading all 400 voice
        files to choose it for each utterance. The name itself when the library cannot be asked."""
        with self._finding:
            if self._files is None:
                self._files = _voice_files(engine_voices(self.name))
        return self._files.get(voice, voice)

    def synthesise(self, text: str, voice: str, rate: int) -> bytes:
        speed = round(rate / self.SPEED_FACTOR)
        text = speakable(text)
        said = self.speakers.say(text, self.voice_file(voice), speed, self.timeout)
        if said is TIMED_OUT:
            raise self._too_long(text)
        return trim_silence(said) if said is not None else self._by_command(text, voice, speed)

    def close(self) -> None:
        self.speakers.close()

    def _by_command(self, text: str, voice: str, speed: int) -> bytes:
        program = shutil.which("espeak-ng")
        if program is None:
            raise WriterError("espeak-ng is not installed: run make setup (or sudo apt-get install espeak-ng)")
        try:
            result = subprocess.run([program, "-v", self.voice_file(voice), "-s", str(speed), "--stdin", "--stdout"],
                                    input=text.encode("utf-8"), capture_output=True, timeout=self.timeout, check=False)
        except subprocess.TimeoutExpired:
            raise self._too_long(text) from None
        if result.returncode != 0:
            raise WriterError(f"espeak-ng failed ({result.stderr.decode(errors='replace').strip()[:200]})")
        return trim_silence(_wav_data(result.stdout))

    def _too_long(self, text: str) -> WriterError:
        return WriterError(f"espeak-ng took over {self.timeout} s to say '{text[:40]}...': split that passage, or "
                           "shorten a pronunciation that makes it very long")


_LIBRARY = str(Path(__file__).with_name("espeak_library.py"))
TIMED_OUT = object()  # what `Speakers.say` answers for an utterance that took too long


class Speakers:
    """Processes running `espeak_library.py speak`, each used by one thread at a time and kept for the next;
    closed with the engine. If one cannot start (no library to load), none is started again and `say`
    answers None: the command says the text instead."""

    def __init__(self) -> None:
        self.idle: queue.SimpleQueue[subprocess.Popen] = queue.SimpleQueue()
        self.started: list[subprocess.Popen] = []
        self.broken = False
        self._starting = threading.Lock()

    def say(self, text: str, voice_file: str, speed: int, timeout: float) -> bytes | object | None:
        """The samples, TIMED_OUT, or None when no speaker could say it (the command is asked then)."""
        try:
            speaker = self.idle.get_nowait()
        except queue.Empty:
            speaker = self._start()
        if speaker is None:
            return None
        request = {"voice": voice_file, "speed": speed, "text": text, "timeout": timeout}
        try:
            speaker.stdin.write(json.dumps(request).encode("utf-8") + b"\n")
            speaker.stdin.flush()
            length = _length(speaker.stdout.read(8))
            pcm = speaker.stdout.read(length) if length > 0 else b""
            if len(pcm) != max(length, 0):
                raise ValueError("the speaker ended")
        except (OSError, ValueError):  # it ended: stop it, and let the command say this one
            _stop(speaker)
            return None
        self.idle.put(speaker)
        if length == espeak_library.TIMED_OUT:
            return TIMED_OUT
        return pcm if length >= 0 else None  # FAILED: the command says it, or says why it cannot

    def _start(self) -> subprocess.Popen | None:
        with self._starting:
            if self.broken:
                return None
            speaker = subprocess.Popen([sys.executable, "-I", "-S", _LIBRARY, "speak", str(SAMPLE_RATE)],
                                       stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
            try:
                _length(speaker.stdout.read(8))  # 0 once ready
            except ValueError:
                _stop(speaker)
                self.broken = True
                return None
            self.started.append(speaker)
            return speaker

    def close(self) -> None:
        with self._starting:
            for speaker in self.started:
                _stop(speaker)
            self.started = []
            self.idle = queue.SimpleQueue()


def _length(header: bytes) -> int:
    if len(header) != 8:
        raise ValueError("the speaker ended")
    return struct.unpack("<q", header)[0]


def _stop(speaker: subprocess.Popen) -> None:
    """End a speaker: closing its input ends it; one that does not end is killed."""
    for stream in (speaker.stdin, speaker.stdout):
        try:
            stream.close()
        except OSError:
            pass
    try:
        speaker.wait(timeout=5)
    except subprocess.TimeoutExpired:
        speaker.kill()
        speaker.wait()


def _voice_files(names: list[str]) -> dict[str, str]:
    """Each voice name's file, asked of the espeak-ng library in a process of its own (espeak_library.py); none
    if that fails, so that the names are used as they are: slower, the same sound."""
    try:
        result = subprocess.run([sys.executable, "-I", "-S", _LIBRARY, "voices", *names],
                                capture_output=True, timeout=30, check=True)
        found = json.loads(result.stdout)
    except (OSError, subprocess.SubprocessError, ValueError):
        return {}
    return {name: file for name, file in found.items() if isinstance(file, str) and re.fullmatch(r"[\w/-]+", file)}


class GttsEngine(Engine):
    """Google's voices through gTTS: gTTS builds the requests, we send them (safely) and read the audio."""

    name = "gtts"
    TIMEOUT = (10, 30)  # connect, read
    ATTEMPTS = 4

    def __init__(self, session=None, sleep: Callable[[float], None] = time.sleep):
        self.session = session
        self.sleep = sleep

    def synthesise(self, text: str, voice: str, rate: int) -> bytes:
        import miniaudio

        mp3 = b"".join(self._fetch(text, voice))
        if not mp3:
            raise WriterError("Google's voice service answered without audio: try again later, or use espeak-ng")
        decoded = miniaudio.decode(mp3, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1,
                                   sample_rate=SAMPLE_RATE)
        return bytes(decoded.samples.tobytes())

    def _fetch(self, text: str, voice: str):
        import requests
        from gtts import gTTS

        lang, _, tld = voice.partition("@")
        prepared_requests = gTTS(text, lang=lang, tld=tld or "com", lang_check=False)._prepare_requests()
        session = self.session or requests.Session()
        for prepared in prepared_requests:
            response = self._send(session, prepared)
            found = False
            for line in response.iter_lines(chunk_size=1024):
                match = re.search(r'jQ1olc","\[\\"(.*)\\"]', line.decode("utf-8"))
                if match:
                    import base64

                    found = True
                    yield base64.b64decode(match.group(1))
            if not found:
                raise WriterError("Google's voice service answered without audio: try again later, or use espeak-ng")

    def _send(self, session, prepared):
        import requests

        delay = 1.0
        for attempt in range(1, self.ATTEMPTS + 1):
            try:
                response = session.send(prepared, timeout=self.TIMEOUT, verify=True)
            except requests.exceptions.ConnectionError:
                raise WriterError("gTTS needs internet: use espeak-ng (the default) or run again when online") \
                    from None
            except requests.exceptions.Timeout:
                response = None
            if response is not None and response.status_code == 200:
                return response
            status = response.status_code if response is not None else "timeout"
            if response is not None and response.status_code not in (429, 500, 502, 503, 504):
                raise WriterError(f"Google's voice service refused the request (HTTP {status}): use espeak-ng, "
                                  "or try again later")
            if attempt == self.ATTEMPTS:
                raise WriterError(f"Google's voice service is busy (HTTP {status} after {self.ATTEMPTS} tries): "
                                  "wait a while and run again; finished pieces are cached")
            self.sleep(delay)
            delay *= 2
        raise AssertionError("unreachable")


class SpeechCache:
    """Synthesised PCM stored by a hash of (engine, voice, rate, text): a rebuild after an edit speaks only
    what changed, and an online engine is asked once per piece of text, ever. Stored as it is: compressing
    took a quarter of an audio job's time to save a third of the space (bench/RESULTS.md). Pieces stored
    compressed by earlier versions (`.pcm.z`) are still read: Google's speech would need the internet again."""

    def __init__(self, folder: Path):
        self.folder = folder

    def path(self, engine: str, voice: str, rate: int, text: str) -> Path:
        key = hashlib.sha256(f"{engine}\0{voice}\0{rate}\0{SAMPLE_RATE}\0{text}".encode("utf-8")).hexdigest()
        return self.folder / engine / key[:2] / f"{key}.pcm"

    def get(self, engine: str, voice: str, rate: int, text: str) -> bytes | None:
        """The stored sound, or None if there is none or it is damaged (then it is said again)."""
        path = self.path(engine, voice, rate, text)
        stored = cache.read(path)
        if stored is None:
            compressed = cache.read(path.with_suffix(".pcm.z"))
            try:
                stored = zlib.decompress(compressed) if compressed is not None else None
            except zlib.error:
                return None
        return stored if stored is not None and len(stored) % 2 == 0 else None

    def has(self, engine: str, voice: str, rate: int, text: str) -> bool:
        """Whether the sound is stored, marking it used (so pruning keeps it)."""
        path = self.path(engine, voice, rate, text)
        return cache.touch(path) or cache.touch(path.with_suffix(".pcm.z"))

    def put(self, engine: str, voice: str, rate: int, text: str, pcm: bytes) -> bool:
        """Store the sound; False if the cache cannot be written (that only costs time)."""
        return cache.keep(self.path(engine, voice, rate, text), pcm)


def trim_silence(pcm: bytes, threshold: int = 300, margin_seconds: float = 0.05) -> bytes:
    """Drop the engine's own silence at both ends, so the script's pauses are the only pauses."""
    import array

    samples = array.array("h", pcm)
    block = SAMPLE_RATE // 50  # scan 20 ms at a time: max() and min() on slices run in C

    def loud(index: int) -> bool:
        piece = samples[index:index + block]
        return bool(piece) and (max(piece) >= threshold or min(piece) <= -threshold)

    blocks = range(0, len(samples), block)
    first = next((i for i in blocks if loud(i)), None)
    if first is None:
        return b""
    last = next(i for i in reversed(blocks) if loud(i)) + block
    margin = int(SAMPLE_RATE * margin_seconds)
    return samples[max(0, first - margin):min(len(samples), last + margin)].tobytes()


def _wav_data(wav: bytes) -> bytes:
    """The samples of a WAV file. espeak-ng's --stdout header claims a huge length: use the bytes."""
    index = wav.find(b"data")
    if not wav.startswith(b"RIFF") or index < 0:
        raise WriterError("espeak-ng returned something that is not audio")
    rate = int.from_bytes(wav[24:28], "little")
    if rate != SAMPLE_RATE:
        raise WriterError(f"espeak-ng spoke at {rate} Hz; the builder expects {SAMPLE_RATE} Hz")
    data = wav[index + 8:]
    return data[: len(data) - len(data) % 2]
