"""What the running app makes of a second launch's request, without any window: show, start, relief at once,
ask before replacing anything else, and say (on the status line) what it cannot do. Fake clock, fake sound."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fakes import FakeCues, FakeInhibitor, FakeVoice

from stretch_timer.app.context import AppContext
from stretch_timer.app.ipc_messages import Request
from stretch_timer.app.requests import RequestHandler, is_path_argument
from stretch_timer.app.settings import Settings
from stretch_timer.app_data import open_library
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.run_record import RunRecord

NOT_RELIEF = "before-exercise"  # no relief tag, relieves nothing: a routine that asks before it replaces


class Rig:
    """A context whose runs start as the player would start them, and a handler; records what it signals."""

    def __init__(self) -> None:
        self.clock = FakeClock(100.0)
        self.context = AppContext(Settings(), library=open_library(), clock=self.clock, cue_factory=FakeCues,
                                  voice_factory=FakeVoice, inhibitor=FakeInhibitor())
        self.handler = RequestHandler(self.context)
        self.records: list[RunRecord] = []
        self.shown: list[bool] = []
        self.cramp_choices = 0
        self.asked: list[tuple[str, str]] = []
        self.settled = 0
        self.told: list[str] = []
        self.context.run_finished.connect(self.records.append)
        self.context.run_started.connect(lambda driver, _routine: driver.start())  # as the player does
        self.context.told.connect(self.told.append)
        self.handler.show_wanted.connect(self.shown.append)
        self.handler.cramp_choice_wanted.connect(self._cramp_choice)
        self.handler.replace_asked.connect(lambda routine, current: self.asked.append((routine.id, current.id)))
        self.handler.question_settled.connect(self._settled)

    def _cramp_choice(self) -> None:
        self.cramp_choices += 1

    def _settled(self) -> None:
        self.settled += 1

    def send(self, action: str, argument: str = "", **options: bool) -> None:
        self.handler.handle(Request(action, argument, options))  # type: ignore[arg-type]

    @property
    def running(self) -> str | None:
        routine = self.context.running_routine
        return routine.id if routine is not None else None

    def advance(self, seconds: float) -> None:
        for _ in range(int(seconds * 2)):
            self.clock.advance(0.5)
            driver = self.context.runs.driver
            if driver is not None:
                driver.poll()


@pytest.fixture
def rig(qapp: Any) -> Iterator[Rig]:
    made = Rig()
    yield made
    made.context.shut_down()


def test_show_only_brings_the_window_to_the_front(rig: Rig) -> None:
    rig.send("show")
    rig.send("show", fullscreen=True)
    assert rig.shown == [False, True]
    assert rig.running is None and rig.told == [] and rig.cramp_choices == 0


def test_start_starts_the_routine_at_once_when_nothing_runs(rig: Rig) -> None:
    rig.send("start", "calf-cramp-relief")
    assert rig.running == "calf-cramp-relief"
    assert rig.shown == [False], "the window comes to the front to show the player"


def test_an_unknown_routine_is_said_on_the_status_line_and_nothing_else_changes(rig: Rig) -> None:
    rig.send("start", NOT_RELIEF)
    rig.send("start", "calf-cramp-releif")
    assert rig.running == NOT_RELIEF and rig.records == [] and rig.asked == []
    assert rig.told == ["No routine 'calf-cramp-releif' (asked by another launch)"]
    assert "No routine 'calf-cramp-releif' (asked by another launch)" in rig.context.notices()


def test_the_status_line_message_goes_when_the_next_run_starts(rig: Rig) -> None:
    rig.send("start", "no-such-routine")
    rig.send("start", "calf-cramp-relief")
    assert rig.told[-1] == "" and not any("no-such-routine" in notice for notice in rig.context.notices())


def test_a_relief_routine_replaces_a_running_one_without_asking(rig: Rig) -> None:
    rig.send("start", NOT_RELIEF)
    rig.advance(4)
    rig.send("cramp", "calf")
    assert rig.running == "calf-cramp-relief"
    assert rig.asked == []
    [record] = rig.records
    assert record.routine_id == NOT_RELIEF and not record.completed, "the one replaced is recorded as stopped"


def test_start_of_a_relief_routine_replaces_without_asking_too(rig: Rig) -> None:
    rig.send("start", NOT_RELIEF)
    rig.send("start", "foot-cramp-relief")
    assert rig.running == "foot-cramp-relief" and rig.asked == []


def test_any_other_routine_asks_first_and_the_run_goes_on_meanwhile(rig: Rig) -> None:
    rig.send("start", "calf-cramp-relief")
    rig.send("start", NOT_RELIEF)
    assert rig.asked == [(NOT_RELIEF, "calf-cramp-relief")]
    assert rig.running == "calf-cramp-relief" and rig.records == []
    rig.advance(2)
    assert rig.running == "calf-cramp-relief", "nothing waits for the answer"
    rig.handler.confirm_replace()
    assert rig.running == NOT_RELIEF
    assert [(record.routine_id, record.completed) for record in rig.records] == [("calf-cramp-relief", False)]


def test_yes_after_the_run_ended_just_starts_the_routine(rig: Rig) -> None:
    rig.send("start", "calf-cramp-relief")
    rig.send("start", NOT_RELIEF)
    rig.advance(rig.context.runs.driver.session.total_remaining + 1)
    assert rig.running is None and rig.records[-1].completed
    rig.handler.confirm_replace()
    assert rig.running == NOT_RELIEF


def test_a_relief_while_the_question_is_up_settles_it(rig: Rig) -> None:
    rig.send("start", "calf-cramp-relief")
    rig.send("start", NOT_RELIEF)
    rig.send("cramp", "foot")
    assert rig.running == "foot-cramp-relief" and rig.settled == 1
    rig.handler.confirm_replace()  # a late yes to the question that was closed
    assert rig.running == "foot-cramp-relief"


def test_the_routine_running_already_is_left_alone(rig: Rig) -> None:
    rig.send("start", "calf-cramp-relief")
    rig.advance(3)
    driver = rig.context.runs.driver
    rig.send("cramp", "calf")
    assert rig.context.runs.driver is driver and rig.records == [], "not restarted"
    assert rig.told[-1] == "Calf cramp — now is running already"


def test_cramp_without_a_muscle_offers_the_muscles_unless_a_routine_runs(rig: Rig) -> None:
    rig.send("cramp")
    assert rig.cramp_choices == 1 and rig.running is None
    rig.send("start", NOT_RELIEF)
    rig.send("cramp")
    assert rig.cramp_choices == 1 and rig.running == NOT_RELIEF


def test_a_muscle_without_a_relief_routine_is_said(rig: Rig) -> None:
    rig.send("cramp", "shin")
    assert rig.running is None and rig.told == ["No relief routine for 'shin' yet (asked by another launch)"]


def test_a_routine_file_by_its_absolute_path(rig: Rig, tmp_path: Path) -> None:
    good = tmp_path / "quick.yaml"
    good.write_text("format: 1\nname: Quick\nprepare: 1\nsteps:\n  - stretch: wall-calf-stretch\n"
                    "    hold: 5\n    sides: none\n", encoding="utf-8")
    rig.send("start", str(good))
    routine = rig.context.running_routine
    assert routine is not None and routine.name == "Quick"
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: Broken\nsteps:\n  - stretch: no-such-stretch\n", encoding="utf-8")
    rig.advance(10)
    rig.send("start", str(broken))
    assert rig.context.running_routine is None
    assert rig.told[-1].startswith(f"The routine file {broken} could not be opened: ")
    assert "no-such-stretch" in rig.told[-1]


def test_mute_and_no_voice_apply_to_the_running_app_quit_when_done_does_not(rig: Rig) -> None:
    rig.context.runs.ensure_media()
    rig.send("start", "calf-cramp-relief", mute=True, no_voice=True, quit_when_done=True)
    assert rig.context.muted and rig.context.runs.no_voice
    assert not rig.context.runs.late_voice.enabled
    assert not rig.context.options.quit_when_done, "the app the person opened stays open"


def test_after_close_requests_are_ignored(rig: Rig) -> None:
    rig.handler.close()
    rig.send("start", "calf-cramp-relief")
    assert rig.running is None and rig.shown == []


def test_a_failing_request_costs_that_request_only(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    rig.send("start", NOT_RELIEF)

    def broken(_muscle: str) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(rig.context, "relief_for", broken)
    rig.send("cramp", "calf")  # must not raise into the event loop
    assert rig.running == NOT_RELIEF
    assert rig.told[-1] == "Another launch's request failed: RuntimeError"


@pytest.mark.parametrize(("argument", "is_path"), [
    ("calf-cramp-relief", False), ("/home/ana/mine.yaml", True), ("/home/ana/mine", True), ("mine.yml", True),
])
def test_a_path_is_told_from_an_id(argument: str, is_path: bool) -> None:
    assert is_path_argument(argument) is is_path


# --- bedtime (`stretch-timer bedtime`, the launcher's "Bedtime routine") -------------------------------------


def test_bedtime_starts_the_routine_the_tray_would_start(rig: Rig) -> None:
    expected = rig.context.bedtime_routine()
    assert expected is not None and "bedtime" in expected.tags
    rig.send("bedtime", no_voice=True)
    assert rig.shown == [False]
    assert rig.running == expected.id and rig.told == []


def test_bedtime_while_another_routine_runs_asks_first(rig: Rig) -> None:
    rig.context.start(rig.context.routine(NOT_RELIEF))
    rig.send("bedtime")
    bedtime = rig.context.bedtime_routine()
    assert rig.asked == [(bedtime.id, NOT_RELIEF)]
    assert rig.running == NOT_RELIEF, "the run goes on while the question is up"
    rig.send("bedtime")
    assert rig.running == NOT_RELIEF


def test_bedtime_when_it_runs_already_is_left_alone(rig: Rig) -> None:
    rig.send("bedtime")
    started = rig.running
    rig.send("bedtime")
    assert rig.running == started and rig.asked == [] and len(rig.records) == 0
    assert rig.told and "running already" in rig.told[-1]


def test_bedtime_without_any_bedtime_routine_is_said(rig: Rig, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(rig.context, "bedtime_routine", lambda: None)
    rig.send("bedtime")
    assert rig.running is None
    assert rig.told and "No bedtime routine" in rig.told[-1]


def test_the_launch_and_the_running_app_pick_the_same_bedtime_routine(rig: Rig) -> None:
    from stretch_timer.app.requests import bedtime_choice

    library, settings = rig.context.library, rig.context.settings
    for last in ("", "bedtime-legs", "calf-cramp-relief", "no-such-routine"):
        settings.last_routine = last
        chosen, expected = bedtime_choice(library, last), rig.context.bedtime_routine()
        assert chosen is not None and expected is not None
        assert chosen.id == expected.id, last
    assert bedtime_choice(library, "bedtime-legs").id == "bedtime-legs", "the bedtime routine used last"
    assert bedtime_choice(library, "calf-cramp-relief").id == "mind-body-wind-down", "else the shortest one"
