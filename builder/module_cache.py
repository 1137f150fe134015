"""Modules as read before, kept between reads of the same course (the preview reads it again at each save),
so that a save re-reads only the module that changed."""

from __future__ import annotations

import copy
import hashlib
import os
from pathlib import Path
from typing import Callable

from builder.content_files import RefusedFile, read_content_file
from builder.model import Module
from builder.problems import Problem, Problems
from builder.reader import CourseIndex, ModuleFile
from builder.reader.module import MAX_MODULE_BYTES

Read = Callable[[Problems, list[str]], "Module | None"]


class ModuleCache:
    """A module is copied from here when its own bytes, its place in the course, and every other file of the
    course (pictures, course.toml, included files) are as they were when it was read; else it is read again.
    Copies, because settling the links between modules changes the modules it is given."""

    def __init__(self) -> None:
        self.kept: dict[tuple, tuple[Module | None, list[Problem], list[str]]] = {}
        self.used: dict[tuple, tuple[Module | None, list[Problem], list[str]]] = {}
        self.stamp: tuple = ()
        self.content_dir = Path()
        self.reads = 0  # modules read, not copied: for tests and benchmarks

    def begin(self, content_dir: Path, files: list[ModuleFile], index: CourseIndex) -> None:
        """Start a read of the course: note the state of every file besides the modules' own."""
        self.content_dir = content_dir
        own = {file.path.resolve() for file in files}
        others = []
        for folder, folders, names in os.walk(content_dir):  # symbolic links are not followed
            folders.sort()
            for name in sorted(names):
                path = Path(folder) / name
                if path.resolve() not in own:
                    state = os.lstat(path)
                    others.append((path.relative_to(content_dir).as_posix(), state.st_size, state.st_mtime_ns))
        self.stamp = (tuple(others), tuple(sorted(index.modules.items())), index.published_at)
        self.used = {}

    def read(self, file: ModuleFile, language: str, read: Read, problems: Problems, web: list[str]) -> Module | None:
        """The module as `read` makes it, from the cache when nothing it depends on has changed."""
        try:
            data = read_content_file(self.content_dir, file.path, MAX_MODULE_BYTES)
        except (RefusedFile, OSError):
            return read(problems, web)  # the reader says why it cannot be read
        key = (file, hashlib.sha256(data).hexdigest(), language, self.stamp)
        if key not in self.kept:
            own: Problems = Problems()
            found: list[str] = []
            module = read(own, found)
            self.reads += 1
            self.kept[key] = (copy.deepcopy(module), own.items, found)
        self.used[key] = module_read = self.kept[key]
        module, items, found = module_read
        problems.items.extend(items)
        web.extend(found)
        return copy.deepcopy(module)

    def end(self) -> None:
        """Forget what this read of the course did not use (a module since changed or deleted)."""
        self.kept = self.used
