"""Benchmark: the trainer's preview, from saving a module to the new text on the page in Chromium.

Run: .venv/bin/python bench/preview.py   (needs Debian's chromium and the test extras: playwright)
The sample course, and a course ten times larger (90 modules, as bench/build.py makes it), each previewed
in headless Chromium; one module is saved with a new sentence, and the time until the page shows it is
measured (median of 7 saves). The reading step alone (the course read again and checked) is timed too.
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.build import ten_times  # noqa: E402
from builder.preview import Preview  # noqa: E402

SAVES = 7


def measure(content: Path, module: Path) -> tuple[float, float]:
    """Median seconds from a save to the page showing it, and median seconds of the reading step."""
    from playwright.sync_api import sync_playwright

    reads: list[float] = []
    preview = Preview(content, on_reload=lambda seconds, _: reads.append(seconds)).start()
    shown: list[float] = []
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=["--no-sandbox"])
            page = browser.new_page()
            page.goto(preview.url)
            page.frame_locator("iframe#course").locator("main").wait_for()
            original = module.read_text(encoding="utf-8")
            for number in range(SAVES):
                sentence = f"A sentence written just now, number {number}."
                started = time.perf_counter()
                module.write_text(original + f"\n{sentence}\n", encoding="utf-8")
                shown.append(_shown(page, sentence, started))
                time.sleep(0.3)
            browser.close()
    finally:
        preview.stop()
    return statistics.median(shown), statistics.median(reads)


def _shown(page, sentence: str, started: float) -> float:
    """Seconds from `started` until the course's frame has a paragraph of `sentence`: asked every 10 ms
    (Playwright's own waiting backs off to half a second while a frame reloads, which would be measured)."""
    while time.perf_counter() - started < 30:
        try:
            if page.frames[1].evaluate("s => [...document.querySelectorAll('p')].some(p => p.textContent === s)",
                                       sentence):
                return time.perf_counter() - started
        except Exception:  # noqa: BLE001 - the frame is between two pages
            pass
        time.sleep(0.01)
    raise TimeoutError(f"the page never showed: {sentence}")


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        sample = Path(folder) / "sample"
        shutil.copytree(ROOT / "content", sample)
        larger = Path(folder) / "larger"
        ten_times(ROOT / "content", larger)
        rows = [("the sample (9 modules, 4 languages, 3 editions)", *measure(sample, sample / "05-saying-no.md")),
                ("ten times the sample (90 modules), English only",
                 *measure(larger, larger / "05-saying-no.md"))]
    print("| course | save to page shown (median of 7) | reading and checking again (median) |")
    print("|---|---|---|")
    for name, shown, read in rows:
        print(f"| {name} | {shown:.2f} s | {read:.2f} s |")


if __name__ == "__main__":
    main()
