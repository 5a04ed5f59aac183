"""The planner: routine → phases with offsets, context and words."""

from __future__ import annotations

import pytest

from stretch_timer.core import spoken
from stretch_timer.core.model import Breathing, Relaxation, Routine, Sides, Step, Stretch
from stretch_timer.core.plan import PhaseKind, Side, plan

K = PhaseKind
CALF = Stretch(id="towel-calf", name="Towel calf stretch", instructions=("Pull gently.",))
WALL = Stretch(id="wall-calf", name="Wall calf stretch", instructions=("Lean in.",))
BREATHE = Stretch(id="breathe", name="Slow breathing", instructions=("Breathe.",),
                  breathe=Breathing(inhale=4, hold=2, exhale=6, pause=1, cycles=2))
PMR = Stretch(id="pmr", name="Muscle relaxation", instructions=("Tense, relax.",),
              pmr=Relaxation(tense=5, relax=10, groups=("feet", "calves")))


def routine(*steps: Step, prepare: float = 5, rest: float = 10, switch: float = 5) -> Routine:
    return Routine(id="r", name="R", steps=steps, prepare=prepare, rest=rest, switch=switch)


def hold(stretch: Stretch = CALF, seconds: float = 30, sides: Sides = Sides.NONE, **kw: object) -> Step:
    return Step(stretch, hold_override=seconds, sides_override=sides, **kw)  # type: ignore[arg-type]


def kinds(r: Routine) -> list[tuple[PhaseKind, float]]:
    return [(p.kind, p.duration) for p in plan(r).phases]


def test_two_sided_repeat_switches_between_sides_and_between_sets() -> None:
    tl = plan(routine(hold(sides=Sides.BOTH, repeat=2)))
    assert [(p.kind, p.side, p.set_index) for p in tl.phases] == [
        (K.PREPARE, Side.RIGHT, 1),
        (K.HOLD, Side.RIGHT, 1), (K.SWITCH, Side.LEFT, 1), (K.HOLD, Side.LEFT, 1),
        (K.SWITCH, Side.RIGHT, 2), (K.HOLD, Side.RIGHT, 2), (K.SWITCH, Side.LEFT, 2), (K.HOLD, Side.LEFT, 2),
    ]
    assert [p.start for p in tl.phases] == [0, 5, 35, 40, 70, 75, 105, 110]
    assert tl.total == 140 == tl.phases[-1].end
    assert all(p.set_count == 2 for p in tl.phases)


def test_one_sided_repeat_rests_between_sets_with_the_steps_rest() -> None:
    r = routine(hold(sides=Sides.LEFT, repeat=3, rest_override=7), hold(WALL, 20), prepare=0)
    assert kinds(r) == [(K.HOLD, 30), (K.REST, 7), (K.HOLD, 30), (K.REST, 7), (K.HOLD, 30), (K.REST, 7),
                        (K.HOLD, 20)]
    phases = plan(r).phases
    assert [p.side for p in phases[:5]] == [Side.LEFT] * 5
    assert phases[6].side is None
    assert [p.step_index for p in phases] == [0, 0, 0, 0, 0, 1, 1]


def test_rest_between_steps_uses_previous_steps_rest_and_none_after_the_last() -> None:
    r = routine(hold(rest_override=3), hold(WALL), hold(CALF), rest=12, prepare=0)
    assert kinds(r) == [(K.HOLD, 30), (K.REST, 3), (K.HOLD, 30), (K.REST, 12), (K.HOLD, 30)]


def test_zero_length_phases_are_omitted() -> None:
    r = routine(hold(sides=Sides.BOTH, repeat=2, rest_override=0), hold(WALL), prepare=0, switch=0)
    assert kinds(r) == [(K.HOLD, 30)] * 5


def test_breathing_cycles_skip_zero_parts() -> None:
    tl = plan(routine(Step(BREATHE), prepare=0))
    assert [(p.kind, p.cycle) for p in tl.phases] == [
        (K.INHALE, 1), (K.BREATH_HOLD, 1), (K.EXHALE, 1), (K.PAUSE, 1),
        (K.INHALE, 2), (K.BREATH_HOLD, 2), (K.EXHALE, 2), (K.PAUSE, 2),
    ]
    assert all(p.cycle_count == 2 and p.side is None and p.set_index is None for p in tl.phases)
    no_hold = Stretch(id="b", name="B", instructions=("x",), breathe=Breathing(inhale=4, exhale=4, cycles=1))
    assert kinds(routine(Step(no_hold), prepare=0)) == [(K.INHALE, 4), (K.EXHALE, 4)]


def test_relaxation_tenses_and_relaxes_each_group() -> None:
    tl = plan(routine(Step(PMR), prepare=0))
    assert [(p.kind, p.group, p.group_index, p.group_count) for p in tl.phases] == [
        (K.TENSE, "feet", 1, 2), (K.RELAX, "feet", 1, 2),
        (K.TENSE, "calves", 2, 2), (K.RELAX, "calves", 2, 2),
    ]
    assert [p.label for p in tl.phases] == [
        "Tense — feet", "Relax — feet", "Tense — calves", "Relax — calves"]


def test_empty_steps_get_no_phases_and_no_rests() -> None:
    r = routine(hold(), hold(WALL, 0), hold(CALF), prepare=0, rest=4)
    tl = plan(r)
    assert kinds(r) == [(K.HOLD, 30), (K.REST, 4), (K.HOLD, 30)]
    assert tl.step_count == 3
    assert tl.step_start(1) == tl.step_start(2) == 1  # the empty step sits where the next one starts
    assert list(tl.step_body(1)) == []
    assert tl.planned_step_seconds(1) == 0
    with pytest.raises(ValueError, match="nothing to time"):
        plan(routine(hold(seconds=0), prepare=5))


def test_ownership_prepare_has_no_step_and_rests_belong_to_the_following_step() -> None:
    tl = plan(routine(hold(sides=Sides.BOTH), hold(WALL)))
    assert [(p.kind, p.step_index) for p in tl.phases] == [
        (K.PREPARE, None), (K.HOLD, 0), (K.SWITCH, 0), (K.HOLD, 0), (K.REST, 1), (K.HOLD, 1),
    ]
    assert tl.step_start(0) == 1 and tl.step_start(1) == 4
    assert list(tl.step_phases(1)) == [4, 5] and list(tl.step_body(1)) == [5]
    assert tl.planned_step_seconds(0) == 65 and tl.planned_step_seconds(1) == 30  # lead-in rest not counted
    assert [p.starts_step for p in tl.phases] == [False, True, False, False, False, True]
    assert [p.ends_step for p in tl.phases] == [False, False, False, True, False, True]
    assert [p.ends_routine for p in tl.phases] == [False] * 5 + [True]
    assert [p.is_active for p in tl.phases] == [False, True, False, True, False, True]
    assert all(p.step_count == 2 for p in tl.phases)
    assert tl.phases[4].stretch == WALL and tl.phases[0].stretch == CALF  # transitions show what comes


def test_phase_at_owns_start_not_end_and_clamps() -> None:
    tl = plan(routine(hold(seconds=10), prepare=5))
    assert [tl.phase_at(x) for x in (-1, 0, 4.999, 5, 14.9, 15, 99)] == [0, 0, 0, 1, 1, 1, 1]
    assert tl.next_phase(0) == tl.phases[1] and tl.next_phase(1) is None


def test_labels_and_announcements() -> None:
    r = routine(hold(sides=Sides.BOTH, repeat=2), hold(WALL, 90), Step(BREATHE), Step(PMR))
    tl = plan(r)
    said = [(p.label, p.announcement) for p in tl.phases]
    assert said[:9] == [
        ("Get ready", "Get ready: Towel calf stretch"),
        ("Hold — right leg", "Towel calf stretch, right leg, 30 seconds"),
        ("Switch sides", "Switch sides"),
        ("Hold — left leg", "Left leg, 30 seconds"),
        ("Switch sides", "Switch sides"),
        ("Hold — right leg", "Set 2 of 2, right leg, 30 seconds"),
        ("Switch sides", "Switch sides"),
        ("Hold — left leg", "Left leg, 30 seconds"),
        ("Rest", "Rest. Next: Wall calf stretch"),
    ]
    assert said[9] == ("Hold", "Wall calf stretch, 1 minute 30 seconds")
    breathing = [p for p in tl.phases if p.step_index == 2 and p.is_active]
    assert [(p.label, p.announcement) for p in breathing[:5]] == [
        ("Breathe in", "Slow breathing. Breathe in"), ("Hold your breath", "Hold"),
        ("Breathe out", "Breathe out"), ("Pause", "Pause"), ("Breathe in", "Breathe in"),
    ]
    relax = [p.announcement for p in tl.phases if p.step_index == 3 and p.is_active]
    assert relax == ["Muscle relaxation. Tense your feet", "Relax your feet", "Tense your calves",
                     "Relax your calves"]


def test_say_replaces_the_first_active_announcement_only() -> None:
    tl = plan(routine(hold(sides=Sides.BOTH, say="Loop the towel and pull"), Step(BREATHE, say="Settle")))
    said = [p.announcement for p in tl.phases]
    assert said[:4] == ["Get ready: Towel calf stretch", "Loop the towel and pull", "Switch sides",
                        "Left leg, 30 seconds"]
    assert said[5] == "Settle" and said[6] == "Hold"


def test_one_sided_sets_are_announced_by_number() -> None:
    tl = plan(routine(hold(repeat=2), prepare=0))
    assert [p.announcement for p in tl.phases] == ["Towel calf stretch, 30 seconds", "Rest",
                                                   "Set 2 of 2, 30 seconds"]
    assert [p.next_label for p in tl.phases] == ["Next: set 2 of 2", "Next: set 2 of 2", "Next: finish"]


def test_next_labels_preview_the_next_active_phase() -> None:
    tl = plan(routine(hold(sides=Sides.BOTH, repeat=2), hold(WALL)))
    assert [p.next_label for p in tl.phases] == [
        "Next: Towel calf stretch", "Next: left leg", "Next: left leg", "Next: set 2 of 2, right leg",
        "Next: set 2 of 2, right leg", "Next: left leg", "Next: left leg", "Next: Wall calf stretch",
        "Next: Wall calf stretch", "Next: finish",
    ]


@pytest.mark.parametrize(("seconds", "words"), [
    (1, "1 second"), (30, "30 seconds"), (60, "1 minute"), (90, "1 minute 30 seconds"),
    (61, "1 minute 1 second"),
    (120, "2 minutes"), (0, "0 seconds"), (2.5, "3 seconds"), (29.4, "29 seconds"),
])
def test_duration_words(seconds: float, words: str) -> None:
    assert spoken.duration_words(seconds) == words


def test_the_action_word_replaces_hold_on_screen() -> None:
    from stretch_timer.core.model import Action, Cues, Routine, Sides, Step, Stretch
    from stretch_timer.core.plan import plan as make_plan

    swings = Stretch(id="leg-swings", name="Leg swings", instructions=("Swing.",), action=Action.MOVE,
                     sides=Sides.BOTH, hold=20)
    rub = Stretch(id="calf-massage", name="Calf massage", instructions=("Rub.",), action=Action.MASSAGE)
    timeline = make_plan(Routine(id="r", name="R", steps=(Step(swings), Step(rub)), prepare=0, cues=Cues()))
    labels = [p.label for p in timeline.phases if p.is_active]
    assert labels == ["Move — right leg", "Move — left leg", "Massage"]


def test_transitions_into_a_step_name_it_and_its_props_and_foot_stretches_name_feet() -> None:
    from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
    from stretch_timer.core.plan import plan as make_plan

    towel = Stretch(id="towel", name="Towel calf stretch", instructions=("Pull.",), props=("towel or strap",))
    arch = Stretch(id="arch", name="Arch stretch", instructions=("Spread.",), muscles=("foot",),
                   sides=Sides.BOTH, props=("chair", "wall"))
    timeline = make_plan(Routine(id="r", name="R", steps=(Step(towel), Step(arch)), prepare=5, rest=10,
                                 switch=3, cues=Cues()))
    said = [(p.label, p.announcement) for p in timeline.phases]
    assert said == [
        ("Get ready", "Get ready: Towel calf stretch. Have a towel or strap ready."),
        ("Hold", "Towel calf stretch, 30 seconds"),
        ("Rest", "Rest. Next: Arch stretch. Have a chair and wall ready."),
        ("Hold — right foot", "Arch stretch, right foot, 30 seconds"),
        ("Switch sides", "Switch sides"),
        ("Hold — left foot", "Left foot, 30 seconds"),
    ]
