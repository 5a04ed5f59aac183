"""The app beyond its window: the tray's commands (Cramp now per muscle, the bedtime routine, Open) work from
wherever the person is, without a tray the window closes as before, and finished runs go to the history."""

from __future__ import annotations

import pytest

from stretch_timer import paths
from stretch_timer.core.history.store import HistoryStore

from .conftest import Rig

pytestmark = pytest.mark.gui


def test_without_a_tray_the_app_behaves_as_before(rig: Rig) -> None:
    desktop = rig.window.desktop
    assert desktop is not None, "made just after the first paint"
    assert desktop.tray.icon is None and not desktop.keeps_running()
    assert next(action.text() for action in desktop.tray.menu.actions() if action.text()) == "&Open Stretch Timer"


def test_cramp_now_from_the_tray_starts_relief_and_takes_over_a_running_routine(rig: Rig) -> None:
    assert rig.trigger("bedtime.start")
    assert rig.context.running_routine is not None and "bedtime" in rig.context.running_routine.tags
    assert rig.trigger("cramp.hamstring")
    running = rig.context.running_routine
    assert running is not None and "relief" in running.tags and "hamstring" in running.relieves
    assert rig.pages.current_page() is rig.player
    rig.pages.stop_run()


def test_open_from_the_tray_brings_a_hidden_window_back(rig: Rig) -> None:
    rig.window.hide()
    assert rig.trigger("window.show")
    assert rig.window.isVisible()


def test_the_bedtime_routine_is_the_last_used_bedtime_one_else_the_shortest(rig: Rig) -> None:
    assert rig.context.bedtime_routine().id == "mind-body-wind-down", "the shortest bedtime routine"
    rig.settings.last_routine = "bedtime-legs"
    assert rig.context.bedtime_routine().id == "bedtime-legs", "the one used last"
    rig.settings.last_routine = "calf-cramp-relief"  # not a bedtime routine
    assert rig.context.bedtime_routine().id == "mind-body-wind-down"


def test_a_finished_run_is_stored_in_the_history_off_the_gui_thread(rig: Rig) -> None:
    rig.trigger("cramp.calf")
    rig.run_to_end()
    assert rig.context.history.wait_idle()
    store, notices = HistoryStore.open(paths.history_path())
    try:
        rows = store.sessions()
        assert notices == []
        assert [row.routine_id for row in rows] == ["calf-cramp-relief"]
        assert rows[0].relief and not rows[0].bedtime and rows[0].completed
    finally:
        store.close()
