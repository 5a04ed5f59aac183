"""Desktop notifications against a real D-Bus: a private session bus (dbus-daemon) with a tiny notification
server of our own (tests/notification_server.py). The reminder goes out with its three actions, a press on one
comes back as ``action_invoked``; without a bus or a server, ``available`` is False (the balloon instead)."""

from __future__ import annotations

import json
import os
import queue
import shutil
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from private_bus import private_bus as private_bus_daemon

from stretch_timer.app.notifications import Notifier

SERVER = Path(__file__).resolve().parents[1] / "notification_server.py"
WORKTREE = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")


@pytest.fixture(scope="module")
def private_bus() -> Iterator[str]:
    """A session bus of its own (the test process's own session bus, if any, is left alone)."""
    with private_bus_daemon() as address:
        yield address


class Server:
    """The fake server's process and what it printed, line by line."""

    def __init__(self, address: str, invoke: str = "") -> None:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen",
               "PYTHONPATH": str(WORKTREE)}
        self.process = subprocess.Popen([sys.executable, str(SERVER), "--invoke", invoke], env=env,
                                        stdout=subprocess.PIPE, text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.next_line() == "ready"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def next_line(self, timeout: float = 10) -> str:
        return self.lines.get(timeout=timeout)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.fixture
def notifier_on(private_bus: str, qtbot: Any) -> Iterator[Any]:
    made: list[Notifier] = []

    def make() -> Notifier:
        notifier = Notifier(bus_address=private_bus)
        made.append(notifier)
        return notifier

    yield make
    for notifier in made:
        notifier.stop()


def test_without_a_session_bus_there_is_no_service(monkeypatch: pytest.MonkeyPatch, qapp: Any) -> None:
    monkeypatch.delenv("DBUS_SESSION_BUS_ADDRESS", raising=False)
    notifier = Notifier()
    assert not notifier.available
    assert not notifier.show_reminder("Bedtime stretches", "Time for the bedtime routine")
    notifier.stop()


def test_a_bus_without_a_notification_server_says_unavailable(notifier_on: Any, qtbot: Any) -> None:
    notifier = notifier_on()
    with qtbot.waitSignal(notifier.available_changed, timeout=5000) as answer:
        pass
    assert answer.args == [False] and not notifier.available
    assert not notifier.show_reminder("Bedtime stretches", "…")


def test_the_reminder_goes_out_with_its_actions_and_a_press_comes_back(private_bus: str, notifier_on: Any,
                                                                          qtbot: Any) -> None:
    server = Server(private_bus, invoke="snooze")
    try:
        notifier = notifier_on()
        qtbot.waitUntil(lambda: notifier.available, timeout=5000)
        with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as pressed, \
                qtbot.waitSignal(notifier.closed, timeout=5000):
            assert notifier.show_reminder("Bedtime stretches", "Time for the bedtime routine")
        assert pressed.args == ["snooze"]
        sent = json.loads(server.next_line())
        assert sent["summary"] == "Bedtime stretches" and sent["body"] == "Time for the bedtime routine"
        assert sent["actions"] == ["start", "Start", "snooze", "Snooze 10 min", "not-tonight", "Not tonight"]
        assert sent["app"] == "Stretch Timer" and sent["replaces"] == 0
    finally:
        server.stop()


def test_a_server_that_comes_later_is_noticed_and_one_that_goes_away_too(private_bus: str, notifier_on: Any,
                                                                          qtbot: Any) -> None:
    notifier = notifier_on()
    with qtbot.waitSignal(notifier.available_changed, timeout=5000):
        pass
    assert not notifier.available
    server = Server(private_bus, invoke="start")
    try:
        qtbot.waitUntil(lambda: notifier.available, timeout=5000)
        with qtbot.waitSignal(notifier.action_invoked, timeout=5000) as pressed:
            notifier.show_reminder("Bedtime stretches", "…")
        assert pressed.args == ["start"]
    finally:
        server.stop()
    qtbot.waitUntil(lambda: not notifier.available, timeout=5000)
