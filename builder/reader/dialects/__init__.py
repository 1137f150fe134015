"""The Markdown dialects the reader understands, in the order their rules are tried. Adding a dialect is one
module with a `DIALECT` and one line here (tests/reader/test_dialects.py lists them)."""

from __future__ import annotations

from builder.reader.dialects import alerts, cells, gfm, html, kramdown, mkdocs, myst, obsidian, pandoc

REGISTRY = (
    cells.DIALECT,
    myst.DIALECT,
    pandoc.DIALECT,
    gfm.DIALECT,
    alerts.DIALECT,
    kramdown.DIALECT,
    mkdocs.DIALECT,
    html.DIALECT,
    obsidian.DIALECT,
)
