"""The way through the window's pages: library → overview → player → summary, in one stack.

This decides which page shows and how a person moves between them: the library (its routines loaded on first
use when the window opened without them), a routine's overview, the player while a routine runs and the
summary after it. The overview, player and summary pages are built on first use, so start-up stays light.
Runs are the app context's: a page asks the context to start one, and the player attaches when the context
says a run started (whoever asked: a card, a key, a second launch).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QStackedWidget, QWidget

from stretch_timer.app.appearance import is_bedtime
from stretch_timer.qt.pages.library_page import LibraryPage
from stretch_timer.qt.widgets.labels import window_title

if TYPE_CHECKING:  # the session engine, the planner and the other pages load when first needed
    from stretch_timer.app.context import AppContext
    from stretch_timer.core.model import Routine
    from stretch_timer.core.session_summary import SessionSummary
    from stretch_timer.qt.pages.overview_page import OverviewPage

class Navigator(QObject):
    """Shows the pages of ``window`` in ``stack`` and moves between them; retitles the window as it goes."""

    page_changed = Signal()
    """Another page shows, or the routine on it changed (the theme may follow)."""
    summary_shown = Signal(object)
    """A run ended and its summary shows: its SessionSummary."""

    def __init__(self, window: QWidget, stack: QStackedWidget, context: AppContext, *, app_title: str) -> None:
        super().__init__(window)
        self._window = window
        self.stack = stack
        self._context = context
        self._app_title = app_title
        self.routine: Routine | None = None
        self.last_summary: SessionSummary | None = None
        settings = context.settings
        self.library_page = LibraryPage(context.loaded_library, last_routine=settings.last_routine)
        self.library_page.library_wanted.connect(context.ensure_library)
        self.library_page.routine_chosen.connect(self.show_overview)
        self.library_page.start_requested.connect(self.start_routine_id)
        self.library_page.command_requested.connect(context.commands.trigger)
        self.library_page.edit_requested.connect(self.edit_routine)
        stack.addWidget(self.library_page)
        self.overview_page: OverviewPage | None = None
        self.player_page: Any | None = None
        self.summary_page: Any | None = None
        self.editor_page: Any | None = None
        self._trying = False  # the run under way is the editor's "Try it": its summary leads back to the editor
        self._cramp_focus = False  # the library was opened for Cramp now: its focus stays on the muscles
        context.run_started.connect(self._run_started)
        context.library_changed.connect(self._library_changed)
        context.commands.bind("library", self.show_library, enabled=lambda: not context.running())

    def current_page(self) -> QWidget | None:
        return self.stack.currentWidget()

    def add_page(self, page: QWidget) -> None:
        """A page of another view (the History page) joins the stack."""
        self.stack.addWidget(page)

    def show_page(self, page: QWidget) -> None:
        """Show a page added with :meth:`add_page` (nothing while a routine runs)."""
        if self._context.running():
            return
        self._end_run()
        self._context.set_bedtime_mode(False)
        self._show(page, None)

    def _show(self, page: QWidget, routine: Routine | None) -> None:
        if page is not self.library_page:
            self._cramp_focus = False
        self.routine = routine
        self.stack.setCurrentWidget(page)
        title = self._app_title if routine is None else f"{window_title(routine.name)} — {self._app_title}"
        self._window.setWindowTitle(title)
        self.page_changed.emit()

    # --- library and overview --------------------------------------------------------------------------

    def show_library(self) -> None:
        if self._context.running():
            return  # the player's Stop asks first; the library waits until then
        self._end_run()
        self._cramp_focus = False
        self._show(self.library_page, None)
        self.focus_library()

    def show_cramp_choice(self) -> None:
        """The library with the focus on the muscles under Cramp now (``stretch-timer cramp``), kept there
        when the routines arrive; nothing while a routine runs."""
        if self._context.running():
            return
        self._end_run()
        self._show(self.library_page, None)
        self._cramp_focus = True
        self.focus_library()

    def focus_library(self) -> None:
        """Focus the library's first control: the muscles when it was opened for a cramp, else the last
        routine's card."""
        if self._cramp_focus:
            self.library_page.focus_cramp()
        else:
            self.library_page.focus_default(self._context.settings.last_routine)

    def _library_changed(self) -> None:
        last = self._context.settings.last_routine
        self.library_page.set_library(self._context.library, last_routine=last)
        if self.current_page() is self.library_page:
            self.focus_library()

    def show_overview(self, routine_id: str) -> None:
        routine = self._context.routine(routine_id)
        if routine is None:
            return
        self._context.set_bedtime_mode(is_bedtime(routine))
        page = self._ensure_overview()
        page.show_routine(routine)
        entry = self._context.library.get(routine_id)
        page.set_source(entry.source.value if entry is not None else "file")
        self._show(page, routine)
        page.focus_default()

    def _ensure_overview(self) -> OverviewPage:
        if self.overview_page is None:
            from stretch_timer.qt.pages.overview_page import OverviewPage

            self.overview_page = OverviewPage()
            self.overview_page.start_requested.connect(self._start_from_overview)
            self.overview_page.start_from_step.connect(self._start_from_overview)
            self.overview_page.back_requested.connect(self.show_library)
            self.overview_page.command_requested.connect(self._context.commands.trigger)
            self.stack.addWidget(self.overview_page)
        return self.overview_page

    def _start_from_overview(self, from_step: int = 0) -> None:
        if self.overview_page is not None and self.overview_page.routine is not None:
            self.start_routine(self.overview_page.routine, from_step)

    def chosen_routine_id(self) -> str | None:
        """The routine the Routine menu means: the overview's, or the focused card's in the library."""
        page = self.current_page()
        if page is self.overview_page and self.overview_page is not None and self.overview_page.routine is not None:
            return self.overview_page.routine.id
        if page is self.library_page:
            return self.library_page.chosen_routine_id()
        return None  # the player, the summary and the editor have their own commands

    # --- the editor ------------------------------------------------------------------------------------

    def _ensure_editor(self) -> Any:
        if self.editor_page is None:
            from stretch_timer.qt.editor.editor_page import EditorPage

            page = EditorPage(self._context)
            files = self._context.routine_files
            page.saved.connect(self._editor_saved)
            page.closed.connect(self._editor_closed)
            page.try_requested.connect(self._try_draft)
            page.start_from_step.connect(self._try_draft)
            files.file_changed.connect(page.file_changed_on_disk)
            self.stack.addWidget(page)
            self.editor_page = page
        return self.editor_page

    def leave_editor(self) -> bool:
        """True when the editor's draft may be let go: nothing unsaved, or the person answered the question.

        Asked whether or not the editor shows: edits left there while trying the routine count too, so the
        editor comes back to the front to ask.
        """
        editor: Any = self.editor_page
        if editor is None or not editor.has_unsaved_changes():
            return True
        if self.current_page() is not editor and not self._context.running():
            self._show(editor, None)
        return bool(editor.confirm_leave())

    def edit_new(self) -> None:
        if self._context.running() or not self.leave_editor():
            return
        self._open_editor(self._context.routine_files.new_draft())

    def edit_routine(self, routine_id: str) -> None:
        if self._context.running() or not self.leave_editor():
            return
        try:
            draft = self._context.routine_files.draft_for(routine_id)
        except (OSError, ValueError, KeyError) as error:
            self._context.tell(f"Could not open {routine_id} for editing: {error}")
            return
        self._open_editor(draft)

    def _open_editor(self, draft: Any) -> None:
        self._end_run()
        self._context.set_bedtime_mode(False)  # editing is daytime work, whatever routine showed before
        page = self._ensure_editor()
        page.open_draft(draft)
        self._show(page, None)
        self._window.setWindowTitle(f"Editing {window_title(draft.name or draft.routine_id)} — {self._app_title}")
        page.focus_default()

    def _editor_saved(self, routine_id: str) -> None:
        self._context.routine_files.changed()
        self._context.settings.last_routine = routine_id

    def _editor_closed(self) -> None:
        page = self.editor_page
        routine_id = page.draft.routine_id if page is not None and page.draft is not None else ""
        if routine_id and self._context.routine(routine_id) is not None:
            self.show_overview(routine_id)
        else:
            self.show_library()

    def _try_draft(self, routine: Routine, from_step: int = 0) -> None:
        """Run the editor's routine as it is now, unsaved; its summary leads back to the editor."""
        if self._context.running():
            return
        self._end_run()
        self._trying = True
        if not self._context.start(routine, from_step):
            self._trying = False

    # --- player and summary ----------------------------------------------------------------------------

    def _ensure_player(self) -> Any:
        if self.player_page is None:
            from stretch_timer.qt.pages.player_page import COMMAND_METHODS, PlayerPage

            player = PlayerPage()
            player.done.connect(self._on_player_done)
            settings = self._context.settings
            player.set_large_type(settings.large_type)
            self.stack.addWidget(player)
            commands = self._context.commands  # the player's keys are its own; the tray will ask through these
            for command_id, method in COMMAND_METHODS.items():
                commands.bind(command_id, getattr(player, method))
            self.player_page = player
        return self.player_page

    def _ensure_summary(self) -> Any:
        if self.summary_page is None:
            from stretch_timer.qt.pages.summary_page import SummaryPage

            self.summary_page = SummaryPage()
            self.summary_page.back_to_library.connect(self._after_summary)
            self.summary_page.again_requested.connect(self._again)
            self.summary_page.cramp_answered.connect(self._cramp_answered)
            self.stack.addWidget(self.summary_page)
        return self.summary_page

    def start_routine_id(self, routine_id: str) -> None:
        routine = self._context.routine(routine_id)
        if routine is not None:
            self.start_routine(routine)

    def start_routine(self, routine: Routine, from_step: int = 0) -> None:
        """Open the player on ``routine`` and start it now (its own prepare time is the get-ready), from its
        step ``from_step``."""
        if self._context.running():
            return
        self._end_run()
        self._trying = False
        self._context.start(routine, from_step)

    def _run_started(self, driver: Any, routine: Routine) -> None:
        """The context started a run (asked by a page, a key or a second launch): show it in the player."""
        if is_bedtime(routine):
            self._context.set_bedtime_mode(True)
        player = self._ensure_player()
        self._show(player, routine)
        player.attach(driver, routine)  # starts the session: the get-ready cue sounds now
        player.set_muted(self._context.muted)
        player.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_player_done(self, summary: SessionSummary) -> None:
        self.last_summary = summary
        runs = self._context.runs
        runs.release()
        if runs.driver is not None:
            runs.driver.stop()
        routine = self.routine
        page = self._ensure_summary()
        if routine is not None:
            page.show_summary(routine, summary)
        page.set_back_to("editor" if self._trying else "library")
        if self.player_page is not None:
            self.player_page.detach()
        self._show(page, routine)
        self.summary_shown.emit(summary)

    def _again(self) -> None:
        """Still cramping? Again: the same routine, at once."""
        if self.routine is not None:
            self.start_routine(self.routine)

    def _cramp_answered(self, answer: Any) -> None:
        """The summary's quick question: a diary row, linked to the run just stored."""
        context = self._context
        context.history.log_cramp(answer, context.wall_clock(), for_run=context.last_record)
        context.tell("Saved to the cramp diary.")

    def _after_summary(self) -> None:
        if self._trying and self.editor_page is not None and self.editor_page.draft is not None:
            self._trying = False
            self._end_run()
            self._show(self.editor_page, None)
            self.editor_page.focus_default()
            return
        self.show_library()

    def _end_run(self) -> None:
        """Drop a finished (or never started) run: timers stopped, the player let go of it."""
        driver = self._context.runs.driver
        if driver is not None and self.player_page is not None and self.player_page.driver is driver:
            self.player_page.detach()
        self._context.runs.end()

    def stop_run(self) -> None:
        """End a running routine now (closing the window); the summary is not shown."""
        if self._context.runs.driver is None:
            return
        if self.player_page is not None:
            self.player_page.detach()
        self._context.runs.finish()
        self._end_run()
