"""Pictures a module uses: where the file really is, and whether it is a PNG, JPEG or safe SVG of a sane size.

Checked by their bytes, not their names, and only inside the content folder: a symlink or `..` that
leads elsewhere is refused where the path is resolved.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from builder.content_files import RefusedFile, read_content_file_at
from builder.problems import display_path
from builder.symbols import PREFIX as SYMBOL
from builder.symbols import resolve as resolve_symbol
from builder.svg import UnsafeSvg, checked_svg

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000
TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg"}
VAGUE_ALT = {"image", "picture", "photo", "diagram", "img", "graphic", "icon"}

# Reports a problem with the picture: (message, code).
Report = Callable[[str, str], None]


def image_dimensions(head: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR or a JPEG's frame header, without decoding the picture."""
    if head.startswith(b"\x89PNG\r\n\x1a\n") and head[12:16] == b"IHDR":
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
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
    """The MIME type of PNG or JPEG bytes, judged by their signature; None for anything else."""
    for magic, mime in TYPES.items():
        if data.startswith(magic):
            return mime
    return None


def check_alt(src: str, alt: str, error: Report) -> None:
    """Alt text is what a blind participant gets instead of the picture: it must say what it shows."""
    if not alt:
        error(f"image '{src}' has no alt text: describe it between the square brackets, e.g. "
              f"![A person saying no calmly]({src})", "image.no-alt")
    elif alt.lower() in VAGUE_ALT or alt.lower() in (Path(src).name.lower(), Path(src).stem.lower()):
        error(f"image '{src}' has alt text '{alt}', which says nothing about it: describe what the picture shows",
              "image.vague-alt")


def resolve_picture(src: str, module_path: Path, content_dir: Path, error: Report) -> tuple[Path, str | None] | None:
    """The picture file `src` names, relative to the module, if it is a usable picture inside the course,
    with its text when it is an SVG (checked: see `builder.svg`)."""
    if not src:
        error("image has no file name: write ![description](images/name.png)", "image.missing")
        return None
    if src.startswith(SYMBOL):  # a named symbol (Easy Read), from the installed set, not the course
        found = resolve_symbol(src.removeprefix(SYMBOL))
        if isinstance(found, str):
            error(found, "image.symbol")
            return None
        return found
    if re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src) or src.startswith("//"):
        error(f"image '{src}' is a web address: save the picture in content/images and use images/name.png",
              "image.url")
        return None
    if src.startswith(("/", "\\")):
        error(f"image '{src}' is an absolute path: use a path inside the content folder, e.g. images/name.png",
              "image.outside")
        return None
    candidate = module_path.parent / src
    if not candidate.exists() and not candidate.is_symlink():
        error(f"image '{src}' not found in {display_path(candidate.parent)}: check the file name and its capital "
              "letters", "image.missing")
        return None
    try:
        resolved, data = read_content_file_at(content_dir, candidate, MAX_BYTES)
    except RefusedFile as refused:
        codes = {"outside": "image.outside", "too-large": "image.too-large"}
        hint = ": make it smaller (2000 pixels wide is plenty)" if refused.reason == "too-large" else ""
        error(f"image '{src}' {refused}{hint}", codes.get(refused.reason, "image.missing"))
        return None
    head = data[:64 * 1024]
    if image_type(head) is None and looks_like_svg(head):
        try:
            return resolved, checked_svg(data)
        except UnsafeSvg as unsafe:
            error(f"image '{src}' {unsafe}", "image.unsafe")
            return None
    if image_type(head) is None:
        error(f"image '{src}' is not a PNG, JPEG or SVG picture: save it as one of those", "image.type")
        return None
    dimensions = image_dimensions(head)
    if dimensions is None:
        error(f"image '{src}' could not be read: save it again as PNG or JPEG", "image.type")
        return None
    if dimensions[0] * dimensions[1] > MAX_PIXELS:
        error(f"image '{src}' is {dimensions[0]} x {dimensions[1]} pixels: make it smaller (at most "
              f"{MAX_PIXELS // 1_000_000} million pixels)", "image.too-large")
        return None
    if not decodes(data):
        error(f"image '{src}' is damaged (cut short or corrupt), so no format could show it: save it again as PNG "
              "or JPEG", "image.damaged")
        return None
    return resolved, None


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
