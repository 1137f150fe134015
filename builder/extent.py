"""How long a built file is, for the index page: a PDF's or braille book's pages, an MP3's playing time.
Read from the file's bytes by its kind, so no writer has to report it."""

from __future__ import annotations

import io


def extent(name: str, data: bytes) -> dict[str, int]:
    """{"pages": n} or {"seconds": n} for the kinds that have one; {} for the others (or a file that will
    not open: the index then shows its size only)."""
    suffix = name.rsplit(".", 1)[-1].lower()
    try:
        if suffix == "pdf":
            import pikepdf

            with pikepdf.open(io.BytesIO(data)) as pdf:
                return {"pages": len(pdf.pages)}
        if suffix == "brf":  # a form feed ends each page but, often, the last
            return {"pages": data.count(b"\f") + (0 if not data or data.endswith(b"\f") else 1)}
        if suffix == "mp3":
            from mutagen.mp3 import MP3

            return {"seconds": round(MP3(io.BytesIO(data)).info.length)}
    except Exception:  # noqa: BLE001 - a length is a courtesy; the file itself was made and checked by its writer
        return {}
    return {}
