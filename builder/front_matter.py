"""A module's front matter: the YAML between `---` lines at its top, checked key by key.

Keys this builder does not use are warnings, not errors: lessons written for other tools carry their
own (`teaching`, `layout`), and the build goes on without them.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.problems import Problems
from builder.text import hidden_character

MAX_BYTES = 16 * 1024
KEYS = {"title": "the module title", "summary": "one or two sentences about the module",
        "duration": 'how long the session takes, e.g. "45 minutes"',
        "materials": "a list of what the trainer brings, one '- item' per line (shown in the trainer edition)",
        "answers": "who sees the answers to exercises: 'participants', or 'trainer' (the default)"}
ANSWERS = ("trainer", "participants")
MAX_MATERIALS = 100
# Keys other tools use for the same thing: a did-you-mean by meaning, where spelling would mislead
# (difflib offers `title` for `subtitle`).
SAME_MEANING = {
    "subtitle": "summary", "description": "summary", "abstract": "summary", "overview": "summary",
    "excerpt": "summary", "intro": "summary", "introduction": "summary", "synopsis": "summary",
    "teaching": "duration", "exercises": "duration", "time": "duration", "length": "duration",
    "minutes": "duration", "estimated-time": "duration", "estimated_time": "duration", "timing": "duration",
    "name": "title", "heading": "title", "header": "title",
}
# Keys that hold text participants should see, which belongs in a box in the module instead.
AS_BOX = {"objectives": "objectives", "questions": "questions", "keypoints": "keypoints",
          "key-points": "keypoints", "goals": "objectives", "outcomes": "objectives"}


@dataclass
class FrontMatter:
    """The keys this builder uses, where the front matter ends, and the line of each key."""

    values: dict[str, str] = field(default_factory=dict)
    materials: list[str] = field(default_factory=list)
    body_line: int = 1  # the first line of the Markdown after the front matter (1-based)
    lines: dict[str, int] = field(default_factory=dict)


def read_front_matter(path: Path, lines: list[str], problems: Problems) -> FrontMatter:
    """Check the front matter at the top of `lines`; every problem is recorded and the body is still read."""
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    for end, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            break
    else:
        problems.error(path, 1, "front matter starts with '---' but has no closing '---' line: add one after the "
                                "last key", "front-matter.syntax")
        return FrontMatter()
    found = FrontMatter(body_line=end + 2)
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        problems.error(path, 1, f"front matter is longer than {MAX_BYTES // 1024} KB: keep it to title, summary "
                                "and duration", "front-matter.size")
        return found
    try:
        data = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader without aliases
    except (yaml.YAMLError, RecursionError) as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(err, "problem", None) or "it could not be read"
        problems.error(path, line, f"front matter is not valid YAML ({reason}): write each key as 'key: value', "
                                   "e.g. 'title: Saying no'", "front-matter.syntax")
        return found
    if data is None:
        return found
    if not isinstance(data, dict):
        problems.error(path, 2, "front matter must be 'key: value' lines, e.g. 'title: Saying no'",
                       "front-matter.syntax")
        return found
    for key, value in data.items():
        line = next((n for n, text in enumerate(lines[1:end], 2) if text.startswith(f"{key}:")), 2)
        found.lines[str(key)] = line
        if key not in KEYS:
            problems.warning(path, line, f"front matter key '{key}' is not used by this builder and is left "
                                         f"out{_suggest(str(key))}", "front-matter.unknown-key")
        elif key == "duration" and isinstance(value, int) and not isinstance(value, bool):
            found.values[key] = f"{value} minutes"
        elif key == "materials":
            found.materials = _materials(path, line, value, problems)
        elif key == "answers" and value not in ANSWERS:
            problems.error(path, line, "front matter 'answers' must be 'participants' (they see the answers) or "
                                       "'trainer' (only the trainer edition shows them)", "front-matter.value")
        elif not isinstance(value, str) or not value.strip():
            problems.error(path, line, f"front matter '{key}' must be text ({KEYS[key]})", "front-matter.value")
        elif hidden_character(value):
            problems.error(path, line, f"front matter '{key}' holds a control character or a broken one (an "
                                       "escape such as \\u001b or \\ud800): delete it", "front-matter.value")
        else:
            found.values[key] = value.strip()
    return found


def _materials(path: Path, line: int, value: Any, problems: Problems) -> list[str]:
    """`materials:` as a list of short texts; a single text is one item."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, (str, int)) and not isinstance(item, bool)
                                              for item in items) or len(items) > MAX_MATERIALS:
        problems.error(path, line, f"front matter 'materials' must be a list of up to {MAX_MATERIALS} items, one "
                                   "per line: '  - Flipchart'", "front-matter.value")
        return []
    texts = [str(item).strip() for item in items if str(item).strip()]
    if any(hidden_character(text) for text in texts):
        problems.error(path, line, "front matter 'materials' holds a control character or a broken one: delete it",
                       "front-matter.value")
        return []
    return texts


def _suggest(key: str) -> str:
    """A hint for an unknown key: what it means here, else the known key it is spelled like."""
    lowered = key.lower()
    if lowered in AS_BOX:
        return f": to show it to participants, put it in the module as a '::: {AS_BOX[lowered]}' box"
    meaning = SAME_MEANING.get(lowered)
    if meaning:
        return f" (did you mean '{meaning}'? it is {KEYS[meaning]})"
    close = difflib.get_close_matches(lowered, list(KEYS), n=1)
    if close:
        return f" (did you mean '{close[0]}'?)"
    return f"; keys used are: {', '.join(KEYS)}"


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: even the safe loader expands them, so a few hundred bytes
    of nested aliases ("billion laughs") can fill the memory."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)
