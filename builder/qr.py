"""A QR code for an address printed on paper (a version's page on the published site), as SVG: drawn by
the print writer like any picture, sharp at every size, black on white whatever the colour scheme (phone
cameras read dark on light best)."""

from __future__ import annotations

import io


def qr_svg(address: str) -> str:
    """The code as an SVG document, with a 4-module quiet zone and medium error correction (a fold or a
    smudge on a posted copy still reads)."""
    import segno

    out = io.BytesIO()
    segno.make(address, error="m", micro=False).save(out, kind="svg", scale=1, border=4, dark="#000000",
                                                    light="#ffffff", xmldecl=False, svgclass=None,
                                                    lineclass=None, unit="mm", svgversion=1.1)
    return out.getvalue().decode("ascii")
