"""The liblouis tables the builder may use, per language and grade; content never names a table.

Only names on this allow-list reach liblouis (Debian's 3.24 has known overflows in table-path
handling), and every table here is 6-dot, so it can be written as BRF.
"""

from __future__ import annotations

from builder.languages import lookup

# language -> grade -> table list (display table added by the caller); grade 1 uncontracted, 2 contracted
TABLES: dict[str, dict[int, str]] = {
    "en": {1: "en-ueb-g1.ctb", 2: "en-ueb-g2.ctb"},
    "pl": {1: "pl.tbl"},
    "lt": {1: "lt-6dot.tbl"},
    "lv": {1: "lv.tbl"},
    "pt": {1: "pt-pt-g1.utb", 2: "pt-pt-g2.ctb"},
    "es": {1: "es-g1.ctb", 2: "es-g2.ctb"},
    "fr": {1: "fr-bfu-comp6.utb", 2: "fr-bfu-g2.ctb"},
    "de": {1: "de-g1.ctb", 2: "de-g2.ctb"},
    "ur": {1: "ur-pk-g1.utb", 2: "ur-pk-g2.ctb"},
    "ar": {1: "ar-ar-g1.utb", 2: "ar-ar-g2.ctb"},
    "bn": {1: "bn.tbl"},
    "pa": {1: "pa.tbl"},
    "zh": {1: "zhcn-g1.ctb", 2: "zhcn-g2.ctb"},
}
# Languages liblouis covers only in 8-dot computer braille, which BRF cannot carry.
NO_SIX_DOT = {"ro": "liblouis has only an 8-dot Romanian table, and BRF holds 6-dot braille"}

DISPLAY = "unicode.dis"  # translate to Unicode braille; BRF is made from it by `to_brf`
# Latin letters, digits and punctuation for tables that lack them (Urdu text naming the NHS, an email
# address in Polish): without it liblouis writes undefined characters as escape codes or 8-dot cells.
FALLBACK = "en-ueb-chardefs.uti"


def table_list(table: str) -> list[str]:
    """What liblouis is given: the display table, the language's table and, for languages not written in
    Latin letters, the fallback characters (Latin tables already have them, and adding the fallback
    there makes back-translation read a capital M as µ)."""
    latin = {tables[grade] for code, tables in TABLES.items()
             for grade in tables if (lookup(code) and lookup(code).script == "Latn")}
    return [DISPLAY, table] if table in latin else [DISPLAY, table, FALLBACK]


def six_dot(braille: str) -> str:
    """Keep every cell in 6-dot braille (U+2800 to U+283F), which BRF and most embossers require."""
    return "".join(ch if 0x2800 <= ord(ch) <= 0x283F else chr(0x2800 + ((ord(ch) - 0x2800) & 0x3F))
                   if 0x2800 <= ord(ch) <= 0x28FF else "⠿" for ch in braille)

# North American ASCII braille: the character for each 6-dot pattern (dot 1 = bit 0 ... dot 6 = bit 5).
BRF_CHARACTERS = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
BLANK = "\u2800"


def table_for(lang: str, grade: int) -> str | None:
    """The allow-listed table for a language and grade, or None."""
    language = lookup(lang)
    return TABLES.get(language.code, {}).get(grade) if language else None


def grades_for(lang: str) -> list[int]:
    language = lookup(lang)
    return sorted(TABLES.get(language.code, {})) if language else []


def code_name(lang: str, grade: int) -> str:
    """How a braille code is named in file names and on title pages: `ueb-g2`, `pl-g1`."""
    language = lookup(lang)
    return f"ueb-g{grade}" if language and language.code == "en" else f"{language.code if language else lang}-g{grade}"


def to_brf(unicode_braille: str) -> str:
    """Unicode braille (U+2800 to U+283F) to ASCII braille for embossers."""
    return "".join(BRF_CHARACTERS[ord(ch) - 0x2800] for ch in unicode_braille)


def from_brf(ascii_braille: str) -> str:
    """ASCII braille back to Unicode braille (upper or lower case letters alike)."""
    return "".join(chr(0x2800 + BRF_CHARACTERS.index(ch.upper())) for ch in ascii_braille)


def number(value: int) -> str:
    """A page number in braille: the numeric indicator then the digits as letters a to j."""
    digits = "⠚⠁⠃⠉⠙⠑⠋⠛⠓⠊"
    return "⠼" + "".join(digits[int(d)] for d in str(value))
