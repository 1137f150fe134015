"""Which font shows each script, where its files are, and which package installs it when missing."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.languages import lookup
from builder.writers.base import WriterError


@dataclass(frozen=True)
class ScriptFont:
    family: str
    package: str  # what to install when the font is missing
    line_height: float = 1.5  # some scripts need more room above and below


SCRIPT_FONTS: dict[str, ScriptFont] = {
    # Designed by the Braille Institute for low-vision readers; Latin and Latin Extended.
    "Latn": ScriptFont("Atkinson Hyperlegible", "the Python package fontpkg-atkinson-hyperlegible (run make setup)"),
    "Cyrl": ScriptFont("Noto Sans", "fonts-noto-core"),
    # Naskh, not Nastaliq: Nastaliq's text layer extracts scrambled, which breaks screen readers.
    "Arab": ScriptFont("Noto Naskh Arabic", "fonts-noto-core", 2.0),
    "Beng": ScriptFont("Noto Sans Bengali", "fonts-noto-core", 1.8),
    "Guru": ScriptFont("Noto Sans Gurmukhi", "fonts-noto-core", 1.8),
    "Hans": ScriptFont("Noto Sans CJK SC", "fonts-noto-cjk", 1.7),
}


class FontMissing(WriterError):
    """No installed font covers a language's script; the message names the package to install."""


def font_for(lang: str) -> ScriptFont:
    language = lookup(lang)
    return SCRIPT_FONTS[language.script if language else "Latn"]


@lru_cache(maxsize=None)
def font_files(family: str) -> dict[int, Path]:
    """Regular (400) and bold (700) files of an installed family; empty if it is not installed."""
    if family == "Atkinson Hyperlegible":
        import fontpkg

        return {weight: Path(fontpkg.path(family, weight=weight)) for weight in (400, 700)}
    try:
        listing = subprocess.run(["fc-list", "--format", "%{file}|%{style}\n", f":family={family}"],
                                 capture_output=True, text=True, timeout=30, check=False).stdout
    except (OSError, subprocess.TimeoutExpired):
        return {}
    files: dict[int, Path] = {}
    for line in sorted(listing.splitlines()):
        path, _, style = line.partition("|")
        styles = {s.strip().lower() for s in style.split(",")}
        if not path.endswith((".ttf", ".otf", ".ttc")):
            continue
        if "regular" in styles:
            files.setdefault(400, Path(path))
        elif "bold" in styles:
            files.setdefault(700, Path(path))
    if 400 in files:
        files.setdefault(700, files[400])
        return files
    return {}


def fonts_for_languages(languages: list[str]) -> list[tuple[ScriptFont, dict[int, Path]]]:
    """Fonts for every language used, the first language's first; FontMissing if one is not installed."""
    chosen: list[tuple[ScriptFont, dict[int, Path]]] = []
    for lang in languages:
        font = font_for(lang)
        if any(font == have for have, _ in chosen):
            continue
        files = font_files(font.family)
        if not files:
            language = lookup(lang)
            name = language.english_name if language else lang
            how = f"sudo apt-get install {font.package}" if font.package.startswith("fonts-") else font.package
            raise FontMissing(f"no installed font covers {name} ({lang}): install it with: {how}")
        chosen.append((font, files))
    return chosen
