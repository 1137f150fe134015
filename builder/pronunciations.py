"""content/pronunciations.toml: how the audio version says abbreviations, names and numbers, per language.

A section per language (`[pl]`), and `[all]` for what every language says the same way, such as a
service named by a number ("NHS 111" = "NHS 1 1 1": digits apart are read one by one in every voice).
"""

from __future__ import annotations

import tomllib
from pathlib import Path

from builder.course_toml import KeyLines, read_toml
from builder.content_files import RefusedFile, read_content_file
from builder.languages import lookup, normalise_tag
from builder.problems import Problems

FILE_NAME = "pronunciations.toml"
MAX_BYTES = 256_000
MAX_WORDS, MAX_CHARACTERS = 20, 200  # a pronunciation says one thing: a name, an abbreviation, a number
EVERY_LANGUAGE = "all"


def load_pronunciations(content_dir: Path, problems: Problems,
                        languages: tuple[str, ...] = ()) -> dict[str, dict[str, str]]:
    """{language tag or "all": {as written: as said}}; an absent file means no special pronunciations.
    A section for a language not among the course's `languages` is a warning: it is never used."""
    path = content_dir / FILE_NAME
    if not path.is_file() and not path.is_symlink():
        return {}
    try:
        text = read_content_file(content_dir, path, MAX_BYTES).decode("utf-8").removeprefix("\ufeff")
        data = read_toml(text)
    except RefusedFile as refused:
        problems.error(path, 0, f"{FILE_NAME} {refused}", "file.refused")
        return {}
    except UnicodeDecodeError:
        problems.error(path, 0, "this file is not UTF-8 text: save it as UTF-8", "file.encoding")
        return {}
    except tomllib.TOMLDecodeError as err:
        problems.error(path, 0, f"not valid TOML: {err}", "pronunciations.syntax")
        return {}
    lines = KeyLines(text)
    result: dict[str, dict[str, str]] = {}
    primaries = {tag.split("-")[0] for tag in languages}
    for tag, table in data.items():
        canonical = EVERY_LANGUAGE if tag == EVERY_LANGUAGE else normalise_tag(tag)
        if canonical is None or (canonical != EVERY_LANGUAGE and lookup(canonical) is None):
            problems.error(path, lines.section(tag), f"unknown language [{tag}]: use a tag such as [en] or [pl], "
                                                     f"or [{EVERY_LANGUAGE}] for every language",
                           "pronunciations.language")
            continue
        if canonical != EVERY_LANGUAGE and languages and canonical not in languages \
                and canonical.split("-")[0] not in primaries:
            problems.warning(path, lines.section(tag), f"[{tag}] is not a language of this course, so it is never "
                                                       f"used: the course's languages are {', '.join(languages)}",
                             "pronunciations.unused-language")
        if not isinstance(table, dict):
            problems.error(path, lines.key("", tag), f"'{tag}' must be a section: [{tag}] then "
                                                     '"written" = "said" lines', "pronunciations.syntax")
            continue
        entries = {}
        for written, said in table.items():
            if not isinstance(said, str) or not said.strip() or not written.strip():
                problems.error(path, lines.key(tag, written), f"'{written}' must be followed by = \"how to say it\"",
                               "pronunciations.value")
                continue
            if len(said.split()) > MAX_WORDS or len(said) > MAX_CHARACTERS:
                problems.error(path, lines.key(tag, written), f"how to say '{written[:40]}' is longer than "
                                                              f"{MAX_WORDS} words: say it in a few words",
                               "pronunciations.value")
                continue
            entries[written] = said
        result[canonical] = entries
    return result
