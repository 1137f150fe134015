"""How the builder calls liblouis tables, and braille's two encodings (Unicode and BRF).

Which table each language and grade uses is in builder/data/languages.toml, an allow-list: content never
names a table, so only those names reach liblouis (Debian's 3.24 has known overflows in table-path
handling), and every table there is 6-dot, so it can be written as BRF.
"""

from __future__ import annotations

from builder.languages import known

DISPLAY = "unicode.dis"  # translate to Unicode braille; BRF is made from it by `to_brf`
# Latin letters, digits and punctuation for tables that lack them (Urdu text naming the NHS, an email
# address in Polish): without it liblouis writes undefined characters as escape codes or 8-dot cells.
FALLBACK = "en-ueb-chardefs.uti"


def table_list(table: str) -> list[str]:
    """What liblouis is given: the display table, the language's table and, for languages not written in
    Latin letters, the fallback characters (Latin tables already have them, and adding the fallback
    there makes back-translation read a capital M as µ)."""
    latin = {name for language in known().values() if language.script == "Latn" for name in language.braille.values()}
    return [DISPLAY, table] if table in latin else [DISPLAY, table, FALLBACK]


def six_dot(braille: str) -> str:
    """Keep every cell in 6-dot braille (U+2800 to U+283F), which BRF and most embossers require."""
    return "".join(ch if 0x2800 <= ord(ch) <= 0x283F else chr(0x2800 + ((ord(ch) - 0x2800) & 0x3F))
                   if 0x2800 <= ord(ch) <= 0x28FF else "⠿" for ch in braille)

# North American ASCII braille: the character for each 6-dot pattern (dot 1 = bit 0 ... dot 6 = bit 5).
BRF_CHARACTERS = " A1B'K2L@CIF/MSP\"E3H9O6R^DJG>NTQ,*5<-U8V.%[$+X!&;:4\\0Z7(_?W]#Y)="
BLANK = "\u2800"


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
