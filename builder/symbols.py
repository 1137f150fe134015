"""Named pictures for Easy Read (`![A phone](symbol:mobile-phone)`): OpenMoji's symbols, installed by
`make` from the npm registry into `.symbols/` (scripts/fetch-symbols), never fetched by a build."""

from __future__ import annotations

import difflib
import json
import os
from functools import lru_cache
from pathlib import Path

from builder.svg import UnsafeSvg, checked_svg

SET = "openmoji-17.0.0"
CREDIT = "OpenMoji, openmoji.org, CC BY-SA 4.0"  # their licence asks for it: on every Easy Read cover
PREFIX = "symbol:"
INSTALLED = Path(__file__).resolve().parent.parent / ".symbols"  # where `make` installs sets by default


def scheme_for(src: str, scheme: str) -> str:
    """The colour scheme a picture is drawn in: a symbol keeps its own colours (its description may name
    them); a course's own diagram takes the page's."""
    return "standard" if src.startswith(PREFIX) else scheme


def folder() -> Path:
    """Where the symbol set is installed: SYMBOLS_DIR, else `.symbols/` beside the builder package."""
    return Path(os.environ.get("SYMBOLS_DIR") or INSTALLED) / SET


@lru_cache(maxsize=2)
def _index(where: Path) -> dict[str, str]:
    """Each symbol's code (its file's name) by its name (names.json, written when the set is installed)."""
    return json.loads((where / "names.json").read_text(encoding="utf-8"))


@lru_cache(maxsize=512)
def _checked(path: Path) -> str:
    return checked_svg(path.read_bytes())


def resolve(name: str) -> tuple[Path, str] | str:
    """The symbol's file and checked SVG text, or a message saying what is wrong (with near names)."""
    where = folder()
    if not (where / "names.json").is_file():
        return "the symbol set is not installed: run make (it installs OpenMoji into .symbols)"
    index = _index(where)
    code = index.get(name.strip().lower())
    if code is None:
        near = difflib.get_close_matches(name.lower(), index, n=4, cutoff=0.6) or \
            [known for known in index if name.lower() in known][:4]
        hint = f": did you mean {', '.join(near)}?" if near else \
            ": the names are OpenMoji's (openmoji.org), in lower case joined by dashes"
        return f"there is no symbol called '{name}'{hint}"
    path = where / "svg" / f"{code}.svg"
    try:
        return path, _checked(path)
    except (OSError, UnsafeSvg) as problem:
        return f"the symbol '{name}' cannot be used: {problem}"
