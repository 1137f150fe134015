"""An SVG picture written out again through an allow-list: only the elements and attributes a static drawing
needs, styles parsed as a browser parses them (tinycss2: escapes undone, comments gone) and written again
with only drawing properties whose values fetch nothing, no processing instructions, comments, animation or
editor data. Only the rebuilt picture is ever used, so what a filter could miss is simply not written. Each
element keeps the line it had in the file (line breaks are added inside its start tag), so that a translation's
reference to a picture's words still finds them."""

from __future__ import annotations

import math
import re
from xml.sax.saxutils import escape, quoteattr

import tinycss2
from lxml import etree

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

ELEMENTS = frozenset("""svg g defs symbol use title desc path rect circle ellipse line polyline polygon text tspan
textPath linearGradient radialGradient stop pattern clipPath mask marker image style a switch filter feBlend
feColorMatrix feComponentTransfer feComposite feConvolveMatrix feDiffuseLighting feDisplacementMap
feDistantLight feDropShadow feFlood feFuncA feFuncB feFuncG feFuncR feGaussianBlur feMerge feMergeNode
feMorphology feOffset fePointLight feSpecularLighting feSpotLight feTile feTurbulence""".split())
# Drawing properties: allowed as attributes and in styles
PROPERTIES = frozenset("""alignment-baseline baseline-shift clip clip-path clip-rule color color-interpolation
color-interpolation-filters direction display dominant-baseline fill fill-opacity fill-rule filter flood-color
flood-opacity font font-family font-size font-size-adjust font-stretch font-style font-variant font-weight
letter-spacing lighting-color line-height marker marker-end marker-mid marker-start mask mask-type
mix-blend-mode isolation opacity overflow paint-order shape-rendering stop-color stop-opacity stroke
stroke-dasharray stroke-dashoffset stroke-linecap stroke-linejoin stroke-miterlimit stroke-opacity stroke-width
text-anchor text-decoration text-rendering transform transform-origin transform-box unicode-bidi vector-effect
visibility white-space word-spacing writing-mode image-rendering inline-size""".split())
ATTRIBUTES = PROPERTIES | frozenset("""id class style x y x1 y1 x2 y2 cx cy r rx ry fx fy fr width height d points
pathLength viewBox preserveAspectRatio version dx dy rotate textLength lengthAdjust startOffset method spacing
side path offset gradientUnits gradientTransform spreadMethod patternUnits patternContentUnits patternTransform
clipPathUnits maskUnits maskContentUnits markerUnits markerWidth markerHeight orient refX refY filterUnits
primitiveUnits in in2 result stdDeviation mode operator k1 k2 k3 k4 values type tableValues slope intercept
amplitude exponent kernelMatrix order divisor bias targetX targetY edgeMode kernelUnitLength preserveAlpha
surfaceScale diffuseConstant specularConstant specularExponent limitingConeAngle azimuth elevation pointsAtX
pointsAtY pointsAtZ z scale xChannelSelector yChannelSelector radius baseFrequency numOctaves seed stitchTiles
role focusable lang tabindex requiredFeatures systemLanguage""".split())
# Functions whose value is another picture or file, whatever their arguments: never written; and arithmetic,
# which can reach infinity (calc(infinity * 1px))
FETCHING = frozenset({"image", "image-set", "-webkit-image-set", "cross-fade", "element", "src", "paint", "calc",
                      "min", "max", "clamp"})
_CODE_IN_STRING = re.compile(r"[(){};@\\\n<>]|url|://", re.IGNORECASE)
# The numbers a drawing can hold: beyond them (1e309 is infinite) a browser ignores a value; writers looped or
# hung (a dash of 1e-9 along a line 1e9 long is a billion dashes)
LARGEST, SMALLEST = 1e6, 1e-6
SHORTEST_DASH = 0.1  # user units
NOT_DATA = ("id", "class", "style", "href", "lang", "role", "type", "mode", "operator", "in", "in2", "result",
            "font-family", "systemLanguage", "requiredFeatures")
_NUMBER = re.compile(r"[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|\b(?:inf(?:inity)?|nan)\b", re.IGNORECASE)
_TRANSFORM = re.compile(r"(matrix|translate|scale|rotate|skewX|skewY)\s*\(([^)]*)\)", re.IGNORECASE)


def rebuilt(root) -> str:
    """The checked tree written out again through the allow-list (the tree is parsed: no comments, no
    processing instructions, no DOCTYPE)."""
    out: list[str] = []
    _write(root, out, [1], root=True)
    return "".join(out)


def _write(element, out: list[str], line: list[int], root: bool = False) -> None:
    qualified = etree.QName(element)
    if qualified.namespace != SVG or qualified.localname not in ELEMENTS:
        return  # editor data (sodipodi:namedview, metadata), animation, anything not drawn: left out
    name = qualified.localname
    invertible = _invertible(element.get("transform"))
    if not invertible and not root:
        return  # a browser draws nothing for an element it cannot transform back (scale(0), matrix(0 0 0 0 0 0))
    parts = [f"<{name}"]
    if root:
        parts.append(f' xmlns="{SVG}" xmlns:xlink="{XLINK}"')
    for attribute, value in element.attrib.items():
        if attribute == "transform" and not invertible:
            continue  # the picture itself is kept, drawn untransformed
        kept = _attribute(name, etree.QName(attribute), value)
        if kept:
            parts.append(f" {kept[0]}={quoteattr(kept[1])}")
    start = "".join(parts).replace("\n", " ")
    target = element.sourceline or line[0]  # the line its start tag ends on in the file
    start += "\n" * max(0, target - line[0])
    line[0] = max(line[0], target)
    if name == "style":  # every text inside it is style sheet, the text after a child element's too
        text = _style_text((element.text or "") + "".join(child.tail or "" for child in element))
        inner = []
    else:
        text, inner = element.text or "", list(element)
    if not inner and not text:
        out.append(start + "/>")
    else:
        out.append(start + ">" + escape(text))
        line[0] += text.count("\n")
        for child in inner:
            if isinstance(child.tag, str):
                _write(child, out, line)
            tail = child.tail or ""
            out.append(escape(tail))
            line[0] += tail.count("\n")
        out.append(f"</{name}>")


def _attribute(element: str, qualified, value: str) -> tuple[str, str] | None:
    """An attribute as it is written again, or None when it is left out."""
    namespace, local = qualified.namespace, qualified.localname
    if namespace == XML and local in ("space", "lang"):
        return f"xml:{local}", value
    if namespace == XLINK and local in ("href", "title"):
        name = f"xlink:{local}"
    elif namespace is None and (local in ATTRIBUTES or local == "href" or local.startswith(("data-", "aria-"))):
        name = local
    else:
        return None
    if local == "href":  # the check allowed only a fragment, or a picture embedded as data in an <image>
        reference = value.strip()
        return (name, reference) if reference.startswith("#") or (element == "image" and
                                                                   reference.lower().startswith("data:")) else None
    if local == "style":
        declarations = _declarations(value)
        return (name, declarations) if declarations else None
    if local not in NOT_DATA and not local.startswith(("data-text", "aria-")) and not _finite(value):
        return None  # a number no drawing can hold: ignored, as a browser ignores it
    if local in ("gradientTransform", "patternTransform") and not _invertible(value):
        return None
    if local == "stroke-dasharray" and not _dashes(value):
        return None
    if local in PROPERTIES:  # a browser reads a drawing attribute with its CSS parser: check it the same way
        return (name, value) if _safe(tinycss2.parse_component_value_list(value)) else None
    return name, value


def _finite(value: str) -> bool:
    """Every number in an attribute's value is one a drawing can hold (`_holdable`)."""
    for found in _NUMBER.finditer(value):
        try:
            number = float(found.group(0))
        except ValueError:
            return False
        if not _holdable(number):
            return False
    return True


def _holdable(number: float) -> bool:
    """0, or finite and between SMALLEST and LARGEST either way."""
    return math.isfinite(number) and (number == 0 or SMALLEST <= abs(number) <= LARGEST)


def _dashes(value: str) -> bool:
    """A dash pattern with no dash or gap so short that a line becomes millions of them."""
    return all(float(found.group(0)) >= SHORTEST_DASH or float(found.group(0)) == 0
               for found in _NUMBER.finditer(value) if found.group(0)[0] not in "iInN")


def _invertible(transform: str | None) -> bool:
    """A transform list that a drawing can be turned back from: each step's determinant finite and not 0."""
    if not transform:
        return True
    for function, arguments in _TRANSFORM.findall(transform):
        try:
            numbers = [float(number) for number in re.split(r"[\s,]+", arguments.strip()) if number]
        except ValueError:
            return False
        function = function.lower()
        if function == "matrix":
            determinant = numbers[0] * numbers[3] - numbers[1] * numbers[2] if len(numbers) == 6 else 0.0
        elif function == "scale":
            determinant = numbers[0] * (numbers[1] if len(numbers) > 1 else numbers[0]) if numbers else 0.0
        elif function in ("skewx", "skewy"):
            determinant = 1.0 if numbers and abs(math.cos(math.radians(numbers[0]))) > 0.01 else 0.0
        else:
            determinant = 1.0
        if not math.isfinite(determinant) or abs(determinant) < 1e-12 or not all(map(math.isfinite, numbers)):
            return False
    return True


def _declarations(given) -> str:
    """A style's declarations (its text, or a rule's tokens), only drawing properties with values that fetch
    nothing, written again."""
    kept = []
    for item in tinycss2.parse_declaration_list(given, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration" and item.lower_name in PROPERTIES and _safe(item.value) and (
                item.lower_name != "stroke-dasharray" or _dashes(tinycss2.serialize(item.value))):
            value = tinycss2.serialize(item.value).strip()
            kept.append(f"{item.lower_name}:{value}{' !important' if item.important else ''}")
    return ";".join(kept)


def _style_text(text: str) -> str:
    """A <style> element's rules, each with its selector and only its safe declarations; at-rules (@import,
    @font-face, @media) are left out. Written on one line, so that no element after it moves down."""
    rules = []
    for rule in tinycss2.parse_stylesheet(text, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule" or not _safe(rule.prelude):
            continue
        declarations = _declarations(rule.content)
        if declarations:
            rules.append(f"{tinycss2.serialize(rule.prelude).strip()}{{{declarations}}}")
    return " ".join(rules).replace("\n", " ")


def _safe(tokens) -> bool:
    """CSS values that fetch nothing and that a drawing can hold: url() only to a fragment of this picture, no
    function that takes another picture or file, no escape left to undo (tinycss2 has undone them), numbers
    a drawing can hold, transforms invertible, however deeply nested."""
    for token in tokens:
        if token.type == "error":  # an unclosed string or a broken url(): written again, it could close another
            return False
        if token.type == "string" and _CODE_IN_STRING.search(token.value):  # a font's name has none of these:
            return False  # a string holding style sheet could come alive if another parser ends it elsewhere
        if token.type in ("number", "dimension", "percentage") and not _holdable(token.value):
            return False
        if token.type == "function" and token.lower_name in ("matrix", "scale", "skewx", "skewy") and \
                not _invertible(tinycss2.serialize([token])):
            return False
        if token.type == "url" and not token.value.strip().startswith("#"):
            return False
        if token.type == "function":
            if token.lower_name in FETCHING:
                return False
            if token.lower_name == "url":  # url("#g"): one quoted fragment and nothing else
                given = [t for t in token.arguments if t.type not in ("whitespace", "comment")]
                if len(given) != 1 or given[0].type != "string" or not given[0].value.strip().startswith("#"):
                    return False
            if not _safe(token.arguments):
                return False
        if token.type in ("() block", "[] block", "{} block") and not _safe(token.content):
            return False
        if token.type == "at-keyword":
            return False
    return True
