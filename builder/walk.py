"""Walking the model: every node of a course in reading order, for writers and checks."""

from __future__ import annotations

from typing import Iterator

from builder.model import Course, Figure, Heading, Link, ListBlock, Paragraph, Quote, Strong, Emphasis, Table


def nodes(course: Course) -> Iterator[object]:
    """Every block and inline node of every module, depth first, in reading order."""
    for module in course.modules:
        yield module
        yield from module.title
        yield from blocks(module.blocks)


def blocks(blocks) -> Iterator[object]:
    """Every node inside a list of blocks, depth first."""
    return _blocks(blocks)


def _blocks(blocks) -> Iterator[object]:
    for block in blocks:
        yield block
        if isinstance(block, (Heading, Paragraph)):
            yield from inlines(block.children)
        elif isinstance(block, ListBlock):
            for item in block.items:
                yield item
                yield from _blocks(item.blocks)
        elif isinstance(block, Quote):
            yield from _blocks(block.blocks)
        elif isinstance(block, Table):
            for cell in [*block.header, *(c for row in block.rows for c in row)]:
                yield cell
                yield from inlines(cell.children)


def inlines(nodes) -> Iterator[object]:
    """Every inline node inside a list of inline nodes, depth first, in reading order."""
    for node in nodes:
        yield node
        if isinstance(node, (Strong, Emphasis, Link)):
            yield from inlines(node.children)


def links(nodes) -> list[Link]:
    """The links among inline nodes, in reading order (how translations number them)."""
    return [node for node in inlines(nodes) if isinstance(node, Link)]




def languages_used(course: Course) -> set[str]:
    """Every language that text in the course is marked as."""
    return {node.lang for node in nodes(course) if hasattr(node, "lang")}


def figures(course: Course) -> list[Figure]:
    """Every figure in the course, in reading order."""
    return [node for node in nodes(course) if isinstance(node, Figure)]
