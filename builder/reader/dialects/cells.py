"""Code cells of R Markdown, Quarto and Jupytext (```` ```{r} ````, ```` ```{python} ````, with knitr's
`{r name, echo=FALSE}` options or Quarto's `#| echo: false` lines): their code shown as code, since nothing
here runs it; a cell that only places a picture (`knitr::include_graphics("fig/x.png")`, with `fig.alt`) is
that picture; a cell hidden from readers (`include=FALSE`, `echo: false`) is left out. What running a cell
makes (a plot, a table) cannot be shown, which is said once a module. Inline code to run (`` `r x` ``) too."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from markdown_it.tree import SyntaxTreeNode

from builder.model import Block, CodeBlock, Inline
from builder.reader.dialects.base import Dialect
from builder.reader.syntax import node_line

if TYPE_CHECKING:
    from builder.reader.interface import Reader

# knitr's and Quarto's engines: a fence named by one is a cell to run, not a MyST directive
ENGINES = {"r", "python", "julia", "bash", "sh", "sql", "ojs", "stan", "rcpp", "js", "javascript", "css", "mermaid",
           "dot", "octave", "matlab", "perl", "ruby", "scala", "c", "cpp", "fortran", "haskell", "rust", "go", "node",
           "powershell", "zsh", "exec", "asis"}
_HEADER = re.compile(r"^\{([A-Za-z][\w-]*)(?:[\s,]+(.*))?\}$", re.DOTALL)
_OPTION = re.compile(r"""([\w.-]+)\s*=\s*("(?:[^"\\]|\\.)*"|'[^']*'|[^,]+)""")
_CELL_OPTION = re.compile(r"^#\|\s*([\w.-]+)\s*:\s*(.*)$")
_PICTURES = re.compile(r"""include_graphics\(\s*(?:c\()?((?:\s*["'][^"']+["']\s*,?)+)""")
# a whole cell in text markdown-it left alone (inside HTML: knitr runs cells before Markdown is read)
CELL_IN_TEXT = re.compile(r"^```\{[A-Za-z][^\n]*\}[ \t]*\n.*?^```[ \t]*$", re.MULTILINE | re.DOTALL)
_INLINE = re.compile(r"^(?:r|\{r\}|\{python\}|\{julia\})\s+\S")


def _options(header: str, lines: list[str]) -> tuple[dict[str, str], int]:
    """A cell's options: knitr's in its header (`echo=FALSE, fig.alt="..."`), then Quarto's `#|` lines at the
    top of its code; and how many lines those take."""
    found = {key.replace(".", "-").lower(): value.strip().strip("\"'") for key, value in _OPTION.findall(header)}
    used = 0
    for line in lines:
        option = _CELL_OPTION.match(line.strip())
        if not option:
            break
        found[option.group(1).replace(".", "-").lower()] = option.group(2).strip().strip("\"'")
        used += 1
    return found, used


def _false(value: str | None) -> bool:
    return value is not None and value.strip().lower() in ("false", "f", "no")


def cell(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Block] | None:
    """A code cell as its readers see it: its code (unless hidden), its pictures; None for any other fence."""
    found = _HEADER.match(node.info.strip())
    if not found or (found.group(1).lower() not in ENGINES and not found.group(2)):
        return None  # a MyST directive ({note}), or an ordinary fence
    line = node_line(node, reader.line)
    lines = node.content.rstrip("\n").split("\n")
    options, used = _options(found.group(2) or "", lines)
    code = "\n".join(lines[used:]).strip("\n")
    if _false(options.get("include")):
        return []
    blocks: list[Block] = []
    if not _false(options.get("echo")) and code:
        blocks.append(CodeBlock(code, found.group(1).lower(), reader.source(line + 1 + used), lang))
    for pictures in _PICTURES.finditer(code):
        for src in re.findall(r"""["']([^"']+)["']""", pictures.group(1)):
            saved, reader.line = reader.line, line
            try:
                shown = reader.picture(src, options.get("fig-alt", ""), options.get("fig-cap") or None, {}, lang,
                                       True)
            finally:
                reader.line = saved
            blocks.extend(reader.paragraphs(shown, lang))
    if not _PICTURES.search(code) and not _false(options.get("eval")):  # `eval=FALSE`: nothing was to be made
        _said_once(reader, line)
    return blocks


def inline_code(reader: Reader, node: SyntaxTreeNode, lang: str) -> list[Inline] | None:
    """`` `r nrow(data)` ``: code R Markdown runs to put its result in the text; left out, said once a module."""
    if not _INLINE.match(node.content):
        return None
    _said_once(reader, reader.line)
    return []


def _said_once(reader: Reader, line: int) -> None:
    reader.warn_once(line, "this module has code cells (R Markdown, Quarto, Jupyter): their code is shown as code "
                           "where readers see it, but what running them makes (plots, tables, numbers) is left out, "
                           "since nothing here runs code: save a plot as a picture and show it with ![...](...), "
                           "or write the result in words", "markdown.code-cell")


DIALECT = Dialect("cells", "R Markdown, Quarto and Jupytext code cells: ```{r}, ```{python}, their options",
                  blocks={"fence": cell}, inlines={"code_inline": inline_code})
