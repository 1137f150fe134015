"""Build jobs: one format in one language for one edition. Each job knows a hash of exactly what goes
into it, so a rebuild can skip jobs whose inputs have not changed, and jobs run in worker processes."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import time
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from builder import __version__, writers
from builder.config import CourseConfig
from builder.content_files import RefusedFile, read_content_file
from builder.course import picture_files
from builder.editions import PARTICIPANT, select
from builder.locale import locale_for
from builder.model import Course, Figure, Source
from builder.outputs import ManifestEntry
from builder.problems import ContentError, Problem, display_path
from builder.relay import Working, throttled
from builder.writers.base import FormatSkipped, OutputFile, WriterError

PACKAGE = Path(__file__).resolve().parent
HASH_LIMIT_BYTES = 50_000_000  # above every kind of course file's own cap
DEBUG = "ATB_DEBUG"  # set (ATB_DEBUG=1): an unexpected error in a writer also prints its traceback


@dataclass(frozen=True)
class Job:
    """One writer, one language, one edition, its options, and the hash of its inputs."""

    format: str
    lang: str
    options: dict[str, Any]
    inputs: str
    edition: str = PARTICIPANT

    def __hash__(self) -> int:
        return hash((self.format, self.lang, self.edition, json.dumps(self.options, sort_keys=True, default=str),
                     self.inputs))

    @property
    def label(self) -> str:
        return f"{self.format} ({self.lang})" if self.edition == PARTICIPANT else \
            f"{self.format} ({self.lang}, {self.edition})"

    @property
    def course_key(self) -> tuple[str, str]:
        """Which version of the course the job writes: (edition, language)."""
        return self.edition, self.lang


@dataclass(frozen=True)
class Staged:
    """A job's file written beside its target, to be renamed into place once every job has succeeded:
    its manifest entry, and the temporary file (None when the target already holds these bytes)."""

    entry: ManifestEntry
    temporary: Path | None


@dataclass
class JobResult:
    job: Job
    outputs: list[OutputFile] = field(default_factory=list)
    staged: list[Staged] = field(default_factory=list)  # its outputs, once written beside their targets
    skipped: str | None = None  # why the format cannot be made in this language
    error: str | None = None  # what the user must fix
    where: Source | None = None  # the module line (or picture) the writer was at when it failed, if known
    notes: list[str] = field(default_factory=list)  # worth knowing, not a failure
    seconds: float = 0.0
    machine_translated: bool = False  # the version says some of it is machine-made (the index page says so too)


@lru_cache(maxsize=1)
def code_hash() -> str:
    """The builder's own code, templates, styles and data (every file in the package, whatever its kind):
    any change to them makes every output out of date."""
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def content_hash(course: Course) -> str:
    """What the edition's outputs contain: its modules as read (not the files, so that a trainer's note
    is not an input of the participant edition) and every picture they show, read through the guarded
    reader."""
    digest = hashlib.sha256(course.edition.encode())
    _feed(digest, course.modules, course.content_dir.resolve())
    root = course.content_dir.resolve()
    for path in picture_files(course.modules):
        digest.update(path.resolve().relative_to(root).as_posix().encode())
        digest.update(_read(course.content_dir, path))
    return digest.hexdigest()


def _feed(digest: Any, value: Any, root: Path) -> None:
    """Add a model node to `digest`: every field but where it came from (lines do not reach outputs)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        digest.update(type(value).__name__.encode())
        for item in dataclasses.fields(value):
            if item.name != "source":
                digest.update(item.name.encode())
                _feed(digest, getattr(value, item.name), root)
    elif isinstance(value, (list, tuple)):
        digest.update(b"[%d" % len(value))
        for item in value:
            _feed(digest, item, root)
    elif isinstance(value, dict):
        _feed(digest, sorted(value.items()), root)
    elif isinstance(value, Path):
        resolved = value.resolve()
        digest.update((resolved.relative_to(root) if resolved.is_relative_to(root) else resolved).as_posix().encode())
    else:
        digest.update(repr(value).encode())


def format_options(config: CourseConfig, name: str, overrides: dict[str, dict[str, Any]] | None = None
                   ) -> dict[str, Any]:
    """A format's options for a job: course.toml's, with this run's `overrides`, and under each format it
    `needs` that format's options (None when the course does not make it, whether or not this run does)."""
    overrides = overrides or {}
    options = {**config.format_options[name], **overrides.get(name, {})}
    for need in writers.get(name).needs:
        options[need] = {**config.format_options[need], **overrides.get(need, {})} if need in config.formats else None
    return options


def plan(course: Course, formats: list[str], languages: list[str], editions: list[str],
         overrides: dict[str, dict[str, Any]], allow_untranslated: bool) -> list[Job]:
    """The jobs to consider: editions, then languages, then formats in registry order, each with its
    inputs' hash."""
    config = course.config
    shared = {
        "code": code_hash(),
        "course": [config.title, config.subtitle, config.organisation, config.language, config.slug,
                   config.publication_date().isoformat(), config.site_options["url"]],
        "allow_untranslated": allow_untranslated,
    }
    jobs = []
    for edition in editions:
        content = content_hash(select(course, edition))
        for lang in languages:
            catalogue = course.content_dir / "translations" / f"{lang}.po"
            translation = _file_hash(course.content_dir, catalogue) if lang != course.lang else ""
            for name in formats:
                options = format_options(config, name, overrides)
                inputs = {**shared, "content": content, "edition": edition, "format": name, "lang": lang,
                          "options": options, "translation": translation}
                for extra in writers.get(name).course_files:
                    inputs[extra] = _file_hash(course.content_dir, course.content_dir / extra)
                inputs["installed"] = writers.get(name).external_inputs(options)
                digest = hashlib.sha256(json.dumps(inputs, sort_keys=True, default=str).encode()).hexdigest()
                jobs.append(Job(name, lang, options, digest, edition))
    return jobs


def run(job: Job, course: Course, cache_dir: Path | None, working: Working | None = None) -> JobResult:
    """Run one job (in a worker process or in-process); failures come back as data: a user-fixable one
    with its message, one no writer expected (a fault in a writer or a library) in one line with where
    it happened, so that it fails this job only and the build's other formats are still made."""
    started = time.monotonic()
    result = JobResult(job)
    writer = writers.get(job.format, cache_dir)
    writer.progress = throttled(working, job.label) if working else None
    result.machine_translated = bool(course.machine_translated or course.untranslated)
    try:
        result.outputs = writer.write(course, locale_for(job.lang), job.options)
        result.notes = list(writer.notes)
    except FormatSkipped as reason:
        result.skipped = str(reason)
    except WriterError as err:
        result.error, result.where = str(err), err.where
    except Exception as err:  # noqa: BLE001 - anything else a writer raised is its job's error, not a crash
        result.error, result.where = unexpected(err)
        if os.environ.get(DEBUG):
            traceback.print_exception(err)
    result.seconds = time.monotonic() - started
    return result


def unexpected(err: Exception) -> tuple[str, Source | None]:
    """An exception no writer expected, in one line, and where in the course the writer was: the innermost
    picture or other part of a module that a function on the way down was given (found in the traceback)."""
    figure = node = None
    for frame, _ in traceback.walk_tb(err.__traceback__):
        code = frame.f_code
        for name in code.co_varnames[:code.co_argcount + code.co_kwonlyargcount]:
            value = frame.f_locals.get(name)
            figure = value if isinstance(value, Figure) else figure
            node = value if isinstance(getattr(value, "source", None), Source) else node
    said = " ".join(str(err).split())
    reason = f"{type(err).__name__}: {said[:300]}" if said else type(err).__name__
    what = f"picture '{figure.src}': " if figure is not None else ""
    where = figure.source if figure is not None else node.source if node is not None else None
    return f"{what}unexpected error in the writer ({reason}): please report it ({DEBUG}=1 shows where)", where


def _file_hash(content_dir: Path, path: Path) -> str:
    if not path.exists() and not path.is_symlink():
        return ""
    return hashlib.sha256(_read(content_dir, path)).hexdigest()


def _read(content_dir: Path, path: Path) -> bytes:
    """A course file through the one guarded reader; refused, it stops the build with its reason."""
    try:
        return read_content_file(content_dir, path, HASH_LIMIT_BYTES)
    except RefusedFile as refused:
        raise ContentError([Problem(display_path(path), 0, "error", f"this file {refused}", "file.refused")]) \
            from None
