"""A routine held in memory (the editor's draft) as the same :class:`Document` the YAML reader makes from text.

The loader's checks read a document's plain values and its scalars' source text; a draft's values may be
ruamel.yaml's round-trip types (``CommentedMap``, ``CommentedSeq``, ``ScalarFloat``, ``DoubleQuotedScalarString``:
subclasses of dict, list, float and str that carry comments and formatting). They are copied into plain values,
with each scalar's text written as YAML writes it, so a draft gets exactly the problems its saved file would.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Mapping

from .problems import FILE_FIELD, Problem
from .yamldoc import MAX_DEPTH, MAX_VALUES, Document, Path_


class _TooBig(Exception):
    pass


def yaml_text(value: object) -> str:
    """How a YAML writer spells a scalar (``true``, ``null``, ``2.5``, ``.inf``), as the text reader's raw text."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        number = float(value)
        if number != number:
            return ".nan"
        if number in (float("inf"), float("-inf")):
            return ".inf" if number > 0 else "-.inf"
        text = repr(number).lower()
        if "." not in text and "e" in text:
            text = text.replace("e", ".0e", 1)
        return text
    return str(value)


class _Copier:
    def __init__(self, document: Document) -> None:
        self.document = document
        self.values = 0

    def copy(self, value: object, path: Path_, depth: int = 0) -> object:
        self.values += 1
        if self.values > MAX_VALUES:
            raise _TooBig(f"the document grows beyond {MAX_VALUES:,} values; refusing to read it")
        if depth > MAX_DEPTH:
            raise _TooBig(f"the document grows beyond {MAX_DEPTH} levels of nesting; refusing to read it")
        if isinstance(value, Mapping):
            result: dict[str, object] = {}
            for key, item in value.items():
                name = key if isinstance(key, str) else yaml_text(key)
                result[str(name)] = self.copy(item, (*path, str(name)), depth + 1)
            return result
        if isinstance(value, list | tuple):
            return [self.copy(item, (*path, index), depth + 1) for index, item in enumerate(value)]
        plain = _plain(value)
        if not isinstance(plain, str):
            self.document.raw[path] = yaml_text(plain)
        return plain


def _plain(value: object) -> object:
    """A scalar as the plain Python type the text reader gives (ruamel's subclasses lose their formatting)."""
    if value is None or type(value) in (str, int, float, bool):
        return value
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, str):
        return str(value)
    if isinstance(value, int):
        # ruamel's ScalarBoolean is an int subclass that stands for true/false
        return bool(value) if type(value).__name__ == "ScalarBoolean" else int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.date):  # a YAML 1.1 timestamp: the text reader keeps it as text
        return value.isoformat()
    return str(value)


def document_from_data(
    data: object, display: str, lines: Mapping[Path_, int] | None = None
) -> tuple[Document | None, list[Problem]]:
    """``data`` → :class:`Document` (plain values, the given lines, each scalar's YAML text); a top level that is
    not a mapping is a problem, worded as the text reader words it."""
    document = Document(display, None, dict(lines or {}))
    try:
        document.data = _Copier(document).copy(data, ())
    except _TooBig as error:
        return None, [Problem(display, 1, FILE_FIELD, str(error))]
    except RecursionError:
        return None, [Problem(display, 1, FILE_FIELD, "the document nests too deeply")]
    if isinstance(document.data, dict):
        return document, []
    kind = "empty" if document.data is None else type(document.data).__name__
    kind = {"list": "a list", "str": "a single text value"}.get(kind, kind)
    return None, [Problem(display, document.line(()), FILE_FIELD, f"expected key: value lines, got {kind}")]


def ruamel_lines(data: object) -> dict[Path_, int]:
    """The 1-based line of every key and item of a ruamel.yaml round-trip document (read from its ``lc``
    attributes, so this module needs no ruamel import): the lines the text reader would give the same file."""
    lines: dict[Path_, int] = {}

    def walk(node: object, path: Path_, depth: int) -> None:
        where = getattr(node, "lc", None)
        if where is None or depth > MAX_DEPTH:
            return
        if isinstance(node, Mapping):
            for key, item in node.items():
                child = (*path, key if isinstance(key, str) else yaml_text(key))
                with contextlib.suppress(KeyError, TypeError, AttributeError):
                    lines[child] = int(where.key(key)[0]) + 1
                walk(item, child, depth + 1)
        elif isinstance(node, list):
            for index, item in enumerate(node):
                with contextlib.suppress(KeyError, TypeError, AttributeError, IndexError):
                    lines[(*path, index)] = int(where.item(index)[0]) + 1
                walk(item, (*path, index), depth + 1)

    lines[()] = int(getattr(getattr(data, "lc", None), "line", 0) or 0) + 1
    walk(data, (), 0)
    return lines
