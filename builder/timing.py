"""Times as trainers write them ("90 minutes", "1 hour 30 minutes", "1.5 hours", `{duration=15}`) read
as whole minutes, and shown on a session clock ("1:05")."""

from __future__ import annotations

import re

MAX_MINUTES = 24 * 60  # a session or activity longer than a day is a mistake
_PART = re.compile(r"(\d+(?:[.,]\d+)?)\s*(hours?|hrs?|h|minutes?|mins?|m)?(?![a-z])", re.IGNORECASE)
# Each part's number takes all its digits and each run of spaces has one place to go, so a line of digits or
# spaces is read in linear time (nested repeats that could share them out took seconds for 26 digits).
_WHOLE = re.compile(r"\s*(?:\d+(?:[.,]\d+)?(?!\d)\s*(?:(?:hours?|hrs?|h|minutes?|mins?|m)(?![a-z])\s*)?(?:and\s+)?)+",
                    re.IGNORECASE)


def minutes(text: str | int) -> int | None:
    """Whole minutes in `text`, or None when it is not a time: a bare number is minutes."""
    if isinstance(text, bool):
        return None
    if isinstance(text, int):
        return text if 0 < text <= MAX_MINUTES else None
    text = str(text).strip()
    if not text or not _WHOLE.fullmatch(text):
        return None
    total = 0.0
    for number, unit in _PART.findall(text):
        value = float(number.replace(",", "."))
        total += value * 60 if unit and unit.lower().startswith("h") else value
    if total != int(total) or not 0 < total <= MAX_MINUTES:
        return None
    return int(total)


def clock(total_minutes: int) -> str:
    """Minutes from the start of a session as hours and minutes: 65 -> "1:05"."""
    return f"{total_minutes // 60}:{total_minutes % 60:02d}"
