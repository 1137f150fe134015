"""Benchmark: the EPUB with read-along audio for the sample course, on top of the audio it reuses.

Run: .venv/bin/python bench/epub.py
The audio writer runs first with a fresh cache (as a build's audio job does); then the EPUB writer is timed
five times with that cache: it reuses the recordings (module MP3s and utterance times) and speaks nothing.
Pandoc's EPUB of the same Markdown (no audio, no accessibility metadata) is timed beside it for scale.
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.locale import locale_for  # noqa: E402
from builder.course import load_course  # noqa: E402
from builder.versions import version  # noqa: E402
from builder.writers import get  # noqa: E402

AUDIO = {"engine": "espeak-ng", "rate": 160, "bitrate": 64, "part-name": "module"}


def main() -> None:
    course, _ = load_course(ROOT / "content")
    print("| language | audio job (s, fresh cache) | EPUB with overlays (s, median of 5) | EPUB size (MB) |")
    print("|---|---|---|---|")
    for lang in ["en-GB", "pl", "pt", "ur"]:
        edition = version(course, "participant", lang)
        with tempfile.TemporaryDirectory() as cache:
            started = time.perf_counter()
            get("audio", Path(cache)).write(edition, locale_for(lang), AUDIO)
            audio = time.perf_counter() - started
            times, size = [], 0
            for _ in range(5):
                writer = get("epub", Path(cache))
                started = time.perf_counter()
                book = writer.write(edition, locale_for(lang), {"certifier": "", "audio": AUDIO})[0]
                times.append(time.perf_counter() - started)
                size = len(book.data)
                assert book.options["read-along"] and not writer.notes
        print(f"| {lang} | {audio:.1f} | {statistics.median(times):.2f} | {size / 1e6:.1f} |")
    pandoc = shutil.which("pandoc")
    if pandoc:
        modules = sorted(str(p) for p in (ROOT / "content").glob("[0-9]*.md"))
        with tempfile.TemporaryDirectory() as out:
            times = []
            for _ in range(5):
                started = time.perf_counter()
                subprocess.run([pandoc, "-M", "lang=en-GB", "-M", "title=Sample", *modules, "-o",
                                f"{out}/book.epub"], cwd=ROOT / "content", capture_output=True, check=True)
                times.append(time.perf_counter() - started)
        print(f"\npandoc {subprocess.run([pandoc, '--version'], capture_output=True, text=True).stdout.split()[1]}"
              f" EPUB of the same modules (text only): {statistics.median(times):.2f} s (median of 5)")


if __name__ == "__main__":
    main()
