"""Benchmark: reading Markdown into the model, and the CommonMark specification's examples.

Run: .venv/bin/python bench/reader.py
Reports the time to read the sample course (medians of 7, one process, parser made once as a build does)
per 10,000 words; the same for the real lessons of tests/fixtures/sources (ten dialects) and for a
published lesson if one is given (`--lesson DIR`, a folder of Markdown modules with a course.toml); and how
many of the spec's 652 examples are read with the block structure and words a browser shows for the spec's
HTML, refused with a file:line error, or read differently (named, with the dialect that reads them).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.timing import median_time  # noqa: E402
from builder.check import module_text  # noqa: E402
from builder.course import read_course  # noqa: E402
from tests.spec_examples import run_all  # noqa: E402


def reading(folder: Path) -> tuple[int, float]:
    """Words in the course and the median seconds to read it (course.toml, modules, pronunciations)."""
    course, _ = read_course(folder)
    assert course is not None, f"{folder} has no usable course.toml"
    words = sum(len(module_text(module).split()) for module in course.modules)
    return words, median_time(lambda: read_course(folder), repeat=7)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--lesson", type=Path, help="another course folder to time, e.g. a published lesson")
    args = parser.parse_args()
    read_course(ROOT / "content")  # warm up imports
    rows = [("sample course", *reading(ROOT / "content"))]
    sources = sorted(p for p in (ROOT / "tests" / "fixtures" / "sources").iterdir() if p.is_dir())
    timed = [reading(folder) for folder in sources]
    rows.append((f"real lessons, {len(sources)} dialects (tests/fixtures/sources)", sum(w for w, _ in timed),
                 sum(t for _, t in timed)))
    if args.lesson:
        rows.append((args.lesson.name, *reading(args.lesson)))
    print("| course | words | seconds to read (median of 7) | seconds per 10,000 words |")
    print("|---|---|---|---|")
    for name, words, seconds in rows:
        print(f"| {name} | {words} | {seconds:.3f} | {seconds / words * 10_000:.3f} |")
    with tempfile.TemporaryDirectory() as folder:
        started = time.perf_counter()
        outcomes = run_all(Path(folder) / "content")
        spent = time.perf_counter() - started
    counts = Counter(outcome.result for outcome in outcomes)
    print(f"\nCommonMark spec examples: {len(outcomes)}; read as the spec says: {counts['same']}; refused with "
          f"file:line: {counts['refused']}; read differently: {counts['different']} ({spent:.1f} s): "
          + ", ".join(str(o.example["example"]) for o in outcomes if o.result == "different"))
    said = Counter(problem.rsplit("[", 1)[-1].rstrip("]") for outcome in outcomes for problem in outcome.problems)
    print("warnings by code: " + ", ".join(f"{code} {count}" for code, count in said.most_common()))


if __name__ == "__main__":
    main()
