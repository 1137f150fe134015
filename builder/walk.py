"""Walking the model: every node of a course in reading order, for writers and checks.

`children` is the one place that knows which nodes hold others; everything that walks the tree uses it.
"""

from __future__ import annotations

import dataclasses
from typing import Callable, Iterator

from builder.model import (Cell, Container, Course, Definition, DefinitionList, Emphasis, Figure, Group, Heading,
                           Link, ListBlock, ListItem, Module, Note, Paragraph, Phrase, Quote, Strong, Table)


def children(node: object) -> list[object]:
    """The nodes directly inside `node`, in reading order (titles and terms before what they head)."""
    if isinstance(node, (Heading, Paragraph, Cell, Strong, Emphasis, Link, Phrase)):
        return list(node.children)
    if isinstance(node, (ListItem, Quote, Note)):
        return list(node.blocks)
    if isinstance(node, ListBlock):
        return list(node.items)
    if isinstance(node, Container):
        return [*node.title, *node.blocks]
    if isinstance(node, Group):
        return [node.figure, *node.blocks]
    if isinstance(node, DefinitionList):
        return list(node.items)
    if isinstance(node, Definition):
        return [*node.term, *(block for definition in node.definitions for block in definition)]
    if isinstance(node, Table):
        return [*node.header, *(cell for row in node.rows for cell in row)]
    if isinstance(node, Module):
        return [*node.title, *node.blocks, *node.notes]
    return []


def without(blocks: list, drop: Callable[[object], bool]) -> list:
    """`blocks` with every block that `drop` picks taken out, at any depth. Nodes that hold blocks are new
    copies and the rest are shared, so the original tree is left as it was."""
    kept = []
    for block in blocks:
        if drop(block):
            continue
        if isinstance(block, (Container, Quote, ListItem, Note, Group)):
            block = dataclasses.replace(block, blocks=without(block.blocks, drop))
        elif isinstance(block, ListBlock):
            block = dataclasses.replace(block, items=without(block.items, drop))
        elif isinstance(block, DefinitionList):
            items = [dataclasses.replace(item, definitions=[without(d, drop) for d in item.definitions])
                     for item in block.items]
            block = dataclasses.replace(block, items=items)
        kept.append(block)
    return kept


def descendants(nodes) -> Iterator[object]:
    """Every node in and under `nodes`, depth first, in reading order."""
    for node in nodes:
        yield node
        yield from descendants(children(node))


def module_nodes(module: Module) -> Iterator[object]:
    """The module and every node in it: title, blocks, then its notes."""
    return descendants([module])


def nodes(course: Course) -> Iterator[object]:
    """Every node of every module, depth first, in reading order."""
    for module in course.modules:
        yield from module_nodes(module)


def blocks(blocks) -> Iterator[object]:
    """Every node inside a list of blocks, depth first."""
    return descendants(blocks)


def inlines(nodes) -> Iterator[object]:
    """Every inline node inside a list of inline nodes, depth first, in reading order."""
    return descendants(nodes)


def links(nodes) -> list[Link]:
    """The links among inline nodes, in reading order (how translations number them)."""
    return [node for node in inlines(nodes) if isinstance(node, Link)]


def languages_used(course: Course) -> set[str]:
    """Every language that text in the course is marked as."""
    return {node.lang for node in nodes(course) if hasattr(node, "lang")}


def figures(course: Course) -> list[Figure]:
    """Every figure in the course, in reading order."""
    return [node for node in nodes(course) if isinstance(node, Figure)]
