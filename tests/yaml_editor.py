"""YAML as the editors' language server reads it: the YAML 1.2 core schema, here through ruamel.yaml.

The app's own reader (``stretch_timer.core.yamldoc``) is meant to type every value the same way; the schema
tests validate what this module reads, so they judge a file the way an editor does.

ruamel.yaml's 1.2 mode is close to the core schema but not equal to it (checked in
``tests/core/test_yaml12_agreement.py``): it still reads ``2024-01-01`` as a date, ``1_000`` and ``0b101`` as
numbers, and ``+0x1F`` / ``-0o17`` as signed hex and octal. :func:`may_deviate` names those texts.
"""

from __future__ import annotations

import datetime
import math
import re

from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

__all__ = ["YAMLError", "editor_load", "may_deviate", "plain", "same"]


def editor_load(text: str) -> object:
    """The plain data (dict/list/str/int/float/bool/None) YAML 1.2 gives for ``text``; raises ``YAMLError``."""
    return plain(YAML(typ="safe", pure=True).load(text))


def plain(value: object) -> object:
    """ruamel's values as the plain types JSON Schema sees: mapping keys become strings, as in JSON."""
    if isinstance(value, dict):
        return {key if isinstance(key, str) else _key_text(key): plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    if value is None or isinstance(value, bool | str):
        return value if not isinstance(value, str) else str(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, datetime.date):  # a YAML 1.1 timestamp: ruamel's deviation from the core schema
        return value
    raise TypeError(f"unexpected value from ruamel.yaml: {value!r}")


def _key_text(key: object) -> str:
    if isinstance(key, bool):
        return "true" if key else "false"
    return "null" if key is None else str(key)


def same(left: object, right: object) -> bool:
    """Deep equality that also compares types (``1``, ``1.0`` and ``True`` differ) and takes NaN as equal."""
    if type(left) is not type(right):
        return False
    if isinstance(left, dict):
        assert isinstance(right, dict)
        return list(left) == list(right) and all(same(left[key], right[key]) for key in left)
    if isinstance(left, list):
        assert isinstance(right, list)
        return len(left) == len(right) and all(same(a, b) for a, b in zip(left, right, strict=True))
    if isinstance(left, float) and isinstance(right, float) and math.isnan(left):
        return math.isnan(right)
    return left == right


# Plain scalars ruamel.yaml (0.19, 1.2 mode) may type otherwise than the YAML 1.2 core schema: digit separators
# (1_000, 1_0.5, 0x_1F; "._" even raises ValueError, so any underscore counts), binary (0b101), a sign on hex
# or octal (+0x1F, -0o17), YAML 1.1 timestamps (2024-01-01; 2024-13-45 raises ValueError), a float that starts
# with its point and has an exponent (.5e3 stays text), and YAML 1.1's value key "=" (an error).
_MAY_DEVIATE = re.compile(r"[-+]?0b.*|[-+]0[xo].*|[0-9]{4}-.*|[-+]?\.[0-9]+[eE].*|.*_.*|=")


def may_deviate(text: str) -> bool:
    """True for a plain scalar that ruamel.yaml may type otherwise than the YAML 1.2 core schema."""
    return _MAY_DEVIATE.fullmatch(text) is not None
