"""Pictures a module uses: where the file really is, and whether it is a PNG, JPEG or safe SVG of a sane size.

Checked by their bytes, not their names, and only inside the content folder: a symlink or `..` that
leads elsewhere is refused where the path is resolved.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urljoin

from builder import web_pictures
from builder.content_files import RefusedFile, read_content_file_at
from builder.problems import display_path
from builder.symbols import PREFIX as SYMBOL
from builder.symbols import resolve as resolve_symbol
from builder.svg import UnsafeSvg, checked_svg

MAX_BYTES = 20_000_000
MAX_PIXELS = 40_000_000
TYPES = {b"\x89PNG\r\n\x1a\n": "image/png", b"\xff\xd8\xff": "image/jpeg", b"GIF87a": "image/gif",
         b"GIF89a": "image/gif"}
VAGUE_ALT = {"image", "picture", "photo", "diagram", "img", "graphic", "icon"}

@dataclass(frozen=True)
class PictureProblem:
    """Why a picture cannot be shown, in words for the trainer. Most leave the picture's description in its
    place (a warning); an `unsafe` one (a link out of the course, an SVG that could run or fetch something)
    stops the build. `address` is set for a picture on the web, which every format then shows."""

    message: str
    code: str
    unsafe: bool = False
    address: str | None = None


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


def alt_problems(src: str, alt: str, left_out: bool = False) -> list[PictureProblem]:
    """Alt text is what a blind participant gets instead of the picture: it must say what it shows. With
    `left_out`, the picture is inside a link, heading or table cell, where no format shows it."""
    if not alt:
        where = ", and it is inside a link, heading or table cell, so it is left out:" if left_out else ", so"
        return [PictureProblem(f"image '{src}' has no alt text{where} blind participants are not told what it shows: "
                               f"describe it between the square brackets, e.g. ![A person saying no calmly]({src})",
                               "image.no-alt")]
    if alt.lower() in VAGUE_ALT or alt.lower() in (Path(src).name.lower(), Path(src).stem.lower()):
        return [PictureProblem(f"image '{src}' has alt text '{alt}', which says nothing about it: describe what "
                               "the picture shows", "image.vague-alt")]
    return []


def resolve_picture(src: str, module_path: Path, content_dir: Path,
                    published_at: str | None = None) -> tuple[Path, str | None] | PictureProblem:
    """The picture file `src` names, relative to the module, if it is a usable picture inside the course,
    with its text when it is an SVG (checked: see `builder.svg`); else why not. A picture on the web is used
    from the copy `[pictures] fetch` keeps in the course, if there is one; nothing is ever fetched here."""
    if not src:
        return PictureProblem("image has no file name: write ![description](images/name.png)", "image.missing")
    if src.startswith(SYMBOL):  # a named symbol (Easy Read), from the installed set, not the course
        found = resolve_symbol(src.removeprefix(SYMBOL))
        return PictureProblem(found, "image.symbol") if isinstance(found, str) else found
    address = web_address(src, published_at)
    if address is not None:
        kept = web_pictures.kept_copy(content_dir, address)
        if kept is None:
            return PictureProblem(f"image '{src}' is on the web, so its description and address are shown instead: "
                                  "save the picture in content/images and use images/name.png, or set [pictures] "
                                  "fetch = true in course.toml to keep a copy", "image.url", address=address)
        candidate = kept
    elif re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*:", src):
        return PictureProblem(f"image '{src}' is not a file in the course or a web address, so its description is "
                              "shown instead: save the picture in content/images", "image.url")
    elif src.startswith(("/", "\\")):
        return PictureProblem(f"image '{src}' is a path from the top of a web site or disk, so it is not read and "
                              "its description is shown instead: copy the picture into content/images, or give "
                              "the address the lesson is published at as published-at in course.toml",
                              "image.outside")
    else:
        candidate = module_path.parent / unquote(src.split("?", 1)[0].split("#", 1)[0])
        if not Path(os.path.normpath(candidate.absolute())).is_relative_to(content_dir.absolute()):
            return PictureProblem(f"image '{src}' is outside the content folder, so it is not read and its "
                                  "description is shown instead: copy the picture into the course", "image.outside")
    if not candidate.exists() and not candidate.is_symlink():
        return PictureProblem(f"image '{src}' not found in {display_path(candidate.parent)}, so its description is "
                              "shown instead: check the file name and its capital letters", "image.missing")
    try:
        resolved, data = read_content_file_at(content_dir, candidate, MAX_BYTES)
    except RefusedFile as refused:
        if refused.reason == "too-large":
            return PictureProblem(f"image '{src}' {refused}, so its description is shown instead: make it smaller "
                                  "(2000 pixels wide is plenty)", "image.too-large")
        if refused.reason == "outside":
            return PictureProblem(f"image '{src}' {refused}", "image.outside", unsafe=True)
        return PictureProblem(f"image '{src}' {refused}, so its description is shown instead", "image.missing")
    head = data[:64 * 1024]
    if image_type(head) is None and looks_like_svg(head):
        try:
            return resolved, checked_svg(data)
        except UnsafeSvg as unsafe:
            return PictureProblem(f"image '{src}' {unsafe}", "image.unsafe", unsafe=True)
    if image_type(head) is None:
        return PictureProblem(f"image '{src}' is not a PNG, JPEG, GIF or SVG picture, so its description is shown "
                              "instead: save it as one of those", "image.type")
    dimensions = image_dimensions(head)
    if dimensions is None:
        return PictureProblem(f"image '{src}' could not be read, so its description is shown instead: save it "
                              "again as PNG or JPEG", "image.type")
    if dimensions[0] * dimensions[1] > MAX_PIXELS:
        return PictureProblem(f"image '{src}' is {dimensions[0]} x {dimensions[1]} pixels, so its description is "
                              f"shown instead: make it smaller (at most {MAX_PIXELS // 1_000_000} million pixels)",
                              "image.too-large")
    if not decodes(data):
        return PictureProblem(f"image '{src}' is damaged (cut short or corrupt), so its description is shown "
                              "instead: save it again as PNG or JPEG", "image.damaged")
    return resolved, None


def web_address(src: str, published_at: str | None = None) -> str | None:
    """The web address a picture names: an http(s) address, or a path from the top of the site the lesson is
    published at (`/images/x.png`), when course.toml says where that is."""
    if re.match(r"^https?://", src, re.IGNORECASE):
        return src
    if src.startswith("//"):
        return "https:" + src
    if published_at and src.startswith("/"):
        return urljoin(published_at, src)
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
