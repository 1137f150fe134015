"""Attribute lists as Pandoc, Quarto and kramdown write them: `{lang=pl .note #id alt='It says "no"'}`."""

from __future__ import annotations

import re

_ATTRIBUTE = re.compile(r"""\s*(?:\#([\w:-]+)|\.([\w:-]+)|([A-Za-z_][\w:-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'{}]+))|([A-Za-z_][\w-]*)(?=[\s}]))""")
_NAME = re.compile(r"[A-Za-z][\w-]*")


def leading_attributes(text: str) -> tuple[dict[str, str], int] | None:
    """`{lang=pl .note #id alt='It says "no"'}` (or kramdown's `{: .note}`) at the start of `text`: the
    attributes (classes under "class", the id under "id", a bare word as itself with an empty value) and where
    they end; None if `text` does not start with one.

    Pandoc accepts single or double quotes; markdown-it-py's attribute plugin only double, so real lessons
    (`![](x.png){alt='...'}`) need this."""
    if not text.startswith("{"):
        return None
    found: dict[str, str] = {}
    kramdown = text.startswith("{:")  # kramdown's lists also take a bare word: `{:toc}`
    position = 2 if kramdown else 1
    while True:
        end = re.match(r"\s*\}", text[position:])
        if end:
            return found, position + end.end()
        match = _ATTRIBUTE.match(text, position)
        if not match or (match.group(7) and not kramdown):
            return None
        identifier, name, key, bare = match.group(1), match.group(2), match.group(3), match.group(7)
        if identifier:
            found["id"] = identifier
        elif name:
            found["class"] = f"{found['class']} {name}" if "class" in found else name
        elif bare:
            found[bare] = ""
        else:
            value = next(v for v in (match.group(4), match.group(5), match.group(6)) if v is not None)
            found[key] = value.replace('\\"', '"') if match.group(4) is not None else value
        position = match.end()


def parse_attributes(text: str) -> dict[str, str] | None:
    """`text` as one attribute list, e.g. `{lang=pl}` or `{: .hands_on}`; None if it is not exactly one."""
    parsed = leading_attributes(text.strip())
    return parsed[0] if parsed and parsed[1] == len(text.strip()) else None


def box_heading(info: str) -> tuple[str, dict[str, str], str] | None:
    """A box's opening line after its colons, e.g. `exercise {duration=15} Practise`, `{.callout-tip}` or
    MyST's `{note} Title`: its name, attributes and title. None when the braces cannot be read."""
    info = info.strip().rstrip(":").strip()
    attributes: dict[str, str] = {}
    name = ""
    if info.startswith("{"):
        end = info.find("}")
        inside = info[1:end].strip() if end > 0 else ""
        first = _NAME.match(inside)
        if end > 0 and first and (first.end() == len(inside) or inside[first.end()].isspace()):
            # MyST writes `:::{note}`, and mystmd `:::{tip icon=false}`: a name, then perhaps its options
            name, info = first.group(0), "{" + inside[first.end():] + "}" + info[end + 1:]
            if not inside[first.end():].strip():
                info = info[2:].strip()
    else:
        match = _NAME.match(info)
        if match:
            name, info = match.group(0), info[match.end():].strip()
    if info.startswith("{"):
        parsed = leading_attributes(info)
        if parsed is None:
            return None
        attributes, info = parsed[0], info[parsed[1]:].strip()
    if not name and attributes.get("class"):
        name = attributes["class"].split()[0]
    return name, attributes, info
