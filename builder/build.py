"""The build: read the course once, run each chosen writer for each language, write the results."""

from __future__ import annotations

import hashlib
import json
import os
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from builder import __version__, writers
from builder.check import run_checks
from builder.course import load_course
from builder.languages import normalise_tag
from builder.model import Course
from builder.outputs import ManifestEntry, read_manifest, remove_partial_files, sha256, stage, write_manifest
from builder.problems import ContentError, Problem
from builder.translation.command import localise
from builder.writers.base import FormatSkipped, WriterError


class UsageError(Exception):
    """A mistake on the command line (exit code 2), as opposed to a mistake in the content."""


@dataclass
class BuildResult:
    built: list[ManifestEntry] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    seconds: float = 0.0


def choose_formats(course: Course, requested: list[str] | None) -> list[str]:
    if not requested:
        return list(course.config.formats)
    for name in requested:
        if name not in writers.names():
            raise UsageError(f"unknown format '{name}': formats are {', '.join(writers.names())}")
    return list(dict.fromkeys(requested))


def choose_languages(course: Course, requested: list[str] | None) -> list[str]:
    available = course.config.languages
    if not requested:
        return list(available)
    chosen = []
    for tag in requested:
        canonical = normalise_tag(tag)
        if canonical not in available:
            raise UsageError(f"unknown language '{tag}' for this course: its languages are "
                             f"{', '.join(available)} (add more under 'translations' in course.toml)")
        chosen.append(canonical)
    return list(dict.fromkeys(chosen))


def sources_hash(course: Course) -> hashlib._Hash:
    """A running hash of every input file of the course: course.toml, modules and pictures."""
    digest = hashlib.sha256(f"accessible-training-builder {__version__}\n".encode())
    translations = sorted((course.content_dir / "translations").glob("*.po"))
    pronunciations = [p for p in [course.content_dir / "pronunciations.toml"] if p.is_file()]
    paths = [course.config.path, *(m.source.path for m in course.modules), *course.images, *translations,
             *pronunciations]
    root = course.content_dir.resolve()
    for path in paths:
        digest.update(path.resolve().relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest


def build(content_dir: Path, output_dir: Path, formats: list[str] | None = None,
          languages: list[str] | None = None, report: Callable[[str], None] = print,
          cache_dir: Path | None = None, audio_engine: str | None = None,
          allow_untranslated: bool = False) -> BuildResult:
    """Build every chosen format in every chosen language; nothing is written unless all succeed.

    `cache_dir` keeps synthesised speech between builds; `audio_engine` overrides course.toml's."""
    started = time.monotonic()
    course, problems = load_course(content_dir)
    result = BuildResult(warnings=sorted(problems.warnings + run_checks(course, course.config.check_options)))
    chosen_formats = choose_formats(course, formats)
    if audio_engine and audio_engine not in ("espeak-ng", "gtts"):
        raise UsageError(f"unknown audio engine '{audio_engine}': engines are espeak-ng, gtts")
    chosen_languages = choose_languages(course, languages)
    base_hash = sources_hash(course)

    produced: list[tuple[ManifestEntry, bytes]] = []
    failures: list[Problem] = []
    skipped: list[dict[str, str]] = []
    for lang in chosen_languages:
        localised = localise(course, lang, allow_untranslated)
        for name in chosen_formats:
            writer = writers.get(name, cache_dir)
            options = dict(course.config.format_options[name])
            if name == "audio" and audio_engine:
                options["engine"] = audio_engine
            report(f"Building {name} ({lang})...")
            step_started = time.monotonic()
            try:
                outputs = writer.write(localised, lang, options)
            except FormatSkipped as reason:
                result.skipped.append(f"{name} ({lang}): {reason}")
                skipped.append({"format": name, "language": lang, "reason": str(reason)})
                report(f"  skipped: {reason}")
                continue
            except WriterError as err:
                failures.append(Problem(str(course.config.path), 0, "error", f"{name} ({lang}): {err}",
                                        "format.failed"))
                report(f"  failed: {err}")
                continue
            for output in outputs:
                digest = base_hash.copy()
                digest.update(json.dumps([name, lang, dict(output.options)], sort_keys=True).encode())
                entry = ManifestEntry(path=f"{lang}/{output.path}", format=name, language=lang,
                                      options=dict(output.options), size=len(output.data),
                                      sha256=sha256(output.data), sources=digest.hexdigest())
                produced.append((entry, output.data))
            report(f"  done in {time.monotonic() - step_started:.1f} s")

    if failures:
        raise ContentError(failures)
    remove_partial_files(output_dir)
    manifest = read_manifest(output_dir)
    for entry, data in produced:
        # Whatever moment the build is stopped at, every file is whole and the manifest is true: the old
        # entry leaves the manifest before the new file is renamed into place, and the new entry is
        # added after.
        staged = stage(output_dir / entry.path, data)
        if manifest.pop(entry.path, None) is not None:
            write_manifest(output_dir, manifest, course.config.slug, __version__, skipped)
        os.replace(staged, output_dir / entry.path)
        manifest[entry.path] = entry
        write_manifest(output_dir, manifest, course.config.slug, __version__, skipped)
        result.built.append(entry)
    write_manifest(output_dir, manifest, course.config.slug, __version__, skipped)
    result.seconds = time.monotonic() - started
    return result
