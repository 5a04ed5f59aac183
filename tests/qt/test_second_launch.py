"""The window's side of a second launch: it comes to the front, shows the routine another launch started,
asks before anything but relief replaces a run, focuses the muscles for ``cramp``, and says what it could not do.
The requests go straight to the handler here; tests/e2e/test_single_instance.py sends them from real processes."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox

from stretch_timer.app.context import LaunchOptions
from stretch_timer.app.ipc_messages import Request
from stretch_timer.app.requests import RequestHandler
from stretch_timer.core.session import State
from stretch_timer.qt.main_window import REPLACE_QUESTION_NAME

from .conftest import Rig, find

pytestmark = pytest.mark.gui

NOT_RELIEF = "before-exercise"


def follow(rig: Rig) -> Callable[..., None]:
    handler = RequestHandler(rig.context)
    rig.window.follow_requests(handler)

    def send(action: str, argument: str = "", **options: bool) -> None:
        handler.handle(Request(action, argument, options))  # type: ignore[arg-type]
        QApplication.processEvents()

    return send


def question() -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.accessibleName() == REPLACE_QUESTION_NAME \
                and widget.isVisible():
            return widget
    return None


def playing(rig: Rig) -> str | None:
    pages = rig.window.pages
    if pages.current_page() is not pages.player_page or pages.routine is None:
        return None
    return pages.routine.id


def test_show_un_minimises_and_shows_the_window(rig: Rig) -> None:
    send = follow(rig)
    rig.window.showMinimized()
    QApplication.processEvents()
    assert rig.window.isMinimized()
    send("show")
    assert not rig.window.isMinimized() and rig.window.isVisible()
    rig.window.hide()
    send("show")
    assert rig.window.isVisible()


def test_show_with_fullscreen_goes_full_screen(rig: Rig) -> None:
    send = follow(rig)
    send("show", fullscreen=True)
    assert rig.window.isFullScreen()


def test_start_shows_the_player_on_the_routine(rig: Rig) -> None:
    send = follow(rig)
    send("start", "calf-cramp-relief")
    assert playing(rig) == "calf-cramp-relief"
    assert rig.driver.session.state is State.RUNNING


def test_another_routine_asks_first_keep_going_is_the_default(rig: Rig) -> None:
    send = follow(rig)
    send("start", "calf-cramp-relief")
    send("start", NOT_RELIEF)
    box = question()
    assert box is not None and box.windowModality() is Qt.WindowModality.WindowModal
    assert box.defaultButton().accessibleName() == "Keep going"
    assert "Calf cramp — now is running" in box.text() and "Before exercise" in box.text()
    rig.advance(2)
    assert playing(rig) == "calf-cramp-relief" and rig.driver.session.state is State.RUNNING
    find(box, "Keep going").click()
    QApplication.processEvents()
    assert playing(rig) == "calf-cramp-relief" and question() is None


def test_yes_stops_the_run_and_starts_the_one_asked_for(rig: Rig) -> None:
    send = follow(rig)
    records: list[object] = []
    rig.context.run_finished.connect(records.append)
    send("start", "calf-cramp-relief")
    send("start", NOT_RELIEF)
    box = question()
    assert box is not None
    find(box, "Stop and start Before exercise").click()
    QApplication.processEvents()
    assert playing(rig) == NOT_RELIEF and rig.driver.session.state is State.RUNNING
    assert len(records) == 1 and not records[0].completed  # type: ignore[attr-defined]


def test_a_relief_replaces_at_once_and_closes_the_question(rig: Rig) -> None:
    send = follow(rig)
    send("start", "bedtime-legs")
    send("start", "foot-cramp-relief")  # a relief routine: it replaces without asking
    assert playing(rig) == "foot-cramp-relief" and question() is None
    send("cramp", "calf")
    assert playing(rig) == "calf-cramp-relief" and question() is None
    send("start", NOT_RELIEF)
    assert question() is not None, "naming the muscles it looks after does not make a routine relief"
    send("cramp", "calf")
    assert playing(rig) == "calf-cramp-relief"
    assert question() is None, "the question about the replaced run is gone"


def test_cramp_without_a_muscle_focuses_the_muscles_and_keeps_them_focused(rig: Rig) -> None:
    send = follow(rig)
    rig.click("Routine: Bedtime legs")  # on the overview
    send("cramp")
    pages = rig.window.pages
    assert pages.current_page() is pages.library_page
    calf = rig.find("Calf")
    assert calf.hasFocus() or QApplication.focusWidget() is calf
    rig.trigger("reload")  # the routines arrive (or are read again): the focus stays on the muscles
    QApplication.processEvents()
    assert QApplication.focusWidget() is rig.find("Calf")


def test_what_cannot_be_done_is_said_on_the_status_line(rig: Rig) -> None:
    send = follow(rig)
    send("start", "calf-cramp-releif")
    notice = rig.window.notice
    assert "No routine 'calf-cramp-releif' (asked by another launch)" in notice.text()
    assert rig.window.pages.current_page() is rig.window.pages.library_page


def test_closing_the_window_stops_taking_requests(rig: Rig) -> None:
    send = follow(rig)
    rig.window.close()
    send("start", "calf-cramp-relief")
    assert not rig.window.isVisible() and rig.context.runs.driver is None


def test_quit_when_done_waits_for_a_routine_another_launch_started(make_window: Callable[..., Rig]) -> None:
    rig = make_window(options=LaunchOptions(quit_when_done=True))
    send = follow(rig)
    send("start", "calf-cramp-relief")
    rig.run_to_end()
    send("cramp", "foot")  # before the delayed quit comes
    rig.window._quit()
    assert rig.window.isVisible() and playing(rig) == "foot-cramp-relief"


def test_a_launch_that_lost_the_race_hands_over_and_closes_its_window(
        rig: Rig, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from stretch_timer.app.ipc import socket_name
    from stretch_timer.qt.app import _serve_later_launches

    monkeypatch.setenv("STRETCH_TIMER_RUNTIME_DIR", str(tmp_path / "run"))
    peer = Path(__file__).resolve().parents[1] / "app" / "ipc_peer.py"
    winner = subprocess.Popen([sys.executable, str(peer), "serve", socket_name(), "--quit-after", "1"],
                              stdout=subprocess.PIPE, text=True)  # the launch that became the app first
    try:
        assert winner.stdout is not None and winner.stdout.readline().strip() == "listening"
        rig.click("Calf")  # this launch had started its routine already
        servers: list[object] = []
        _serve_later_launches(rig.window, Request("cramp", "calf"), servers, False)  # type: ignore[arg-type]
        assert winner.stdout.readline().startswith("received cramp calf")
        assert not rig.window.isVisible() and servers == [] and not rig.context.running()
    finally:
        winner.kill()
        winner.wait()
