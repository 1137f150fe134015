"""The index page of an output folder, "Choose your version": every version by language, edition and format,
what each is for in plain words, with its files, sizes, pages or listening time. Made from the manifest, so
it lists exactly what is there; it prints as a catalogue for coordinators who post letters."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Iterable
from urllib.parse import quote

from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup

from builder import writers
from builder.config import CourseConfig
from builder.editions import version_path
from builder.languages import lookup
from builder.locale import locale_for
from builder.outputs import ManifestEntry

HERE = Path(__file__).parent
INDEX_NAME = "index.html"
EDITION_HEADINGS = {
    "participant": ("For participants", ""),
    "easy-read": ("Easy Read", "short sentences, each beside a picture"),
    "trainer": ("Trainer's edition", "with the trainer notes and session plans: never hand these to participants"),
}
KINDS = {"pdf": "PDF", "docx": "Word", "html": "web page", "epub": "EPUB", "brf": "BRF, to emboss",
         "pef": "PEF, for a braille display", "mp3": "MP3", "m3u8": "playlist"}


@dataclass
class Link:
    href: str
    text: str
    size: str
    extent: str = ""  # "62 pages", "1 h 40 min"


@dataclass
class Offer:
    title: str  # "Large print, 24 point"
    purpose: str  # "for people who need bigger text"
    files: list[Link] = field(default_factory=list)
    parts: list[Link] = field(default_factory=list)  # the same, in pieces (one audio track per session)


def index_page(config: CourseConfig, entries: Iterable[ManifestEntry], skipped: list[dict[str, str]],
               editions: Iterable[str] | None = None, version_pages: bool = False) -> str:
    """The page, for the editions given (all by default; a public site leaves the trainer's out); with
    `version_pages`, each version links to its own page (the site's, where its audio plays)."""
    chosen = [e for e in EDITION_HEADINGS if editions is None or e in editions]  # the trainer's last
    by_version: dict[tuple[str, str], list[ManifestEntry]] = defaultdict(list)
    for entry in entries:
        if entry.edition in chosen:
            by_version[entry.language, entry.edition].append(entry)
    languages = [lang for lang in config.languages if any(lang == key[0] for key in by_version)]
    sections = []
    for lang in languages:
        locale = locale_for(lang)
        language = lookup(lang)
        versions = []
        for edition in chosen:
            files = by_version.get((lang, edition))
            if not files:
                continue
            heading, note = EDITION_HEADINGS[edition]
            versions.append({"edition": edition, "heading": heading, "note": note, "offers": offers_of(files),
                             "page": version_path(edition, lang) if version_pages else None,
                             "skipped": [s for s in skipped if (s["language"], s.get("edition", "participant"))
                                         == (lang, edition)]})
        machine = any(entry.machine_translated for key, found in by_version.items() if key[0] == lang
                      for entry in found)
        sections.append({"lang": lang, "id": f"lang-{lang.lower()}", "native": language.native_name,
                         "english": language.english_name, "dir": language.direction, "versions": versions,
                         "notices": locale.notices(machine, 0) if machine else []})
    return page("index.html.j2", config=config, sections=sections, trainer="trainer" in chosen)


def page(template: str, **context) -> str:
    """One of the catalogue's pages (the index, a version's page on the site), with their one style sheet."""
    environment = Environment(loader=FileSystemLoader(HERE), autoescape=True, trim_blocks=True, lstrip_blocks=True)
    css = Markup((HERE / "style.css").read_text(encoding="utf-8"))
    return environment.get_template(template).render(css=css, **context)


def offers_of(files: list[ManifestEntry]) -> list[Offer]:
    """One offer per format and title ("Braille, grade 1": its BRF and PEF), in registry order; a format's
    files in a folder of their own (audio tracks) are its parts, listed under its whole-course file."""
    offers: dict[tuple[str, str], Offer] = {}
    loose: dict[str, list[ManifestEntry]] = defaultdict(list)
    for entry in sorted(files, key=lambda e: (writers.names().index(e.format), e.path)):
        writer = writers.get(entry.format)
        if not readers_file(entry):
            continue  # a proof copy or a spoken script: for checkers and trainers, not listed
        if is_part(entry):
            loose[entry.format].append(entry)
            continue
        title, purpose = (text.format_map(_Options(entry.options)) for text in writer.offer)
        offer = offers.setdefault((entry.format, title), Offer(title, purpose))
        offer.files.append(_link(entry))
    for name, parts in loose.items():
        owner = next((offer for (fmt, _), offer in offers.items() if fmt == name), None)
        if owner is None:
            title, purpose = writers.get(name).offer
            owner = offers.setdefault((name, title), Offer(title.format_map(_Options({})), purpose))
        # the tracks in order, then the playlist that plays them
        owner.parts += [_link(entry) for entry in sorted(parts, key=lambda e: (not e.path.endswith(".mp3"), e.path))]
    return list(offers.values())


def readers_file(entry: ManifestEntry) -> bool:
    """A file for the person who chose the format (what their pack gets), not a checker's proof or a script."""
    suffixes = writers.get(entry.format).pack_suffixes
    return not suffixes or entry.path.endswith(suffixes)


def is_part(entry: ManifestEntry) -> bool:
    """A file in a folder of its own inside its version's (edition/language/audio/...)."""
    return len(PurePosixPath(entry.path).parts) > 3


class _Options(dict):
    """A file's options for an offer's words; one it does not have is left out, not an error."""

    def __missing__(self, key: str) -> str:
        return ""


def _link(entry: ManifestEntry) -> Link:
    suffix = entry.path.rsplit(".", 1)[-1].lower()
    text = KINDS.get(suffix, suffix.upper())
    if is_part(entry) and suffix == "mp3":
        text = PurePosixPath(entry.path).stem  # a track: its name says which ("en-gb-05-saying-no")
    extent = f"{entry.pages} pages" if entry.pages else _duration(entry.seconds) if entry.seconds else ""
    return Link(quote(entry.path), text, _size(entry.size), extent)


def _size(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB" if size >= 100_000 else f"{max(1, round(size / 1000))} KB"


def _duration(seconds: int) -> str:
    hours, minutes = divmod(round(seconds / 60), 60)
    return f"{hours} h {minutes} min" if hours else f"{max(1, minutes)} min"
