#!/usr/bin/env python3
"""Writes builder/data/emoji/<lang>.json: the spoken name of each emoji in each language the builder
knows, from Unicode CLDR's annotations (Debian package unicode-cldr-core; run on a developer's machine,
the output is committed, so builds need neither the package nor the internet).

Usage: sudo apt-get install unicode-cldr-core && python3 scripts/make-emoji-names.py
Skin-tone variants are left out: the builder says them as "<name>: <tone>", as CLDR itself does.
"""

from __future__ import annotations

import json
import re
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from builder.emoji import is_emoji_sequence  # noqa: E402
from builder.languages import known  # noqa: E402

CLDR = Path("/usr/share/unicode/cldr/common")
TONE = re.compile("[\U0001F3FB-\U0001F3FF]")


def names(lang: str) -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("annotations", "annotationsDerived"):
        path = CLDR / folder / f"{lang}.xml"
        if not path.is_file():
            continue
        for annotation in ET.parse(path).getroot().iter("annotation"):
            sequence = annotation.get("cp", "")
            if annotation.get("type") != "tts" or not annotation.text:
                continue
            if folder == "annotationsDerived" and TONE.search(sequence) and len(sequence) > 2:
                continue
            if is_emoji_sequence(sequence):
                found[sequence.replace("\ufe0f", "")] = annotation.text
    return found


def main() -> int:
    if not CLDR.is_dir():
        print(f"{CLDR} not found: sudo apt-get install unicode-cldr-core", file=sys.stderr)
        return 1
    version = (CLDR.parent / "common" / "dtd" / "ldml.dtd").read_text(encoding="utf-8")
    release = re.search(r'cldrVersion CDATA #FIXED "([^"]+)"', version)
    out = ROOT / "builder" / "data" / "emoji"
    out.mkdir(parents=True, exist_ok=True)
    for lang in sorted(known()):
        found = names(lang)
        if not found:
            print(f"{lang}: no CLDR annotations", file=sys.stderr)
            continue
        data = {"source": f"Unicode CLDR {release.group(1) if release else ''} annotations (Unicode License v3)",
                "names": dict(sorted(found.items()))}
        (out / f"{lang}.json").write_text(json.dumps(data, ensure_ascii=False, indent=0) + "\n", encoding="utf-8")
        print(f"{lang}: {len(found)} names")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
