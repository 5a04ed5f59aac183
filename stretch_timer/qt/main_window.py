"""The main window: a page stack (library → overview → player → summary), menus built from the command table,
and a status line, around an app context it is given.

The window is a view: the services (settings, routines, runs, sound and voice, commands) are the context's,
and the window subscribes to their signals. Its parts, each with one job: the pages and the way between them
(:mod:`~stretch_timer.qt.navigator`), the theme, type size, full screen and the status line
(:mod:`~stretch_timer.qt.view_settings`), the menus and keys (:mod:`~stretch_timer.qt.menus`), and the
settings dialog, shortcuts overlay and message boxes (:mod:`~stretch_timer.qt.window_dialogs`). The window
itself handles being a window: its first size, first paint, full screen, and closing (which asks first while a
routine runs).

Start-up stays light: the player, the summary, sound (Qt Multimedia) and voice (TextToSpeech) load only when
needed. Sound and voice are made right after the first paint, and nothing waits for them: a routine started
before then (``stretch-timer start``) runs from the clock at once and they join it when they are up (see
:mod:`~stretch_timer.app.run_controller`). Nothing here runs a timer while the library is idle.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtWidgets import QMainWindow, QStackedWidget, QVBoxLayout, QWidget

from stretch_timer.app.context import APP_TITLE, AppContext
from stretch_timer.qt.menus import add_menu_titles
from stretch_timer.qt.navigator import Navigator
from stretch_timer.qt.view_settings import ViewSettings
from stretch_timer.qt.window_dialogs import WindowDialogs

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QShowEvent

    from stretch_timer.app.requests import RequestHandler
    from stretch_timer.core.model import Routine
    from stretch_timer.core.run_record import RunRecord
    from stretch_timer.qt.desktop import DesktopPresence
    from stretch_timer.qt.menus import CommandActions

__all__ = ["APP_TITLE", "QUIT_DELAY_MS", "MainWindow", "first_size"]

REPLACE_QUESTION_NAME = "Replace the running routine"

QUIT_DELAY_MS = 1500
"""With --quit-when-done, how long the summary stays (and the last chime sounds) before the app quits."""

PREFERRED_SIZE = (1100, 760)
FRAME_ALLOWANCE = (16, 48)
"""Room for the window manager's frame and title bar, which the window's own size does not include."""


def first_size(available: tuple[int, int]) -> tuple[int, int]:
    """The first window size on a screen whose available area is ``available``: the preferred size, or what
    fits with its frame (a 1366×768 laptop cannot show 760 px of window plus a title bar and a panel)."""
    width = min(PREFERRED_SIZE[0], available[0] - FRAME_ALLOWANCE[0])
    height = min(PREFERRED_SIZE[1], available[1] - FRAME_ALLOWANCE[1])
    return max(640, width), max(480, height)


class MainWindow(QMainWindow):
    """The app's one window, a view of ``context``."""

    def __init__(self, context: AppContext, *, app: Any | None = None,
                 open_url: Callable[[str], object] | None = None) -> None:
        super().__init__()
        self.context = context
        self.exit_code = 0
        self._shown_once = False
        self._after_paint: list[Callable[[], None]] = []
        self._open_url = open_url or _open_url
        from PySide6.QtWidgets import QApplication

        self._app: Any = app if app is not None else cast(Any, QApplication.instance())

        self.setWindowTitle(APP_TITLE)
        self.setAccessibleName(APP_TITLE)
        self.setMinimumSize(640, 480)
        self.resize(*self._first_size())

        container = QWidget()
        layout = QVBoxLayout(container)
        layout.setContentsMargins(0, 0, 0, 0)
        self.stack = QStackedWidget()
        layout.addWidget(self.stack)
        self.setCentralWidget(container)

        self.pages = Navigator(self, self.stack, context, app_title=APP_TITLE)
        self.view = ViewSettings(self, self._app, context, lambda: self.pages.routine)
        self.pages.page_changed.connect(self.view.apply_appearance)
        self.view.large_type_listeners.append(self._large_type_changed)
        self.dialogs = WindowDialogs(self, container, context, app_title=APP_TITLE, help_closed=self._after_help)
        context.run_finished.connect(self._after_run)
        context.muted_changed.connect(self._muted_changed)
        context.told.connect(self._told)
        self.requests: RequestHandler | None = None
        self._bind_commands()
        from stretch_timer.qt.routine_commands import RoutineCommands

        self.routine_commands = RoutineCommands(self, self.pages, context)
        from stretch_timer.qt.history_view import HistoryView

        self.history_view = HistoryView(self, self.pages, context)

        self.notice = self.view.notice
        self.statusBar().addWidget(self.notice, 1)
        self.statusBar().setSizeGripEnabled(False)
        self.menus: CommandActions | None = None
        self._menu_titles = add_menu_titles(self.menuBar())  # filled just after the first paint
        self.view.update_notices()

        geometry = context.settings.geometry
        if geometry is not None and not self.restoreGeometry(geometry):
            context.settings.problems.append("The saved window position could not be used.")
            self.view.update_notices()

    def _first_size(self) -> tuple[int, int]:
        screen = self.screen()
        if screen is None:
            return PREFERRED_SIZE
        area = screen.availableGeometry()
        return first_size((area.width(), area.height()))

    # --- commands the window carries out ---------------------------------------------------------------

    def _bind_commands(self) -> None:
        commands = self.context.commands
        commands.bind("settings", self._show_settings)
        commands.bind("quit", self.quit_app)
        commands.bind("fullscreen", self.view.set_full_screen, checked=self.isFullScreen)
        commands.bind("help", lambda: self.dialogs.help_overlay.toggle())
        commands.bind("about", self.dialogs.show_about)
        commands.bind("open_folder", self.open_routines_folder)

    def _show_settings(self) -> None:
        self.dialogs.show_settings()
        if self.context.runs.cues is None and not self.context.runs.media_loading:
            QTimer.singleShot(0, self.context.runs.preload_media)  # the dialog says what sound and voice can do

    def open_routines_folder(self) -> None:
        """Show the folder of the person's own routines in the file manager (made first if need be)."""
        from stretch_timer import paths

        folder = paths.user_routines_dir()
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            self.context.settings.problems.append(f"The routines folder {folder} could not be made: "
                                                  f"{error.strerror}.")
            self.view.update_notices()
            return
        self._open_url(str(folder))

    def _ensure_menus(self) -> CommandActions:
        """The menus' actions, made on first use (at the latest just after the first paint)."""
        if self.menus is None:
            from stretch_timer.app.commands import Where
            from stretch_timer.qt.menus import CommandActions, fill_menus

            self.menus = CommandActions(self.context.commands, self, Where.WINDOW)
            fill_menus(self.menus, self.context.commands, self._menu_titles)
        return self.menus

    def _build_menus(self) -> None:
        self._ensure_menus()

    def _large_type_changed(self, large: bool) -> None:
        player = self.pages.player_page
        if player is not None:
            player.set_large_type(large)

    def _muted_changed(self, muted: bool) -> None:
        player = self.pages.player_page
        if player is not None:
            player.set_muted(muted)

    def _told(self, text: str) -> None:
        self.view.update_notices()
        if text:
            self.view.announce(text)

    def _after_run(self, _record: RunRecord) -> None:
        if self.context.options.quit_when_done:
            self.exit_code = 0
            QTimer.singleShot(QUIT_DELAY_MS, self._quit)
        elif not self.context.settings.disclaimer_seen:
            QTimer.singleShot(0, self._disclaimer_after_run)  # after the summary shows

    def _disclaimer_after_run(self) -> None:
        if not self.context.running():  # not over a routine another launch started in the meantime
            self.dialogs.show_disclaimer()

    def _quit(self) -> None:
        if self.context.running():
            return  # another launch started a routine since this one ended: quit when that one ends
        self._closing_confirmed = True
        self.close()
        self._app.exit(self.exit_code)

    # --- a second launch's requests (see stretch_timer.app.requests) ---------------------------------

    def follow_requests(self, requests: RequestHandler) -> None:
        """Answer what ``requests`` decides about second launches: come to the front, focus the muscles, ask."""
        self.requests = requests
        requests.show_wanted.connect(self.bring_to_front)
        requests.cramp_choice_wanted.connect(self.pages.show_cramp_choice)
        requests.replace_asked.connect(self.ask_to_replace)
        requests.question_settled.connect(self._close_replace_question)

    def bring_to_front(self, full_screen: bool = False) -> None:
        """Un-minimise, show and raise the window and ask for the focus (the window manager may only flash it)."""
        if full_screen and not self.isFullScreen():
            self.view.set_full_screen(True)
        if self.isMinimized():
            self.setWindowState(self.windowState() & ~Qt.WindowState.WindowMinimized)
        if not self.isVisible():
            self.show()
        self.raise_()
        self.activateWindow()

    def ask_to_replace(self, routine: Routine, current: Routine) -> None:
        """Another launch asked for ``routine`` while ``current`` runs: ask first, "Keep going" the default.
        The run goes on while the question is up; a later request changes the question's routine."""
        requests = self.requests
        if requests is None:
            return
        text = f"{current.name} is running. Stop it and start {routine.name}?"
        box = self.dialogs.ask("Replace the running routine?", text, REPLACE_QUESTION_NAME,
                               yes=("Replace", f"Stop and start {routine.name}"), no=("Keep going", "Keep going"),
                               on_yes=requests.confirm_replace)
        box.setText(text)  # the question may have been up already, about an earlier request

    def _close_replace_question(self) -> None:
        for box in list(self.dialogs.message_boxes):
            if box.accessibleName() == REPLACE_QUESTION_NAME:
                box.close()

    # --- window events ---------------------------------------------------------------------------------

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.WindowStateChange and hasattr(self, "view"):
            self.view.window_state_changed()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._shown_once:
            self._shown_once = True
            if self.pages.current_page() is self.pages.library_page:
                self.pages.focus_library()
            # Once the window is on screen: the routines (if not given), then after they are painted, sound and
            # voice, then (first run only) the safety note. Each step waits for a paint, so none delays one.
            self._after_paint.extend((self._build_menus, self._load_after_first_paint))

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
        if self.context.loaded_library is None:
            self.context.ensure_library()
            self._after_paint.append(self._after_first_show)
            self.update()
        else:
            self._after_first_show()

    def _after_first_show(self) -> None:
        self.context.runs.preload_media()
        self.context.routine_files.watch()  # files changed in a text editor are picked up from now on
        self._start_desktop()
        if not self.context.settings.disclaimer_seen and self.pages.current_page() is self.pages.library_page:
            self.dialogs.show_disclaimer()

    def _after_help(self) -> None:
        player = self.pages.player_page
        if player is not None and player.isVisible():
            player.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.pages.current_page() is self.pages.library_page:
            self.pages.focus_library()

    _closing_confirmed = False
    _quitting = False
    desktop: DesktopPresence | None = None

    def _start_desktop(self) -> None:
        """The tray icon, the reminder and the tray's commands (after the first paint, or at once when the app
        starts hidden in the tray)."""
        if self.desktop is None:
            from stretch_timer.qt.desktop import DesktopPresence

            self.desktop = DesktopPresence(self, self.context)

    def start_in_tray(self) -> bool:
        """``--tray`` (the login entry): stay hidden with only the tray icon, when the desktop has a tray;
        False (show the window as usual) where it has none."""
        from stretch_timer.qt.tray import tray_available

        if not tray_available():
            return False
        self._build_menus()
        self.context.ensure_library()
        self._start_desktop()
        self.context.routine_files.watch()
        self._shown_once = True  # showing it later needs no first-paint work; it was done now
        return True

    def quit_app(self) -> None:
        """Quit for real (Ctrl+Q, the tray's Quit): the window closing alone only hides it into the tray."""
        self._quitting = True
        if self.isHidden():
            self.show()  # a question (a running routine, unsaved edits) needs the window
        self.close()
        if self.isVisible():
            self._quitting = False  # the person chose to stay

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.context.running() and not self._closing_confirmed:
            event.ignore()  # a routine is running: ask first (without a nested event loop: the run goes on)
            self.ask_to_quit()
            return
        if not self._quitting and not self._closing_confirmed and self.desktop is not None \
                and self.desktop.keeps_running():
            event.ignore()  # the tray keeps the app: a cramp at night is one click away
            self.hide()
            self.desktop.tray.say_once()
            return
        if not self.pages.leave_editor():
            event.ignore()  # unsaved edits, and the person chose Cancel
            return
        if self.desktop is not None:
            self.desktop.remove()
        if self.requests is not None:
            self.requests.close()  # no second launch may bring a closing window back
        self.pages.stop_run()
        self.context.shut_down()
        self.dialogs.close_all()
        if not self.isFullScreen():
            self.context.settings.geometry = self.saveGeometry()
        self.context.settings.sync()
        super().closeEvent(event)
        if self.desktop is not None and self.desktop.tray.icon is not None:
            QTimer.singleShot(0, self._app.quit)  # with a tray, closing the last window does not end the app

    def ask_to_quit(self) -> None:
        """A routine is running and the window is asked to close (Ctrl+Q, the close button): ask before ending
        it, with "Keep going" as the default answer. The routine runs on while the question is up."""
        self.dialogs.ask(f"Quit {APP_TITLE}?", "A routine is running. Quit and stop it?", "Quit while running",
                         yes=("Quit", "Quit and stop"), no=("Keep going", "Keep going"), on_yes=self._quit_confirmed)

    def _quit_confirmed(self) -> None:
        self.close_without_asking()

    def close_without_asking(self) -> None:
        """Close even while a routine runs (it ends, recorded as stopped): the person said so, or another
        instance of the app took this launch's request."""
        self._closing_confirmed = True
        self.close()


def _open_url(path: str) -> object:
    from PySide6.QtCore import QUrl
    from PySide6.QtGui import QDesktopServices

    return QDesktopServices.openUrl(QUrl.fromLocalFile(path))
