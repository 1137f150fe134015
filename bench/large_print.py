"""Benchmark: large print PDF for the sample course, our pipeline against WeasyPrint alone.

Run: .venv/bin/python bench/large_print.py   (prints a Markdown table for bench/RESULTS.md)
Our pipeline = read the course + render the HTML + WeasyPrint a module at a time + tag fixes + joining
the parts. The baseline is WeasyPrint rendering the very same HTML, whole, with default settings, so the
ratio is what the builder adds. Then with the builder's cache: nothing changed, and one module edited.
"""

from __future__ import annotations

import io
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.locale import locale_for  # noqa: E402
from builder.course import load_course  # noqa: E402
from builder.writers import get  # noqa: E402
from builder.writers.large_print import render_document  # noqa: E402


def timed(function, repeat: int = 5) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append(time.perf_counter() - started)
    return statistics.median(times), result


def main() -> None:
    import pdfplumber
    import weasyprint

    course, _ = load_course(ROOT / "content")
    writer = get("large-print")
    options = {"sizes": [18], "colour-scheme": "standard"}
    writer.write(course, locale_for("en-GB"), options)  # warm up imports and font caches
    ours, files = timed(lambda: writer.write(load_course(ROOT / "content")[0], locale_for("en-GB"), options))
    html, _ = render_document(course, locale_for("en-GB"), 18, "standard")
    alone, _ = timed(lambda: weasyprint.HTML(string=html).write_pdf())
    with pdfplumber.open(io.BytesIO(files[0].data)) as pdf:
        pages = len(pdf.pages)
    print("| measure | value |")
    print("|---|---|")
    print(f"| pages at 18 pt | {pages} |")
    print(f"| builder, whole large print step (median of 5) | {ours:.2f} s |")
    print(f"| seconds per page | {ours / pages:.3f} s |")
    print(f"| WeasyPrint alone on the same HTML | {alone:.2f} s |")
    print(f"| ratio (aim: at most 1.2) | {ours / alone:.2f} |")
    with tempfile.TemporaryDirectory() as folder:
        content = Path(folder) / "content"
        shutil.copytree(ROOT / "content", content)
        cache = Path(folder) / "cache"

        def cached() -> int:
            writer = get("large-print", cache)
            writer.write(load_course(content)[0], locale_for("en-GB"), options)
            return writer.pages_laid_out

        started = time.perf_counter()
        cold_pages = cached()
        cold = time.perf_counter() - started
        same, laid_out = timed(cached)
        module = content / "05-saying-no.md"
        module.write_text(module.read_text().replace("Start small.", "Start with something small."))
        started = time.perf_counter()
        edited = cached()
        edit = time.perf_counter() - started
    print(f"| builder with its cache: empty (pages laid out) | {cold:.2f} s ({cold_pages}) |")
    print(f"| builder with its cache: nothing changed (median of 5) | {same:.2f} s ({laid_out}) |")
    print(f"| builder with its cache: one module edited | {edit:.2f} s ({edited}) |")


if __name__ == "__main__":
    main()
