"""Audio: a golden spoken script, then every MP3 decoded and its tags, chapters and length checked."""

from __future__ import annotations

import io
import math
import re
import shutil
import struct

import miniaudio
import pytest
import requests
from mutagen.id3 import ID3

from builder.locale import locale_for
from builder.course import load_course
from builder.writers import get
from builder.writers.audio import Writer
from builder.writers.audio.script import Pronouncer, course_script
from builder.languages import engine_voices as voices
from builder.writers.audio.speech import SAMPLE_RATE, EspeakEngine, GttsEngine, SpeechCache
from builder.writers.base import FormatSkipped, WriterError
from tests.conftest import COURSE_TOML
from tests.fake_http import answer, session_with
from tests.golden import assert_golden

OPTIONS = {"engine": "espeak-ng", "voices": {}, "rate": 160, "bitrate": 64, "part-name": "module"}


def write(content, tmp_path, lang="en-GB", writer=None, **options):
    course, _ = load_course(content)
    writer = writer or get("audio", tmp_path / "cache")
    return {f.path: f for f in writer.write(course, locale_for(lang), {**OPTIONS, **options})}, writer


@pytest.fixture
def mini_audio(mini_course, tmp_path):
    return write(mini_course, tmp_path)[0]


def decode(data: bytes):
    return miniaudio.decode(data, output_format=miniaudio.SampleFormat.SIGNED16, nchannels=1, sample_rate=22050)


def test_golden_spoken_script(mini_audio):
    assert_golden("mini-audio-script.txt", mini_audio["mini-course-audio-script.txt"].data.decode("utf-8"))


def test_files_playlist_and_tags(mini_audio):
    assert sorted(mini_audio) == ["audio/en-gb-00-introduction.mp3", "audio/en-gb-01-first.mp3",
                                  "audio/en-gb-02-second.mp3", "audio/mini-course.m3u8",
                                  "mini-course-audio-script.txt", "mini-course-audio.mp3"]
    playlist = mini_audio["audio/mini-course.m3u8"].data.decode().splitlines()
    assert playlist[0] == "#EXTM3U"
    assert [line for line in playlist if not line.startswith("#")] == ["en-gb-00-introduction.mp3",
                                                                       "en-gb-01-first.mp3", "en-gb-02-second.mp3"]
    assert "TRCK" not in ID3(io.BytesIO(mini_audio["audio/en-gb-00-introduction.mp3"].data))
    tags = ID3(io.BytesIO(mini_audio["audio/en-gb-02-second.mp3"].data))
    assert str(tags["TIT2"]) == "Second module"
    assert str(tags["TALB"]) == "Mini Course"
    assert str(tags["TPE1"]) == "Test Network"
    assert str(tags["TRCK"]) == "2/2"
    assert str(tags["TLAN"]) == "eng"
    # which voices made it (the manifest's record), and the loudness it was set to
    assert mini_audio["audio/en-gb-01-first.mp3"].options == {
        "engine": "espeak-ng", "voice": "en-gb", "rate": 160, "bitrate": 64, "loudness": -16.0, "credits": "",
        "speakers": ["espeak-ng:en-gb", "espeak-ng:pl"]}


def expected_seconds(track, rate: int) -> float:
    """The script's length: its words at the set rate, plus the pauses it asks for."""
    words = sum(len(re.findall(r"\w+", u.text)) for u in track.utterances)
    pauses = sum(u.pause_before + u.pause_after for u in track.utterances)
    return words / rate * 60 + pauses


@pytest.mark.parametrize("rate", [130, 200])
def test_every_mp3_decodes_to_the_expected_length(mini_course, tmp_path, rate):
    from builder.writers.audio.script import course_script
    files, _ = write(mini_course, tmp_path, rate=rate)
    course, _ = load_course(mini_course)
    _, tracks = course_script(course, locale_for("en-GB"), course.pronunciations_for("en-GB"))
    total = 0.0
    for name, track in zip(("audio/en-gb-01-first.mp3", "audio/en-gb-02-second.mp3"), tracks):
        audio = decode(files[name].data)
        expected = expected_seconds(track, rate)
        assert 0.75 * expected <= audio.duration <= 1.25 * expected, (name, audio.duration, expected)
        samples = audio.samples
        assert max(abs(s) for s in samples[::50]) > 1000  # real speech, not silence
        total += audio.duration
    whole = decode(files["mini-course-audio.mp3"].data)
    assert whole.duration >= total  # the whole course also has the introduction
    assert abs(whole.duration - total) < 10


def chapter_titles(data: bytes) -> list[tuple[str, int, int]]:
    tags = ID3(io.BytesIO(data))
    toc = tags.getall("CTOC")[0]
    chapters = {frame.element_id: frame for frame in tags.getall("CHAP")}
    return [(str(chapters[i].sub_frames["TIT2"]), chapters[i].start_time, chapters[i].end_time)
            for i in toc.child_element_ids]


def test_chapters_follow_the_headings(mini_audio):
    first = chapter_titles(mini_audio["audio/en-gb-01-first.mp3"].data)
    assert [title for title, _, _ in first] == ["Module 1: First module", "Lists", "Table and picture", "Quote"]
    whole = chapter_titles(mini_audio["mini-course-audio.mp3"].data)
    assert [title for title, _, _ in whole] == ["Mini Course", "Module 1: First module", "Lists",
                                                "Table and picture", "Quote", "Module 2: Second module"]
    starts = [start for _, start, _ in whole]
    assert starts == sorted(starts) and starts[0] == 0
    duration_ms = decode(mini_audio["mini-course-audio.mp3"].data).duration * 1000
    assert all(end <= duration_ms + 500 for _, _, end in whole)


def stored_chapter_ids(data: bytes) -> list[str]:
    """The CHAP frames' element ids in the order they are stored in the ID3v2.4 tag (as ffmpeg reads them)."""
    assert data[:3] == b"ID3" and data[3] == 4

    def syncsafe(raw: bytes) -> int:
        return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]

    end, position, found = 10 + syncsafe(data[6:10]), 10, []
    while position + 10 <= end and data[position:position + 4] != b"\0\0\0\0":
        frame, size = data[position:position + 4], syncsafe(data[position + 4:position + 8])
        if frame == b"CHAP":
            body = data[position + 10:position + 10 + size]
            found.append(body[:body.index(b"\0")].decode("latin-1"))
        position += 10 + size
    return found


def test_chapters_are_stored_in_time_order(mini_audio):
    """Players that list CHAP frames as stored (ffmpeg 5.1) must not scramble chapter 10 before 2."""
    from builder.writers.audio.encode import Chapter, tagged
    chapters = [Chapter(f"Part {n}", n * 1000, n * 1000 + 900, 2) for n in range(12)]
    data = tagged(b"", "Title", "Album", "Artist", "en-GB", None, chapters)
    tags = ID3(io.BytesIO(data))
    by_id = {frame.element_id: frame.start_time for frame in tags.getall("CHAP")}
    assert [by_id[i] for i in stored_chapter_ids(data)] == [n * 1000 for n in range(12)]
    whole = mini_audio["mini-course-audio.mp3"].data
    starts = [ID3(io.BytesIO(whole))[f"CHAP:{i}"].start_time for i in stored_chapter_ids(whole)]
    assert len(starts) == 6 and starts == sorted(starts)


def test_numbers_to_call_or_text_are_said_digit_by_digit_in_the_groups_written(course_dir):
    from builder.writers.audio.script import course_script
    content = course_dir({"01-a.md": "# A\n\nCall [116 123](tel:116123) or [Mind](tel:03001233393), text "
                                     "[85258](sms:85258), or [+44 20 7946 0000](tel:+442079460000).\n"})
    course, _ = load_course(content)
    _, tracks = course_script(course, locale_for("en-GB"), {})
    assert tracks[0].utterances[-1].text == ("Call 1 1 6, 1 2 3 or Mind (0 3 0 0 1 2 3 3 3 9 3), text 8 5 2 5 8, or "
                                             "+ 4 4, 2 0, 7 9 4 6, 0 0 0 0.")


def test_pronunciations_and_phone_numbers():
    say = Pronouncer({"NHS": "N H S", "A&E": "A and E"})
    assert say("Call NHS 111 or go to A&E.") == "Call N H S 111 or go to A and E."
    assert say("Samaritans: 116 123, Mind: 0300 123 3393") == "Samaritans: 1 1 6, 1 2 3, Mind: 0 3 0 0, 1 2 3, 3 3 9 3"
    assert say("NHSX and SNHS stay") == "NHSX and SNHS stay"
    assert say("on 1 August 2016") == "on 1 August 2016"


def test_rebuild_synthesises_only_what_changed(mini_course, tmp_path):
    _, writer = write(mini_course, tmp_path)
    first = writer.synthesised
    assert first > 5
    _, writer = write(mini_course, tmp_path)
    assert writer.synthesised == 0
    module = mini_course / "02-second.md"
    module.write_text(module.read_text().replace("The end.", "The very end."))
    _, writer = write(mini_course, tmp_path)
    assert writer.synthesised == 1


def test_an_edit_re_encodes_only_its_chapter(mini_course, tmp_path):
    """Tracks are encoded a chapter at a time: a word changed under one heading encodes that chapter again,
    and the track still plays as one, its chapters where they were."""
    files, writer = write(mini_course, tmp_path)
    before = chapter_titles(files["audio/en-gb-01-first.mp3"].data)
    assert writer.encoded == len(before) + 2  # the module's chapters, the second module's and the introduction
    module = mini_course / "01-first.md"
    module.write_text(module.read_text().replace("- apple", "- an apple"))
    files, writer = write(mini_course, tmp_path)
    assert writer.encoded == 1
    after = chapter_titles(files["audio/en-gb-01-first.mp3"].data)
    assert [title for title, _, _ in after] == [title for title, _, _ in before]
    assert all(abs(a[1] - b[1]) < 400 for a, b in zip(after, before))  # "an" moves what follows a little
    assert abs(decode(files["audio/en-gb-01-first.mp3"].data).duration * 1000 - after[-1][2]) < 100


def test_no_voice_means_the_format_is_skipped(course_dir, tmp_path):
    toml = '[course]\ntitle = "Koorso"\norganisation = "O"\nlanguage = "so"\n'
    with pytest.raises(FormatSkipped, match="espeak-ng has no voice for so"):
        write(course_dir({"01-a.md": "# Soo dhawoow\n\nQoraal.\n"}, course_toml=toml), tmp_path, lang="so")


# ---- gTTS through its real request code, with the HTTP transport replaced --------------------------


def mp3_tone(seconds: float = 0.5) -> bytes:
    import lameenc
    encoder = lameenc.Encoder()
    encoder.set_bit_rate(32)
    encoder.set_in_sample_rate(24000)
    encoder.set_channels(1)
    samples = b"".join(struct.pack("<h", int(8000 * math.sin(2 * math.pi * 440 * i / 24000)))
                       for i in range(int(24000 * seconds)))
    return bytes(encoder.encode(samples) + encoder.flush())


class FakeGoogle(requests.adapters.BaseAdapter):
    """Answers gTTS's requests as Google's batchexecute endpoint does, from a list of status codes."""

    def __init__(self, statuses: list[int], audio: bool = True):
        super().__init__()
        self.statuses = list(statuses)
        self.audio = audio
        self.calls: list[dict] = []

    def send(self, request, **kwargs):
        import base64
        self.calls.append({"url": request.url, "body": request.body, **kwargs})
        status = self.statuses.pop(0) if self.statuses else 200
        payload = base64.b64encode(mp3_tone()).decode() if self.audio else ""
        line = f'[["wrb.fr","jQ1olc","[\\"{payload}\\"]",null,null,null,"generic"]]' if self.audio else "[]"
        return answer(request, status, f")]}}'\n\n123\n{line}\n".encode())

    def close(self):
        pass


def fake_session(adapter: FakeGoogle) -> requests.Session:
    return session_with(adapter)


def test_gtts_retries_a_429_then_succeeds_with_checked_tls_and_timeouts(mini_course, tmp_path):
    adapter = FakeGoogle([429, 200])
    waits = []
    engine = GttsEngine(session=fake_session(adapter), sleep=waits.append)
    files, writer = write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine), engine="gtts")
    assert waits == [1.0]
    assert all(call["verify"] is True and call["timeout"] == (10, 30) for call in adapter.calls)
    assert "translate.google.co.uk" in adapter.calls[0]["url"]
    assert decode(files["audio/en-gb-01-first.mp3"].data).duration > 1
    assert files["audio/en-gb-01-first.mp3"].options["engine"] == "gtts"
    calls = len(adapter.calls)
    write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine), engine="gtts")
    assert len(adapter.calls) == calls  # asked once per piece of text, ever


def test_gtts_gives_up_after_bounded_retries(mini_course, tmp_path):
    adapter = FakeGoogle([503] * 10)
    engine = GttsEngine(session=fake_session(adapter), sleep=lambda s: None)
    with pytest.raises(WriterError, match=r"busy \(HTTP 503 after 4 tries\)"):
        write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine), engine="gtts")
    assert len(adapter.calls) == 4


def test_gtts_answer_without_audio_is_an_error(mini_course, tmp_path):
    engine = GttsEngine(session=fake_session(FakeGoogle([200], audio=False)), sleep=lambda s: None)
    with pytest.raises(WriterError, match="answered without audio"):
        write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine), engine="gtts")


def test_gtts_offline_says_so_plainly(mini_course, tmp_path):
    class Offline(requests.adapters.BaseAdapter):
        def send(self, request, **kwargs):
            raise requests.exceptions.ConnectionError("no route to host")

        def close(self):
            pass

    session = requests.Session()
    session.mount("https://", Offline())
    engine = GttsEngine(session=session)
    with pytest.raises(WriterError, match="gTTS needs internet: use espeak-ng"):
        write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine), engine="gtts")


def test_gtts_failure_through_the_cli_writes_no_mp3(run_cli, mini_course, tmp_path, monkeypatch):
    monkeypatch.setattr(requests.Session, "send", lambda self, *a, **k: (_ for _ in ()).throw(
        requests.exceptions.ConnectionError("offline")))
    out = tmp_path / "out"
    code, _, stderr = run_cli("build", "--content", str(mini_course), "--output", str(out), "--formats", "audio",
                              "--audio-engine", "gtts", "--cache", str(tmp_path / "cache"))
    assert code == 1
    assert "gTTS needs internet: use espeak-ng (the default) or run again when online" in stderr
    assert not out.exists() or not list(out.rglob("*.mp3"))


def test_a_long_course_gets_a_table_of_contents_per_module():
    from builder.writers.audio.encode import Chapter, tagged
    chapters = []
    for module in range(30):
        chapters.append(Chapter(f"Module {module}", module * 10_000, module * 10_000 + 1000, 1))
        chapters += [Chapter(f"Heading {module}.{h}", module * 10_000 + 1000 * h, module * 10_000 + 1000 * h + 999)
                     for h in range(1, 10)]
    tags = ID3(io.BytesIO(tagged(b"", "T", "Album", "Org", "en-GB", None, chapters)))
    top = [toc for toc in tags.getall("CTOC") if toc.element_id == "toc"][0]
    assert len(top.child_element_ids) == 30
    first = [toc for toc in tags.getall("CTOC") if toc.element_id == top.child_element_ids[0]][0]
    titles = {c.element_id: str(c.sub_frames["TIT2"]) for c in tags.getall("CHAP")}
    assert [titles[i] for i in first.child_element_ids] == ["Module 0"] + [f"Heading 0.{h}" for h in range(1, 10)]
    assert len(tags.getall("CHAP")) == 300


# ---- Markdown as other tools write it (tests/fixtures/realworld) ------------------------------------------


def test_boxes_code_notes_and_emoji_are_announced(realworld_course):
    from builder.editions import for_participants
    from builder.writers.audio.script import course_script, script_text

    course, _ = load_course(realworld_course)
    intro, tracks = course_script(for_participants(course), locale_for("en-GB"), {})
    script = script_text(intro, tracks)
    for expected in ["Code.\necho   \"keep   my spaces\"\nindented line.\nEnd of code.",
                     "Note.\nTake a break whenever you need one glowing star.\nEnd of note.",
                     "Exercise. Practise in pairs.\nTake turns to say no to a request.\nAnswer.\n"
                     "There is no single right answer.\nEnd of answer.\nEnd of exercise.",
                     "Prereq.\nBring a pen.\nEnd of box.",
                     "Helplines (note 1) are open all day.",
                     "Assertive.\nSaying what you need, clearly and calmly.",
                     "Notes.\nnote 1: Samaritans answer every call.",
                     "Write to help at example dot org or visit example dot org slash help."]:
        assert expected in script
    assert "Watch the time" not in script and ":::" not in script and "🌟" not in script


def test_an_email_link_says_the_address():
    from pathlib import Path

    from builder.model import Link, Source, Text
    from builder.writers.audio.script import spoken

    where = Source(Path("x"), 1)
    link = Link("mailto:help@example.org", [Text("Email us", where, "en")], where, "en")
    assert spoken([link], locale_for("en").labels) == "Email us (help@example.org)"


def test_golden_spoken_script_of_real_world_markdown(realworld_course):
    from builder.editions import for_participants
    from builder.writers.audio.script import course_script, script_text

    course, _ = load_course(realworld_course)
    assert_golden("realworld-audio-script.txt", script_text(*course_script(for_participants(course), locale_for("en-GB"), {})))


def test_an_urdu_sentence_keeps_its_own_full_stop():
    from builder.writers.audio.script import _sentence

    assert _sentence("یہ ٹھیک ہے۔") == "یہ ٹھیک ہے۔" and _sentence("It is fine") == "It is fine."


def test_a_stuck_espeak_is_named_with_its_module(mini_course, tmp_path, monkeypatch):
    monkeypatch.setattr(EspeakEngine, "timeout", 0.001)  # no utterance is said that fast
    monkeypatch.setenv("PATH", str(tmp_path))  # no espeak-ng command: the library's own time limit is heard
    with pytest.raises(WriterError, match=r"in 0\d-\w+: espeak-ng took over 0.001 s to say"):
        write(mini_course, tmp_path)


def test_a_stuck_espeak_command_is_named_with_its_module(mini_course, tmp_path, monkeypatch):
    """Where the library cannot be loaded, the command says each utterance, within the same time limit."""
    from builder.writers.audio import speech

    slow = tmp_path / "espeak-ng"
    slow.write_text("#!/bin/sh\nsleep 5\n")
    slow.chmod(0o755)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    monkeypatch.setattr(speech, "_LIBRARY", str(_library_that_cannot_load(tmp_path)))
    monkeypatch.setattr(EspeakEngine, "timeout", 0.5)
    with pytest.raises(WriterError, match=r"in 0\d-\w+: espeak-ng took over 0.5 s to say"):
        write(mini_course, tmp_path)


def test_a_speaker_that_ends_mid_build_leaves_the_utterance_to_the_command(mini_course, tmp_path, monkeypatch):
    """A speaker process that dies (here: as soon as it is asked) costs time, never an utterance."""
    from builder.writers.audio import speech

    files, _ = write(mini_course, tmp_path / "library")
    dying = tmp_path / "espeak_library.py"
    dying.write_text("import sys\nsys.stdout.buffer.write(bytes(8))\nsys.stdout.flush()\nsys.stdin.readline()\n")
    monkeypatch.setattr(speech, "_LIBRARY", str(dying))
    again, writer = write(mini_course, tmp_path / "command")
    assert writer.synthesised > 0 and again["audio/en-gb-01-first.mp3"].data == files["audio/en-gb-01-first.mp3"].data


def _library_that_cannot_load(folder):
    script = folder / "espeak_library.py"
    script.write_text("import ctypes\nctypes.CDLL('libespeak-ng-missing.so.1')\n")
    return script


def test_a_pronunciation_that_says_a_speech_is_refused(course_dir):
    from builder.problems import ContentError

    content = course_dir({"01-a.md": "# A\n\nCall NHS.\n"})
    (content / "pronunciations.toml").write_text('[en]\n"NHS" = "' + "very " * 14_000 + '"\n')
    with pytest.raises(ContentError, match=r"pronunciations.toml:2: error: how to say 'NHS' is longer than 20 words"):
        load_course(content)


class RecordingEspeak(EspeakEngine):
    """The real espeak-ng, noting which voice says what."""

    def __init__(self):
        super().__init__()
        self.calls: list[tuple[str, str]] = []

    def synthesise(self, text: str, voice: str, rate: int) -> bytes:
        self.calls.append((voice, text))
        return super().synthesise(text, voice, rate)


def test_every_passage_is_said_in_its_own_languages_voice(mini_course, tmp_path):
    engine = RecordingEspeak()
    files, _ = write(mini_course, tmp_path, writer=Writer(tmp_path / "cache", engine=engine))
    assert ("pl", "Dzień dobry.") in engine.calls  # a {lang=pl} paragraph of the English course
    assert not any(voice == "en-gb" and "Dzień" in text for voice, text in engine.calls)
    whole = decode(files["audio/en-gb-01-first.mp3"].data)
    assert whole.duration > 1


def test_a_machine_translation_says_so_at_the_start_of_every_track_in_both_languages(course_dir, tmp_path):
    """Untranslated English is read by the English voice; the notice, in Polish and in English, starts
    every module's MP3 and the introduction the playlist starts with."""
    import polib

    from builder.versions import version
    content = course_dir({"01-a.md": "# Welcome\n\nHello everyone.\n\nThis is new.\n"},
                         course_toml=COURSE_TOML + 'translations = ["pl"]\n')
    (content / "translations").mkdir()
    po = polib.POFile()
    po.metadata = {"Language": "pl", "Content-Type": "text/plain; charset=UTF-8"}
    for context, source, target in (("course", "Test Course", "Kurs testowy"), ("course", "Test Network", "Sieć"),
                                    ("01-a", "Welcome", "Witamy"), ("01-a", "Hello everyone.", "Witam wszystkich.")):
        po.append(polib.POEntry(msgctxt=context, msgid=source, msgstr=target, flags=["fuzzy"],
                                tcomment="machine translation: test"))
    po.save(str(content / "translations" / "pl.po"))
    course, _ = load_course(content)
    polish = version(course, "participant", "pl", allow_untranslated=True)
    engine = RecordingEspeak()
    files = {f.path: f for f in Writer(tmp_path / "cache", engine=engine).write(polish, locale_for("pl"), OPTIONS)}
    assert ("en-gb", "This is new.") in engine.calls and ("pl", "Witam wszystkich.") in engine.calls
    english = "This translation was made by machine and has not yet been checked."
    assert ("en-gb", english) in engine.calls and ("pl", locale_for("pl").labels["machine_notice"]) in engine.calls
    script = files["test-course-pl-audio-script.txt"].data.decode()
    track = script.split("# 01-a: Witamy")[1].splitlines()
    assert track[1:4] == ["## Moduł 1: Witamy", "Moduł 1. Witamy.", locale_for("pl").labels["machine_notice"]]
    assert track[5] == f"[en: {english}]"
    playlist = files["audio/test-course-pl.m3u8"].data.decode().splitlines()
    assert [line for line in playlist if not line.startswith("#")] == ["pl-00-introduction.mp3", "pl-01-a.mp3"]


def test_checks_audio_estimate_is_near_the_length_of_the_built_tracks(mini_course, mini_audio):
    course, _ = load_course(mini_course)
    estimated = sum(get("audio").minutes(course, locale_for(course.lang), OPTIONS)) * 60
    built = sum(decode(mini_audio[f"audio/en-gb-{name}.mp3"].data).duration for name in ("01-first", "02-second"))
    assert abs(estimated - built) / built < 0.2, (estimated, built)


def test_speech_gone_from_the_cache_after_it_was_counted_is_said_again_not_silent(mini_course, tmp_path,
                                                                                monkeypatch):
    """Another build sharing the cache may prune a piece between this one counting it and reading it."""
    files, _ = write(mini_course, tmp_path)
    shutil.rmtree(tmp_path / "cache" / "mp3")  # so that every chapter is put together from its speech again
    monkeypatch.setattr(SpeechCache, "get", lambda *args: None)  # each piece found, then gone when read
    again, writer = write(mini_course, tmp_path)
    assert writer.synthesised == 0 and again["audio/en-gb-01-first.mp3"].data == files["audio/en-gb-01-first.mp3"].data


def test_each_voice_is_named_by_its_file_and_says_the_same_samples_as_its_name():
    """espeak-ng reads every voice file to choose one by name: the builder names the file it would choose."""
    engine = EspeakEngine()
    names = voices(EspeakEngine.name)
    files = {name: engine.voice_file(name) for name in names}
    assert files["en-gb"] == "gmw/en" and files["fr-fr"] == "roa/fr" and files["pt-br"] == "roa/pt-BR"
    assert all("/" in file for file in files.values()), files
    by_name = EspeakEngine()
    by_name._files = {}  # as when the library cannot be asked: the names as they are
    try:
        for name in ("en-gb", "pl", "pt", "ur", "fr-fr", "lt", "cmn"):
            text = "Call 0800 123 4567, or 999." if name != "ur" else "یہ ٹھیک ہے۔"
            assert engine.synthesise(text, name, 160) == by_name.synthesise(text, name, 160), name
    finally:
        engine.close()
        by_name.close()


def test_voice_files_of_a_library_that_cannot_be_asked_are_the_names(monkeypatch):
    import subprocess

    from builder.writers.audio import speech

    def fails(*args, **kwargs):
        raise subprocess.CalledProcessError(1, args[0])

    monkeypatch.setattr(speech.subprocess, "run", fails)
    assert EspeakEngine().voice_file("en-gb") == "en-gb"


def test_the_library_says_each_utterance_as_the_command_does_whatever_was_said_before_it():
    """Said one after another in one process, espeak-ng's samples depend on what it said before: each
    utterance is said by a fresh fork, so the samples are the command's, in any order and any voice."""
    engine = EspeakEngine()
    asked = [("en-gb", "You have the right to say no.\nSay it calmly."), ("pl", "Zadzwoń pod numer 999."),
             ("en-gb", "You have the right to say no.\nSay it calmly."), ("ur", "یہ ٹھیک ہے۔"),
             ("en-gb", "Call 0800 123 4567."), ("pt-br", "Você tem o direito de dizer não.")]
    try:
        said = [engine.synthesise(text, voice, 160) for voice, text in asked]
        assert len(engine.speakers.started) == 1  # one thread: one speaker said them all
    finally:
        engine.close()
    assert engine.speakers.started == []
    assert said[0] == said[2]
    speed = round(160 / EspeakEngine.SPEED_FACTOR)
    for (voice, text), samples in zip(asked, said):
        assert samples == engine._by_command(text, voice, speed), voice
        assert len(samples) > SAMPLE_RATE // 2, voice  # at least half a second of speech


def test_an_utterance_longer_than_the_speakers_memory_for_it_is_refused_and_the_next_is_said():
    """A speaker hands samples over in memory of a fixed size: an utterance that would pass it is answered
    as a failure (the command then says it), and the speaker goes on to the next."""
    import ctypes
    import json
    import struct
    import subprocess
    import sys

    from builder.writers.audio import espeak_library, speech

    limit = 4 * SAMPLE_RATE * 2  # four seconds of samples
    speaker = subprocess.Popen([sys.executable, "-I", "-S", speech._LIBRARY, "speak", str(SAMPLE_RATE), str(limit)],
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    voice = EspeakEngine().voice_file("en-gb")

    def say(text: str) -> tuple[int, bytes]:
        speaker.stdin.write(json.dumps({"voice": voice, "speed": 150, "text": text, "timeout": 30}).encode() + b"\n")
        speaker.stdin.flush()
        length = struct.unpack("<q", speaker.stdout.read(8))[0]
        return length, speaker.stdout.read(max(length, 0))

    shared, chunk = espeak_library._Shared(100), ctypes.create_string_buffer(b"x" * 60)
    assert shared.add(chunk, 60) and not shared.add(chunk, 60)  # never written past its end
    assert shared.length.value == 60 and shared.full
    try:
        assert struct.unpack("<q", speaker.stdout.read(8))[0] == 0  # ready
        assert say("You have the right to say no, calmly and clearly, as often as you need to, without "
                   "giving a reason, and without feeling guilty about it afterwards.") == (-1, b"")
        length, samples = say("Yes.")
        assert 0 < length == len(samples) < limit
    finally:
        speaker.stdin.close()
        speaker.wait(timeout=10)


def test_where_the_library_cannot_be_loaded_the_command_says_the_same(mini_course, tmp_path, monkeypatch):
    from builder.writers.audio import speech

    files, _ = write(mini_course, tmp_path / "library")
    monkeypatch.setattr(speech, "_LIBRARY", str(_library_that_cannot_load(tmp_path)))
    again, writer = write(mini_course, tmp_path / "command")
    assert writer.synthesised > 0 and again["audio/en-gb-01-first.mp3"].data == files["audio/en-gb-01-first.mp3"].data


def test_speech_stored_compressed_by_an_earlier_version_is_still_used(mini_course, tmp_path):
    """Google's speech in the cache would need the internet to be said again: the old form is read."""
    import zlib

    files, _ = write(mini_course, tmp_path)
    shutil.rmtree(tmp_path / "cache" / "mp3")
    for stored in (tmp_path / "cache" / "speech").rglob("*.pcm"):
        stored.with_suffix(".pcm.z").write_bytes(zlib.compress(stored.read_bytes()))
        stored.unlink()
    again, writer = write(mini_course, tmp_path)
    assert writer.synthesised == 0 and again["audio/en-gb-01-first.mp3"].data == files["audio/en-gb-01-first.mp3"].data


def test_damaged_speech_in_the_cache_is_said_again(mini_course, tmp_path):
    files, _ = write(mini_course, tmp_path)
    shutil.rmtree(tmp_path / "cache" / "mp3")
    for stored in (tmp_path / "cache" / "speech").rglob("*.pcm"):
        stored.write_bytes(stored.read_bytes()[:-1])  # half a sample short
    again, _ = write(mini_course, tmp_path)
    assert again["audio/en-gb-01-first.mp3"].data == files["audio/en-gb-01-first.mp3"].data


def test_a_course_that_calls_its_modules_sessions_is_heard_saying_so_in_each_language(course_dir, tmp_path):
    from builder.problems import ContentError

    content = course_dir({"01-a.md": "# Welcome\n\nHello.\n"}, COURSE_TOML + '\n[audio]\npart-name = "session"\n')
    course, _ = load_course(content)
    options = {**OPTIONS, "part-name": course.config.format_options["audio"]["part-name"]}
    files, _ = write(content, tmp_path, **options)
    script = files["test-course-audio-script.txt"].data.decode("utf-8")
    assert "Session 1. Welcome." in script and "Module" not in script
    assert [chapter.title for chapter in get("audio").recordings(course, locale_for("en-GB"), options)[0][1].chapters] == \
        ["Session 1: Welcome"]
    _, tracks = course_script(course, locale_for("pl"), {}, "session")
    assert tracks[0].utterances[0].text.startswith("Spotkanie 1.")
    _, tracks = course_script(course, locale_for("ur"), {}, "session")
    assert tracks[0].utterances[0].text.startswith("نشست 1")
    with pytest.raises(ContentError, match=r'course.toml:\d+: .*part-name.*"module", "session", "lesson", "unit"'):
        load_course(course_dir({"01-a.md": "# A\n"}, COURSE_TOML + '\n[audio]\npart-name = "chapter"\n'))


# ---- Audio says what print shows, in every language (the sample course, as participants get it) ------------

def sample_script(edition: str, lang: str) -> str:
    """The sample course's spoken script for one edition and language, as the audio writer makes it."""
    from builder.versions import version
    from builder.writers.audio.script import script_text
    from tests.conftest import ROOT
    course, _ = load_course(ROOT / "content")
    return script_text(*course_script(version(course, edition, lang), locale_for(lang), {}, "session"))


@pytest.mark.parametrize("lang, dot, at", [("en-GB", "dot", "at"), ("pl", "kropka", "małpa"),
                                           ("pt", "ponto", "arroba"), ("ur", "ڈاٹ", "ایٹ")])
def test_web_and_email_addresses_are_said_so_a_listener_can_type_them(lang, dot, at):
    """Print shows the Samaritans' and Mind's web addresses and an email address: audio says them, in the
    track's words for "dot" and "at" (the address's own words in the English voice), without "https://" or
    "www." that nobody types."""
    shown = sample_script("participant", lang)
    script = re.sub(r"\[en: ([^\]]*)\]", r"\1", shown)  # the address's words, said in the English voice
    assert f"samaritans {dot} org" in script and f"mind {dot} org {dot} uk" in script
    assert ("[en: government]" in shown) == (lang != "en-GB")  # not "gowernment" in the Polish voice
    assert f"jo {at} samaritans {dot} org" in script
    assert "https" not in script and "www" not in script and "@" not in script


@pytest.mark.parametrize("lang, session", [("en-GB", "Session 9"), ("pl", "Spotkanie 9"), ("ur", "نشست 9")])
def test_a_link_to_another_session_names_it(lang, session):
    """Print gives a cross-reference's page; audio names the session it leads to."""
    script = sample_script("participant", lang)
    welcome = script.split("# 02-")[0]
    assert f"({session})" in welcome


def test_minutes_in_brackets_in_a_session_plan_are_said_as_the_plan_means_them():
    """A plan's "(20)" is part of the section above: said "20, within the section above", not "twenty"."""
    script = sample_script("trainer", "en-GB")
    assert "Minutes: 20, within the section above." in script
    assert not re.search(r"Minutes: \(\d+\)", script)
    assert "Minutes in brackets" not in script  # print's note on its brackets: nothing to explain in speech


@pytest.mark.parametrize("lang", ["en-GB", "pl", "ur"])
def test_easy_read_introduces_its_pictures_once_a_track_not_before_each(lang):
    """Easy Read audio said "Picture:" before all 142 pictures; it says once a track that each part starts
    with what its picture shows, then each picture's description alone."""
    labels = locale_for(lang).labels
    tracks = sample_script("easy-read", lang).split("\n# ")[1:]
    assert sum(track.count(labels["easy_pictures"]) for track in tracks) == len(tracks)
    assert all(f"{labels['picture']}:" not in track for track in tracks)


def test_espeak_tracks_are_as_loud_as_any_voice_and_never_clip(mini_audio):
    """Every chapter is set to -16 LUFS under a -1 dBFS ceiling, whatever the engine (Piper's own test checks it)."""
    import numpy
    import pyloudnorm

    from builder.writers.audio.loudness import LOUDNESS

    samples = numpy.frombuffer(decode(mini_audio["audio/en-gb-01-first.mp3"].data).samples.tobytes(), dtype=numpy.int16)
    assert abs(pyloudnorm.Meter(22050).integrated_loudness(samples / 32768) - LOUDNESS) < 1.0
    assert numpy.abs(samples.astype(numpy.int32)).max() < 32767


def test_long_runs_of_letters_with_full_stops_are_said_without_crashing_espeak_ng():
    """espeak-ng 1.51 aborts ("stack smashing detected") on about 45 letters each followed by a full stop
    with no space: such runs are said letter by letter, with a space after each stop, like a shorter one."""
    from builder.writers.audio.speech import speakable

    assert speakable("e.g. the U.K. and a.b.c.d.e.f.g.h.") == "e.g. the U.K. and a. b. c. d. e. f. g. h."
    engine = EspeakEngine()
    try:
        for text in ("Look: " + "a." * 100 + " then", "x.y." * 50 + "z", "é." * 100):
            said = engine.synthesise(text, "en-gb", 160)
            assert len(said) > 2 * 22050 * 5, text[:20]  # seconds of letters, not a failure
    finally:
        engine.close()
