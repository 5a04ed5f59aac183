"""YAML 1.2 core-schema typing on PyYAML's parser: which tag a plain scalar gets, and its Python value.

PyYAML types scalars by YAML 1.1 (``yes`` is true, ``1:30`` is ninety, ``017`` is fifteen); the YAML language
server in people's editors follows YAML 1.2's core schema. Routine files are read by the editor's rules, so
the resolver here replaces PyYAML's, and values are converted from the tag and text alone (never by PyYAML's
constructors, which raise on ``!!int two`` and on numbers too long for Python).
"""

from __future__ import annotations

import re

import yaml

TAG = "tag:yaml.org,2002:"
STR, INT, FLOAT, BOOL, NULL = (TAG + name for name in ("str", "int", "float", "bool", "null"))
SEQ, MAP, MERGE = TAG + "seq", TAG + "map", TAG + "merge"

# YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution); the merge key stays, as editors
# support it too.
CORE_RESOLVERS: tuple[tuple[str, str, str], ...] = (
    (BOOL, r"true|True|TRUE|false|False|FALSE", "tTfF"),
    (INT, r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+", "-+0123456789"),
    (
        FLOAT,
        r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)",
        "-+0123456789.",
    ),
    (NULL, r"~|null|Null|NULL|", "~nN"),
    (MERGE, r"<<", "<"),
)
PATTERNS = {tag: re.compile(f"(?:{pattern})\\Z") for tag, pattern, _ in CORE_RESOLVERS}

_RESOLVED: dict[tuple[type, str | None, tuple[bool, bool]], str] = {}


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema typing, with a memo: routine files repeat the same keys and numbers endlessly."""

    yaml_implicit_resolvers = {}  # noqa: RUF012 - PyYAML's own class-level registry, filled below

    def resolve(self, kind: type, value: str | None, implicit: tuple[bool, bool]) -> str:
        key = (kind, value, implicit)
        tag = _RESOLVED.get(key)
        if tag is None:
            tag = super().resolve(kind, value, implicit)  # type: ignore[no-untyped-call]
            if len(_RESOLVED) < 50_000 and (value is None or len(value) < 64):
                _RESOLVED[key] = tag
        return tag


for _tag, _pattern, _first in CORE_RESOLVERS:
    _CoreResolver.add_implicit_resolver(_tag, re.compile(f"^(?:{_pattern})$"), [*_first])
_CoreResolver.add_implicit_resolver(NULL, re.compile("^$"), [""])

class PyLoader(yaml.reader.Reader, yaml.scanner.Scanner, yaml.parser.Parser, yaml.composer.Composer, _CoreResolver):
    """The pure-Python parser and composer with our resolver, for PyYAML builds without libyaml."""

    def __init__(self, stream: str) -> None:
        yaml.reader.Reader.__init__(self, stream)
        yaml.scanner.Scanner.__init__(self)
        yaml.parser.Parser.__init__(self)
        yaml.composer.Composer.__init__(self)
        _CoreResolver.__init__(self)


Loader: type = PyLoader
try:  # the C parser is many times faster; PyYAML wheels ship it, some distro builds do not
    from yaml._yaml import CParser

    class CLoader(CParser, _CoreResolver):
        """libyaml's parser with our resolver; we only compose nodes, never construct objects."""

        def __init__(self, stream: str) -> None:
            CParser.__init__(self, stream)
            _CoreResolver.__init__(self)

    Loader = CLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    pass

def tag_name(tag: str) -> str:
    """``tag:yaml.org,2002:python/tuple`` → ``!!python/tuple``: how the author wrote it."""
    return "!!" + tag[len(TAG) :] if tag.startswith(TAG) else tag


def core_int(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text, 10)


def core_float(text: str) -> float:
    """A YAML 1.2 float or int written where a float was asked for: ``.inf``, ``-.5``, ``1e3``, ``7``."""
    lowered = text.lower()
    if lowered.endswith(".inf"):
        return float("-inf") if lowered.startswith("-") else float("inf")
    if lowered == ".nan":
        return float("nan")
    if PATTERNS[INT].match(text) and text[:2] in ("0o", "0x"):
        return float(core_int(text))
    return float(text)
