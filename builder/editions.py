"""Who a version of the course is for. Participants never receive the notes written for trainers
(`::: trainer`, `::: instructor`, `::: facilitator`): they are taken out of the model before any writer
or translation sees it, so no format can show them by mistake."""

from __future__ import annotations

import dataclasses

from builder.boxes import TRAINER_ONLY
from builder.model import Block, Container, Course, DefinitionList, ListBlock, Quote


def for_participants(course: Course) -> Course:
    """The course without trainer-only boxes; nodes are shared with `course`, lists are new."""
    modules = [dataclasses.replace(module, blocks=_without_trainer_notes(module.blocks),
                                   notes=[dataclasses.replace(note, blocks=_without_trainer_notes(note.blocks))
                                          for note in module.notes])
               for module in course.modules]
    return dataclasses.replace(course, modules=modules)


def _without_trainer_notes(blocks: list[Block]) -> list[Block]:
    kept: list[Block] = []
    for block in blocks:
        if isinstance(block, Container):
            if block.kind in TRAINER_ONLY:
                continue
            block = dataclasses.replace(block, blocks=_without_trainer_notes(block.blocks))
        elif isinstance(block, Quote):
            block = dataclasses.replace(block, blocks=_without_trainer_notes(block.blocks))
        elif isinstance(block, ListBlock):
            block = dataclasses.replace(block, items=[dataclasses.replace(item, blocks=_without_trainer_notes(
                item.blocks)) for item in block.items])
        elif isinstance(block, DefinitionList):
            block = dataclasses.replace(block, items=[dataclasses.replace(item, definitions=[
                _without_trainer_notes(definition) for definition in item.definitions]) for item in block.items])
        kept.append(block)
    return kept

