"""A content folder read into a Course: course.toml plus every module, in order, and their Easy Read companions."""

from __future__ import annotations

import os
import re
import traceback
from pathlib import Path
from typing import TYPE_CHECKING

from builder.config import MODULE_SUFFIXES, CourseConfig, module_stem, slugify
from builder.course_toml import load_config
from builder.model import Course, Figure, Module
from builder.problems import Problems
from builder.pronunciations import load_pronunciations
from builder.reader import CourseIndex, ModuleFile, make_parser, read_module
from builder.reader.crossrefs import resolve_links
from builder.symbols import PREFIX as SYMBOL
from builder.walk import block_nodes

if TYPE_CHECKING:
    from builder.module_cache import ModuleCache

# A module file: a number, then its name (`03-saying-no.md`, `03 Saying no.md`, `3_saying_no.qmd`)
MODULE_NAME = re.compile(r"^(\d+)[-_ .]+(?=\w)(.+?)\.(?:md|markdown|qmd|rmd)$", re.IGNORECASE)
EASY_SUFFIX = ".easy.md"  # a module's Easy Read companion: `03-saying-no.easy.md`
_NUMBERED = re.compile(r"^[0-9]+-[a-z0-9][a-z0-9-]*$")  # ASCII digits: a slug names files and EPUB ids


def module_files(content_dir: Path, problems: Problems, listed: tuple[str, ...] = ()) -> list[ModuleFile]:
    """The module files in order: those course.toml lists, else every numbered Markdown file in number order
    (other Markdown files are reported and skipped: a file of notes there is not published by accident)."""
    if listed:
        return _listed(content_dir, listed)
    files = []
    for path in sorted(p for p in content_dir.iterdir() if p.suffix.lower() in MODULE_SUFFIXES):
        if path.name.lower().endswith(EASY_SUFFIX):
            continue  # an Easy Read companion: read_course reads it beside its module
        if MODULE_NAME.match(path.name):
            files.append(path)
        elif path.name.lower() != "readme.md":
            problems.warning(path, 0, "skipped: module files start with their number (03-saying-no.md, 03 Saying "
                                      "no.md), or are listed in order as modules = [...] in course.toml",
                             "module.file-name")
    numbers: dict[int, Path] = {}
    for path in sorted(files, key=lambda p: p.name):
        number = int(MODULE_NAME.match(path.name).group(1))
        if number in numbers:
            problems.warning(path, 0, f"two modules have the number {number} (also {numbers[number].name}), so "
                                      "they are put in the order of their names: give each module its own number",
                             "module.duplicate-number")
        numbers.setdefault(number, path)
    return _unique([_numbered(path) for path in sorted(files, key=lambda p: (int(MODULE_NAME.match(p.name).group(1)),
                                                                              p.name))])


def _numbered(path: Path) -> ModuleFile:
    """A numbered file's module: its name is its slug when it is one (`03-saying-no`), else made one
    (`03 Saying no.md` is `03-saying-no`)."""
    found = MODULE_NAME.match(path.name)
    number, stem = int(found.group(1)), module_stem(path.name)
    digits = str(number).zfill(len(found.group(1)))  # `٠٣` (Arabic-Indic) is `03`
    return ModuleFile(path, number, stem if _NUMBERED.match(stem) else f"{digits}-{slugify(found.group(2))}")


def _listed(content_dir: Path, listed: tuple[str, ...]) -> list[ModuleFile]:
    """The files `modules = [...]` names, numbered from 1 in that order; each keeps its own name, numbered in
    front where it has no number (`intro.md` is module `01-intro`)."""
    files: list[ModuleFile] = []
    for number, relative in enumerate(listed, 1):
        path = content_dir / relative
        stem = module_stem(path.name)
        files.append(ModuleFile(path, number, stem if _NUMBERED.match(stem) else f"{number:02d}-{slugify(stem)}"))
    return _unique(files)


def _unique(files: list[ModuleFile]) -> list[ModuleFile]:
    """Each module its own slug (`03 Saying no.md` beside `03-saying-no.md`: two modules, two names)."""
    slugs: set[str] = set()
    unique = []
    for file in files:
        slug = file.slug
        while slug in slugs:
            slug += "-2"
        slugs.add(slug)
        unique.append(ModuleFile(file.path, file.number, slug))
    return unique


NAME_MAX = 255  # bytes in a file name, on Linux, macOS and Windows alike
# The longest end a build puts after a version's name and the course's slug: "-braille-ueb-g2-proof.html"
LONGEST_ENDING = 40


def _names_fit(files: list[ModuleFile], config, problems: Problems) -> None:
    """Every file a build will name fits a disk's limit, said now at the file that makes it too long: an
    audio track is named "<language>-<edition>-<module>.mp3", every other file "<slug>-<language>-<edition>...".
    (A build would otherwise stop half-way with "File name too long".)"""
    version = max((len(f"{lang}-{edition}-") for lang in config.languages for edition in config.editions), default=0)
    for file in files:
        over = version + len(f"{file.slug}.mp3".encode()) - NAME_MAX
        if over > 0:
            problems.error(file.path, 0, f"this module's name is {over} character(s) too long for the audio "
                                         "files named after it (a disk allows 255, and they add the language and "
                                         "edition): give the file a shorter name", "module.name-too-long")
    over = len(config.slug.encode()) + 1 + version + LONGEST_ENDING - NAME_MAX
    if over > 0:
        problems.error(config.path, 0, f"the course's file names would be {over} character(s) too long for a disk "
                                       "(255 at most): set a shorter slug = \"...\" in course.toml", "config.value")


def companion_of(file: ModuleFile) -> ModuleFile:
    """A module's Easy Read companion: the same name with `.easy.md` (it may not exist)."""
    return ModuleFile(file.path.with_name(f"{module_stem(file.path.name)}{EASY_SUFFIX}"), file.number, file.slug, easy=True)


def read_course(content_dir: Path, companions: bool = True, cache: ModuleCache | None = None
                ) -> tuple[Course | None, Problems]:
    """Read every file of the course and record every problem in it; never stops at the first.

    The course comes back whenever course.toml could be used, even if some modules have errors, so that
    `check` can add its warnings about the rest; it is None when there is no usable course.toml. Without
    `companions`, the Easy Read companions are left unread (a build that makes no Easy Read edition). With a
    `cache` (the preview's), modules unchanged since the last read are copied from it, not read again."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.error(content_dir, 0, "content folder not found: pass --content with the folder that holds "
                                       "course.toml", "content.missing")
        return None, problems
    config = load_config(content_dir, problems)
    files = module_files(content_dir, problems, config.modules if config else ())
    if not files:
        problems.error(content_dir, 0, "no modules found: add Markdown files named like 01-welcome.md, or list "
                                       "them as modules = [...] in course.toml", "content.empty")
    if config is not None:
        _names_fit(files, config, problems)
    language = config.language if config else "en"
    index = _index(content_dir, files, config)
    parser = make_parser()
    web: list[str] = []
    if cache is not None:
        cache.begin(content_dir, [*files, *map(companion_of, files)], index)
    modules = [module for file in files
               if (module := _read(file, index, language, problems, parser, web, cache)) is not None]
    resolve_links(modules, problems)
    read_companions = _companions(content_dir, files, index, language, problems, parser, web, cache) \
        if companions else []
    if cache is not None:
        cache.end()
    pronunciations = load_pronunciations(content_dir, problems, config.languages if config else ())
    if config is None:
        return None, problems
    course = Course(config=config, modules=modules, content_dir=content_dir, lang=language,
                    companions=read_companions)
    course.images = picture_files([*modules, *read_companions])
    course.pronunciations = pronunciations
    course.web_pictures = sorted(set(web))
    return course, problems


def _index(content_dir: Path, files: list[ModuleFile], config: CourseConfig | None) -> CourseIndex:
    modules = {file.path.relative_to(content_dir).as_posix(): file.slug for file in files}
    return CourseIndex(content_dir, modules, config.published_at if config else None)


def _companions(content_dir: Path, files: list[ModuleFile], index: CourseIndex, language: str, problems: Problems,
                parser, web: list[str], cache: ModuleCache | None = None) -> list[Module]:
    """The Easy Read companions beside the modules; one without its module is reported and skipped."""
    found = []
    by_path = {companion_of(file).path: companion_of(file) for file in files}
    for path in sorted({*content_dir.glob(f"*{EASY_SUFFIX}"), *by_path}, key=lambda p: p.as_posix()):
        if path not in by_path:
            problems.warning(path, 0, f"an Easy Read companion without its module, so it is left out: there is "
                                      f"no {path.name.removesuffix(EASY_SUFFIX)}.md; name it after the module it "
                                      "goes with", "easy.no-module")
            continue
        if path.exists() or path.is_symlink():
            companion = _read(by_path[path], index, language, problems, parser, web, cache)
            if companion is not None:
                found.append(companion)
    return found


def _read(file: ModuleFile, index: CourseIndex, language: str, problems: Problems, parser, web: list[str],
          cache: ModuleCache | None = None):
    """A module read, or None: a fault in the reader itself is one `file: error` line naming the module, never a
    traceback, and the other modules are still read (ATB_DEBUG=1 shows where it happened)."""
    if cache is not None:
        return cache.read(file, language, lambda own, found: _read(file, index, language, own, parser, found),
                          problems, web)
    try:
        return read_module(file, index, language, problems, parser, web)
    except Exception as fault:  # noqa: BLE001 - whatever the cause, the trainer gets one line, and the rest is read
        if os.environ.get("ATB_DEBUG") == "1":
            traceback.print_exc()
        problems.error(file.path, 0, f"this module could not be read: an error in the builder ({type(fault).__name__}: "
                                     f"{str(fault)[:120]}): please report it (ATB_DEBUG=1 shows where); the other "
                                     "modules were read", "file.unread")
        return None


def picture_files(modules: list[Module]) -> list[Path]:
    """The course's own picture files these modules show, each once (a symbol comes from the installed
    set, and its text is in the model)."""
    return sorted({node.path for module in modules for node in block_nodes([module])
                   if isinstance(node, Figure) and node.path.is_absolute() and not node.src.startswith(SYMBOL)})


def load_course(content_dir: Path, companions: bool = True) -> tuple[Course, Problems]:
    """Read and check the course (without its Easy Read companions if not `companions`); raise
    ContentError listing every error found."""
    course, problems = read_course(content_dir, companions)
    problems.raise_if_errors()
    assert course is not None
    return course, problems
