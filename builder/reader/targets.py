"""What a module can point at: the course's module files, by path and by name, and its pictures by file name.

Links between lessons are written as paths (`../episodes/setup.md`, `setup.html`), Obsidian's as names
(`[[Setup]]`, `![[diagram.png]]`); both are looked up here, never by opening a path the text made up.
"""

from __future__ import annotations

import os
import posixpath
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path, PurePosixPath
from urllib.parse import unquote

from builder.config import MODULE_SUFFIXES

PICTURE_SUFFIXES = (".png", ".jpg", ".jpeg", ".svg", ".gif", ".webp")
MAX_FILES = 20_000  # a course folder, not a whole disk


@dataclass(frozen=True)
class CourseIndex:
    """The course's module files (path relative to the content folder, POSIX style -> slug) and where the
    lesson is published, for links to its pages that are not in the course."""

    content_dir: Path
    modules: dict[str, str] = field(default_factory=dict)
    published_at: str | None = None

    def module_at(self, href: str, from_module: Path) -> str | None:
        """The slug of the module a relative link names (`setup.md`, `../episodes/setup.html`, `setup/`),
        or None. A path that leaves the content folder names nothing."""
        relative = self.relative_path(href, from_module)
        if relative is None:
            return None
        stem, suffix = posixpath.splitext(relative)
        candidates = [relative] if suffix.lower() in MODULE_SUFFIXES else []
        if suffix.lower() in (".html", ".htm", "") :
            base = stem if suffix else relative.rstrip("/")
            candidates += [base + ending for ending in (".md", ".qmd", ".markdown", ".Rmd", "/index.md")]
        return next((self.modules[c] for c in candidates if c in self.modules), None)

    def relative_path(self, href: str, from_module: Path) -> str | None:
        """`href` (a relative address, its fragment and query dropped) as a path from the content folder;
        None when it leaves it."""
        path = unquote(href.split("#", 1)[0].split("?", 1)[0])
        if not path or path.startswith(("/", "\\")):
            return None
        folder = PurePosixPath(from_module.parent.relative_to(self.content_dir).as_posix()) \
            if from_module.is_relative_to(self.content_dir) else PurePosixPath(".")
        joined = posixpath.normpath(str(folder / path))
        if joined == ".." or joined.startswith("../"):
            return None
        return joined + ("/" if path.endswith("/") and not joined.endswith("/") else "")

    def module_named(self, name: str) -> str | None:
        """The module a wikilink names: by file name without its suffix, any folder, any case."""
        wanted = name.strip().lower()
        wanted = wanted[:-3] if wanted.endswith(".md") else wanted
        for path, slug in self.modules.items():
            stem = posixpath.splitext(path)[0].lower()
            if stem == wanted or posixpath.basename(stem) == wanted:
                return slug
        return None

    @cached_property
    def pictures_by_name(self) -> dict[str, Path]:
        """Every picture file in the course by its file name in lower case, for Obsidian's `![[x.png]]`: the
        first in sorted order where two share a name. Links are not followed while looking."""
        found: dict[str, Path] = {}
        seen = 0
        for folder, folders, files in os.walk(self.content_dir, followlinks=False):
            folders[:] = sorted(f for f in folders if not f.startswith("."))
            for name in sorted(files):
                seen += 1
                if seen > MAX_FILES:
                    return found
                if name.lower().endswith(PICTURE_SUFFIXES):
                    found.setdefault(name.lower(), Path(folder) / name)
        return found
