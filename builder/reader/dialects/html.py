"""HTML inside Markdown, as CommonMark, GitHub and every editor allow it: mapped into the model by
`builder.reader.html` (which the core asks for every piece of HTML), never passed through."""

from __future__ import annotations

from builder.reader.dialects.base import Dialect

DIALECT = Dialect("html", "HTML inside Markdown: <kbd>, <details>, <img>, tables and the rest mapped into the "
                          "model; scripts, styles and frames left out")
