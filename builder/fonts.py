"""Which font shows each script, where its files are, and which package installs it when missing."""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from builder.problems import WriterError


@dataclass(frozen=True)
class ScriptFont:
    family: str
    package: str  # what to install when the font is missing
    line_height: float = 1.5  # some scripts need more room above and below
    # How much larger than the stated size the script is drawn, so that its letters look as big as the
    # Latin letters beside them (what CSS calls size-adjust; WeasyPrint and Word have no such setting).
    size_adjust: float = 1.0
    # Where a link's underline sits below the baseline, in em of the text: below the dots and tails of the
    # script's letters, which an underline would cut through (tests/writers/test_html.py measures the font).
    underline_offset: float = 0.2

    @property
    def heading_line_height(self) -> float:
        """Headings' lines: closer than the text's, but as much roomier than Latin's 1.25 as the text is."""
        return round(1.25 + self.line_height - 1.5, 2)

    @property
    def css_family(self) -> str:
        """The name pages give it: a font drawn larger needs its own, or the installed one is used instead."""
        return self.family if self.size_adjust == 1.0 else f"{self.family} {self.size_adjust}"


SCRIPT_FONTS: dict[str, ScriptFont] = {
    # Designed by the Braille Institute for low-vision readers; Latin and Latin Extended.
    "Latn": ScriptFont("Atkinson Hyperlegible", "the Python package fontpkg-atkinson-hyperlegible (run make setup)"),
    "Cyrl": ScriptFont("Noto Sans", "fonts-noto-core"),
    # Naskh, not Nastaliq: Nastaliq's text layer extracts scrambled, which breaks screen readers.
    # Its body letters (د ر س ص م ه و ی) stand 0.34-0.41 em, Atkinson's x-height 0.496 em: at the same
    # size Urdu looks a size smaller. 1.35 brings them within 10% (tests/test_fonts.py measures the PDF);
    # the computed 1.44 looked larger than the Latin beside it, and the tall letters crowd the lines.
    "Arab": ScriptFont("Noto Naskh Arabic", "fonts-noto-core", 2.0, 1.35, 0.5),
    "Beng": ScriptFont("Noto Sans Bengali", "fonts-noto-core", 1.8, underline_offset=0.35),
    "Guru": ScriptFont("Noto Sans Gurmukhi", "fonts-noto-core", 1.8, underline_offset=0.35),
    "Hans": ScriptFont("Noto Sans CJK SC", "fonts-noto-cjk", 1.7),
}


class FontMissing(WriterError):
    """No installed font covers a language's script; the message names the package to install."""


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


@lru_cache(maxsize=16)
def face_data(path: Path, size_adjust: float) -> bytes:
    """The font file as documents embed it: drawn `size_adjust` times larger by shrinking its em, so every
    size set in points, in every writer, gives letters the size of the Latin ones."""
    if size_adjust == 1.0:
        return path.read_bytes()
    import io

    from fontTools.ttLib import TTFont

    font = TTFont(path, lazy=True, recalcTimestamp=False)  # the same bytes every build: outputs reproducible
    font["head"].unitsPerEm = round(font["head"].unitsPerEm / size_adjust)
    out = io.BytesIO()
    font.save(out, reorderTables=False)
    return out.getvalue()
