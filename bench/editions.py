"""Benchmark: what the trainer edition costs, and what a trainer's note edit redoes.

Run: .venv/bin/python bench/editions.py   (a few minutes; prints a Markdown table for bench/RESULTS.md)
On a copy of the sample course: (a) cold build of the participant edition only; (b) cold build of both
editions; (c) rebuild of both with nothing changed; (d) rebuild after editing one trainer's note in one
module (English only changes: the translations keep their entries), with the jobs it redid.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
BUILT_ROW = re.compile(r"^(\S.*?\))\s+built\s")  # a row of the closing table: "html (en-GB, trainer)   built  0.1 s"


def timed(content: Path, out: Path, cache: Path, *extra: str) -> tuple[float, list[str]]:
    """Seconds of one `python -m builder build`, and the labels of the jobs it built."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "builder", "build", "--content", str(content), "--output", str(out),
                           "--cache", str(cache), "--allow-untranslated", *extra], cwd=ROOT, capture_output=True,
                          text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"build failed: {done.stderr[-2000:]}")
    built = [found.group(1) for found in map(BUILT_ROW.match, done.stdout.splitlines()) if found]
    return seconds, built


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-editions-"))
    content = work / "content"
    shutil.copytree(ROOT / "content", content)
    cache = work / "cache"
    rows = []
    seconds, _ = timed(content, work / "participant", cache, "--editions", "participant")
    rows.append(("(a) cold build, participant edition only", seconds, ""))
    shutil.rmtree(cache)
    seconds, built = timed(content, work / "both", cache)
    rows.append(("(b) cold build, both editions", seconds, f"{len(built)} jobs"))
    seconds, built = timed(content, work / "both", cache)
    rows.append(("(c) nothing changed", seconds, f"{len(built)} jobs redone"))
    module = content / "05-saying-no.md"
    module.write_text(module.read_text().replace("Keep the person asking friendly", "Keep the person asking kind"))
    seconds, built = timed(content, work / "both", cache, "--languages", "en-GB")
    rows.append(("(d) one trainer's note edited (English)", seconds, ", ".join(built)))
    manifest = json.loads((work / "both" / "manifest.json").read_text())
    editions = sorted({entry["edition"] for entry in manifest["files"]})
    print("| Build | Seconds | Jobs |\n|---|---:|---|")
    for name, value, note in rows:
        print(f"| {name} | {value:.1f} | {note} |")
    print(f"\nEditions in the manifest: {', '.join(editions)}; files: {len(manifest['files'])}")
    shutil.rmtree(work)


if __name__ == "__main__":
    main()
