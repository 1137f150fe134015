"""WordprocessingML that python-docx has no API for: numbering, fields, bookmarks, links, language.

Each helper builds or edits XML with python-docx's own `OxmlElement`, so the document stays one object.
"""

from __future__ import annotations

import io
import re
import zipfile

from docx.opc.constants import RELATIONSHIP_TYPE

from builder.outputs import zip_entry
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

BULLETS = ("\u2022", "\u2013", "\u2022")  # bullet, en dash, bullet: all in Atkinson Hyperlegible
NUMBER_FORMATS = ("decimal", "lowerLetter", "lowerRoman")
LEVEL_INDENT_TWIPS = 567  # 1 cm per level


def element(tag: str, **attributes: str):
    """`element("w:lang", val="pl")` -> <w:lang w:val="pl"/>."""
    node = OxmlElement(tag)
    prefix = tag.split(":")[0]
    for name, value in attributes.items():
        node.set(qn(f"{prefix}:{name}"), value)
    return node


# Children must appear in schema order (ECMA-376); Word refuses files where they do not.
CHILD_ORDER: dict[str, tuple[str, ...]] = {
    "w:rPr": ("w:rStyle", "w:rFonts", "w:b", "w:bCs", "w:i", "w:iCs", "w:caps", "w:smallCaps", "w:strike",
              "w:dstrike", "w:outline", "w:shadow", "w:emboss", "w:imprint", "w:noProof", "w:snapToGrid",
              "w:vanish", "w:webHidden", "w:color", "w:spacing", "w:w", "w:kern", "w:position", "w:sz", "w:szCs",
              "w:highlight", "w:u", "w:effect", "w:bdr", "w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs",
              "w:em", "w:lang", "w:eastAsianLayout", "w:specVanish", "w:oMath"),
    "w:pBdr": ("w:top", "w:left", "w:bottom", "w:right", "w:between", "w:bar"),
    "w:pPr": ("w:pStyle", "w:keepNext", "w:keepLines", "w:pageBreakBefore", "w:framePr", "w:widowControl",
              "w:numPr", "w:suppressLineNumbers", "w:pBdr", "w:shd", "w:tabs", "w:suppressAutoHyphens",
              "w:kinsoku", "w:wordWrap", "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
              "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind", "w:contextualSpacing",
              "w:mirrorIndents", "w:suppressOverlap", "w:jc", "w:textDirection", "w:textAlignment",
              "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange"),
    "w:tblPr": ("w:tblStyle", "w:tblpPr", "w:tblOverlap", "w:bidiVisual", "w:tblStyleRowBandSize",
                "w:tblStyleColBandSize", "w:tblW", "w:jc", "w:tblCellSpacing", "w:tblInd", "w:tblBorders", "w:shd",
                "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription", "w:tblPrChange"),
    "w:tcPr": ("w:cnfStyle", "w:tcW", "w:gridSpan", "w:hMerge", "w:vMerge", "w:tcBorders", "w:shd", "w:noWrap",
               "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark"),
    "w:trPr": ("w:cnfStyle", "w:divId", "w:gridBefore", "w:gridAfter", "w:wBefore", "w:wAfter", "w:cantSplit",
               "w:trHeight", "w:tblHeader", "w:tblCellSpacing", "w:jc", "w:hidden"),
    "w:sectPr": ("w:headerReference", "w:footerReference", "w:footnotePr", "w:endnotePr", "w:type", "w:pgSz",
                 "w:pgMar", "w:paperSrc", "w:pgBorders", "w:lnNumType", "w:pgNumType", "w:cols", "w:formProt",
                 "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi", "w:rtlGutter", "w:docGrid"),
}


def set_child(parent, tag: str, **attributes: str):
    """Replace any `tag` child of `parent` with a new one carrying `attributes`, in schema order."""
    for old in parent.findall(qn(tag)):
        parent.remove(old)
    child = element(tag, **attributes)
    order = next((seq for name, seq in CHILD_ORDER.items() if parent.tag == qn(name)), None)
    if order and tag in order:
        later = {qn(name) for name in order[order.index(tag) + 1:]}
        for existing in parent:
            if existing.tag in later:
                existing.addprevious(child)
                return child
    parent.append(child)
    return child


def word_2013_layout(settings) -> None:
    """Lay the document out as Word 2013 and later do (compatibility mode 15, not the template's 14): a table's
    indent is measured to its border, as LibreOffice measures a table inside a table in any mode, so a box inside
    a box, or a table in a box, is in the same place in both."""
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")


def add_list_definitions(numbering, ordered: bool, abstract_id: int, font: str) -> None:
    """A three-level list definition: bullets or numbers, each level indented a further 1 cm."""
    abstract = element("w:abstractNum", abstractNumId=str(abstract_id))
    abstract.append(element("w:multiLevelType", val="multilevel"))
    for level in range(3):
        lvl = element("w:lvl", ilvl=str(level))
        lvl.append(element("w:start", val="1"))
        lvl.append(element("w:numFmt", val=NUMBER_FORMATS[level] if ordered else "bullet"))
        lvl.append(element("w:lvlText", val=f"%{level + 1}." if ordered else BULLETS[level]))
        lvl.append(element("w:lvlJc", val="start"))
        ppr = element("w:pPr")
        ppr.append(element("w:ind", start=str(LEVEL_INDENT_TWIPS * (level + 1)), hanging=str(LEVEL_INDENT_TWIPS)))
        lvl.append(ppr)
        rpr = element("w:rPr")
        rpr.append(element("w:rFonts", ascii=font, hAnsi=font, cs=font))
        lvl.append(rpr)
        abstract.append(lvl)
    # abstractNum elements must come before num elements
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)


def new_list_instance(numbering, abstract_id: int, start: int = 1) -> int:
    """A new w:num for one list, restarting its numbering at `start`; returns its numId."""
    used = [int(n.get(qn("w:numId"))) for n in numbering.findall(qn("w:num"))]
    num_id = max(used, default=0) + 1
    num = element("w:num", numId=str(num_id))
    num.append(element("w:abstractNumId", val=str(abstract_id)))
    for level in range(3):
        override = element("w:lvlOverride", ilvl=str(level))
        override.append(element("w:startOverride", val=str(start if level == 0 else 1)))
        num.append(override)
    numbering.append(num)
    return num_id


def set_numbering(paragraph, num_id: int, level: int) -> None:
    ppr = paragraph._p.get_or_add_pPr()
    numpr = set_child(ppr, "w:numPr")
    numpr.append(element("w:ilvl", val=str(level)))
    numpr.append(element("w:numId", val=str(num_id)))


def add_bookmark(paragraph, bookmark_id: int, name: str) -> None:
    """A bookmark around the paragraph's content, the target of internal links and TOC entries."""
    start = element("w:bookmarkStart", id=str(bookmark_id), name=name)
    end = element("w:bookmarkEnd", id=str(bookmark_id))
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def add_hyperlink(paragraph, text_runs: list, url: str | None = None, anchor: str | None = None):
    """Wrap already-built runs in a w:hyperlink: external (a relationship) or to a bookmark."""
    link = element("w:hyperlink")
    if url is not None:
        rel_id = paragraph.part.relate_to(url, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
        link.set(qn("r:id"), rel_id)
    if anchor is not None:
        link.set(qn("w:anchor"), anchor)
    for run in text_runs:
        link.append(run._r)
    paragraph._p.append(link)
    return link


def add_field(paragraph, instruction: str, cached: str = "") -> None:
    """A complex field (PAGE, TOC...) with a cached result shown until the field is updated."""
    def run_with(child):
        r = element("w:r")
        r.append(child)
        paragraph._p.append(r)

    run_with(element("w:fldChar", fldCharType="begin"))
    instr = element("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(element("w:fldChar", fldCharType="separate"))
    text = element("w:t")
    text.text = cached
    run_with(text)
    run_with(element("w:fldChar", fldCharType="end"))


def wrap_in_toc_field(paragraphs: list) -> None:
    """Make the given paragraphs the cached result of a TOC field over heading levels 1 to 3.

    The entries are already links to the headings, so the contents work before anyone updates the
    field; updating it in Word (F9) adds page numbers.
    """
    if not paragraphs:
        return
    first, last = paragraphs[0]._p, paragraphs[-1]._p
    anchor = first.pPr
    begin = []
    for child in (element("w:fldChar", fldCharType="begin"), None, element("w:fldChar", fldCharType="separate")):
        r = element("w:r")
        if child is None:
            child = element("w:instrText")
            child.set(qn("xml:space"), "preserve")
            child.text = ' TOC \\o "1-3" \\h \\z \\u '
        r.append(child)
        begin.append(r)
    for r in reversed(begin):
        if anchor is not None:
            anchor.addnext(r)
        else:
            first.insert(0, r)
    end = element("w:r")
    end.append(element("w:fldChar", fldCharType="end"))
    last.append(end)


def set_run_language(run_properties, lang: str, rtl: bool | None = None) -> None:
    set_child(run_properties, "w:lang", val=lang, eastAsia=lang, bidi=lang)
    if rtl is not None:
        set_child(run_properties, "w:rtl", val="1" if rtl else "0")


def alt_text(inline_shape, description: str) -> None:
    """Alt text of a picture: `descr` on its wp:docPr, which Word and screen readers read."""
    doc_pr = inline_shape._inline.docPr
    doc_pr.set("descr", description)
    doc_pr.set("title", "")


SVG_EXTENSION = "{96DAC541-7B7A-43D3-8B79-37D633B846F1}"  # Office 2016's "this picture also has an SVG"
def add_svg(inline_shape, document_part, data: bytes) -> None:
    """Put the SVG beside a picture's PNG, as Office 2016 and LibreOffice read it (`asvg:svgBlip`)."""
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    package = document_part.package
    number = 1 + sum(1 for part in package.iter_parts() if str(part.partname).endswith(".svg"))
    part = Part(PackURI(f"/word/media/drawing{number}.svg"), "image/svg+xml", data, package)
    relationship = document_part.relate_to(part, RELATIONSHIP_TYPE.IMAGE)
    blip = inline_shape._inline.graphic.graphicData.pic.blipFill.blip
    extensions = etree.SubElement(blip, qn("a:extLst"))
    extension = etree.SubElement(extensions, qn("a:ext"), uri=SVG_EXTENSION)
    svg_blip = etree.SubElement(extension, "{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip",
                                nsmap={"asvg": "http://schemas.microsoft.com/office/drawing/2016/SVG/main"})
    svg_blip.set(qn("r:embed"), relationship)


def repeat_header_row(row) -> None:
    trpr = row._tr.get_or_add_trPr()
    set_child(trpr, "w:tblHeader", val="true")
    set_child(trpr, "w:cantSplit", val="true")


def keep_row_together(row) -> None:
    set_child(row._tr.get_or_add_trPr(), "w:cantSplit", val="true")


def fixed_zip(data: bytes, replacements: dict[str, tuple[str, str]]) -> bytes:
    """Rewrite the .docx zip with every entry dated 1980-01-01 (same input, same bytes), applying
    `replacements` {part name: (regex, replacement)} to text parts on the way."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename in replacements:
                pattern, replacement = replacements[info.filename]
                content = re.sub(pattern, replacement, content.decode("utf-8")).encode("utf-8")
            # Pictures are compressed already: deflated again at the fastest level (for the sample, the zip
            # took 32 ms not 46, and came out 3% smaller).
            fast = info.filename.lower().endswith((".png", ".jpg", ".jpeg"))
            target.writestr(zip_entry(info.filename), content, compresslevel=1 if fast else None)
    return out.getvalue()
