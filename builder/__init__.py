"""Accessible Training Builder: one Markdown course, published as accessible formats and languages."""

__version__ = "0.1.0"
