"""liblouis, run in a separate process: it is not thread-safe, and a crash inside it (through ctypes)
would otherwise end the whole build without a word."""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from builder.children import end_with_parent
from builder.writers.base import WriterError
from builder.writers.braille.tables import six_dot, table_list

TIMEOUT_SECONDS = 300
CHUNK = 2000  # characters given to liblouis at once: a 1 MB paragraph in one call took 3 GB of memory


def translate_batch(table: str, items: list[tuple[str, list[int]]]) -> list[str]:
    """Translate each (text, typeform) to Unicode braille with one allow-listed table. Runs in the worker."""
    import louis

    tables = table_list(table)
    results = []
    for text, typeform in items:
        if not text.strip():
            results.append("")
            continue
        pieces = []
        for start, end in _chunks(text):
            form = typeform[start:end] if typeform and any(typeform[start:end]) else None
            pieces.append(six_dot(louis.translate(tables, text[start:end], typeform=form)[0]))
        results.append("\u2800".join(pieces))
    return results


def _chunks(text: str) -> list[tuple[int, int]]:
    """Spans of at most CHUNK characters, cut at spaces so that no word is split."""
    spans, start = [], 0
    while len(text) - start > CHUNK:
        cut = text.rfind(" ", start, start + CHUNK)
        cut = cut if cut > start else start + CHUNK
        spans.append((start, cut))
        start = cut + 1 if text[cut:cut + 1] == " " else cut
    spans.append((start, len(text)))
    return spans


def translate_all(table: str, batches: dict[str, list[tuple[str, list[int]]]]) -> dict[str, list[str]]:
    """Translate every named batch (one per module) in a worker process; name the batch that failed."""
    results: dict[str, list[str]] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context, initializer=end_with_parent,
                             initargs=(os.getpid(),)) as pool:
        futures = {name: pool.submit(translate_batch, table, items) for name, items in batches.items()}
        for name, future in futures.items():
            try:
                results[name] = future.result(timeout=TIMEOUT_SECONDS)
            except BrokenProcessPool:
                raise WriterError(f"liblouis crashed while translating {name} with table {table}: the other "
                                  "formats are unaffected; please report this with that module") from None
            except TimeoutError:
                raise WriterError(f"liblouis took over {TIMEOUT_SECONDS} s on {name}: the text may be "
                                  "pathological; please report it") from None
            except RuntimeError:  # liblouis could not compile the table: a file of liblouis-data is missing
                raise WriterError(f"liblouis could not load its table {table} for {name}: reinstall the braille "
                                  "tables with: sudo apt-get install --reinstall liblouis-data") from None
    return results


def back_translate(table: str, braille: str) -> str:
    """Unicode braille back to print (for checks)."""
    import louis

    return louis.backTranslateString(table_list(table), braille)
