"""Participant packs: read the register of information needs, build only what it asks for, and put each
person's formats in a folder of their own, with a summary telling the coordinator what to do.

The register is special-category personal data (health and disability): names and notes are read
only to be ignored, never copied into any file name, file, summary or log; packs are named by id.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable

from builder import jobs, writers
from builder.pool import Task, run_tasks
from builder.course import load_course
from builder.config import EDITIONS
from builder.editions import EASY_READ, PARTICIPANT
from builder.languages import normalise_tag
from builder.model import Course
from builder.locale import locale_for
from builder.options import Choice
from builder.pack_note import note_format, pack_note
from builder.outputs import write_atomic, zip_entry
from builder.problems import ContentError, Problem, Problems, display_path
from builder.versions import version
from builder.writers.base import COPY_FILES, OutputFile

DELIVERY = ("email", "post", "collect", "usb")
EMAIL_LIMIT = 10 * 1024 * 1024
SAFE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]{0,39}$")
LOOKS_LIKE_A_NAME = re.compile(r"^[A-Za-z]+(?:[_-][A-Za-z]+)*$")  # letters only: Jane, jane_smith
MAX_REGISTER_BYTES = 1_000_000
MAX_ROW_CHARACTERS = 2_000


@dataclass(frozen=True)
class Participant:
    """What one person needs. Deliberately no name and no notes: they never leave the register."""

    id: str
    row: int
    language: str
    formats: tuple[str, ...]
    chose: tuple[tuple[str, Any], ...]  # (register column, value) for every choice a format offers
    delivery: str
    edition: str = PARTICIPANT  # a co-trainer may ask for the trainer's edition

    def choice(self, column: str) -> Any:
        return dict(self.chose)[column]

    def uses(self, choice: Choice) -> bool:
        """Whether any of this person's formats offers the choice (else it is left out of their row)."""
        return any(choice in writers.get(name).choices for name in self.formats)


def offered() -> dict[Choice, list[tuple[str, str]]]:
    """Each choice a format offers, with the (format, option) pairs it sets, in registry order."""
    found: dict[Choice, list[tuple[str, str]]] = {}
    for name in writers.names():
        for choice, option in writers.get(name).choices.items():
            found.setdefault(choice, []).append((name, option))
    return found


def columns() -> tuple[str, ...]:
    """The register's columns: who, what, each choice the formats offer, how it is delivered."""
    return ("id", "name", "language", "formats", *(choice.column for choice in offered()), "delivery", "edition",
            "notes")


def _option(name: str, option: str):
    return next(spec for spec in writers.get(name).options if spec.name == option)


@dataclass(frozen=True)
class Product:
    """One thing to make: a format in a language for an edition, with its options."""

    lang: str
    format: str
    options: tuple[tuple[str, Any], ...]
    edition: str = PARTICIPANT

    def writer_options(self) -> dict[str, Any]:
        """The options as its writer takes them (lists where the product keeps tuples to be hashable)."""
        return {key: list(value) if isinstance(value, tuple) else value for key, value in self.options}


def read_register(path: Path, course: Course) -> tuple[list[Participant], list[Problem]]:
    """Every row checked; all problems reported together, naming the file, row and column, and never a
    cell's value unless it is one of a fixed list (a shifted column can put a name anywhere). Returns the
    participants and the warnings."""
    problems = Problems()
    shown = display_path(path)

    def refuse(message: str, line: int = 0) -> ContentError:
        return ContentError([Problem(shown, line, "error", message, "register.file")])

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_REGISTER_BYTES + 1)
    except OSError as err:
        raise refuse(f"cannot read the register ({err.strerror})") from None
    if len(data) > MAX_REGISTER_BYTES:
        raise refuse(f"the register is over {MAX_REGISTER_BYTES // 1_000_000} MB: a register of needs is a few "
                     "kilobytes; is this the right file?")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise refuse("the register is not UTF-8 text: save it as CSV UTF-8") from None
    for number, line in enumerate(text.splitlines(), 1):
        if len(line) > MAX_ROW_CHARACTERS:
            raise refuse(f"row {number} is over {MAX_ROW_CHARACTERS} characters: a register row is short; check "
                         "the file (a quote left open can swallow the rest)", number)
    # Lines starting with '#' before the column names are notes about the file, e.g. that it is made up.
    lines = text.splitlines(keepends=True)
    skip = next((index for index, line in enumerate(lines) if not line.lstrip().startswith("#")), len(lines))
    text = "".join(lines[skip:])
    reader = csv.DictReader(io.StringIO(text))
    try:
        rows = list(reader)
    except csv.Error as err:
        raise refuse(f"the register is not valid CSV at row {reader.line_num + skip}: check its quotes",
                     reader.line_num + skip) from None
    known_columns = columns()
    fieldnames = [name.strip() for name in reader.fieldnames or []]
    missing = [c for c in ("id", "language", "formats") if c not in fieldnames]
    if missing:
        raise ContentError([Problem(shown, 1 + skip, "error", f"the register has no column {', '.join(missing)}: "
                                    f"the first row must name the columns ({', '.join(known_columns)})",
                                    "register.columns")])
    for column in fieldnames:
        if column not in known_columns:
            problems.warning(shown, 1 + skip, f"column {fieldnames.index(column) + 1} is not one this builder uses, "
                                              f"so it is ignored: if it holds personal data, remove it (columns: "
                                              f"{', '.join(known_columns)})", "register.columns")
    config = course.config
    choices = offered()
    defaults = {}
    for choice, [(name, option), *_] in choices.items():  # the first format offering it sets the default
        value = config.format_options[name][option]
        defaults[choice] = value[0] if isinstance(value, list) else value
    known = writers.names()
    people: list[Participant] = []
    seen: dict[str, int] = {}
    for row_number, row in enumerate(rows, 2 + skip):
        row = {(key or "").strip(): value for key, value in row.items()}
        if None in row or "" in row:
            problems.error(shown, row_number, "this row has more cells than the first row has column names: a "
                                              "comma inside a cell shifts the ones after it; put that cell in "
                                              "double quotes", "register.columns")
            continue

        def cell(name: str) -> str:
            return (row.get(name) or "").strip()

        def bad(column: str, message: str, code: str) -> None:
            problems.error(shown, row_number, f"column {column}: {message}", code)

        ident = cell("id")
        if not ident:
            bad("id", "this row has no id: give each person a pseudonym or number such as P07", "register.id")
            continue
        if not SAFE_ID.match(ident):
            bad("id", "an id may hold only letters, digits, '-' and '_' (at most 40): it names a folder",
                "register.id")
            continue
        if ident.lower() in seen:  # P01 and p01 would be one folder on Windows and macOS disks
            bad("id", f"the same id as row {seen[ident.lower()]} (capital letters aside): each person needs their "
                      "own", "register.id")
            continue
        seen[ident.lower()] = row_number
        if LOOKS_LIKE_A_NAME.match(ident):
            problems.warning(shown, row_number, "column id: this id has no digits and may be a name; ids name "
                                                "folders and appear on screen, so use a pseudonym such as P07",
                             "register.id-name")
        language = normalise_tag(cell("language")) if cell("language") else config.language
        if language not in config.languages:
            bad("language", f"not one of this course's languages ({', '.join(config.languages)}); to add one, "
                            "list it under translations in course.toml and translate it", "register.language")
        formats = tuple(dict.fromkeys(f.strip() for f in cell("formats").split(";") if f.strip()))
        if not formats:
            bad("formats", f"no formats: list them separated by ';' ({', '.join(known)})", "register.format")
        unknown = [name for name in formats if name not in known]
        if unknown:
            bad("formats", f"{len(unknown)} value(s) that are not formats; formats are {', '.join(known)}",
                "register.format")
        chose = []
        for choice, offers in choices.items():
            value = defaults[choice]
            # Checked against every chosen format that uses it (16 pt is the least for large print, 12 for Word).
            for name, option in [offer for offer in offers if offer[0] in formats] if cell(choice.column) else []:
                value, problem = choice.parse(cell(choice.column), _option(name, option))
                if problem:
                    bad(choice.column, f"{problem} ({name})", "register.choice")
                    break
            chose.append((choice.column, value))
        delivery = cell("delivery") or "collect"
        if delivery not in DELIVERY:
            bad("delivery", f"must be one of {', '.join(DELIVERY)}", "register.delivery")
        edition = cell("edition").lower() or PARTICIPANT
        if edition not in EDITIONS:
            bad("edition", f"must be one of {', '.join(EDITIONS)} (empty means {PARTICIPANT})", "register.edition")
        elif edition == EASY_READ and not course.companions:  # it would be an empty document
            bad("edition", "the Easy Read edition has nothing in it yet: no module has an Easy Read companion "
                           "(NN-name.easy.md, README 'Easy Read'); ask for the participant edition meanwhile",
                "register.edition")
        people.append(Participant(ident, row_number, language or "", formats, tuple(chose), delivery, edition))
    if not people and not problems.errors:
        problems.error(shown, 0, "the register has no participants", "register.empty")
    problems.raise_if_errors()
    return people, problems.warnings


def needed_products(people: list[Participant], course: Course) -> dict[Product, list[Participant]]:
    """Only what someone asked for: one product per distinct format, language and options."""
    config = course.config
    wanted: dict[Product, list[Participant]] = {}
    for person in people:
        for name in person.formats:
            options = dict(config.format_options[name])
            for choice, option in writers.get(name).choices.items():
                options[option] = choice.setting(person.choice(choice.column), _option(name, option))
            key = Product(person.language, name, tuple(sorted((k, tuple(v) if isinstance(v, list) else v)
                                                              for k, v in options.items())), person.edition)
            wanted.setdefault(key, []).append(person)
    return wanted


def pack_files(name: str, files: list[OutputFile]) -> list[OutputFile]:
    """The files of a product that go to the person: the reader's copies, not checkers' proofs or scripts."""
    suffixes = writers.get(name).pack_suffixes
    return [f for f in files if f.path.endswith(suffixes)] if suffixes else files


@dataclass
class PackReport:
    people: list[Participant]
    products: int
    rows: list[dict[str, str]]  # this run's people
    warnings: list[str]
    replaced: list[str] = field(default_factory=list)  # ids whose earlier pack this run replaced
    kept: list[str] = field(default_factory=list)  # ids from earlier runs, not in this register, left as they were
    removed: int = 0  # packs deleted by --clean


def make_packs(register: Path, content_dir: Path, output_dir: Path, cache_dir: Path | None = None,
               jobs_count: int = 1, report: Callable[[str], None] = print, clean: bool = False) -> PackReport:
    """Packs for the people in `register`. Packs are per person: each person's earlier pack is replaced,
    and packs of people from earlier registers are kept (all listed in summary.csv) unless `clean`."""
    course = load_course(content_dir)[0]
    people, register_warnings = read_register(register, course)
    exposure = None if made_up(register) else git_exposure_warning(register)
    warnings = [str(w) for w in register_warnings] + [w for w in [exposure] if w]
    localised: dict[tuple[str, str], Course] = {}
    problems: list[Problem] = []
    for edition, lang in sorted({(p.edition, p.language) for p in people}):
        try:
            localised[edition, lang] = version(course, edition, lang)
        except ContentError as err:
            rows = ", ".join(str(p.row) for p in people if (p.edition, p.language) == (edition, lang))
            asked = lang if edition == PARTICIPANT else f"{lang} ({edition} edition)"
            problems += [Problem(display_path(register), 0, "error", f"rows {rows} ask for {asked}, which cannot be "
                                 f"built: {problem.message}", "register.language") for problem in err.problems]
    if problems:
        raise ContentError(problems)
    products = needed_products(people, course)
    by_job = {_job(product): product for product in products}
    report(f"{len(people)} participant(s) need {len(products)} product(s)")
    tasks = [Task(job, localised[job.course_key]) for job in map(_job, products)]
    finished = [outcome for _, outcome in run_tasks(tasks, cache_dir, jobs_count, report, None)]
    failures = [Problem(display_path(register), 0, "error", f"{r.job.label}: {r.error or r.skipped}", "pack.failed")
                for r in finished if r.error or r.skipped]
    if failures:
        raise ContentError(failures)
    made = {by_job[r.job]: r.outputs for r in finished}
    packs = output_dir / "packs"
    earlier = _earlier_rows(packs)
    removed = 0
    if clean and packs.exists():
        removed = len(earlier)
        shutil.rmtree(packs)
        earlier = {}
    ours = {person.id.lower() for person in people}
    replaced = [ident for ident in earlier if ident.lower() in ours]
    for ident in replaced:  # a person's pack is made again from scratch: nothing of the old one lingers
        shutil.rmtree(packs / ident, ignore_errors=True)
        (packs / f"{ident}.zip").unlink(missing_ok=True)
    rows = []
    for person in people:
        files: list[OutputFile] = []
        for product, members in products.items():
            if person in members:
                files += pack_files(product.format, made[product])
        files = _with_note(person, products, localised[person.edition, person.language], files, cache_dir) + files
        folder = packs / person.id
        for output in files:
            write_atomic(folder / output.path, output.data)
        total = sum(len(f.data) for f in files)
        zipped = 0
        if person.delivery == "email":
            data = _zip(files)
            write_atomic(packs / f"{person.id}.zip", data)
            zipped = len(data)
        rows.append({"id": person.id, "language": person.language, "formats": ";".join(person.formats),
                     **{choice.column: str(person.choice(choice.column)) if person.uses(choice) else ""
                        for choice in offered()},
                     "delivery": person.delivery, "edition": person.edition, "action": action(person),
                     "files": str(len(files)),
                     "size_bytes": str(total), "email_zip_bytes": str(zipped) if zipped else "",
                     "email_ok": ("yes" if zipped <= EMAIL_LIMIT else "no: over 10 MB, send by file sharing or USB")
                     if zipped else ""})
    kept = {ident: row for ident, row in earlier.items() if ident.lower() not in ours and (packs / ident).is_dir()}
    summary = io.StringIO()
    writer = csv.DictWriter(summary, fieldnames=list(rows[0]), lineterminator="\n", extrasaction="ignore")
    writer.writeheader()
    writer.writerows(sorted([*rows, *kept.values()], key=lambda row: row["id"].lower()))
    write_atomic(packs / "summary.csv", summary.getvalue().encode("utf-8"))
    return PackReport(people, len(products), rows, warnings, replaced, sorted(kept), removed)


def _with_note(person: Participant, products: dict[Product, list[Participant]], course: Course,
               files: list[OutputFile], cache_dir: Path | None) -> list[OutputFile]:
    """The pack's "what is in this pack" note, in the person's language, made as the format they read needs
    (their large print size, their braille grade, or spoken)."""
    name = note_format(person.formats)
    product = next(product for product, members in products.items()
                   if product.format == name and person in members)
    return pack_note(course, locale_for(person.language), name, product.writer_options(), files, cache_dir)


def _earlier_rows(packs: Path) -> dict[str, dict[str, str]]:
    """The packs an earlier run made, by id, from its summary (its own file: ids, formats, no names)."""
    try:
        with (packs / "summary.csv").open(encoding="utf-8", newline="") as handle:
            rows = list(csv.DictReader(handle))
    except (OSError, csv.Error, UnicodeDecodeError):
        return {}
    return {row["id"]: row for row in rows if SAFE_ID.match(row.get("id") or "")}


def action(person: Participant) -> str:
    """What the coordinator does with this pack, in a few words."""
    if person.delivery == "email":
        return f"email {person.id}.zip"
    steps = [writers.get(name).pack_step.format(**dict(person.chose)) for name in writers.names()
             if name in person.formats and writers.get(name).pack_step]
    if person.delivery == "usb":
        steps.append(COPY_FILES)
    steps = [step for step in dict.fromkeys(steps) if step != COPY_FILES] + [COPY_FILES] * (COPY_FILES in steps)
    steps.append({"post": "post it", "collect": "keep it to collect", "usb": "hand it over"}[person.delivery])
    return "; ".join(steps)


def _job(product: Product) -> jobs.Job:
    return jobs.Job(product.format, product.lang, product.writer_options(), "", product.edition)


# The register's folder may be anyone's git work tree, whose .git/config can name a program for git to run
# (core.fsmonitor, hooks): switched off for these two read-only questions.
GIT_SAFELY = ["-c", "core.fsmonitor=false", "-c", "core.hooksPath=/dev/null", "-c", "core.untrackedCache=false"]


MADE_UP = re.compile(r"^\s*#\s*made-up", re.IGNORECASE)


def made_up(register: Path) -> bool:
    """A register whose first line says `# made-up ...` holds invented people (an example), not personal data."""
    try:
        with register.open(encoding="utf-8-sig", errors="replace") as handle:
            return bool(MADE_UP.match(handle.readline()))
    except OSError:
        return False


def git_exposure_warning(register: Path) -> str | None:
    """A register inside a git work tree that git does not ignore could be committed and shared."""
    git = shutil.which("git")
    if git is None:
        return None
    folder = register.resolve().parent
    try:
        inside = subprocess.run([git, *GIT_SAFELY, "-C", str(folder), "rev-parse", "--show-toplevel"],
                                capture_output=True, text=True, timeout=10, stdin=subprocess.DEVNULL)
        if inside.returncode != 0:
            return None
        ignored = subprocess.run([git, *GIT_SAFELY, "-C", str(folder), "check-ignore", "-q",
                                  str(register.resolve())], capture_output=True, timeout=10, stdin=subprocess.DEVNULL)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if ignored.returncode == 0:
        return None
    top = Path(inside.stdout.strip())
    line = register.resolve().relative_to(top).as_posix()
    return (f"{display_path(register)}: warning: this register holds personal health data and git does not "
            f"ignore it, so it could be committed and shared: add this line to {top / '.gitignore'}: /{line}")


def _zip(files: list[OutputFile]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for output in sorted(files, key=lambda f: f.path):
            archive.writestr(zip_entry(output.path), output.data)
    return out.getvalue()


def totals(people: list[Participant]) -> dict[str, int]:
    """Counts for the coordinator's table: each format, large print size and language."""
    counts: dict[str, int] = {}
    for person in people:
        for name in person.formats:
            counts[f"format {name}"] = counts.get(f"format {name}", 0) + 1
        for choice in offered():
            if person.uses(choice):
                label = choice.label.format(person.choice(choice.column))
                counts[label] = counts.get(label, 0) + 1
        counts[f"language {person.language}"] = counts.get(f"language {person.language}", 0) + 1
        counts[f"delivery {person.delivery}"] = counts.get(f"delivery {person.delivery}", 0) + 1
        counts[f"edition {person.edition}"] = counts.get(f"edition {person.edition}", 0) + 1
    return dict(sorted(counts.items()))
