"""`python -m builder import handout.docx`: a Word document (or ODT, or Google Docs' .docx export) turned into
course modules, one per Heading 1, in the house style. pandoc reads the document (a maintained reader, not
hand-walked XML); this module splits its tree into modules, keeps pictures with their descriptions, turns
italics and underlining into bold, and writes nothing unless every file can be written."""

from __future__ import annotations

import html
import io
import json
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from builder.config import MODULE_SUFFIXES, slugify
from builder.outputs import write_atomic
from builder.picture_bytes import MAX_BYTES as MAX_PICTURE_BYTES
from builder.picture_bytes import image_type, looks_like_svg

READERS = {".docx": "docx", ".odt": "odt"}  # suffix -> pandoc's reader (Google Docs downloads .docx)
MAX_DOCUMENT_BYTES = 50_000_000
MAX_UNPACKED_BYTES = 500_000_000  # a zip that unpacks to more is refused: a zip bomb, not a handout
PANDOC_SECONDS = 120
CONVERTIBLE = {"image/tiff", "image/bmp", "image/x-ms-bmp"}  # pictures Pillow can save as PNG
NUMBER = re.compile(r"^(\d+)")


class ImportRefused(Exception):
    """The document cannot be imported safely or faithfully; the message says why and what to do. Nothing
    has been written."""


@dataclass
class Imported:
    """What an import wrote, and what the trainer should look at."""

    modules: list[Path] = field(default_factory=list)
    pictures: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass
class _Module:
    title: list[Any]  # pandoc inlines
    blocks: list[Any]  # pandoc blocks
    text_title: str = ""


def import_document(source: Path, into: Path, force: bool = False) -> Imported:
    """Turn `source` into modules in the course folder `into` (ImportRefused: nothing written)."""
    reader = READERS.get(source.suffix.lower())
    if reader is None:
        raise ImportRefused(f"{source.name}: only Word (.docx) and OpenDocument (.odt) files can be imported; save "
                            "it as .docx (Google Docs: File > Download > Microsoft Word)")
    try:
        data = source.read_bytes()
    except OSError as err:
        raise ImportRefused(f"{source}: cannot be read ({err.strerror})") from None
    inspect(data, reader, source.name)
    pandoc = shutil.which("pandoc")
    if pandoc is None:
        raise ImportRefused("importing needs pandoc: run `make import FILE=...` (it installs it), or "
                            "`sudo apt-get install pandoc`")
    with tempfile.TemporaryDirectory(prefix="atb-import-") as folder:
        work = Path(folder)
        headed: list[bool] = []
        (work / f"document.{reader}").write_bytes(_header_rows_in_body(data, headed) if reader == "odt" else data)
        tree = _pandoc(pandoc, ["-f", reader, "-t", "json", "--extract-media=media", f"document.{reader}"], work,
                       source.name)
        document = json.loads(tree)
        _drop_bookmarks(document["blocks"])
        _header_rows_again(document["blocks"], headed)
        result = Imported()
        content = zipfile.ZipFile(io.BytesIO(data)).read("content.xml").decode("utf-8", "replace") \
            if reader == "odt" else ""  # an ODT's text, read once for what pandoc's reader leaves out
        shown_title = _odt_title_paragraph(content) if reader == "odt" else ""
        modules = _split(document, source, shown_title or _stored_title(data), result)
        names = _names(modules, into)
        described = _odt_descriptions(content) if reader == "odt" else {}
        pictures = _pictures(modules, names, work, into, slugify(source.stem), result, described)
        counts = {"italic": 0, "underline": 0}
        texts = []
        for module in modules:
            _house_style(module.blocks, counts)
            blocks = [{"t": "Header", "c": [1, ["", [], []], module.title]}, *module.blocks]
            texts.append(_pandoc(pandoc, ["-f", "json", "-t", "commonmark_x", "--wrap=none"], work, source.name,
                                 json.dumps({**document, "blocks": blocks})))
        planned = [*(into / name for name in names), *pictures]
        existing = [path for path in planned if path.exists()]
        if existing and not force:
            raise ImportRefused("these files are there already: " + ", ".join(str(p) for p in existing[:5])
                                + (" and more" if len(existing) > 5 else "")
                                + ": import into another folder, or add --force to replace them")
        for target, made in pictures.items():
            target.parent.mkdir(parents=True, exist_ok=True)
            write_atomic(target, made)
            result.pictures.append(target)
        for name, text in zip(names, texts):
            write_atomic(into / name, text.encode("utf-8"))
            result.modules.append(into / name)
    if counts["italic"]:
        result.notes.append(f"{counts['italic']} passage(s) in italics are bold now (the house style: italics are "
                            "hard to read in large print): read them again in case they need no emphasis at all")
    if counts["underline"]:
        result.notes.append(f"{counts['underline']} underlined passage(s) are bold now (the house style: underlining "
                            "is hard to read in large print, and looks like a link): read them again")
    return result


def inspect(data: bytes, reader: str, name: str) -> None:
    """Refuse what cannot be imported safely: not a document, password-protected, macros, pictures linked
    from elsewhere rather than kept inside, or a file that unpacks to far more than it holds."""
    if len(data) > MAX_DOCUMENT_BYTES:
        raise ImportRefused(f"{name} is over {MAX_DOCUMENT_BYTES // 1_000_000} MB: make its pictures smaller, or "
                            "import it in parts")
    if not data.strip():
        raise ImportRefused(f"{name} is empty: save the document again, and import that")
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportRefused(f"{name} is an old Word file (.doc), or has a password: open it in Word, save it as "
                            "Word Document (.docx) without a password (File > Info > Protect Document), and import "
                            "that")
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        entries = archive.infolist()
        if sum(entry.file_size for entry in entries) > MAX_UNPACKED_BYTES:
            raise ImportRefused(f"{name} unpacks to over {MAX_UNPACKED_BYTES // 1_000_000} MB: it is not an "
                                "ordinary document")
        names = {entry.filename for entry in entries}
        if reader == "docx":
            if "word/document.xml" not in names:
                raise ImportRefused(f"{name} is not a Word document inside: save it again as .docx")
            with archive.open("word/document.xml") as document:  # its start says which namespace: no more
                start = document.read(4096)
            if b"purl.oclc.org/ooxml/wordprocessingml" in start:
                raise ImportRefused(f"{name} is saved as Strict Open XML, which the reader cannot read: in Word, "
                                    "File > Save As > Word Document (.docx), and import that")
            if any(n.lower().endswith(("vbaproject.bin", "vbadata.xml")) for n in names):
                raise ImportRefused(f"{name} holds macros, which are never run or kept: save a copy as .docx "
                                    "(Word Document, not Macro-Enabled) and import that")
            for part in (n for n in names if n.startswith("word/_rels/") and n.endswith(".rels")):
                relations = archive.read(part).decode("utf-8", "replace")
                for found in re.finditer(r"<Relationship\b[^>]*>", relations):
                    relation = found.group(0)
                    if 'TargetMode="External"' in relation and "/image" in relation:
                        raise ImportRefused(f"{name} links to pictures kept elsewhere instead of holding them: in "
                                            "Word, File > Info > Edit Links to Files > Break Link (or paste the "
                                            "pictures in), save, and import again")
        else:
            if "content.xml" not in names:
                raise ImportRefused(f"{name} is not an OpenDocument text inside: save it again as .odt")
            if any(n.startswith(("Basic/", "Scripts/")) for n in names):
                raise ImportRefused(f"{name} holds macros, which are never run or kept: save a copy without them "
                                    "and import that")
            try:
                content = archive.read("content.xml").decode("utf-8")
            except UnicodeDecodeError:
                raise ImportRefused(f"{name} is damaged (its text is not UTF-8 inside): open it and save it again") \
                    from None
            for link in re.findall(r'<draw:image\b[^>]*xlink:href="([^"]*)"', content):
                if not link.startswith("Pictures/"):
                    raise ImportRefused(f"{name} links to pictures kept elsewhere instead of holding them: in "
                                        "LibreOffice, Edit > Links to External Files > Break Link, save, and "
                                        "import again")
    except (zipfile.BadZipFile, EOFError, KeyError, NotImplementedError, RuntimeError) as err:
        if "encrypted" in str(err).lower() or "password" in str(err).lower():
            raise ImportRefused(f"{name} is password-protected: save a copy without a password and import that") \
                from None
        raise ImportRefused(f"{name} is damaged or not a {reader} document: open it and save it again") from None


def _pandoc(pandoc: str, arguments: list[str], work: Path, name: str, given: str | None = None) -> str:
    try:
        done = subprocess.run([pandoc, "--sandbox", *arguments], cwd=work, input=given, capture_output=True,
                              text=True, timeout=PANDOC_SECONDS, check=False)
    except subprocess.TimeoutExpired:
        raise ImportRefused(f"{name} took over {PANDOC_SECONDS} s to read: it may be damaged; open it and save it "
                            "again") from None
    if done.returncode != 0:
        reason = done.stderr.strip().splitlines()[-1][:200] if done.stderr.strip() else "no reason given"
        raise ImportRefused(f"{name} could not be read ({reason}): open it and save it again")
    return done.stdout


def _plain(inlines: list[Any]) -> str:
    parts = []
    for node in inlines:
        kind, content = node.get("t"), node.get("c")
        if kind == "Str":
            parts.append(content)
        elif kind in ("Space", "SoftBreak", "LineBreak"):
            parts.append(" ")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"):
            parts.append(_plain(content))
        elif kind in ("Link", "Span", "Quoted"):
            parts.append(_plain(content[1]))
        elif kind == "Code":
            parts.append(content[1])
    return "".join(parts).strip()


def _header_rows_in_body(data: bytes, headed: list[bool]) -> bytes:
    """An ODT with each table's heading row moved into its body, for pandoc 2.17's ODT reader, which leaves a
    heading row out; `headed` gets, table by table, whether it had one (`_header_rows_again` puts it back)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    content = source.read("content.xml").decode("utf-8")
    headed.extend("<table:table-header-rows>" in table for table in re.split(r"<table:table ", content)[1:])
    content = content.replace("<table:table-header-rows>", "").replace("</table:table-header-rows>", "")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for item in source.infolist():
            target.writestr(item, content.encode("utf-8") if item.filename == "content.xml" else
                            source.read(item.filename))
    return out.getvalue()


def _header_rows_again(blocks: list[Any], headed: list[bool]) -> None:
    """Each table that had a heading row gets its first row back as its heading (pandoc-api 1.22 tables)."""
    tables = [node for node in _walk(blocks) if node.get("t") == "Table"]
    for table, had in zip(tables, headed):
        head, bodies = table["c"][3], table["c"][4]
        if had and bodies and bodies[0][3] and not any(cell[4] for row in head[1] for cell in row[1]):
            head[1] = [bodies[0][3].pop(0)]


def _odt_descriptions(content: str) -> dict[str, str]:
    """Each ODT picture's description (its alt text), by file name: pandoc 2.17's ODT reader leaves them out."""
    found = {}
    for frame in re.findall(r"<draw:frame\b.*?</draw:frame>", content, re.DOTALL):
        image = re.search(r'<draw:image\b[^>]*xlink:href="([^"]+)"', frame)
        words = re.search(r"<svg:desc>([^<]*)</svg:desc>", frame) or re.search(r"<svg:title>([^<]*)</svg:title>", frame)
        if image and words and words.group(1).strip():
            found[Path(image.group(1)).name] = html.unescape(words.group(1)).strip()
    return found


def _odt_title_paragraph(content: str) -> str:
    """The words of an ODT's first paragraph in the Title style (pandoc 2.17's ODT reader keeps it as text)."""
    styles = {"Title", *re.findall(r'<style:style style:name="([^"]+)"[^>]*style:parent-style-name="Title"', content)}
    for style, words in re.findall(r'<text:p text:style-name="([^"]+)"[^>]*>(.*?)</text:p>', content, re.DOTALL):
        if style in styles:
            return html.unescape(re.sub(r"<[^>]+>", "", words)).strip()
    return ""


def _stored_title(data: bytes) -> str:
    """The title kept in the document's properties (Word's File > Info, LibreOffice's File > Properties)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for part in ("docProps/core.xml", "meta.xml"):
            if part in archive.namelist():
                found = re.search(r"<dc:title>([^<]*)</dc:title>", archive.read(part).decode("utf-8", "replace"))
                if found:
                    return html.unescape(found.group(1)).strip()
    return ""


def _drop_bookmarks(nodes: Any) -> None:
    """Take out empty spans (bookmarks Word and LibreOffice leave at headings), which would show as `[]{#x}`."""
    stack = [nodes]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            item[:] = [node for node in item if not (isinstance(node, dict) and node.get("t") == "Span"
                                                     and not node["c"][1])]
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def _split(document: dict, source: Path, stored_title: str = "", result: Imported | None = None) -> list[_Module]:
    """One module per Heading 1; text before the first, or a document without one, is a module named by the
    document's title (in the Title style at its top, else in its properties), else by its file's name."""
    meta_title = document.get("meta", {}).get("title", {})
    title = meta_title.get("c", []) if meta_title.get("t") == "MetaInlines" else []
    blocks = document["blocks"]
    if not _plain(title) and stored_title:
        title = [{"t": "Str", "c": stored_title}]
        if blocks and blocks[0].get("t") in ("Para", "Plain") and _plain(blocks[0]["c"]) == stored_title:
            blocks = blocks[1:]  # the title, set in the Title style: LibreOffice's reader keeps it as text
    if not _plain(title):
        title = [{"t": "Str", "c": source.stem.replace("_", " ").replace("-", " ").strip() or "Imported"}]
        if result is not None and (not blocks or blocks[0].get("t") != "Header" or blocks[0]["c"][0] != 1):
            result.notes.append(f"the document has no title, so its opening module is called \"{_plain(title)}\" "
                                "after the file: change the # line at its top if participants should see another")
    modules: list[_Module] = []
    current, opening = _Module(title, []), True  # the text before the first Heading 1
    for block in blocks:
        if block.get("t") == "Header" and block["c"][0] == 1:
            if current.blocks or not opening:
                modules.append(current)
            current, opening = _Module(block["c"][2], []), False
        else:
            current.blocks.append(block)
    modules.append(current)
    for module in modules:
        module.text_title = _plain(module.title) or "Untitled"
        for block in _walk(module.blocks):
            if block.get("t") == "Header":
                block["c"][1] = ["", [], []]  # the builder gives headings their anchors
    return modules


def _walk(nodes: Any):
    """Every pandoc element (a dict with "t") in and under `nodes`, depth first."""
    stack = [nodes]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            if "t" in item:
                yield item
            stack.extend(reversed(list(item.values())))
        elif isinstance(item, list):
            stack.extend(reversed(item))


def _names(modules: list[_Module], into: Path) -> list[str]:
    """File names for the modules: a module named as one already in the course (the same handout imported
    again) gets that module's file, which only --force replaces; a new one is numbered after the last."""
    existing = [path.name for path in sorted(into.glob("*")) if path.suffix.lower() in MODULE_SUFFIXES
                and NUMBER.match(path.name) and not path.name.endswith(".easy.md")] if into.is_dir() else []
    by_slug = {NUMBER.sub("", name).lstrip("-_ ").rsplit(".", 1)[0]: name for name in existing}
    following = max((int(NUMBER.match(name).group(1)) for name in existing), default=0) + 1
    width = max(2, len(str(following + len(modules))))
    names = []
    for module in modules:
        slug = slugify(module.text_title)
        if slug in by_slug and by_slug[slug] not in names:
            names.append(by_slug[slug])
        else:
            names.append(f"{following:0{width}d}-{slug}.md")
            following += 1
    return names


def _pictures(modules: list[_Module], names: list[str], work: Path, into: Path, folder: str,
              result: Imported, described: dict[str, str]) -> dict[Path, bytes]:
    """Each picture the document holds, checked and saved as images/<document>/<module>-<n>, its node pointed
    there; a picture no format can show (EMF, WMF) becomes its description, with a note."""
    made: dict[Path, bytes] = {}
    for module, module_name in zip(modules, names):
        number = 0
        for node in _walk(module.blocks):
            if node.get("t") != "Image":
                continue
            number += 1
            attributes, alt, (src, title) = node["c"]
            node["c"][0] = ["", [], []]  # sizes in inches mean nothing in large print
            if not _plain(alt) and Path(src).name in described:
                alt = node["c"][1] = [{"t": "Str", "c": described[Path(src).name]}]
            path = (work / src).resolve()
            if not path.is_relative_to(work.resolve()) or not path.is_file():
                continue
            data = path.read_bytes()[:MAX_PICTURE_BYTES + 1]
            kind = image_type(data[:64]) or ("image/svg+xml" if looks_like_svg(data[:1024]) else None)
            suffix = {"image/png": ".png", "image/jpeg": ".jpg", "image/gif": ".gif", "image/svg+xml": ".svg"}
            if kind is None:
                data, kind = _as_png(data)
            name = f"{Path(module_name).stem}-{number}{suffix.get(kind or '', '')}"
            if kind is None or len(data) > MAX_PICTURE_BYTES:
                described = _plain(alt) or "a picture"
                result.notes.append(f"{module.text_title}: a picture ({Path(src).suffix or 'unknown kind'}) that no "
                                    f"format can show is now its description, \"{described}\": save it as PNG and "
                                    "add it back")
                node["t"], node["c"] = "Span", [["", [], []], alt or [{"t": "Str", "c": described}]]
                continue
            target = into / "images" / folder / name
            made[target] = data
            node["c"][2] = [f"images/{folder}/{name}", title]  # one without a description: the check says so
    return made


def _as_png(data: bytes) -> tuple[bytes, str | None]:
    """A TIFF or BMP picture as PNG (Pillow reads them); (data, None) for anything else."""
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as picture:
            if Image.MIME.get(picture.format or "") not in CONVERTIBLE:
                return data, None
            out = io.BytesIO()
            picture.save(out, format="PNG")
            return out.getvalue(), "image/png"
    except (OSError, ValueError, Image.DecompressionBombError):
        return data, None


def _house_style(blocks: list[Any], counts: dict[str, int]) -> None:
    """Italics and underlining become bold, counted (the house style: both are hard to read in large print);
    bold inside bold is bold once, and a table's heading row is not bold twice over (it is shown bold)."""
    for node in _walk(blocks):
        if node.get("t") == "Emph":
            node["t"] = "Strong"
            counts["italic"] += 1
        elif node.get("t") == "Underline":
            node["t"] = "Strong"
            counts["underline"] += 1
    for node in _walk(blocks):
        if node.get("t") == "Strong":
            while len(node["c"]) == 1 and node["c"][0].get("t") == "Strong":
                node["c"] = node["c"][0]["c"]
        elif node.get("t") == "Table":
            for row in node["c"][3][1]:
                for cell in row[1]:
                    for block in cell[4]:
                        if block.get("t") in ("Plain", "Para") and len(block["c"]) == 1 \
                                and block["c"][0].get("t") == "Strong":
                            block["c"] = block["c"][0]["c"]
