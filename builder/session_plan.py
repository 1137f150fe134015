"""A module's session plan: its `##` sections and timed activities in order, each with its start on a
clock running from 0:00, and the total against the module's stated duration.

A section's time is its own `{duration=..}`, or else the sum of the timed boxes in it; the timed boxes
inside a section are part of its time, not added to it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from builder.model import Block, Container, Heading, Inline, ListBlock, Module, Quote, Source


@dataclass
class PlanRow:
    title: list[Inline]
    start: int  # minutes from the start of the session
    minutes: int | None  # None: a section with no time of its own and no timed activity
    source: Source
    box_kind: str | None = None  # set for an activity (a timed box), None for a section


@dataclass
class SessionPlan:
    rows: list[PlanRow]
    total: int
    stated: int | None  # the module's front matter duration in minutes, when it reads as a time
    overruns: list[tuple[PlanRow, int]] = field(default_factory=list)  # a section and its activities' minutes

    @property
    def agrees(self) -> bool:
        return self.stated is None or self.stated == self.total


def session_plan(module: Module) -> SessionPlan | None:
    """The module's plan, or None when nothing in it has a time."""
    parts: list[tuple[Heading | None, list[Container]]] = [(None, [])]
    for block in module.blocks:
        if isinstance(block, Heading) and block.level == 2:
            parts.append((block, []))
        else:
            parts[-1][1].extend(_timed_boxes([block]))
    if not any(heading and heading.minutes for heading, _ in parts) and not any(boxes for _, boxes in parts):
        return None
    rows: list[PlanRow] = []
    overruns: list[tuple[PlanRow, int]] = []
    clock = 0
    for heading, boxes in parts:
        inner = sum(box.minutes or 0 for box in boxes)
        section = None
        if heading is not None:
            own = heading.minutes if heading.minutes is not None else (inner or None)
            section = PlanRow(heading.children, clock, own, heading.source)
            rows.append(section)
            if heading.minutes is not None and inner > heading.minutes:
                overruns.append((section, inner))
        start = clock
        for box in boxes:
            rows.append(PlanRow(box.title, start, box.minutes, box.source, box.kind))
            start += box.minutes or 0
        clock += (section.minutes or 0) if section else inner
    return SessionPlan(rows, clock, module.duration_minutes, overruns)


def _timed_boxes(blocks: list[Block]) -> list[Container]:
    """The outermost boxes with a time, in reading order."""
    found: list[Container] = []
    for block in blocks:
        if isinstance(block, Container) and block.minutes is not None:
            found.append(block)
        elif isinstance(block, (Container, Quote)):
            found += _timed_boxes(block.blocks)
        elif isinstance(block, ListBlock):
            found += _timed_boxes([inner for item in block.items for inner in item.blocks])
    return found
