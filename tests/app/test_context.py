"""The app context without any window: settings and their signal, this run's mute, bedtime mode and theme
choice, runs that end in a RunRecord, and which phases read the how-to aloud. Fake clock, fake sound."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
from fakes import FakeCues, FakeInhibitor, FakeVoice

from stretch_timer.app.context import AppContext, LaunchOptions
from stretch_timer.app.settings import Settings
from stretch_timer.app_data import open_library
from stretch_timer.core.clock import FakeClock
from stretch_timer.core.model import Routine, Step, Stretch
from stretch_timer.core.run_record import Outcome, RunRecord

PULL = Stretch(id="pull", name="Toe pull", instructions=("Pull your toes towards you.",), hold=5)
LEAN = Stretch(id="lean", name="Wall lean", instructions=("Lean into the wall.",), hold=5)
TWO_STEPS = Routine(id="two", name="Two steps", prepare=3, rest=3, steps=(Step(PULL), Step(LEAN)))
START = dt.datetime(2026, 12, 1, 22, 0, tzinfo=dt.UTC)


class Rig:
    def __init__(self, settings: Settings, options: LaunchOptions | None = None) -> None:
        self.clock = FakeClock(100.0)
        self.wall = [START]
        self.cues, self.voice = FakeCues(), FakeVoice()
        self.context = AppContext(settings, library=open_library(), options=options, clock=self.clock,
                                  wall_clock=lambda: self.wall[0], cue_factory=lambda: self.cues,
                                  voice_factory=lambda: self.voice, inhibitor=FakeInhibitor())
        self.records: list[RunRecord] = []
        self.context.run_finished.connect(self.records.append)
        self.context.runs.ensure_media()

    def advance(self, seconds: float) -> None:
        for _ in range(int(seconds * 2)):
            self.clock.advance(0.5)
            self.wall[0] += dt.timedelta(seconds=0.5)
            driver = self.context.runs.driver
            if driver is not None:
                driver.poll()

    def start(self, routine: Routine) -> Any:
        assert self.context.start(routine)
        driver = self.context.runs.driver
        driver.start()  # the player does this when it attaches; here there is none
        return driver


@pytest.fixture
def rig(qapp: Any) -> Iterator[Rig]:
    made = Rig(Settings())
    yield made
    made.context.shut_down()


def test_a_changed_setting_is_announced_once_by_name(rig: Rig) -> None:
    heard: list[str] = []
    rig.context.settings_changed.connect(heard.append)
    rig.context.settings.volume = 30
    rig.context.settings.volume = 30  # no change: no signal
    rig.context.settings.large_type = True
    assert heard == ["volume", "large_type"]
    assert rig.cues.volume == pytest.approx(0.3), "the volume reaches the cues at once"


def test_mute_is_for_this_run_and_never_saved(qapp: Any) -> None:
    settings = Settings()
    settings.volume = 60  # so there is a settings file to look into
    rig = Rig(settings)
    heard: list[bool] = []
    rig.context.muted_changed.connect(heard.append)
    rig.context.commands.trigger("mute")
    assert rig.context.muted and rig.cues.muted and heard == [True]
    assert rig.context.commands.is_checked("mute")
    assert "Muted for this run (M)" in rig.context.notices()
    settings.sync()
    rig.context.shut_down()
    again = Rig(Settings())
    assert not again.context.muted and not again.cues.muted, "the next launch has sound"
    assert "mute" not in settings.path.read_text(encoding="utf-8").lower()
    again.context.shut_down()


def test_mute_on_the_command_line_starts_muted(qapp: Any) -> None:
    rig = Rig(Settings(), LaunchOptions(mute=True))
    assert rig.context.muted and rig.cues.muted
    rig.context.shut_down()


def test_choosing_a_theme_ends_bedtime_mode_even_when_it_is_the_theme_already(rig: Rig) -> None:
    """Planted bug: choosing a theme from the menu left bedtime mode on."""
    context = rig.context
    context.settings.theme = "light"
    context.set_bedtime_mode(True)
    looks: list[None] = []
    context.look_changed.connect(lambda: looks.append(None))
    context.commands.trigger("theme.light")  # the setting does not change, so no settings_changed comes
    assert not context.bedtime_mode and looks, "the chosen theme shows now"
    assert context.commands.is_checked("theme.light") and not context.commands.is_checked("theme.dark")
    context.set_bedtime_mode(True)
    context.commands.trigger("theme.dark")
    assert not context.bedtime_mode and context.settings.theme == "dark"


def test_a_run_ends_in_a_record_with_wall_clock_times_and_outcomes(rig: Rig) -> None:
    rig.start(TWO_STEPS)
    rig.advance(30)
    [record] = rig.records
    assert record.routine_id == "two" and record.source == "file" and record.completed
    assert record.started == START and record.ended > START
    assert [step.outcome for step in record.steps] == [Outcome.DONE, Outcome.DONE]


def test_a_run_stopped_early_is_recorded_as_stopped(rig: Rig) -> None:
    routine = rig.context.routine("calf-cramp-relief")
    assert routine is not None
    rig.start(routine)
    rig.advance(5)
    rig.context.shut_down()
    [record] = rig.records
    assert record.source == "bundled" and not record.completed and record.outcome is Outcome.STOPPED
    assert record.steps[0].outcome is Outcome.STOPPED


def test_one_run_at_a_time(rig: Rig) -> None:
    rig.start(TWO_STEPS)
    assert not rig.context.start(TWO_STEPS), "a second start while one runs is refused"


def test_the_shortest_relief_routine_for_a_muscle(rig: Rig) -> None:
    calf = rig.context.relief_for("calf")
    assert calf is not None and "calf" in calf.relieves
    assert rig.context.relief_for("elbow") is None


def test_the_how_to_is_read_during_get_ready_and_the_rest_before_a_step_only(rig: Rig) -> None:
    """Planted bug: which phases read the instructions aloud."""
    rig.context.settings.read_instructions = True
    spoken = rig.voice.spoken
    rig.start(TWO_STEPS)
    assert any("Pull your toes towards you." in text for text in spoken), "read in the get-ready"
    rig.advance(3.5)  # the hold of the first step: nothing read
    assert not any("Lean into the wall." in text for text in spoken)
    rig.advance(5)  # the rest before the second step
    assert any("Lean into the wall." in text for text in spoken), "read in the rest before its step"
    count = sum("Lean into the wall." in text for text in spoken)
    rig.advance(20)
    assert sum("Lean into the wall." in text for text in spoken) == count, "not again in the hold"


def test_the_how_to_is_not_read_when_the_setting_is_off(rig: Rig) -> None:
    rig.start(TWO_STEPS)
    rig.advance(30)
    assert not any("Pull your toes" in text or "Lean into" in text for text in rig.voice.spoken)
