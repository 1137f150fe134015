"""Benchmark: the sample course's web page and Word file, the builder against pandoc, side by side.

Run: .venv/bin/python bench/pandoc.py   (needs Debian's pandoc; used here only)
Each measure is a whole process from start to exit, as a coordinator would run it; the two tools take
turns, five rounds, and the medians are reported. The builder builds into an empty folder each time (no
earlier outputs, so nothing is skipped), English, participant edition, one worker, its caches as a
coordinator's machine has them after the first build (the drawn pictures are not cached: every run draws
them). pandoc makes a standalone HTML page and a .docx from the same Markdown files.
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
    if pandoc is None:
        raise SystemExit("pandoc is not installed: sudo apt-get install pandoc (for this benchmark only)")
    content = ROOT / "content"
    modules = sorted(path.name for path in content.glob("[0-9][0-9]-*.md"))
    builder_times, pandoc_times = [], []
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        for round_number in range(ROUNDS + 1):  # the first round warms the disk cache and is not counted
            target = out / f"b{round_number}"
            spent = run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(target),
                         "--formats", "html,docx", "--languages", "en-GB", "--editions", "participant",
                         "--jobs", "1"], ROOT)
            peer = run([pandoc, "-s", "-M", "lang=en-GB", "-M", "title=Sample", *modules, "-o", str(out / "p.html")],
                       content)
            peer += run([pandoc, "-M", "lang=en-GB", *modules, "-o", str(out / "p.docx")], content)
            if round_number:
                builder_times.append(spent)
                pandoc_times.append(peer)
    version = subprocess.run([pandoc, "--version"], capture_output=True, text=True).stdout.split()[1]
    print(f"Machine: {platform.processor() or platform.machine()}, {platform.python_version()}, pandoc {version}")
    print("| tool | HTML + Word, seconds (median of 5) | runs |")
    print("|---|---|---|")
    print(f"| builder | {statistics.median(builder_times):.2f} | {', '.join(f'{t:.2f}' for t in builder_times)} |")
    print(f"| pandoc (two processes) | {statistics.median(pandoc_times):.2f} | "
          f"{', '.join(f'{t:.2f}' for t in pandoc_times)} |")
    print(f"ratio builder / pandoc: {statistics.median(builder_times) / statistics.median(pandoc_times):.2f}")


if __name__ == "__main__":
    main()
