"""course.toml read into one validated, read-only object (builder.config.CourseConfig); every problem is
reported at once, at its line. The sections it knows are [course], each format's (builder.writers) and those
in builder.sections."""

from __future__ import annotations

import datetime
import difflib
import os
import re
import tomllib
from pathlib import Path
from typing import Any, Mapping

from builder import languages, sections, writers
from builder.config import CONFIG_NAME, EDITIONS, MODULE_SUFFIXES, CourseConfig, FrozenMapping, slugify
from builder.content_files import RefusedFile, read_content_file
from builder.problems import Problems
from builder.text import hidden_character

MAX_CONFIG_BYTES = 100_000

# key -> (help, required)
COURSE_KEYS: dict[str, tuple[str, bool]] = {
    "title": ("the course title, shown on every cover", True),
    "subtitle": ("a line under the title", False),
    "organisation": ("who runs the course", True),
    "language": ('the language the Markdown is written in, e.g. "en-GB"', True),
    "translations": ('languages to publish as well, e.g. ["pl", "ur"]', False),
    "formats": ('formats to build, e.g. ["html", "large-print"]', False),
    "editions": ('who to build for: ["participant"] (the default), "trainer", "easy-read"', False),
    "slug": ("the start of every output file name (made from the title if not set)", False),
    "date": ('the date shown on covers, e.g. "2026-11-26" (today if not set)', False),
    "modules": ('the module files in order, e.g. ["episodes/intro.md", "episodes/setup.md"] (default: every '
                'NN-name.md file, in number order)', False),
    "published-at": ('the address the lesson is published at, e.g. "https://example.org/lesson/": links to its '
                     "pages that are not in the course point there", False),
}

def load_config(content_dir: Path, problems: Problems) -> CourseConfig | None:
    """Read and check course.toml; problems go into `problems`; None when it cannot be used."""
    path = content_dir / CONFIG_NAME
    if not path.is_file():
        problems.error(path, 0, f"{CONFIG_NAME} not found: every course needs one (see README, 'course.toml')",
                       "config.missing")
        return None
    try:
        raw_bytes = read_content_file(content_dir, path, MAX_CONFIG_BYTES)
    except RefusedFile as refused:
        problems.error(path, 0, f"{CONFIG_NAME} {refused}", "file.refused")
        return None
    try:
        text = raw_bytes.decode("utf-8").removeprefix("\ufeff")  # Windows editors start files with a BOM
        data = read_toml(text)
    except UnicodeDecodeError as err:
        line = raw_bytes[: err.start].count(b"\n") + 1
        problems.error(path, line, "this file is not UTF-8 text: save it as UTF-8", "file.encoding")
        return None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+)", str(err))
        line = int(match.group(1)) if match else 0
        reason = re.sub(r"\s*\(at line.*", "", str(err))
        if reason == "Illegal character '\\n'":  # what tomllib says of a line that ends inside quotes
            reason = "this line ends before its closing quote mark: add the \" at the end of its text"
        problems.error(path, line, f"not valid TOML: {reason}", "config.syntax")
        return None
    return _validate(path, text, data, problems)


def read_toml(text: str) -> dict[str, Any]:
    """TOML read as tomllib reads it; lists or tables nested thousands deep (which make tomllib run out of
    stack) are a TOMLDecodeError like any other mistake, not a crash."""
    try:
        return tomllib.loads(text)
    except RecursionError:
        raise tomllib.TOMLDecodeError("lists or tables nested too deep to read: write them with less nesting") \
            from None


def _validate(path: Path, text: str, data: dict[str, Any], problems: Problems) -> CourseConfig | None:
    finder = KeyLines(text)
    known_sections = ["course", *sections.names(), *writers.names()]
    for section in data:
        if section not in known_sections:
            problems.error(path, finder.section(section),
                           f"unknown section [{section}]{_suggest(section, known_sections)}; "
                           f"sections are: {', '.join(f'[{s}]' for s in known_sections)}", "config.unknown-key")
    course = data.get("course")
    if not isinstance(course, dict):
        problems.error(path, 0, "the [course] section is missing: it needs title, organisation and language",
                       "config.missing-key")
        return None

    def key_error(key: str, message: str) -> None:
        problems.error(path, finder.key("course", key), f"course.{key} {message}", "config.value")

    for key in course:
        if key not in COURSE_KEYS:
            problems.error(path, finder.key("course", key),
                           f"unknown key 'course.{key}'{_suggest(key, list(COURSE_KEYS))}; "
                           f"known keys: {', '.join(COURSE_KEYS)}", "config.unknown-key")
    for key, (help_text, required) in COURSE_KEYS.items():
        if required and key not in course:
            problems.error(path, finder.section("course"), f"course.{key} is missing: add {key} = ... ({help_text})",
                           "config.missing-key")
    strings = {}
    for key in ("title", "subtitle", "organisation", "language", "slug", "date"):
        value = course.get(key, "")
        if not isinstance(value, str):
            key_error(key, f"must be text in quotes, not {value!r}")
            value = ""
        strings[key] = value.strip()
    for key in ("title", "organisation"):
        if key in course and not strings[key]:
            key_error(key, "is empty")

    language = _language(strings["language"], "language", key_error) if strings["language"] else ""
    translations = _string_list(course, "translations", [], key_error)
    translations = [t for t in (_language(t, "translations", key_error) for t in translations) if t]
    for tag in translations:
        if tag == language:
            key_error("translations", f'lists "{tag}", the source language: leave it out')
    for key, tag in [("language", language), *(("translations", t) for t in translations)]:
        if tag and (known := languages.lookup(tag)) and known.english_labels:
            problems.warning(path, finder.key("course", key),
                             f"{known.english_name} ({tag}) has no labels yet: the words the builder adds to its "
                             f"versions (Contents, Picture, Activity, the covers) are in English; add "
                             f"builder/data/labels/{known.code}.toml (README, 'Adding a language')",
                             "labels.english")
    formats = _string_list(course, "formats", ["html"], key_error)
    for name in formats:
        if name not in writers.names():
            key_error("formats", f'has an unknown format "{name}"{_suggest(name, writers.names())}; '
                                 f"formats are: {', '.join(writers.names())}")
    editions = _string_list(course, "editions", ["participant"], key_error)
    for name in editions:
        if name not in EDITIONS:
            key_error("editions", f'has an unknown edition "{name}"{_suggest(name, list(EDITIONS))}; editions are: '
                                  f"{', '.join(EDITIONS)}")
    if course.get("editions") == []:
        key_error("editions", 'is empty: list at least one, e.g. ["participant"]')
    if strings["date"] and not _is_date(strings["date"]):
        key_error("date", f'must be a real date written like "2026-11-26", not "{strings["date"]}"')
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch is not None and not strings["date"] and not _is_epoch(epoch):
        problems.error("SOURCE_DATE_EPOCH", 0, "this setting must be a whole number of seconds since 1970 (up to "
                                               "the year 9999), e.g. 1764115200: unset it, or correct it",
                       "config.value")
    for key, value in strings.items():
        if hidden_character(value, allowed=""):
            key_error(key, "holds a control character or a broken one (an escape such as \\u001b or \\ud800): "
                           "delete it")
    modules = _module_list(path.parent, course, key_error)
    published_at = course.get("published-at")
    if published_at is not None and (not isinstance(published_at, str) or
                                     not re.fullmatch(r"https?://[^\s/]+(/\S*)?", published_at.strip())):
        key_error("published-at", f'must be a web address in quotes, e.g. "https://example.org/lesson/", not '
                                  f"{published_at!r}")
        published_at = None
    elif published_at is not None:
        published_at = published_at.strip() if published_at.strip().endswith("/") else published_at.strip() + "/"
    slug = strings["slug"] or _shortened(slugify(strings["title"]))
    if strings["slug"] and slugify(slug) != slug:
        key_error("slug", f'may hold only a-z, 0-9 and "-", e.g. "{slugify(slug)}"')

    format_options = {}
    for name in writers.names():
        specs = writers.get(name).options
        format_options[name] = _section_options(name, specs, data.get(name, {}), path, finder, problems)
    check_options = _section_options("check", sections.options("check"), data.get("check", {}), path, finder,
                                     problems)
    picture_options = _section_options("pictures", sections.options("pictures"), data.get("pictures", {}), path,
                                       finder, problems)
    site_options = _section_options("site", sections.options("site"), data.get("site", {}), path, finder, problems)
    build_options = _section_options("build", sections.options("build"), data.get("build", {}), path, finder,
                                     problems)
    switchable = sections.warning_codes()
    for code in check_options["disable"]:
        if code not in switchable:
            problems.error(path, finder.key("check", "disable"),
                           f"check.disable has '{code}', which is not a warning that can be switched off; "
                           f"warnings are: {', '.join(switchable)}", "config.value")

    if problems.errors:
        return None
    return CourseConfig(
        path=path, title=strings["title"], subtitle=strings["subtitle"], organisation=strings["organisation"],
        language=language, translations=tuple(dict.fromkeys(translations)), formats=tuple(dict.fromkeys(formats)),
        slug=slug, date=strings["date"] or None, format_options=FrozenMapping(format_options),
        check_options=check_options, editions=tuple(e for e in EDITIONS if e in editions), modules=modules,
        published_at=published_at, picture_options=picture_options, site_options=site_options,
        build_options=build_options,
    )


SLUG_FROM_TITLE = 60  # characters: a long title's file names start with its first words


def _shortened(slug: str) -> str:
    """A slug made from a long title: its start, cut between words (every file name adds to it)."""
    if len(slug) <= SLUG_FROM_TITLE:
        return slug
    start = slug[:SLUG_FROM_TITLE + 1]
    return start.rsplit("-", 1)[0] if "-" in start else slug[:SLUG_FROM_TITLE]


def _section_options(name: str, options, given: Any, path: Path, finder: KeyLines,
                     problems: Problems) -> Mapping[str, Any]:
    """A section's settings checked against its declared options, with defaults for the rest."""
    specs = {option.name: option for option in options}
    values = {key: option.default for key, option in specs.items()}
    if not isinstance(given, dict):
        problems.error(path, finder.key("", name), f"[{name}] must be a section of options", "config.value")
        return FrozenMapping(values)
    for key, value in given.items():
        option = specs.get(key)
        if option is None:
            known = ", ".join(specs) or "none"
            problems.error(path, finder.key(name, key),
                           f"unknown key '{name}.{key}'{_suggest(key, list(specs))}; {name} options: {known}",
                           "config.unknown-key")
            continue
        message = option.check(value)
        if message:
            problems.error(path, finder.key(name, key), f"{name}.{key} {message.replace('{section}', name)}",
                           "config.value")
            continue
        wrong = option.entry_problems(value) if option.kind == "table" else []
        for entry, problem in wrong:
            line = finder.key(f"{name}.{key}", entry) or finder.key(name, key)
            problems.error(path, line, f"{name}.{key}.{entry} {problem}", "config.value")
        if not wrong:
            values[key] = FrozenMapping(value) if option.kind == "table" else value
    return FrozenMapping(values)


def _module_list(content_dir: Path, course: dict[str, Any], key_error) -> tuple[str, ...]:
    """`modules = [...]`: Markdown files inside the content folder, each once, that exist."""
    if "modules" not in course:
        return ()
    listed = _string_list(course, "modules", [], key_error)
    if not listed and course.get("modules") == []:
        key_error("modules", 'is empty: list the module files, e.g. ["intro.md"], or leave it out')
    kept: list[str] = []
    for entry in listed:
        relative = entry.strip().replace("\\", "/")
        normal = os.path.normpath(relative).replace(os.sep, "/")
        if not relative or Path(relative).is_absolute() or normal == ".." or normal.startswith("../"):
            key_error("modules", f'lists "{entry}", which is not a file inside the content folder')
        elif not normal.lower().endswith(MODULE_SUFFIXES) or normal.lower().endswith(".easy.md"):
            key_error("modules", f'lists "{entry}", which is not a Markdown file (.md, .qmd, .markdown or .Rmd)')
        elif not (content_dir / normal).is_file():
            key_error("modules", f'lists "{entry}", but there is no such file in {content_dir.name}/: check its '
                                 "name and folder")
        elif normal in kept:
            key_error("modules", f'lists "{entry}" twice')
        else:
            kept.append(normal)
    return tuple(kept)


def _is_date(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        return False
    try:
        datetime.date.fromisoformat(text)
    except ValueError:
        return False
    return True


def _is_epoch(text: str) -> bool:
    """SOURCE_DATE_EPOCH (reproducible builds) as a date between 1970 and 9999."""
    return text.isdigit() and int(text) < 253_402_300_800


def _language(tag: str, key: str, key_error) -> str:
    canonical = languages.normalise_tag(tag)
    if canonical is None or languages.lookup(canonical) is None:
        key_error(key, f'has an unknown language "{tag}": use a BCP 47 tag such as "en-GB" or "pl" '
                       f"(known: {languages.known_tags()})")
        return ""
    return canonical


def _string_list(course: dict[str, Any], key: str, default: list[str], key_error) -> list[str]:
    value = course.get(key, default)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        key_error(key, f'must be a list of names in quotes, e.g. {key} = ["{default[0] if default else "pl"}"]')
        return []
    return value


def _suggest(word: str, options: list[str]) -> str:
    close = difflib.get_close_matches(word, options, n=1)
    return f" (did you mean '{close[0]}'?)" if close else ""


class KeyLines:
    """Finds the line of a section or key in TOML text, since tomllib does not report positions."""

    def __init__(self, text: str):
        self.lines = text.splitlines()

    def section(self, name: str) -> int:
        for number, line in enumerate(self.lines, 1):
            if re.match(rf"\s*\[\s*{re.escape(name)}\s*\]", line):
                return number
        return 0

    def key(self, section: str, key: str) -> int:
        start = self.section(section) if section else 0
        for number, line in enumerate(self.lines[start:], start + 1):
            if section and re.match(r"\s*\[", line):
                break
            if re.match(rf"\s*[\"']?{re.escape(key)}[\"']?\s*=", line):
                return number
        return start
