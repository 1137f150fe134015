"""`make site`: the participants' outputs as a static web site for any web host (GitHub Pages, an NHS or
charity server). The index, then for each version a page in its own language: the course to listen to in
the page, with its chapters, the web page to read, and every file to download. Trainer files are never in it.
The tool only writes the folder: publishing it is the coordinator's step."""

from __future__ import annotations

import os
import shutil
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Callable
from urllib.parse import quote

from builder.catalogue import INDEX_NAME, index_page, is_part, offers_of, page, readers_file
from builder.locale import locale_for
from builder.model import Course
from builder.options import Option
from builder.outputs import ManifestEntry, read_manifest, read_skipped, sha256, write_atomic

SITE_FOLDER = "site"
PUBLIC_EDITIONS = ("participant", "easy-read")  # never the trainer's
OPTIONS = (Option("url", "where the site will be published (https://...): large print, Word and braille covers "
                  "give each version's page there (print adds a QR code)", "", kind="https"),)


@dataclass
class Chapter:
    start: float  # seconds
    title: str


def write_site(versions: dict[tuple[str, str], Course], output_dir: Path,
               report: Callable[[str], None] = print) -> Path:
    """The site in `output_dir/site`, made from the build's manifest: files are linked, not copied, where
    the disk allows (a course's audio is hundreds of megabytes). Returns the site's folder."""
    manifest = read_manifest(output_dir)
    public = [entry for entry in manifest.values() if entry.edition in PUBLIC_EDITIONS and readers_file(entry)]
    site = output_dir / SITE_FOLDER
    kept = set()
    for entry in public:
        target = site / entry.path
        kept.add(target)
        _place(output_dir / entry.path, target, entry)
    by_version: dict[tuple[str, str], list[ManifestEntry]] = defaultdict(list)
    for entry in public:
        by_version[entry.edition, entry.language].append(entry)
    config = next(iter(versions.values())).config
    pages = {site / INDEX_NAME: index_page(config, public, read_skipped(output_dir), PUBLIC_EDITIONS,
                                           version_pages=True)}
    for (edition, lang), entries in sorted(by_version.items()):
        course = versions.get((edition, lang))
        if course is None:
            continue
        folder = site / edition / lang
        pages[folder / INDEX_NAME] = _version_page(course, entries, output_dir)
    for path, text in pages.items():
        kept.add(path)
        data = text.encode("utf-8")
        if not (path.is_file() and path.read_bytes() == data):
            write_atomic(path, data)
    for leftover in [p for p in site.rglob("*") if p.is_file() and p not in kept]:
        leftover.unlink()  # a file a version no longer has
    report(f"Site written to {site}/ ({len(public)} file(s), {len(pages)} page(s)): put the whole folder on "
           "your web host. Trainer files are not in it.")
    return site


def _place(source: Path, target: Path, entry: ManifestEntry) -> None:
    """`target` holds `source`'s bytes (`entry`'s): a hard link where possible (no second copy on disk), else a
    copy. One already there is left: the same file (linked), or a copy with the manifest's checksum."""
    if target.is_file() and (os.path.samefile(source, target) or (
            target.stat().st_size == entry.size and sha256(target.read_bytes()) == entry.sha256)):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.part")
    temporary.unlink(missing_ok=True)
    try:
        os.link(source, temporary)
    except OSError:
        shutil.copyfile(source, temporary)
    os.replace(temporary, target)


def _version_page(course: Course, entries: list[ManifestEntry], output_dir: Path) -> str:
    """One version's page, in its language: listen (with chapters), read, download."""
    locale = locale_for(course.lang)
    whole = [e for e in entries if e.path.endswith(".mp3") and not is_part(e)]
    listen = None
    if whole:
        entry = whole[0]
        listen = {"src": quote(PurePosixPath(entry.path).name), "chapters": chapters(output_dir / entry.path)}
    pages = [e for e in entries if e.path.endswith(".html") and not is_part(e)]
    offers = offers_of(entries)
    for offer in offers:  # links from this folder, not from the site's root
        for link in [*offer.files, *offer.parts]:
            link.href = link.href.split("/", 2)[2]
    return page("version.html.j2", lang=course.lang, direction=locale.language.direction,
                title=course.config.title, labels=locale.labels,
                notices=locale.notices(course.machine_translated, course.untranslated), listen=listen,
                read=[quote(PurePosixPath(e.path).name) for e in pages], offers=offers)


def chapters(mp3: Path) -> list[Chapter]:
    """The chapters the audio writer stored in the MP3 (ID3 CHAP frames), in time order."""
    from mutagen.id3 import ID3, ID3NoHeaderError

    try:
        tags = ID3(mp3)
    except (ID3NoHeaderError, OSError):
        return []
    found = []
    for frame in tags.getall("CHAP"):
        title = frame.sub_frames.get("TIT2")
        found.append(Chapter(frame.start_time / 1000, str(title.text[0]) if title else ""))
    return sorted(found, key=lambda chapter: chapter.start)
