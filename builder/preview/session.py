"""What the preview shows, kept up to date: the course as last read, its problems, and each version's web page
with the checker's advice beside the element it is about. Read again whenever the content folder changes."""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import html
import json
import threading
from dataclasses import dataclass, field
from pathlib import Path

from builder import writers
from builder.languages import lookup
from builder.course import read_course
from builder.jobs import format_options
from builder.locale import locale_for
from builder.model import Course, Module
from builder.module_cache import ModuleCache
from builder.problems import ContentError, Problem
from builder.review import every_problem
from builder.versions import version
from builder.walk import block_nodes, module_nodes
from builder.writers.base import OutputFile, WriterError


EDITION_NAMES = {"participant": "Participant", "trainer": "Trainer", "easy-read": "Easy Read"}


@dataclass
class Snapshot:
    """The course as read at one moment: the errors that stop it being read, and the advice, everything else
    `check` reports (warnings without those switched off, passages not translated yet)."""

    generation: int
    course: Course | None
    errors: list[Problem]
    advice: list[Problem]
    pages: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (edition, lang, scheme) -> page
    made: dict[tuple[str, str, str, str], OutputFile] = field(default_factory=dict)  # a format's file, made once


def read_snapshot(content_dir: Path, generation: int, cache: ModuleCache | None = None) -> Snapshot:
    course, problems = read_course(content_dir, cache=cache)
    errors = [p for p in problems.items if p.is_error]
    # Reading ease (textstat, a second for the sample) is left to `check`: the preview must answer in a moment.
    found, _ = every_problem(course, problems, measure_reading_ease=False)
    return Snapshot(generation, course, errors, [p for p in found if p not in errors])


class Session:
    """The preview's state, shared by the server's threads: `reload` reads the course again and wakes every
    page waiting in `wait` (server-sent events), which then reloads itself."""

    def __init__(self, content_dir: Path, cache_dir: Path | None = None):
        self.content_dir = content_dir
        self.cache_dir = cache_dir
        self.changed = threading.Condition()
        self.modules_read = ModuleCache()  # a save re-reads only the module saved
        self.snapshot = read_snapshot(content_dir, 0, self.modules_read)
        self.last_good = self.snapshot.course  # its languages and editions keep the bar usable while broken

    def reload(self) -> Snapshot:
        snapshot = read_snapshot(self.content_dir, self.snapshot.generation + 1, self.modules_read)
        with self.changed:
            self.snapshot = snapshot
            if snapshot.course is not None:
                self.last_good = snapshot.course
            self.changed.notify_all()
        return snapshot

    def wait(self, seen: int, timeout: float) -> int:
        """The newest generation, once it is newer than `seen` or `timeout` seconds have passed."""
        with self.changed:
            self.changed.wait_for(lambda: self.snapshot.generation > seen, timeout)
            return self.snapshot.generation

    # ---- what the bar offers -------------------------------------------------------------------------

    def editions(self) -> list[str]:
        course = self.last_good
        if course is None:
            return ["participant"]
        return [e for e in course.config.editions if e != "easy-read" or course.companions] or ["participant"]

    def bar(self) -> str:
        """What the bar offers, in a word: when it changes (course.toml edited), the bar is made again."""
        return hashlib.sha256(json.dumps([self.last_good.config.title if self.last_good else "", self.editions(),
                                          self.languages(), self.schemes(), self.other_formats()]).encode()
                              ).hexdigest()[:16]

    @staticmethod
    def names(value: str) -> str:
        """An edition or language as the bar shows it: "Easy Read", "Urdu (ur)"."""
        if value in EDITION_NAMES:
            return EDITION_NAMES[value]
        language = lookup(value)
        return f"{language.english_name} ({value})" if language else value

    def languages(self) -> list[str]:
        return list(self.last_good.config.languages) if self.last_good else ["en-GB"]

    def page_writer(self) -> str:
        """The registered format whose output is one web page: what participants get on the web."""
        return next(name for name in writers.names() if writers.get(name).previews)

    def _scheme(self):
        """The page format's colours option (what a participant may choose), if it has one."""
        writer = writers.get(self.page_writer())
        return next((o for o in writer.options if o.name in writer.choices.values() and o.choices), None)

    def schemes(self) -> list[str]:
        """The colours a participant may choose, the course's own first (course.toml's setting)."""
        option = self._scheme()
        if option is None:
            return []
        own = self.last_good.config.format_options[self.page_writer()][option.name] if self.last_good else None
        return sorted(option.choices, key=lambda scheme: scheme != own)

    def scheme_option(self) -> str | None:
        option = self._scheme()
        return option.name if option else None

    def other_formats(self) -> list[tuple[str, str]]:
        """The course's other formats, as (name, description): each can be made for the module on view."""
        if self.last_good is None:
            return []
        return [(name, writers.get(name).description) for name in self.last_good.config.formats
                if name in writers.names() and not writers.get(name).previews]

    def modules(self) -> list[Module]:
        return list(self.last_good.modules) if self.last_good else []

    # ---- pages ---------------------------------------------------------------------------------------

    def page(self, edition: str, lang: str, scheme: str) -> str:
        """The version's web page with the advice placed in it, or a page saying what stops it being made."""
        snapshot = self.snapshot
        key = (edition, lang, scheme)
        if key not in snapshot.pages:
            snapshot.pages[key] = self._page(snapshot, edition, lang, scheme)
        return snapshot.pages[key]

    def _page(self, snapshot: Snapshot, edition: str, lang: str, scheme: str) -> str:
        if snapshot.course is None or snapshot.errors:
            return error_page(snapshot.errors or [Problem("course.toml", 0, "error", "the course cannot be read",
                                                          "config.missing")], snapshot.advice)
        try:
            course = version(snapshot.course, edition, lang, allow_untranslated=True)
            name = self.page_writer()
            options = dict(course.config.format_options[name])
            if self.scheme_option():
                options[self.scheme_option()] = scheme
            marks: dict[int, str] = {}
            page = writers.get(name).web_page(course, locale_for(lang), options, marks)
        except ContentError as err:
            return error_page(err.problems, snapshot.advice)
        except WriterError as err:
            return error_page([Problem("outputs", 0, "error", str(err), "format.failed")], snapshot.advice)
        advice = place(snapshot.advice, snapshot.course, course, marks, self.content_dir)
        data = json.dumps(advice, ensure_ascii=False).replace("</", "<\\/")
        tail = (f'<link rel="stylesheet" href="/assets/advice.css"><script type="application/json" '
                f'id="atb-advice">{data}</script><script src="/assets/advice.js"></script>\n</body>')
        return page.replace("</body>", tail, 1)

    def make(self, name: str, edition: str, lang: str, slug: str) -> OutputFile:
        """The module's file in format `name` for this version, made on first asking (WriterError, or
        ContentError, when it cannot be)."""
        snapshot = self.snapshot
        key = (name, edition, lang, slug)
        if key not in snapshot.made:
            if snapshot.course is None or snapshot.errors:
                raise ContentError(snapshot.errors)
            course = version(snapshot.course, edition, lang, allow_untranslated=True)
            one = dataclasses.replace(course, modules=[m for m in course.modules if m.slug == slug])
            writer = writers.get(name, self.cache_dir)
            files = writer.write(one, locale_for(lang), format_options(course.config, name))
            top = [f for f in files if "/" not in f.path] or files
            wanted = [f for f in top if not writer.pack_suffixes or f.path.endswith(writer.pack_suffixes)]
            snapshot.made[key] = (wanted or top)[0]
        return snapshot.made[key]


def place(problems: list[Problem], read: Course, shown: Course, marks: dict[int, str], content_dir: Path) -> list[dict]:
    """Each problem with the element it is about in this version (`shown`, made from the course as `read`).
    What it is about is the last block, in the course as read (every edition, Easy Read too), that starts at
    or before its line: that block's element when this version shows it; the element before it when the
    block is shown without one of its own; none when this edition leaves it out; its module's title for a
    problem with the whole file; none for the course's other files."""
    resolved: dict[Path, Path] = {}  # each file resolved once, not once for each of its thousands of nodes

    def real(path: Path) -> Path:
        if path not in resolved:
            resolved[path] = path.resolve()
        return resolved[path]

    elements: dict[tuple[Path, int], str] = {}  # (file, line) -> the first element a node from there became
    present: dict[Path, list[tuple[int, str | None]]] = {}  # every node this version shows, by file
    titles: dict[Path, str] = {}
    for module in shown.modules:
        titles.setdefault(real(module.source.path), module.anchor)
        for node in module_nodes(module):
            source = getattr(node, "source", None)
            if source is not None and source.line:
                where = (real(source.path), source.line)
                element = marks.get(id(node))
                if element:
                    elements.setdefault(where, element)
                present.setdefault(where[0], []).append((source.line, element))
    starts: dict[Path, list[int]] = {}
    for module in [*read.modules, *read.companions]:
        for node in block_nodes(module.blocks):
            source = getattr(node, "source", None)
            if source is not None and source.line:
                starts.setdefault(real(source.path), []).append(source.line)
    for lines in starts.values():
        lines.sort()
    placed = []
    root = content_dir.resolve()
    for number, problem in enumerate(problems, 1):
        path = (Path(problem.path) if Path(problem.path).is_absolute() else Path.cwd() / problem.path).resolve()
        lines = starts.get(path, [])
        count = bisect.bisect_right(lines, problem.line)  # blocks that start at or before its line
        element, elsewhere = None, False
        if problem.line and count:
            block = lines[count - 1]
            element = elements.get((path, block))
            if element is None:
                earlier = [found for line, found in present.get(path, []) if line <= block and found]
                elsewhere = not any(line == block for line, _ in present.get(path, []))
                element = None if elsewhere else (earlier[-1] if earlier else titles.get(path))
        elif path in titles or path in starts:
            element = titles.get(path)
            elsewhere = element is None
        # as the trainer knows it: from the course folder (`content/01-first.md`), wherever it is
        where = path.relative_to(root.parent).as_posix() if path.is_relative_to(root) else problem.path
        placed.append({"number": number, "element": element, "elsewhere": elsewhere,
                       "where": f"{where}:{problem.line}" if problem.line else where, "level": problem.level,
                       "message": problem.message, "code": problem.code})
    return placed


def error_page(errors: list[Problem], warnings: list[Problem]) -> str:
    """What stops the course being shown, in plain words, with each problem's file and line."""
    items = "\n".join(f"<li><strong>{html.escape(_where(p))}</strong>: {html.escape(p.message)} "
                      f"<code>[{html.escape(p.code)}]</code></li>" for p in errors)
    more = (f"<p>There are also {len(warnings)} warning(s); they are shown beside the text once the errors are "
            "fixed.</p>") if warnings else ""
    return ('<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<title>The course cannot be shown'
            '</title>\n<link rel="stylesheet" href="/assets/advice.css">\n</head>\n<body class="atb-error-page">\n'
            '<main>\n<h1>The course cannot be shown yet</h1>\n'
            f"<p>{'This problem stops' if len(errors) == 1 else 'These problems stop'} the course being built. "
            "Fix it in your editor and save: this page updates by itself.</p>\n"
            f'<ol class="atb-errors">\n{items}\n</ol>\n{more}\n</main>\n</body>\n</html>\n')


def _where(problem: Problem) -> str:
    return f"{problem.path}:{problem.line}" if problem.line else problem.path
