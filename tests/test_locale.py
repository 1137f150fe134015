"""A language as one object: every known language is complete or declares its fallback, and a Locale
says what the writers used to look up for themselves."""

import datetime
import tomllib

import louis
import pytest

from builder.course_toml import load_config
from builder.fonts import SCRIPT_FONTS
from builder.languages import DATA, known
from builder.locale import LABELS, locale_for
from builder.problems import Problems
from builder.languages import engine_voices as voices
from builder.writers.audio.speech import EspeakEngine


def _labels(code: str) -> dict:
    with (LABELS / f"{code}.toml").open("rb") as handle:
        return tomllib.load(handle)


def test_every_language_has_every_label_or_declares_english():
    english = _labels("en")
    for code, language in known().items():
        if language.labels == "en" and code != "en":
            assert not (LABELS / f"{code}.toml").exists(), f"{code} has labels but declares English ones"
            continue
        assert language.labels == code
        own = _labels(code)
        assert set(own) == set(english), f"{code}.toml: {sorted(set(english) ^ set(own))}"
        assert set(own["boxes"]) == set(english["boxes"]), f"{code}.toml [boxes]"
        for key, text in own.items():
            if key != "boxes":  # the same {placeholders}, or a label could not be filled in
                assert sorted(_fields(text)) == sorted(_fields(english[key])), f"{code}.toml: {key}"
        assert len(own["months"].split()) == 12


def _fields(text: str) -> list[str]:
    import string

    return [name for _, name, _, _ in string.Formatter().parse(text) if name]


def test_no_labels_file_is_left_without_a_language():
    assert {path.stem for path in LABELS.glob("*.toml")} <= set(known())


def test_every_language_is_complete():
    raw = tomllib.loads(DATA.read_text(encoding="utf-8"))
    for code, language in known().items():
        assert language.script in SCRIPT_FONTS, f"{code}: no font for script {language.script}"
        assert language.direction in ("ltr", "rtl")
        assert len(language.iso639_2) == 3 and language.iso639_2.isalpha()
        assert set(raw[code]) <= {"english-name", "native-name", "iso639-2", "script", "direction", "braille", "no-braille",
                                  "voices", "labels", "variants"}, f"{code}: a key the builder does not read"


def test_braille_tables_are_real_six_dot_tables():
    for code, language in known().items():
        for grade, table in language.braille.items():
            assert grade in (1, 2) and "/" not in table
            assert louis.checkTable(["unicode.dis", table]) is None, f"{code} grade {grade}: {table}"


def test_every_espeak_voice_is_installed():
    engine = EspeakEngine()
    for voice in voices(engine.name):
        assert engine.voice_file(voice) != voice, f"espeak-ng has no voice {voice}"


def test_a_locale_answers_what_writers_ask():
    urdu = locale_for("ur")
    assert urdu.rtl and urdu.script == "Arab" and urdu.font.family == "Noto Naskh Arabic"
    assert urdu.labels["contents"] != locale_for("en").labels["contents"] and not urdu.english_labels
    assert urdu.box("activity")[0] == "سرگرمی" and urdu.box("no-such-kind") == urdu.box("box")
    assert urdu.braille_code(2) == "ur-g2" and locale_for("en-GB").braille_code(2) == "ueb-g2"
    assert locale_for("pt").voice("espeak-ng") == "pt" and locale_for("pt-BR").voice("espeak-ng") == "pt-br"
    assert locale_for("pt-BR").voice("gtts") == "pt@com.br" and locale_for("fa").voice("gtts") is None
    assert locale_for("pl").date(datetime.date(2026, 12, 6)) == "6 grudnia 2026"
    assert locale_for("ur").of("en").rtl is False and locale_for("ur").of("ur") is urdu


def test_a_language_without_labels_falls_back_to_english_and_says_so():
    lithuanian = locale_for("lt")
    assert lithuanian.english_labels and lithuanian.labels == locale_for("en").labels
    assert not locale_for("en-GB").english_labels and not locale_for("pl").english_labels


def test_notices_are_in_the_language_and_in_english():
    polish = locale_for("pl").notices(machine_translated=True, untranslated=0)
    assert [tag for tag, _ in polish] == ["pl", "en"] and "maszynowo" in polish[0][1]
    assert [tag for tag, _ in locale_for("lt").notices(True, 0)] == ["lt"]  # English already: said once


def test_an_unknown_tag_is_latin_with_english_labels_no_braille_and_no_voice():
    unknown = locale_for("../../etc/passwd")
    assert unknown.script == "Latn" and unknown.braille_grades() == [] and unknown.voice("espeak-ng") is None


@pytest.mark.parametrize("translations, warned", [('["pl", "ur"]', []), ('["lt", "pl", "ro"]', ["lt", "ro"])])
def test_check_warns_where_a_language_has_no_labels(tmp_path, translations, warned):
    (tmp_path / "course.toml").write_text(f'[course]\ntitle = "T"\norganisation = "O"\nlanguage = "en-GB"\n'
                                          f"translations = {translations}\n", encoding="utf-8")
    problems = Problems()
    assert load_config(tmp_path, problems) is not None
    found = [p for p in problems.warnings if p.code == "labels.english"]
    assert [p.line for p in found] == [5] * len(warned)
    assert [p.message.split("(")[1].split(")")[0] for p in found] == warned
    assert all("builder/data/labels/" in p.message for p in found)
