"""liblouis, run in a separate process: it is not thread-safe, and a crash inside it (through ctypes)
would otherwise end the whole build without a word."""

from __future__ import annotations

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from builder.writers.base import WriterError
from builder.writers.braille.tables import six_dot, table_list

TIMEOUT_SECONDS = 300


def translate_batch(table: str, items: list[tuple[str, list[int]]]) -> list[str]:
    """Translate each (text, typeform) to Unicode braille with one allow-listed table. Runs in the worker."""
    import louis

    tables = table_list(table)
    results = []
    for text, typeform in items:
        if not text.strip():
            results.append("")
            continue
        form = typeform if typeform and any(typeform) else None
        results.append(six_dot(louis.translate(tables, text, typeform=form)[0]))
    return results


def translate_all(table: str, batches: dict[str, list[tuple[str, list[int]]]]) -> dict[str, list[str]]:
    """Translate every named batch (one per module) in a worker process; name the batch that failed."""
    results: dict[str, list[str]] = {}
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
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
    return results


def back_translate(table: str, braille: str) -> str:
    """Unicode braille back to print (for checks)."""
    import louis

    return louis.backTranslateString(table_list(table), braille)
