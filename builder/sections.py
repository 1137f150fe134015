"""The sections of course.toml besides [course] and the formats' own, each named with the module that
declares its OPTIONS, as builder/writers/__init__.py names the formats: reading course.toml imports none of
them until it reads one, so the configuration depends on no checker."""

from __future__ import annotations

import importlib
from typing import Any

from builder.options import Option

SECTIONS: dict[str, str] = {
    "check": "builder.check",
    "pictures": "builder.web_pictures",
    "site": "builder.catalogue.site",
    "build": "builder.scheduler",
}
# The modules whose WARNINGS (code -> what it means) a course may switch off under [check] disable.
WARNING_MODULES = ("builder.reader.codes", "builder.check", "builder.pictures")


def names() -> list[str]:
    return list(SECTIONS)


def options(name: str) -> tuple[Option, ...]:
    """The options a section may set (KeyError for a section that is not registered)."""
    return importlib.import_module(SECTIONS[name]).OPTIONS


def warning_codes() -> dict[str, Any]:
    """Every warning a course may switch off, the reader's first."""
    found: dict[str, Any] = {}
    for module in WARNING_MODULES:
        found.update(importlib.import_module(module).WARNINGS)
    return found
