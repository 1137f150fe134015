"""What every format writer provides and returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, ClassVar, Mapping

from builder.options import Choice, Option
from builder.problems import WriterError  # noqa: F401 - writers raise it; it is theirs to import from here

if TYPE_CHECKING:
    from builder.locale import Locale
    from builder.model import Course


@dataclass(frozen=True)
class OutputFile:
    """A file a writer produced, before it is written: path relative to the language folder."""

    path: str  # e.g. "confidence-and-assertiveness.html" or "audio/01-welcome.mp3"
    data: bytes
    options: Mapping[str, Any] = field(default_factory=dict)  # the option values this file was made with


COPY_FILES = "copy the files to a USB stick or CD"  # one step however many digital formats a pack holds


class FormatSkipped(Exception):
    """This format cannot be made for this language (e.g. no braille table); the build goes on and
    the reason is reported and recorded in the manifest."""


class BaseWriter:
    """A format: a name, a description, its options, and `write`, which walks the model.

    Writers keep heavy imports (WeasyPrint, liblouis) inside `write` so that listing formats and
    checking a course stay fast.
    """

    name: ClassVar[str]
    description: ClassVar[str]
    options: ClassVar[tuple[Option, ...]] = ()
    # What the rest of the builder asks of a format, so that builds, packs and the CLI name none:
    choices: ClassVar[Mapping[Choice, str]] = {}  # what a participant may choose, and the option each sets
    pack_suffixes: ClassVar[tuple[str, ...]] = ()  # the files a participant's pack gets (none given: all)
    pack_step: ClassVar[str] = ""  # what the coordinator does with it; {column} is the person's choice
    course_files: ClassVar[tuple[str, ...]] = ()  # course files it reads besides modules and translations
    # Its folders in the build cache, pruned after a build in which it ran (see builder.cache)
    cache_folders: ClassVar[tuple[str, ...]] = ()
    flags: ClassVar[tuple[str, ...]] = ()  # options `build` also takes as --<format>-<option>
    cost: ClassVar[float] = 1.0  # rough seconds for the sample course, so that long jobs start first
    # Formats whose work it reuses (the EPUB reads the audio writer's recordings): built first in the same
    # version, and their options are given to `write` under their name (None when the course does not
    # make that format).
    needs: ClassVar[tuple[str, ...]] = ()

    def __init__(self, cache_dir: Path | None = None):
        self.cache_dir = cache_dir  # where slow or online work (speech) is kept between builds
        self.notes: list[str] = []  # what the coordinator should know about this run, e.g. a grade not made
        # Told (done, total), in the writer's own units, as a long job goes on: the build's display shows it
        self.progress: Callable[[float, float], None] | None = None

    @staticmethod
    def external_inputs(options: Mapping[str, Any]) -> Any:
        """What the format reads from outside the course and the builder (an installed voice), as something
        that changes when it does: part of each job's inputs."""
        return None

    def write(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[OutputFile]:
        """The format's files for one version: `course` already in `locale`'s language and edition."""
        raise NotImplementedError

    # A column of minutes per module it adds to `check`'s table (the audio: how long each is to listen to)
    timed: ClassVar[str] = ""

    def minutes(self, course: Course, locale: Locale, options: Mapping[str, Any]) -> list[float]:
        """For a `timed` format: each module's minutes in this format, estimated without making it."""
        raise NotImplementedError

    # What the index page ("Choose your version") says of a file: its name in plain words and what it is
    # for; {option} is filled from the file's own options ("Large print, {size} point").
    offer: ClassVar[tuple[str, str]] = ("", "")

    # A format whose output is one web page (the trainer's preview shows it, as participants get it)
    previews: ClassVar[bool] = False

    def web_page(self, course: Course, locale: Locale, options: Mapping[str, Any], marks: dict[int, str]) -> str:
        """For a `previews` format: the version as its web page, each element a model node became given an id,
        recorded in `marks` (id(node) -> element id), so the preview can put advice beside it."""
        raise NotImplementedError

    @classmethod
    def warm_up(cls) -> None:
        """Import what every job of this format needs, once, before worker processes are forked."""
