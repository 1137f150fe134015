"""Translation catalogues: content/translations/<lang>.po, one entry per unit of text.

An entry is `reviewed` (a person checked it: not fuzzy), `machine` (fuzzy, made by a translation engine),
`stale` (fuzzy with the previous source kept: a person's translation whose source has since changed), or
`missing`. People's work is never thrown away: an entry no longer used becomes obsolete (#~), and a
reviewed entry whose source changed is kept, flagged stale for review.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass, field
from pathlib import Path

from builder import __version__
from builder.content_files import RefusedFile, read_content_file, writable_content_path
from builder.languages import lookup
from builder.outputs import write_atomic
from builder.problems import ContentError, Problem, display_path
from builder.translation.segments import Segment

MACHINE_COMMENT = "machine translation"
STALE_COMMENT = "stale: the source changed after this was reviewed; check the translation and unmark fuzzy"
TRAINER_COMMENT = "trainer"
SIMILAR_ENOUGH = 0.6
MAX_BYTES = 20_000_000  # a 100-module course in one language is about 2 MB


def catalogue_path(content_dir: Path, lang: str) -> Path:
    return content_dir / "translations" / f"{lang}.po"


def state(entry) -> str:
    if entry is None or not entry.msgstr.strip():
        return "missing"
    if "fuzzy" in entry.flags:
        return "stale" if entry.previous_msgid else "machine"
    return "reviewed"


@dataclass
class Counts:
    reviewed: int = 0
    machine: int = 0
    stale: int = 0
    missing: int = 0
    missing_segments: list[Segment] = field(default_factory=list)

    @property
    def total(self) -> int:
        return self.reviewed + self.machine + self.stale + self.missing


def load(path: Path, lang: str, content_dir: Path):
    """The catalogue at `path`, or a new empty one for `lang`. A file that cannot be used (outside the course,
    not UTF-8, not valid PO) is a ContentError naming its line: it may be a volunteer's work, so it is never
    replaced by a new one."""
    import polib

    if path.exists() or path.is_symlink():
        return _parse(path, content_dir)
    catalogue = polib.POFile(wrapwidth=0)
    language = lookup(lang)
    catalogue.metadata = {
        "Project-Id-Version": "course",
        "Language": lang,
        "MIME-Version": "1.0",
        "Content-Type": "text/plain; charset=UTF-8",
        "Content-Transfer-Encoding": "8bit",
        "X-Generator": f"Accessible Training Builder {__version__}",
    }
    catalogue.header = f"Translation of the course into {language.english_name if language else lang}."
    return catalogue


def _parse(path: Path, content_dir: Path):
    import polib

    def refuse(line: int, message: str, code: str = "translation.file") -> ContentError:
        return ContentError([Problem(display_path(path), line, "error", message, code)])

    try:
        data = read_content_file(content_dir, path, MAX_BYTES)
    except RefusedFile as refused:
        raise refuse(0, f"this translation file {refused}", "file.refused") from None
    try:
        text = data.decode("utf-8").removeprefix("\ufeff")
    except UnicodeDecodeError as err:
        raise refuse(data[:err.start].count(b"\n") + 1, "this translation file is not UTF-8 text: open it in "
                     "Poedit (or a text editor) and save it as UTF-8") from None
    charset = re.search(r'"Content-Type:[^"]*charset=([\w-]+)', text)
    if charset and charset.group(1).lower().replace("_", "-") not in ("utf-8", "utf8"):
        line = text[:charset.start()].count("\n") + 1
        raise refuse(line, f"this translation file says its text is {charset.group(1)}, but the builder reads "
                           "UTF-8: save it as UTF-8 and set charset=UTF-8 in its header")
    try:
        return polib.pofile(text, wrapwidth=0)
    except (OSError, ValueError) as err:  # polib reports a syntax error as an OSError
        found = re.search(r"line (\d+)", str(err))
        raise refuse(int(found.group(1)) if found else 0, "this translation file is not a valid PO file here: "
                     "check the quotes and the msgid / msgstr lines (Poedit shows the place)") from None


def merge(catalogue, segments: list[Segment]) -> None:
    """Bring the catalogue up to date with the source: add new units, carry reviewed translations of
    changed units over as stale, and make entries no longer used obsolete (never delete them)."""
    import polib

    wanted: dict[tuple[str, str], list[Segment]] = {}
    for segment in segments:
        wanted.setdefault((segment.context, segment.text), []).append(segment)
    existing = {(e.msgctxt or "", e.msgid): e for e in catalogue if not e.obsolete}
    obsolete_pool = [e for e in catalogue if e.obsolete or (e.msgctxt or "", e.msgid) not in wanted]
    for key, found in wanted.items():
        entry = existing.get(key)
        if entry is None:
            entry = polib.POEntry(msgctxt=key[0], msgid=key[1], msgstr="")
            previous = _closest(key, obsolete_pool)
            if previous is not None and state(previous) in ("reviewed", "stale"):
                entry.msgstr = previous.msgstr
                entry.flags = ["fuzzy"]
                entry.previous_msgid = previous.previous_msgid or previous.msgid
                entry.tcomment = STALE_COMMENT
                obsolete_pool.remove(previous)
                catalogue.remove(previous)
            catalogue.append(entry)
        entry.obsolete = False
        entry.occurrences = [(s.path, str(s.line)) for s in found]
        # For translators: text only the trainer edition shows (a participant never sees it).
        entry.comment = TRAINER_COMMENT if all(s.trainer for s in found) else ""
    for entry in catalogue:
        if (entry.msgctxt or "", entry.msgid) not in wanted:
            entry.obsolete = True
            entry.occurrences = []
    # Reading order; then unused entries a person wrote or checked, kept as #~ so nothing of theirs is
    # lost. Unused machine output is dropped: the engine can make it again.
    order = {key: index for index, key in enumerate(wanted)}
    live = sorted((e for e in catalogue if not e.obsolete), key=lambda e: order[(e.msgctxt or "", e.msgid)])
    kept = [e for e in catalogue if e.obsolete and state(e) in ("reviewed", "stale")]
    catalogue[:] = live + kept


def _closest(key: tuple[str, str], pool: list) -> object | None:
    """The unused entry of the same module whose source is most like this one, if similar enough."""
    best, best_ratio = None, SIMILAR_ENOUGH
    for entry in pool:
        if (entry.msgctxt or "") != key[0]:
            continue
        ratio = difflib.SequenceMatcher(None, entry.msgid, key[1]).ratio()
        if ratio >= best_ratio:
            best, best_ratio = entry, ratio
    return best


def count(catalogue, segments: list[Segment]) -> Counts:
    entries = {(e.msgctxt or "", e.msgid): e for e in catalogue if not e.obsolete}
    counts = Counts()
    for key in dict.fromkeys((s.context, s.text) for s in segments):
        kind = state(entries.get(key))
        setattr(counts, kind, getattr(counts, kind) + 1)
        if kind == "missing":
            counts.missing_segments.append(next(s for s in segments if (s.context, s.text) == key))
    return counts


def save(catalogue, path: Path, content_dir: Path) -> None:
    """Write the catalogue, only ever inside the content folder (the file or its folder may be a link)."""
    try:
        target = writable_content_path(content_dir, path)
    except RefusedFile as refused:
        raise ContentError([Problem(display_path(path), 0, "error", f"this translation file {refused}",
                                    "file.refused")]) from None
    target.parent.mkdir(parents=True, exist_ok=True)
    write_atomic(target, str(catalogue).encode("utf-8"))
