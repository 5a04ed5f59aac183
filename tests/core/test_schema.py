"""The JSON Schemas and the bundled routines/stretches agree with each other and with the loader.

* every bundled file validates against its schema, and the schemas are valid draft 2020-12;
* every bundled file starts with the yaml-language-server line naming the right schema;
* structurally wrong documents fail the schema *and* the loader (so editors and the app refuse the same things);
* the schema's duration pattern accepts exactly what ``parse_duration`` accepts;
* every bundled routine and stretch loads through the real loader with no problems.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from catalog_ids import FIRST_STRETCH_IDS
from hypothesis import given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from stretch_timer.core.durations import DurationError, parse_duration

ROOT = Path(__file__).resolve().parents[2]
IMAGES_DIR = ROOT / "assets" / "images"
ROUTINES_DIR = ROOT / "routines"
STRETCHES_DIR = ROUTINES_DIR / "stretches"
ROUTINE_SCHEMA_PATH = ROUTINES_DIR / "schema.json"
STRETCH_SCHEMA_PATH = ROUTINES_DIR / "stretch.schema.json"

ROUTINE_FILES = sorted(ROUTINES_DIR.glob("*.yaml"))
STRETCH_FILES = sorted(STRETCHES_DIR.glob("*.yaml"))

ROUTINE_SCHEMA_LINE = "# yaml-language-server: $schema=schema.json"
STRETCH_SCHEMA_LINE = "# yaml-language-server: $schema=../stretch.schema.json"

ID_RE = re.compile(r"[a-z0-9]+(-[a-z0-9]+)*")

PERMANENT_STRETCH_IDS = FIRST_STRETCH_IDS


def _ids(paths: list[Path]) -> list[str]:
    return [p.name for p in paths]


def _load_schema(path: Path) -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return schema


@pytest.fixture(scope="module")
def routine_validator() -> Draft202012Validator:
    return Draft202012Validator(_load_schema(ROUTINE_SCHEMA_PATH))


@pytest.fixture(scope="module")
def stretch_validator() -> Draft202012Validator:
    return Draft202012Validator(_load_schema(STRETCH_SCHEMA_PATH))


def _validator_for(kind: str) -> Draft202012Validator:
    return Draft202012Validator(_load_schema(ROUTINE_SCHEMA_PATH if kind == "routine" else STRETCH_SCHEMA_PATH))


def _schema_errors(validator: Draft202012Validator, text: str) -> list[str]:
    return [
        f"{'/'.join(map(str, e.absolute_path)) or '<root>'}: {e.message}"
        for e in validator.iter_errors(yaml.safe_load(text))
    ]


# --- the schemas themselves --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = _load_schema(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_schema_is_self_contained(path: Path) -> None:
    """Each schema works alone from an editor: every $ref points inside the same file."""
    refs: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            if "$ref" in node:
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(_load_schema(path))
    assert refs, "expected shared definitions"
    assert all(ref.startswith("#/") for ref in refs), refs


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_every_object_is_closed_and_every_property_documented(path: Path) -> None:
    problems: list[str] = []

    def walk(node: object, where: str) -> None:
        if isinstance(node, dict):
            if node.get("type") == "object" and node.get("additionalProperties") is not False:
                problems.append(f"{where}: object without additionalProperties: false")
            for name, prop in node.get("properties", {}).items():
                if "description" not in prop:
                    problems.append(f"{where}.{name}: no description")
            for key, value in node.items():
                walk(value, f"{where}/{key}")
        elif isinstance(node, list):
            for i, value in enumerate(node):
                walk(value, f"{where}[{i}]")

    walk(_load_schema(path), "#")
    assert not problems, problems


# --- bundled files against the schemas ---------------------------------------------------------------------


def test_bundled_files_exist() -> None:
    assert {p.stem for p in ROUTINE_FILES} >= {"bedtime-legs", "calf-cramp-relief"}
    assert {p.stem for p in STRETCH_FILES} >= PERMANENT_STRETCH_IDS


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=_ids(ROUTINE_FILES))
def test_bundled_routine_matches_schema(path: Path, routine_validator: Draft202012Validator) -> None:
    assert _schema_errors(routine_validator, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize("path", STRETCH_FILES, ids=_ids(STRETCH_FILES))
def test_bundled_stretch_matches_schema(path: Path, stretch_validator: Draft202012Validator) -> None:
    assert _schema_errors(stretch_validator, path.read_text(encoding="utf-8")) == []


@pytest.mark.parametrize(
    ("path", "line"),
    [(p, ROUTINE_SCHEMA_LINE) for p in ROUTINE_FILES] + [(p, STRETCH_SCHEMA_LINE) for p in STRETCH_FILES],
    ids=_ids(ROUTINE_FILES) + [f"stretches/{p.name}" for p in STRETCH_FILES],
)
def test_bundled_file_starts_with_schema_line(path: Path, line: str) -> None:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first == line
    target = (path.parent / line.split("$schema=", 1)[1]).resolve()
    assert target in (ROUTINE_SCHEMA_PATH.resolve(), STRETCH_SCHEMA_PATH.resolve())
    assert target.is_file()


@pytest.mark.parametrize("path", ROUTINE_FILES + STRETCH_FILES, ids=_ids(ROUTINE_FILES + STRETCH_FILES))
def test_bundled_file_id_is_well_formed(path: Path) -> None:
    assert ID_RE.fullmatch(path.stem), path.stem


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=_ids(ROUTINE_FILES))
def test_bundled_routine_names_only_bundled_stretches(path: Path) -> None:
    known = {p.stem for p in STRETCH_FILES}
    steps = yaml.safe_load(path.read_text(encoding="utf-8"))["steps"]
    named = {step["stretch"] for step in steps if "stretch" in step}
    assert named <= known, named - known


@pytest.mark.parametrize("path", STRETCH_FILES, ids=_ids(STRETCH_FILES))
def test_bundled_stretch_shows_its_own_bundled_picture(path: Path) -> None:
    """Every catalog entry has a picture, named after its id, among the bundled images."""
    image = yaml.safe_load(path.read_text(encoding="utf-8")).get("image")
    assert image == f"{path.stem}.svg"
    assert (ROOT / "assets" / "images" / image).is_file()


# --- structurally wrong documents --------------------------------------------------------------------------

# (case id, kind, YAML text, a word the loader's problem field should contain)
BAD_DOCUMENTS: list[tuple[str, str, str, str]] = [
    (
        "routine-unknown-key",
        "routine",
        "format: 1\nname: Broken\ncolour: blue\nsteps:\n  - stretch: towel-calf-stretch\n",
        "colour",
    ),
    (
        "routine-unknown-step-key",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    hodl: 30\n",
        "hodl",
    ),
    ("routine-missing-name", "routine", "format: 1\nsteps:\n  - stretch: towel-calf-stretch\n", "name"),
    ("routine-missing-format", "routine", "name: Broken\nsteps:\n  - stretch: towel-calf-stretch\n", "format"),
    ("routine-missing-steps", "routine", "format: 1\nname: Broken\n", "steps"),
    ("routine-steps-not-a-list", "routine", "format: 1\nname: Broken\nsteps: towel-calf-stretch\n", "steps"),
    ("routine-empty-steps", "routine", "format: 1\nname: Broken\nsteps: []\n", "steps"),
    (
        "routine-newer-format",
        "routine",
        "format: 2\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n",
        "format",
    ),
    (
        "routine-sides-sideways",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    sides: sideways\n",
        "sides",
    ),
    (
        "routine-negative-hold",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    hold: -5\n",
        "hold",
    ),
    (
        "routine-zero-hold",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    hold: 0\n",
        "hold",
    ),
    (
        "routine-hold-in-hours",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    hold: 1h\n",
        "hold",
    ),
    (
        "routine-hold-over-an-hour",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    hold: 3601\n",
        "hold",
    ),
    (
        "routine-negative-rest",
        "routine",
        "format: 1\nname: Broken\nrest: -1\nsteps:\n  - stretch: towel-calf-stretch\n",
        "rest",
    ),
    (
        "routine-repeat-zero",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    repeat: 0\n",
        "repeat",
    ),
    (
        "routine-repeat-too-many",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    repeat: 21\n",
        "repeat",
    ),
    (
        "routine-relieves-unknown-muscle",
        "routine",
        "format: 1\nname: Broken\nrelieves: [elbow]\nsteps:\n  - stretch: towel-calf-stretch\n",
        "relieves",
    ),
    (
        "routine-step-unknown-muscle",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - name: Elbow thing\n    instructions: Bend it.\n    muscles: [elbow]\n",
        "muscles",
    ),
    (
        "routine-step-without-stretch-or-name",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - hold: 30\n    sides: both\n",
        "steps",
    ),
    (
        "routine-countdown-too-long",
        "routine",
        "format: 1\nname: Broken\ncues:\n  countdown: 99\nsteps:\n  - stretch: towel-calf-stretch\n",
        "countdown",
    ),
    (
        "routine-breathe-zero-cycles",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: mindful-breathing\n    breathe: {cycles: 0}\n",
        "cycles",
    ),
    (
        "routine-name-too-long",
        "routine",
        "format: 1\nname: " + "x" * 81 + "\nsteps:\n  - stretch: towel-calf-stretch\n",
        "name",
    ),
    ("routine-not-a-mapping", "routine", "- format: 1\n- name: Broken\n", ""),
    (
        "routine-step-breathe-and-pmr",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - name: Both\n    instructions: Relax.\n    breathe: {cycles: 3}\n"
        "    pmr: {groups: [calves]}\n",
        "pmr",
    ),
    (
        "routine-breathing-step-with-hold",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: mindful-breathing\n    breathe: {cycles: 3}\n    hold: 30\n",
        "hold",
    ),
    (
        "routine-step-image-climbs-out",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    image: ../../secret.png\n",
        "image",
    ),
    (
        "stretch-unknown-key",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nduration: 30\n",
        "duration",
    ),
    ("stretch-missing-name", "stretch", "format: 1\nmuscles: [calf]\ninstructions: Stretch.\n", "name"),
    (
        "stretch-newer-format",
        "stretch",
        "format: 2\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\n",
        "format",
    ),
    (
        "stretch-unknown-muscle",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf, elbow]\ninstructions: Stretch.\n",
        "muscles",
    ),
    (
        "stretch-sides-sideways",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nsides: sideways\n",
        "sides",
    ),
    (
        "stretch-negative-hold",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nhold: -5\n",
        "hold",
    ),
    (
        "stretch-unknown-position",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nposition: hanging\n",
        "position",
    ),
    (
        "stretch-faces-up",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nfaces: up\n",
        "faces",
    ),
    (
        "stretch-breathe-and-pmr",
        "stretch",
        "format: 1\nname: Broken\nmuscles: []\ninstructions: Relax.\nbreathe: {cycles: 3}\npmr: {tense: 5}\n",
        "pmr",
    ),
    (
        "stretch-image-absolute",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: Stretch.\nimage: /etc/picture.png\n",
        "image",
    ),
    (
        "stretch-too-many-instructions",
        "stretch",
        "format: 1\nname: Broken\nmuscles: [calf]\ninstructions: [a, b, c, d, e, f, g, h, i]\n",
        "instructions",
    ),
]

BAD_IDS = [case[0] for case in BAD_DOCUMENTS]


@pytest.mark.parametrize(("case", "kind", "text", "field"), BAD_DOCUMENTS, ids=BAD_IDS)
def test_bad_document_fails_schema(case: str, kind: str, text: str, field: str) -> None:
    assert _schema_errors(_validator_for(kind), text), f"{case}: the schema accepted it"


# --- the loader (stretch_timer.core.loader / catalog) ------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Any:
    from stretch_timer.core.catalog import load_catalog

    return load_catalog([STRETCHES_DIR], [IMAGES_DIR])


def _check_problem_shape(problems: list[Any], path: Path) -> None:
    for problem in problems:
        assert str(problem) == f"{problem.path}:{problem.line}: {problem.field}: {problem.message}"
        assert Path(problem.path).name == path.name
        assert problem.line >= 1
        assert problem.message


@pytest.mark.parametrize(("case", "kind", "text", "field"), BAD_DOCUMENTS, ids=BAD_IDS)
def test_bad_document_fails_loader(case: str, kind: str, text: str, field: str, catalog: Any) -> None:
    from stretch_timer.core.loader import load_routine_text, load_stretch_text

    if kind == "routine":
        path = ROUTINES_DIR / f"{case}.yaml"
        _, problems = load_routine_text(text, path, catalog.stretches, [IMAGES_DIR])
    else:
        path = STRETCHES_DIR / f"{case}.yaml"
        _, problems = load_stretch_text(text, path, [IMAGES_DIR])
    assert problems, f"{case}: the loader accepted it"
    _check_problem_shape(problems, path)
    # A bad value is reported at its field; a missing key at the mapping that lacks it, naming the key.
    assert any(field in problem.field or field in problem.message for problem in problems), [str(p) for p in problems]


def test_bundled_catalog_loads_without_problems(catalog: Any) -> None:
    assert [str(p) for p in catalog.problems] == []
    assert set(catalog.stretches) == {p.stem for p in STRETCH_FILES}


@pytest.mark.parametrize("path", STRETCH_FILES, ids=_ids(STRETCH_FILES))
def test_bundled_stretch_loads_without_problems(path: Path) -> None:
    from stretch_timer.core.loader import load_stretch_text

    stretch, problems = load_stretch_text(path.read_text(encoding="utf-8"), path, [IMAGES_DIR])
    assert [str(p) for p in problems] == []
    assert stretch is not None
    assert stretch.id == path.stem


@pytest.mark.parametrize("path", ROUTINE_FILES, ids=_ids(ROUTINE_FILES))
def test_bundled_routine_loads_without_problems(path: Path, catalog: Any) -> None:
    from stretch_timer.core.loader import load_routine_text

    routine, problems = load_routine_text(path.read_text(encoding="utf-8"), path, catalog.stretches, [IMAGES_DIR])
    assert [str(p) for p in problems] == []
    assert routine is not None
    assert routine.id == path.stem
    assert routine.steps


# --- durations: the schema's pattern and parse_duration agree ----------------------------------------------


def _duration_subschema(name: str) -> Draft202012Validator:
    schema = _load_schema(ROUTINE_SCHEMA_PATH)
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})


DURATION = _duration_subschema("duration")
POSITIVE_DURATION = _duration_subschema("positiveDuration")


@pytest.mark.parametrize("text", ["30", "2.5", "45s", "1m", "1m30s", "2m 5s", " 1m30 ", "90 s", "0"])
def test_documented_durations_match_schema(text: str) -> None:
    assert DURATION.is_valid(text)
    assert parse_duration(text) >= 0


@pytest.mark.parametrize("text", ["", " ", "m", "s", "-5", "1h", "1h30m", "5 s s", "1ms", "1.s", ".5", "1,5"])
def test_non_durations_fail_schema(text: str) -> None:
    assert not DURATION.is_valid(text)
    with pytest.raises(DurationError):
        parse_duration(text)


def _parses(text: str) -> float | None:
    try:
        return parse_duration(text)
    except DurationError:
        return None


@given(st.text(alphabet="0123456789. msecinuto", max_size=14))
def test_duration_pattern_agrees_with_parse_duration(text: str) -> None:
    seconds = _parses(text)
    assert DURATION.is_valid(text) == (seconds is not None), (text, seconds)
    assert POSITIVE_DURATION.is_valid(text) == (seconds is not None and seconds > 0), (text, seconds)
