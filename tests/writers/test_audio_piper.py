"""Natural voices: a small course spoken by a real Piper voice (en_US-joe-medium, installed from the package
registry by the test setup), its MP3s decoded and measured (length, chapters, loudness, clipping, silences),
the phonemes the voice was given for a phone number, the speech cache following the model file, a voice not
installed giving way to espeak-ng, and a damaged one stopping the audio at course.toml's line."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import miniaudio
import numpy
import pyloudnorm
import pytest
from mutagen.id3 import ID3
from piper import PiperVoice

from builder import voices
from builder.build import JobsFailed, build
from builder.course import load_course
from builder.locale import locale_for
from builder.outputs import read_manifest
from builder.writers import get
from builder.writers.audio import Writer
from builder.writers.audio.loudness import LOUDNESS
from builder.writers.audio.piper_engine import SENTENCE_PAUSE
from builder.writers.audio.script import course_script
from builder.writers.base import WriterError
from tests.conftest import version_folder

JOE = "en_US-joe-medium"
TOML = """[course]
title = "Speaking Up"
organisation = "Test Network"
language = "en-GB"
formats = ["audio", "epub"]

[audio]
rate = 160
[audio.voices]
en = "piper:en_US-joe-medium"
"""
MODULE = """# Saying no

Saying no is a skill, and you can practise it. Start with small things that feel safe.

If you need to talk to someone tonight, call Samaritans on 116 123.
"""
OPTIONS = {"engine": "espeak-ng", "voices": {"en": f"piper:{JOE}"}, "rate": 160, "bitrate": 64,
           "part-name": "module"}


@pytest.fixture
def course(course_dir):
    return course_dir({"01-saying-no.md": MODULE}, course_toml=TOML)


def spoken(content, cache, **options):
    course, _ = load_course(content)
    writer = get("audio", cache)
    files = {f.path: f for f in writer.write(course, locale_for("en-GB"), {**OPTIONS, **options})}
    return files, writer


def pcm(mp3: bytes) -> numpy.ndarray:
    decoded = miniaudio.decode(mp3, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=22050)
    return numpy.frombuffer(decoded.samples.tobytes(), dtype=numpy.int16)


def longest_silence(samples: numpy.ndarray, threshold: int = 300) -> float:
    """The longest stretch, in seconds, of 10 ms blocks whose every sample is quieter than `threshold`."""
    block = 220
    quiet = [numpy.abs(samples[i:i + block]).max() < threshold for i in range(0, len(samples) - block, block)]
    longest = run = 0
    for still in quiet:
        run = run + 1 if still else 0
        longest = max(longest, run)
    return longest * block / 22050


def test_a_course_spoken_by_a_natural_voice_reads_back_right(course, tmp_path):
    files, writer = spoken(course, tmp_path / "cache")
    mp3 = files["audio/en-gb-01-saying-no.mp3"].data
    samples = pcm(mp3)
    seconds = len(samples) / 22050
    loaded, _ = load_course(course)
    _, [track] = course_script(loaded, locale_for("en-GB"), {}, "module")
    words = sum(len(u.text.split()) for u in track.utterances)
    pauses = sum(u.pause_before + u.pause_after for u in track.utterances)
    # the words at the course's rate (the voice slowed from its own 190 a minute), plus the pauses set
    assert 0.8 * (words / 160 * 60 + pauses) < seconds < 1.3 * (words / 160 * 60 + pauses)
    tags = ID3(io.BytesIO(mp3))
    assert [str(chapter.sub_frames["TIT2"]) for chapter in tags.getall("CHAP")] == ["Module 1: Saying no"]
    assert "Piper en_US-joe-medium" in str(tags.getall("COMM")[0]) and "CC0-1.0" in str(tags.getall("COMM")[0])
    # loudness: within 1 LU of the target; no sample at full scale
    measured = pyloudnorm.Meter(22050).integrated_loudness(samples / 32768)
    assert abs(measured - LOUDNESS) < 1.0
    assert numpy.abs(samples.astype(numpy.int32)).max() < 32767
    # no silence longer than the longest pause the script sets (between two utterances, or two sentences)
    gaps = [a.pause_after + b.pause_before for a, b in zip(track.utterances, track.utterances[1:])]
    assert longest_silence(samples) <= max(gaps + [SENTENCE_PAUSE]) + 0.15
    assert files["audio/en-gb-01-saying-no.mp3"].options["voice"] == JOE
    assert f"voice: piper {JOE}" in writer.notes


def test_a_phone_number_reaches_the_voice_digit_by_digit(course, tmp_path, monkeypatch):
    given: list[tuple[str, list[list[str]]]] = []
    phonemize = PiperVoice.phonemize

    def recorded(voice, text):
        found = phonemize(voice, text)
        given.append((text, found))
        return found

    monkeypatch.setattr(PiperVoice, "phonemize", recorded)
    spoken(course, tmp_path / "cache")
    [(text, phonemes)] = [(text, found) for text, found in given if "Samaritans" in text]
    def unstressed(symbols):  # a word alone takes a secondary stress where the sentence gives it a primary
        return "".join(symbol for symbol in symbols if symbol not in "ˈˌ")

    said = unstressed(symbol for sentence in phonemes for symbol in sentence)
    voice = PiperVoice.load(str(voices.installed(voices.catalogue()[JOE])[0]))
    digits = [unstressed(phonemize(voice, word)[0]).strip(".") for word in ("one", "six", "two", "three")]
    one, six, two, three = digits
    assert f"{one} {one} {six}" in said and f"{one} {two} {three}" in said  # "one one six", not "a hundred..."
    assert "hʌndɹɪd" not in said


def test_stored_speech_follows_the_model_file(course, tmp_path, monkeypatch):
    first, writer = spoken(course, tmp_path / "cache")
    spoken_first = writer.synthesised
    assert spoken_first > 0
    _, again = spoken(course, tmp_path / "cache")
    assert again.synthesised == 0  # the same voice and model: nothing said again
    # The same voice with a changed model: a valid ONNX file with one more field (a doc string) appended
    model, config = voices.installed(voices.catalogue()[JOE])
    changed = tmp_path / "voices" / JOE
    changed.mkdir(parents=True)
    (changed / model.name).write_bytes(model.read_bytes() + b"\x32\x07changed")
    shutil.copy(config, changed / config.name)
    entry = voices.catalogue()[JOE]
    pinned = voices.Voice(**{**entry.__dict__, "model": voices.VoiceFile(
        model.name, voices.file_sha256(changed / model.name))})
    monkeypatch.setattr(voices, "catalogue", lambda path=None: {JOE: pinned})
    monkeypatch.setenv("VOICES_DIR", str(tmp_path / "voices"))
    before = Writer.external_inputs(OPTIONS)
    _, changed_writer = spoken(course, tmp_path / "cache")
    assert changed_writer.synthesised == spoken_first  # every piece said again by the new model
    assert before[JOE] == voices.file_sha256(changed / model.name) != entry.model.sha256


def test_a_voice_not_installed_gives_way_to_espeak_ng_and_says_so(course, tmp_path, monkeypatch):
    missing = voices.Voice("en_GB-absent-medium", "piper", "en-GB", "absent", voices.VoiceFile("a.onnx", "0" * 64),
                           voices.VoiceFile("a.onnx.json", "0" * 64), 170, "CC0-1.0", "nobody")
    known = {**voices.catalogue(), missing.name: missing}
    monkeypatch.setattr(voices, "catalogue", lambda path=None: known)
    files, writer = spoken(course, tmp_path / "cache", voices={"en": "piper:en_GB-absent-medium"})
    made = files["audio/en-gb-01-saying-no.mp3"]
    assert (made.options["engine"], made.options["voice"]) == ("espeak-ng", "en-gb")
    assert writer.notes[0] == ("Piper voice en_GB-absent-medium is not installed (make installs it when it can "
                               "reach the package registry or the voice's web address): en-GB is spoken by "
                               "espeak-ng instead")
    assert "voice: espeak-ng (en-gb)" in writer.notes
    assert "COMM" not in ID3(io.BytesIO(made.data))  # espeak-ng: no credit to give
    assert len(pcm(made.data)) > 22050  # spoken, not silent


def test_a_build_records_the_voice_and_credits_it_in_the_epub(course, tmp_path):
    out = tmp_path / "out"
    result = build(course, out, cache_dir=tmp_path / "cache", report=lambda line: None)
    rows = {row.label: row.detail for row in result.jobs}
    assert f"voice: piper {JOE}" in rows["audio (en-GB)"]
    entry = read_manifest(out)["participant/en-GB/audio/en-gb-01-saying-no.mp3"]
    assert (entry.options["voice"], entry.options["engine"]) == (JOE, "piper")
    assert entry.options["speakers"] == [f"piper:{JOE}@{voices.catalogue()[JOE].model.sha256[:16]}"]
    with zipfile.ZipFile(version_folder(out, "en-GB") / "speaking-up-en-gb.epub") as book:
        package = book.read("EPUB/package.opf").decode() if "EPUB/package.opf" in book.namelist() else \
            next(book.read(name).decode() for name in book.namelist() if name.endswith("package.opf"))
    assert '<dc:contributor id="narrator">Voice: Piper en_US-joe-medium' in package
    assert '<meta refines="#narrator" property="role" scheme="marc:relators">nrt</meta>' in package


def test_a_damaged_voice_stops_the_audio_at_course_tomls_line(course, tmp_path, monkeypatch):
    model, config = voices.installed(voices.catalogue()[JOE])
    own = tmp_path / "voices" / JOE
    own.mkdir(parents=True)
    (own / model.name).write_bytes(model.read_bytes()[:5_000_000])  # a download cut short
    shutil.copy(config, own / config.name)
    monkeypatch.setenv("VOICES_DIR", str(tmp_path / "voices"))
    out = tmp_path / "out"
    with pytest.raises(JobsFailed) as failed:
        build(course, out, formats=["audio"], cache_dir=tmp_path / "cache", report=lambda line: None)
    [problem] = failed.value.problems
    assert (problem.path.endswith("course.toml"), problem.line) == (True, 10)  # en = "piper:..."
    assert problem.message.startswith(f"audio (en-GB): the voice {JOE} ([audio.voices] en) cannot be used: ")
    assert "SHA-256 differs" in problem.message and problem.message.endswith("Run make to install it again")
    assert not (out / "participant" / "en-GB" / "audio").exists()  # nothing half-written
    assert json.dumps(read_manifest(out)) == "{}"


def test_a_voice_whose_reader_would_go_online_is_refused(course, tmp_path, monkeypatch):
    model, config = voices.installed(voices.catalogue()[JOE])
    own = tmp_path / "voices" / JOE
    own.mkdir(parents=True)
    shutil.copy(model, own / model.name)
    setting = json.loads(config.read_text())
    setting["phoneme_type"] = "pinyin"  # Piper's Chinese reader downloads its models on first use
    (own / config.name).write_text(json.dumps(setting))
    entry = voices.catalogue()[JOE]
    pinned = voices.Voice(**{**entry.__dict__, "config": voices.VoiceFile(config.name,
                                                                           voices.file_sha256(own / config.name))})
    monkeypatch.setattr(voices, "catalogue", lambda path=None: {JOE: pinned})
    monkeypatch.setenv("VOICES_DIR", str(tmp_path / "voices"))
    with pytest.raises(WriterError, match="reads text with pinyin, which fetches its models from the internet"):
        spoken(course, tmp_path / "cache")
