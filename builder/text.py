"""Small facts about text shared by the writers: pieces that must never be split across lines."""

from __future__ import annotations

import re

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
