"""The built-in Word styles, set up for large print: one font, sizes no smaller than the body text,
no italics or underline, 1.5 line spacing, and the document's language and direction."""

from __future__ import annotations

from docx.enum.style import WD_STYLE_TYPE
from docx.oxml.ns import qn
from docx.shared import Pt, RGBColor

from builder.fonts import SCRIPT_FONTS, ScriptFont
from builder.locale import Locale
from builder.writers.word.ooxml import element, set_child

TEXT = RGBColor(0x11, 0x11, 0x11)
LINK = RGBColor(0x0A, 0x3D, 0x91)
# style name -> size as a multiple of the body size
PARAGRAPH_SIZES = {
    "Normal": 1.0, "Title": 2.0, "Subtitle": 1.3, "Heading 1": 1.5, "Heading 2": 1.3, "Heading 3": 1.15,
    "Heading 4": 1.0, "Heading 5": 1.0, "Code": 1.0, "Definition Term": 1.0,
    "TOC Heading": 1.5, "toc 1": 1.0, "Quote": 1.0, "Caption": 1.0, "Footer": 1.0, "Header": 1.0,
    "List Bullet": 1.0, "List Bullet 2": 1.0, "List Bullet 3": 1.0, "List Number": 1.0, "List Number 2": 1.0,
    "List Number 3": 1.0, "List Continue": 1.0, "List Continue 2": 1.0, "List Continue 3": 1.0,
}
LEVEL_INDENT_TWIPS = 567
CODE_FONT = "Consolas"  # on every copy of Word; LibreOffice substitutes a metric-compatible font
NEW_PARAGRAPH_STYLES = ("toc 1", "Code", "Definition Term")  # not in python-docx's template


def apply_styles(document, locale: Locale, size: int) -> None:
    all_styles = document.styles
    _document_defaults(all_styles, locale, size)
    styles = {style.name: style for style in all_styles}  # python-docx looks a name up by scanning every style
    for name in NEW_PARAGRAPH_STYLES:
        if name not in styles:
            styles[name] = all_styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
            styles[name].base_style = styles["Normal"]
    if "Hyperlink" not in styles:
        styles["Hyperlink"] = all_styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
    for name, factor in PARAGRAPH_SIZES.items():
        style = styles[name]
        font = style.font
        font.size = Pt(round(size * factor, 1))
        set_child(style.element.get_or_add_rPr(), "w:szCs", val=_complex_size(size * factor, locale))
        font.italic = False
        font.underline = False
        font.color.rgb = TEXT
        _fonts(style.element.get_or_add_rPr(), locale)
        if name != "Normal":
            style.paragraph_format.space_before = Pt(size * 0.5) if factor > 1 else None
        if factor > 1 or name in ("Caption", "Heading 4", "Heading 5", "Definition Term"):
            font.bold = True
    normal = styles["Normal"].paragraph_format
    normal.line_spacing = 1.5
    normal.space_after = Pt(size)
    normal.widow_control = True
    for name in ("Heading 1", "Heading 2", "Heading 3", "Heading 4", "Heading 5", "Title", "Subtitle", "TOC Heading",
                 "Definition Term"):
        styles[name].paragraph_format.keep_with_next = True
        styles[name].paragraph_format.space_after = Pt(size * 0.75)
    styles["Heading 1"].paragraph_format.page_break_before = True
    styles["TOC Heading"].paragraph_format.page_break_before = True
    for name in ("List Bullet", "List Number", "List Continue"):
        for level in range(3):
            style = styles[name if level == 0 else f"{name} {level + 1}"]
            style.paragraph_format.space_after = Pt(size * 0.5)
            if name == "List Continue":
                ppr = style.element.get_or_add_pPr()
                set_child(ppr, "w:ind", start=str(LEVEL_INDENT_TWIPS * (level + 1)))
    code = styles["Code"]
    code.paragraph_format.keep_together = True
    code.paragraph_format.line_spacing = 1.15
    set_child(code.element.get_or_add_rPr(), "w:rFonts", ascii=CODE_FONT, hAnsi=CODE_FONT, cs=CODE_FONT,
              eastAsia=SCRIPT_FONTS["Hans"].family)
    set_child(code.element.get_or_add_pPr(), "w:ind", start=str(LEVEL_INDENT_TWIPS // 2))
    quote = styles["Quote"].paragraph_format
    set_child(styles["Quote"].element.get_or_add_pPr(), "w:ind", start=str(LEVEL_INDENT_TWIPS))
    quote.space_after = Pt(size * 0.5)
    for name in ("Strong", "Hyperlink"):
        font = styles[name].font
        font.bold = True
        font.italic = False
        font.underline = False
        font.color.rgb = LINK if name == "Hyperlink" else None
    if locale.rtl:
        set_child(styles["Normal"].element.get_or_add_pPr(), "w:bidi")
        set_child(styles["Normal"].element.get_or_add_rPr(), "w:rtl")
    _same_weight_in_every_script(all_styles)
    _drop_styles_with_effects(document)


def _drop_styles_with_effects(document) -> None:
    """The template's second copy of its styles (Word 2010's stylesWithEffects.xml, italic headings and
    all) would disagree with ours: Word rebuilds it from styles.xml when it is absent."""
    for key, relationship in list(document.part.rels.items()):
        if relationship.reltype.endswith("/stylesWithEffects"):
            document.part.drop_rel(key)


def _same_weight_in_every_script(styles) -> None:
    """Word keeps bold and italics twice: `w:b`/`w:i` for Latin text and `w:bCs`/`w:iCs` for Arabic,
    Urdu and other complex scripts. No style may be italic in either; a bold style is bold in both."""
    for style in styles:
        rpr = style.element.rPr
        if rpr is None:
            continue
        if rpr.find(qn("w:i")) is not None or rpr.find(qn("w:iCs")) is not None:
            set_child(rpr, "w:i", val="0")
            set_child(rpr, "w:iCs", val="0")
        bold = rpr.find(qn("w:b"))
        if bold is not None:
            set_child(rpr, "w:bCs", val=bold.get(qn("w:val"), "1"))


def _document_defaults(styles, locale: Locale, size: int) -> None:
    """Language and font for all text, in docDefaults, where Word looks last."""
    defaults = styles.element.find(element("w:docDefaults").tag)
    run_defaults = defaults.find(element("w:rPrDefault").tag)
    rpr = run_defaults.find(element("w:rPr").tag)
    if rpr is None:
        rpr = element("w:rPr")
        run_defaults.append(rpr)
    lang = locale.tag
    east_asian = lang if locale.script == "Hans" else "zh-CN"
    bidi = lang if locale.rtl else "ar-SA"
    set_child(rpr, "w:lang", val=lang, eastAsia=east_asian, bidi=bidi)
    _fonts(rpr, locale)
    set_child(rpr, "w:sz", val=str(size * 2))
    set_child(rpr, "w:szCs", val=_complex_size(size, locale))


def _fonts(rpr, locale: Locale) -> None:
    """Name the font for each script range explicitly, replacing the template's theme fonts."""
    main = locale.font.family
    latin = SCRIPT_FONTS["Latn"].family if main != SCRIPT_FONTS["Hans"].family else main
    set_child(rpr, "w:rFonts", ascii=latin, hAnsi=latin, cs=_complex_script_font(locale).family,
              eastAsia=SCRIPT_FONTS["Hans"].family)


def _complex_script_font(locale: Locale) -> ScriptFont:
    """The font Word uses for right-to-left and Indic text: the language's own, else Naskh for Arabic script."""
    return locale.font if locale.script in ("Arab", "Beng", "Guru") else SCRIPT_FONTS["Arab"]


def _complex_size(points: float, locale: Locale) -> str:
    """Word's size for complex-script text, in half points: larger where that script's letters look small."""
    return str(round(points * _complex_script_font(locale).size_adjust * 2))
