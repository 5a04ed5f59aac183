"""The field table: every document path the editor marks finds its spec, and the table's own rules hold."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretch_timer.core.fields import (
    BREATHE_FIELDS,
    CUE_FIELDS,
    PMR_FIELDS,
    ROUTINE_FIELDS,
    STEP_FIELDS,
    STEP_KEYS,
    STRETCH_FIELDS,
    FieldSpec,
    FieldType,
    field_at,
)
from stretch_timer.core.model import StepKind

TABLES = {"routine": ROUTINE_FIELDS, "cues": CUE_FIELDS, "step": STEP_FIELDS, "stretch": STRETCH_FIELDS,
          "breathe": BREATHE_FIELDS, "pmr": PMR_FIELDS}


@pytest.mark.parametrize(
    ("path", "table", "key"),
    [
        (("name",), ROUTINE_FIELDS, "name"),
        (("switch",), ROUTINE_FIELDS, "switch"),
        (("tags", 3), ROUTINE_FIELDS, "tags"),
        (("cues", "countdown"), CUE_FIELDS, "countdown"),
        (("steps", 2, "hold"), STEP_FIELDS, "hold"),
        (("steps", 2, "note"), STEP_FIELDS, "note"),
        (("steps", 0, "breathe", "inhale"), BREATHE_FIELDS, "inhale"),
        (("steps", 0, "breathe", "hold"), BREATHE_FIELDS, "hold"),
        (("steps", 0, "pmr", "groups", 1), PMR_FIELDS, "groups"),
        (("steps", 1, "instructions"), STRETCH_FIELDS, "instructions"),
        (("steps", 1, "instructions", 0), STRETCH_FIELDS, "instructions"),
        (("steps", 1, "name"), STRETCH_FIELDS, "name"),
    ],
)
def test_field_at_finds_the_spec(path: tuple[str | int, ...], table: tuple[FieldSpec, ...], key: str) -> None:
    spec = field_at(path)
    assert spec is not None
    assert spec in table
    assert spec.key == key


@pytest.mark.parametrize(
    "path",
    [(), ("steps",), ("steps", 0), ("steps", 0, "breathe"), ("cues",), ("format",), ("nmae",), ("steps", 0, "x"),
     ("steps", "a", "hold"), ("name", 0), ("steps", 0, "hold", 0), ("steps", 0, "breathe", "cycles", 0)],
)
def test_field_at_is_none_where_no_field_is(path: tuple[str | int, ...]) -> None:
    assert field_at(path) is None


@pytest.mark.parametrize("name", TABLES)
def test_table_rules(name: str) -> None:
    table = TABLES[name]
    assert len({spec.key for spec in table}) == len(table)
    for spec in table:
        assert spec.label and spec.help.endswith("."), spec.key
        assert spec.kinds <= frozenset(StepKind) and spec.kinds
        if spec.type in (FieldType.CHOICE, FieldType.CHOICE_LIST):
            assert spec.choices, spec.key
            assert spec.default in (None, "", (), *spec.choices), spec.key
        if spec.type in (FieldType.DURATION, FieldType.INTEGER):
            assert spec.minimum is not None and spec.maximum is not None, spec.key
        if spec.positive:
            assert spec.type is FieldType.DURATION and spec.minimum == 0
        if spec.type is FieldType.DURATION and isinstance(spec.default, float):
            assert spec.minimum is not None and spec.maximum is not None
            assert spec.minimum <= spec.default <= spec.maximum


def test_step_kinds() -> None:
    holds_only = {spec.key for spec in STEP_FIELDS if spec.kinds == {StepKind.HOLD}}
    assert holds_only == {"hold", "until", "sides", "repeat"}
    assert all(spec.kinds == {StepKind.BREATHING} for spec in BREATHE_FIELDS)
    assert all(spec.kinds == {StepKind.RELAXATION} for spec in PMR_FIELDS)
    assert "note" in STEP_KEYS


def test_every_field_is_in_the_format_description() -> None:
    text = (Path(__file__).resolve().parents[2] / "docs" / "routine-format.md").read_text(encoding="utf-8")
    # named in the prose (`note`, `cues.countdown`) or shown in an example (halfway: false)
    missing = sorted({spec.key for table in TABLES.values() for spec in table
                      if not any(f"{before}{spec.key}{after}" in text for before, after in
                                 (("`", "`"), (".", "`"), ("  ", ": ")))})
    assert not missing
