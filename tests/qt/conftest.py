"""Shared pieces for the Qt tests: a main window on a fake clock with the fakes of ``tests/fakes.py``,
and a check that fails any test which leaves a QTimer running (an idle app must cost no CPU)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from fakes import FakeCues, FakeInhibitor, FakeVoice
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from stretch_timer.app.context import AppContext, LaunchOptions
from stretch_timer.app.settings import Settings
from stretch_timer.app_data import open_library
from stretch_timer.core.clock import FakeClock
from stretch_timer.qt.main_window import MainWindow

__all__ = ["FakeCues", "FakeInhibitor", "FakeVoice", "Rig", "active_timers", "assert_no_active_timers", "find"]

# --- timers --------------------------------------------------------------------------------------------


def active_timers(*roots: QObject) -> list[str]:
    """Active QTimers under ``roots`` and under every live widget, described for a failure message."""
    seen: set[int] = set()
    found: list[str] = []
    owners: list[QObject] = [*roots, *QApplication.allWidgets()]
    app = QApplication.instance()
    if app is not None:
        owners.append(app)
    for owner in owners:
        try:
            timers = owner.findChildren(QTimer)
        except RuntimeError:  # deleted underneath us
            continue
        for timer in timers:
            if id(timer) in seen:
                continue
            seen.add(id(timer))
            try:
                if timer.isActive():
                    parent = timer.parent()
                    found.append(f"{timer.objectName() or 'QTimer'} (interval {timer.interval()} ms) "
                                 f"in {type(parent).__name__}")
            except RuntimeError:
                continue
    return found


def assert_no_active_timers(*roots: QObject) -> None:
    running = active_timers(*roots)
    if running:
        pytest.fail("test left QTimers running: " + "; ".join(running), pytrace=False)


@pytest.fixture(autouse=True)
def _no_timers_left(qtbot: Any) -> Iterator[None]:
    """Fails a test that leaves an active QTimer under any live widget (runs before qtbot closes them)."""
    yield
    QApplication.processEvents()
    assert_no_active_timers()


NOON = dt.datetime(2026, 6, 1, 12, 0).astimezone()
"""The wall clock the test windows see unless a test gives its own: midday, when no night rule applies."""


# --- the window ----------------------------------------------------------------------------------------


@dataclass
class Rig:
    window: MainWindow
    clock: FakeClock
    cues: FakeCues
    voice: FakeVoice
    inhibitor: FakeInhibitor
    qtbot: Any
    opened_urls: list[str] = field(default_factory=list)

    @property
    def context(self) -> AppContext:
        return self.window.context

    @property
    def settings(self) -> Settings:
        return self.window.context.settings

    @property
    def pages(self) -> Any:
        return self.window.pages

    @property
    def driver(self) -> Any:
        return self.window.context.runs.driver

    @property
    def player(self) -> Any:
        return self.window.pages.player_page

    def trigger(self, command_id: str, on: bool | None = None) -> bool:
        """Carry out a command from the table, as a menu entry or a key would."""
        return self.window.context.commands.trigger(command_id, on)

    def find(self, name: str, kind: type[QWidget] = QWidget, *, visible: bool = True) -> Any:
        return find(self.window, name, kind, visible=visible)

    def click(self, name: str) -> None:
        from PySide6.QtCore import Qt

        widget = self.find(name)
        assert widget.isEnabled(), f"{name!r} is disabled"
        self.qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)

    def advance(self, seconds: float, step: float = 1.0) -> None:
        """Move the fake clock on in steps (under the session's max gap), letting the driver catch up."""
        left = seconds
        while left > 1e-9:
            delta = min(step, left)
            self.clock.advance(delta)
            left -= delta
            driver = self.driver
            if driver is not None:
                driver.poll()
        QApplication.processEvents()

    def run_to_end(self) -> None:
        driver = self.driver
        assert driver is not None
        self.advance(driver.session.total_remaining + 1)


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget, *, visible: bool = True) -> Any:
    """The widget under ``root`` (or a window it owns) with accessibleName ``name``."""
    candidates = [root, *root.findChildren(kind)]
    for widget in candidates:
        if isinstance(widget, kind) and widget.accessibleName() == name and (not visible or widget.isVisible()):
            return widget
    names = sorted({w.accessibleName() for w in candidates if w.accessibleName()})
    raise LookupError(f"no {'visible ' if visible else ''}{kind.__name__} named {name!r}; have: {names}")


@pytest.fixture
def make_window(qtbot: Any) -> Iterator[Callable[..., Rig]]:
    """Builds a shown MainWindow on a FakeClock with fake sound, voice and screen saver; closes it after."""
    rigs: list[Rig] = []

    def make(*, options: LaunchOptions | None = None, disclaimer_seen: bool = True,
             settings: Settings | None = None, cues: FakeCues | None = None,
             voice: FakeVoice | None = None, show: bool = True,
             wall_clock: Callable[[], dt.datetime] | None = None) -> Rig:
        settings = settings or Settings()
        if disclaimer_seen:
            settings.disclaimer_seen = True
        clock = FakeClock()
        cues = cues or FakeCues()
        voice = voice or FakeVoice()
        inhibitor = FakeInhibitor()
        context = AppContext(settings, library=open_library(), clock=clock, cue_factory=lambda: cues,
                             voice_factory=lambda: voice, inhibitor=inhibitor, options=options,
                             wall_clock=wall_clock or (lambda: NOON))
        opened: list[str] = []
        window = MainWindow(context, open_url=opened.append)
        qtbot.addWidget(window)
        if settings.geometry is None:
            window.resize(1100, 760)
        rig = Rig(window, clock, cues, voice, inhibitor, qtbot, opened)
        rigs.append(rig)
        if show:
            window.show()
            QApplication.processEvents()
        return rig

    yield make
    running: list[str] = []
    for rig in rigs:
        QApplication.processEvents()
        running += active_timers(rig.window)
        rig.window._closing_confirmed = True  # a test that leaves a routine running is not asked "quit?"
        rig.window.close()
        rig.window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    if running:
        pytest.fail("test left QTimers running: " + "; ".join(running), pytrace=False)


@pytest.fixture
def rig(make_window: Callable[..., Rig]) -> Rig:
    return make_window()
