"""The build: read the course once, plan a job per edition, language and format, run the out-of-date
ones in worker processes, then write what changed. A content error writes nothing; a job that fails (a
writer's error, expected or not) keeps its format's earlier files as they were, while every other job's
files are written, and the build then ends with the failures (`JobsFailed`)."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import time
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any, Callable

from builder import __version__, cache, cluster, jobs, sections, web_pictures, writers
from builder.check import run_checks
from builder.course import load_course
from builder.course_toml import KeyLines
from builder.config import EDITIONS, FrozenMapping, dropped_letters, slugify
from builder.extent import extent
from builder.editions import EASY_READ, PARTICIPANT, TRAINER, widest, without_companion
from builder.versions import version
from builder.languages import normalise_tag
from builder.model import Course
from builder.jobs import Staged
from builder.pictures import label_problems
from builder.outputs import (ManifestEntry, ensure_writable, one_build_at_a_time, present,
                             read_manifest, read_skipped, remove_partial_files, sha256, stage, write_atomic,
                             write_manifest)
from builder.problems import ContentError, Problem, StrictWarnings, display_path
from builder.pool import Progress, Task, run_tasks
from builder.relay import Working
from builder.scheduler import chosen_address
from builder.translation.command import status


class UsageError(Exception):
    """A mistake on the command line (exit code 2), as opposed to a mistake in the content."""


class JobsFailed(ContentError):
    """Some jobs failed (one `file:line` problem each): their formats' earlier files were kept, and every
    other job's files were written; `result` is the build as done, its table showing the failed jobs."""

    def __init__(self, problems: list[Problem], result: BuildResult):
        super().__init__(problems)
        self.result = result


@dataclass
class JobReport:
    """One line of the closing table: what happened to a format in a language."""

    label: str
    status: str  # "built", "up to date", "skipped", "failed"
    seconds: float = 0.0
    detail: str = ""


@dataclass
class BuildResult:
    built: list[ManifestEntry] = field(default_factory=list)  # files written
    unchanged: list[ManifestEntry] = field(default_factory=list)  # files made again with the same bytes
    skipped: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)
    jobs: list[JobReport] = field(default_factory=list)
    seconds: float = 0.0
    files: int = 0  # files the chosen editions, languages and formats consist of, made now or before
    drafts: dict[str, int] = field(default_factory=dict)  # per language: machine-made entries nobody checked
    pruned: cache.Pruned = field(default_factory=cache.Pruned)  # cache files no build had used for a month
    notes: list[str] = field(default_factory=list)  # worth knowing about the whole build (how files are named)
    output_dir: Path | None = None  # where this course's files went


def choose_formats(course: Course, requested: list[str] | None) -> list[str]:
    if not requested:
        return list(course.config.formats)
    for name in requested:
        if name not in writers.names():
            raise UsageError(f"unknown format '{name}': formats are {', '.join(writers.names())}")
    return [name for name in writers.names() if name in requested]


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


def choose_editions(course: Course, requested: list[str] | None) -> list[str]:
    if not requested:
        return list(course.config.editions)
    for name in requested:
        if name not in EDITIONS:
            raise UsageError(f"unknown edition '{name}': editions are {', '.join(EDITIONS)}")
    return [name for name in EDITIONS if name in requested]


def check_overrides(overrides: dict[str, dict[str, Any]]) -> None:
    """Options given on the command line: each must be one the format declares, with an allowed value."""
    for name, values in overrides.items():
        for key, value in values.items():
            spec = next((option for option in writers.get(name).options if option.name == key), None)
            problem = spec.check(value) if spec else "is not an option of this format"
            if problem:
                raise UsageError(f"--{name}-{key} {problem}")


def build(content_dir: Path, output_dir: Path, formats: list[str] | None = None,
          languages: list[str] | None = None, report: Callable[[str], None] = print,
          cache_dir: Path | None = None, overrides: dict[str, dict[str, Any]] | None = None,
          allow_untranslated: bool = False, jobs_count: int = 1, progress: Progress | None = None,
          editions: list[str] | None = None, strict: bool = False, wait: bool = False,
          site_url: str | None = None, working: Working | None = None, scheduler: str | None = None) -> BuildResult:
    """Build the chosen editions, formats and languages. Jobs whose inputs are unchanged since the last
    build are skipped; files whose bytes are unchanged are not rewritten. `jobs_count` worker processes
    run jobs, or the Dask cluster whose scheduler is at `scheduler` (builder.cluster). `overrides` sets
    formats' options for this build only ({format name: {option: value}}). Another build writing to
    `output_dir` stops this one (OutputBusy), or with `wait` is waited for. With `strict`, any warning stops
    the build before anything is written (StrictWarnings). `site_url` replaces course.toml's [site] url
    (where the site will be published, which covers print). `working` is told how far each long job has got
    (builder.relay). A job that fails leaves the others' files written and raises JobsFailed."""
    [(result, failures)] = build_library([content_dir], output_dir, formats, languages, report, cache_dir,
                                         overrides, allow_untranslated, jobs_count, progress, editions, strict,
                                         wait, site_url, working, scheduler)
    if failures:
        raise JobsFailed(failures, result)
    return result


@dataclass
class _Planned:
    """One course's build between reading it and writing its files."""

    course: Course
    output_dir: Path
    planned: list[jobs.Job]
    result: BuildResult
    started: float
    to_run: list[jobs.Job] = field(default_factory=list)
    manifest: dict[str, ManifestEntry] = field(default_factory=dict)


def build_library(courses: list[Path], output_dir: Path, formats: list[str] | None = None,
                  languages: list[str] | None = None, report: Callable[[str], None] = print,
                  cache_dir: Path | None = None, overrides: dict[str, dict[str, Any]] | None = None,
                  allow_untranslated: bool = False, jobs_count: int = 1, progress: Progress | None = None,
                  editions: list[str] | None = None, strict: bool = False, wait: bool = False,
                  site_url: str | None = None, working: Working | None = None, scheduler: str | None = None,
                  separate: bool | None = None) -> list[tuple[BuildResult, list[Problem]]]:
    """Build several courses (content folders) as `build` builds one, their jobs planned and run together, each
    into a folder of `output_dir` named by its slug when `separate` (by default, when there are several), else
    into `output_dir` itself; for each course, its result and its failed jobs. A content error in any course
    builds none."""
    started = time.monotonic()
    overrides = overrides or {}
    check_overrides(overrides)
    with contextlib.ExitStack() as held:
        if site_url is not None and len(courses) > 1:
            raise UsageError("--site-url is for one course: set [site] url in each course's course.toml")
        plans, problems = [], []
        for content_dir in courses:  # every course's problems at once, not the first course's alone
            try:
                plans.append(_plan(content_dir, output_dir, formats, languages, editions, overrides,
                                   allow_untranslated, site_url, report, started))
            except ContentError as err:
                problems += err.problems
        if problems:
            raise ContentError(problems)
        if len(plans) > 1 if separate is None else separate:
            _own_folders(plans, output_dir)
        if strict and any(plan.result.warnings for plan in plans):
            raise StrictWarnings([warning for plan in plans for warning in plan.result.warnings])
        address = chosen_address(scheduler, lambda: _configured_scheduler(plans))
        client = held.enter_context(cluster.connected(address, report)) if address else None  # before any job
        for plan in plans:
            ensure_writable(plan.output_dir)
        for plan in plans:  # two builds at once would undo each other
            held.enter_context(one_build_at_a_time(plan.output_dir, wait, report))
        try:
            tasks = [task for plan in plans for task in _tasks(plan, allow_untranslated, strict,
                                                               f"{plan.output_dir.name}: " if len(plans) > 1 else "")]
            if tasks:
                total = sum(len(plan.planned) for plan in plans)
                report(f"{len(tasks)} of {total} job(s) to run, {total - len(tasks)} up to date")
            # Each job's files are staged beside their targets as it finishes: only their records come back
            # from local workers, so no process holds every job's files (a 90-module course's audio is 400 MB).
            pool = (lambda: cluster.cluster_pool(client, cache_dir, working)) if client is not None else None
            finished = run_tasks(tasks, cache_dir, jobs_count, report, progress, working, pool)
            outcomes = []
            for plan in plans:
                mine = [outcome for task, outcome in finished if task.owner is plan]
                failures = _finish(plan.course, plan.output_dir, plan.planned, plan.to_run, mine, plan.manifest,
                                   plan.result)
                _write_index(plan.course, plan.output_dir, plan.manifest)
                outcomes.append((plan.result, failures))
            ran = dict.fromkeys(task.job.format for task in tasks)  # a format that was up to date used nothing
            if cache_dir is not None and ran:  # after work, so that what it used counts as used
                folders = [folder for name in ran for folder in writers.get(name).cache_folders]
                plans[0].result.pruned = cache.prune(cache_dir, folders)
                if client is not None:
                    cluster.prune_own_caches(client, folders)
            for plan in plans:
                plan.result.seconds = time.monotonic() - plan.started
                plan.result.output_dir = plan.output_dir
        except BaseException:
            for plan in plans:  # a build stopped before its files were put in place leaves none
                remove_partial_files(plan.output_dir)
            raise
        return outcomes


def _own_folders(plans: list[_Planned], output_dir: Path) -> None:
    """Courses built together each write into a folder named by their slug; two with one slug are refused."""
    seen: dict[str, Path] = {}
    problems = []
    for plan in plans:
        config = plan.course.config
        slug = config.course_slug or config.slug
        if slug in seen:
            line = KeyLines(config.path.read_text(encoding="utf-8", errors="replace")).key("course", "slug")
            problems.append(Problem(display_path(config.path), line, "error", f"this course's slug is '{slug}', as "
                                    f"{display_path(seen[slug])}'s is: courses built together need their own (their "
                                    "outputs would share a folder); give this one another with slug = \"...\"",
                                    "library.slug"))
        seen.setdefault(slug, config.path)
        plan.output_dir = output_dir / slug
    if problems:
        raise ContentError(problems)


def _configured_scheduler(plans: list[_Planned]) -> str:
    """The scheduler course.toml names ([build] scheduler), the same for every course built together."""
    named = {display_path(plan.course.config.path): plan.course.config.build_options["scheduler"] for plan in plans}
    if len(set(named.values())) > 1:
        said = "; ".join(f"{path}: {address or 'none (this machine)'}" for path, address in named.items())
        raise UsageError(f"the courses name different schedulers under [build] ({said}): give one with --scheduler")
    return next(iter(named.values()), "")


def _plan(content_dir: Path, output_dir: Path, formats: list[str] | None, languages: list[str] | None,
          editions: list[str] | None, overrides: dict[str, dict[str, Any]], allow_untranslated: bool,
          site_url: str | None, report: Callable[[str], None], started: float) -> _Planned:
    """A course read, checked and planned: its jobs, its warnings and what it leaves out."""
    # The Easy Read companions are read (and checked) only by a build that may make that edition.
    companions = not editions or EASY_READ in editions
    course, problems = load_course(content_dir, companions=companions)
    if course.config.picture_options["fetch"] and course.web_pictures:
        fetched = web_pictures.fetch_all(course.web_pictures, content_dir, report=report)
        for address, why in fetched.failed:
            report(f"picture not fetched, {why}: {address}")
        if fetched.kept:  # read again, with the pictures now in the course
            course, problems = load_course(content_dir, companions=companions)
    if site_url is not None:
        problem = next(option for option in sections.options("site") if option.name == "url").check(site_url)
        if problem:
            raise UsageError(f"--site-url {problem}")
        config = dataclasses.replace(course.config, site_options=FrozenMapping({"url": site_url}))
        course = dataclasses.replace(course, config=config)
    result = BuildResult(warnings=run_checks(course, course.config.check_options, problems.items,
                                             measure_reading_ease=False))
    result.notes += _name_notes(course)
    chosen_formats = choose_formats(course, formats)
    chosen_languages = choose_languages(course, languages)
    chosen_editions = choose_editions(course, editions)
    if EASY_READ in chosen_editions:  # made from the modules' companions, where they have one
        if not course.companions:
            chosen_editions.remove(EASY_READ)
            result.skipped.append("Easy Read edition: no module has an Easy Read companion (NN-name.easy.md)")
        elif without_companion(course):
            result.skipped.append(f"Easy Read edition: left out, for want of an Easy Read companion: "
                                  f"{', '.join(without_companion(course))}")
    planned = jobs.plan(course, chosen_formats, chosen_languages, chosen_editions, overrides, allow_untranslated)
    return _Planned(course, output_dir, planned, result, started)


def _tasks(plan: _Planned, allow_untranslated: bool, strict: bool, prefix: str = "") -> list[Task]:
    """A planned course's jobs that are out of date, each with its translated version; with the output folder
    held, as the manifest is read now and rewritten after. `prefix` names the course in progress lines."""
    remove_partial_files(plan.output_dir)
    plan.manifest = read_manifest(plan.output_dir)
    for job in plan.planned:
        if _up_to_date(job, plan.manifest, plan.output_dir):
            plan.result.jobs.append(JobReport(job.label, "up to date"))
        else:
            plan.to_run.append(job)
    # A language's translation is read only if one of its jobs must run: an up-to-date job's hash
    # covers its translation file, which was read and found sound when that job last ran.
    localised = versions(plan.course, [job.course_key for job in plan.to_run], allow_untranslated)
    labels = label_problems(localised.values(), plan.course.config.check_options["disable"])
    if strict and labels:  # found only now the versions are made, and still before anything is written
        raise StrictWarnings(labels)
    plan.result.warnings += labels
    stage = partial(_stage, output_dir=plan.output_dir, slug=plan.course.config.slug)
    return [Task(job, localised[job.course_key], stage, plan, prefix) for job in plan.to_run]


def _finish(course: Course, output_dir: Path, planned: list[jobs.Job], to_run: list[jobs.Job],
            finished: list[jobs.JobResult], manifest: dict[str, ManifestEntry], result: BuildResult) -> list[Problem]:
    """The closing table, then the staged files of the jobs that did not fail put in place; the failures,
    each at the module line the writer was at when known, else at course.toml."""
    failures, skipped = [], []
    for outcome in finished:
        if outcome.error:
            where = outcome.where
            failures.append(Problem(display_path(where.path if where else course.config.path),
                                    where.line if where else 0, "error", f"{outcome.job.label}: {outcome.error}",
                                    "format.failed"))
            result.jobs.append(JobReport(outcome.job.label, "failed", outcome.seconds, outcome.error))
        elif outcome.skipped:
            result.skipped.append(f"{outcome.job.label}: {outcome.skipped}")
            skipped.append({"format": outcome.job.format, "language": outcome.job.lang,
                            "edition": outcome.job.edition, "reason": outcome.skipped})
            result.jobs.append(JobReport(outcome.job.label, "skipped", outcome.seconds, outcome.skipped))
        else:
            result.jobs.append(JobReport(outcome.job.label, "built", outcome.seconds,
                                         "; ".join([f"{len(outcome.staged)} file(s)", *outcome.notes])))
    done = [outcome for outcome in finished if not outcome.error]  # a failed job's records stay as they were
    previous_skips = [s for s in read_skipped(output_dir) if not any(_made_by(outcome.job, s) for outcome in done)]
    _write(done, manifest, output_dir, course, previous_skips + skipped, result)
    result.files = sum(1 for entry in manifest.values() if any(_made_by(job, entry) for job in planned))
    # Said for the languages made now: a build with nothing to do reads no translation file.
    result.drafts = _drafts(course, [lang for lang in dict.fromkeys(job.lang for job in to_run)
                                     if lang != course.lang], {job.edition for job in planned})
    order = {job.label: index for index, job in enumerate(planned)}
    result.jobs.sort(key=lambda report: order[report.label])
    return failures


def versions(course: Course, keys: list[tuple[str, str]],
             allow_untranslated: bool) -> dict[tuple[str, str], Course]:
    """Each (edition, language) the jobs write, translated; every language with gaps is named at once."""
    made: dict[tuple[str, str], Course] = {}
    failed: dict[str, list[Problem]] = {}  # by language: the widest edition's problems (it holds the other's)
    for key in sorted(dict.fromkeys(keys), key=lambda key: key[0] != TRAINER):
        try:
            made[key] = version(course, *key, allow_untranslated)
        except ContentError as err:
            failed.setdefault(key[1], err.problems)
    if failed:
        raise ContentError([problem for problems in failed.values() for problem in problems])
    return made


def _up_to_date(job: jobs.Job, manifest: dict[str, ManifestEntry], output_dir: Path) -> bool:
    """Every file the job made last time is there, unchanged in size, and made from the same inputs: all of
    them, so a build stopped while it put a job's files in place does that job again."""
    entries = [e for e in manifest.values() if _made_by(job, e)]
    return bool(entries) and all(e.sources == job.inputs and present(output_dir, e) and e.of in (0, len(entries))
                                 for e in entries)


def _drafts(course: Course, languages: list[str], editions: set[str]) -> dict[str, int]:
    """How many entries of each translation the build's editions show are machine-made (or changed since
    checked) and not yet checked by a person: what the closing message asks the coordinator to have
    reviewed. (Counted for the editions built: a build without Easy Read has not read its companions.)"""
    found = {}
    translated = widest(course, editions)
    for lang in languages:
        try:
            counts = status(translated, lang)
        except ContentError:
            continue  # the build itself reports a catalogue it cannot read
        if counts.machine + counts.stale:
            found[lang] = counts.machine + counts.stale
    return found


def _made_by(job: jobs.Job, entry: ManifestEntry | dict[str, str]) -> bool:
    """A manifest entry (or a skipped format's record) is the job's own: same format, language, edition."""
    if isinstance(entry, ManifestEntry):
        return (entry.format, entry.language, entry.edition) == (job.format, job.lang, job.edition)
    return (entry["format"], entry["language"], entry.get("edition", PARTICIPANT)) == \
        (job.format, job.lang, job.edition)


def previous_name(job: jobs.Job, path: str, slug: str) -> str:
    """Where release 0.1 wrote a file: `<lang>/` for every edition, the course's slug without the language
    ("-trainer" after it), trainer and Easy Read tracks in `audio/<edition>/`, playlists as .m3u."""
    edition = "" if job.edition == PARTICIPANT else f"-{job.edition}"
    version = f"{job.lang.lower()}{edition}"
    old = path.replace(f"{slug}-{version}", f"{slug}{edition}", 1)
    old = old.replace(f"audio/{version}-", f"audio/{job.edition}/" if edition else "audio/", 1)
    old = old.replace(f"audio/{slug}{edition}.m3u8", f"audio/{job.edition}/{slug}{edition}.m3u8", 1) if edition else old
    return f"{job.lang}/{old.removesuffix('.m3u8') + '.m3u' if old.endswith('.m3u8') else old}"


def _stage(outcome: jobs.JobResult, output_dir: Path, slug: str) -> list[Staged]:
    """Write a finished job's new or changed files beside their targets, to be renamed once all succeed
    (a file whose target already has its bytes is left alone). Each edition has a folder of its own
    (`trainer/ur/...`), so no participant's folder holds a trainer's file."""
    job = outcome.job
    staged = []
    try:
        for output in outcome.outputs:
            entry = ManifestEntry(path=f"{job.edition}/{job.lang}/{output.path}", format=job.format,
                                  language=job.lang, options=_plain(output.options), size=len(output.data),
                                  sha256=sha256(output.data), sources=job.inputs, edition=job.edition,
                                  of=len(outcome.outputs), previous_name=previous_name(job, output.path, slug),
                                  machine_translated=outcome.machine_translated, **extent(output.path, output.data))
            target = output_dir / entry.path
            same = target.is_file() and target.stat().st_size == entry.size and \
                sha256(target.read_bytes()) == entry.sha256
            staged.append(Staged(entry, None if same else stage(target, output.data)))
    except BaseException:  # a full disk: take back what this job staged
        for item in staged:
            if item.temporary is not None:
                item.temporary.unlink(missing_ok=True)
        raise
    return staged


def _write(finished: list[jobs.JobResult], manifest: dict[str, ManifestEntry], output_dir: Path, course: Course,
           skipped: list[dict[str, str]], result: BuildResult) -> None:
    """Put the staged files in place; remove files a re-run job no longer makes; keep the manifest true.

    Whatever moment the build is stopped at, every file is whole and the manifest claims nothing false:
    new files were first written beside their targets; then the entries they replace (and those of files
    no longer made) leave the manifest; then the files are renamed into place; then their entries return.
    """
    slug = course.config.slug
    staged = [item for outcome in finished for item in outcome.staged]
    made = {item.entry.path for item in staged}
    stale = [entry.path for outcome in finished for entry in manifest.values()
             if _made_by(outcome.job, entry) and entry.path not in made]
    for item in staged:
        if item.temporary is None:
            manifest[item.entry.path] = item.entry  # same bytes: the file is not touched
            result.unchanged.append(item.entry)
    moving = [item for item in staged if item.temporary is not None]
    leaving = [item.entry.path for item in moving if item.entry.path in manifest] + stale
    for path in leaving:
        del manifest[path]
    if leaving:
        write_manifest(output_dir, manifest, slug, __version__, skipped)
    for path in stale:
        (output_dir / path).unlink(missing_ok=True)
    for item in moving:
        os.replace(item.temporary, output_dir / item.entry.path)
        manifest[item.entry.path] = item.entry
        result.built.append(item.entry)
    write_manifest(output_dir, manifest, slug, __version__, skipped)


def _name_notes(course: Course) -> list[str]:
    """What the coordinator should know about the file names: a title whose letters file names cannot hold
    (Urdu, Chinese, emoji) gives a slug without them, made safe for every disk and email."""
    config = course.config
    if config.slug != slugify(config.title) or not dropped_letters(config.title):
        return []
    return [f"file names start with '{config.slug}': made from the title with letters every disk and email "
            f"can hold (a-z, 0-9, -); choose another with slug = \"...\" in course.toml"]


def _write_index(course: Course, output_dir: Path, manifest: dict[str, ManifestEntry]) -> None:
    """outputs/index.html, "Choose your version", from the manifest: rewritten only when what it lists
    changed, so a build with nothing to do writes nothing."""
    from builder.catalogue import INDEX_NAME, index_page

    path = output_dir / INDEX_NAME
    data = index_page(course.config, manifest.values(), read_skipped(output_dir)).encode("utf-8")
    if manifest and not (path.is_file() and path.read_bytes() == data):
        write_atomic(path, data)


def _plain(options: Any) -> dict[str, Any]:
    return {key: list(value) if isinstance(value, tuple) else value for key, value in dict(options).items()}
