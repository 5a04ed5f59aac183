"""The history in the window: a finished run shows on the History page, Log a cramp from the menu or the tray
goes to the diary, and the CSV export writes both files; the page follows each write while it shows."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton

from .conftest import Rig, find

pytestmark = pytest.mark.gui


def rows_arrive(rig: Rig) -> None:
    assert rig.context.history.wait_idle()
    rig.qtbot.wait(20)  # the worker's answer is queued onto this thread


def test_a_finished_run_and_a_logged_cramp_show_on_the_history_page(rig: Rig) -> None:
    rig.trigger("cramp.calf")
    rig.run_to_end()
    assert rig.trigger("history.show")
    page = rig.window.history_view.page
    assert rig.pages.current_page() is page
    rows_arrive(rig)
    rig.qtbot.waitUntil(lambda: "Calf cramp — now" in find(page, "Most used routines list").text())
    assert rig.trigger("cramp.log")
    dialog = rig.window.history_view.dialog
    assert dialog is not None and dialog.isVisible()
    rig.qtbot.mouseClick(find(dialog, "Hamstring", QAbstractButton), Qt.MouseButton.LeftButton)
    rig.qtbot.mouseClick(find(dialog, "Severity 7", QAbstractButton), Qt.MouseButton.LeftButton)
    rig.qtbot.mouseClick(find(dialog, "Log cramp", QAbstractButton), Qt.MouseButton.LeftButton)
    rows_arrive(rig)
    assert [(row.muscle, row.severity) for row in _stored_cramps()] == [("hamstring", 7)]
    model = page.cramp_model
    rig.qtbot.waitUntil(lambda: model.rowCount() == 1)  # the page asked again after the write
    assert model.row_at(0).muscle == "hamstring"


def test_the_csv_export_writes_sessions_and_cramps(rig: Rig, tmp_path: Path) -> None:
    rig.trigger("cramp.foot")
    rig.run_to_end()
    rig.trigger("history.show")
    rig.window.history_view.ask_folder = lambda _parent: tmp_path
    rig.window.history_view.page.export_requested.emit()
    rows_arrive(rig)
    sessions = (tmp_path / "sessions.csv").read_text(encoding="utf-8-sig")
    assert "foot-cramp-relief" in sessions
    assert (tmp_path / "cramps.csv").is_file()
    rig.qtbot.waitUntil(lambda: "Exported the history" in rig.window.notice.text())


def test_the_history_is_not_offered_over_a_running_routine(rig: Rig) -> None:
    rig.trigger("cramp.calf")
    assert not rig.trigger("history.show")
    assert rig.pages.current_page() is rig.player
    rig.pages.stop_run()


def _stored_cramps() -> list:  # type: ignore[type-arg]
    from stretch_timer import paths
    from stretch_timer.core.history.store import HistoryStore

    store, _ = HistoryStore.open(paths.history_path())
    try:
        return store.cramps()
    finally:
        store.close()
