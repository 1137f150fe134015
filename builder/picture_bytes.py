"""What kind of picture some bytes are (PNG, JPEG, GIF, or perhaps SVG), how large, and whether they are
whole: judged by the bytes, never the name. Used for the course's own pictures and for those fetched from
the web alike."""

from __future__ import annotations

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000
TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
         b"GIF89a": "image/gif"}


def image_dimensions(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR or a JPEG's frame header, without decoding the picture."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head.startswith((b"GIF87a", b"GIF89a")) and len(head) >= 10:
        return int.from_bytes(head[6:8], "little"), int.from_bytes(head[8:10], "little")
    if head.startswith(b"\xff\xd8"):
        position = 2
        while position + 9 < len(head):
            if head[position] != 0xFF:
                return None
            marker = head[position + 1]
            length = int.from_bytes(head[position + 2:position + 4], "big")
            if 0xC0 <= marker <= 0xCF and marker not in (0xC4, 0xC8, 0xCC):
                return (int.from_bytes(head[position + 7:position + 9], "big"),
                        int.from_bytes(head[position + 5:position + 7], "big"))
            position += 2 + length
    return None


def image_type(data: bytes) -> str | None:
    """The MIME type of PNG, JPEG or GIF bytes, judged by their signature; None for anything else."""
    for magic, mime in TYPES.items():
        if data.startswith(magic):
            return mime
    return None


def looks_like_svg(head: bytes) -> bool:
    """An XML or SVG start (after a byte order mark and white space), judged by the bytes, not the name."""
    start = head.lstrip(b"\xef\xbb\xbf").lstrip()[:256].lower()
    return start.startswith(b"<?xml") or start.startswith(b"<svg") or start.startswith(b"<!doctype svg")


def decodes(data: bytes) -> bool:
    """Whether the picture is whole, checked once here so that no writer meets a broken file: a PNG's chunks
    and their checksums up to IEND (which Word's reader walks to), a JPEG decoded in full."""
    import io
    import warnings

    from PIL import Image

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as picture:
                if picture.format == "PNG":
                    picture.verify()  # every chunk's CRC, without inflating the pixels (100 times faster)
                else:
                    picture.load()
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombWarning, Image.DecompressionBombError):
        return False
    return True
