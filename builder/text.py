"""Small facts about text: pieces that must never be split across lines, and characters that are not text."""

from __future__ import annotations

import bisect
import re
from functools import lru_cache

MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December")

# A phone number written in groups ("116 123", "0300 123 3393") or a date ("1 August 2016"):
# UKAAF asks that a single piece of information is never split across lines.
UNBREAKABLE = re.compile(
    rf"\+?\b\d{{2,5}}(?: \d{{2,5}}){{1,3}}\b"
    rf"|\b\d{{1,2}} (?:{MONTHS})(?: \d{{4}})?\b"
)


def unbreakable_spans(text: str) -> list[tuple[int, int]]:
    """Start and end of each phone number or date in `text`."""
    spans = []
    for match in UNBREAKABLE.finditer(text):
        found = match.group()
        if re.search(MONTHS, found) or 5 <= sum(ch.isdigit() for ch in found) <= 13:
            spans.append(match.span())
    return spans


# A web or email address as written in text: with its scheme or "www.", or ending in a common top-level domain
# (so "e.g." and "3.5" are left alone). Audio says it as typed; print keeps it left to right in Urdu. Its parts
# are bounded as the standards bound them (a mailbox 64 characters, a host 253, a label 63): unbounded, each
# start in a long run of letters and dots was tried against the rest of the run, 155 s for 80,000 characters.
_PATH = r"(?:/(?:[^\s)\]>,;]*[^\s)\]>,;.!?])?)?"  # a path, not the full stop after it
ADDRESS = re.compile(r"(?:https?://|www\.|[\w.+-]{1,64}@)[\w.-]{0,252}\w(?::\d{1,5})?" + _PATH +
                     r"|\b[a-z0-9-]{1,63}(?:\.[a-z0-9-]{1,63}){0,8}\.(?:org|com|net|uk|gov|nhs|info|eu|io|pl|pt|pk|br|"
                     r"ie)\b" + _PATH, re.IGNORECASE)


RIGHT_TO_LEFT = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
# Words in Latin letters in brackets, inside right-to-left text: "(Service User Network)"
# (the part before the first Latin letter holds none, so that a bracket never closed is read once, not again
# from each letter in it)
LATIN_IN_BRACKETS = re.compile("\\([^()A-Za-z\u0590-\u08ff]*[A-Za-z][^()\u0590-\u08ff]*\\)")


def left_to_right_spans(text: str) -> list[tuple[int, int, bool]]:
    """Start, end and whether it is a phone number or date, of each piece that reads left to right whatever
    the text around it: inside Urdu, "116 123" would otherwise show as "123 116", an address's closing "/"
    jump to its other end, and "(Service User Network)" broken over two lines show as "(Service User" and
    "(Network" (the Unicode bidi algorithm orders them as the sentence around them)."""
    found: list[tuple[int, int, bool]] = []  # sorted and apart: a new piece need only be set beside its neighbours
    if RIGHT_TO_LEFT.search(text):  # in left-to-right text they read so anyway
        found += [(match.start(), match.end(), False) for match in LATIN_IN_BRACKETS.finditer(text)]
    for start, end, whole in [*((start, end, True) for start, end in unbreakable_spans(text)),
                              *((match.start(), match.end(), False) for match in ADDRESS.finditer(text))]:
        at = bisect.bisect_left(found, (start, end, whole))
        before, after = found[at - 1] if at else None, found[at] if at < len(found) else None
        if (before is None or before[1] <= start) and (after is None or end <= after[0]):
            found.insert(at, (start, end, whole))
    return found


LINE_BREAKS = re.compile("[\r\n\v\f\x1c-\x1e\x85\u2028\u2029]+")


def one_line(text: str) -> str:
    """`text` with every kind of line break made a space: a title written where lines mean something (a
    playlist, an audio script, a tag) can never add a line of its own."""
    return LINE_BREAKS.sub(" ", text)


def hidden_character(text: str, allowed: str = "\t\n") -> str | None:
    """The first control character (ESC, NUL...) or lone surrogate in `text`, other than those `allowed`:
    invisible in an editor, harmful in every format and on a terminal."""
    found = _hidden(allowed).search(text)
    return found.group(0) if found else None


@lru_cache(maxsize=4)
def _hidden(allowed: str) -> re.Pattern:
    codes = [*range(0x20), *range(0x7F, 0xA0)]  # Unicode's Cc: C0, DEL and C1
    characters = "".join(re.escape(chr(code)) for code in codes if chr(code) not in allowed)
    return re.compile(f"[{characters}\ud800-\udfff]")
