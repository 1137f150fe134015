"""Colour schemes shared by the visual formats, and the WCAG contrast ratio they are held to."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Scheme:
    text: str
    background: str
    link: str
    border: str


SCHEMES: dict[str, Scheme] = {
    # black on white
    "standard": Scheme(text="#111111", background="#ffffff", link="#0a3d91", border="#444444"),
    # dark text on cream, as the British Dyslexia Association suggests
    "cream": Scheme(text="#1b1b1b", background="#fbf5e3", link="#0a3d91", border="#4a4a4a"),
    # light text on black for readers who need the strongest contrast
    "high-contrast": Scheme(text="#ffffff", background="#000000", link="#ffff66", border="#ffffff"),
}


def _luminance(colour: str) -> float:
    channels = [int(colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2 contrast ratio between two `#rrggbb` colours (1 to 21)."""
    lighter, darker = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
