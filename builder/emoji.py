"""Emoji in course text, and their names in each language, for the formats that cannot show a picture.

Braille and audio say an emoji by its name, as screen readers do ("glowing star", in Polish "błyszcząca
gwiazda"): liblouis would otherwise write an escape code and a voice would skip it or spell it. Names come
from Unicode CLDR (`builder/data/emoji/`, made by scripts/make-emoji-names.py), else Python's Unicode
database (English), so a build needs nothing online.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

from builder.locale import locale_for

DATA = Path(__file__).resolve().parent / "data" / "emoji"

_PICTOGRAPH = ("[\U0001F000-\U0001FAFF\u2600-\u27BF\u2B50\u2B55\u2B1B\u2B1C\u231A\u231B\u23E9-\u23F3\u23F8-\u23FA"
               "\u25FB-\u25FE\u2934\u2935\u2B05-\u2B07\u3030\u303D\u3297\u3299\u24C2\u25AA\u25AB\u25B6\u25C0"
               "\u2194-\u2199\u21A9\u21AA\u2328\u23CF\u2139\u203C\u2049]")
_MODIFIER = "(?:\uFE0F|[\U0001F3FB-\U0001F3FF])*[\U000E0020-\U000E007F]*"
EMOJI = re.compile(
    "[\U0001F1E6-\U0001F1FF]{2}"  # a flag: two regional indicator letters
    "|[0-9#*]\uFE0F?\u20E3"  # a keycap
    "|[\u00A9\u00AE\u2122]\uFE0F"  # ©, ®, ™ only where asked to look like an emoji
    f"|{_PICTOGRAPH}{_MODIFIER}(?:\u200D{_PICTOGRAPH}{_MODIFIER})*"
)
_TONE = re.compile("[\U0001F3FB-\U0001F3FF]")
TICK_BOX, TICKED_BOX = "\u2610", "\u2611"  # a task list's items: ☐ to tick on paper, ☑ done


def is_emoji_sequence(text: str) -> bool:
    """True when `text` is exactly one emoji (with its variation selector, skin tone or joiners)."""
    return bool(EMOJI.fullmatch(text))


def find_emoji(text: str) -> list[str]:
    """Every emoji in `text` that Unicode names, in order (other symbols are left to each format; a task list's
    boxes are marks of the list, not emoji)."""
    return [match.group(0) for match in EMOJI.finditer(text)
            if match.group(0).rstrip("\uFE0F") not in (TICK_BOX, TICKED_BOX) and emoji_name(match.group(0), "en")]


def emoji_name(emoji: str, lang: str) -> str | None:
    """The emoji's name in `lang` (its primary subtag), else in English; None if CLDR does not name it."""
    key = emoji.replace("\uFE0F", "")
    base = _TONE.sub("", key)
    tones = _TONE.findall(key)
    for code in dict.fromkeys([lang.split("-")[0].lower(), "en"]):
        names = _names(code)
        if key in names:
            return names[key]
        if tones and base in names and all(tone in names for tone in tones):
            return f"{names[base]}: {', '.join(names[tone] for tone in tones)}"
    if key == TICK_BOX:  # a task list's box (no emoji, so CLDR has no name for it)
        return locale_for(lang).labels["check_box"]
    return None


def name_emoji(text: str, lang: str) -> str:
    """`text` with each emoji replaced by its name in `lang`, for braille and speech."""
    if not EMOJI.search(text):
        return text

    def named(match: re.Match) -> str:
        name = emoji_name(match.group(0), lang)
        if not name:
            return match.group(0)
        before = "" if match.start() == 0 or text[match.start() - 1].isspace() else " "
        following = text[match.end():match.end() + 1]
        after = "" if not following or following.isspace() or following in ".,;:!?)" else " "
        return before + name + after

    return re.sub(" {2,}", " ", EMOJI.sub(named, text))  # braille and speech take spaces as one anyway


@lru_cache(maxsize=None)
def _names(code: str) -> dict[str, str]:
    path = DATA / f"{code}.json"
    if not re.fullmatch(r"[a-z]{2,3}", code) or not path.is_file():
        return {}
    return json.loads(path.read_text(encoding="utf-8"))["names"]
