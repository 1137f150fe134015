"""SVG files as real editors save them, for the tests: Inkscape (its own namespaces, a DOCTYPE line as SVG 1.1
exports write it, a `fill:none` layer around black words), draw.io (rgb() colours, px sizes) and SVG-Edit
(`stroke-opacity="null"`), each with a picture inside it made by Pillow at test time."""

from __future__ import annotations

import base64
import io

DOCTYPE = ('<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
           '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">')
RED = (200, 30, 30)  # the embedded picture's colour: no editor draws anything else in it
MIME = {"PNG": "image/png", "JPEG": "image/jpeg", "GIF": "image/gif"}


def raster(kind: str = "PNG", size: tuple[int, int] = (40, 20), colour: tuple[int, int, int] = RED) -> bytes:
    """A small one-colour picture, encoded by Pillow."""
    from PIL import Image

    picture = Image.new("RGB", size, colour)
    if kind == "GIF":
        picture = picture.convert("P")
    out = io.BytesIO()
    picture.save(out, kind)
    return out.getvalue()


def data_uri(kind: str = "PNG", data: bytes | None = None, wrap: int = 0) -> str:
    """A data: address as editors write it; `wrap` breaks the base64 into lines, as Inkscape 0.92 did."""
    text = base64.b64encode(raster(kind) if data is None else data).decode("ascii")
    if wrap:
        text = "\n".join(text[i:i + wrap] for i in range(0, len(text), wrap))
    return f"data:{MIME.get(kind, kind)};base64,{text}"


def inkscape(picture: str | None = None, doctype: bool = True) -> str:
    """An Inkscape 1.3 drawing: a layer styled `fill:none` holding words styled `fill:#000000`, a path with a
    live path effect (its parameters, such as `only_selected`, are attributes without a namespace), and an
    embedded picture (`xlink:href`, as Inkscape's Import > Embed writes it)."""
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<!-- Created with Inkscape (http://www.inkscape.org/) -->
{DOCTYPE if doctype else ''}
<svg
   width="800"
   height="400"
   viewBox="0 0 800 400"
   version="1.1"
   id="svg1"
   inkscape:version="1.3.2 (091e20e, 2023-11-25)"
   sodipodi:docname="steps.svg"
   xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"
   xmlns:sodipodi="http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd"
   xmlns:xlink="http://www.w3.org/1999/xlink"
   xmlns="http://www.w3.org/2000/svg"
   xmlns:svg="http://www.w3.org/2000/svg">
  <sodipodi:namedview
     id="namedview1"
     pagecolor="#ffffff"
     bordercolor="#000000"
     borderopacity="0.25"
     inkscape:showpageshadow="2"
     inkscape:pageopacity="0.0"
     inkscape:pagecheckerboard="0"
     inkscape:deskcolor="#d1d1d1"
     inkscape:document-units="px"
     inkscape:current-layer="layer1" />
  <defs
     id="defs1">
    <inkscape:path-effect
       effect="bspline"
       id="path-effect1"
       is_visible="true"
       lpeversion="1.3"
       weight="33.333333"
       steps="2"
       helper_size="0"
       apply_no_weight="true"
       apply_with_weight="true"
       only_selected="false"
       uniform="false" />
  </defs>
  <rect
     style="fill:#ffffff;stroke:none"
     width="800"
     height="400"
     x="0"
     y="0"
     id="background" />
  <g
     inkscape:label="Layer 1"
     inkscape:groupmode="layer"
     id="layer1"
     style="fill:none;stroke:#1f4e9c;stroke-width:4">
    <path
       d="m 40,300 c 100,-50 200,-50 300,0"
       id="path1"
       inkscape:path-effect="#path-effect1"
       inkscape:original-d="m 40,300 c 100,-50 200,-50 300,0"
       sodipodi:nodetypes="cc"
       inkscape:connector-curvature="0" />
    <text
       xml:space="preserve"
       style="font-size:40px;line-height:1.25;font-family:sans-serif;fill:#000000;stroke:none"
       x="60"
       y="120"
       id="text1"><tspan
         sodipodi:role="line"
         id="tspan1"
         x="60"
         y="120">Pause and breathe</tspan></text>
    <image
       width="200"
       height="100"
       preserveAspectRatio="none"
       xlink:href="{picture or data_uri()}"
       id="image1"
       x="560"
       y="260" />
  </g>
</svg>
"""


def drawio(picture: str | None = None) -> str:
    """A draw.io export: DOCTYPE, rgb() colours, px font sizes, a picture as `xlink:href` on one line."""
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n'
            '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" version="1.1" '
            'width="801px" height="401px" viewBox="-0.5 -0.5 801 401" content="&lt;mxfile host=&quot;app.diagrams.'
            'net&quot;&gt;&lt;diagram id=&quot;a&quot;&gt;&lt;/diagram&gt;&lt;/mxfile&gt;"><defs/><g>'
            '<rect x="0" y="0" width="800" height="400" fill="rgb(255, 255, 255)" stroke="none" '
            'pointer-events="all"/>'
            '<rect x="20" y="20" width="360" height="160" rx="24" ry="24" fill="rgb(218, 232, 252)" '
            'stroke="rgb(108, 142, 191)" pointer-events="all"/>'
            '<g transform="translate(-0.5 -0.5)"><text x="200" y="110" fill="rgb(0, 0, 0)" font-family="Helvetica" '
            'font-size="40px" text-anchor="middle">Say no clearly</text></g>'
            f'<image x="560" y="260" width="200" height="100" xlink:href="{picture or data_uri()}" '
            'preserveAspectRatio="none" pointer-events="none"/></g></svg>\n')


def svg_edit(picture: str | None = None) -> str:
    """An SVG-Edit (Method Draw) drawing: `stroke-opacity="null"` and `fill-opacity="null"` on its shapes,
    and a picture as `href`."""
    return ('<svg width="800" height="400" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 800 400">\n'
            ' <g>\n  <title>Layer 1</title>\n'
            '  <rect fill="#ffffff" stroke="#000000" stroke-width="5" stroke-opacity="null" fill-opacity="null" '
            'x="10" y="10" width="380" height="180" id="svg_1"/>\n'
            '  <text fill="#000000" stroke="#000000" stroke-width="0" stroke-opacity="null" fill-opacity="null" '
            'x="200" y="110" id="svg_2" font-size="40" font-family="serif" text-anchor="middle" '
            'xml:space="preserve">Offer another idea</text>\n'
            f'  <image x="560" y="260" width="200" height="100" href="{picture or data_uri()}" id="svg_3"/>\n'
            ' </g>\n</svg>\n')
