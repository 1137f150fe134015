"""The one place formats are registered: a name, the module that holds its `Writer`.

Adding a format is one new module with a `Writer` class and one line here.
"""

from __future__ import annotations

import importlib
from pathlib import Path

from builder.writers.base import BaseWriter

REGISTRY: dict[str, str] = {
    "html": "builder.writers.html",
    "large-print": "builder.writers.large_print",
    "docx": "builder.writers.word",
    "braille": "builder.writers.braille",
    "audio": "builder.writers.audio",
    "epub": "builder.writers.epub",
}


def names() -> list[str]:
    """Format names in the order they are built and listed."""
    return list(REGISTRY)


def get(name: str, cache_dir: Path | None = None) -> BaseWriter:
    """The writer for a registered format name (KeyError if there is none)."""
    module = importlib.import_module(REGISTRY[name])
    return module.Writer(cache_dir)
