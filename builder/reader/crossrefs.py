"""Links from one module to a place in another, settled once every module is read: a MyST label (`{ref}`) is
found in whichever module holds it, a heading a link names must exist, and a link written without words shows
the title of the place it points at."""

from __future__ import annotations

import dataclasses

from builder.config import slugify
from builder.model import Container, Heading, Inline, Link, Module
from builder.problems import Problems
from builder.editions import trainers_kind
from builder.walk import descendants, module_nodes, with_hider, words_of


def resolve_links(modules: list[Module], problems: Problems) -> None:
    """Settle every link between modules. A label found nowhere leaves the link's words; a heading found
    nowhere, a link to the module's start. Each is reported with its line."""
    anchors: dict[str, list[Inline]] = {}
    holders: list[tuple[Module, list[Inline]]] = []
    for module in modules:  # one walk: the places links may point at, and the lists of words that hold links
        anchors[f"module-{module.slug}"] = module.title
        anchors[f"{module.slug}-{slugify(module.title_text)}"] = module.title  # the heading that is its title
        for node in module_nodes(module):
            if isinstance(node, Heading) and node.anchor:
                anchors[node.anchor] = node.children
            elif isinstance(node, Container) and node.anchor:
                anchors[node.anchor] = node.title
            words = words_of(node)
            if words is not None and any(isinstance(item, Link) for item in words):
                holders.append((module, words))
    labels = {label: (module.slug, fragment) for module in modules for label, fragment in module.labels.items()}
    for module, words in holders:
        words[:] = [kept for item in words for kept in _settled(item, module, anchors, labels, problems)]
    _to_trainer_text(modules, problems)


def _to_trainer_text(modules: list[Module], problems: Problems) -> None:
    """A link from text participants get to a heading or box inside a trainer box (or an answer kept for
    trainers) would point at nothing in their edition: it is marked, so that they get only its words."""
    hidden: dict[str, str] = {}  # anchor -> the kind of trainer box around it
    within: set[int] = set()  # the links that are themselves inside one (they go with it)
    for module in modules:
        boxes = with_hider(module.blocks, lambda block, module=module: isinstance(block, Container)
                           and trainers_kind(block.kind, module))
        for block, hider in boxes:
            if hider is None:
                continue
            if isinstance(block, (Heading, Container)) and block.anchor:
                hidden[block.anchor] = hider.kind
            if block is hider:  # the box's links, once
                within.update(id(node) for node in descendants([block]) if isinstance(node, Link))
    if not hidden:
        return
    for module in modules:
        for node in module_nodes(module):
            if isinstance(node, Link) and node.module and node.fragment and id(node) not in within:
                kind = hidden.get(f"{node.module}-{node.fragment}")
                if kind:
                    node.defined_in = kind
                    problems.warning(module.source.path, node.source.line, f"this link goes to a part written inside "
                                     f"a '{kind}' box, which participants do not get, so they see only its words: "
                                     "link to a part they have, or move the part out of the box", "link.trainer-only")


def _settled(item, module: Module, anchors: dict[str, list[Inline]], labels: dict[str, tuple[str, str]],
             problems: Problems) -> list:
    if not isinstance(item, Link):
        return [item]
    if item.target is not None:
        found = labels.get(item.target) or labels.get(item.target.lower())
        if found is None:
            problems.warning(module.source.path, item.source.line, f"the reference '{item.target}' names no label "
                             f"'({item.target})=' in the course, so its words are shown without a link: check the "
                             "label's spelling, or add it above the heading it means", "link.broken")
            return list(item.children)
        item.module, item.fragment, item.target = found[0], found[1] or None, None
        _named(item, anchors)
        return [item]
    if item.module and item.fragment and \
            anchors.get(f"{item.module}-{item.fragment}") is anchors.get(f"module-{item.module}"):
        item.fragment = None  # the heading that is the module's title: its start
    if item.module and item.fragment and f"{item.module}-{item.fragment}" not in anchors:
        label = labels.get(item.fragment)
        if label is not None and label[0] == item.module:
            item.fragment = label[1] or None
            _named(item, anchors)
            return [item]
        problems.warning(module.source.path, item.source.line, f"link to '{item.href}', but the module has no "
                         f"heading with the anchor '{item.fragment}', so it points at the module's start: use the "
                         "heading's words in lower case, joined by dashes", "link.broken")
        item.fragment = None
    if item.module:
        _named(item, anchors)
    return [item]


def _named(link: Link, anchors: dict[str, list]) -> None:
    """A link written without words (`{ref}`label``, `{doc}`page``) shows the title of the place it points at."""
    if not link.children:
        place = f"{link.module}-{link.fragment}" if link.fragment else f"module-{link.module}"
        link.children = [dataclasses.replace(node, source=link.source) for node in anchors.get(place, [])]
