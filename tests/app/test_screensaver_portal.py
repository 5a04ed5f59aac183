"""Screen-blanking inhibition against a real D-Bus: a private bus (dbus-daemon, with nothing activatable) and a
fake portal and screensaver of our own (tests/portal_server.py). The portal is used where it is on the bus, the
ScreenSaver interface otherwise, and nothing waits on the GUI thread, even when the portal is slow."""

from __future__ import annotations

import itertools
import json
import os
import queue
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from private_bus import private_bus as private_bus_daemon

from stretch_timer.app.screensaver import INHIBIT_IDLE, ScreenSaverInhibitor, request_path

SERVER = Path(__file__).resolve().parents[1] / "portal_server.py"
WORKTREE = Path(__file__).resolve().parents[2]
REASON = "A stretching routine is running"

pytestmark = pytest.mark.skipif(shutil.which("dbus-daemon") is None, reason="dbus-daemon is not installed")

BUS_CONFIG = """<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:dir={folder}</listen>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
"""
"""A session bus with no service folders: no desktop portal of the machine's can be started on it."""


@pytest.fixture
def private_bus(tmp_path: Path) -> Iterator[str]:
    config = tmp_path / "bus.conf"
    config.write_text(BUS_CONFIG.format(folder=tmp_path), encoding="utf-8")
    with private_bus_daemon(config) as address:
        yield address


class Server:
    """The fake services' process and its events, one JSON object a line."""

    def __init__(self, address: str, *options: str) -> None:
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address, "QT_QPA_PLATFORM": "offscreen",
               "PYTHONPATH": str(WORKTREE)}
        self.process = subprocess.Popen([sys.executable, str(SERVER), *options], env=env, stdout=subprocess.PIPE,
                                        text=True)
        self.lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        assert self.lines.get(timeout=10) == "ready"

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.put(line.strip())

    def next_event(self, qtbot: Any, timeout: float = 10) -> dict[str, Any]:
        """The next event, the GUI thread's event loop running meanwhile (the inhibitor's answers come there)."""
        got: list[str] = []

        def arrived() -> bool:
            try:
                got.append(self.lines.get_nowait())
            except queue.Empty:
                return False
            return True

        qtbot.waitUntil(arrived, timeout=int(timeout * 1000))
        event: dict[str, Any] = json.loads(got[0])
        return event

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=5)


@pytest.fixture
def serve(private_bus: str) -> Iterator[Any]:
    servers: list[Server] = []

    def start(*options: str) -> Server:
        server = Server(private_bus, *options)
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def inhibitor(private_bus: str) -> Iterator[ScreenSaverInhibitor]:
    made = ScreenSaverInhibitor("Stretch Timer", bus_address=private_bus)
    yield made
    made.release()


def test_the_portal_is_used_where_it_is_on_the_bus(serve: Any, inhibitor: ScreenSaverInhibitor, qtbot: Any) -> None:
    server = serve("--portal", "--screensaver")
    inhibitor.inhibit(REASON)
    event = server.next_event(qtbot)
    assert event["event"] == "inhibit"
    assert (event["window"], event["flags"], event["reason"]) == ("", INHIBIT_IDLE, REASON)
    qtbot.waitUntil(lambda: inhibitor.active, timeout=5000)
    assert inhibitor.method == "portal"
    assert inhibitor._connection is not None
    unique_name = inhibitor._connection.baseService()  # no copy of the connection kept: it must close
    assert event["handle"] == request_path(unique_name, event["handle"].rsplit("/", 1)[1])
    inhibitor.release()
    assert not inhibitor.active and inhibitor.method == ""
    closed = server.next_event(qtbot)
    assert closed == {"event": "close", "handle": event["handle"]}, "Close on the request ends the inhibition"
    assert server.next_event(qtbot)["event"] == "gone", "and the private connection is closed as well"


def test_without_the_portal_the_screensaver_interface_is_used(serve: Any, inhibitor: ScreenSaverInhibitor,
                                                              qtbot: Any) -> None:
    server = serve("--screensaver")
    inhibitor.inhibit(REASON)
    assert server.next_event(qtbot) == {"event": "screensaver-inhibit", "application": "Stretch Timer",
                                        "reason": REASON}
    qtbot.waitUntil(lambda: inhibitor.active, timeout=5000)
    assert inhibitor.method == "screensaver"
    inhibitor.release()
    assert server.next_event(qtbot)["event"] == "gone"


def test_with_neither_service_nothing_is_inhibited_and_nothing_breaks(private_bus: str,
                                                                      inhibitor: ScreenSaverInhibitor,
                                                                      qtbot: Any) -> None:
    inhibitor.inhibit(REASON)
    qtbot.waitUntil(lambda: not inhibitor._pending, timeout=5000)
    assert not inhibitor.active and inhibitor.method == ""
    assert inhibitor.reason
    inhibitor.release()  # harmless


def test_a_slow_portal_never_holds_up_the_gui_thread(serve: Any, inhibitor: ScreenSaverInhibitor, qtbot: Any) -> None:
    from PySide6.QtCore import QTimer

    server = serve("--portal", "--hang", "1.5")
    ticks: list[float] = []
    timer = QTimer()
    timer.timeout.connect(lambda: ticks.append(time.monotonic()))
    timer.start(20)
    try:
        inhibitor.inhibit(REASON)
        event = server.next_event(qtbot)  # answered once the portal's loop runs again
        qtbot.waitUntil(lambda: inhibitor.active, timeout=5000)
    finally:
        timer.stop()
    assert event["event"] == "inhibit" and inhibitor.method == "portal"
    gaps = [later - earlier for earlier, later in itertools.pairwise(ticks)]
    assert len(ticks) > 20 and max(gaps) < 0.5, "the event loop ran all along while the portal was stuck"


def test_released_while_the_portal_call_is_under_way_closes_the_request_when_it_comes(
        serve: Any, inhibitor: ScreenSaverInhibitor, qtbot: Any) -> None:
    server = serve("--portal", "--hang", "0.5")
    inhibitor.inhibit(REASON)
    inhibitor.release()  # the routine ended before the portal answered
    event = server.next_event(qtbot)
    assert event["event"] == "inhibit"
    assert server.next_event(qtbot) == {"event": "close", "handle": event["handle"]}
    qtbot.waitUntil(lambda: not inhibitor._pending, timeout=5000)
    assert not inhibitor.active
