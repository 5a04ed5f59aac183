"""The JSON Schemas and the bundled routines/stretches agree with each other and with the loader.

* every bundled file validates against its schema, and the schemas are valid draft 2020-12;
* every bundled file starts with the yaml-language-server line naming the right schema;
* structurally wrong documents fail the schema *and* the loader (so editors and the app refuse the same things);
* each duration field's schema is the bounded number-or-pattern ``duration_pattern`` writes for the range the
  loader checks, and the loader and the schema agree at the edges of every such range;
* the schemas compile in ajv's strict mode without a warning (when node and npm are there);
* every bundled routine and stretch loads through the real loader with no problems.

Documents are read for the schema as an editor reads them (YAML 1.2, ``yaml_editor``), not with PyYAML's 1.1.
tests/core/test_yaml12_agreement.py goes further: the app's reading equals the editor's, value for value.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from ajv_check import run_ajv
from catalog_ids import FIRST_STRETCH_IDS
from jsonschema import Draft202012Validator
from yaml_editor import editor_load

from stretch_timer.core.durations import duration_pattern
from stretch_timer.core.fields import BREATHE_FIELDS, PMR_FIELDS, ROUTINE_FIELDS, STEP_FIELDS, spec_for

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
        for e in validator.iter_errors(editor_load(text))
    ]


# --- the schemas themselves --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_schema_is_valid_draft_2020_12(path: Path) -> None:
    schema = _load_schema(path)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)


def schema_objects(node: object, where: str = "#") -> Iterator[tuple[str, dict[str, Any]]]:
    """Every JSON object in a schema, with its JSON-pointer-like place, for the checks that walk them all."""
    if isinstance(node, dict):
        yield where, node
        for key, value in node.items():
            yield from schema_objects(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from schema_objects(value, f"{where}[{i}]")


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_schema_is_self_contained(path: Path) -> None:
    """Each schema works alone from an editor: every $ref points inside the same file."""
    refs = [node["$ref"] for _, node in schema_objects(_load_schema(path)) if "$ref" in node]
    assert refs, "expected shared definitions"
    assert all(ref.startswith("#/") for ref in refs), refs


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_every_object_is_closed_and_every_property_documented(path: Path) -> None:
    problems: list[str] = []
    for where, node in schema_objects(_load_schema(path)):
        if node.get("type") == "object" and node.get("additionalProperties") is not False:
            problems.append(f"{where}: object without additionalProperties: false")
        for name, prop in node.get("properties", {}).items():
            if isinstance(prop, dict) and "description" not in prop:  # (true/false schemas only allow/forbid)
                problems.append(f"{where}.{name}: no description")
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
    steps = editor_load(path.read_text(encoding="utf-8"))["steps"]  # type: ignore[index]
    named = {step["stretch"] for step in steps if "stretch" in step}
    assert named <= known, named - known


@pytest.mark.parametrize("path", STRETCH_FILES, ids=_ids(STRETCH_FILES))
def test_bundled_stretch_shows_its_own_bundled_picture(path: Path) -> None:
    """Every catalog entry has a picture, named after its id, among the bundled images."""
    image = editor_load(path.read_text(encoding="utf-8")).get("image")  # type: ignore[union-attr]
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
        "routine-step-note-too-long",
        "routine",
        "format: 1\nname: Broken\nsteps:\n  - stretch: towel-calf-stretch\n    note: " + "x" * 201 + "\n",
        "note",
    ),
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


# --- durations: one definition per range, each the generated pattern, each agreeing with the loader ---------


def _range(table: tuple[Any, ...], key: str) -> tuple[int, bool]:
    spec = spec_for(table, key)
    assert spec.maximum is not None
    return int(spec.maximum), spec.positive


# $defs name → (maximum, more than 0?), from the field table the loader reads (core/fields.py);
# test_loader_and_schema_agree_at_the_edges checks them through the loader itself.
DURATION_DEFS: dict[str, tuple[int, bool]] = {
    "holdDuration": _range(STEP_FIELDS, "hold"),
    "transitionDuration": _range(ROUTINE_FIELDS, "rest"),
    "breathDuration": _range(BREATHE_FIELDS, "inhale"),
    "breathPauseDuration": _range(BREATHE_FIELDS, "pause"),
    "pmrDuration": _range(PMR_FIELDS, "tense"),
}

ROUTINE_HEAD = "format: 1\nname: Edges\n"
BREATHING_STEP = "steps:\n  - stretch: mindful-breathing\n    breathe:\n      {key}: {value}\n"
PMR_STEP = "steps:\n  - stretch: progressive-muscle-relaxation\n    pmr:\n      {key}: {value}\n"
STRETCH_HEAD = "format: 1\nname: Edges\nmuscles: [calf]\ninstructions: Stretch.\n"

# (schema, JSON path of the property, its $defs entry, the YAML of a document giving it ``{value}``)
DURATION_FIELDS: list[tuple[str, tuple[str, ...], str, str]] = [
    *(("routine", ("properties", key), "transitionDuration",
       ROUTINE_HEAD + f"{key}: {{value}}\nsteps:\n  - stretch: towel-calf-stretch\n")
      for key in ("prepare", "rest", "switch")),
    ("routine", ("$defs", "step", "properties", "hold"), "holdDuration",
     ROUTINE_HEAD + "steps:\n  - stretch: towel-calf-stretch\n    hold: {value}\n"),
    ("routine", ("$defs", "step", "properties", "rest"), "transitionDuration",
     ROUTINE_HEAD + "steps:\n  - name: Inline\n    rest: {value}\n"),
    *(("routine", ("$defs", "breathe", "properties", key), "breathDuration", ROUTINE_HEAD + BREATHING_STEP)
      for key in ("inhale", "exhale")),
    *(("routine", ("$defs", "breathe", "properties", key), "breathPauseDuration", ROUTINE_HEAD + BREATHING_STEP)
      for key in ("hold", "pause")),
    *(("routine", ("$defs", "pmr", "properties", key), "pmrDuration", ROUTINE_HEAD + PMR_STEP)
      for key in ("tense", "relax")),
    ("stretch", ("properties", "hold"), "holdDuration", STRETCH_HEAD + "hold: {value}\n"),
    *(("stretch", ("$defs", "breathe", "properties", key), name, STRETCH_HEAD + "breathe:\n  {key}: {value}\n")
      for key, name in (("inhale", "breathDuration"), ("pause", "breathPauseDuration"))),
    ("stretch", ("$defs", "pmr", "properties", "tense"), "pmrDuration", STRETCH_HEAD + "pmr:\n  {key}: {value}\n"),
]
FIELD_IDS = [f"{kind}:{'/'.join(where[-2:])}" for kind, where, _, _ in DURATION_FIELDS]


def _schema_path(kind: str) -> Path:
    return ROUTINE_SCHEMA_PATH if kind == "routine" else STRETCH_SCHEMA_PATH


def expected_duration_def(name: str) -> list[dict[str, Any]]:
    """The anyOf a duration definition must have: print it to update the schemas after changing a bound."""
    maximum, positive = DURATION_DEFS[name]
    return [
        {"type": "number", "exclusiveMinimum" if positive else "minimum": 0, "maximum": maximum},
        {"type": "string", "pattern": duration_pattern(maximum, positive=positive)},
    ]


def _without_annotations(node: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in node.items() if key not in ("title", "description", "$comment")}


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_duration_definitions_are_the_generated_ones(path: Path) -> None:
    defs = _load_schema(path)["$defs"]
    present = {name for name in defs if name.endswith("Duration")}
    assert present <= set(DURATION_DEFS), present - set(DURATION_DEFS)
    for name in sorted(present):
        definition = defs[name]
        assert set(definition) == {"title", "description", "anyOf"}, name
        branches = [_without_annotations(branch) for branch in definition["anyOf"]]
        expected = expected_duration_def(name)
        assert branches == expected, f"{name} should be:\n{json.dumps(expected, indent=2)}"


@pytest.mark.parametrize(("kind", "where", "name", "document"), DURATION_FIELDS, ids=FIELD_IDS)
def test_duration_field_refers_to_its_range(kind: str, where: tuple[str, ...], name: str, document: str) -> None:
    node: Any = _load_schema(_schema_path(kind))
    for part in where:
        node = node[part]
    assert node["$ref"] == f"#/$defs/{name}"


def _edge_values(maximum: int, positive: bool) -> list[tuple[str, bool]]:
    """(YAML value, inside the range?) at both ends of ``[0 or more than 0, maximum]``, as numbers and text."""
    minutes, seconds = divmod(maximum, 60)
    values = [("0", not positive), ("0.001", True), (str(maximum), True), (f"{maximum}.001", False), ("-1", False),
              ('"0s"', not positive), ('"0.001s"', True), (f'"{maximum}s"', True), (f'"{maximum}.001s"', False),
              ('"0m0s"', not positive), (f'"{minutes}m{seconds}s"', True), (f'"{minutes}m{seconds}.001s"', False),
              (f'"{maximum / 60:g}m"', True), (f'"{maximum / 60 + 0.001:.3f}m"', False)]
    return values


@pytest.mark.parametrize(("kind", "where", "name", "document"), DURATION_FIELDS, ids=FIELD_IDS)
def test_loader_and_schema_agree_at_the_edges(
    kind: str, where: tuple[str, ...], name: str, document: str, catalog: Any
) -> None:
    from stretch_timer.core.loader import load_routine_text, load_stretch_text

    validator = _validator_for(kind)
    key = where[-1]
    disagreements = []
    for value, inside in _edge_values(*DURATION_DEFS[name]):
        text = document.format(key=key, value=value)
        if kind == "routine":
            _, problems = load_routine_text(text, ROUTINES_DIR / "edges.yaml", catalog.stretches, [IMAGES_DIR])
        else:
            _, problems = load_stretch_text(text, STRETCHES_DIR / "edges.yaml", [IMAGES_DIR])
        schema_ok = validator.is_valid(editor_load(text))
        if (not problems) != inside or schema_ok != inside:
            disagreements.append((value, f"inside={inside}", f"loader={not problems}", f"schema={schema_ok}"))
    assert not disagreements


def _def_validator(name: str) -> Draft202012Validator:
    schema = _load_schema(ROUTINE_SCHEMA_PATH)
    return Draft202012Validator({"$defs": schema["$defs"], "$ref": f"#/$defs/{name}"})


@pytest.mark.parametrize(
    "text", ["30", "2.5", "45s", "1m", "1.5m", "1m30s", "2m 5s", "2m5", " 1m30 ", "90 s", "0", "10m"]
)
def test_documented_durations_match_schema(text: str) -> None:
    assert _def_validator("transitionDuration").is_valid(text)


@pytest.mark.parametrize(
    "text", ["", " ", "m", "s", "-5", "1h", "1h30m", "5 s s", "1ms", "1.s", ".5", "1,5", "1:30", "1m90s", "11m",
             "600.001", "1e3", "1_000", "٣٠", "30\n\nx"]
)
def test_non_durations_fail_schema(text: str) -> None:
    assert not _def_validator("transitionDuration").is_valid(text)


@pytest.mark.parametrize(("value", "valid"), [(0, True), (600, True), (600.5, False), (-1, False), (True, False),
                                              (None, False), ([30], False), (float("inf"), False)])
def test_duration_numbers_are_bounded(value: object, valid: bool) -> None:
    assert _def_validator("transitionDuration").is_valid(value) == valid


# --- what editors' validators make of the schemas -------------------------------------------------------------

ANNOTATIONS = {"title", "description", "default", "examples", "$comment", "deprecated", "readOnly", "writeOnly"}


@pytest.mark.parametrize("path", [ROUTINE_SCHEMA_PATH, STRETCH_SCHEMA_PATH], ids=lambda p: p.name)
def test_nothing_but_annotations_beside_a_ref(path: Path) -> None:
    """A keyword such as ``maximum`` next to ``$ref`` is easy to misread (it does not bound the string forms) and
    is what ajv's strict mode warns about; the referenced definition carries every rule."""
    problems = [
        f"{where}: {sorted(set(node) - {'$ref'} - ANNOTATIONS)} beside $ref"
        for where, node in schema_objects(_load_schema(path))
        if "$ref" in node and set(node) - {"$ref"} - ANNOTATIONS
    ]
    assert not problems


@pytest.mark.slow
def test_schemas_compile_in_ajv_strict_mode_without_warnings() -> None:
    """ajv (draft 2020-12, strict: true): no strictTypes / strictRequired / unknown-keyword complaints, and the
    bundled files and the structurally bad documents get the same verdicts as from the jsonschema package."""
    documents: list[tuple[str, Any]] = []
    expected: list[bool] = []
    for kind, paths in (("routine", ROUTINE_FILES), ("stretch", STRETCH_FILES)):
        for path in paths:
            documents.append((kind, editor_load(path.read_text(encoding="utf-8"))))
            expected.append(True)
    for _, kind, text, _ in BAD_DOCUMENTS:
        documents.append((kind, editor_load(text)))
        expected.append(False)
    result = run_ajv({"routine": ROUTINE_SCHEMA_PATH, "stretch": STRETCH_SCHEMA_PATH}, documents)
    assert result["warnings"] == {"routine": [], "stretch": []}
    assert result["valid"] == expected
