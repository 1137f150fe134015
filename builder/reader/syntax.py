"""Small facts about markdown-it-py's syntax tree that every part of the reader needs."""

from __future__ import annotations

from typing import Any


def node_line(node: Any, fallback: int) -> int:
    """A syntax-tree node's first source line, 1-based (markdown-it counts from 0)."""
    try:
        mapped = node.map
    except AttributeError:
        mapped = None
    return mapped[0] + 1 if mapped else fallback
