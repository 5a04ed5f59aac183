"""Safe YAML reading that remembers where every value came from, and reads values as editors do.

PyYAML's loaders throw line numbers away; we compose the node graph instead (C parser when available, never the
full loader) and convert it ourselves, so each value's path maps to its line. Converting by hand also lets us
refuse what a routine file never needs: custom tags, duplicate keys, and alias bombs that expand into millions
of values.

Values are typed by YAML 1.2's core rules (:mod:`.yaml12`), not PyYAML's YAML 1.1 ones: that is what the YAML language
server in people's editors uses: ``yes`` and ``1:30`` are text, ``017`` is seventeen, and a file means the
same thing to the app and to the editor that checks it against our schema.

Line numbers are the ones an editor shows. PyYAML follows YAML 1.1 in taking NEL, U+2028 and U+2029 (text
pasted from web pages carries them) for line breaks, which YAML 1.2 and editors do not; they are swapped for
private-use stand-ins while parsing and put back in the values. PyYAML also marks the end of a file with no
final newline one line past it; lines are kept within the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import FILE_FIELD, Problem
from .readfile import ReadError, read_regular_file
from .yaml12 import BOOL as _BOOL
from .yaml12 import FLOAT as _FLOAT
from .yaml12 import INT as _INT
from .yaml12 import MAP as _MAP
from .yaml12 import MERGE as _MERGE
from .yaml12 import NULL as _NULL
from .yaml12 import PATTERNS as _PATTERNS
from .yaml12 import SEQ as _SEQ
from .yaml12 import STR as _STR
from .yaml12 import Loader as _Loader
from .yaml12 import core_float as _core_float
from .yaml12 import core_int as _core_int
from .yaml12 import tag_name as _tag_name

MAX_FILE_BYTES = 256 * 1024
MAX_VALUES = 10_000
MAX_DEPTH = 32
MAX_NUMBER_DIGITS = 4_000
"""Longer numbers are refused before Python converts them (it refuses past 4,300 digits on its own)."""

# What YAML allows in a stream (https://yaml.org/spec/1.2.2/#51-character-set); anything else is refused with
# its line before PyYAML sees it (PyYAML reports a character offset on a second, unprefixed line).
_NOT_PRINTABLE = re.compile("[^\t\n\r\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_YAML_1_1_BREAKS = "\x85\u2028\u2029"
_EDITOR_BREAKS = re.compile("\r\n|[\r\n]")
Path_ = tuple[str | int, ...]


def field_name(path: Path_) -> str:
    """``("steps", 1, "hold")`` → ``steps[1].hold``: the form error messages use."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top)"


class LineMap:
    """Lines of one text as an editor counts them, so no problem points past the end of the file."""

    def __init__(self, text: str) -> None:
        ends_with_break = text.endswith(("\n", "\r"))
        self.last = max(1, len(_EDITOR_BREAKS.findall(text)) + (0 if ends_with_break else 1))

    def line(self, yaml_line: int) -> int:
        """The 1-based line for PyYAML's 0-based ``yaml_line``, never past the file's last line."""
        return min(max(yaml_line + 1, 1), self.last)

    def line_of_offset(self, text: str, offset: int) -> int:
        """The line of character ``offset`` in ``text``."""
        return min(len(_EDITOR_BREAKS.findall(text, 0, offset)) + 1, self.last)


def _hide_yaml_1_1_breaks(text: str) -> tuple[str, dict[int, str] | None]:
    """``text`` with NEL, U+2028 and U+2029 swapped for private-use characters it does not hold, and the
    table that puts them back (``None`` when the text has none, the usual case)."""
    present = [char for char in _YAML_1_1_BREAKS if char in text]
    if not present:
        return text, None
    stand_ins = (chr(code) for code in range(0xF8FF, 0xE000, -1) if chr(code) not in text)
    hide: dict[int, str] = {}
    restore: dict[int, str] = {}
    for char in present:
        stand_in = next(stand_ins)
        hide[ord(char)] = stand_in
        restore[ord(stand_in)] = char
    return text.translate(hide), restore


@dataclass
class Document:
    """A parsed file: plain Python data plus the line of every value and the source text of every scalar."""

    path: str
    data: object
    lines: dict[Path_, int] = field(default_factory=dict)
    raw: dict[Path_, str] = field(default_factory=dict)

    def line(self, path: Path_) -> int:
        """Line of ``path``, or of its nearest ancestor that has one (a missing key reports its mapping)."""
        for cut in range(len(path), -1, -1):
            found = self.lines.get(path[:cut])
            if found is not None:
                return found
        return 1


class _TooBig(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line
        self.message = message


class _Converter:
    """Node graph → Python values, with a budget so aliases cannot expand without bound."""

    def __init__(
        self,
        document: Document,
        problems: list[Problem],
        has_aliases: bool,
        lines: LineMap,
        restore: dict[int, str] | None,
    ) -> None:
        self.document = document
        self.restore = restore
        self.problems = problems
        self.values = 0
        self.has_aliases = has_aliases
        self.line_map = lines

    def line(self, node: yaml.Node) -> int:
        return self.line_map.line(node.start_mark.line)

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(Problem(self.document.path, self.line(node), field_name(path), message))

    def convert(self, node: yaml.Node, path: Path_, depth: int = 0) -> object:
        self.values += 1
        if self.values > MAX_VALUES or depth > MAX_DEPTH:
            what = "aliases expand" if self.has_aliases else "the document grows"
            limit = f"{MAX_VALUES:,} values" if self.values > MAX_VALUES else f"{MAX_DEPTH} levels of nesting"
            raise _TooBig(self.line(node), f"{what} beyond {limit}; refusing to read it")
        self.document.lines.setdefault(path, self.line(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            if node.tag != _SEQ:
                self.problem(node, path, f"unsupported YAML tag {_tag_name(node.tag)!r}; write a plain list")
                return None
            return [self.convert(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            if node.tag != _MAP:
                self.problem(node, path, f"unsupported YAML tag {_tag_name(node.tag)!r}; write plain key: value lines")
                return None
            return self.mapping(node, path, depth)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> object:
        """A scalar by its tag, implicit or written; a value that does not fit its tag is a problem."""
        value: str = node.value if self.restore is None else node.value.translate(self.restore)
        self.document.raw[path] = value
        tag = node.tag
        if tag == _STR:
            return value
        if tag == _INT and value.isdigit() and len(value) < 16:  # the common case
            return int(value)
        if tag not in (_INT, _FLOAT, _BOOL, _NULL):
            self.problem(node, path, f"unsupported YAML tag {_tag_name(tag)!r}; write a plain value")
            return None
        if not _PATTERNS[tag].match(value):
            kinds = {_INT: "a whole number", _FLOAT: "a number", _BOOL: "true or false", _NULL: "null"}
            self.problem(node, path, f"{value!r} is not {kinds[tag]}, as its tag {_tag_name(tag)} requires")
            return None
        if tag == _BOOL:
            return value.lower() == "true"
        if tag == _NULL:
            return None
        if len(value) > MAX_NUMBER_DIGITS:
            self.problem(node, path, f"is a number {len(value):,} digits long; too long to be a value here")
            return None
        if tag == _INT:
            return _core_int(value)
        return _core_float(value)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, object]:
        result: dict[str, object] = {}
        has_merge = any(key.tag == _MERGE for key, _ in node.value)
        for key_node, value_node in self._pairs(node) if has_merge else node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "keys must be plain words, not lists or mappings")
                continue
            key = key_node.value if self.restore is None else key_node.value.translate(self.restore)
            child = (*path, key)
            if key_node.tag not in (_STR, _INT, _FLOAT, _BOOL, _NULL):
                self.problem(key_node, child, f"unsupported YAML tag {_tag_name(key_node.tag)!r}; write a plain key")
                continue
            if key in result:
                self.problem(key_node, child, f"duplicate key {key!r}; only one may be given")
                continue
            self.document.lines[child] = self.line(key_node)
            result[key] = self.convert(value_node, child, depth + 1)
        return result

    def _pairs(self, node: yaml.MappingNode) -> Iterator[tuple[yaml.Node, yaml.Node]]:
        """Key/value pairs with YAML merge keys (``<<: *defaults``) flattened, explicit keys winning."""
        explicit = [(k, v) for k, v in node.value if k.tag != _MERGE]
        names = {k.value for k, _ in explicit if isinstance(k, yaml.ScalarNode)}
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                continue
            sources = value_node.value if isinstance(value_node, yaml.SequenceNode) else [value_node]
            for source in sources:
                if not isinstance(source, yaml.MappingNode):
                    continue
                for k, v in self._pairs(source):
                    if isinstance(k, yaml.ScalarNode) and k.value not in names:
                        names.add(k.value)
                        yield k, v
        yield from explicit


def _decode(data: bytes, path: str) -> tuple[str | None, list[Problem]]:
    if len(data) > MAX_FILE_BYTES:
        size = f"{len(data) / 1024:.0f} KiB"
        return None, [Problem(path, 1, FILE_FIELD, f"file is {size}; routine files may be at most 256 KiB")]
    if b"\0" in data:
        line = _EDITOR_BREAKS.subn("", data[: data.index(b"\0")].decode("latin-1"))[1] + 1
        return None, [Problem(path, line, FILE_FIELD, "this is a binary file, not YAML text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = _EDITOR_BREAKS.subn("", data[: error.start].decode("latin-1"))[1] + 1
        byte = data[error.start]
        message = f"not UTF-8 text (byte 0x{byte:02x} at offset {error.start}); save the file as UTF-8"
        return None, [Problem(path, line, FILE_FIELD, message)]


def parse_bytes(data: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Bytes → :class:`Document`, refusing oversize, binary and undecodable input before parsing."""
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    return parse_text(text, path)


def _unprintable_problem(text: str, path: str, lines: LineMap) -> Problem | None:
    """The first character YAML does not allow in a file, with its line; ``None`` when there is none."""
    found = _NOT_PRINTABLE.search(text)
    if found is None:
        return None
    code = ord(found.group())
    what = "a surrogate code point" if 0xD800 <= code <= 0xDFFF else "a control character"
    message = f"holds {what} (U+{code:04X}), which YAML text may not contain; remove it"
    return Problem(path, lines.line_of_offset(text, found.start()), FILE_FIELD, message)


def parse_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Text → :class:`Document`; a document that is not a single mapping is a problem, not an exception."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, FILE_FIELD, "file is larger than 256 KiB; routine files may be at most that")]
    text = text.removeprefix("\ufeff")
    lines = LineMap(text)
    unprintable = _unprintable_problem(text, path, lines)
    if unprintable is not None:
        return None, [unprintable]
    parsed_text, restore = _hide_yaml_1_1_breaks(text)
    loader = _Loader(parsed_text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path, lines)]
    except yaml.YAMLError as error:  # pragma: no cover - reader errors are caught by the scan above
        return None, [Problem(path, 1, FILE_FIELD, f"not valid YAML: {str(error).splitlines()[0]}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, 1, FILE_FIELD, "the file is empty; expected a routine written as key: value lines")]
    document = Document(path, None)
    problems: list[Problem] = []
    try:
        document.data = _Converter(document, problems, "*" in text, lines, restore).convert(node, ())
    except _TooBig as error:
        return None, [Problem(path, error.line, FILE_FIELD, error.message)]
    except RecursionError:
        return None, [Problem(path, lines.line(node.start_mark.line), FILE_FIELD, "the document nests too deeply")]
    if not isinstance(document.data, dict):
        if problems:  # a tagged top level: the tag is the problem
            return None, problems
        kind = type(document.data).__name__ if document.data is not None else "empty"
        kind = {"list": "a list", "str": "a single text value"}.get(kind, kind)
        message = f"expected key: value lines, got {kind}"
        return None, [Problem(path, lines.line(node.start_mark.line), FILE_FIELD, message)]
    return document, problems


def _syntax_problem(error: yaml.MarkedYAMLError, path: str, lines: LineMap) -> Problem:
    if isinstance(error, yaml.composer.ComposerError) and "single document" in str(error.context or ""):
        mark = error.problem_mark
        line = lines.line(mark.line) if mark is not None else 1
        return Problem(path, line, FILE_FIELD, "the file holds more than one YAML document; keep one (remove '---')")
    mark = error.problem_mark or error.context_mark
    line = lines.line(mark.line) if mark is not None else 1
    detail = error.problem or error.context or "syntax error"
    if error.context and error.problem:
        detail = f"{error.problem} ({error.context})"
    return Problem(path, line, FILE_FIELD, f"not valid YAML: {detail}")


def read_document(file: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse a file; a folder, a pipe, a device or an I/O error becomes a problem, never a hang."""
    name = display or str(file)
    try:
        data = read_regular_file(file, MAX_FILE_BYTES)
    except ReadError as error:
        return None, [Problem(name, 1, FILE_FIELD, str(error))]
    return parse_bytes(data, name)
