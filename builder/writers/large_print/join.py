"""Tagged PDFs laid out apart (cover and contents, then each module) joined into one: pages in order, one
structure tree, one parent tree, one set of named destinations (so links between modules land), one
outline, and the page numbers laid over the pages as pagination artifacts. The first part gives the
document its catalogue: language, metadata, viewer preferences."""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass, field


_ARTIFACT = b"/Artifact <</Type /Pagination /Subtype /Footer>> BDC"


@dataclass(frozen=True)
class LaidOut:
    """One part as WeasyPrint made it: its PDF, and the anchors it holds only so that its links to other
    parts are kept (WeasyPrint drops a link to a missing anchor); theirs are the real ones."""

    pdf: bytes
    borrowed: frozenset[str] = field(default_factory=frozenset)


def join(parts: list[LaidOut], numbers: bytes) -> bytes:
    """One PDF/UA document from `parts`, as if laid out together; `numbers` is an untagged PDF of at least
    as many pages, blank but for their numbers (those beyond the last page are left out)."""
    import pikepdf

    sources = [pikepdf.open(io.BytesIO(part.pdf)) for part in parts] + [pikepdf.open(io.BytesIO(numbers))]
    try:
        target = sources[0]
        document = _document_element(target)
        nums = list(target.Root.StructTreeRoot.ParentTree.Nums)
        next_key = _next_key(nums)
        dests = _dests(target, parts[0].borrowed)
        outline = _outline(target, 0)
        for source, part in zip(sources[1:-1], parts[1:]):
            first_page = len(target.pages)
            _shift_keys(source, next_key)
            source_nums = list(source.Root.StructTreeRoot.ParentTree.Nums)
            next_key = max(next_key, _next_key(source_nums))
            with warnings.catch_warnings():  # (pikepdf warns that named destinations are not copied: see below)
                warnings.simplefilter("ignore", getattr(pikepdf, "PageCopyWarning", RuntimeWarning))
                target.pages.extend(source.pages)
            # Copied after its pages, so that references to them are to the copies just added.
            for child in _copy(target, source, _document_element(source).K):
                child.P = document
                document.K.append(child)
            nums += [value if isinstance(value, int) else _copy(target, source, value) for value in source_nums]
            dests.update({name: _copy(target, source, dest) for name, dest in _dests(source, part.borrowed).items()})
            outline += _outline(source, first_page)
        _drop_borrowed(document)
        tree = target.Root.StructTreeRoot
        tree.ParentTree = target.make_indirect(pikepdf.Dictionary(Nums=pikepdf.Array(nums)))
        tree.ParentTreeNextKey = next_key
        names = pikepdf.Array()
        for name in sorted(dests):  # a name tree's keys are in order
            names.append(pikepdf.String(name))
            names.append(dests[name])
        target.Root.Names = pikepdf.Dictionary(Dests=target.make_indirect(pikepdf.Dictionary(Names=names)))
        _write_outline(target, outline)
        _number(target, sources[-1])
        out = io.BytesIO()
        target.save(out, deterministic_id=True, object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()
    finally:
        for source in sources:
            source.close()


def _copy(target, source, obj):
    """`obj` of `source` copied into `target` (the same copy each time it or what it refers to is asked for)."""
    return target.copy_foreign(obj if obj.is_indirect else source.make_indirect(obj))


def _number(target, numbers) -> None:
    """Lay each page of `numbers` over the same page of `target`, marked as a pagination artifact."""
    import pikepdf

    for index, (page, folio) in enumerate(zip(target.pages, numbers.pages)):
        if not folio.obj.get("/Contents"):
            continue
        form = target.copy_foreign(folio.as_form_xobject())  # named by page: parts' pages share resources
        name = page.add_resource(form, pikepdf.Name.XObject, pikepdf.Name(f"/PageNumber{index}"))
        # The page's own content leaves its coordinates flipped: it is wrapped in q/Q first.
        page.contents_add(target.make_stream(b"q\n"), prepend=True)
        page.contents_add(target.make_stream(b"Q\n" + _ARTIFACT + b" q " + bytes(name) + b" Do Q EMC\n"),
                          prepend=False)


def _document_element(pdf):
    """The structure tree's one /Document element, whose children are the part's sections."""
    kids = pdf.Root.StructTreeRoot.K
    return kids[0] if isinstance(kids, list) or hasattr(kids, "append") else kids


def _drop_borrowed(document) -> None:
    """Drop the empty spans that the borrowed anchors left at the top of each part."""
    import pikepdf

    def empty_span(kid) -> bool:
        inner = kid.get("/K") if isinstance(kid, pikepdf.Dictionary) else 0
        return kid.get("/S") == "/Span" and (inner is None or isinstance(inner, pikepdf.Array) and len(inner) == 0)

    kept = [kid for kid in document.K if not empty_span(kid)]
    if len(kept) != len(document.K):
        document.K = pikepdf.Array(kept)


def _next_key(nums: list) -> int:
    keys = [int(nums[i]) for i in range(0, len(nums), 2)]
    return max(keys, default=-1) + 1


def _shift_keys(pdf, offset: int) -> None:
    """Renumber a part's parent-tree keys (pages' /StructParents, annotations' /StructParent) past the
    keys already used, before it joins."""
    import pikepdf

    tree = pdf.Root.StructTreeRoot.ParentTree
    nums = list(tree.Nums)
    tree.Nums = pikepdf.Array([int(item) + offset if index % 2 == 0 else item for index, item in enumerate(nums)])
    for page in pdf.pages:
        if "/StructParents" in page.obj:
            page.obj.StructParents = int(page.obj.StructParents) + offset
        for annotation in page.obj.get("/Annots", []):
            if "/StructParent" in annotation:
                annotation.StructParent = int(annotation.StructParent) + offset


def _dests(pdf, borrowed: frozenset[str]) -> dict:
    """A part's named destinations but those it only borrowed."""
    names = pdf.Root.get("/Names")
    if names is None or "/Dests" not in names:
        return {}
    flat = list(names.Dests.get("/Names", []))
    return {str(flat[i]): flat[i + 1] for i in range(0, len(flat), 2) if str(flat[i]) not in borrowed}


@dataclass
class _Entry:
    title: str
    page: int
    left: float
    top: float
    closed: bool
    children: list[_Entry]


def _outline(pdf, first_page: int) -> list[_Entry]:
    """A part's bookmarks, with their pages counted in the joined document."""
    pages = {page.objgen: index for index, page in enumerate(pdf.pages)}
    with pdf.open_outline() as outline:
        return [_entry(item, pages, first_page) for item in outline.root]


def _entry(item, pages: dict, first_page: int) -> _Entry:
    dest = item.destination
    return _Entry(item.title, first_page + pages[dest[0].objgen], float(dest[2]), float(dest[3]), item.is_closed,
                  [_entry(child, pages, first_page) for child in item.children])


def _write_outline(pdf, entries: list[_Entry]) -> None:
    from pikepdf import OutlineItem, PageLocation

    def made(entry: _Entry) -> OutlineItem:
        item = OutlineItem(entry.title, entry.page, PageLocation.XYZ, left=entry.left, top=entry.top, zoom=0)
        item.is_closed = entry.closed
        item.children.extend(made(child) for child in entry.children)
        return item

    with pdf.open_outline() as outline:
        outline.root.clear()
        outline.root.extend(made(entry) for entry in entries)
