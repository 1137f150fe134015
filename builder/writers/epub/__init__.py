"""EPUB 3 talking book: text that reflows at any size, a navigation document, accessibility metadata, and
the narration of every module synchronised with its text (Media Overlays), from the audio writer's
recordings: nothing is spoken or encoded a second time."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any, Mapping

from markupsafe import Markup

from builder.editions import identity
from builder.fonts import face_data
from builder.locale import Locale
from builder.model import Course, Figure, headings, plain_text
from builder.options import Option
from builder.picture_bytes import image_type
from builder.svg import in_scheme
from builder.writers.base import BaseWriter, FormatSkipped, OutputFile
from builder.writers.epub.overlays import Overlay, overlay
from builder.writers.epub.package import Item, book_zip, xhtml
from builder.writers.html.render import (HtmlRenderer, course_fonts, lang_attributes, repeated_sections,
                                         script_spacing, template_environment)

HERE = Path(__file__).parent
IMAGE_SUFFIXES = {"image/svg+xml": ".svg", "image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif"}


class Writer(BaseWriter):
    name = "epub"
    description = ("EPUB 3 talking book for phones, tablets and e-readers: reflowing text, contents, and each "
                   "module read aloud with its words highlighted (uses the audio format's recordings)")
    offer = ("EPUB e-book",
             "for e-book and talking-book apps: the text size and colours you choose, with the words "
             "highlighted as they are read")
    options = (
        Option("certifier", "who checked the book's accessibility, named in its metadata (empty: nobody yet)", ""),
    )
    pack_step = "send or copy the EPUB file to their phone, tablet or e-reader"
    needs = ("audio",)
    cost = 0.5

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        recordings, credits = self._recordings(course, locale, options.get("audio"))
        book = _Book(course, locale, recordings, credits)
        data = book_zip(book.items(options["certifier"]))
        return [OutputFile(f"{course.config.slug}.epub", data, {"read-along": bool(recordings)})]

    @staticmethod
    def external_inputs(options: Mapping[str, Any]) -> Any:
        from builder.writers.audio import Writer as AudioWriter

        return AudioWriter.external_inputs(options["audio"]) if options.get("audio") else None

    def _recordings(self, course: Course, locale: Locale, audio: Mapping[str, Any] | None
                    ) -> tuple[list | None, str]:
        """The audio writer's recordings of this version (from the speech and MP3 caches when it has made
        them) and the credits of their voices; None: then the book has no read-along audio, and the closing
        table says why."""
        from builder.writers.audio import Writer as AudioWriter

        if audio is None:
            self.notes.append("no read-along audio: the course does not make the audio format")
            return None, ""
        writer = AudioWriter(self.cache_dir)
        try:
            recordings, settings = writer.recordings(course, locale, audio)
        except FormatSkipped as reason:
            self.notes.append(f"no read-along audio: {reason}")
            return None, ""
        finally:
            self.notes += writer.notes
        return recordings, settings["credits"]


class _Book:
    """One version of the course as the files of an EPUB: XHTML per module, navigation, pictures, fonts,
    and with recordings, the MP3s and a SMIL overlay per file."""

    def __init__(self, course: Course, locale: Locale, recordings: list | None, credits: str = ""):
        self.course, self.locale, self.recordings = course, locale, recordings
        self.credits = credits  # the narrating voices' makers and licences
        self.lang = locale.tag
        self.direction = locale.language.direction
        self.labels = locale.labels
        self.pictures: dict[str, Item] = {}
        self.files = {module.slug: f"{module.slug}.xhtml" for module in course.modules}
        self.environment = template_environment(HERE)

    def items(self, certifier: str) -> list[Item]:
        fonts = self._fonts()
        pages: list[Item] = []
        overlays: list[Overlay] = []
        pages.append(self._page("title.xhtml", "title.xhtml.j2", {}, {}, 0, overlays))  # its parts are named
        for index, module in enumerate(self.course.modules, 1):
            read_along: dict[int, str] = {}
            # EPUBCheck refuses sms: (a scheme its list lacks): the number is shown, as it is in print.
            renderer = HtmlRenderer(image_src=self._picture, locale=self.locale, read_along=read_along,
                                    module_href=lambda slug, anchor: f"{self.files.get(slug, '')}#{anchor}",
                                    unlinked_schemes=("sms:",))
            context = {
                "module": module,
                "attrs": Markup(lang_attributes(module.lang, self.lang, self.locale)),
                "title_html": xhtml(renderer.module_title(module, self.lang)),
                "body": xhtml(renderer.blocks(module.blocks, module.lang)),
                "notes": xhtml(renderer.notes(module, self.lang)),
            }
            read_along[id(module)] = module.anchor
            pages.append(self._page(self.files[module.slug], "module.xhtml.j2", context, read_along, index,
                                    overlays))
        nav = self._nav()
        css = self.environment.get_template("style.css.j2").render(
            fonts=fonts, spacing=script_spacing(self.course, self.locale)).encode("utf-8")
        resources = [Item("style.css", "text/css", css), *fonts, *self.pictures.values()]
        resources += [item for entry in overlays for item in (entry.audio, entry.smil)]
        spine = [pages[0], nav, *pages[1:]]
        metadata = self._metadata(certifier, overlays)
        return self._package(metadata, spine, resources)

    def _page(self, name: str, template: str, context: dict, read_along: dict[int, str], index: int,
              overlays: list[Overlay]) -> Item:
        """A page in XHTML; with recordings, its overlay too (the page's track: 0 is the introduction)."""
        config = self.course.config
        html = self.environment.get_template(template).render(
            lang=self.lang, direction=self.direction, config=config, credit=self.course.credit, labels=self.labels,
            notices=self._notices(), date=self.locale.date(config.publication_date()), **context)
        item = Item(name, "application/xhtml+xml", html.encode("utf-8"))
        if self.recordings:
            made = overlay(item, self.recordings[index], read_along)
            item.overlay = made.smil.id
            overlays.append(made)
        return item

    def _notices(self) -> list[dict[str, Any]]:
        """The machine-translation notices, with their ids (the narration reads them in every module)."""
        return [{"id": f"notice-{number}", "attrs": Markup(lang_attributes(tag, self.lang, self.locale)), "text": text}
                for number, (tag, text) in enumerate(self.locale.notices(self.course.machine_translated,
                                                                         self.course.untranslated), 1)]

    def _picture(self, figure: Figure) -> str:
        """A picture's file in the book: an SVG in this version's words (standard colours: a reader's app
        sets its own), or the PNG or JPEG as it is."""
        if figure.svg is not None:
            data, kind = in_scheme(figure.svg, "standard").encode("utf-8"), "image/svg+xml"
        else:
            data = figure.path.read_bytes()
            kind = image_type(data)
        name = f"images/{hashlib.sha256(data).hexdigest()[:16]}{IMAGE_SUFFIXES.get(kind, '')}"
        self.pictures.setdefault(name, Item(name, kind, data))
        return name

    def _fonts(self) -> list[Item]:
        """The fonts the web page embeds (Atkinson Hyperlegible, each script's font, drawn at the size that
        matches Latin letters), so every reader shows the same letters; a CJK font is left to the reader's
        app (its 20 MB would dwarf the book)."""
        items = []
        for font, files in course_fonts(self.course, self.locale):
            for weight, path in sorted(files.items()):
                if path.suffix.lower() == ".ttc":
                    continue
                item = Item(f"fonts/{path.stem}-{font.size_adjust}.ttf", "font/ttf", face_data(path, font.size_adjust))
                item.family, item.weight = font.css_family, weight
                items.append(item)
        return items

    def _nav(self) -> Item:
        repeated = repeated_sections(self.course)

        def section(heading, module) -> dict:
            title = plain_text(heading.children)
            return {"anchor": heading.anchor, "title": title, "module": module.title_text if title in repeated else None}

        modules = [{"href": self.files[module.slug], "anchor": module.anchor, "title": module.title_text,
                    "attrs": Markup(lang_attributes(module.lang, self.lang, self.locale)),
                    "sections": [section(heading, module) for heading in headings(module) if heading.level == 2]}
                   for module in self.course.modules]
        html = self.environment.get_template("nav.xhtml.j2").render(
            lang=self.lang, direction=self.direction, labels=self.labels, config=self.course.config,
            modules=modules, first=self.files[self.course.modules[0].slug] if modules else "title.xhtml")
        return Item("nav.xhtml", "application/xhtml+xml", html.encode("utf-8"), properties="nav")

    def _metadata(self, certifier: str, overlays: list[Overlay]) -> dict[str, Any]:
        """What the package says of the book, accessibility first (EPUB Accessibility 1.1)."""
        config = self.course.config
        own = self.labels["book_summary"] != self.locale.of("en").labels["book_summary"]
        summary = self.labels["book_summary"] + (" " + self.labels["book_read_along"] if overlays else "")
        modes = ["textual"] + (["visual"] if self.pictures else []) + (["auditory"] if overlays else [])
        features = ["structuralNavigation", "tableOfContents", "readingOrder", "displayTransformability"]
        features += (["alternativeText"] if self.pictures else []) + (["synchronizedAudioText"] if overlays else [])
        return {
            "identifier": "urn:uuid:" + _uuid(identity(self.course), self.lang, self.course.edition),
            "title": config.title, "organisation": config.organisation, "lang": self.lang,
            "date": config.publication_date().isoformat(), "modes": modes, "features": features,
            "sufficient": ["textual"] + (["auditory"] if overlays else []),
            "summary": summary, "summary_lang": self.lang if own else "en", "certifier": certifier,
            "durations": [(entry.smil.id, entry.duration) for entry in overlays],
            "total": sum(entry.duration for entry in overlays),
            "narrator": self.credits if overlays else "",
        }

    def _package(self, metadata: dict[str, Any], spine: list[Item], resources: list[Item]) -> list[Item]:
        opf = self.environment.get_template("package.opf.j2").render(
            meta=metadata, spine=spine, items=[*spine, *resources], direction=self.direction,
            clock=_clock)
        return [Item("package.opf", "application/oebps-package+xml", opf.encode("utf-8")), *spine, *resources]


def _uuid(*parts: str) -> str:
    """The same book always has the same identifier (a name-based UUID), so readers keep their place."""
    import uuid

    return str(uuid.uuid5(uuid.NAMESPACE_URL, "accessible-training-builder:" + "/".join(parts)))


def _clock(milliseconds: int) -> str:
    """A SMIL clock value for media:duration, e.g. 0:01:02.345."""
    seconds, ms = divmod(milliseconds, 1000)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}.{ms:03d}"
