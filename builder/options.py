"""Typed, validated options that a format declares and course.toml sets (e.g. large print sizes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Mapping
from urllib.parse import urlsplit


@dataclass(frozen=True)
class Option:
    """One setting of a format, with its type, default, allowed values and a line of help."""

    name: str
    help: str
    default: Any
    kind: str = "str"  # "str", "int", "bool", "int-list", "str-list", "https" (a web address), "table",
    # "address" (scheme://host:port, the schemes in `choices`)
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    # "table": a TOML table ([audio.voices]) whose entries this checks one by one, each reported at its line
    entry_check: Callable[[str, Any], str | None] | None = None

    def check(self, value: Any) -> str | None:
        """Return a message saying what is wrong with `value`, or None if it is acceptable (a table's entries
        are checked by `entry_problems`)."""
        if self.kind == "table":
            return None if isinstance(value, dict) else \
                f"must be a table of settings, e.g. [{{section}}.{self.name}] with a line for each"
        if self.kind.endswith("-list"):
            if not isinstance(value, list) or (not value and self.kind == "int-list"):
                return f"must be a non-empty list, e.g. {self.name} = {_toml(self.default)}"
            for item in value:
                problem = self._check_one(item, self.kind.removesuffix("-list"))
                if problem:
                    return problem
            return None
        return self._check_one(value, self.kind)

    def _check_one(self, value: Any, kind: str) -> str | None:
        if kind == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                return f"must be a whole number, not {_toml(value)}"
            if self.minimum is not None and value < self.minimum:
                return f"must be between {self.minimum} and {self.maximum}, not {value}"
            if self.maximum is not None and value > self.maximum:
                return f"must be between {self.minimum} and {self.maximum}, not {value}"
        elif kind == "bool":
            if not isinstance(value, bool):
                return f"must be true or false, not {_toml(value)}"
        elif kind == "https":  # an address printed on paper for years: https only, with a host ("" = none)
            if not isinstance(value, str):
                return f"must be text in quotes, not {_toml(value)}"
            parts = urlsplit(value)
            if value and (parts.scheme != "https" or not parts.hostname or parts.username is not None
                          or any(ch.isspace() for ch in value)):
                return f'must be a web address starting with https://, e.g. "https://example.org/course", not "{value}"'
        elif kind == "address":  # a service to connect to, e.g. tcp://scheduler:8786 ("" = none)
            if not isinstance(value, str):
                return f"must be text in quotes, not {_toml(value)}"
            return address_problem(value, self.choices) if value else None
        elif kind == "str":
            if not isinstance(value, str):
                return f"must be text in quotes, not {_toml(value)}"
            if self.choices and value not in self.choices:
                allowed = ", ".join(f'"{c}"' for c in self.choices)
                return f'must be one of {allowed}, not "{value}"'
        return None

    def entry_problems(self, value: dict[str, Any]) -> list[tuple[str, str]]:
        """A table's entries that are wrong, each (key, what is wrong)."""
        if self.entry_check is None:
            return []
        return [(key, problem) for key, item in value.items() if (problem := self.entry_check(key, item))]

    def from_text(self, text: str) -> Any:
        """A value typed on the command line, as the option's kind (checked afterwards with `check`)."""
        if self.kind == "int" and text.strip().isdigit():
            return int(text)
        if self.kind.endswith("-list"):
            return [int(item) if self.kind == "int-list" and item.strip().isdigit() else item.strip()
                    for item in text.split(",")]
        return {"true": True, "false": False}.get(text, text) if self.kind == "bool" else text

    def describe(self) -> str:
        """One line for `python -m builder formats`."""
        allowed = ""
        if self.choices:
            allowed = f" (one of: {', '.join(self.choices)})"
        elif self.minimum is not None:
            allowed = f" ({self.minimum} to {self.maximum})"
        return f"{self.name} = {_toml(self.default)}{allowed}: {self.help}"


@dataclass(frozen=True)
class Choice:
    """Something a participant chooses for their copy: a register column. Each writer that offers it names
    the option it sets (large print's "sizes", Word's "size"), so one column serves several formats."""

    column: str  # in the participants register, e.g. "large_print_size"
    label: str  # how the coordinator's totals name a value: "large print {} pt"

    def parse(self, text: str, option: Option) -> tuple[Any, str | None]:
        """The register's text as the option's value (one item of a list option), or what it must be:
        never the text itself, which may be personal data typed into the wrong column."""
        kind = option.kind.removesuffix("-list")
        value: Any = int(text) if kind == "int" and text.isdigit() else text
        if option.check(self.setting(value, option) if kind != "int" or text.isdigit() else None) is None:
            return value, None
        if option.choices:
            return None, f"must be one of {', '.join(option.choices)}"
        if option.maximum == (option.minimum or 0) + 1:
            return None, f"must be {option.minimum} or {option.maximum}"
        return None, f"must be a number from {option.minimum} to {option.maximum}"

    def setting(self, value: Any, option: Option) -> Any:
        """The option's value for a copy made for this choice."""
        return [value] if option.kind.endswith("-list") else value


PRINT_SIZE = Choice("large_print_size", "large print {} pt")
COLOUR_SCHEME = Choice("colour_scheme", "colour scheme {}")
BRAILLE_GRADE = Choice("braille_grade", "braille grade {}")


def address_problem(value: str, schemes: tuple[str, ...]) -> str | None:
    """What is wrong with a service's address (scheme://host:port with one of `schemes`), or None."""
    parts = urlsplit(value)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in schemes or not parts.hostname or port is None or parts.path not in ("", "/") \
            or parts.username is not None or parts.query or any(ch.isspace() for ch in value):
        example = f"{schemes[0]}://scheduler.example.org:8786"
        return f'must be an address such as "{example}" ({" or ".join(s + "://" for s in schemes)} with a host and ' \
               f'port), not "{value}"'
    return None


def _toml(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, list):
        return "[" + ", ".join(_toml(v) for v in value) + "]"
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{key} = {_toml(item)}" for key, item in value.items()) + "}"
    return str(value)
