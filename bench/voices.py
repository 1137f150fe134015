"""Benchmark: natural voices against espeak-ng. Each voice's speed (seconds of speech per second of one core),
the sample's English participant audio built cold with each, and a one-module edit with the natural voice.

Run: .venv/bin/python bench/voices.py   (about 3 minutes on 2 cores)
"""

from __future__ import annotations

import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.build import build  # noqa: E402
from builder.course import load_course  # noqa: E402
from builder.locale import locale_for  # noqa: E402
from builder.versions import version  # noqa: E402
from builder.writers import get  # noqa: E402
from builder.writers.audio.engines import ENGINES  # noqa: E402
from builder.writers.audio.script import course_script  # noqa: E402
from builder.writers.audio.speech import SAMPLE_RATE  # noqa: E402

NATURAL = "piper:en_US-joe-medium"
VOICES = [("en-GB", "piper", "en_US-joe-medium"), ("en-GB", "espeak-ng", "en-gb"), ("pl", "espeak-ng", "pl"),
          ("pt", "espeak-ng", "pt"), ("ur", "espeak-ng", "ur")]


def real_time_factors() -> None:
    """Each voice speaking the participant edition's second module in its language, one utterance at a time
    on one thread: seconds of speech per second taken. Also the words a minute it speaks at its own pace."""
    course, _ = load_course(ROOT / "content")
    print("| voice | language | speech | time | speech per second (one core) | words a minute at rate 160 |")
    print("|---|---|---|---|---|---|")
    for lang, engine_name, voice in VOICES:
        localised = version(course, "participant", lang, True)
        _, tracks = course_script(localised, locale_for(lang), localised.pronunciations_for(lang), "session")
        texts = [u.text for u in tracks[1].utterances if u.text]
        engine = ENGINES[engine_name]()
        engine.synthesise("Ready.", voice, 160)  # the voice loaded before the clock starts
        started = time.perf_counter()
        samples = sum(len(engine.synthesise(text, voice, 160)) // 2 for text in texts)
        taken = time.perf_counter() - started
        engine.close()
        seconds = samples / SAMPLE_RATE
        words = sum(len(text.split()) for text in texts)
        print(f"| {engine_name} {voice} | {lang} | {seconds:.0f} s | {taken:.1f} s | {seconds / taken:.1f} | "
              f"{words / seconds * 60:.0f} |")


def cold_builds() -> Path:
    """The English participant audio of the sample, cold, with espeak-ng and with the natural voice (2 jobs,
    as `make` runs). Returns the natural voice's cache, for the edit."""
    print("\n| English participant audio, cold, 2 cores | seconds |")
    print("|---|---|")
    natural_cache = Path(tempfile.mkdtemp())
    for name, voice in (("espeak-ng", "espeak-ng"), ("piper en_US-joe-medium", NATURAL)):
        with tempfile.TemporaryDirectory() as out:
            cache = natural_cache if voice == NATURAL else Path(out) / "cache"
            started = time.perf_counter()
            build(ROOT / "content", Path(out) / "out", formats=["audio"], languages=["en-GB"],
                  editions=["participant"], cache_dir=cache, report=lambda line: None, jobs_count=2,
                  overrides={"audio": {"voices": {"en": voice}}})
            print(f"| {name} | {time.perf_counter() - started:.1f} |")
    return natural_cache


def one_module_edit(cache: Path) -> None:
    """A sentence added to one module, then the natural voice's audio made again from the warm cache: what is
    spoken again, and how long it takes."""
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(ROOT / "content", content)
        module = content / "05-saying-no.md"
        text = module.read_text(encoding="utf-8")
        module.write_text(text.replace("\n\n", "\n\nThis sentence was added for the benchmark.\n\n", 1),
                          encoding="utf-8")
        course, _ = load_course(content)
        localised = version(course, "participant", "en-GB", True)
        options = {"engine": "espeak-ng", "voices": {"en": NATURAL}, "rate": 160, "bitrate": 64,
                   "part-name": "session"}
        writer = get("audio", cache)
        started = time.perf_counter()
        writer.write(localised, locale_for("en-GB"), options)
        taken = time.perf_counter() - started
    print(f"\nOne-module edit (a sentence added to 05-saying-no.md), natural voice, warm cache: {taken:.1f} s, "
          f"{writer.synthesised} piece(s) of speech said again, {writer.encoded} chapter(s) encoded again.")


if __name__ == "__main__":
    real_time_factors()
    natural = cold_builds()
    one_module_edit(natural)
    shutil.rmtree(natural, ignore_errors=True)
