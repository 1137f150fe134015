"""The voice catalogue: a voice is found where it is installed and refused when its files are not the pinned
ones; course.toml's [audio.voices] is checked entry by entry, each mistake at its line."""

import shutil

import pytest

from builder import voices
from tests.test_config import GOOD, problems_for

JOE = "en_US-joe-medium"


def test_the_pypi_voice_is_found_in_its_package_and_matches_its_pins():
    voice = voices.catalogue()[JOE]
    model, config = voices.installed(voice)
    assert model.name == "en_US-joe-medium.onnx" and config.name == "en_US-joe-medium.onnx.json"
    assert voices.file_sha256(model) == voice.model.sha256
    assert voice.language == "en-US" and voice.licence and voice.credit


def test_an_installed_copy_is_read_first_and_a_truncated_one_is_refused(tmp_path):
    voice = voices.catalogue()[JOE]
    model, config = voices.installed(voice)
    own = tmp_path / JOE
    own.mkdir()
    shutil.copy(config, own / config.name)
    (own / model.name).write_bytes(model.read_bytes()[:1_000_000])  # cut short, as by a stopped download
    with pytest.raises(voices.VoiceDamaged, match="SHA-256 differs"):
        voices.installed(voice, tmp_path)
    (own / model.name).unlink()
    with pytest.raises(voices.VoiceDamaged, match="missing beside"):
        voices.installed(voice, tmp_path)


def test_a_voice_in_no_place_is_missing(tmp_path, monkeypatch):
    voice = voices.Voice("xx_XX-none-low", "piper", "xx", "none", voices.VoiceFile("a.onnx", "0" * 64),
                         voices.VoiceFile("a.onnx.json", "0" * 64), 150, "MIT", "nobody")
    with pytest.raises(voices.VoiceMissing):
        voices.installed(voice, tmp_path)


@pytest.mark.parametrize("tag, text, expected", [
    ("en", "piper:en_US-joe-medium", None),
    ("en-GB", "espeak-ng", None),
    ("ur", "gtts", None),
    ("en", "piper:en_US-joe-mediun", 'is not a voice the builder knows (did you mean piper:en_US-joe-medium?)'),
    ("pl", "piper:en_US-joe-medium", '"piper:en_US-joe-medium" speaks en-US, not pl: choose a voice for pl'),
    ("en", "coqui:jenny", 'names an unknown engine "coqui"; engines are: espeak-ng, gtts, piper'),
    ("en", "espeak-ng:en-gb", "espeak-ng takes no voice name here"),
    ("english!", "espeak-ng", "which is not a language tag"),
    ("en", 3, "must be a voice in quotes"),
])
def test_voice_choices(tag, text, expected):
    problem = voices.choice_problem(tag, text)
    assert problem is None if expected is None else expected in problem


def test_course_toml_voice_mistakes_are_named_at_their_lines(course_dir):
    toml = GOOD + ('formats = ["audio"]\n[audio]\nengine = "piper"\n[audio.voices]\nen = "piper:en_US-joe-medium"\n'
                   'pl = "piper:en_US-joe-medium"\nur = "piper:ur_PK-nobody-medium"\n')
    found = problems_for(course_dir, toml)
    assert found[0].startswith("course.toml:10: error: audio.voices.pl ") and "speaks en-US, not pl" in found[0]
    assert found[1].startswith("course.toml:11: error: audio.voices.ur ") and "not a voice the builder" in found[1]
    assert len(found) == 2
    found = problems_for(course_dir, GOOD + '[audio]\nvoices = "piper"\n')
    assert found == ["course.toml:6: error: audio.voices must be a table of settings, e.g. [audio.voices] with a "
                     "line for each [config.value]"]
