"""Markdown modules read into the document model, each node with its exact source line and language.

`module.read_module` reads a file; the core (`blocks`, `inlines`) turns markdown-it-py's syntax tree into
model nodes, asking each dialect in `dialects` first; `html` maps HTML into the model; `figures` and `links`
settle what pictures and links point at. Whatever an editor would show is read as faithfully as the model
allows and reported with its line; only what cannot be read or could run something is an error.
"""

from __future__ import annotations

from builder.reader.base import ModuleFile
from builder.reader.module import read_module
from builder.reader.parser import make_parser
from builder.reader.targets import CourseIndex

__all__ = ["CourseIndex", "ModuleFile", "make_parser", "read_module"]
