"""The checked-in JSON Schemas agree with the field table (core/fields.py), field by field.

The schemas are written by hand (their duration patterns are generated, see test_schema.py) because editors show
their wording; this test holds them to the table the loader reads: the same keys in every mapping, and for each
field the same type, range, length, item counts, choices, default and the step kinds it applies to.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stretch_timer.core.fields import (
    BREATHE_FIELDS,
    CUE_FIELDS,
    PMR_FIELDS,
    ROUTINE_FIELDS,
    ROUTINE_KEYS,
    STEP_FIELDS,
    STEP_KEYS,
    STRETCH_FIELDS,
    STRETCH_FILE_KEYS,
    STRETCH_HOLD,
    STRETCH_SIDES,
    FieldSpec,
    FieldType,
)
from stretch_timer.core.model import StepKind

ROUTINES_DIR = Path(__file__).resolve().parents[2] / "routines"
ROUTINE_SCHEMA: dict[str, Any] = json.loads((ROUTINES_DIR / "schema.json").read_text(encoding="utf-8"))
STRETCH_SCHEMA: dict[str, Any] = json.loads((ROUTINES_DIR / "stretch.schema.json").read_text(encoding="utf-8"))

# (which schema, where its mapping is, the table, the keys that are mappings of their own rather than fields)
MAPPINGS: list[tuple[str, tuple[str, ...], tuple[FieldSpec, ...], tuple[str, ...]]] = [
    ("routine", (), ROUTINE_FIELDS, ("format", "cues", "steps")),
    ("routine", ("$defs", "cues"), CUE_FIELDS, ()),
    ("routine", ("$defs", "step"), (*STEP_FIELDS, *STRETCH_FIELDS), ("breathe", "pmr")),
    ("routine", ("$defs", "breathe"), BREATHE_FIELDS, ()),
    ("routine", ("$defs", "pmr"), PMR_FIELDS, ()),
    ("stretch", (), (*STRETCH_FIELDS, STRETCH_HOLD, STRETCH_SIDES), ("format", "breathe", "pmr")),
    ("stretch", ("$defs", "breathe"), BREATHE_FIELDS, ()),
    ("stretch", ("$defs", "pmr"), PMR_FIELDS, ()),
]
MAPPING_IDS = [f"{kind}:{'/'.join(where) or 'top'}" for kind, where, _, _ in MAPPINGS]
FIELD_CASES = [(kind, where, spec) for kind, where, table, _ in MAPPINGS for spec in table]
FIELD_IDS = [f"{kind}:{'/'.join(where) or 'top'}:{spec.key}" for kind, where, spec in FIELD_CASES]


def _schema(kind: str) -> dict[str, Any]:
    return ROUTINE_SCHEMA if kind == "routine" else STRETCH_SCHEMA


def _node(kind: str, where: tuple[str, ...]) -> dict[str, Any]:
    node: Any = _schema(kind)
    for part in where:
        node = node[part]
    assert isinstance(node, dict)
    return node


def _resolve(kind: str, node: dict[str, Any]) -> dict[str, Any]:
    """Follow ``$ref`` into ``$defs`` (annotations beside a $ref add no rule)."""
    while "$ref" in node:
        node = _node(kind, tuple(node["$ref"].removeprefix("#/").split("/")))
    return node


def _branches(kind: str, node: dict[str, Any]) -> list[dict[str, Any]]:
    node = _resolve(kind, node)
    return [_resolve(kind, branch) for branch in node["anyOf"]] if "anyOf" in node else [node]


def _one(branches: list[dict[str, Any]], type_: str) -> dict[str, Any] | None:
    found = [branch for branch in branches if branch.get("type") == type_]
    assert len(found) <= 1, found
    return found[0] if found else None


@pytest.mark.parametrize(("kind", "where", "table", "structural"), MAPPINGS, ids=MAPPING_IDS)
def test_same_keys(
    kind: str, where: tuple[str, ...], table: tuple[FieldSpec, ...], structural: tuple[str, ...]
) -> None:
    properties = set(_node(kind, where)["properties"])
    assert properties == {spec.key for spec in table} | set(structural)


def test_key_lists_are_the_schemas() -> None:
    assert set(ROUTINE_KEYS) == set(ROUTINE_SCHEMA["properties"])
    assert set(STEP_KEYS) == set(ROUTINE_SCHEMA["$defs"]["step"]["properties"])
    assert set(STRETCH_FILE_KEYS) == set(STRETCH_SCHEMA["properties"])


def test_required_keys() -> None:
    assert ROUTINE_SCHEMA["required"] == ["format", *(s.key for s in ROUTINE_FIELDS if s.required), "steps"]
    assert STRETCH_SCHEMA["required"] == ["format", *(s.key for s in STRETCH_FIELDS if s.required)]


@pytest.mark.parametrize("block", ["breathe", "pmr"])
def test_step_kinds_are_the_schemas(block: str) -> None:
    """A breathing (relaxation) step's schema forbids exactly the step fields the table keeps from that kind."""
    kind = StepKind.BREATHING if block == "breathe" else StepKind.RELAXATION
    forbidden = ROUTINE_SCHEMA["$defs"]["step"]["dependentSchemas"][block]["properties"]
    assert all(rule is False for rule in forbidden.values())
    not_for_kind = {spec.key for spec in (*STEP_FIELDS, *STRETCH_FIELDS) if kind not in spec.kinds}
    assert set(forbidden) - {"pmr"} == not_for_kind


def _check_text(spec: FieldSpec, branches: list[dict[str, Any]]) -> None:
    text = _one(branches, "string")
    assert text is not None
    assert text.get("maxLength") == spec.max_length
    # Left empty is allowed (a null branch, no "not blank" pattern) exactly when the table says so.
    assert (_one(branches, "null") is not None) == spec.empty_ok
    assert ("pattern" in text) != spec.empty_ok or spec.type is not FieldType.TEXT


def _check_list(kind: str, spec: FieldSpec, branches: list[dict[str, Any]]) -> None:
    array = _one(branches, "array")
    assert array is not None
    assert array.get("minItems", 0) == spec.min_items
    assert array.get("maxItems") == spec.max_items
    item = _resolve(kind, array["items"])
    assert item in branches, "a single item may be written alone, without brackets"
    assert (_one(branches, "null") is not None) == (spec.min_items == 0)
    if spec.type is FieldType.CHOICE_LIST:
        assert tuple(item["enum"]) == spec.choices
    else:
        assert item["type"] == "string"
        assert item.get("maxLength") == spec.max_length


def _check_duration(spec: FieldSpec, branches: list[dict[str, Any]]) -> None:
    number = _one(branches, "number")
    assert number is not None and _one(branches, "string") is not None
    assert spec.minimum == 0
    assert number.get("exclusiveMinimum" if spec.positive else "minimum") == 0
    assert number["maximum"] == spec.maximum


@pytest.mark.parametrize(("kind", "where", "spec"), FIELD_CASES, ids=FIELD_IDS)
def test_field_agrees_with_schema(kind: str, where: tuple[str, ...], spec: FieldSpec) -> None:
    prop = _node(kind, where)["properties"][spec.key]
    branches = _branches(kind, prop)
    match spec.type:
        case FieldType.TEXT | FieldType.STRETCH | FieldType.PICTURE:
            _check_text(spec, branches)
        case FieldType.TEXT_LIST | FieldType.CHOICE_LIST:
            _check_list(kind, spec, branches)
        case FieldType.CHOICE:
            (choice,) = branches
            assert tuple(choice["enum"]) == spec.choices
        case FieldType.DURATION:
            _check_duration(spec, branches)
        case FieldType.INTEGER:
            (integer,) = branches
            assert (integer["type"], integer["minimum"], integer["maximum"]) == ("integer", spec.minimum, spec.maximum)
        case FieldType.BOOLEAN:
            (boolean,) = branches
            assert boolean["type"] == "boolean"
    # A default the schema states is the table's; numbers and yes/no values with a default must state it.
    stated = prop.get("default", _resolve(kind, prop).get("default"))
    if spec.type in (FieldType.DURATION, FieldType.INTEGER, FieldType.BOOLEAN) and spec.default is not None:
        assert stated == spec.default
    elif stated is not None:
        assert stated == (list(spec.default) if isinstance(spec.default, tuple) else spec.default)
