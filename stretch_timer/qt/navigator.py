"""The way through the window's pages: library → overview → player → summary, in one stack.

Split from the main window so the window deals with being a window (menus, status line, full screen, closing)
and this deals with which page shows and how a person moves between them: the library (its routines loaded on
first use when the window opened without them), a routine's overview, the player while a routine runs and the
summary after it. The overview, player and summary pages are built on first use, so start-up stays light.
Sound, voice and the session driver are the run controller's; this only starts a run and hands it to the player.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from stretch_timer.qt.pages.library_page import LibraryPage
from stretch_timer.qt.settings import Settings
from stretch_timer.qt.view_settings import ViewSettings, is_bedtime
from stretch_timer.qt.widgets.labels import window_title

if TYPE_CHECKING:  # the session engine, the planner and the other pages load when first needed
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine
    from stretch_timer.core.session import SessionSummary
    from stretch_timer.qt.pages.overview_page import OverviewPage
    from stretch_timer.qt.run_controller import RunController


class Navigator(QObject):
    """Shows the pages of ``window`` in ``stack`` and moves between them; retitles the window as it goes."""

    run_started = Signal(object)
    """A routine is starting: its SessionDriver, emitted just before the session starts."""
    run_finished = Signal(object)
    """A routine ended (completed or stopped) and its summary shows: its SessionSummary."""
    library_loaded = Signal()
    """The routines arrived and the library page shows them."""

    def __init__(self, window: QWidget, stack: QStackedWidget, library: Library | None, settings: Settings,
                 runs: RunController, view: ViewSettings, *, app_title: str) -> None:
        super().__init__(window)
        self._window = window
        self.stack = stack
        self._library = library
        self.settings = settings
        self._runs = runs
        self._view = view
        self._app_title = app_title
        self.routine: Routine | None = None
        self.last_summary: SessionSummary | None = None
        self.library_page = LibraryPage(library, last_routine=settings.last_routine)
        self.library_page.library_wanted.connect(self.ensure_library)
        self.library_page.routine_chosen.connect(self.show_overview)
        self.library_page.start_requested.connect(self.start_routine_id)
        stack.addWidget(self.library_page)
        self.overview_page: OverviewPage | None = None
        self.player_page: Any | None = None
        self.summary_page: Any | None = None
        runs.starting.connect(self._run_starting)

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    # --- library and overview --------------------------------------------------------------------------

    def show_library(self) -> None:
        if self._runs.running():
            return  # the player's Stop asks first; the library waits until then
        self._end_run()
        self.routine = None
        self.stack.setCurrentWidget(self.library_page)
        self._window.setWindowTitle(self._app_title)
        self._view.apply_appearance()
        self.library_page.focus_default(self.settings.last_routine)

    @property
    def library(self) -> Library:
        """The routines; loaded on first use when the window was opened without them."""
        return self.ensure_library()

    @property
    def loaded_library(self) -> Library | None:
        """The routines if they are loaded yet (without loading them)."""
        return self._library

    def ensure_library(self) -> Library:
        if self._library is None:
            from stretch_timer.app_data import open_library

            self._library = open_library()
            self.library_page.set_library(self._library, last_routine=self.settings.last_routine)
            if self.current_page() is self.library_page:
                self.library_page.focus_default(self.settings.last_routine)
            self.library_loaded.emit()
        return self._library

    def reload_library(self) -> None:
        self.library.reload()
        self.library_page.set_library(self.library, last_routine=self.settings.last_routine)
        if self.current_page() is self.library_page:
            self.library_page.focus_default(self.settings.last_routine)

    def show_overview(self, routine_id: str) -> None:
        entry = self.library.get(routine_id)
        if entry is None or entry.routine is None:
            return
        self.routine = entry.routine
        self._view.bedtime_context = is_bedtime(entry.routine)
        page = self._ensure_overview()
        page.show_routine(entry.routine)
        self.stack.setCurrentWidget(page)
        self._window.setWindowTitle(f"{window_title(entry.routine.name)} — {self._app_title}")
        self._view.apply_appearance()
        page.focus_default()

    def _ensure_overview(self) -> OverviewPage:
        if self.overview_page is None:
            from stretch_timer.qt.pages.overview_page import OverviewPage

            self.overview_page = OverviewPage()
            self.overview_page.start_requested.connect(self._start_from_overview)
            self.overview_page.back_requested.connect(self.show_library)
            self.stack.addWidget(self.overview_page)
        return self.overview_page

    def _start_from_overview(self) -> None:
        if self.overview_page is not None and self.overview_page.routine is not None:
            self.start_routine(self.overview_page.routine)

    # --- player and summary ----------------------------------------------------------------------------

    def _ensure_player(self) -> Any:
        if self.player_page is None:
            from stretch_timer.qt.pages.player_page import PlayerPage

            self.player_page = PlayerPage()
            self.player_page.done.connect(self._on_player_done)
            self.player_page.set_large_type(self.settings.large_type)
            self.stack.addWidget(self.player_page)
        return self.player_page

    def _ensure_summary(self) -> Any:
        if self.summary_page is None:
            from stretch_timer.qt.pages.summary_page import SummaryPage

            self.summary_page = SummaryPage()
            self.summary_page.back_to_library.connect(self.show_library)
            self.stack.addWidget(self.summary_page)
        return self.summary_page

    def start_routine_id(self, routine_id: str) -> None:
        entry = self.library.get(routine_id)
        if entry is not None and entry.routine is not None:
            self.start_routine(entry.routine)

    def start_routine(self, routine: Routine) -> None:
        """Open the player on ``routine`` and start it now (its own prepare time is the get-ready)."""
        if self._runs.running():
            return
        self._end_run()
        self.routine = routine
        player = self._ensure_player()
        self.stack.setCurrentWidget(player)
        self._window.setWindowTitle(f"{window_title(routine.name)} — {self._app_title}")
        self._view.apply_appearance()
        self._runs.start(routine)  # now, or when the sound and voice being prepared are ready

    def _run_starting(self, driver: Any, routine: Routine) -> None:
        self._view.bedtime_context = self._view.bedtime_context or is_bedtime(routine)
        self.run_started.emit(driver)
        player = self._ensure_player()
        player.attach(driver, routine)  # starts the session: the get-ready cue sounds now
        player.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_player_done(self, summary: SessionSummary) -> None:
        self.last_summary = summary
        self._runs.release()
        if self._runs.driver is not None:
            self._runs.driver.stop()
        routine = self.routine
        page = self._ensure_summary()
        if routine is not None:
            page.show_summary(routine, summary)
        if self.player_page is not None:
            self.player_page.detach()
        self.stack.setCurrentWidget(page)
        self.settings.sync()
        self.run_finished.emit(summary)

    def _end_run(self) -> None:
        """Drop a finished (or never started) run: timers stopped, the player let go of it."""
        driver = self._runs.driver
        if driver is not None and self.player_page is not None and self.player_page.driver is driver:
            self.player_page.detach()
        self._runs.end()

    def stop_run(self) -> None:
        """End a running routine now (closing the window, tests); the summary is not shown."""
        if self._runs.driver is None:
            return
        if self.player_page is not None:
            self.player_page.detach()
        self._runs.finish()
        self._end_run()
