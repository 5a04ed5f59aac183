"""Routine documents read and written the way their authors wrote them: comments, key order and layout kept.

People write routines by hand and share them; saving one from the editor must not throw away their comments
(``# only the cramped leg``) or reorder their keys. ruamel.yaml's round-trip mode keeps both. It is only used
here, for the editor's one job: the loader stays on PyYAML's C parser, which reads a library many times faster.
Both read YAML 1.2, so a value means the same to each (``yes`` and ``1:30`` are text).
"""

from __future__ import annotations

import io
from collections.abc import Mapping, Sequence
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

FLOW_ITEMS = 6
"""Lists of at most this many short words are written on one line (``tags: [bedtime, relief]``); sentences
(how-to lines) stay one per line, as people write them."""
FLOW_WORD = 20


def _yaml() -> YAML:
    yaml = YAML(typ="rt")
    yaml.version = None  # no "%YAML" line: the files never had one
    yaml.indent(mapping=2, sequence=4, offset=2)  # "steps:\n  - stretch: x", as the bundled files are written
    yaml.width = 4096  # never re-wrap a long "say:" line the author kept on one line
    yaml.preserve_quotes = True
    yaml.allow_duplicate_keys = False
    return yaml


class RoundTripError(ValueError):
    """The text cannot be read for a round trip (the loader's own messages say why, with lines)."""


def load_commented(text: str) -> CommentedMap:
    """``text`` as a mapping that remembers its comments; :class:`RoundTripError` if it is not one."""
    try:
        data = _yaml().load(text)
    except (YAMLError, ValueError) as error:
        raise RoundTripError(str(error).splitlines()[0] if str(error) else "unreadable YAML") from None
    if not isinstance(data, CommentedMap):
        raise RoundTripError("the file is not a mapping of keys")
    return data


def dump_commented(data: Mapping[str, Any]) -> str:
    """The document as YAML text, its comments where they were."""
    stream = io.StringIO()
    _yaml().dump(data, stream)
    return stream.getvalue()


def styled(value: object) -> object:
    """A new value as a person would write it: short word lists on one line, mappings and longer lists as
    blocks. Values already read from a file keep their own style."""
    if isinstance(value, CommentedMap | CommentedSeq):
        return value
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = styled(item)
        return mapping
    if isinstance(value, Sequence) and not isinstance(value, str):
        sequence = CommentedSeq(styled(item) for item in value)
        short_words = all(isinstance(item, str) and len(item) <= FLOW_WORD and not item.endswith((".", "!", "?"))
                          for item in value)
        if short_words and 0 < len(value) <= FLOW_ITEMS:
            sequence.fa.set_flow_style()
        return sequence
    return value


def plain(value: object) -> object:
    """A deep copy made of built-in types only (what the loader's own reader gives), for copying a step."""
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [plain(item) for item in value]
    if isinstance(value, bool):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    return value
