"""A module's front matter: the YAML between `---` lines at its top, checked key by key.

Lessons written for other tools carry their own keys (`layout`, `sidebar_position`, `publish`): they are
settings of those tools and are left out without a word. Keys that say what this builder also says are used:
`title`, `summary` (or `subtitle`), `duration` (or The Carpentries' `teaching` + `exercises`, GTN's
`time_estimation`), `materials`, `answers`, and the lists participants see as boxes (`objectives`,
`questions`, `keypoints`). Front matter that cannot be read is left out with a warning; the module is read.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from builder.problems import Problems
from builder.text import hidden_character, one_line

MAX_BYTES = 16 * 1024
KEYS = {"title": "the module title", "summary": "one or two sentences about the module",
        "duration": 'how long the session takes, e.g. "45 minutes"',
        "materials": "a list of what the trainer brings, one '- item' per line (shown in the trainer edition)",
        "answers": "who sees the answers to exercises: 'participants', or 'trainer' (the default)"}
ANSWERS = ("trainer", "participants")
MAX_ITEMS = 100
# Keys other tools use for one of this builder's.
SAME_MEANING = {"subtitle": "summary"}
# Lists participants see, shown as a box of that kind: objectives and questions first, key points last.
AS_BOX = {"objectives": "objectives", "questions": "questions", "keypoints": "keypoints", "key_points": "keypoints",
          "key-points": "keypoints"}
_GTN_TIME = re.compile(r"^\s*(?:(\d+)\s*[hH])?\s*(?:(\d+)\s*[mM])?\s*$")  # time_estimation: 1H30M


@dataclass
class FrontMatter:
    """The keys this builder uses, where the front matter ends, and the line of each key."""

    values: dict[str, str] = field(default_factory=dict)
    materials: list[str] = field(default_factory=list)
    boxes: dict[str, list[str]] = field(default_factory=dict)  # kind -> items, e.g. {"objectives": [...]}
    minutes: list[int] = field(default_factory=list)  # `teaching` and `exercises` minutes, added up
    body_line: int = 1  # the first line of the Markdown after the front matter (1-based)
    lines: dict[str, int] = field(default_factory=dict)


def read_front_matter(path: Path, lines: list[str], problems: Problems) -> FrontMatter:
    """Check the front matter at the top of `lines`; every problem is recorded and the body is still read."""
    if not lines or lines[0].strip() != "---":
        return FrontMatter()
    for end, line in enumerate(lines[1:], 1):
        if line.strip() in ("---", "..."):
            break
    else:  # no closing line: an editor shows a rule and the text, and so does every format
        problems.warning(path, 1, "front matter starts with '---' but has no closing '---' line, so it is read as "
                                  "text: add a '---' line after the last key", "front-matter.syntax")
        return FrontMatter()
    found = FrontMatter(body_line=end + 2)
    yaml_text = "\n".join(lines[1:end])
    if len(yaml_text.encode("utf-8", "surrogatepass")) > MAX_BYTES:
        problems.warning(path, 1, f"front matter is longer than {MAX_BYTES // 1024} KB, so it is left out: keep it to "
                                  "title, summary and duration", "front-matter.size")
        return found
    try:
        data = yaml.load(yaml_text, Loader=_FrontMatterLoader)  # noqa: S506 - a SafeLoader without aliases
    except (yaml.YAMLError, RecursionError) as err:
        mark = getattr(err, "problem_mark", None)
        line = mark.line + 2 if mark else 1
        reason = getattr(err, "problem", None) or "it could not be read"
        problems.warning(path, line, f"front matter is not valid YAML ({reason}), so it is left out: write each key "
                                     "as 'key: value', e.g. 'title: Saying no'", "front-matter.syntax")
        return found
    if data is None:
        return found
    if not isinstance(data, dict):
        problems.warning(path, 2, "front matter must be 'key: value' lines, e.g. 'title: Saying no', so it is left "
                                  "out", "front-matter.syntax")
        return found
    _read_keys(path, lines, end, data, found, problems)
    return found


def _read_keys(path: Path, lines: list[str], end: int, data: dict, found: FrontMatter, problems: Problems) -> None:
    def bad(line: int, message: str) -> None:
        problems.warning(path, line, message, "front-matter.value")

    for key, value in data.items():
        key = str(key)
        line = next((n for n, text in enumerate(lines[1:end], 2) if text.startswith(f"{key}:")), 2)
        found.lines[key] = line
        name = SAME_MEANING.get(key, key)
        if name in AS_BOX:
            items = _texts(value)
            if items is None:
                bad(line, f"front matter '{key}' must be a list, one '- item' per line, so it is left out")
            else:
                found.boxes[AS_BOX[name]] = items
        elif name in ("teaching", "exercises", "time_estimation"):
            _add_minutes(found, value, name)
        elif name not in KEYS:
            close = difflib.get_close_matches(name.lower(), [*KEYS, *AS_BOX], n=1, cutoff=0.8)
            if close and close[0] != name:
                problems.warning(path, line, f"front matter key '{key}' is not used by this builder and is left out "
                                             f"(did you mean '{close[0]}'?)", "front-matter.unknown-key")
        elif name == "duration" and isinstance(value, int) and not isinstance(value, bool):
            found.values[name] = f"{value} minutes"
        elif name == "materials":
            items = _texts(value)
            if items is None:
                bad(line, f"front matter 'materials' must be a list of up to {MAX_ITEMS} items, one per line: "
                          "'  - Flipchart', so it is left out")
            else:
                found.materials = items
        elif name == "answers" and value not in ANSWERS:
            bad(line, "front matter 'answers' must be 'participants' (they see the answers) or 'trainer' (only the "
                      "trainer edition shows them), so answers are for the trainer")
        elif not isinstance(value, (str, int, float)) or isinstance(value, bool) or not str(value).strip():
            bad(line, f"front matter '{key}' must be text ({KEYS[name]}), so it is left out")
        elif hidden_character(str(value)):
            bad(line, f"front matter '{key}' holds a control character or a broken one (an escape such as \\u001b "
                      "or \\ud800), so it is left out: delete it")
        elif name not in found.values or key == name:
            found.values[name] = one_line(str(value)).strip()  # each is a line: a title, a sentence or two, a time


def _add_minutes(found: FrontMatter, value: Any, key: str) -> None:
    """The Carpentries' `teaching` and `exercises` minutes add up to the duration; GTN's `time_estimation`
    (`1H30M`) is one. A duration the module gives itself comes first."""
    if key == "time_estimation":
        time = _GTN_TIME.match(str(value))
        minutes = int(time.group(1) or 0) * 60 + int(time.group(2) or 0) if time and any(time.groups()) else None
    else:
        minutes = value if isinstance(value, int) and not isinstance(value, bool) else None
    if minutes is None or "duration" in found.lines:
        return
    found.minutes.append(minutes)
    found.values["duration"] = f"{sum(found.minutes)} minutes"


def _texts(value: Any) -> list[str] | None:
    """A front matter list as short texts (a single text is one item); None when it is not one."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or len(items) > MAX_ITEMS or not all(
            isinstance(item, (str, int, float)) and not isinstance(item, bool) for item in items):
        return None
    texts = [str(item).strip() for item in items if str(item).strip()]
    return None if any(hidden_character(text) for text in texts) else texts


class _FrontMatterLoader(yaml.SafeLoader):
    """YAML's safe loader, refusing aliases: even the safe loader expands them, so a few hundred bytes
    of nested aliases ("billion laughs") can fill the memory."""

    def compose_node(self, parent, index):
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not allowed", event.start_mark)
        return super().compose_node(parent, index)
