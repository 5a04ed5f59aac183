"""Validating from memory: a routine document held as data (the editor's draft) gets exactly the problems, and
the routine, its text gets from load_routine_text; each problem also carries its document path (Problem.at)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from stretch_timer.core.catalog import load_catalog
from stretch_timer.core.datadoc import ruamel_lines, yaml_text
from stretch_timer.core.fields import FieldType, field_at
from stretch_timer.core.loader import load_routine_data, load_routine_text
from stretch_timer.core.problems import Problem
from stretch_timer.core.writer import routine_to_data, routine_to_yaml
from stretch_timer.core.yamldoc import parse_text

REPO = Path(__file__).resolve().parents[2]
ROUTINES = sorted((REPO / "routines").glob("*.yaml"))
IMAGES = (REPO / "assets" / "images",)
CATALOG = load_catalog([REPO / "routines" / "stretches"], IMAGES)
FILE = REPO / "routines" / "draft.yaml"  # where the draft will be saved: pictures resolve next to it


def from_text(text: str) -> tuple[Any, list[Problem]]:
    return load_routine_text(text, FILE, CATALOG.stretches, IMAGES)


def from_data(data: object, lines: dict[tuple[str | int, ...], int] | None = None) -> tuple[Any, list[Problem]]:
    return load_routine_data(data, FILE, CATALOG.stretches, IMAGES, lines=lines)


def same(text: str, data: object, lines: dict[tuple[str | int, ...], int] | None) -> None:
    routine_t, problems_t = from_text(text)
    routine_d, problems_d = from_data(data, lines)
    assert [str(p) for p in problems_d] == [str(p) for p in problems_t]
    assert [p.at for p in problems_d] == [p.at for p in problems_t]
    assert routine_d == routine_t


@pytest.mark.parametrize("path", ROUTINES, ids=lambda p: p.name)
def test_bundled_routines_load_the_same_from_data(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    document, _ = parse_text(text, str(FILE))
    assert document is not None
    same(text, document.data, document.lines)
    routine, problems = from_data(document.data)
    assert problems == [] and routine is not None
    # the writer's data is a document too: written, it loads back equal
    assert from_data(routine_to_data(routine))[0] == routine


BROKEN = """\
format: 1
name: 2024
description: [a, b]
tags: [Bedtime, ""]
relieves: [calf, Elbow]
prepare: -1
rest: 1e3
switch: true
cues: {countdown: 11, halfway: yes, loud: true}
steps:
  - stretch: towel-calf-stretch
    hold: 0
    sides: Both
    repeat: 2.0
    note: ""
  - stretch: mindful-breathing
    hold: 30
    breathe: {inhale: 0, cycles: 0.5, exhale: 61}
  - name: Inline
    instructions: []
    pmr: {groups: [], tense: "1m90s"}
    faces: up
    image: ../x.png
  - stretch: towel-calf-strech
  - {}
  - stretch: null
    say: 5
    nope: 1
"""


def test_broken_document_gives_the_same_problems_from_data() -> None:
    document, _ = parse_text(BROKEN, str(FILE))
    assert document is not None
    same(BROKEN, document.data, document.lines)
    assert len(from_text(BROKEN)[1]) > 25


@pytest.mark.parametrize(
    "data",
    [None, [], ["format: 1"], "text", 5],
    ids=["nothing", "empty-list", "list", "text", "number"],
)
def test_not_a_mapping(data: object) -> None:
    text = yaml.safe_dump(data)
    _, problems_t = from_text(text)
    _, problems_d = from_data(data)
    assert [(p.field, p.message) for p in problems_d] == [(p.field, p.message) for p in problems_t]


def test_too_deep_and_self_containing_data_are_problems_not_crashes() -> None:
    deep: list[object] = []
    node = deep
    for _ in range(100):
        node.append([])
        node = node[0]  # type: ignore[assignment]
    loop: dict[str, object] = {"format": 1, "name": "Loop"}
    loop["steps"] = [loop]
    for data in ({"format": 1, "name": "Deep", "steps": deep}, loop):
        routine, problems = from_data(data)
        assert routine is None
        assert [p.field for p in problems] == ["file"]


# --- ruamel.yaml round-trip documents, as the editor's draft holds them ----------------------------------------

RUAMEL_TEXT = """\
# yaml-language-server: $schema=schema.json
format: 1
name: "Quoted name"   # a comment
description: |
  Two lines
  of text.
tags: [bedtime]
prepare: 2.50
rest: 1m30s
cues:
  halfway: true
steps:
  - stretch: towel-calf-stretch
    hold: 45.0
    note: 'Keep the knee soft.'
  - stretch: mindful-breathing
    breathe:
      inhale: 4
      cycles: 3
  - stretch: towel-calf-stretch
    hold: -2.5
    sides: sideways
    repeat: 0x20
    say: 2024-01-01
"""


def test_ruamel_round_trip_document_gives_the_same_lines_and_problems() -> None:
    data = YAML().load(RUAMEL_TEXT)
    assert type(data).__name__ == "CommentedMap"
    assert type(data["prepare"]).__name__ == "ScalarFloat"
    same(RUAMEL_TEXT, data, ruamel_lines(data))
    _, problems = from_text(RUAMEL_TEXT)
    assert {p.line for p in problems} == {21, 22, 23}
    data["steps"].pop()
    routine, problems = from_data(data, ruamel_lines(data))
    assert problems == []
    assert routine.steps[0].note == "Keep the knee soft."
    assert routine.prepare == 2.5 and routine.cues.halfway is True
    buffer = StringIO()
    YAML().dump(data, buffer)
    assert from_text(buffer.getvalue())[0] == routine


def test_ruamel_lines_match_the_text_reader() -> None:
    data = YAML().load(RUAMEL_TEXT)
    document, _ = parse_text(RUAMEL_TEXT, str(FILE))
    assert document is not None
    lines = ruamel_lines(data)
    assert {path: lines[path] for path in document.lines if path in lines} == {
        path: line for path, line in document.lines.items() if path in lines
    }
    assert set(document.lines) - set(lines) <= {("description",)} | set()  # a block scalar's own start line


# --- problems carry their document path ---------------------------------------------------------------------


def test_problem_at_is_the_document_path() -> None:
    _, problems = from_text(BROKEN)
    at = {p.at for p in problems}
    for path in [("name",), ("prepare",), ("cues", "countdown"), ("cues", "loud"), ("steps", 0, "hold"),
                 ("steps", 0, "note"), ("steps", 1, "breathe", "inhale"), ("steps", 1, "hold"), ("tags", 1),
                 ("relieves", 1), ("steps", 2, "instructions"), ("steps", 2, "faces"), ("steps", 5, "nope"),
                 ("steps", 4)]:
        assert path in at, path
    for problem in problems:
        assert problem.field == ("(top)" if not problem.at else problem.field)
        spec = field_at(problem.at)
        if spec is not None:
            assert problem.at[-1] == spec.key or isinstance(problem.at[-1], int)
    assert field_at(("steps", 0, "hold")) is not None
    assert field_at(("steps", 0, "hold")).type is FieldType.DURATION  # type: ignore[union-attr]


def test_problem_at_is_not_printed_or_compared() -> None:
    first = Problem("r.yaml", 3, "steps[0].hold", "must be a positive duration, got 0", at=("steps", 0, "hold"))
    second = Problem("r.yaml", 3, "steps[0].hold", "must be a positive duration, got 0")
    assert first == second and hash(first) == hash(second)
    assert str(first) == "r.yaml:3: steps[0].hold: must be a positive duration, got 0"
    _, problems = from_text("format: 1\n: [\n")
    assert [p.at for p in problems] == [()]


# --- the step note ---------------------------------------------------------------------------------------------


def test_note_is_read_and_written_back() -> None:
    text = "format: 1\nname: N\nsteps:\n  - stretch: towel-calf-stretch\n    note: Left knee: go gently.\n"
    text = text.replace("note: Left knee: go gently.", 'note: "Left knee: go gently."')
    routine, problems = from_text(text)
    assert problems == []
    assert routine.steps[0].note == "Left knee: go gently."
    assert "note: 'Left knee: go gently.'" in routine_to_yaml(routine)
    assert from_text(routine_to_yaml(routine))[0] == routine
    plain, _ = from_text("format: 1\nname: N\nsteps:\n  - stretch: towel-calf-stretch\n")
    assert plain.steps[0].note is None and "note" not in routine_to_yaml(plain)


@pytest.mark.parametrize(
    ("value", "message"),
    [('"' + "x" * 201 + '"', "is 201 characters long; keep it under 200"), ('""', "must not be empty"),
     ("5", 'must be text, got 5; to use it as text, put it in quotes: "5"')],
)
def test_note_limits(value: str, message: str) -> None:
    _, problems = from_text(f"format: 1\nname: N\nsteps:\n  - name: Inline\n    note: {value}\n")
    assert [(p.field, p.message) for p in problems] == [("steps[0].note", message)]
    assert problems[0].at == ("steps", 0, "note")


# --- mutated documents: text and data always agree ---------------------------------------------------------------

BASE = yaml.safe_load(ROUTINES[0].read_text(encoding="utf-8"))
VALUES = st.one_of(
    st.none(), st.booleans(), st.integers(-5, 5000), st.floats(allow_nan=False, width=32),
    st.sampled_from(["", " ", "x" * 81, "1m30s", "45s", "-5", "both", "Calf", "calf", "towel-calf-stretch",
                     "mindful-breathing", "lying", "../a.png", "x.svg", "Hold on."]),
    st.lists(st.sampled_from(["calf", "foot", "Elbow", "", "a"]), max_size=14),
    st.fixed_dictionaries({}, optional={"inhale": st.integers(-1, 70), "cycles": st.integers(0, 101),
                                        "groups": st.lists(st.just("feet"), max_size=3), "hodl": st.just(1)}),
)
KEYS = st.sampled_from(["name", "description", "tags", "relieves", "prepare", "rest", "switch", "cues", "steps",
                        "stretch", "hold", "sides", "repeat", "say", "note", "breathe", "pmr", "muscles",
                        "instructions", "image", "faces", "position", "props", "sanskrit", "safety", "extra"])


@st.composite
def mutated(draw: st.DrawFn) -> dict[str, Any]:
    document: dict[str, Any] = yaml.safe_load(yaml.safe_dump(BASE))
    for _ in range(draw(st.integers(1, 4))):
        steps = document.get("steps")
        target = document
        if isinstance(steps, list) and steps and draw(st.booleans()):
            index = draw(st.integers(0, len(steps) - 1))
            target = steps[index] if isinstance(steps[index], dict) else document
        key = draw(KEYS)
        if draw(st.integers(0, 4)) == 0:
            target.pop(key, None)
        else:
            target[key] = draw(VALUES)
    return document


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_documents_agree(data: dict[str, Any]) -> None:
    text = yaml.safe_dump(data, sort_keys=False, allow_unicode=True)
    document, problems = parse_text(text, str(FILE))
    # PyYAML writes YAML 1.1; keep the documents a YAML 1.2 reader reads back as the same data
    if document is None or problems or document.data != data or any(
        isinstance(v, float) and yaml_text(v) != document.raw.get(p) for p, v in _scalars(data)
    ):
        return
    same(text, data, document.lines)


def _scalars(node: object, path: tuple[str | int, ...] = ()) -> list[tuple[tuple[str | int, ...], object]]:
    if isinstance(node, dict):
        return [item for key, value in node.items() for item in _scalars(value, (*path, key))]
    if isinstance(node, list):
        return [item for index, value in enumerate(node) for item in _scalars(value, (*path, index))]
    return [(path, node)]
