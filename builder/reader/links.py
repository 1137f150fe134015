"""A link in a module: to a place in the course, a web or email address, or a number to call or text.

A link that cannot be followed by a reader of the outputs (a page of the lesson that is not in the course, a
`javascript:` address) keeps its words, without the link, and is reported with its line.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING
from urllib.parse import unquote, urljoin

from builder.model import Inline, Link, Source, Text, plain_text

if TYPE_CHECKING:
    from builder.reader.base import ReaderBase

LINK_SCHEMES = ("https://", "http://", "mailto:", "tel:", "sms:")
_PHONE_LINK = re.compile(r"^(?:tel|sms):\+?[0-9][0-9 ().-]*$", re.IGNORECASE)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def link(reader: ReaderBase, href: str, children: list[Inline], source: Source, lang: str) -> list[Inline]:
    """The link as model nodes: a Link, or its words alone when it cannot be followed."""
    href = href.strip()
    if not plain_text(children).strip():
        if not href.lower().startswith(("https://", "http://")):
            reader.warning(source.line, f"link to '{_short(href)}' has no words, so nobody can see or choose it, and "
                                        "it is left out: write the words to show between the square brackets",
                           "link.empty")
            return children
        reader.warning(source.line, f"link to '{_short(href)}' has no words (a picture with no description, perhaps), "
                                    "so its address is shown as its words: write the words to show between the "
                                    "square brackets", "link.empty")
        children = [Text(href, source, lang)]
    if not href:
        reader.warning(source.line, "this link has no address, so its words are shown without a link: write the "
                                    "address between the round brackets", "link.scheme")
        return children
    if href.startswith("#"):
        return [Link(href, children, source, lang, reader.slug, href[1:] or None)]
    lowered = href.lower()
    if lowered.startswith(("tel:", "sms:")):
        if _PHONE_LINK.match(unquote(href)):
            return [Link(href, children, source, lang)]
        reader.warning(source.line, f"'{href}' is not a phone number, so its words are shown without a link: after "
                                    f"{href[:4].lower()} write only the number's digits, e.g. [116 123](tel:116123)",
                       "link.phone")
        return children
    if lowered.startswith(LINK_SCHEMES):
        return [Link(href, children, source, lang)]
    if _SCHEME.match(href) or href.startswith("//"):
        reader.warning(source.line, f"link '{_short(href)}' is not a web, email or phone address, so its words are "
                                    "shown without a link: links start with https://, mailto:, tel: or sms:, or name "
                                    "another module like 03-saying-no.md", "link.scheme")
        return children
    module = reader.index.module_at(href, reader.path)
    if module is not None:
        fragment = href.split("#", 1)[1] if "#" in href else None
        return [Link(href, children, source, lang, module, fragment or None)]
    published = reader.index.published_at
    if published:
        page = re.sub(r"\.(?:md|markdown|qmd|Rmd)(?=$|[#?])", ".html", href)
        return [Link(urljoin(published, page.lstrip("/") if href.startswith("/") else page), children, source, lang)]
    reader.warning(source.line, f"link to '{_short(href)}', a page or file that is not in the course, so its words "
                                "are shown without a link: link to a module (03-saying-no.md) or a web address, or "
                                "give the address the lesson is published at as published-at in course.toml",
                   "link.outside")
    return children


def _short(href: str) -> str:
    return href if len(href) <= 80 else href[:77] + "..."
