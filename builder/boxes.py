"""The kinds of `:::` box a module may hold, and the names other tools give them.

Pandoc, Quarto, MyST and The Carpentries each name boxes their own way (`callout-tip`, `admonition`,
`challenge`); each name is mapped to one kind here, and the kind decides the label every format shows
(`builder.labels`). Any other name makes a plain box titled with the name.
"""

from __future__ import annotations

KINDS: dict[str, tuple[str, ...]] = {
    "note": ("note", "callout", "callout-note", "admonition", "seealso", "info", "aside", "remark"),
    "tip": ("tip", "hint", "callout-tip"),
    "warning": ("warning", "caution", "danger", "attention", "error", "callout-warning", "callout-caution"),
    "important": ("important", "callout-important"),
    "exercise": ("exercise", "challenge", "practice", "practise", "task"),
    "activity": ("activity",),
    "answer": ("solution", "answer", "answers"),
    "discussion": ("discussion",),
    "objectives": ("objectives", "goals", "outcomes"),
    "questions": ("questions",),
    "keypoints": ("keypoints", "key-points", "takeaways"),
    "checklist": ("checklist",),
    "testimonial": ("testimonial", "story"),
    # Notes for whoever runs the session: never in what participants receive.
    "trainer": ("trainer", "instructor", "facilitator", "instructor-note", "instructor-notes", "trainer-notes"),
}
GENERIC = "box"
TRAINER_ONLY = frozenset({"trainer"})
_BY_NAME = {name: kind for kind, names in KINDS.items() for name in names}


def kind_of(name: str) -> str:
    """The kind for a box name as written (`Challenge` -> `exercise`); `box` for a name not known here."""
    return _BY_NAME.get(name.strip().lower(), GENERIC)


def shown_name(name: str) -> str:
    """A name not known here as a title: `prereq` -> `Prereq`, `group-work` -> `Group work`."""
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
