"""The Markdown dialects the reader understands, in the order their rules are tried. Adding a dialect is one
module with a `DIALECT` and one line here (tests/reader/test_dialects.py lists them)."""

from __future__ import annotations

from builder.reader.dialects import alerts, gfm, html, kramdown, myst, obsidian, pandoc

REGISTRY = (
    myst.DIALECT,
    pandoc.DIALECT,
    gfm.DIALECT,
    alerts.DIALECT,
    kramdown.DIALECT,
    html.DIALECT,
    obsidian.DIALECT,
)
