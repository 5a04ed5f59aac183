"""Routine → tidy YAML: stable key order, the schema line on top, and only what the author wrote.

Saved files are meant to be read and diffed by people, so steps keep their catalog reference plus overrides
instead of being expanded, and defaults are left out.
"""

from __future__ import annotations

from enum import Enum

import yaml

from .durations import format_duration
from .fields import (
    BREATHE_FIELDS,
    BREATHE_KEY,
    CUE_FIELDS,
    CUES_KEY,
    FORMAT_KEY,
    PMR_FIELDS,
    PMR_KEY,
    ROUTINE_FIELDS,
    STEP_FIELDS,
    STEPS_KEY,
    STRETCH_FIELDS,
    FieldSpec,
    FieldType,
)
from .model import FORMAT_VERSION, Cues, Routine, Step

SCHEMA_LINE = "# yaml-language-server: $schema=schema.json"


class _Flow(list[str]):
    """A short list written on one line (``tags: [bedtime]``); long ones stay one item per line."""


class _Dumper(yaml.SafeDumper):
    """Indents lists under their key, as people write them by hand."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        super().increase_indent(flow, False)


def _represent_flow(dumper: yaml.SafeDumper, data: _Flow) -> yaml.Node:
    return dumper.represent_sequence("tag:yaml.org,2002:seq", data, flow_style=True)


_Dumper.add_representer(_Flow, _represent_flow)


def document_value(spec: FieldSpec, value: object) -> object:
    """A model value as the file writes it: durations as :func:`format_duration` does, words as words, short
    lists on one line (``props: [towel, wall]``), a single instruction as one text, longer ones one per line."""
    kind = spec.type
    if kind is FieldType.DURATION:
        assert isinstance(value, int | float), spec.key
        return format_duration(float(value))
    if kind is FieldType.CHOICE:
        return value.value if isinstance(value, Enum) else str(value)
    if spec.is_list:
        assert isinstance(value, tuple | list), spec.key
        items = [str(item) for item in value]
        if kind is FieldType.CHOICE_LIST or (spec.max_length or 0) <= _FLOW_ITEM_LENGTH:
            return _Flow(items)
        return items[0] if len(items) == 1 else items
    if kind is FieldType.INTEGER:
        assert isinstance(value, int | float), spec.key
        return int(value)
    return value


_FLOW_ITEM_LENGTH = 80
"""Lists whose items are at most this long (props, tags, muscle groups) are written on one line."""

STEP_KEY_ORDER: tuple[str, ...] = (
    "stretch", "name", "sanskrit", "hold", "until", "sides", "repeat", BREATHE_KEY, PMR_KEY, "rest", "muscles",
    "position", "props", "instructions", "safety", "image", "faces", "action", "say", "note",
)
"""The order a step's keys are written in: what it does and for how long first, then how it looks."""

_STEP_SPECS: dict[str, FieldSpec] = {spec.key: spec for spec in (*STEP_FIELDS, *STRETCH_FIELDS)}
_STEP_ONLY_KEYS = frozenset(spec.key for spec in STEP_FIELDS)
_BLOCKS: dict[str, tuple[FieldSpec, ...]] = {BREATHE_KEY: BREATHE_FIELDS, PMR_KEY: PMR_FIELDS}


def step_to_data(step: Step) -> dict[str, object]:
    data: dict[str, object] = {}
    for key in STEP_KEY_ORDER:
        value = step.written(key)
        if key in _BLOCKS:
            if isinstance(value, dict):
                data[key] = {spec.key: document_value(spec, value[spec.key]) for spec in _BLOCKS[key]
                             if spec.key in value}
            continue
        spec = _STEP_SPECS[key]
        # A stretch field equal to its default still overrides the catalog; a step's own default (repeat: 1) not.
        if value is None or (key in _STEP_ONLY_KEYS and value == spec.default):
            continue
        data[key] = document_value(spec, value)
    return data


def routine_to_data(routine: Routine) -> dict[str, object]:
    data: dict[str, object] = {FORMAT_KEY: FORMAT_VERSION}
    for spec in ROUTINE_FIELDS:
        value = getattr(routine, spec.key)
        if spec.required or value != spec.default:
            data[spec.key] = document_value(spec, value)
    if routine.cues != Cues():
        data[CUES_KEY] = {spec.key: document_value(spec, getattr(routine.cues, spec.key)) for spec in CUE_FIELDS}
    data[STEPS_KEY] = [step_to_data(step) for step in routine.steps]
    return data


def routine_to_yaml(routine: Routine) -> str:
    body = yaml.dump(
        routine_to_data(routine),
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        default_flow_style=False,
        width=100,
        indent=2,
    )
    return f"{SCHEMA_LINE}\n{body}"
