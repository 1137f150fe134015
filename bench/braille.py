"""Benchmark: braille for the sample course (UEB grade 2, 40 x 25), ours against file2brl.

Run: .venv/bin/python bench/braille.py   (needs file2brl: apt-get install liblouisutdml-bin)
Ours = segments from the model, liblouis in a worker process, UK layout, BRF + PEF + proof.
file2brl (liblouisutdml, the reference formatter) gets the same text, one paragraph per line.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_time  # noqa: E402
from builder.locale import locale_for  # noqa: E402
from builder.course import load_course  # noqa: E402
from builder.writers import get  # noqa: E402
from builder.writers.braille.segments import all_segments, module_segments  # noqa: E402


def main() -> None:
    course, _ = load_course(ROOT / "content")
    writer = get("braille")
    options = {"grades": [2], "cells": 40, "lines": 25}
    writer.write(course, locale_for("en-GB"), options)  # warm up imports
    ours = median_time(lambda: writer.write(course, locale_for("en-GB"), options))
    texts = [s.text for m in course.modules for s in all_segments(module_segments(m, locale_for("en-GB"))) if s.text]
    words = sum(len(t.split()) for t in texts)
    print("| measure | value |")
    print("|---|---|")
    print(f"| words | {words} |")
    print(f"| builder: translate, lay out, write BRF + PEF + proof (median of 5) | {ours:.3f} s |")
    file2brl = shutil.which("file2brl")
    if not file2brl:
        print("| file2brl | not installed (apt-get install liblouisutdml-bin) |")
        return
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "course.txt"
        source.write_text("\n\n".join(texts) + "\n", encoding="utf-8")
        command = [file2brl, "-T", "-C", "cellsPerLine=40", "-C", "linesPerPage=25", "-C", "braillePages=yes",
                   "-C", "literaryTextTable=en-ueb-g2.ctb", str(source), str(Path(folder) / "out.brf")]
        theirs = median_time(lambda: subprocess.run(command, check=True, capture_output=True, cwd=folder))
    print(f"| file2brl on the same text, BRF only (median of 5) | {theirs:.3f} s |")
    print(f"| ratio, builder / file2brl | {ours / theirs:.1f} |")


if __name__ == "__main__":
    main()
