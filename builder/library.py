"""A library: several courses built together (`build --content a --content b`, or a library.toml listing
them as `courses = ["confidence", "../wellbeing"]`, folders relative to the file)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from builder.course_toml import CONFIG_NAME, KeyLines, read_toml
from builder.problems import ContentError, Problem, display_path

MAX_BYTES = 1_000_000


def is_library(given: list[Path]) -> bool:
    """Whether the courses named are a library (a library.toml, or several folders): each then has its own
    folder of the outputs, however many courses it holds."""
    return len(given) > 1 or any(path.is_file() for path in given)


def course_folders(given: list[Path]) -> list[Path]:
    """The course folders named: each folder as it is, each library.toml's courses in their order, every
    course once; ContentError names each line of a library.toml that cannot be used."""
    folders: list[Path] = []
    for path in given:
        if path.suffix == ".toml" and not path.is_file():
            raise _problem(display_path(path), 0, "was not found: give the library.toml's path, or course folders")
        folders += _listed(path) if path.is_file() else [path]
    unique: dict[Path, Path] = {}
    for folder in folders:
        unique.setdefault(folder.resolve(), folder)
    return list(unique.values())


def _listed(path: Path) -> list[Path]:
    where = display_path(path)
    try:
        raw = path.read_bytes()[:MAX_BYTES + 1]
        if len(raw) > MAX_BYTES:
            raise _problem(where, 0, "is over 1 MB: a library lists course folders, one line each")
        text = raw.decode("utf-8").removeprefix("\ufeff")
        data = read_toml(text)
    except UnicodeDecodeError:
        raise _problem(where, 0, "is not UTF-8 text: save it as UTF-8") from None
    except tomllib.TOMLDecodeError as err:
        match = re.search(r"\(at line (\d+)", str(err))
        line = int(match.group(1)) if match else text.count("\n") if "end of document" in str(err) else 0
        raise _problem(where, line, f"is not valid TOML: {re.sub(r'[(]at .*', '', str(err)).strip()}") from None
    except OSError as err:
        raise _problem(where, 0, f"cannot be read ({err.strerror})") from None
    lines = KeyLines(text)
    courses = data.get("courses")
    unknown = [key for key in data if key != "courses"]
    if unknown:
        raise _problem(where, lines.key("", unknown[0]), f"has '{unknown[0]}', which a library does not use: it "
                       'lists its courses as courses = ["folder", ...]')
    if not isinstance(courses, list) or not courses or not all(isinstance(item, str) and item for item in courses):
        raise _problem(where, lines.key("", "courses"), 'must list its course folders, e.g. courses = ["confidence", '
                       '"../wellbeing"] (folders relative to this file)')
    problems = []
    for item in courses:
        folder = path.parent / item
        if not (folder / CONFIG_NAME).is_file():
            line = next((number for number, text in enumerate(lines.lines, 1) if f'"{item}"' in text
                         or f"'{item}'" in text), 0)
            problems.append(Problem(where, line, "error", f"'{item}' is not a course folder (it has no {CONFIG_NAME}):"
                                    " give the folder that holds course.toml, relative to this file", "library.course"))
    if problems:
        raise ContentError(problems)
    return [path.parent / item for item in courses]


def _problem(where: str, line: int, message: str) -> ContentError:
    return ContentError([Problem(where, line, "error", f"this library file {message}", "library.file")])
