"""The main window: library → overview → player → summary in one stack, and everything around them.

Around the pages: the menu (settings, full screen, mute, keyboard shortcuts, about), a status line for
notices (no sound, no voice, damaged settings), the theme (bedtime routines switch to the bedtime theme),
keeping the screen awake while a routine runs, and remembering the window and the last routine.

The window is the composition root: it builds its parts, handles its own events (first paint, full screen,
close) and speaks for the parts, so ``window.start_routine(...)``, ``window.player_page`` and the like keep
working. The parts, each with one job: the pages and the way between them (:mod:`~stretch_timer.qt.navigator`),
sound, voice, the session driver and the screen saver (:mod:`~stretch_timer.qt.run_controller`), theme, type,
full screen, mute and the status line (:mod:`~stretch_timer.qt.view_settings`), the menus and keys
(:mod:`~stretch_timer.qt.actions`), and the settings dialog, shortcuts overlay and message boxes
(:mod:`~stretch_timer.qt.window_dialogs`).

Start-up stays light: the player, the summary, sound (Qt Multimedia) and voice (TextToSpeech) load only when
needed. Sound and voice are made right after the first paint, and nothing waits for them: a routine started
before then (``stretch-timer start``) runs from the clock at once and they join it when they are up (see
:mod:`~stretch_timer.qt.run_controller`). Nothing here runs a timer while the library is idle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, NamedTuple, cast

from PySide6.QtCore import QEvent, Qt, QTimer, Signal
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from stretch_timer.core.clock import Clock, MonotonicClock
from stretch_timer.qt import theme as themes
from stretch_timer.qt.actions import add_menu_titles
from stretch_timer.qt.navigator import Navigator
from stretch_timer.qt.run_controller import DEFAULT_MAX_GAP, RunController
from stretch_timer.qt.settings import Settings
from stretch_timer.qt.view_settings import ViewSettings, is_bedtime
from stretch_timer.qt.window_dialogs import WindowDialogs

if TYPE_CHECKING:  # the session engine, the planner and the other pages load when first needed
    from PySide6.QtGui import QCloseEvent, QShowEvent
    from PySide6.QtWidgets import QMessageBox

    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine
    from stretch_timer.core.session import SessionSummary
    from stretch_timer.qt.actions import WindowActions
    from stretch_timer.qt.pages.overview_page import OverviewPage

__all__ = ["APP_TITLE", "DEFAULT_MAX_GAP", "QUIT_DELAY_MS", "LaunchOptions", "MainWindow", "is_bedtime"]

QUIT_DELAY_MS = 1500
"""With --quit-when-done, how long the summary stays (and the last chime sounds) before the app quits."""

APP_TITLE = "Stretch Timer"


class LaunchOptions(NamedTuple):
    """Command-line choices for this run only (not saved)."""

    mute: bool = False
    no_voice: bool = False
    quit_when_done: bool = False
    fullscreen: bool = False


def _menu_action(name: str) -> Any:
    """A window attribute for one of the menus' actions (``window.mute_action``), made on first use."""
    return property(lambda window: getattr(window.menu_actions, name), doc=f"The menus' {name}.")


class MainWindow(QMainWindow):
    """The app's one window. Inject ``clock``, ``cue_factory``, ``voice_factory`` and ``inhibitor`` in tests."""

    run_started = Signal(object)
    """A routine is starting: its SessionDriver, emitted just before the session starts (connect here)."""
    run_finished = Signal(object)
    """A routine ended (completed or stopped): its SessionSummary."""
    library_loaded = Signal()
    """The routines arrived and the library page shows them."""

    def __init__(
        self,
        library: Library | None,
        settings: Settings,
        *,
        clock: Clock | None = None,
        cue_factory: Callable[[], Any] | None = None,
        voice_factory: Callable[[], Any] | None = None,
        inhibitor: Any | None = None,
        options: LaunchOptions | None = None,
        max_gap: float | None = DEFAULT_MAX_GAP,
        app: Any | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings
        self.options = options or LaunchOptions()
        self.clock: Clock = clock or MonotonicClock()
        self.max_gap = max_gap
        self.runs = RunController(settings, clock=self.clock, max_gap=max_gap, cue_factory=cue_factory,
                                  voice_factory=voice_factory, inhibitor=inhibitor, no_voice=self.options.no_voice,
                                  app_name=APP_TITLE, parent=self)
        self.runs.media_ready.connect(self._media_ready)
        self.exit_code = 0
        self._shown_once = False
        self._after_paint: list[Callable[[], None]] = []

        from PySide6.QtWidgets import QApplication

        self._app: Any = app if app is not None else cast(Any, QApplication.instance())
        self.view = ViewSettings(self, self._app, settings, self.runs, muted=settings.muted or self.options.mute)

        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)
        self.setMinimumSize(640, 480)
        self.resize(1100, 760)

        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.setCentralWidget(container)

        self.pages = Navigator(self, self.stack, library, settings, self.runs, self.view, app_title=APP_TITLE)
        self.pages.run_started.connect(self.run_started)
        self.pages.run_finished.connect(self.run_finished)
        self.pages.run_finished.connect(self._after_run)  # after everyone connected to run_finished
        self.pages.library_loaded.connect(self.library_loaded)
        self.library_page = self.pages.library_page
        self.dialogs = WindowDialogs(self, container, settings, app_title=APP_TITLE,
                                     voice_disabled_by_option=self.options.no_voice,
                                     setting_changed=self.view.setting_changed, help_closed=self._after_help)

        self.notice = self.view.notice
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().setSizeGripEnabled(False)
        self._menus: WindowActions | None = None
        self._menu_titles = add_menu_titles(self.menuBar())  # filled just after the first paint
        self.update_notices()

        geometry = settings.geometry
        if geometry is not None and not self.restoreGeometry(geometry):
            settings.problems.append("The saved window position could not be used.")
            self.update_notices()

    # --- pages (see Navigator) -------------------------------------------------------------------------

    @property
    def overview_page(self) -> OverviewPage | None:
        return self.pages.overview_page

    @property
    def player_page(self) -> Any | None:
        return self.pages.player_page

    @property
    def summary_page(self) -> Any | None:
        return self.pages.summary_page

    @property
    def routine(self) -> Routine | None:
        return self.pages.routine

    @property
    def last_summary(self) -> SessionSummary | None:
        return self.pages.last_summary

    @property
    def library(self) -> Library:
        """The routines; loaded on first use when the window was opened without them."""
        return self.pages.library

    @property
    def _library(self) -> Library | None:
        return self.pages.loaded_library

    def current_page(self) -> QWidget | None:
        return self.pages.current_page()

    def ensure_library(self) -> Library:
        return self.pages.ensure_library()

    def reload_library(self) -> None:
        self.pages.reload_library()

    def show_library(self) -> None:
        self.pages.show_library()

    def show_overview(self, routine_id: str) -> None:
        self.pages.show_overview(routine_id)

    def start_routine_id(self, routine_id: str) -> None:
        self.pages.start_routine_id(routine_id)

    def start_routine(self, routine: Routine) -> None:
        """Open the player on ``routine`` and start it now (its own prepare time is the get-ready)."""
        self.pages.start_routine(routine)

    def stop_run(self) -> None:
        """End a running routine now (closing the window, tests); the summary is not shown."""
        self.pages.stop_run()

    def _after_run(self, _summary: SessionSummary) -> None:
        if self.options.quit_when_done:
            self.exit_code = 0
            QTimer.singleShot(QUIT_DELAY_MS, self._quit)
        elif not self.settings.disclaimer_seen:
            self.show_disclaimer()

    def _quit(self) -> None:
        self.close()
        self._app.exit(self.exit_code)

    # --- sound, voice and the driver (see RunController) -----------------------------------------------

    @property
    def driver(self) -> Any | None:
        return self.runs.driver

    @property
    def cues(self) -> Any | None:
        return self.runs.cues

    @property
    def voice(self) -> Any | None:
        return self.runs.voice

    def preload_media(self) -> None:
        """Make sound and voice now (after the first paint, never before: nothing on the way to the first
        paint or the first cue waits for them); a run already going picks them up."""
        self.runs.preload_media()

    def ensure_media(self) -> None:
        self.runs.ensure_media()

    def _media_ready(self) -> None:
        self.apply_sound()
        self.update_notices()
        self.dialogs.set_media(self.cues, self.voice)

    # --- look and sound (see ViewSettings) -------------------------------------------------------------

    @property
    def muted(self) -> bool:
        return self.view.muted

    @property
    def theme(self) -> themes.Theme:
        return self.view.theme

    def theme_for(self, routine: Routine | None) -> themes.Theme:
        return self.view.theme_for(routine)

    def apply_appearance(self) -> None:
        self.view.apply_appearance()

    def apply_sound(self) -> None:
        self.view.apply_sound()

    def set_theme_setting(self, value: str) -> None:
        self.view.set_theme_setting(value)

    def set_large_type_setting(self, on: bool) -> None:
        self.view.set_large_type_setting(on)

    def set_muted(self, muted: bool) -> None:
        self.view.set_muted(muted)

    def toggle_mute(self) -> None:
        self.set_muted(not self.muted)

    def set_full_screen(self, on: bool) -> None:
        self.view.set_full_screen(on)

    def toggle_full_screen(self) -> None:
        self.set_full_screen(not self.isFullScreen())

    def announce(self, text: str) -> None:
        self.view.announce(text)

    def update_notices(self) -> None:
        self.view.update_notices()

    # --- menus -----------------------------------------------------------------------------------------

    @property
    def menu_actions(self) -> WindowActions:
        """The menus' actions, made on first use (at the latest just after the first paint)."""
        if self._menus is None:
            from stretch_timer.qt.actions import WindowActions

            self._menus = WindowActions(self, self._menu_titles)
        return self._menus

    def _ensure_menus(self) -> None:
        self.menu_actions  # noqa: B018  (building them is the point)

    library_action = _menu_action("library_action")
    reload_action = _menu_action("reload_action")
    settings_action = _menu_action("settings_action")
    quit_action = _menu_action("quit_action")
    fullscreen_action = _menu_action("fullscreen_action")
    mute_action = _menu_action("mute_action")
    large_type_action = _menu_action("large_type_action")
    theme_actions = _menu_action("theme_actions")
    help_action = _menu_action("help_action")
    about_action = _menu_action("about_action")

    # --- window events ---------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and hasattr(self, "view"):
            self.view.window_state_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.current_page() is self.library_page:
                self.library_page.focus_default(self.settings.last_routine)
            # Once the window is on screen: the routines (if not given), then after they are painted, sound and
            # voice, then (first run only) the safety note. Each step waits for a paint, so none delays one.
            self._after_paint.extend((self._ensure_menus, self._load_after_first_paint))

    def after_next_paint(self, callback: Callable[[], None]) -> None:
        """Run ``callback`` just after the window's next paint (work the first screen need not wait for)."""
        self._after_paint.append(callback)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Paint and self._after_paint:
            for callback in self._after_paint:
                QTimer.singleShot(0, callback)
            self._after_paint = []
        return super().event(event)

    def _load_after_first_paint(self) -> None:
        if self._library is None:
            self.ensure_library()
            self._after_paint.append(self._after_first_show)
            self.update()
        else:
            self._after_first_show()

    def _after_first_show(self) -> None:
        self.preload_media()
        if not self.settings.disclaimer_seen and self.current_page() is self.library_page:
            self.show_disclaimer()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.stop_run()
        self.runs.shut_down()
        self.dialogs.close_all()
        if not self.isFullScreen():
            self.settings.geometry = self.saveGeometry()
        self.settings.sync()
        super().closeEvent(event)

    # --- dialogs and overlays (see WindowDialogs) ------------------------------------------------------

    @property
    def help_overlay(self) -> Any:
        return self.dialogs.help_overlay

    @property
    def _settings_dialog(self) -> Any | None:
        """The open settings dialog, if any (tests and the screenshot script look at it)."""
        return self.dialogs.settings_dialog

    def toggle_help(self) -> None:
        self.help_overlay.toggle()

    def _after_help(self) -> None:
        player = self.player_page
        if player is not None and player.isVisible():
            player.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.current_page() is self.library_page:
            self.library_page.focus_default(self.settings.last_routine)

    def show_settings(self) -> None:
        self.dialogs.show_settings(self.cues, self.voice)
        if self.cues is None and not self.runs.media_loading:
            QTimer.singleShot(0, self.preload_media)  # the dialog says what sound and voice can do

    def show_disclaimer(self) -> QMessageBox:
        """The safety note (first run, once): non-modal, so nothing blocks; "seen" once it is dismissed."""
        return self.dialogs.show_disclaimer()

    def show_about(self) -> QMessageBox:
        return self.dialogs.show_about()
