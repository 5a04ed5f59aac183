"""Every kind of bad routine or stretch file gets a line-numbered problem; good files load completely."""

from pathlib import Path
from textwrap import dedent

import pytest

from stretch_timer.core.loader import load_routine_file, load_routine_text, load_stretch_text
from stretch_timer.core.model import Action, Breathing, Facing, Relaxation, Sides, StepKind, Stretch

TOWEL = Stretch(
    id="towel-calf-stretch", name="Towel calf stretch", instructions=("Loop a towel.",), muscles=("calf",),
    props=("towel or strap",), hold=30.0, sides=Sides.BOTH, faces=Facing.RIGHT,
)
BREATHING = Stretch(id="mindful-breathing", name="Mindful breathing", instructions=("Breathe.",),
                    breathe=Breathing(inhale=4, exhale=6, cycles=6))
PMR = Stretch(id="pmr", name="Tense and relax", instructions=("Tense, then let go.",), pmr=Relaxation())
CATALOG = {s.id: s for s in (TOWEL, BREATHING, PMR)}


def load(text: str, folder: Path = Path("routines")) -> tuple[object, list[str]]:
    routine, problems = load_routine_text(dedent(text), folder / "r.yaml", CATALOG, display="r.yaml")
    return routine, [str(problem) for problem in problems]


GOOD = """\
    # yaml-language-server: $schema=schema.json
    format: 1
    name: Bedtime legs
    description: Quiet minutes.
    tags: [bedtime, Relief]
    relieves: [calf]
    prepare: 3
    rest: 1m
    switch: 4s
    cues: {countdown: 2, halfway: true}
    steps:
      - stretch: towel-calf-stretch
        hold: 1m30s
        repeat: 2
      - stretch: towel-calf-stretch
        sides: left
        name: Left calf only
        rest: 0
      - name: Heel drop
        instructions: [Stand on a step., Let the heels sink.]
        hold: 20
        position: standing
        action: move
      - stretch: mindful-breathing
        breathe: {cycles: 3, hold: 2}
      - stretch: pmr
        pmr: {groups: [feet, calves]}
      - name: Slow breaths
        breathe: {inhale: 5, exhale: 5, cycles: 2}
        say: Breathe slowly.
"""


def test_a_good_routine_loads_with_every_field() -> None:
    routine, problems = load(GOOD)
    assert problems == []
    assert routine is not None
    assert (routine.id, routine.name, routine.tags, routine.relieves) == (
        "r", "Bedtime legs", ("bedtime", "relief"), ("calf",))
    assert (routine.prepare, routine.rest, routine.switch) == (3, 60, 4)
    assert (routine.cues.countdown, routine.cues.halfway) == (2, True)
    first, second, inline, breathing, pmr, inline_breathing = routine.steps
    assert (first.hold, first.sides, first.repeat, first.kind) == (90, Sides.BOTH, 2, StepKind.HOLD)
    assert (second.hold, second.sides, second.stretch.name, second.stretch_id) == (
        30, Sides.LEFT, "Left calf only", "towel-calf-stretch")
    assert routine.rest_after(second) == 0 and routine.rest_after(first) == 60
    assert inline.stretch_id is None and inline.stretch.instructions == ("Stand on a step.", "Let the heels sink.")
    assert inline.sides is Sides.NONE and inline.stretch.position == "standing"
    assert inline.stretch.action is Action.MOVE and first.stretch.action is Action.HOLD
    assert breathing.kind is StepKind.BREATHING
    assert breathing.breathing == Breathing(inhale=4, hold=2, exhale=6, pause=0, cycles=3)
    assert pmr.kind is StepKind.RELAXATION and pmr.relaxation is not None
    assert pmr.relaxation.groups == ("feet", "calves")
    assert inline_breathing.breathing == Breathing(inhale=5, exhale=5, cycles=2) and inline_breathing.say
    assert routine.props == ("towel or strap",)


def routine_with(step_lines: str, head: str = "") -> str:
    return "format: 1\nname: R\n" + head + "steps:\n" + dedent(step_lines)


BAD_ROUTINES = [
    # (file text, expected problem lines, each a prefix of the problem's text)
    (routine_with("- stretch: towel-calf-stretch\n  hold: -5\n"),
     ["r.yaml:5: steps[0].hold: must be a positive duration, got -5"]),
    (routine_with("- stretch: towel-calf-stretch\n  hodl: 30\n"),
     ["r.yaml:5: steps[0].hodl: unknown key 'hodl'; did you mean 'hold'?"]),
    (routine_with("- stretch: towel-calf\n"),
     ["r.yaml:4: steps[0].stretch: unknown stretch 'towel-calf'; did you mean 'towel-calf-stretch'?"]),
    (routine_with("- stretch: towel-calf-stretch\n  hold: 2h\n"),
     ["r.yaml:5: steps[0].hold: hours are not accepted"]),
    (routine_with("- stretch: towel-calf-stretch\n  hold: 61m\n"),
     ["r.yaml:5: steps[0].hold: is 3660 seconds; at most one hour is allowed"]),
    (routine_with("- stretch: towel-calf-stretch\n  hold: soon\n"),
     ["r.yaml:5: steps[0].hold: must be a duration such as 30"]),
    (routine_with("- stretch: towel-calf-stretch\n  sides: sideways\n"),
     ["r.yaml:5: steps[0].sides: must be one of both, left, right, none, got 'sideways'"]),
    (routine_with("- stretch: towel-calf-stretch\n  repeat: 0\n"),
     ["r.yaml:5: steps[0].repeat: must be from 1 to 20, got 0"]),
    (routine_with("- stretch: towel-calf-stretch\n  repeat: two\n"),
     ["r.yaml:5: steps[0].repeat: must be a whole number from 1 to 20"]),
    (routine_with("- hold: 30\n"),
     ["r.yaml:4: steps[0]: needs 'stretch' (an id from the catalog) or 'name'"]),
    (routine_with("- just a string\n"), ["r.yaml:4: steps[0]: must be key: value lines, got 'just a string'"]),
    (routine_with("- stretch: mindful-breathing\n  hold: 30\n"),
     ["r.yaml:5: steps[0].hold: does not apply to a breathing step; set its numbers under 'breathe'"]),
    (routine_with("- stretch: mindful-breathing\n  breathe: {inhale: 0, cycles: 500, out: 3}\n"),
     ["r.yaml:5: steps[0].breathe.cycles: must be from 1 to 100, got 500",
      "r.yaml:5: steps[0].breathe.inhale: must be a positive duration, got 0",
      "r.yaml:5: steps[0].breathe.out: unknown key 'out'"]),
    (routine_with("- stretch: pmr\n  breathe: {cycles: 2}\n"),
     ["r.yaml:5: steps[0].breathe: 'Tense and relax' is a relaxation step; use 'pmr' here"]),
    (routine_with("- name: X\n  breathe: {}\n  pmr: {}\n"),
     ["r.yaml:6: steps[0].pmr: a step is either breathing ('breathe') or relaxation ('pmr'), not both"]),
    (routine_with("- name: X\n  pmr: {groups: []}\n"), ["r.yaml:5: steps[0].pmr.groups: needs at least 1 item"]),
    (routine_with("- name: X\n  muscles: [calf, hamstrung]\n"),
     ["r.yaml:5: steps[0].muscles[1]: 'hamstrung' is not one of calf, hamstring"]),
    (routine_with("- name: X\n  action: wiggle\n"),
     ["r.yaml:5: steps[0].action: must be one of hold, move, massage, press, got 'wiggle'"]),
    (routine_with("- name: X\n  position: upside down\n"),
     ["r.yaml:5: steps[0].position: must be one of standing, sitting, lying, kneeling"]),
    (routine_with("- name: ''\n"), ["r.yaml:4: steps[0].name: must not be empty"]),
    (routine_with("- name: X\n  image: ../../etc/passwd.png\n"),
     ["r.yaml:5: steps[0].image: '../../etc/passwd.png' climbs out of this file's folder"]),
    (routine_with("- name: X\n  image: /etc/secret.png\n"),
     ["r.yaml:5: steps[0].image: '/etc/secret.png' is an absolute path"]),
    (routine_with("- name: X\n  image: C:/pics/a.png\n"), ["r.yaml:5: steps[0].image: 'C:/pics/a.png' is an absolute"]),
    (routine_with("- name: X\n  image: missing.png\n"),
     ["r.yaml:5: steps[0].image: 'missing.png' not found beside this file or among the bundled pictures"]),
    (routine_with("- name: X\n  image: notes.txt\n"), ["r.yaml:5: steps[0].image: 'notes.txt' is not a picture"]),
    (routine_with("- name: X\n", head="prepare: -1\nrest: 11m\nswitch: x\n"),
     ["r.yaml:3: prepare: must not be negative, got -1",
      "r.yaml:4: rest: is 660 seconds; at most 600 seconds is allowed",
      "r.yaml:5: switch: must be a duration"]),
    (routine_with("- name: X\n", head="cues: {countdown: 99, halfwya: true}\n"),
     ["r.yaml:3: cues.countdown: must be from 0 to 10, got 99",
      "r.yaml:3: cues.halfwya: unknown key 'halfwya'; did you mean 'halfway'?"]),
    (routine_with("- name: X\n", head="cues: {halfway: maybe}\n"),
     ["r.yaml:3: cues.halfway: must be true or false, got 'maybe'"]),
    (routine_with("- name: X\n", head="relieves: [calves]\n"),
     ["r.yaml:3: relieves[0]: 'calves' is not one of calf, hamstring, quadriceps, foot, shin, hip; "
      "did you mean 'calf'?"]),
    (routine_with("- name: X\n", head="nmae: typo\n"), ["r.yaml:3: nmae: unknown key 'nmae'; did you mean 'name'?"]),
    ("format: 1\nname: R\nsteps: []\n", ["r.yaml:3: steps: needs at least one step"]),
    ("format: 1\nname: R\nsteps: {a: 1}\n", ["r.yaml:3: steps: must be a list of steps"]),
    ("format: 1\nname: R\n", ["r.yaml:1: (top): missing required key 'steps'"]),
    ("format: 1\nsteps:\n  - name: X\n", ["r.yaml:1: (top): missing required key 'name'"]),
    ("name: R\nsteps:\n  - name: X\n", ["r.yaml:1: (top): missing required key 'format'"]),
    ("format: 0\nname: R\nsteps:\n  - name: X\n", ["r.yaml:1: format: must be 1, got '0'"]),
    ("format: one\nname: R\nsteps:\n  - name: X\n", ["r.yaml:1: format: must be 1, got 'one'"]),
    ("format: 7\nname: R\nnew_key: 1\n",
     ["r.yaml:1: format: made by a newer Stretch Timer (format 7); this version reads format 1"]),
    ("format: 1\nname: " + "x" * 81 + "\nsteps:\n  - name: X\n", ["r.yaml:2: name: is 81 characters long"]),
    ("format: 1\nname: [a, b]\nsteps:\n  - name: X\n", ["r.yaml:2: name: must be text, got a list"]),
    ("format: 1\nname: R\nsteps:\n" + "  - name: X\n" * 201,
     ["r.yaml:3: steps: has 201 steps; a routine may have at most 200"]),
    ("format: 1\nname: R\nsteps:\n  - name: X\n---\nformat: 1\n",
     ["r.yaml:5: file: the file holds more than one YAML"]),
]


@pytest.mark.parametrize(("text", "expected"), BAD_ROUTINES)
def test_bad_routines_report_every_problem_with_its_line(text: str, expected: list[str]) -> None:
    routine, problems = load_routine_text(text, Path("routines/r.yaml"), CATALOG, display="r.yaml")
    assert routine is None
    assert len(problems) == len(expected), "\n".join(map(str, problems))
    for problem, prefix in zip(problems, expected, strict=True):
        assert str(problem).startswith(prefix), str(problem)


def test_all_problems_in_a_file_are_collected_in_line_order() -> None:
    text = routine_with("- stretch: nope\n- stretch: towel-calf-stretch\n  hold: -1\n  sides: up\n",
                        head="prepare: -2\n")
    _, problems = load_routine_text(text, Path("r.yaml"), CATALOG)
    assert [problem.line for problem in problems] == [3, 5, 7, 8]


def test_yaml_turning_words_into_booleans_is_forgiven_for_text() -> None:
    routine, problems = load(routine_with("- name: No\n  instructions: Yes\n  sides: none\n"))
    assert problems == []
    assert routine is not None and routine.steps[0].stretch.name == "No"


def test_images_resolve_beside_the_file_then_among_bundled_pictures(tmp_path: Path) -> None:
    (tmp_path / "pics").mkdir()
    (tmp_path / "pics" / "heel.png").write_bytes(b"png")
    bundled = tmp_path / "bundled"
    bundled.mkdir()
    (bundled / "towel.svg").write_text("<svg/>")
    text = routine_with("- name: A\n  image: pics/heel.png\n- name: B\n  image: towel.svg\n")
    routine, problems = load_routine_text(text, tmp_path / "r.yaml", CATALOG, image_dirs=[bundled])
    assert problems == [] and routine is not None
    assert routine.steps[0].stretch.image == (tmp_path / "pics" / "heel.png").resolve()
    assert routine.steps[1].stretch.image == (bundled / "towel.svg").resolve()
    assert routine.steps[0].overrides.image == "pics/heel.png"


def test_a_symlinked_picture_may_not_lead_outside_the_folder(tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    outside.write_bytes(b"secret")
    folder = tmp_path / "routines"
    folder.mkdir()
    (folder / "link.png").symlink_to(outside)
    _, problems = load_routine_text(routine_with("- name: A\n  image: link.png\n"), folder / "r.yaml", CATALOG)
    assert [p.message for p in problems] == ["'link.png' is a link that leads outside its folder"]


def test_a_file_that_cannot_be_read_is_a_problem_not_an_exception(tmp_path: Path) -> None:
    routine, problems = load_routine_file(tmp_path / "missing.yaml", CATALOG)
    assert routine is None
    assert str(problems[0]).endswith("file: cannot read the file: No such file or directory")


def test_broken_stretch_is_named_instead_of_unknown() -> None:
    text = routine_with("- stretch: wobbly\n")
    _, problems = load_routine_text(text, Path("r.yaml"), CATALOG, broken_stretches={"wobbly": Path("s/wobbly.yaml")})
    assert problems[0].message == "stretch 'wobbly' has errors in s/wobbly.yaml"


STRETCH = """\
format: 1
name: Wall calf stretch
sanskrit: ""
muscles: [calf]
position: standing
props: [wall]
instructions:
  - Face a wall.
  - Step one foot back.
safety: Ease off if it hurts more.
faces: left
hold: 45s
sides: both
"""


def test_a_good_stretch_loads() -> None:
    stretch, problems = load_stretch_text(STRETCH, Path("stretches/wall-calf-stretch.yaml"))
    assert problems == [] and stretch is not None
    assert (stretch.id, stretch.hold) == ("wall-calf-stretch", 45)
    assert (stretch.sides, stretch.faces) == (Sides.BOTH, Facing.LEFT)
    assert stretch.instructions == ("Face a wall.", "Step one foot back.") and stretch.props == ("wall",)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("format: 1\nname: X\nmuscles: [calf]\n", ["s.yaml:1: (top): missing required key 'instructions'"]),
        ("format: 1\nname: X\nmuscles: [calf]\ninstructions: []\n", ["s.yaml:4: instructions: needs at least 1 item"]),
        ("format: 1\nname: X\nmuscles: [neck]\ninstructions: Go.\n", ["s.yaml:3: muscles[0]: 'neck' is not one of"]),
        ("format: 1\nname: X\nmuscles: calf\ninstructions: Go.\nfaces: up\n", ["s.yaml:5: faces: must be one of left"]),
        ("format: 1\nname: X\nmuscles: calf\ninstructions: Go.\nsteps: []\n", ["s.yaml:5: steps: unknown key 'steps'"]),
        ("format: 1\nname: X\nmuscles: calf\ninstructions: [" + ", ".join(["a"] * 9) + "]\n",
         ["s.yaml:4: instructions: has 9 items; at most 8 are allowed"]),
        ("format: 1\nname: X\nmuscles: calf\ninstructions: Go.\nbreathe: {}\npmr: {}\n",
         ["s.yaml:6: pmr: a stretch is either paced breathing ('breathe') or relaxation ('pmr'), not both"]),
    ],
)
def test_bad_stretches_are_reported(text: str, expected: list[str]) -> None:
    stretch, problems = load_stretch_text(text, Path("s.yaml"), display="s.yaml")
    assert stretch is None
    assert [str(p)[: len(e)] for p, e in zip(problems, expected, strict=True)] == expected
