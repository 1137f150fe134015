"""Closing WeasyPrint's PDF/UA gaps: language changes and header scope on structure elements
(added while WeasyPrint builds its tag tree), and page furniture as artifacts (after, with pikepdf)."""

from __future__ import annotations

import contextlib
import io
import re
from typing import Iterator

SCOPES = {"col": "/Column", "row": "/Row", "colgroup": "/Column", "rowgroup": "/Row"}


@contextlib.contextmanager
def element_attributes() -> Iterator[None]:
    """While rendering, give structure elements /Lang from `lang=` and table headers /Scope from `scope=`.

    WeasyPrint 70 builds one structure element per box in `weasyprint.pdf.tags._build_box_tree`, a
    recursive generator called by name; wrapping it is the one place where box and element meet.
    """
    from weasyprint.pdf import tags

    original = tags._build_box_tree

    def build(box, parent, pdf, *rest):
        source = getattr(box, "element", None)
        for element in original(box, parent, pdf, *rest):
            if source is not None and getattr(source, "tag", None) not in ("html", "body"):
                _annotate(element, source)
            yield element

    tags._build_box_tree = build
    try:
        yield
    finally:
        tags._build_box_tree = original


def _annotate(element, source) -> None:
    import pydyf

    lang = source.get("lang")
    if lang and "Lang" not in element:
        element["Lang"] = pydyf.String(lang)
    if source.get("data-figure-alt") is not None:  # a drawing with its words set by the page: one figure
        element["S"] = "/Figure"
        element["Alt"] = pydyf.String(source.get("data-figure-alt"))
    elif source.get("data-in-figure") is not None:  # its picture: inside that figure, not described again
        element["S"] = "/Span"
        element.pop("Alt", None)
    if element.get("S") == "/TH":
        scope = SCOPES.get(source.get("scope", "col"), "/Column")
        element.setdefault("A", pydyf.Dictionary({"O": "/Table"}))
        element["A"]["Scope"] = scope


def fix_tags(pdf_bytes: bytes) -> bytes:
    """Mark page numbers as pagination artifacts, so screen readers do not read them as text.

    WeasyPrint builds structure elements for @page margin boxes but leaves them out of the tree;
    their marked content is what this turns into /Artifact. A PDF with none (a part laid out without its
    numbers) is given back as it is: writing it again would change nothing but cost time.
    """
    import pikepdf

    marked = False
    with pikepdf.open(io.BytesIO(pdf_bytes)) as pdf:
        tree = pdf.Root.StructTreeRoot
        reachable: set[tuple[int, int]] = set()
        _collect(tree.K, reachable)
        nums = tree.ParentTree.Nums
        parents = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
        for page in pdf.pages:
            key = page.obj.get("/StructParents")
            mapping = parents.get(int(key)) if key is not None else None
            if not isinstance(mapping, pikepdf.Array):
                continue
            furniture = {mcid for mcid, element in enumerate(mapping)
                         if isinstance(element, pikepdf.Dictionary) and element.objgen not in reachable}
            if furniture:
                marked = True
                _mark_artifacts(pdf, page, furniture)
                for mcid in furniture:
                    mapping[mcid] = pikepdf.Object.parse(b"null")
        if not marked:
            return pdf_bytes
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
    return out.getvalue()


def _collect(node, reachable: set[tuple[int, int]]) -> None:
    import pikepdf

    if isinstance(node, pikepdf.Array):
        for child in node:
            _collect(child, reachable)
    elif isinstance(node, pikepdf.Dictionary) and "/S" in node:
        reachable.add(node.objgen)
        _collect(node.get("/K"), reachable)


_MARKED_SPAN = re.compile(rb"/Span\s*<<\s*/MCID\s+(\d+)\s*>>\s*BDC")
_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


def _mark_artifacts(pdf, page, furniture: set[int]) -> None:
    """Rewrite `/Span <</MCID n>> BDC` as a pagination artifact for each MCID in `furniture`.

    A byte-level rewrite of WeasyPrint's regular content streams: parsing and re-serialising every
    operator with pikepdf took longer than the rest of the post-processing together.
    """
    import pikepdf

    def replace(match: re.Match) -> bytes:
        return _ARTIFACT if int(match.group(1)) in furniture else match.group(0)

    contents = page.obj.Contents
    streams = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
    data = b"\n".join(stream.read_bytes() for stream in streams)
    page.obj.Contents = pdf.make_stream(_MARKED_SPAN.sub(replace, data))
