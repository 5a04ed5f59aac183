"""The bundled content: the catalog and routines the issue asks for, complete, loading cleanly and sensibly timed."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from catalog_ids import STRETCH_IDS

from stretch_timer.app_data import open_library
from stretch_timer.core.library import Library
from stretch_timer.core.model import Action, Routine, StepKind, Stretch
from stretch_timer.core.plan import plan

ROUTINE_NAMES = {
    "bedtime-legs": "Bedtime legs",
    "calf-cramp-relief": "Calf cramp — now",
    "hamstring-cramp-relief": "Hamstring cramp — now",
    "foot-cramp-relief": "Foot and toe cramp — now",
    "thigh-cramp-relief": "Front-of-thigh cramp — now",
    "after-exercise": "After exercise",
    "before-exercise": "Before exercise",
    "yoga-for-leg-cramps": "Yoga for leg cramps",
    "mind-body-wind-down": "Mind-body wind-down",
}

RELIEF_ROUTINES = {
    "calf-cramp-relief": {"calf"},
    "hamstring-cramp-relief": {"hamstring"},
    "foot-cramp-relief": {"foot"},
    "thigh-cramp-relief": {"quadriceps"},
}

# Only these may work no particular muscle.
NO_MUSCLE_OK = {"mindful-breathing", "visualisation"}

ACTIONS = {
    "leg-swings": Action.MOVE,
    "ankle-circles": Action.MOVE,
    "heel-raises": Action.MOVE,
    "knee-lift-march": Action.MOVE,
    "gentle-squats": Action.MOVE,
    "calf-massage": Action.MASSAGE,
    "hamstring-massage": Action.MASSAGE,
    "foot-massage": Action.MASSAGE,
    "acupressure-sp6": Action.PRESS,
    "acupressure-lv3": Action.PRESS,
}

YOGA_SANSKRIT = {
    "downward-dog": "Adho Mukha Svanasana",
    "hero-pose": "Virasana",
    "standing-forward-fold": "Uttanasana",
    "reclining-leg-stretch": "Supta Padangusthasana",
}


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Library]:
    # Module scope outlives the per-test STRETCH_TIMER_HOME fixture, so point it at an empty folder here too:
    # only the bundled files count, never the real user's.
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("STRETCH_TIMER_HOME", str(tmp_path_factory.mktemp("home")))
        yield open_library()


def _catalog(library: Library) -> dict[str, Stretch]:
    return library.catalog.stretches


def _routine(library: Library, routine_id: str) -> Routine:
    entry = library.get(routine_id)
    assert entry is not None, f"no routine {routine_id!r}"
    assert entry.routine is not None, entry.problems
    return entry.routine


# --- everything loads ----------------------------------------------------------------------------------------


def test_library_loads_with_no_problems(library: Library) -> None:
    assert library.problems == [], "\n".join(map(str, library.problems))
    assert len(_catalog(library)) >= 16
    assert len(library.routines()) >= 8


def test_every_required_id_exists(library: Library) -> None:
    assert set(_catalog(library)) >= STRETCH_IDS
    assert {entry.id for entry in library.entries.values()} >= set(ROUTINE_NAMES)


@pytest.mark.parametrize(("routine_id", "name"), ROUTINE_NAMES.items())
def test_routine_names(library: Library, routine_id: str, name: str) -> None:
    routine = _routine(library, routine_id)
    assert routine.name == name
    assert routine.description and "\n" not in routine.description.strip()
    assert routine.tags


# --- catalog entries are complete ----------------------------------------------------------------------------


@pytest.mark.parametrize("stretch_id", sorted(STRETCH_IDS))
def test_catalog_entry_is_complete(library: Library, stretch_id: str) -> None:
    stretch = _catalog(library)[stretch_id]
    assert 3 <= len(stretch.instructions) <= 5, stretch.instructions
    assert stretch.safety.strip()
    assert stretch.position
    if stretch_id not in NO_MUSCLE_OK:
        assert stretch.muscles, f"{stretch_id} names no muscles"


@pytest.mark.parametrize("stretch_id", sorted(STRETCH_IDS))
def test_catalog_action(library: Library, stretch_id: str) -> None:
    assert _catalog(library)[stretch_id].action is ACTIONS.get(stretch_id, Action.HOLD)


@pytest.mark.parametrize(("stretch_id", "sanskrit"), YOGA_SANSKRIT.items())
def test_yoga_poses_have_their_sanskrit_names(library: Library, stretch_id: str, sanskrit: str) -> None:
    assert _catalog(library)[stretch_id].sanskrit == sanskrit


def test_reclining_leg_stretch_holds_30_to_60_seconds(library: Library) -> None:
    assert 30 <= _catalog(library)["reclining-leg-stretch"].hold <= 60


def test_acupressure_safety(library: Library) -> None:
    assert "pregnan" in _catalog(library)["acupressure-sp6"].safety.lower()
    for stretch_id in ("acupressure-sp6", "acupressure-lv3"):
        assert "swollen" in _catalog(library)[stretch_id].safety.lower()


@pytest.mark.parametrize("stretch_id", ["calf-massage", "hamstring-massage", "foot-massage"])
def test_massage_how_to_agrees_with_its_gentle_pressure_tip(library: Library, stretch_id: str) -> None:
    """Gentle to moderate pressure is the safe advice on a cramping muscle: no "firm" strokes beside it."""
    stretch = _catalog(library)[stretch_id]
    how_to = " ".join(stretch.instructions).lower()
    assert "gentle" in stretch.safety.lower()
    assert not any(word in how_to for word in ("firm", "hard strokes", "deep pressure", "as hard as you can"))


def test_pmr_never_points_the_toes(library: Library) -> None:
    text = " ".join(_catalog(library)["progressive-muscle-relaxation"].instructions).lower()
    assert "don't point" in text and "toes up" in text


# --- routines ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("routine_id", "muscles"), RELIEF_ROUTINES.items())
def test_relief_routines(library: Library, routine_id: str, muscles: set[str]) -> None:
    routine = _routine(library, routine_id)
    assert "relief" in routine.tags
    assert set(routine.relieves) >= muscles
    assert routine.prepare <= 3
    assert plan(routine).total < 3 * 60


def test_every_relief_tagged_routine_says_what_it_relieves(library: Library) -> None:
    relief = library.relief_routines()
    assert {routine.id for routine in relief} >= set(RELIEF_ROUTINES)
    for routine in relief:
        assert routine.relieves, routine.id
        assert routine.prepare <= 3, routine.id


def test_before_exercise_has_no_static_holds(library: Library) -> None:
    routine = _routine(library, "before-exercise")
    for step in routine.steps:
        if step.stretch_id == "downward-dog":
            assert step.hold <= 30
            continue
        assert step.kind is StepKind.HOLD
        assert step.stretch.action is Action.MOVE, step.stretch_id


def test_bedtime_legs(library: Library) -> None:
    routine = _routine(library, "bedtime-legs")
    assert "bedtime" in routine.tags
    assert 8 * 60 <= plan(routine).total <= 12 * 60
    ids = [step.stretch_id for step in routine.steps]
    assert ids[0] == ids[-1] == "mindful-breathing"
    for needed in ("towel-calf-stretch", "towel-hamstring-stretch", "reclining-leg-stretch",
                   "progressive-muscle-relaxation"):
        assert needed in ids


def test_calf_cramp_now_is_short(library: Library) -> None:
    assert plan(_routine(library, "calf-cramp-relief")).total < 3 * 60


def test_yoga_routine_has_the_four_poses(library: Library) -> None:
    ids = {step.stretch_id for step in _routine(library, "yoga-for-leg-cramps").steps}
    assert ids >= set(YOGA_SANSKRIT)


def test_routines_only_use_catalog_stretches(library: Library) -> None:
    for routine in library.routines():
        for step in routine.steps:
            assert step.stretch_id in _catalog(library), (routine.id, step.stretch.name)


def test_every_catalog_entry_and_routine_step_has_a_picture(library: Library) -> None:
    for stretch in library.catalog.stretches.values():
        assert stretch.image is not None and stretch.image.is_file(), stretch.id
    for routine in library.routines():
        for number, step in enumerate(routine.steps, 1):
            assert step.stretch.image is not None and step.stretch.image.is_file(), (routine.id, number)
