"""Media Overlays: for each page, a SMIL file pairing each element the narration reads with its stretch of
the page's MP3, from the times the audio writer recorded for every utterance."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape

from builder.writers.epub.package import Item


@dataclass
class Overlay:
    smil: Item
    audio: Item
    duration: int  # ms


def overlay(page: Item, recording, read_along: dict[int, str]) -> Overlay:
    """The page's overlay. An utterance whose element is on the page starts a phrase (or continues the
    phrase of the same element: a box's title and its closing words); one with nothing to show (a pause at a
    rule) lengthens the phrase before it. Each phrase lasts until the next begins, pauses included."""
    ids = set(re.findall(r'\sid="([^"]+)"', page.data.decode("utf-8")))
    stem = page.name.rsplit(".", 1)[0]
    audio = Item(f"audio/{recording.track.name}.mp3", "audio/mpeg", recording.mp3)
    phrases: list[tuple[str, int]] = []  # (element id, start ms)
    for utterance, (start, _) in zip(recording.track.utterances, recording.marks):
        node = utterance.node
        target = node if isinstance(node, str) else read_along.get(id(node))
        if target not in ids:
            continue
        if not phrases or phrases[-1][0] != target:
            phrases.append((target, start))
    ends = [start for _, start in phrases[1:]] + [recording.length]
    pars = "\n".join(
        f'<par id="p{number}"><text src="{escape(f"../{page.name}#{target}")}"/>'
        f'<audio src="{escape(f"../{audio.name}")}" clipBegin="{_seconds(start)}" clipEnd="{_seconds(end)}"/></par>'
        for number, ((target, start), end) in enumerate(zip(phrases, ends), 1))
    smil = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<smil xmlns="http://www.w3.org/ns/SMIL" xmlns:epub="http://www.idpf.org/2007/ops" version="3.0">\n'
            f'<body>\n{pars}\n</body>\n</smil>\n')
    return Overlay(Item(f"smil/{stem}.smil", "application/smil+xml", smil.encode("utf-8")), audio, recording.length)


def _seconds(milliseconds: int) -> str:
    return f"{milliseconds / 1000:.3f}s"
