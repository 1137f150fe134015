"""A content folder read into a Course: course.toml plus every `NN-slug.md` module, in order."""

from __future__ import annotations

from pathlib import Path

from builder.config import load_config
from builder.dialect import make_parser
from builder.model import Container, Course, Figure, Heading, Link, Module
from builder.problems import Problems
from builder.pronunciations import load_pronunciations
from builder.reader import EASY_NAME, MODULE_NAME, read_module
from builder.symbols import PREFIX as SYMBOL
from builder.walk import module_nodes as walk_nodes


def module_files(content_dir: Path, problems: Problems) -> list[Path]:
    """The module files in file-name order; other Markdown files are reported and skipped."""
    files = []
    for path in sorted(content_dir.glob("*.md")):
        if MODULE_NAME.match(path.name):
            files.append(path)
        elif EASY_NAME.match(path.name):
            continue  # an Easy Read companion: read_course reads it beside its module
        elif path.name.lower() != "readme.md":
            problems.warning(path, 0, "skipped: module files are named like 03-saying-no.md (a number, a dash, "
                                      "lower-case words)", "module.file-name")
    numbers: dict[int, Path] = {}
    for path in files:
        number = int(MODULE_NAME.match(path.name).group(1))
        if number in numbers:
            problems.error(path, 0, f"two modules have the number {number} (also {numbers[number].name}): "
                                    "give each module its own number", "module.duplicate-number")
        numbers[number] = path
    return sorted(files, key=lambda p: (int(MODULE_NAME.match(p.name).group(1)), p.name))


def read_course(content_dir: Path, companions: bool = True) -> tuple[Course | None, Problems]:
    """Read every file of the course and record every problem in it; never stops at the first.

    The course comes back whenever course.toml could be used, even if some modules have errors, so that
    `check` can add its warnings about the rest; it is None when there is no usable course.toml. Without
    `companions`, the Easy Read companions are left unread (a build that makes no Easy Read edition)."""
    problems = Problems()
    if not content_dir.is_dir():
        problems.error(content_dir, 0, "content folder not found: pass --content with the folder that holds "
                                       "course.toml", "content.missing")
        return None, problems
    config = load_config(content_dir, problems)
    files = module_files(content_dir, problems)
    if not files:
        problems.error(content_dir, 0, "no modules found: add Markdown files named like 01-welcome.md",
                       "content.empty")
    language = config.language if config else "en"
    slugs = {path.stem for path in files}
    parser = make_parser()
    modules = []
    for path in files:
        module = read_module(path, content_dir, language, slugs, problems, parser)
        if module is not None:
            modules.append(module)
    _check_heading_links(modules, problems)
    read_companions: list[Module] = []
    for path in sorted(content_dir.glob("*.easy.md"), key=lambda p: p.name) if companions else []:
        if not EASY_NAME.match(path.name):
            continue  # (module_files has said it is skipped, and how files are named)
        base = path.name.removesuffix(".easy.md")
        if base not in slugs:
            problems.error(path, 0, f"an Easy Read companion without its module: there is no {base}.md; name it "
                                    "after the module it goes with", "easy.no-module")
            continue
        companion = read_module(path, content_dir, language, slugs, problems, parser)
        if companion is not None:
            read_companions.append(companion)
    pronunciations = load_pronunciations(content_dir, problems, config.languages if config else ())
    if config is None:
        return None, problems
    course = Course(config=config, modules=modules, content_dir=content_dir, lang=language,
                    companions=read_companions)
    course.images = picture_files([*modules, *read_companions])
    course.pronunciations = pronunciations
    return course, problems


def picture_files(modules: list[Module]) -> list[Path]:
    """The course's own picture files these modules show, each once (a symbol comes from the installed
    set, and its text is in the model)."""
    return sorted({node.path for module in modules for node in walk_nodes(module)
                   if isinstance(node, Figure) and node.path.is_absolute() and not node.src.startswith(SYMBOL)})


def load_course(content_dir: Path, companions: bool = True) -> tuple[Course, Problems]:
    """Read and check the course (without its Easy Read companions if not `companions`); raise
    ContentError listing every error found."""
    course, problems = read_course(content_dir, companions)
    problems.raise_if_errors()
    assert course is not None
    return course, problems


def _check_heading_links(modules: list[Module], problems: Problems) -> None:
    """A link to `03-saying-no.md#the-broken-record` needs that heading (or a box titled by it) to exist.
    (A link to a module that does not exist was reported by the reader.)"""
    slugs = {module.slug for module in modules}
    anchors = {node.anchor for module in modules for node in walk_nodes(module)
               if isinstance(node, (Heading, Container)) and node.anchor}
    for module in modules:
        for link in walk_nodes(module):
            if isinstance(link, Link) and link.module in slugs and link.fragment and \
                    f"{link.module}-{link.fragment}" not in anchors:
                problems.error(module.source.path, link.source.line,
                               f"link to '{link.href}', but {link.module}.md has no heading with that anchor: "
                               "use the heading's words in lower case, joined by dashes", "link.broken")
