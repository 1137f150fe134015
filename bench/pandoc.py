"""Benchmark: the sample course's web page and Word file, the builder against pandoc, side by side.

Run: .venv/bin/python bench/pandoc.py   (needs Debian's pandoc and librsvg2-bin; used here only)
Each measure is a whole process from start to exit, as a coordinator would run it; the tools take turns,
five rounds, and the medians are reported. The builder builds into an empty folder each time (no earlier
outputs, so nothing is skipped), English, participant edition, one worker: once with its cache as a
coordinator's machine has it after the first build (the pictures drawn for Word kept), once with an empty
cache (every picture drawn again, as pandoc does). pandoc makes a standalone HTML page and a .docx from the
same nine module files (not the Easy Read companions), drawing each SVG picture for Word with rsvg-convert
as the builder draws it with cairosvg.
"""

from __future__ import annotations

import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 5


# As on a coordinator's machine: Python keeps its compiled modules (this sandbox sets PYTHONDONTWRITEBYTECODE,
# which makes every run compile the builder again: 0.2 s).
ENVIRONMENT = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}


def run(command: list[str], cwd: Path) -> float:
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   env=ENVIRONMENT)
    return time.perf_counter() - started


def main() -> None:
    pandoc = shutil.which("pandoc")
    if pandoc is None or shutil.which("rsvg-convert") is None:
        raise SystemExit("pandoc and rsvg-convert are needed: apt-get install pandoc librsvg2-bin (for this "
                         "benchmark only; without rsvg-convert pandoc leaves the pictures out of Word)")
    content = ROOT / "content"
    modules = sorted(path.name for path in content.glob("[0-9][0-9]-*.md") if not path.name.endswith(".easy.md"))
    times: dict[str, list[float]] = {"builder": [], "builder, empty cache": [], "pandoc (two processes)": []}
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for round_number in range(ROUNDS + 1):  # the first round warms the disk cache and is not counted
            spent = {}
            for name, cache in (("builder", []), ("builder, empty cache", ["--cache", str(out / f"c{round_number}")])):
                spent[name] = run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output",
                                   str(out / f"{name[-5:]}{round_number}"), "--formats", "html,docx", "--languages",
                                   "en-GB", "--editions", "participant", "--jobs", "1", *cache], ROOT)
            spent["pandoc (two processes)"] = run(
                [pandoc, "-s", "-M", "lang=en-GB", "-M", "title=Sample", *modules, "-o", str(out / "p.html")], content)
            spent["pandoc (two processes)"] += run([pandoc, "-M", "lang=en-GB", *modules, "-o", str(out / "p.docx")],
                                                   content)
            if round_number:
                for name, seconds in spent.items():
                    times[name].append(seconds)
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split()[1]
    print(f"Machine: {platform.processor() or platform.machine()}, {platform.python_version()}, pandoc {version}")
    print("| tool | HTML + Word, seconds (median of 5) | runs |")
    print("|---|---|---|")
    for name, runs in times.items():
        print(f"| {name} | {statistics.median(runs):.2f} | {', '.join(f'{t:.2f}' for t in runs)} |")
    peer = statistics.median(times["pandoc (two processes)"])
    print(f"ratio builder / pandoc: {statistics.median(times['builder']) / peer:.2f} "
          f"(empty cache: {statistics.median(times['builder, empty cache']) / peer:.2f})")


if __name__ == "__main__":
    main()
