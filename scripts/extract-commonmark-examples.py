#!/usr/bin/env python3
"""Writes tests/fixtures/commonmark/spec.json: every example of the CommonMark specification (its
Markdown, the HTML the spec expects, its number and section), read the way the spec's own
test/spec_tests.py reads them. Usage: scripts/extract-commonmark-examples.py path/to/spec.txt COMMIT
(spec.txt is in https://github.com/commonmark/commonmark-spec; CC BY-SA 4.0, John MacFarlane)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

FENCE = "`" * 32


def examples(text: str) -> list[dict]:
    found, markdown, html, state, section, start = [], [], [], 0, "", 0
    for number, line in enumerate(text.splitlines(True), 1):
        stripped = line.strip()
        if stripped == FENCE + " example":
            state, start = 1, number
        elif state == 2 and stripped == FENCE:
            found.append({"example": len(found) + 1, "section": section, "line": start,
                          "markdown": "".join(markdown).replace("→", "\t"), "html": "".join(html).replace("→", "\t")})
            state, markdown, html = 0, [], []
        elif stripped == "." and state == 1:
            state = 2
        elif state == 1:
            markdown.append(line)
        elif state == 2:
            html.append(line)
        elif state == 0 and re.match(r"#+ ", line):
            section = re.sub(r"#+ ", "", line).strip()
    return found


def main() -> int:
    spec, commit = Path(sys.argv[1]), sys.argv[2]
    text = spec.read_text(encoding="utf-8")
    version = re.search(r"^version: '([^']+)'", text, re.MULTILINE)
    out = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "commonmark" / "spec.json"
    data = {"source": f"CommonMark Spec {version.group(1) if version else ''}, commonmark/commonmark-spec "
                      f"commit {commit}, spec.txt; CC BY-SA 4.0, John MacFarlane",
            "examples": examples(text)}
    out.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(data['examples'])} examples -> {out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
