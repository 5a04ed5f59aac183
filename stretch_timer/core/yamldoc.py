"""Safe YAML reading that remembers where every value came from.

PyYAML's loaders throw line numbers away; we compose the node graph instead (C parser when available, never the
full loader) and convert it ourselves, so each value's path maps to its line. Converting by hand also lets us
refuse what a routine file never needs: custom tags, duplicate keys, and alias bombs that expand into millions
of values.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .problems import FILE_FIELD, Problem

MAX_FILE_BYTES = 256 * 1024
MAX_VALUES = 10_000
MAX_DEPTH = 32

_RESOLVED: dict[tuple[type, str | None, tuple[bool, bool]], str] = {}


class _MemoResolver(yaml.resolver.Resolver):
    """YAML 1.1's implicit typing with a memo: routine files repeat the same keys and numbers endlessly."""

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        key = (kind, value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_RESOLVED) < 50_000 and (value is None or len(value) < 64):
                _RESOLVED[key] = tag
        return tag


_Loader: type
try:  # the C parser is many times faster; PyYAML wheels ship it, some distro builds do not
    from yaml._yaml import CParser

    class _CLoader(CParser, yaml.constructor.SafeConstructor, _MemoResolver):
        """``CSafeLoader`` with the memoising resolver; we only compose, never construct arbitrary tags."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            yaml.constructor.SafeConstructor.__init__(self)
            _MemoResolver.__init__(self)

    _Loader = _CLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built

    class _PyLoader(yaml.SafeLoader, _MemoResolver):
        """The pure-Python safe loader, same memo."""

    _Loader = _PyLoader

_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_TAG = "tag:yaml.org,2002:"
_MERGE = _TAG + "merge"
_INT = _TAG + "int"
_PLAIN_SCALAR_TAGS = {_TAG + name for name in ("str", "int", "float", "bool", "null", "timestamp")}

_TEXT_TAGS = {_TAG + "str", _TAG + "timestamp"}
_SCALAR_CONSTRUCTORS = {
    _TAG + "int": _CONSTRUCTOR.construct_yaml_int,
    _TAG + "float": _CONSTRUCTOR.construct_yaml_float,
    _TAG + "bool": _CONSTRUCTOR.construct_yaml_bool,
    _TAG + "null": _CONSTRUCTOR.construct_yaml_null,
}

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

    def __init__(self, document: Document, problems: list[Problem], has_aliases: bool) -> None:
        self.document = document
        self.problems = problems
        self.values = 0
        self.has_aliases = has_aliases

    def problem(self, node: yaml.Node, path: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.document.path, node.start_mark.line + 1, field_name(path), message)
        )

    def convert(self, node: yaml.Node, path: Path_, depth: int = 0) -> object:
        self.values += 1
        if self.values > MAX_VALUES or depth > MAX_DEPTH:
            what = "aliases expand" if self.has_aliases else "the document grows"
            limit = f"{MAX_VALUES:,} values" if self.values > MAX_VALUES else f"{MAX_DEPTH} levels of nesting"
            raise _TooBig(node.start_mark.line + 1, f"{what} beyond {limit}; refusing to read it")
        self.document.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node, path)
        if isinstance(node, yaml.SequenceNode):
            return [self.convert(item, (*path, index), depth + 1) for index, item in enumerate(node.value)]
        if isinstance(node, yaml.MappingNode):
            return self.mapping(node, path, depth)
        raise AssertionError(f"unexpected YAML node {node!r}")  # pragma: no cover

    def scalar(self, node: yaml.ScalarNode, path: Path_) -> object:
        self.document.raw[path] = node.value
        tag = node.tag
        if tag not in _PLAIN_SCALAR_TAGS:
            self.problem(node, path, f"unsupported YAML tag {tag!r}; write a plain value")
            return None
        if tag in _TEXT_TAGS:
            return node.value
        if tag == _INT and node.value.isdigit():  # the common case, without PyYAML's sexagesimal handling
            return int(node.value)
        return _SCALAR_CONSTRUCTORS[tag](node)

    def mapping(self, node: yaml.MappingNode, path: Path_, depth: int) -> dict[str, object]:
        if node.tag != _TAG + "map":
            self.problem(node, path, f"unsupported YAML tag {node.tag!r}; write a plain mapping")
        result: dict[str, object] = {}
        has_merge = any(key.tag == _MERGE for key, _ in node.value)
        for key_node, value_node in self._pairs(node) if has_merge else node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                self.problem(key_node, path, "keys must be plain words, not lists or mappings")
                continue
            key = key_node.value
            child = (*path, key)
            if key in result:
                self.problem(key_node, child, f"duplicate key {key!r}; only one may be given")
                continue
            self.document.lines[child] = key_node.start_mark.line + 1
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
        line = data[: data.index(b"\0")].count(b"\n") + 1
        return None, [Problem(path, line, FILE_FIELD, "this is a binary file, not YAML text")]
    try:
        return data.decode("utf-8-sig"), []
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        byte = data[error.start]
        message = f"not UTF-8 text (byte 0x{byte:02x} at offset {error.start}); save the file as UTF-8"
        return None, [Problem(path, line, FILE_FIELD, message)]


def parse_bytes(data: bytes, path: str) -> tuple[Document | None, list[Problem]]:
    """Bytes → :class:`Document`, refusing oversize, binary and undecodable input before parsing."""
    text, problems = _decode(data, path)
    if text is None:
        return None, problems
    return parse_text(text, path)


def parse_text(text: str, path: str) -> tuple[Document | None, list[Problem]]:
    """Text → :class:`Document`; a document that is not a single mapping is a problem, not an exception."""
    if len(text.encode("utf-8", "surrogatepass")) > MAX_FILE_BYTES:
        return None, [Problem(path, 1, FILE_FIELD, "file is larger than 256 KiB; routine files may be at most that")]
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        return None, [_syntax_problem(error, path)]
    except yaml.YAMLError as error:  # pragma: no cover - unmarked errors are rare (reader errors)
        return None, [Problem(path, 1, FILE_FIELD, f"not valid YAML: {error}")]
    finally:
        loader.dispose()
    if node is None:
        return None, [Problem(path, 1, FILE_FIELD, "the file is empty; expected a routine written as key: value lines")]
    document = Document(path, None)
    problems: list[Problem] = []
    try:
        document.data = _Converter(document, problems, "*" in text).convert(node, ())
    except _TooBig as error:
        return None, [Problem(path, error.line, FILE_FIELD, error.message)]
    except RecursionError:
        return None, [Problem(path, node.start_mark.line + 1, FILE_FIELD, "the document nests too deeply")]
    if not isinstance(document.data, dict):
        kind = type(document.data).__name__ if document.data is not None else "empty"
        kind = {"list": "a list", "str": "a single text value"}.get(kind, kind)
        return None, [Problem(path, node.start_mark.line + 1, FILE_FIELD, f"expected key: value lines, got {kind}")]
    return document, problems


def _syntax_problem(error: yaml.MarkedYAMLError, path: str) -> Problem:
    if isinstance(error, yaml.composer.ComposerError) and "single document" in str(error.context or ""):
        mark = error.problem_mark
        line = mark.line + 1 if mark is not None else 1
        return Problem(path, line, FILE_FIELD, "the file holds more than one YAML document; keep one (remove '---')")
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark is not None else 1
    detail = error.problem or error.context or "syntax error"
    if error.context and error.problem:
        detail = f"{error.problem} ({error.context})"
    return Problem(path, line, FILE_FIELD, f"not valid YAML: {detail}")


def read_document(file: Path, display: str | None = None) -> tuple[Document | None, list[Problem]]:
    """Read and parse a file; I/O errors become problems too, so no caller needs a try block."""
    name = display or str(file)
    try:
        size = file.stat().st_size
        if size > MAX_FILE_BYTES:
            return None, [Problem(name, 1, FILE_FIELD, f"file is {size / 1024:.0f} KiB; files may be at most 256 KiB")]
        with file.open("rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        return None, [Problem(name, 1, FILE_FIELD, f"cannot read the file: {error.strerror or error}")]
    return parse_bytes(data, name)
