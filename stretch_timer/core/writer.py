"""Routine → tidy YAML: stable key order, the schema line on top, and only what the author wrote.

Saved files are meant to be read and diffed by people, so steps keep their catalog reference plus overrides
instead of being expanded, and defaults are left out.
"""

from __future__ import annotations

import yaml

from .durations import format_duration
from .model import DEFAULT_PREPARE, DEFAULT_REST, DEFAULT_SWITCH, FORMAT_VERSION, Cues, Routine, Step

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


def _texts(values: tuple[str, ...]) -> str | list[str]:
    return values[0] if len(values) == 1 else list(values)


def step_to_data(step: Step) -> dict[str, object]:
    data: dict[str, object] = {}
    if step.stretch_id is not None:
        data["stretch"] = step.stretch_id
    written = step.overrides
    if written.name is not None:
        data["name"] = written.name
    if written.sanskrit is not None:
        data["sanskrit"] = written.sanskrit
    if step.hold_override is not None:
        data["hold"] = format_duration(step.hold_override)
    if step.sides_override is not None:
        data["sides"] = step.sides_override.value
    if step.repeat != 1:
        data["repeat"] = step.repeat
    if step.breathe_override is not None:
        data["breathe"] = {
            key: int(value) if key == "cycles" else format_duration(value)
            for key, value in step.breathe_override.items()
        }
    if step.pmr_override is not None:
        pmr: dict[str, object] = {}
        for key, value in step.pmr_override.items():
            pmr[key] = _Flow(value) if isinstance(value, tuple) else format_duration(float(value))  # type: ignore[arg-type]
        data["pmr"] = pmr
    if step.rest_override is not None:
        data["rest"] = format_duration(step.rest_override)
    if written.muscles is not None:
        data["muscles"] = _Flow(written.muscles)
    if written.position is not None:
        data["position"] = written.position
    if written.props is not None:
        data["props"] = _Flow(written.props)
    if written.instructions is not None:
        data["instructions"] = _texts(written.instructions)
    if written.safety is not None:
        data["safety"] = written.safety
    if written.image is not None:
        data["image"] = written.image
    if written.faces is not None:
        data["faces"] = written.faces.value
    if written.action is not None:
        data["action"] = written.action.value
    if step.say is not None:
        data["say"] = step.say
    return data


def routine_to_data(routine: Routine) -> dict[str, object]:
    data: dict[str, object] = {"format": FORMAT_VERSION, "name": routine.name}
    if routine.description:
        data["description"] = routine.description
    if routine.tags:
        data["tags"] = _Flow(routine.tags)
    if routine.relieves:
        data["relieves"] = _Flow(routine.relieves)
    for key, default in (("prepare", DEFAULT_PREPARE), ("rest", DEFAULT_REST), ("switch", DEFAULT_SWITCH)):
        value: float = getattr(routine, key)
        if value != default:
            data[key] = format_duration(value)
    if routine.cues != Cues():
        data["cues"] = {"countdown": routine.cues.countdown, "halfway": routine.cues.halfway}
    data["steps"] = [step_to_data(step) for step in routine.steps]
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
