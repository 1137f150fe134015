"""Pictures a module uses: where the file really is, and whether it is a PNG, JPEG or safe SVG of a sane size;
and, for each version, the SVG labels too long for their shapes in its language (`label_problems`).

Checked by their bytes, not their names, and only inside the content folder: a symlink or `..` that
leads elsewhere is refused where the path is resolved.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable
from urllib.parse import unquote, urljoin

from builder import web_pictures
from builder.languages import lookup
from builder.model import Course, Figure
from builder.picture_bytes import MAX_BYTES, MAX_PIXELS, decodes, image_dimensions, image_type, looks_like_svg
from builder.content_files import RefusedFile, read_content_file_at
from builder.problems import Problem, display_path
from builder.symbols import PREFIX as SYMBOL
from builder.symbols import resolve as resolve_symbol
from builder.svg import UnsafeSvg, checked_svg, laid_out
from builder.walk import descendants

VAGUE_ALT = {"image", "picture", "photo", "diagram", "img", "graphic", "icon"}
# Warnings about pictures found when a version is made (course.toml's [check] disable can switch them off)
WARNINGS = {
    "picture.label-too-long": "a label in an SVG picture does not fit its shape in a version's language even at the "
                              "picture's smallest print size, so it crosses the shape's edge (never another label)",
}

@dataclass(frozen=True)
class PictureProblem:
    """Why a picture cannot be shown, in words for the trainer. Most leave the picture's description in its
    place (a warning); an `unsafe` one (a link out of the course, an SVG that could run or fetch something)
    stops the build. `address` is set for a picture on the web, which every format then shows."""

    message: str
    code: str
    unsafe: bool = False
    address: str | None = None


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


def label_problems(versions: Iterable[Course], disabled: Iterable[str] = ()) -> list[Problem]:
    """A warning for each label of an SVG picture too long for its shape in a version's language, even at
    the picture's smallest words' size (which large print draws at the print size): at the module line that
    shows the picture, naming the picture file, the label and the language; once, however many editions
    show it. The layout is the one every writer draws (`builder.svg.laid_out`)."""
    if "picture.label-too-long" in set(disabled):
        return []
    found: dict[tuple[str, int, str], Problem] = {}
    for version in versions:
        for module in [*version.modules, *version.companions]:
            for figure in descendants(module.blocks):
                if not isinstance(figure, Figure) or figure.svg is None:
                    continue
                for label in laid_out(figure.svg).too_long:
                    problem = _too_long(figure, label.text, label.lang or version.lang)
                    found.setdefault((problem.path, problem.line, problem.message), problem)
    return sorted(found.values())


def _too_long(figure: Figure, text: str, lang: str) -> Problem:
    language = lookup(lang)
    name = f"{language.english_name} ({lang})" if language else lang
    shown = text if len(text) <= 60 else text[:57] + "..."
    return Problem(display_path(figure.source.path), figure.source.line, "warning",
                   f"picture '{figure.src}': the label '{shown}' does not fit its shape in {name}, "
                   "even at the picture's smallest print size, so it crosses the shape's edge: shorten its "
                   "translation, or give it more room in the picture (a bigger shape, or a wider data-wrap)",
                   "picture.label-too-long")
