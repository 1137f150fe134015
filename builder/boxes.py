"""The kinds of box a module may hold, and the names other tools give them.

Pandoc, Quarto, MyST, The Carpentries, GitHub, Obsidian and the Galaxy Training Network each name boxes their
own way (`callout-tip`, `admonition`, `challenge`, `[!NOTE]`, `hands_on`); each name is mapped to one kind
here, and the kind decides the label every format shows (`builder.labels`). Any other name makes a plain box
titled with the name. Whatever a dialect calls notes for the person running a session (instructor, facilitator,
teacher, speaker notes) is a trainer note: never in what participants receive.
"""

from __future__ import annotations

import re

KINDS: dict[str, tuple[str, ...]] = {
    "note": ("note", "callout", "admonition", "seealso", "info", "aside", "remark", "comment", "abstract",
             "summary", "tldr", "details", "margin", "sidebar", "topic", "success", "check", "done",
             "more-info"),
    "tip": ("tip", "hint", "hints", "tips", "pro-tip"),
    "warning": ("warning", "caution", "danger", "attention", "error", "failure", "fail", "missing", "bug",
                "warnings"),
    "important": ("important",),
    "exercise": ("exercise", "exercises", "challenge", "practice", "practise", "task", "hands-on", "hands_on",
                 "type-along", "demo", "homework", "try-it"),
    "activity": ("activity", "activities"),
    "answer": ("solution", "solutions", "answer", "answers"),
    "discussion": ("discussion",),
    "objectives": ("objectives", "goals", "outcomes", "learning-objectives", "overview"),
    "questions": ("questions", "question", "faq", "help"),
    "keypoints": ("keypoints", "key-points", "takeaways", "key_points"),
    "checklist": ("checklist", "todo"),
    "testimonial": ("testimonial", "story"),
    # Notes for whoever runs the session: never in what participants receive.
    "trainer": ("trainer", "instructor", "facilitator", "teacher", "tutor", "presenter", "speaker", "notes",
                "speaker-notes", "instructor-note", "instructor-notes", "trainer-notes", "facilitator-notes"),
}
GENERIC = "box"
TRAINER_ONLY = frozenset({"trainer"})
_BY_NAME = {name: kind for kind, names in KINDS.items() for name in names}
_TRAINER_WORDS = {"trainer", "trainers", "instructor", "instructors", "facilitator", "facilitators", "teacher",
                  "teachers", "tutor", "tutors", "presenter", "speaker"}
_ANSWER_WORDS = {"answer", "answers", "solution", "solutions"}
_PREFIXES = ("callout-", "admonition-", "alert-", "markdown-alert-", "box-")


def guessed(name: str) -> bool:
    """Whether a box name's kind was found from a word in it (`trainer-briefing`), not from the name itself:
    worth a word to the author, as a trainer's box read as a participant's would be worse."""
    key = name.strip().lower()
    return kind_of(name) in ("trainer", "answer") and key not in _BY_NAME and not any(
        key.startswith(prefix) and key[len(prefix):] in _BY_NAME for prefix in _PREFIXES) and \
        key.rstrip("s") not in _BY_NAME


def kind_of(name: str) -> str:
    """The kind for a box name as written (`Challenge`, `callout-exercise`, `facilitator-notes` ->
    `exercise`, `exercise`, `trainer`); `box` for a name not known here."""
    key = name.strip().lower()
    if key in _BY_NAME:
        return _BY_NAME[key]
    words = [w for w in re.split(r"[-_\s]+", key) if w]
    if _TRAINER_WORDS & set(words):
        return "trainer"  # any name that says it is for the person running the session
    if _ANSWER_WORDS & set(words):
        return "answer"  # `model-answer`, `worked-solution`: kept for the trainer, as every answer is
    for prefix in _PREFIXES:
        if key.startswith(prefix) and key[len(prefix):] in _BY_NAME:
            return _BY_NAME[key[len(prefix):]]
    if key.rstrip("s") in _BY_NAME:
        return _BY_NAME[key.rstrip("s")]
    return GENERIC


def shown_name(name: str) -> str:
    """A name not known here as a title: `prereq` -> `Prereq`, `group-work` -> `Group work`."""
    words = name.replace("-", " ").replace("_", " ").strip()
    return words[:1].upper() + words[1:]
