"""Checks for Easy Read companions (`NN-slug.easy.md`): short sentences, one to three beside each picture,
every group with its picture, and everyday words (English, from a list shipped in builder/data)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from builder.model import Group, LineBreak, Module, Paragraph, plain_text

MAX_SENTENCE_WORDS = 15  # UK Easy Read guidance: one idea a sentence, about 15 words at most
MAX_GROUP_SENTENCES = 3
WORDS = Path(__file__).parent / "data" / "easy-words-en.txt"
SENTENCE_END = re.compile(r"(?<=[.!?۔؟])\s+")
# "Assertive means ...", "Feedback is when ...": a word explained where it is used is not a hard word.
EXPLAINS = re.compile(r"^(?:being |a |an |the )?([\w'-]+) (?:means|is when|is what|is how|is a|are)\b", re.I)

# code -> what it means and how to fix it (check.py shows them with the other warnings)
WARNINGS = {
    "easy.long-sentence": f"Easy Read sentences have at most {MAX_SENTENCE_WORDS} words: split it in two",
    "easy.long-group": f"a picture goes with 1 to {MAX_GROUP_SENTENCES} short sentences: give the rest a picture "
                       "of their own",
    "easy.no-picture": "in Easy Read each group of sentences has a picture beside it: put a picture line "
                       "(![description](symbol:name)) straight before it",
    "easy.hard-word": "these words may be hard to read: use an everyday word, or explain it in the next sentence",
}


def problems(module: Module) -> list[tuple[int, str, str]]:
    """(line, code, message) for each problem of an Easy Read companion."""
    found: list[tuple[int, str, str]] = []
    english = module.lang.split("-")[0].lower() == "en"
    explained = {match.group(1).lower() for sentence in sentences_of(module)
                 for match in [EXPLAINS.match(sentence)] if match}
    flagged: set[str] = set()  # a hard word is named once a module, where it is first used
    for block in module.blocks:
        if isinstance(block, Paragraph):
            found.append((block.source.line, "easy.no-picture", "these sentences have no picture"))
        if not isinstance(block, Group):
            continue
        sentences = [sentence for paragraph in block.blocks if isinstance(paragraph, Paragraph)
                     for sentence in _sentences(paragraph)]
        if len(sentences) > MAX_GROUP_SENTENCES:
            found.append((block.source.line, "easy.long-group", f"this picture has {len(sentences)} sentences"))
        for line, sentence in sentences:
            words = sentence.split()
            if len(words) > MAX_SENTENCE_WORDS:
                found.append((line, "easy.long-sentence", f"this sentence has {len(words)} words"))
            hard = [word for word in _words(sentence)
                    if english and word not in explained and word not in flagged and not _plain(word)]
            flagged.update(hard)
            if hard:
                found.append((line, "easy.hard-word", f"'{', '.join(dict.fromkeys(hard))}'"))
    return found


def _sentences(paragraph: Paragraph) -> list[tuple[int, str]]:
    """Each sentence with its line: a line of the group is a sentence, or more than one."""
    lines: list[tuple[int, list]] = [(paragraph.source.line, [])]
    for node in paragraph.children:
        if isinstance(node, LineBreak):
            lines.append((lines[-1][0] + 1, []))
        else:
            lines[-1][1].append(node)
    return [(line, sentence) for line, nodes in lines
            for sentence in SENTENCE_END.split(plain_text(nodes).strip()) if sentence.strip()]


def _words(sentence: str) -> list[str]:
    """Words to look up: not numbers, not names (a capital letter after the first word), not addresses."""
    found = []
    for index, raw in enumerate(sentence.split()):
        word = raw.strip(".,!?;:'\"()[]“”‘’-")
        if not word or any(ch.isdigit() for ch in word) or "@" in word or "/" in word:
            continue
        if (index and word[0].isupper()) or (len(word) > 1 and word.isupper()):
            continue  # a name, or letters said one by one (NHS, GP)
        found.extend(part for part in word.lower().replace("’", "'").split("-") if part)
    return found


@lru_cache(maxsize=1)
def _list() -> frozenset[str]:
    return frozenset(line.strip().lower() for line in WORDS.read_text(encoding="utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _plain(word: str) -> bool:
    """In the list, as written or as the word it is made from (talks, talked, talking, kindly, don't)."""
    known = _list()
    word = word.removesuffix("'s").removesuffix("n't")
    if word in known or "'" in word:
        return True
    for prefix in ("", "un", "dis", "re"):
        if prefix and not word.startswith(prefix):
            continue
        stem = word[len(prefix):]
        if stem in known:
            return True
        for ending, base in (("ies", "y"), ("ier", "y"), ("iest", "y"), ("es", ""), ("s", ""), ("ed", ""),
                             ("ed", "e"), ("ing", ""), ("ing", "e"), ("ly", ""), ("er", ""), ("est", ""),
                             ("ful", ""), ("ness", ""), ("ment", "")):
            root = stem[: -len(ending)] if stem.endswith(ending) else None
            if root and (root + base in known or (len(root) > 2 and root[-1] == root[-2] and root[:-1] in known)):
                return True
    return False


def sentences_of(module: Module) -> list[str]:
    """Every sentence of the module's groups, for tests and the checker's counts."""
    return [text for block in module.blocks if isinstance(block, Group) for paragraph in block.blocks
            if isinstance(paragraph, Paragraph) for _, text in _sentences(paragraph)]

