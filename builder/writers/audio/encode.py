"""PCM to MP3 (lameenc, in-process) with ID3 tags: title, album, track, language, and chapter marks."""

from __future__ import annotations

import io
from dataclasses import dataclass

from builder.text import one_line
from builder.writers.audio.speech import SAMPLE_RATE

# ISO 639-2 codes for the ID3 language frame


@dataclass(frozen=True)
class Chapter:
    title: str
    start_ms: int
    end_ms: int
    level: int = 2  # 1 starts a module (or the introduction), 2 is a heading inside it


MAX_CHILDREN = 255  # an ID3 table of contents holds at most 255 entries
# LAME's fast mode: for speech at 64 kbit/s mono it encodes 1.75 times as fast as 5 (bench/RESULTS.md), at the
# same size (constant bit rate), its signal-to-noise against the voice no worse (not yet compared by ear).
QUALITY = 7


def silence(seconds: float) -> bytes:
    return b"\0\0" * int(SAMPLE_RATE * seconds)


def duration_ms(byte_count: int) -> int:
    """Milliseconds of 16-bit mono PCM."""
    return round(byte_count / 2 / SAMPLE_RATE * 1000)


def encode_mp3(pcm: bytes, bitrate: int, quality: int = QUALITY) -> bytes:
    """Constant bit rate, mono, no VBR header: files made this way can be joined end to end."""
    import lameenc

    encoder = lameenc.Encoder()
    encoder.set_bit_rate(bitrate)
    encoder.set_in_sample_rate(SAMPLE_RATE)
    encoder.set_channels(1)
    encoder.set_quality(quality)
    return bytes(encoder.encode(pcm) + encoder.flush())


def tagged(mp3: bytes | list, title: str, album: str, artist: str, language: str, track: tuple[int, int] | None,
           chapters: list[Chapter], credits: str = "") -> bytes:
    """The MP3 (or its parts, joined) with an ID3v2.4 tag in front, chapters as CHAP frames listed by one
    CTOC, and the voices' credits and licences as a comment (their licences ask for it). The audio is copied
    once, into the result: a 90-module course's MP3 is hundreds of megabytes."""
    from mutagen.id3 import CHAP, COMM, CTOC, ID3, TALB, TCON, TIT2, TLAN, TPE1, TRCK, CTOCFlags

    tags = ID3()
    title, album, artist = one_line(title), one_line(album), one_line(artist)
    tags.add(TIT2(encoding=3, text=title))
    tags.add(TALB(encoding=3, text=album))
    tags.add(TPE1(encoding=3, text=artist))
    tags.add(TCON(encoding=3, text="Speech"))
    tags.add(TLAN(encoding=3, text=language))  # ISO 639-2, e.g. "urd"
    if track:
        tags.add(TRCK(encoding=3, text=f"{track[0]}/{track[1]}"))
    if credits:
        tags.add(COMM(encoding=3, lang="eng", desc="voice", text=one_line(credits)))
    if chapters:
        ids = [f"chp{index:05d}" for index in range(len(chapters))]
        for element_id, chapter in zip(ids, chapters):
            tags.add(CHAP(element_id=element_id, start_time=chapter.start_ms, end_time=chapter.end_ms,
                          sub_frames=[TIT2(encoding=3, text=chapter.title)]))
        if len(ids) <= MAX_CHILDREN:
            tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED, child_element_ids=ids,
                          sub_frames=[TIT2(encoding=3, text=album)]))
        else:  # a long course: one table of contents per module, listed by the top-level one
            groups: list[list[int]] = []
            for index, chapter in enumerate(chapters):
                if chapter.level == 1 or not groups:
                    groups.append([])
                groups[-1].append(index)
            group_ids = [f"toc{number}" for number in range(len(groups))]
            for group_id, members in zip(group_ids, groups):
                tags.add(CTOC(element_id=group_id, flags=CTOCFlags.ORDERED,
                              child_element_ids=[ids[i] for i in members][:MAX_CHILDREN],
                              sub_frames=[TIT2(encoding=3, text=chapters[members[0]].title)]))
            tags.add(CTOC(element_id="toc", flags=CTOCFlags.TOP_LEVEL | CTOCFlags.ORDERED,
                          child_element_ids=group_ids[:MAX_CHILDREN], sub_frames=[TIT2(encoding=3, text=album)]))
    out = io.BytesIO()
    tags.save(out, v2_version=4, padding=lambda info: 0)
    return b"".join([_chapters_in_time_order(out.getvalue()), *(mp3 if isinstance(mp3, list) else [mp3])])


def _chapters_in_time_order(data: bytes) -> bytes:
    """The tag with its CHAP frames stored by start time, after the other frames. mutagen stores frames
    by size; players such as ffmpeg list chapters in stored order, not the table of contents' order."""
    end = 10 + _syncsafe(data[6:10])
    frames, position = [], 10
    while position + 10 <= end and data[position:position + 4] != b"\0\0\0\0":
        size = 10 + _syncsafe(data[position + 4:position + 8])
        frames.append(data[position:position + size])
        position += size

    def start_time(frame: bytes) -> int:
        body = frame[10:]
        after_id = body.index(b"\0") + 1
        return int.from_bytes(body[after_id:after_id + 4], "big")

    chapters = sorted((f for f in frames if f[:4] == b"CHAP"), key=start_time)
    others = [f for f in frames if f[:4] != b"CHAP"]
    return data[:10] + b"".join(others + chapters) + data[position:]


def _syncsafe(raw: bytes) -> int:
    """An ID3v2.4 size: four bytes of seven bits each."""
    return (raw[0] << 21) | (raw[1] << 14) | (raw[2] << 7) | raw[3]


def strip_id3(mp3: bytes) -> memoryview:
    """The audio frames of an MP3 without its leading ID3v2 tag (a view: nothing is copied)."""
    if mp3[:3] != b"ID3":
        return memoryview(mp3)
    size = 0
    for byte in mp3[6:10]:
        size = (size << 7) | (byte & 0x7F)
    return memoryview(mp3)[10 + size:]
