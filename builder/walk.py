"""Walking the model: every node of a course in reading order, for writers and checks.

`children` is the one place that knows which nodes hold others; everything that walks the tree uses it.
"""

from __future__ import annotations

import dataclasses
import itertools
from typing import Any, Callable, Iterator, Sequence

from builder.model import (Cell, Container, Course, Definition, DefinitionList, Emphasis, Figure, Group, Heading,
                           Link, ListBlock, ListItem, Module, Note, Paragraph, Phrase, Quote, Strong, Table)


_INSIDE: dict[type, Callable[[Any], Sequence[object]]] = {
    **dict.fromkeys((Heading, Paragraph, Cell, Strong, Emphasis, Link, Phrase), lambda node: node.children),
    **dict.fromkeys((ListItem, Quote, Note), lambda node: node.blocks),
    ListBlock: lambda node: node.items,
    Container: lambda node: [*node.title, *node.blocks],
    Group: lambda node: [node.figure, *node.blocks],
    DefinitionList: lambda node: node.items,
    Definition: lambda node: [*node.term, *(block for definition in node.definitions for block in definition)],
    Table: lambda node: [*node.header, *(cell for row in node.rows for cell in row)],
    Module: lambda node: [*node.title, *node.blocks, *node.notes],
}
# Only what holds blocks, for walks that need no words (headings, pictures, boxes).
_BLOCKS_INSIDE: dict[type, Callable[[Any], Sequence[object]]] = {
    **dict.fromkeys((ListItem, Quote, Note, Container), lambda node: node.blocks),
    ListBlock: lambda node: node.items,
    Group: lambda node: [node.figure, *node.blocks],
    DefinitionList: lambda node: node.items,
    Definition: lambda node: [block for definition in node.definitions for block in definition],
    Module: lambda node: [*node.blocks, *node.notes],
}


def children(node: object) -> Sequence[object]:
    """The nodes directly inside `node`, in reading order (titles and terms before what they head). The list
    may be the node's own: read it, do not change it."""
    inside = _INSIDE.get(type(node))
    return inside(node) if inside else ()


def block_lists(node: object) -> list[list]:
    """The runs of sibling blocks directly inside `node` (a box's, each list item's, each definition's), for
    walks that look at what comes before a block."""
    if isinstance(node, ListBlock):
        return [item.blocks for item in node.items]
    if isinstance(node, DefinitionList):
        return [definition for item in node.items for definition in item.definitions]
    if isinstance(node, (Container, Quote, ListItem, Note, Group)):
        return [node.blocks]
    return []


def with_hider(blocks: list, hides: Callable[[object], bool]) -> Iterator[tuple[object, object | None]]:
    """Every block in and under `blocks` (through `block_lists`), in reading order, with the outermost block
    around it, or itself, that `hides` picks (a box an edition leaves out), or None."""
    stack: list[tuple[Iterator[object], object | None]] = [(iter(blocks), None)]
    while stack:
        runs, hider = stack[-1]
        block = next(runs, None)
        if block is None:
            stack.pop()
            continue
        own = hider if hider is not None else (block if hides(block) else None)
        yield block, own
        stack.append((itertools.chain.from_iterable(block_lists(block)), own))


def words_of(node: object) -> list | None:
    """The list of inline nodes directly inside `node` (a paragraph's words, a box's title, a term), itself,
    so that a walk can change it in place; None for a node that holds none."""
    if isinstance(node, (Paragraph, Heading, Cell, Strong, Emphasis, Phrase, Link)):
        return node.children
    if isinstance(node, (Container, Module)):
        return node.title
    if isinstance(node, Definition):
        return node.term
    return None


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


def descendants(nodes, inside: dict[type, Callable[[Any], Sequence[object]]] = _INSIDE) -> Iterator[object]:
    """Every node in and under `nodes`, depth first, in reading order (a stack, not recursion: a deep tree
    is walked as fast as a flat one)."""
    stack = [iter(nodes)]
    while stack:
        for node in stack[-1]:
            yield node
            found = inside.get(type(node))
            if found is not None:
                stack.append(iter(found(node)))
                break
        else:
            stack.pop()


def block_nodes(nodes) -> Iterator[object]:
    """Every block in and under `nodes`, depth first, in reading order, without going into their words."""
    return descendants(nodes, _BLOCKS_INSIDE)


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
