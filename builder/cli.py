"""The command line: build, check, formats. Exit 0 on success, 1 on content errors, 2 on usage errors."""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from pathlib import Path
from typing import Any

from builder import __version__, writers
from builder.build import UsageError, build_library
from builder.cache import UNUSED_DAYS
from builder.check import summaries
from builder.course import load_course, read_course
from builder.editions import for_participants, widest
from builder.languages import lookup, normalise_tag
from builder.locale import locale_for
from builder.packs import make_packs, totals
from builder.outputs import OutputBusy, ensure_writable, one_build_at_a_time
from builder.library import course_folders, is_library
from builder.options import address_problem
from builder.problems import ContentError, StrictWarnings, display_path, printable
from builder.scheduler import SCHEMES, VARIABLE, ClusterError
from builder.review import every_problem
from builder.translation.catalog import catalogue_path
from builder.translation.command import PERSON, catalogue_summary, translate
from builder.translation.machine import ENGINES
from builder.writers.base import WriterError

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # argparse exits 2 already; keep its message to one line
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"error: {message}\n")


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.split(",") if part.strip()]


def _scheduler(value: str) -> str:
    problem = address_problem(value, SCHEMES)
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return value


def show(*parts: object, file=None, flush: bool = False) -> None:
    """Every line the command line writes goes through here, made safe for a terminal (`printable`)."""
    print(*(printable(str(part)) for part in parts), file=file, flush=flush)


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="python -m builder", description="Publish a Markdown course in accessible formats.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    build_parser = commands.add_parser("build", help="build the course's formats and languages into outputs/")
    build_parser.add_argument("--content", type=Path, action="append",
                              help="course folder (content); give several, or a library.toml listing them, to build "
                                   "them together, each into its own folder of --output")
    build_parser.add_argument("--output", type=Path, default=Path("outputs"), help="output folder (outputs)")
    build_parser.add_argument("--formats", type=_split, help="comma-separated formats (default: course.toml)")
    build_parser.add_argument("--languages", type=_split, help="comma-separated languages (default: all)")
    build_parser.add_argument("--editions", type=_split,
                              help="participant, trainer or both, comma-separated (default: course.toml)")
    build_parser.add_argument("--cache", type=Path, default=Path(".cache"),
                              help="folder that keeps synthesised speech between builds (.cache)")
    for name in writers.names():  # options a format lets a build set, e.g. --audio-engine gtts
        for option in writers.get(name).options:
            if option.name in writers.get(name).flags:
                build_parser.add_argument(f"--{name}-{option.name}", dest=f"flag:{name}:{option.name}",
                                          metavar=option.name.upper(), help=f"{name}: {option.help}")
    build_parser.add_argument("--allow-untranslated", action="store_true",
                              help="build translations that have gaps, using the original text there")
    build_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                              help="how many formats to make at once (default: the number of CPUs)")
    build_parser.add_argument("--strict", action="store_true",
                              help="count warnings as errors: build nothing while there are any (for a pipeline)")
    build_parser.add_argument("--wait", action="store_true",
                              help="if another build is writing to the output folder, wait for it (default: stop)")
    build_parser.add_argument("--site-url", metavar="URL",
                              help="where `site` output will be published (https://...), for the covers "
                                   "(default: course.toml's [site] url)")
    build_parser.add_argument("--scheduler", type=_scheduler, metavar="ADDRESS",
                              help="run the jobs on the Dask cluster whose scheduler is at ADDRESS (tcp://host:8786; "
                                   f"default: {VARIABLE}, else course.toml's [build] scheduler, else this machine)")
    site_parser = commands.add_parser(
        "site", parents=[], help="build, then write outputs/site: the participants' files as a static web site")
    for action in build_parser._actions:  # the same options as build: a site is a build, then its pages
        if action.option_strings and action.dest != "help":
            site_parser._add_action(action)

    translate_parser = commands.add_parser("translate", help="fill translation files by machine translation")
    translate_parser.add_argument("--to", type=_split, required=True, help="comma-separated languages, e.g. pl,ur")
    translate_parser.add_argument("--content", type=Path, default=Path("content"), help="course folder (content)")
    translate_parser.add_argument("--engine", default="google", choices=(*ENGINES, PERSON),
                                  help="translation service, or none to add new entries for a person to translate")
    translate_parser.add_argument("--url", help="address of a self-hosted LibreTranslate server")

    check_parser = commands.add_parser("check", help="check the course and write nothing")
    check_parser.add_argument("--content", type=Path, default=Path("content"), help="course folder (content)")
    check_parser.add_argument("--strict", action="store_true", help="fail on warnings too")

    packs_parser = commands.add_parser("packs", help="make each participant's pack from a needs register")
    packs_parser.add_argument("--participants", type=Path, required=True, help="the register (CSV)")
    packs_parser.add_argument("--content", type=Path, default=Path("content"), help="course folder (content)")
    packs_parser.add_argument("--output", type=Path, default=Path("outputs"), help="output folder (outputs)")
    packs_parser.add_argument("--cache", type=Path, default=Path(".cache"), help="speech cache (.cache)")
    packs_parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="formats made at once")
    packs_parser.add_argument("--wait", action="store_true",
                              help="if a build is writing to the output folder, wait for it (default: stop)")
    packs_parser.add_argument("--clean", action="store_true",
                              help="remove every earlier pack first (by default packs of people not in this "
                                   "register are kept)")

    preview_parser = commands.add_parser("preview", help="show the course in a browser as it will be on the web, "
                                                         "with the checker's advice, again at each save")
    preview_parser.add_argument("--content", type=Path, default=Path("content"), help="course folder (content)")
    preview_parser.add_argument("--port", type=int, default=0, help="port to serve on (default: a free one)")
    preview_parser.add_argument("--host", default="127.0.0.1",
                                help="address to serve on (default 127.0.0.1, this computer only)")
    preview_parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    preview_parser.add_argument("--cache", type=Path, default=Path(".cache"), help="speech cache (.cache)")

    import_parser = commands.add_parser("import", help="turn a Word (.docx) or OpenDocument (.odt) document into "
                                                       "modules, one per Heading 1")
    import_parser.add_argument("document", type=Path, help="the .docx or .odt file")
    import_parser.add_argument("--into", type=Path, default=Path("content"), help="course folder (content)")
    import_parser.add_argument("--force", action="store_true",
                               help="replace modules and pictures of the same names (by default nothing is replaced)")

    commands.add_parser("formats", help="list the formats and their options")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = make_parser().parse_args(argv)
    try:
        if args.command == "formats":
            return _formats()
        if args.command == "check":
            return _check(args)
        if args.command == "translate":
            return _translate(args)
        if args.command == "packs":
            return _packs(args)
        if args.command == "preview":
            return _preview(args)
        if args.command == "import":
            return _import(args)
        code = _build(args)
        if args.command == "site" and code == EXIT_OK:
            _site(args)
        return code
    except StrictWarnings as err:
        for problem in err.problems:
            show(problem, file=sys.stderr)
        show(f"{len(err.problems)} warning(s), which --strict counts as errors: nothing was built. Fix the lines "
             "above, or build without --strict.", file=sys.stderr)
        return EXIT_CONTENT
    except ContentError as err:
        for problem in err.problems:
            show(problem, file=sys.stderr)
        count = len([p for p in err.problems if p.is_error])
        show(f"{count} error{'s' * (count != 1)}: nothing was built. Fix the lines above and run again.",
              file=sys.stderr)
        return EXIT_CONTENT
    except UsageError as err:
        show(f"error: {err}", file=sys.stderr)
        return EXIT_USAGE
    except (OutputBusy, ClusterError) as err:
        show(f"error: {err}", file=sys.stderr)
        return EXIT_CONTENT
    except KeyboardInterrupt:
        show("Stopped. Files already finished are complete; nothing half-written was left.", file=sys.stderr)
        return 130
    except OSError as err:
        if err.errno is None:  # not the file system: a library's error that subclasses OSError
            show(f"error: {err}", file=sys.stderr)
            return EXIT_CONTENT
        where = display_path(Path(err.filename)) if err.filename else "output"
        show(f"{where}: error: cannot write ({err.strerror}): check the folder exists, is yours and the disk "
              "has space, or choose another with --output", file=sys.stderr)
        return EXIT_CONTENT


def _site(args: argparse.Namespace) -> None:
    """The participants' versions the build made, as a static site in outputs/site."""
    from builder.catalogue.site import PUBLIC_EDITIONS, write_site
    from builder.outputs import read_manifest
    from builder.versions import version

    course, _ = load_course(args.content)
    made = {(entry.edition, entry.language) for entry in read_manifest(args.output).values()
            if entry.edition in PUBLIC_EDITIONS}
    write_site({key: version(course, *key, allow_untranslated=args.allow_untranslated) for key in sorted(made)},
               args.output, report=show)


def _check(args: argparse.Namespace) -> int:
    """Every problem in the course in one run: reading errors in one file hide nothing in it or others."""
    course, problems = read_course(args.content)
    found, counts = every_problem(course, problems)
    for problem in found:
        show(problem, file=sys.stderr)
    errors = sum(1 for p in found if p.is_error)
    warnings = len(found) - errors
    if course is None or errors:
        show(f"{display_path(args.content)}: {errors} error{'s' * (errors != 1)}, {warnings} warning(s): fix the "
              "errors, then run check again (nothing can be built until they are fixed)")
        return EXIT_CONTENT
    # What participants receive: the trainer's notes are not counted in their reading or listening time.
    participants = for_participants(course)
    timed = [writer for writer in map(writers.get, course.config.formats) if writer.timed]
    locale = locale_for(course.lang)
    columns = [(writer.timed, writer.minutes(participants, locale, course.config.format_options[writer.name]))
               for writer in timed]
    show(f"{'Module':<44} {'words':>6} {'reading':>8}" + "".join(f" {heading:>7}" for heading, _ in columns)
         + f" {'ease':>5}  {'planned':>9}")
    for index, summary in enumerate(summaries(participants)):
        ease = f"{summary.reading_ease:.0f}" if summary.reading_ease is not None else "-"
        planned = "-" if summary.planned_minutes is None else \
            f"{summary.planned_minutes}/{summary.stated_minutes or '?'} m"
        show(f"{summary.title[:44]:<44} {summary.words:>6} {summary.reading_minutes:>6.1f} m"
             + "".join(f" {minutes[index]:>5.1f} m" for _, minutes in columns) + f" {ease:>5}  {planned:>9}")
    for lang, counted in counts.items():
        show(f"Translation {lang}: {catalogue_summary(counted)}")
    show(f"{display_path(args.content)}: no errors, {warnings} warning(s)")
    if args.strict and warnings:
        show(f"--strict counts the {warnings} warning(s) as errors: fix them, or check without --strict",
             file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _translate(args: argparse.Namespace) -> int:
    course = widest(load_course(args.content)[0])
    for tag in args.to:
        lang = normalise_tag(tag)
        if lang is None or lookup(lang) is None:
            raise UsageError(f"unknown language '{tag}': use a BCP 47 tag such as pl or ur")
        if lang == course.lang:
            raise UsageError(f"'{lang}' is the course's own language")
    try:
        for tag in args.to:
            lang = normalise_tag(tag)
            report = translate(course, lang, args.engine, args.url,
                               report=lambda line: show(line, file=sys.stderr, flush=True))
            show(f"{lang}: translated {report.translated_now} now with {report.requests} request(s); "
                  f"{catalogue_summary(report.counts)}. File: {display_path(catalogue_path(course.content_dir, lang))}")
            if lang not in course.config.translations:
                show(f"  add \"{lang}\" to translations in course.toml to build it")
    except WriterError as err:
        show(f"error: {err}", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _packs(args: argparse.Namespace) -> int:
    if not args.participants.is_file():
        raise UsageError(f"register not found: {args.participants}")
    ensure_writable(args.output)
    with one_build_at_a_time(args.output, args.wait, lambda line: show(line, file=sys.stderr, flush=True)):
        result = make_packs(args.participants, args.content, args.output, args.cache, max(1, args.jobs),
                            report=lambda line: show(line, file=sys.stderr, flush=True), clean=args.clean)
    for warning in result.warnings:
        show(warning, file=sys.stderr)
    show(f"Packs for {len(result.people)} participant(s) from {result.products} product(s), in "
          f"{display_path(args.output / 'packs')}/ (summary.csv lists them):")
    show(f"  {'id':<10} {'language':<9} {'formats':<22} {'size':>9}  {'email':<5}  what to do")
    for row in result.rows:
        size = int(row["email_zip_bytes"] or row["size_bytes"])
        show(f"  {row['id']:<10} {row['language']:<9} {row['formats']:<22} {size / 1_048_576:>6.1f} MB  "
              f"{row['email_ok'][:5]:<5}  {row['action']}")
    show("Totals: " + ", ".join(f"{name}: {count}" for name, count in totals(result.people).items()))
    new = len(result.people) - len(result.replaced)
    show(f"This run: {new} new pack(s), {len(result.replaced)} replaced"
         + (f"; {result.removed} earlier pack(s) removed (--clean)" if result.removed else "")
         + (f"; kept from earlier registers: {', '.join(result.kept)} (run with --clean to start over)"
            if result.kept else ""))
    return EXIT_OK


def _formats() -> int:
    for name in writers.names():
        writer = writers.get(name)
        show(f"{name}: {writer.description}")
        for option in writer.options:
            flag = f" (for one build: build --{name}-{option.name} ...)" if option.name in writer.flags else ""
            show(f"    {option.describe()}{flag}")
    return EXIT_OK


def _overrides(args: argparse.Namespace) -> dict[str, dict[str, Any]]:
    """The format options given as flags (--audio-engine gtts), by format, each as its option's kind."""
    found: dict[str, dict[str, Any]] = {}
    for key, value in vars(args).items():
        if key.startswith("flag:") and value is not None:
            _, name, option = key.split(":")
            spec = next(spec for spec in writers.get(name).options if spec.name == option)
            found.setdefault(name, {})[option] = spec.from_text(value)
    return found


def _build(args: argparse.Namespace) -> int:
    if args.jobs < 1:
        raise UsageError("--jobs must be 1 or more")
    given = args.content or [Path("content")]
    folders = course_folders(given)
    if args.command == "site" and is_library(given):
        raise UsageError("site is made for one course at a time: give one course folder with --content")
    args.content = folders[0]
    with _progress_display() as (report, progress, working):
        built = build_library(folders, args.output, args.formats, args.languages, report=report, cache_dir=args.cache,
                              overrides=_overrides(args), allow_untranslated=args.allow_untranslated,
                              jobs_count=args.jobs, progress=progress, editions=args.editions, strict=args.strict,
                              wait=args.wait, site_url=args.site_url, working=working, scheduler=args.scheduler,
                              separate=is_library(given))
    failed = 0
    for folder, (result, failures) in zip(folders, built):
        if is_library(given):
            show(f"\nCourse {display_path(folder)}:")
        _closing_table(result, failures, result.output_dir)
        failed += len(failures)
    if failed:
        show(f"{failed} format(s) failed (above): their earlier files, if any, were kept; everything else "
             "was written.", file=sys.stderr)
        return EXIT_CONTENT
    return EXIT_OK


def _closing_table(result: Any, failures: list, output: Path) -> None:
    """What a build did for one course: each job's line, the files written, what was skipped and why."""
    for problem in result.warnings:
        show(problem, file=sys.stderr)
    show(f"{'Format (language)':<30} {'result':<11} {'time':>7}  detail")
    for row in result.jobs:
        time_text = f"{row.seconds:.1f} s" if row.status in ("built", "failed", "skipped") else ""
        show(f"{row.label:<30} {row.status:<11} {time_text:>7}  {row.detail}")
    if result.built:
        show(f"Wrote {len(result.built)} file(s), {len(result.unchanged)} unchanged, in {result.seconds:.1f} s, "
              f"into {display_path(output)}/")
    elif not failures:
        show(f"Everything is up to date ({result.files} files in {display_path(output)}/): nothing to do.")
    if len(result.built) <= 25:
        for entry in result.built:
            show(f"  {entry.path}  ({_size(entry.size)})")
    else:
        for lang, edition in dict.fromkeys((entry.language, entry.edition) for entry in result.built):
            written = [entry for entry in result.built if (entry.language, entry.edition) == (lang, edition)]
            show(f"  {edition}/{lang}/: {len(written)} file(s), {_size(sum(e.size for e in written))}")
        show(f"  every file is listed in {display_path(output / 'manifest.json')}")
    for reason in result.skipped:
        show(f"  skipped: {reason}")
    for note in result.notes:
        show(f"  note: {note}")
    if result.pruned.files:
        show(f"Cache: removed {result.pruned.files} file(s) ({_size(result.pruned.size)}) that no build had used for "
              f"{UNUSED_DAYS} days.")
    if result.drafts:
        counts = ", ".join(f"{lang} {count}" for lang, count in result.drafts.items())
        show(f"Machine-made translation entries not yet checked by a person: {counts}. Ask a fluent speaker to "
             "review them in the translation files (README, 'Translations'); each version says so meanwhile.")
    for problem in failures:
        show(problem, file=sys.stderr)


@contextlib.contextmanager
def _progress_display():
    """A progress bar on a terminal, with a bar and the time left for each long job (the audio's speech);
    plain lines otherwise (CI logs, pipes), a long job's every 30 seconds."""
    if not sys.stderr.isatty():
        yield (lambda line: show(line, file=sys.stderr, flush=True)), None, _plain_working()
        return
    from rich.console import Console
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    console = Console(stderr=True)
    with Progress(TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[amount]}"),
                  TimeElapsedColumn(), TimeRemainingColumn(), console=console, transient=True) as bar:
        task = bar.add_task("Building", total=None, amount="")
        going: dict[str, Any] = {}  # each long job's own bar, by its label
        ended: set[str] = set()  # a report that arrives after its job ended adds no bar

        def advance(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=f"Building: {label} done",
                       amount=f"{done}/{total}")
            ended.add(label)
            if label in going:
                bar.remove_task(going.pop(label))

        def working(label: str, done: float, total: float) -> None:
            if label not in going and label not in ended and done < total:
                going[label] = bar.add_task(f"  {label}: speaking", total=total, amount="")
            if label in going:
                bar.update(going[label], completed=done, amount=f"{100 * done / max(total, 1):.0f}%")

        # rich reads [brackets] as its own markup: the line is shown as plain, safe text
        yield (lambda line: console.print(printable(str(line)), markup=False, highlight=False)), advance, working


def _plain_working(every: float = 30.0):
    """A long job's progress as a line now and then, with the time left estimated from its pace so far."""
    started: dict[str, float] = {}
    said: dict[str, float] = {}

    def working(label: str, done: float, total: float) -> None:
        now = time.monotonic()
        started.setdefault(label, now)
        if done >= total or now - said.get(label, started[label]) < every:
            return
        said[label] = now
        left = (now - started[label]) * (total - done) / done if done else 0
        show(f"  {label}: {100 * done / total:.0f}% spoken, about {_duration(left)} left", file=sys.stderr, flush=True)

    return working


def _duration(seconds: float) -> str:
    """'2 min 10 s', '40 s'."""
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes} min {rest} s" if minutes else f"{rest} s"


def _size(size: int) -> str:
    for unit in ("bytes", "KB", "MB"):
        if size < 1024 or unit == "MB":
            return f"{size} {unit}" if unit == "bytes" else f"{size:.1f} {unit}"
        size /= 1024
    return str(size)


def _preview(args: argparse.Namespace) -> int:
    """Serve the preview until Ctrl+C; each save is read again and the page in the browser shown again."""
    from builder.preview import LOCAL, Preview, open_browser

    if not (args.content / "course.toml").is_file():
        show(f"{display_path(args.content)}: error: no course.toml here: pass --content with the course folder",
             file=sys.stderr)
        return EXIT_CONTENT
    if not 0 <= args.port <= 65535:
        raise UsageError("--port must be between 0 (a free one) and 65535")
    if args.host != LOCAL:
        show(f"warning: serving on {args.host}, not only this computer: anyone who can reach it can read the "
             "course, trainer notes included", file=sys.stderr)

    def reloaded(seconds: float, problems: int) -> None:
        show(f"{time.strftime('%H:%M:%S')} read again in {seconds:.2f} s: {problems} problem(s) shown in the page",
             flush=True)

    try:
        preview = Preview(args.content, args.host, args.port, args.cache, reloaded).start()
    except OSError as err:
        show(f"error: cannot serve on {args.host}:{args.port} ({err.strerror or err}): choose another --port, or "
             "leave it out for a free one", file=sys.stderr)
        return EXIT_USAGE
    show(f"Previewing {display_path(args.content)} at {preview.url}", flush=True)
    show("The page shows each change when you save. Press Ctrl+C to stop.", flush=True)
    if not args.no_browser and not open_browser(preview.url):
        show("(No browser could be opened here: open the address above in one.)", flush=True)
    try:
        while preview.serving.is_alive():
            preview.serving.join(0.5)
    except KeyboardInterrupt:
        show("Preview stopped.")
    finally:
        preview.stop()
    return EXIT_OK


def _import(args: argparse.Namespace) -> int:
    """Write the document's modules and pictures into the course, then check what was written."""
    from builder.word_import import ImportRefused, import_document

    try:
        result = import_document(args.document, args.into, args.force)
    except ImportRefused as err:
        show(f"error: {err}. Nothing was written.", file=sys.stderr)
        return EXIT_CONTENT
    for path in [*result.modules, *result.pictures]:
        show(f"wrote {display_path(path)}")
    for note in result.notes:
        show(f"note: {note}")
    if not (args.into / "course.toml").is_file():
        show(f"There is no course.toml in {display_path(args.into)}: add one (README, 'course.toml') to build these "
             "modules.")
        return EXIT_OK
    course, problems = read_course(args.into)
    found, _ = every_problem(course, problems)
    written = {display_path(path) for path in result.modules}
    own = [p for p in found if p.path in written]
    for problem in own:
        show(problem)
    if course is not None and course.config.modules:
        show("course.toml lists its modules (modules = [...]): add the new ones there, or they are left out.")
    errors = sum(1 for p in own if p.is_error)
    show(f"Imported {len(result.modules)} module(s) and {len(result.pictures)} picture(s); the check found "
         f"{errors} error(s) and {len(own) - errors} warning(s) in them.")
    return EXIT_CONTENT if errors else EXIT_OK
