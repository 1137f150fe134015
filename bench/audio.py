"""Benchmark: audio for the sample course with espeak-ng, from an empty cache and from a full one.

Run: .venv/bin/python bench/audio.py
The raw-library baseline is espeak-ng speaking the same script in one process plus lameenc encoding it.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.locale import locale_for  # noqa: E402
from builder.course import load_course  # noqa: E402
from builder.writers import get  # noqa: E402
from builder.writers.audio.encode import QUALITY, encode_mp3  # noqa: E402
from builder.writers.audio.script import course_script  # noqa: E402
from builder.writers.audio.speech import _wav_data  # noqa: E402


def main() -> None:
    course, _ = load_course(ROOT / "content")
    options = {"engine": "espeak-ng", "rate": 160, "bitrate": 64, "part-name": "module"}
    with tempfile.TemporaryDirectory() as cache:
        writer = get("audio", Path(cache))
        started = time.perf_counter()
        files = writer.write(course, locale_for("en-GB"), options)
        cold = time.perf_counter() - started
        spoken = writer.synthesised
        started = time.perf_counter()
        writer.write(course, locale_for("en-GB"), options)
        warm = time.perf_counter() - started
    intro, tracks = course_script(course, locale_for("en-GB"), course.pronunciations_for("en-GB"))
    script = "\n".join(u.text for t in [intro, *tracks] for u in t.utterances if u.text)
    started = time.perf_counter()
    wav = subprocess.run([shutil.which("espeak-ng"), "-v", "en-gb", "-s", "133", "--stdin", "--stdout"],
                         input=script.encode(), capture_output=True, check=True).stdout
    encode_mp3(_wav_data(wav), 64)
    raw = time.perf_counter() - started
    minutes = sum(len(f.data) for f in files if re.fullmatch(r"audio/\d\d-.*\.mp3", f.path)) * 8 / 64000 / 60
    print("| measure | value |")
    print("|---|---|")
    print(f"| audio length (modules) | {minutes:.1f} min |")
    print(f"| pieces of speech synthesised | {spoken} |")
    print(f"| builder, empty cache (all MP3s, chapters, playlist, script) | {cold:.1f} s |")
    print(f"| builder, full cache (nothing synthesised or encoded) | {warm:.1f} s |")
    print(f"| raw libraries: one espeak-ng run on the whole script + one lameenc pass | {raw:.1f} s |")
    print(f"| ratio, builder (empty cache) / raw | {cold / raw:.2f} |")
    pcm = _wav_data(wav)
    seconds = len(pcm) / 2 / 22050
    for quality in (5, QUALITY):
        started = time.process_time()
        encode_mp3(pcm, 64, quality)
        rate = seconds / (time.process_time() - started)
        print(f"| encoding at 64 kbit/s mono, LAME quality {quality} | {rate:.0f} s of audio per CPU second |")


if __name__ == "__main__":
    main()
