"""An SVG beside a shared routine may refer to nothing outside itself.

QtSvg follows an SVG's references, so every way a picture could reach another file (``href``, ``src``, CSS
``url()`` and ``@import``, ``<?xml-stylesheet?>``, DOCTYPE entities, XInclude, an inline SVG that does any of
these) is refused with a one-line message naming what it referred to; self-contained pictures, ``#id``
references and base64 ``data:`` images pass. The loader reports the refusal at the ``image:`` field's line.
"""

from __future__ import annotations

import base64
import gzip
import os
import zlib
from pathlib import Path

import pytest

from stretch_timer.core.images import MAX_BITMAP_BYTES, ImageError, read_picture_bytes
from stretch_timer.core.loader import load_routine_text, load_stretch_text
from stretch_timer.core.model import Stretch
from stretch_timer.core.svg_refs import MAX_SVG_BYTES, SELF_CONTAINED, SvgError, check_svg

ROOT = Path(__file__).resolve().parents[2]
BUNDLED = sorted((ROOT / "assets" / "images").glob("*.svg"))

SVG_NS = 'xmlns="http://www.w3.org/2000/svg"'
XLINK_NS = 'xmlns:xlink="http://www.w3.org/1999/xlink"'


def svg(body: str, head: str = "", namespaces: str = f"{SVG_NS} {XLINK_NS}") -> bytes:
    return f'{head}<svg {namespaces} viewBox="0 0 10 10">{body}</svg>'.encode()


def tiny_png() -> bytes:
    """A valid 1×1 PNG, built by hand so the core tests need no image library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return len(data).to_bytes(4, "big") + body + zlib.crc32(body).to_bytes(4, "big")

    header = (1).to_bytes(4, "big") * 2 + bytes([8, 6, 0, 0, 0])
    pixels = zlib.compress(b"\x00\xff\x00\x00\xff")
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


def data_url(payload: bytes, media: str = "image/svg+xml") -> str:
    return f"data:{media};base64,{base64.b64encode(payload).decode()}"


EVIL_IMAGE = '<image xlink:href="/etc/x.png" width="10" height="10"/>'
NESTED_EVIL = svg(EVIL_IMAGE)
PNG_URL = data_url(tiny_png(), "image/png")
JPEG_URL = data_url(b"\xff\xd8\xff\xe0" + bytes(40), "image/jpeg")
WEBP_URL = data_url(b"RIFF\x00\x00\x00\x00WEBPVP8 " + bytes(20), "image/webp")


def image(href: str) -> str:
    return f'<image href="{href}" width="10" height="10"/>'


def nested(depth: int, innermost: bytes) -> bytes:
    """``innermost`` inside ``depth`` inline SVGs, each the data: URL of an <image> in the next."""
    picture = innermost
    for _ in range(depth):
        picture = svg(image(data_url(picture)))
    return picture


REFUSED: list[tuple[str, bytes, str]] = [
    # (id, picture, expected start of the message)
    ("xlink-href", svg(EVIL_IMAGE), "refers to another file ('/etc/x.png')"),
    ("svg2-href", svg(image("/etc/x.png")), "refers to another file ('/etc/x.png')"),
    ("relative", svg(image("x.png")), "refers to another file ('x.png')"),
    ("beside-with-dot", svg(image("./pics/x.png")), "refers to another file ('./pics/x.png')"),
    ("file-url", svg('<image xlink:href="file:///etc/x.png"/>'), "refers to another file ('file:///etc/x.png')"),
    ("http-url", svg(image("https://example.com/x.png")), "refers to another file ('https://example.com/x.png')"),
    ("windows-path", svg(image("C:\\pics\\x.png")), "refers to another file ('C:\\\\pics\\\\x.png')"),
    ("external-use", svg('<use xlink:href="other.svg#shape"/>'), "refers to another file ('other.svg#shape')"),
    ("unusual-prefix",
     svg('<image l:href="/etc/x.png"/>', namespaces=f'{SVG_NS} xmlns:l="http://www.w3.org/1999/xlink"'),
     "refers to another file ('/etc/x.png')"),
    ("unbound-prefix", svg(EVIL_IMAGE, namespaces=SVG_NS), "refers to another file ('/etc/x.png')"),
    ("mixed-case", svg('<image XLink:HREF="/etc/x.png"/>'), "refers to another file ('/etc/x.png')"),
    ("padded", svg(image("  /etc/x.png&#10;")), "refers to another file ('  /etc/x.png\\n')"),
    ("fragment-that-is-a-path", svg(image("#/../../etc/x.png")), "refers to another file ('#/../../etc/x.png')"),
    ("fe-image", svg('<filter id="f"><feImage href="/etc/x.png"/></filter>'), "refers to another file ('/etc/x.png')"),
    ("link", svg('<a href="https://example.com/"><rect width="1" height="1"/></a>'),
     "refers to another file ('https://example.com/')"),
    ("src", svg('<foreignObject><img xmlns="http://www.w3.org/1999/xhtml" src="/etc/x.png"/></foreignObject>'),
     "refers to another file ('/etc/x.png')"),
    ("animated-href", svg('<image><set attributeName="xlink:href" to="/etc/x.png"/></image>'),
     "refers to another file ('/etc/x.png')"),
    ("animated-values", svg('<image><animate attributeName="href" values="#a;/etc/x.png"/></image>'),
     "refers to another file ('/etc/x.png')"),
    # CSS in <style>, in style="", in presentation attributes
    ("style-url", svg("<style>rect { fill: url(/etc/x.png) }</style>"), "refers to another file ('/etc/x.png')"),
    ("style-url-spaces", svg("<style>rect { fill: url(  /etc/x.png  ) }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-double-quoted", svg('<style>rect { fill: url( "/etc/x.png" ) }</style>'),
     "refers to another file ('/etc/x.png')"),
    ("style-url-single-quoted", svg("<style>rect { fill: url('/etc/x.png') }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-upper-case", svg("<style>rect { fill: URL(/etc/x.png) }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-space-before-paren", svg("<style>rect { fill: url (/etc/x.png) }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-unterminated", svg("<style>rect { fill: url(/etc/x.png</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-css-escape", svg("<style>rect { fill: u\\72l(/etc/x.png) }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-hex-escape", svg("<style>rect { fill: \\75 rl(/etc/x.png) }</style>"),
     "refers to another file ('/etc/x.png')"),
    ("style-url-escaped-inside", svg("<style>rect { fill: url(\\2f etc/x.png) }</style>"),
     "refers to another file ('\\\\2f etc/x.png')"),
    ("style-cdata", svg("<style><![CDATA[ rect { fill: url(/etc/x.png) } ]]></style>"),
     "refers to another file ('/etc/x.png')"),
    ("font-face", svg("<style>@font-face { font-family: f; src: url(fonts/f.ttf) }</style>"),
     "refers to another file ('fonts/f.ttf')"),
    ("import-url", svg("<style>@import url(/etc/x.css);</style>"), "imports a style sheet ('url(/etc/x.css)')"),
    ("import-string", svg('<style>@import "x.css";</style>'), "imports a style sheet ('\"x.css\"')"),
    ("import-upper-case", svg('<style>@IMPORT "x.css";</style>'), "imports a style sheet"),
    ("import-escaped", svg('<style>@\\69mport "x.css";</style>'), "imports a style sheet"),
    ("import-character-reference", svg('<style>&#64;import "x.css";</style>'), "imports a style sheet"),
    ("import-split-by-comment", svg('<style>@imp<!-- a comment -->ort "x.css";</style>'), "imports a style sheet"),
    ("import-data", svg("<style>@import url(data:text/css;base64,cmVjdHtmaWxsOnJlZH0=) screen;</style>"),
     "imports a style sheet ('url(data:text/css;base64,cmVjdHtmaWxsOnJlZH0=) screen')"),
    ("style-attribute", svg('<rect style="fill:url(/etc/x.png)"/>'), "refers to another file ('/etc/x.png')"),
    ("style-attribute-mixed-case", svg('<rect STYLE="fill: Url( \'/etc/x.png\' )"/>'),
     "refers to another file ('/etc/x.png')"),
    ("presentation-attribute", svg('<rect fill="url(other.svg#paint)"/>'),
     "refers to another file ('other.svg#paint')"),
    ("mask-attribute", svg('<rect mask="url(\'file:///etc/m.svg#m\')"/>'),
     "refers to another file ('file:///etc/m.svg#m')"),
    # the XML around the drawing
    ("xml-stylesheet", svg("", head='<?xml-stylesheet type="text/css" href="/etc/x.css"?>'),
     "links a style sheet ('/etc/x.css')"),
    ("external-entity", svg("&e;", head='<!DOCTYPE svg [<!ENTITY e SYSTEM "/etc/x.svg">]>'),
     "has a DOCTYPE with its own declarations"),
    ("internal-entity", svg("&e;", head='<!DOCTYPE svg [<!ENTITY e "<rect/>">]>'),
     "has a DOCTYPE with its own declarations"),
    ("billion-laughs",
     svg("&c;", head='<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;"><!ENTITY c "&b;&b;">]>'),
     "has a DOCTYPE with its own declarations"),
    ("parameter-entity", svg("", head='<!DOCTYPE svg [<!ENTITY % p SYSTEM "/etc/x.dtd"> %p;]>'),
     "has a DOCTYPE with its own declarations"),
    ("attribute-default", svg("<image/>", head='<!DOCTYPE svg [<!ATTLIST image href CDATA "/etc/x.png">]>'),
     "has a DOCTYPE with its own declarations"),
    ("empty-internal-subset", svg("", head="<!DOCTYPE svg []>"), "has a DOCTYPE with its own declarations"),
    ("entity-from-an-unread-dtd", svg("&e;", head='<!DOCTYPE svg SYSTEM "/etc/x.dtd">'),
     "uses the entity '&e;', which is not defined"),
    ("xinclude", svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" parse="text"/>'), "uses XInclude"),
    ("xinclude-href", svg('<xi:include xmlns:xi="http://www.w3.org/2001/XInclude" href="/etc/passwd"/>'),
     "uses XInclude"),
    ("xinclude-default-namespace", svg('<include xmlns="http://www.w3.org/2001/XInclude" href="x.svg"/>'),
     "uses XInclude"),
    # inline data: URLs
    ("inline-svg-with-a-reference", svg(image(data_url(NESTED_EVIL))),
     "has an inline picture that refers to another file ('/etc/x.png')"),
    ("inline-svg-claiming-to-be-png", svg(image(data_url(NESTED_EVIL, "image/png"))),
     "has an inline picture that refers to another file ('/etc/x.png')"),
    ("inline-svg-in-css", svg(f'<rect style="fill: url({data_url(NESTED_EVIL)})"/>'),
     "has an inline picture that refers to another file ('/etc/x.png')"),
    ("inline-svg-twice-nested", nested(2, NESTED_EVIL),
     "has an inline picture that has an inline picture that refers to another file ('/etc/x.png')"),
    ("inline-svg-nested-too-deep", nested(6, svg("")), "has an inline picture that has an inline picture"),
    ("inline-percent-encoded",
     svg(image("data:image/svg+xml,%3Csvg%20xmlns=%22http://www.w3.org/2000/svg%22/%3E")),
     "has an inline data: URL that is not base64"),
    ("inline-bad-base64", svg(image("data:image/png;base64,not base64!")),
     "has an inline data: URL that is not valid base64"),
    ("inline-without-comma", svg(image("data:/../../etc/x.png")), "has an inline data: URL without a ','"),
    ("inline-upper-case-scheme", svg(image(PNG_URL.replace("data:", "DATA:"))),
     "refers to another file ('DATA:image/png;base64,"),
    ("inline-gzip", svg(image(data_url(gzip.compress(svg(""))))), "has a compressed inline picture"),
    ("inline-png-hiding-an-svg", svg(image(data_url(tiny_png()[:8] + NESTED_EVIL))),
     "has an inline picture that is not a readable SVG"),
    ("inline-garbage", svg(image(data_url(b"just some bytes"))), "has an inline picture that is not a readable SVG"),
    # files that are not readable SVG at all
    ("malformed", b'<svg xmlns="http://www.w3.org/2000/svg"><rect></svg>', "is not a readable SVG: mismatched tag"),
    ("empty", b"", "is not a readable SVG: no element found"),
    ("not-svg", b"<html><body/></html>", "is not a readable SVG: its outermost element is '<html>'"),
    ("gzip", gzip.compress(svg("")), "is compressed (an .svgz); save it as a plain SVG"),
    ("odd-encoding", svg("", head='<?xml version="1.0" encoding="cp1252"?>'),
     "is written in the text encoding 'cp1252'; save it as UTF-8"),
    ("unknown-encoding", svg("", head='<?xml version="1.0" encoding="x-made-up"?>'),
     "is written in the text encoding 'x-made-up'"),
]


@pytest.mark.parametrize(("picture", "expected"), [r[1:] for r in REFUSED], ids=[r[0] for r in REFUSED])
def test_a_picture_that_refers_outside_itself_is_refused(picture: bytes, expected: str) -> None:
    with pytest.raises(SvgError) as caught:
        check_svg(picture)
    message = str(caught.value)
    assert message.startswith(expected), message
    assert "\n" not in message and "\r" not in message


def test_the_message_names_the_reference_and_says_what_is_fine() -> None:
    with pytest.raises(SvgError) as caught:
        check_svg(svg(EVIL_IMAGE))
    assert str(caught.value) == (
        "refers to another file ('/etc/x.png'); "
        "a picture must be self-contained (inline data: images and #id references are fine)"
    )
    assert SELF_CONTAINED in str(caught.value)


def test_nesting_beyond_the_limit_says_so() -> None:
    check_svg(nested(4, svg("")))
    with pytest.raises(SvgError, match="nests inline pictures more than 4 deep"):
        check_svg(nested(5, svg("")))


@pytest.mark.parametrize(
    "reference",
    ["/etc/x\n.png", "/etc/\r\tx.png", "/etc/\x9b31mred", "/etc/\x85x.png", "/etc/\u202eevil.png",
     "/etc/\u2028x.png", "/etc/\x00x.png", "/etc/\x1b[31mred"],
    ids=["newline", "return-tab", "c1-escape", "next-line", "right-to-left", "line-separator", "nul", "escape"],
)
def test_control_characters_in_a_reference_are_escaped_into_one_line(reference: str) -> None:
    escaped = "".join(f"&#x{ord(c):x};" if not c.isprintable() else c for c in reference)
    if "\x00" in reference or "\x1b" in reference:  # XML 1.0 cannot hold these, even as character references
        with pytest.raises(SvgError, match="not a readable SVG"):
            check_svg(svg(f'<image href="{escaped}"/>'))
        return
    with pytest.raises(SvgError) as caught:
        check_svg(svg(f'<image href="{escaped}"/>'))
    message = str(caught.value)
    assert message.isprintable(), repr(message)
    assert repr(reference) in message


def test_a_long_reference_is_shortened_in_the_message() -> None:
    with pytest.raises(SvgError) as caught:
        check_svg(svg(f'<image href="/home/{"x" * 5000}/secret.png"/>'))
    message = str(caught.value)
    assert len(message) < 300 and "('/home/xxx" in message and "xxx/secret.png')" in message


def test_a_picture_over_the_size_limit_is_refused() -> None:
    padding = b"<!--" + b" " * MAX_SVG_BYTES + b"-->"
    with pytest.raises(SvgError, match=r"^is 2\.0 MiB; an SVG picture may be at most 2 MiB$"):
        check_svg(svg("") + padding)
    check_svg(svg("") + padding[: MAX_SVG_BYTES - 200] + b"-->")


ALLOWED: list[tuple[str, bytes]] = [
    ("plain", svg('<rect width="10" height="10" fill="#ff0000"/>')),
    ("no-namespace-prefixes", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
    ("fragment-use", svg('<defs><path id="p" d="M0 0h1"/></defs><use xlink:href="#p"/><use href="#p"/>')),
    ("fragment-paint", svg('<linearGradient id="g"/><rect fill="url(#g)" style="stroke: URL( \'#g\' )"/>')),
    ("fragment-style", svg('<style>.a { fill: url("#g") } /* url(#g) */</style><rect class="a"/>')),
    ("fragment-padded", svg('<use href=" #p "/>')),
    ("empty-href", svg('<a href=""><rect/></a>')),
    ("inline-png", svg(image(PNG_URL))),
    ("inline-png-wrapped", svg(image(PNG_URL[:40] + "&#10;  " + PNG_URL[40:]))),
    ("inline-jpeg", svg(image(JPEG_URL))),
    ("inline-webp", svg(image(WEBP_URL))),
    ("inline-self-contained-svg", svg(image(data_url(svg('<rect fill="url(#g)"/>'))))),
    ("inline-png-in-css", svg(f"<rect style=\"fill: url('{PNG_URL}')\"/>")),
    ("standard-doctype", svg("", head='<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
                                      '"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">')),
    ("xml-declaration", svg("", head='<?xml version="1.0" encoding="UTF-8" standalone="no"?>')),
    ("utf-16", '<?xml version="1.0" encoding="UTF-16"?><svg xmlns="http://www.w3.org/2000/svg"/>'.encode("utf-16")),
    ("latin-1", svg("<title>Caf\xe9</title>", head='<?xml version="1.0" encoding="ISO-8859-1"?>').decode()
     .encode("latin-1")),
    ("other-processing-instruction", svg("<?inkscape-note keep this?>")),
    ("text-mentioning-url", svg("<text>see url(/etc/x.png) and @import</text>")),
    ("namespaces-are-not-references", svg("", namespaces=f'{SVG_NS} {XLINK_NS} xmlns:ink="http://www.inkscape.org/"')),
    ("comments", svg('<!-- <image href="/etc/x.png"/> -->')),
]


@pytest.mark.parametrize("picture", [a[1] for a in ALLOWED], ids=[a[0] for a in ALLOWED])
def test_a_self_contained_picture_passes(picture: bytes) -> None:
    check_svg(picture)


@pytest.mark.parametrize("path", BUNDLED, ids=[p.stem for p in BUNDLED])
def test_every_bundled_picture_is_self_contained(path: Path) -> None:
    check_svg(path.read_bytes())


def test_there_are_bundled_pictures() -> None:
    assert len(BUNDLED) >= 20


# --- reading a picture file --------------------------------------------------------------------------------


def test_read_picture_bytes_returns_the_checked_bytes(tmp_path: Path) -> None:
    good = tmp_path / "good.svg"
    good.write_bytes(svg("<rect/>"))
    assert read_picture_bytes(good) == svg("<rect/>")
    png = tmp_path / "real.png"
    png.write_bytes(tiny_png())
    assert read_picture_bytes(png) == tiny_png()


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("evil.svg", svg(EVIL_IMAGE), "refers to another file ('/etc/x.png')"),
        ("svg-as.png", svg(""), "is not PNG data"),
        ("png-as.jpg", tiny_png(), "is not JPEG data"),
        ("png-as.webp", tiny_png(), "is not WebP data"),
        ("svg-as.jpeg", svg(""), "is not JPEG data"),
        ("broken.png", b"\x89PNG broken", "is not PNG data"),
    ],
)
def test_read_picture_bytes_refuses_what_the_suffix_does_not_promise(
    tmp_path: Path, name: str, content: bytes, expected: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ImageError) as caught:
        read_picture_bytes(path)
    assert str(caught.value).startswith(expected), str(caught.value)


def test_read_picture_bytes_caps_bitmaps(tmp_path: Path) -> None:
    big = tmp_path / "big.png"
    with big.open("wb") as file:
        file.write(tiny_png())
        file.truncate(MAX_BITMAP_BYTES + 1)  # sparse: nothing big is written
    with pytest.raises(ImageError, match=r"^is 16\.0 MiB; a PNG, JPEG or WebP picture may be at most 16 MiB$"):
        read_picture_bytes(big)


def test_read_picture_bytes_refuses_what_is_not_a_regular_file(tmp_path: Path) -> None:
    with pytest.raises(ImageError, match="cannot be read"):
        read_picture_bytes(tmp_path / "gone.svg")
    (tmp_path / "folder.svg").mkdir()
    with pytest.raises(ImageError, match="is a folder, not a file"):
        read_picture_bytes(tmp_path / "folder.svg")
    if hasattr(os, "mkfifo"):  # a named pipe must not hang the reader waiting for a writer
        os.mkfifo(tmp_path / "pipe.svg")
        with pytest.raises(ImageError, match="is a named pipe, not a file"):
            read_picture_bytes(tmp_path / "pipe.svg")


# --- through the loader ------------------------------------------------------------------------------------

CATALOG = {"towel": Stretch(id="towel", name="Towel calf stretch", instructions=("Loop a towel.",))}
MESSAGE = ("'evil.svg' refers to another file ('/etc/x.png'); a picture must be self-contained "
           "(inline data: images and #id references are fine)")


def routine_with_image(image: str) -> str:
    return f"format: 1\nname: R\nsteps:\n  - stretch: towel\n  - name: Heel drop\n    image: {image}\n"


def test_a_routine_step_with_a_referring_svg_is_refused_at_its_image_line(tmp_path: Path) -> None:
    (tmp_path / "evil.svg").write_bytes(svg(EVIL_IMAGE))
    routine, problems = load_routine_text(routine_with_image("evil.svg"), tmp_path / "r.yaml", CATALOG,
                                          display="r.yaml")
    assert routine is None
    assert [str(p) for p in problems] == [f"r.yaml:6: steps[1].image: {MESSAGE}"]


def test_a_routine_step_with_a_self_contained_svg_loads(tmp_path: Path) -> None:
    (tmp_path / "good.svg").write_bytes(svg('<use href="#a"/>'))
    routine, problems = load_routine_text(routine_with_image("good.svg"), tmp_path / "r.yaml", CATALOG)
    assert problems == [] and routine is not None
    assert routine.steps[1].stretch.image == (tmp_path / "good.svg").resolve()


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        (b"<svg><rect></svg>", "'evil.svg' is not a readable SVG: mismatched tag: line 1, column 13"),
        (svg("", head='<!DOCTYPE svg [<!ENTITY e SYSTEM "/etc/passwd">]>'),
         "'evil.svg' has a DOCTYPE with its own declarations"),
        (svg("") + b" " * MAX_SVG_BYTES, "'evil.svg' is 2.0 MiB; an SVG picture may be at most 2 MiB"),
    ],
    ids=["malformed", "doctype", "too-big"],
)
def test_other_refusals_reach_the_loader_too(tmp_path: Path, content: bytes, expected: str) -> None:
    (tmp_path / "evil.svg").write_bytes(content)
    _, problems = load_routine_text(routine_with_image("evil.svg"), tmp_path / "r.yaml", CATALOG)
    assert len(problems) == 1 and problems[0].message.startswith(expected), problems
    assert problems[0].field == "steps[1].image" and problems[0].line == 6


def test_a_bitmap_over_the_size_limit_is_refused_by_the_loader(tmp_path: Path) -> None:
    with (tmp_path / "huge.png").open("wb") as file:
        file.truncate(MAX_BITMAP_BYTES + 1)
    _, problems = load_routine_text(routine_with_image("huge.png"), tmp_path / "r.yaml", CATALOG)
    assert [p.message for p in problems] == [
        "'huge.png' is 16.0 MiB; a PNG, JPEG or WebP picture may be at most 16 MiB"
    ]


def test_a_catalog_stretch_with_a_referring_svg_is_refused_at_its_image_line(tmp_path: Path) -> None:
    (tmp_path / "evil.svg").write_bytes(svg(EVIL_IMAGE))
    text = "format: 1\nname: Calf\nmuscles: [calf]\ninstructions: [Lean.]\nimage: evil.svg\nhold: 30\n"
    stretch, problems = load_stretch_text(text, tmp_path / "calf.yaml", display="calf.yaml")
    assert [str(p) for p in problems] == [f"calf.yaml:5: image: {MESSAGE}"]
    assert stretch is None or stretch.image is None


def test_a_bundled_picture_that_refers_outside_itself_is_refused_too(tmp_path: Path) -> None:
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "evil.svg").write_bytes(svg(EVIL_IMAGE))
    _, problems = load_routine_text(routine_with_image("evil.svg"), tmp_path / "r.yaml", CATALOG,
                                    image_dirs=[bundled])
    assert [p.message for p in problems] == [MESSAGE]
