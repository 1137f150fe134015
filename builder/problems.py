"""Problems found in a course, reported like a compiler: `file:line: level: message [code]`."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

# Control characters (ESC starts terminal escape sequences) and bidi overrides (they reorder what is shown)
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """Text safe to show on a terminal: every control or bidi-override character as a visible \\u escape, so
    a file name or a link address cannot move the cursor, recolour the screen or reverse what is shown."""
    return _UNSAFE.sub(lambda match: f"\\u{ord(match.group(0)):04x}", text)


@dataclass(frozen=True, order=True)
class Problem:
    """One error or warning about the content, with where it is and how to fix it."""

    path: str
    line: int
    level: str  # "error" or "warning"
    message: str
    code: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return printable(f"{where}: {self.level}: {self.message} [{self.code}]")

    @property
    def is_error(self) -> bool:
        return self.level == "error"


def display_path(path: Path) -> str:
    """A path as the user typed it: relative to the working folder when it is inside it."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


class WriterError(Exception):
    """A format cannot be made for a reason the user can fix (a font to install, a service to wait for);
    the message says how, and `where` (a model Source) the line to fix, when it is one. Here, not with the
    writers, so that what writers use (fonts) can raise it."""

    def __init__(self, message: str, where=None):
        super().__init__(message)
        self.where = where


class ContentError(Exception):
    """Raised when the content has errors; carries every problem found, not just the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class StrictWarnings(ContentError):
    """Warnings that `--strict` counts as errors, as Sphinx's `-W` does for a publishing pipeline: nothing is
    built while there are any."""


class Problems:
    """Collects problems while reading a course so that all of them are reported at once."""

    def __init__(self) -> None:
        self.items: list[Problem] = []

    def error(self, path: Path | str, line: int, message: str, code: str) -> None:
        self._add(path, line, "error", message, code)

    def warning(self, path: Path | str, line: int, message: str, code: str) -> None:
        self._add(path, line, "warning", message, code)

    def _add(self, path: Path | str, line: int, level: str, message: str, code: str) -> None:
        shown = display_path(path) if isinstance(path, Path) else path
        self.items.append(Problem(shown, line, level, message, code))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.items if p.is_error]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.items if not p.is_error]

    def raise_if_errors(self) -> None:
        if self.errors:
            raise ContentError(self.items)
