"""`translate` (fill catalogues by machine), the per-language status for `check`, and the translated
course for `build` (offline: only the PO files are read)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from builder.languages import lookup
from builder.model import Course
from builder.problems import ContentError, Problem, display_path
from builder.translation import catalog
from builder.translation.inline import markup_problem
from builder.translation.http import bounded_http
from builder.translation.machine import MachineTranslator
from builder.translation.segments import Segment, course_segments, translated_course


PERSON = "none"  # no engine: new entries are left empty for a translator


@dataclass
class TranslateReport:
    lang: str
    translated_now: int
    requests: int
    counts: catalog.Counts


def translate(course: Course, lang: str, engine: str, url: str | None = None,
              report: Callable[[str], None] = print, translator: MachineTranslator | None = None) -> TranslateReport:
    """Fill missing entries of `lang`'s catalogue by machine, saving after each one so an interrupted run
    keeps what it got. Reviewed entries are never touched; a second run with nothing new asks nothing.
    With the engine `none`, the catalogue is only brought up to date, for a person to translate."""
    path = catalog.catalogue_path(course.content_dir, lang)
    catalogue = catalog.load(path, lang, course.content_dir)
    segments = course_segments(course)
    catalog.merge(catalogue, segments)
    catalog.save(catalogue, path, course.content_dir)
    todo = [entry for entry in catalogue if not entry.obsolete and catalog.state(entry) == "missing"]
    done = 0
    if todo and engine != PERSON:
        translator = translator or MachineTranslator(engine, course.lang, lang, url)
        for warning in translator.warnings:
            report(warning)
        with bounded_http():
            for index, entry in enumerate(todo, 1):
                entry.msgstr = translator.translate(entry.msgid)
                entry.flags = ["fuzzy"]
                entry.tcomment = f"{catalog.MACHINE_COMMENT}: {translator.engine}; not yet checked by a person"
                catalog.save(catalogue, path, course.content_dir)
                done += 1
                if index % 20 == 0 or index == len(todo):
                    report(f"  {lang}: {index} of {len(todo)} translated")
    counts = catalog.count(catalogue, segments)
    return TranslateReport(lang, done, translator.requests if translator else 0, counts)


def status(course: Course, lang: str, segments: list[Segment] | None = None) -> catalog.Counts:
    """How many units of `lang` are reviewed, machine-made, stale and missing (nothing is written);
    `segments`: the course's, when already listed (they are the same for every language)."""
    catalogue = catalog.load(catalog.catalogue_path(course.content_dir, lang), lang, course.content_dir)
    return catalog.count(catalogue, course_segments(course) if segments is None else segments)


def untranslated(course: Course, languages: list[str]) -> tuple[list[Problem], dict[str, catalog.Counts]]:
    """What would stop a build: each passage not yet translated, as one error naming every language it is
    missing from, and any catalogue that cannot be read; with each readable language's counts."""
    problems: list[Problem] = []
    counts: dict[str, catalog.Counts] = {}
    gaps: dict[tuple[str, int, str], list[str]] = {}
    segments = course_segments(course) if languages else []
    for lang in languages:
        try:
            counts[lang] = status(course, lang, segments)
        except ContentError as err:
            problems += err.problems
            continue
        for segment in counts[lang].missing_segments:
            gaps.setdefault((segment.path, segment.line, segment.text), []).append(lang)
    for (path, line, text), missing in gaps.items():
        names = _names(missing)
        shown = text if len(text) <= 60 else text[:57] + "..."
        problems.append(Problem(_shown(course, path), line, "error", f"'{shown}' is not translated into {names} "
                                f"yet: run `make translate LANGS={','.join(missing)}`, or build with "
                                "--allow-untranslated to use the original text for it", "translation.missing"))
    return problems, counts


def _shown(course: Course, path: str) -> str:
    """A segment's file (kept relative to the course's parent folder) as the user knows it."""
    return display_path(course.content_dir.resolve().parent / path)


def _names(tags: list[str]) -> str:
    """Languages by their English names: "Polish, Portuguese and Urdu"."""
    names = [language.english_name if (language := lookup(tag)) else tag for tag in tags]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def localise(course: Course, lang: str, allow_untranslated: bool = False) -> Course:
    """The course in `lang` from its PO file; errors name the file, line and what to run."""
    if lang == course.lang:
        return course
    path = catalog.catalogue_path(course.content_dir, lang)
    shown = display_path(path)
    catalogue = catalog.load(path, lang, course.content_dir)
    entries = {(e.msgctxt or "", e.msgid): e for e in catalogue if not e.obsolete}
    problems: list[Problem] = []
    used = {"machine": 0, "stale": 0, "missing": 0}
    missing: list[Segment] = []

    def lookup_translation(segment: Segment) -> str | None:
        entry = entries.get((segment.context, segment.text))
        kind = catalog.state(entry)
        if kind == "missing":
            missing.append(segment)
            return None
        problem = markup_problem(entry.msgstr, entry.msgid)
        if problem:
            problems.append(Problem(shown, entry.linenum, "error", f"the translation of "
                                    f"'{entry.msgid[:50]}' is not usable: {problem}", "translation.markup"))
            return None
        if kind in used:
            used[kind] += 1
        return entry.msgstr

    result = translated_course(course, lang, lookup_translation)
    language = lookup(lang)
    name = language.english_name if language else lang
    if missing and not allow_untranslated:
        unique = len({(s.context, s.text) for s in missing})
        first = missing[0]
        problems.append(Problem(shown, 0, "error", f"{unique} passage{'s' * (unique != 1)} not translated into "
                                f"{name} yet (the first: {_shown(course, first.path)}:{first.line}): run "
                                f"`make translate LANGS={lang}`, or build with --allow-untranslated to use the "
                                "original text for them", "translation.missing"))
    if problems:
        raise ContentError(problems)
    result.machine_translated = bool(used["machine"] or used["stale"])
    result.untranslated = len(missing)
    return result


def catalogue_summary(counts: catalog.Counts) -> str:
    return (f"{counts.reviewed} reviewed, {counts.machine} machine-made, {counts.stale} stale, "
            f"{counts.missing} missing")
