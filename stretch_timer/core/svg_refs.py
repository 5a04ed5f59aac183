"""Whether an SVG picture is self-contained, decided before Qt ever draws it.

Routine and stretch files are shared, so the pictures beside them are untrusted too. QtSvg follows an SVG's
references: ``<image href="/home/me/photo.png">`` draws any picture on the machine, and an SVG inlined as a
``data:`` URL is drawn with the same freedom. A picture is therefore accepted only if it refers to nothing
outside itself:

* allowed: ``#id`` references (``<use href="#leg">``, ``fill="url(#shade)"``), an empty ``href``, and base64
  ``data:`` URLs; an inline PNG/JPEG/GIF/WebP is taken as it is, anything else inline must itself be a
  self-contained SVG (checked the same way, at most ``MAX_NESTING`` deep);
* refused: every other value of an attribute whose name ends in ``href`` (any prefix, any case) or is ``src``,
  or that an animation element sets such an attribute to; every other CSS ``url(...)`` in any attribute or
  ``<style>`` text (CSS escapes and comments undone first); any ``@import``; ``<?xml-stylesheet?>``; XInclude;
  a DOCTYPE with an internal subset (where entities and attribute defaults live) and any entity it does not
  define; compressed (gzip) or non-base64 inline data; files over ``MAX_SVG_BYTES``, in an encoding other
  than UTF-8/UTF-16/ASCII/Latin-1, or that are not well-formed XML with an ``<svg>`` root.

The scan uses the standard library's expat: it never reads a DTD or an external entity, and it is deliberately
stricter than Qt, refusing what it cannot read the way Qt would rather than guessing. Messages are worded to
follow the picture's name ("'x.svg' refers to another file ('/etc/x.png'); …") and quote every value from the
file with ``repr``, so control characters cannot break the one-line message.
"""

from __future__ import annotations

import binascii
import re
from urllib.parse import unquote_to_bytes
from xml.parsers import expat

MiB = 1024 * 1024
MAX_SVG_BYTES = 2 * MiB  # a drawn stretch is a few KiB; this leaves room for an embedded photo or two
MAX_NESTING = 4  # inline SVGs inside inline SVGs

SELF_CONTAINED = "a picture must be self-contained (inline data: images and #id references are fine)"

_ENCODINGS = frozenset({"utf-8", "utf-16", "us-ascii", "iso-8859-1"})  # the ones expat itself decodes
_XINCLUDE = frozenset({"http://www.w3.org/2001/xinclude", "http://www.w3.org/2003/xinclude"})
_ANIMATION_VALUES = ("to", "from", "by", "values")
# What Qt's SVG image reader sniffs for in a payload's first bytes (plus a margin); a "bitmap" holding one of
# these might be drawn as an SVG, so it is checked as one.
_SVG_MARKERS = (b"<?xml", b"<svg", b"<!--", b"<!DOCTYPE")
_GZIP = b"\x1f\x8b"

_URL = re.compile(r"""url\s*\(\s*(?:"([^"]*)|'([^']*)|([^)]*))""", re.IGNORECASE)
_IMPORT = re.compile(r"@import\s*((?:\([^)]*\)?|[^;{}(])*)", re.IGNORECASE)
_CSS_ESCAPE = re.compile(r"\\(?:([0-9a-fA-F]{1,6})(?:\r\n|[ \t\r\n\f])?|(\r\n|[\s\S]))")
_CSS_COMMENT = re.compile(r"/\*.*?(?:\*/|\Z)", re.DOTALL)
_STYLESHEET_HREF = re.compile(r"""href\s*=\s*(?:"([^"]*)"|'([^']*)')""")


class SvgError(ValueError):
    """Why an SVG is refused, worded to follow the picture's name: ``'x.svg' <message>``."""


def check_svg(data: bytes) -> None:
    """Raise :class:`SvgError` unless ``data`` is a readable SVG that refers to nothing outside itself."""
    _Scan(0).run(data)


def show(value: str, limit: int = 120) -> str:
    """``value`` quoted for a one-line message: every control or invisible character escaped, and a long value
    shortened in the middle (a path's file name stays in view)."""
    if len(value) > limit:
        value = value[: limit * 2 // 3] + "…" + value[-(limit // 3 - 1) :]
    return repr(value)


def _refers(value: str) -> SvgError:
    return SvgError(f"refers to another file ({show(value)}); {SELF_CONTAINED}")


def _local(name: str) -> str:
    """An XML name without its prefix, lower-cased: ``XLink:HREF`` → ``href``."""
    return name.rpartition(":")[2].lower()


def _is_bitmap(payload: bytes) -> bool:
    head = payload[:64]
    if any(marker in head for marker in _SVG_MARKERS):
        return False
    return (
        payload.startswith((b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a"))
        or (payload[:4] == b"RIFF" and payload[8:12] == b"WEBP")
    )


def _css_unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        digits, other = match.group(1), match.group(2)
        if digits is not None:
            code = int(digits, 16)
            return chr(code) if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"
        return "" if other in ("\r\n", "\n", "\r", "\f") else other

    return _CSS_ESCAPE.sub(replace, text)


def _css_readings(text: str) -> list[str]:
    """``text`` as written, with CSS escapes undone, with comments removed, and both: the scan takes them all."""
    if "\\" not in text and "/*" not in text:
        return [text]
    unescaped, bare = _css_unescape(text), _CSS_COMMENT.sub("", text)
    return list(dict.fromkeys((text, unescaped, bare, _css_unescape(bare), _CSS_COMMENT.sub("", unescaped))))


class _Scan:
    """One pass of expat over one SVG (inline SVGs get a pass of their own, one level deeper)."""

    def __init__(self, depth: int) -> None:
        self.depth = depth
        self.seen_root = False
        self.style_depth = 0
        self.style_text: list[str] = []
        parser = self.parser = expat.ParserCreate()
        parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        parser.buffer_text = True
        parser.XmlDeclHandler = self._xml_declaration
        parser.StartDoctypeDeclHandler = self._doctype
        parser.EntityDeclHandler = self._entity
        parser.UnparsedEntityDeclHandler = self._unparsed_entity
        parser.ExternalEntityRefHandler = self._external_entity
        parser.SkippedEntityHandler = self._skipped_entity
        parser.ProcessingInstructionHandler = self._instruction
        parser.StartElementHandler = self._start
        parser.EndElementHandler = self._end
        parser.CharacterDataHandler = self._text

    def run(self, data: bytes) -> None:
        if len(data) > MAX_SVG_BYTES:
            raise SvgError(f"is {len(data) / MiB:.1f} MiB; an SVG picture may be at most {MAX_SVG_BYTES // MiB} MiB")
        if data.startswith(_GZIP):
            raise SvgError("is compressed (an .svgz); save it as a plain SVG")
        try:
            self.parser.Parse(data, True)
        except expat.ExpatError as error:
            raise SvgError(f"is not a readable SVG: {error}") from None

    # --- the XML around the drawing -----------------------------------------------------------------------

    def _xml_declaration(self, version: str | None, encoding: str | None, standalone: int) -> None:
        if encoding is not None and encoding.lower() not in _ENCODINGS:
            raise SvgError(f"is written in the text encoding {show(encoding)}; save it as UTF-8")

    def _doctype(self, name: str, system_id: str | None, public_id: str | None, has_internal_subset: bool) -> None:
        # An external DTD named here is never read (not by expat, not by Qt); what is written inside [...] is
        # where entities and attribute defaults (such as a default href) would come from.
        if has_internal_subset:
            raise SvgError(
                "has a DOCTYPE with its own declarations (such as entities), which could pull in other files; "
                "remove the DOCTYPE"
            )

    def _entity(self, name: str, is_parameter: bool, *_: object) -> None:
        raise SvgError(f"declares the entity {show(name)}; remove the DOCTYPE (a picture must be self-contained)")

    def _unparsed_entity(self, name: str, *_: object) -> None:
        self._entity(name, False)

    def _external_entity(self, context: str | None, base: str | None, system_id: str | None, *_: object) -> int:
        raise _refers(system_id or "")

    def _skipped_entity(self, name: str, is_parameter: bool) -> None:
        raise SvgError(f"uses the entity {show('&' + name + ';')}, which is not defined in the file; {SELF_CONTAINED}")

    def _instruction(self, target: str, data: str) -> None:
        if target.lower() == "xml-stylesheet":
            match = _STYLESHEET_HREF.search(data)
            linked = next((g for g in match.groups() if g is not None), "") if match else data
            raise SvgError(f"links a style sheet ({show(linked)}); {SELF_CONTAINED}")

    # --- elements and attributes --------------------------------------------------------------------------

    def _start(self, name: str, attributes: dict[str, str]) -> None:
        if not self.seen_root:
            self.seen_root = True
            if _local(name) != "svg":
                raise SvgError(f"is not a readable SVG: its outermost element is {show('<' + name + '>')}, not <svg>")
        if _local(name) == "style":
            self.style_depth += 1
        for key, value in attributes.items():
            if key == "xmlns" or key.startswith("xmlns:"):
                if value.strip().lower() in _XINCLUDE:
                    raise SvgError(f"uses XInclude, which pulls in other files; {SELF_CONTAINED}")
                continue  # a namespace name identifies a vocabulary; nothing ever fetches it
            local = _local(key)
            if local.endswith("href") or local == "src":
                self._reference(value)
            self._css(value)
        animated = next((v for k, v in attributes.items() if _local(k) == "attributename"), None)
        if animated is not None and (_local(animated.strip()).endswith("href") or _local(animated.strip()) == "src"):
            for key, value in attributes.items():
                if _local(key) in _ANIMATION_VALUES:
                    for part in value.split(";"):
                        self._reference(part)

    def _end(self, name: str) -> None:
        if self.style_depth and _local(name) == "style":
            self.style_depth -= 1
            if not self.style_depth:
                # Joined as Qt joins them: text split by a comment or CDATA section is one style sheet.
                self._css("".join(self.style_text))
                self.style_text.clear()

    def _text(self, text: str) -> None:
        if self.style_depth:
            self.style_text.append(text)

    # --- what a reference may be --------------------------------------------------------------------------

    def _css(self, text: str) -> None:
        for reading in _css_readings(text):
            imported = _IMPORT.search(reading)
            if imported is not None:
                raise SvgError(f"imports a style sheet ({show(imported.group(1).strip())}); {SELF_CONTAINED}")
            for match in _URL.finditer(reading):
                self._reference(next(g for g in match.groups() if g is not None).strip())

    def _reference(self, value: str) -> None:
        text = value.strip()
        if not text:
            return  # an empty reference names this very file
        if text.startswith("#") and "/" not in text and "\\" not in text:
            return
        if text.startswith("data:"):  # exactly as Qt spells it: "DATA:..." would be opened as a file name
            self._inline(text)
            return
        raise _refers(value)

    def _inline(self, url: str) -> None:
        # Decoded the way Qt decodes it: percent-escapes first, then split at the first comma.
        header, comma, payload = unquote_to_bytes(url[len("data:"):]).partition(b",")
        if not comma:
            raise SvgError(f"has an inline data: URL without a ',' ({show(url)}); write data:<type>;base64,<data>")
        if not header.strip().lower().endswith(b";base64"):
            raise SvgError(
                f"has an inline data: URL that is not base64 ({show(url)}); inline pictures must be base64-encoded"
            )
        try:
            decoded = binascii.a2b_base64(re.sub(rb"\s+", b"", payload), strict_mode=True)
        except binascii.Error:
            raise SvgError(f"has an inline data: URL that is not valid base64 ({show(url)})") from None
        if _is_bitmap(decoded):
            return
        if decoded.startswith(_GZIP):
            raise SvgError(f"has a compressed inline picture ({show(url)}); inline an uncompressed SVG instead")
        if self.depth >= MAX_NESTING:
            raise SvgError(f"nests inline pictures more than {MAX_NESTING} deep")
        try:
            _Scan(self.depth + 1).run(decoded)
        except SvgError as error:
            raise SvgError(f"has an inline picture that {error}") from None
