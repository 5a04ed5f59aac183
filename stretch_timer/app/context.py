"""The running app without its windows: settings, routines, runs and commands, announcing every change.

:class:`AppContext` owns the services (the settings, the library, the run controller with sound, voice and
the session driver, and the command table) and says what changed through its signals. Views (the main window
today; the tray, the editor and the history next) are built around a context, subscribe to it and act through
it; none of them reaches into another. A second launch (``app/ipc.py``) and the tray ask the context for what
they want, never a window. QtCore only: nothing here imports a widget.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING, Any, NamedTuple

from PySide6.QtCore import QObject, Signal

from stretch_timer.app.appearance import LookRules
from stretch_timer.app.commands import Commands
from stretch_timer.app.run_controller import DEFAULT_MAX_GAP, RunController
from stretch_timer.app.settings import Settings
from stretch_timer.core.clock import Clock, MonotonicClock

if TYPE_CHECKING:  # the library, session engine and planner load when first needed
    from stretch_timer.app.history import History
    from stretch_timer.app.notifications import Notifier
    from stretch_timer.app.reminder import Reminder
    from stretch_timer.app.routine_files import RoutineFiles
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine
    from stretch_timer.core.run_record import RunRecord
    from stretch_timer.core.session_summary import SessionSummary

APP_TITLE = "Stretch Timer"


class LaunchOptions(NamedTuple):
    """Command-line choices for this run only (not saved)."""

    mute: bool = False
    no_voice: bool = False
    quit_when_done: bool = False
    fullscreen: bool = False
    tray: bool = False
    """Start hidden in the tray (login autostart); shown as usual where there is no tray."""


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).astimezone()


class AppContext(QObject):
    """The app's services and their signals. Inject ``clock``, ``wall_clock`` and the media factories in tests."""

    settings_changed = Signal(str)
    """A setting changed (its attribute name, e.g. ``"theme"``), whoever changed it."""
    library_changed = Signal()
    """The routines were loaded or read again: every view that lists them refreshes."""
    run_started = Signal(object, object)
    """(driver, routine): a run is built; the player attaches to the driver, which starts the session."""
    run_finished = Signal(object)
    """A run ended (completed or stopped): its :class:`~stretch_timer.core.run_record.RunRecord`."""
    muted_changed = Signal(bool)
    """This run's mute (M, ``--mute``) was turned on or off. Mute is not saved: the next launch has sound."""
    media_changed = Signal()
    """Sound or voice came up, changed or went away: notices and the settings dialog say so."""
    look_changed = Signal()
    """Bedtime mode went on or off (see :attr:`bedtime_mode`): the window may need another theme."""
    told = Signal(str)
    """A one-off line for the person (see :meth:`tell`); empty when it was cleared. The notices include it."""

    def __init__(
        self,
        settings: Settings,
        *,
        library: Library | None = None,
        options: LaunchOptions | None = None,
        clock: Clock | None = None,
        wall_clock: Callable[[], dt.datetime] = _now,
        max_gap: float | None = DEFAULT_MAX_GAP,
        cue_factory: Callable[[], Any] | None = None,
        voice_factory: Callable[[], Any] | None = None,
        inhibitor: Any | None = None,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.options = options or LaunchOptions()
        self.clock: Clock = clock or MonotonicClock()
        self.wall_clock = wall_clock
        self.commands = Commands(parent=self)
        self.runs = RunController(settings, clock=self.clock, max_gap=max_gap, cue_factory=cue_factory,
                                  voice_factory=voice_factory, inhibitor=inhibitor,
                                  no_voice=self.options.no_voice, app_name=APP_TITLE, parent=self)
        self._library = library
        self._routine_files: RoutineFiles | None = None
        self._history: History | None = None
        self.reminder: Reminder | None = None
        self.notifier: Notifier | None = None
        self._muted = self.options.mute
        self._volume_factor = 1.0
        self._bedtime_mode = False
        self._run: tuple[Routine, dt.datetime] | None = None
        self._told = ""
        self.last_record: RunRecord | None = None
        self.last_run_routine: Routine | None = None
        settings.changed.connect(self._setting_changed)
        self.runs.media_ready.connect(self._media_ready)
        self.runs.starting.connect(self._run_starting)
        self._bind_commands()

    # --- settings and this run's sound -----------------------------------------------------------------

    def _setting_changed(self, name: str) -> None:
        if name in ("volume", "voice_enabled"):
            self.apply_sound()
        self.settings_changed.emit(name)
        self.commands.refresh()

    @property
    def muted(self) -> bool:
        return self._muted

    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        if muted == self._muted:
            return
        self._muted = muted
        self.apply_sound()
        self.muted_changed.emit(muted)
        self.commands.refresh()

    def set_no_voice(self) -> None:
        """No spoken announcements from now on, until the app quits (a later launch's ``--no-voice``)."""
        if not self.runs.no_voice:
            self.runs.no_voice = True
            self.apply_sound()
            self.media_changed.emit()

    def set_volume_factor(self, factor: float) -> None:
        """The theme's volume factor (bedtime is quieter), applied to the cues and the voice alike."""
        self._volume_factor = factor
        self.apply_sound()

    def apply_sound(self) -> None:
        self.runs.apply_sound(self._volume_factor, self._muted)

    def look_rules(self) -> LookRules:
        settings = self.settings
        return LookRules(settings.theme, settings.bedtime_theme_for_bedtime, settings.night_relief,
                         settings.night_starts, settings.night_ends)

    @property
    def bedtime_mode(self) -> bool:
        """A bedtime routine was chosen: the bedtime look stays (no bright screen at night) until another
        routine is chosen or a theme is picked."""
        return self._bedtime_mode

    def set_bedtime_mode(self, on: bool) -> None:
        if bool(on) != self._bedtime_mode:
            self._bedtime_mode = bool(on)
            self.look_changed.emit()

    def choose_theme(self, value: str) -> None:
        """A theme picked by the person: it shows now, even over bedtime mode (and even if it was the setting
        already, when no ``settings_changed`` would come)."""
        self.set_bedtime_mode(False)
        self.settings.theme = value

    def local_time(self) -> dt.time:
        return self.wall_clock().astimezone().time()

    def notices(self) -> list[str]:
        """What is off, for the status line: mute, no sound or voice (and why), damaged settings."""
        parts = ["Muted for this run (M)"] if self._muted else []
        parts.extend(self.runs.notices())
        parts.extend(problem.rstrip(".") for problem in self.settings.problems)
        if self._told:
            parts.append(self._told.rstrip("."))
        return parts

    def tell(self, text: str) -> None:
        """Say ``text`` on the status line until the next run starts or the next :meth:`tell` (e.g. a second
        launch asked for a routine that is not there: that launch has exited, so the window says it)."""
        if text != self._told:
            self._told = text
            self.told.emit(text)

    def _media_ready(self) -> None:
        self.apply_sound()
        self.media_changed.emit()

    # --- routines --------------------------------------------------------------------------------------

    @property
    def library(self) -> Library:
        """The routines, loaded on first use when the app was opened without them."""
        return self.ensure_library()

    @property
    def loaded_library(self) -> Library | None:
        """The routines if they are loaded yet (without loading them)."""
        return self._library

    def ensure_library(self) -> Library:
        if self._library is None:
            from stretch_timer.app_data import open_library

            self._library = open_library()
            self.library_changed.emit()
        return self._library

    def reload_library(self) -> None:
        if self._library is None:
            self.ensure_library()
            return
        self._library.reload()
        self.library_changed.emit()

    # --- services that start after the first paint ---------------------------------------------------------

    @property
    def history(self) -> History:
        """Runs and cramps, stored off the GUI thread (its worker starts with the first write or read)."""
        if self._history is None:
            from stretch_timer import paths
            from stretch_timer.app.history import History

            self._history = History(paths.history_path, self)
            self._history.told.connect(self.tell)
            self._history.failed.connect(self.tell)
        return self._history

    def start_background(self) -> None:
        """What the app does besides the window (after its first paint): the bedtime reminder (when on) and
        the login entry following its setting."""
        from stretch_timer.app import autostart
        from stretch_timer.app.reminder import Reminder

        if self.reminder is None:
            self.reminder = Reminder(self.settings, wall_clock=self.wall_clock, parent=self)
        autostart.follow(self.settings, self.tell)

    def ensure_notifier(self) -> Notifier:
        """Desktop notifications (made when first needed: the reminder's first evening)."""
        if self.notifier is None:
            from stretch_timer.app.notifications import Notifier

            self.notifier = Notifier(parent=self)
        return self.notifier

    def bedtime_routine(self) -> Routine | None:
        """The routine "Start bedtime routine", the reminder and ``stretch-timer bedtime`` start (see
        :func:`~stretch_timer.app.requests.bedtime_choice`: the same rule for a launch that becomes the app)."""
        from stretch_timer.app.requests import bedtime_choice

        return bedtime_choice(self.library, self.settings.last_routine)

    @property
    def routine_files(self) -> RoutineFiles:
        """New, edit, duplicate, delete, restore, import and export, each followed by ``library_changed``."""
        if self._routine_files is None:
            from stretch_timer.app.routine_files import RoutineFiles

            self._routine_files = RoutineFiles(self, self)
        return self._routine_files

    def routine(self, routine_id: str) -> Routine | None:
        entry = self.library.get(routine_id)
        return entry.routine if entry is not None else None

    def relief_for(self, muscle: str) -> Routine | None:
        """The shortest relief routine for ``muscle`` ("calf", "hamstring"…), if there is one."""
        return self.library.shortest_relief(muscle)

    # --- runs ------------------------------------------------------------------------------------------

    def running(self) -> bool:
        return self.runs.running()

    @property
    def running_routine(self) -> Routine | None:
        """The routine of the run under way (running or paused), else None."""
        return self._run[0] if self._run is not None and self.runs.running() else None

    def start(self, routine: Routine, from_step: int = 0) -> bool:
        """Start ``routine`` now (from its step ``from_step``, counted from 0: "Start from this step"); False
        (nothing done) while another run is under way."""
        if self.runs.running():
            return False
        if 0 < from_step < len(routine.steps):
            from dataclasses import replace

            routine = replace(routine, steps=routine.steps[from_step:])
        self.runs.end()
        self.runs.start(routine)
        return True

    def replace_run(self, routine: Routine) -> None:
        """Start ``routine`` now, ending the run under way first (recorded as stopped, as the Stop button would
        leave it): a second launch's relief routine, or a routine the person agreed should take over."""
        self.runs.finish()  # its finished comes now: the record, the player's done
        self.runs.end()
        self.runs.start(routine)

    def _run_starting(self, driver: Any, routine: Routine) -> None:
        self._run = (routine, self.wall_clock())
        self.tell("")
        driver.finished.connect(self._run_ended)
        self.run_started.emit(driver, routine)

    def _source_of(self, routine: Routine) -> str:
        library = self._library
        entry = library.get(routine.id) if library is not None and routine.id else None
        # Equal, not the same object: a routine started from the command line was loaded on its own.
        return entry.source.value if entry is not None and entry.routine == routine else "file"

    def _run_ended(self, summary: SessionSummary) -> None:
        if self._run is None:
            return
        from stretch_timer.core.run_record import run_record

        routine, started = self._run
        self._run = None
        self.settings.sync()
        record = run_record(summary, routine_id=routine.id, routine_name=routine.name,
                            source=self._source_of(routine), started=started, ended=self.wall_clock())
        self.last_record = record
        self.last_run_routine = routine
        self.history.add_run(record, routine)
        self.run_finished.emit(record)

    # --- commands the context carries out itself -------------------------------------------------------

    def _bind_commands(self) -> None:
        commands, settings = self.commands, self.settings
        commands.bind("reload", self.reload_library)
        commands.bind("mute", self.set_muted, checked=lambda: self._muted)
        commands.bind("large_type", self._set_large_type, checked=lambda: settings.large_type)
        for command in commands.table:
            if command.id.startswith("theme."):
                value = command.id.removeprefix("theme.")
                commands.bind(command.id, partial(self._theme_chosen, value), checked=partial(self._theme_is, value))

    def _theme_chosen(self, value: str, _on: bool) -> None:
        self.choose_theme(value)

    def _theme_is(self, value: str) -> bool:
        return self.settings.theme == value

    def _set_large_type(self, on: bool) -> None:
        self.settings.large_type = bool(on)

    def shut_down(self) -> None:
        """The app is ending: a run still going is finished (and recorded), sound and voice let go."""
        self.runs.finish()
        self.runs.end()
        self.runs.shut_down()
        if self._history is not None:
            self._history.shut_down()
        if self.notifier is not None:
            self.notifier.stop()
        self.settings.sync()
