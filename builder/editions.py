"""Who a version of the course is for: participants, the trainers who run it, or participants who read
Easy Read (the modules' `.easy.md` companions, where a module has one).

The participant edition never holds what is written for trainers (`::: trainer` boxes, answers unless
the module says `answers: participants`, materials, session plans): it is taken out of the model before
any writer or translation sees it, so no format can show it by mistake. The trainer edition keeps it
all and adds, per module, the session plan and the materials list, in the version's language.
"""

from __future__ import annotations

import copy
import dataclasses
from typing import Collection, Mapping
from urllib.parse import quote

from builder.boxes import TRAINER_ONLY
from builder.config import EDITIONS
from builder.locale import locale_for
from builder.model import (Block, Cell, Container, Course, Link, ListBlock, ListItem, Module, NoteRef, Paragraph,
                           Table, Text)
from builder.session_plan import SessionPlan, session_plan
from builder.symbols import CREDIT
from builder.timing import clock
from builder.walk import descendants, without, words_of

PARTICIPANT, TRAINER, EASY_READ = EDITIONS


def for_trainers_only(block: object, module: Module) -> bool:
    """A block only the trainer edition shows."""
    return isinstance(block, Container) and trainers_kind(block.kind, module)


def trainers_kind(kind: str | None, module: Module) -> bool:
    """Whether a box of this kind is only in the trainer edition (answers: unless the module gives them)."""
    return kind in TRAINER_ONLY or (kind == "answer" and not module.answers_for_participants)


def select(course: Course, edition: str) -> Course:
    """The course as `edition` shows it, before translation (nodes are shared with `course`)."""
    if edition == TRAINER:
        return dataclasses.replace(course, edition=TRAINER)
    if edition == EASY_READ:
        modules = [_for_participants(m) for m in course.companions]
        return dataclasses.replace(course, edition=EASY_READ, modules=modules, companions=[])
    return dataclasses.replace(course, edition=PARTICIPANT, modules=[_for_participants(m) for m in course.modules])


def for_participants(course: Course) -> Course:
    return select(course, PARTICIPANT)


def widest(course: Course, editions: Collection[str] | None = None) -> Course:
    """Everything any of the course's editions (or of `editions`) shows: what is checked for translation
    (the Easy Read companions after the modules)."""
    editions = course.config.editions if editions is None else editions
    chosen = select(course, TRAINER if TRAINER in editions else PARTICIPANT)
    if EASY_READ in editions:
        chosen = dataclasses.replace(chosen, modules=[*chosen.modules, *select(course, EASY_READ).modules])
    return chosen


def without_companion(course: Course) -> list[str]:
    """The modules an Easy Read edition leaves out, for want of a companion (by file name)."""
    have = {companion.slug for companion in course.companions}
    return [f"{module.slug}.md" for module in course.modules if module.slug not in have]


def finish(course: Course) -> Course:
    """The edition as it is written out, in its language: its file names say the language and edition
    (`version_name`), the trainer and Easy Read editions gain their titles, and each trainer's module its
    session plan and materials list at the top."""
    labels = locale_for(course.lang).labels
    config = dataclasses.replace(course.config, slug=f"{course.config.slug}-{version_name(course)}",
                                 course_slug=course.config.slug)
    if course.edition == EASY_READ:
        config = dataclasses.replace(config, title=labels["easy_read_edition"].format(title=course.config.title))
        return dataclasses.replace(course, config=config, credit=labels["symbols_credit"].format(credit=CREDIT))
    if course.edition != TRAINER:
        return dataclasses.replace(course, config=config)
    config = dataclasses.replace(config, title=labels["trainer_edition"].format(title=course.config.title))
    modules = [dataclasses.replace(module, blocks=[*_trainer_pages(module, labels), *module.blocks])
               for module in course.modules]
    return dataclasses.replace(course, config=config, modules=modules)


def version_name(course: Course) -> str:
    """What a version's file names add to the course's: its language, then its edition unless it is the
    participants' ("ur-trainer", "pl-easy-read", "en-gb"), so a file sent or copied alone says whose it is."""
    lang = course.lang.lower()
    return lang if course.edition == PARTICIPANT else f"{lang}-{course.edition}"


def version_path(edition: str, lang: str) -> str:
    """A version's folder in the outputs and on the published site, as a relative address: `trainer/ur/`."""
    return f"{quote(edition)}/{quote(lang)}/"


def site_address(course: Course) -> str | None:
    """The version's page on the published site (`make site`), which covers print so a participant with a
    printed copy can also listen: `<[site] url>/<edition>/<lang>/`; None when the course sets no address."""
    url = course.config.site_options["url"]
    return f"{url.rstrip('/')}/{version_path(course.edition, course.lang)}" if url else None


def site_words(labels: Mapping[str, str]) -> str:
    """The words a cover puts before the site address ("Listen and read online:"), in the version's language."""
    return labels["site_address"].partition("{address}")[0].strip()


def identity(course: Course) -> str:
    """The course and edition as identifiers inside files have always named them (an EPUB's uuid, a braille
    book's): unchanged by file names, so a reading app keeps a reader's place in a rebuilt book."""
    slug = course.config.course_slug or course.config.slug
    return slug if course.edition == PARTICIPANT else f"{slug}-{course.edition}"


def _for_participants(module: Module) -> Module:
    blocks = without(module.blocks, lambda block: for_trainers_only(block, module))
    notes = [note for note in without(module.notes, lambda block: for_trainers_only(block, module))
             if not trainers_kind(note.defined_in, module)]  # a note written inside a trainer's box goes with it
    # A note referred to only from a trainer's box goes with it; the others are numbered again from 1.
    referred = [node.anchor for node in descendants(blocks) if isinstance(node, NoteRef)]
    kept = {anchor: number for number, anchor in enumerate(dict.fromkeys(
        a for a in referred if any(note.anchor == a for note in notes)), 1)}
    hidden_links = any(isinstance(node, Link) and trainers_kind(node.defined_in, module)
                       for node in descendants(blocks + notes))
    if len(kept) < len(notes) or len(kept) < len(set(referred)) or hidden_links:
        blocks, notes = copy.deepcopy((blocks, notes))  # the refs are shared with the trainer edition
        for node in descendants(blocks + notes):
            if isinstance(node, NoteRef) and node.anchor in kept:
                node.number = kept[node.anchor]
            words = words_of(node)
            if words is not None:  # a mark of a note participants do not get; a link whose address they do not
                words[:] = [kept_item for item in words for kept_item in (
                    [] if isinstance(item, NoteRef) and item.anchor not in kept else
                    item.children if isinstance(item, Link) and trainers_kind(item.defined_in, module) else [item])]
        notes = [dataclasses.replace(note, number=kept[note.anchor]) for note in notes if note.anchor in kept]
    return dataclasses.replace(module, blocks=blocks, notes=sorted(notes, key=lambda note: note.number),
                               materials=[])


def _trainer_pages(module: Module, labels: dict[str, str]) -> list[Block]:
    """The session plan and the materials list, as boxes every writer already knows how to show."""
    found: list[Block] = []
    plan = session_plan(module)
    if plan is not None:
        found.append(Container("plan", "plan", [], _plan_blocks(plan, module, labels), module.source, module.lang))
    if module.materials:
        items = [ListItem([Paragraph([Text(item, module.source, module.lang)], module.source, module.lang)],
                          module.source, module.lang) for item in module.materials]
        found.append(Container("materials", "materials", [], [ListBlock(False, items, module.source, module.lang)],
                               module.source, module.lang))
    return found


def _plan_blocks(plan: SessionPlan, module: Module, labels: dict[str, str]) -> list[Block]:
    source, lang = module.source, module.lang

    def cell(text: str, align: str | None = None) -> Cell:
        return Cell([Text(text, source, lang)] if text else [], source, lang, align)

    header = [cell(labels["plan_start"]), cell(labels["plan_item"]), cell(labels["plan_minutes"], "right")]
    rows = []
    for row in plan.rows:
        title = list(row.title)
        if row.box_kind is not None:
            label = locale_for(lang).box(row.box_kind)[0]
            title = [Text(f"{label}: " if title and label else label, source, lang), *title] if label else title
        minutes = "" if row.minutes is None else str(row.minutes)
        if row.box_kind is not None and minutes:
            minutes = f"({minutes})"  # part of its section's time, not added to it
        rows.append([Cell([Text(clock(row.start), source, lang)], source, lang), Cell(title, source, lang),
                     cell(minutes, "right")])
    rows.append([cell(clock(plan.total)), cell(labels["plan_total"]), cell(str(plan.total), "right")])
    blocks: list[Block] = [Table(header, rows, source, lang)]
    if any(row.box_kind is not None for row in plan.rows):
        blocks.append(Paragraph([Text(labels["plan_note"], source, lang)], source, lang))
    if not plan.agrees:
        text = labels["plan_disagrees"].format(stated=plan.stated, planned=plan.total)
        blocks.append(Paragraph([Text(text, source, lang)], source, lang))
    return blocks

