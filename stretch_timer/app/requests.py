"""What the running app does with a second launch's request: show itself, start a routine, or offer relief.

A second ``stretch-timer`` hands its request over the local socket (:mod:`stretch_timer.app.ipc`) and exits;
:class:`RequestHandler` decides what the running app makes of it, through the app context, so the decisions
hold whichever views exist (and are tested without a window). The window only answers the handler's signals:
it raises itself, focuses the muscle buttons, or asks the question.

The rules, for someone who may be in pain:

* Every request brings the window to the front (un-minimised, shown, focused); ``--fullscreen`` makes it full
  screen.
* ``start ROUTINE`` and ``cramp MUSCLE`` start that routine (a muscle's shortest relief routine) at once when
  nothing runs. While a routine runs, a relief routine replaces it at once (the one running is recorded as
  stopped): relief must never wait behind a question. Any other routine asks first, "Keep going" being the
  default, and the run goes on while the question is up. The routine already running is left alone.
* ``cramp`` without a muscle shows the library with the muscle buttons focused (unless a routine runs).
* ``bedtime`` starts the bedtime routine (:func:`bedtime_choice`: the one the tray's "Start bedtime routine"
  starts) as ``start`` would: at once when nothing runs, asking first while another routine runs.
* A routine that is not there, or a file that cannot load, is said on the status line (the launch that asked
  has exited by then) and nothing else changes.
* ``--mute`` and ``--no-voice`` apply to the running app from then on, as if it had been opened with them;
  ``--quit-when-done`` does not make it quit: the person opened that app and may be using it.
QtCore only: nothing here imports a widget.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from stretch_timer.app.appearance import is_relief
from stretch_timer.app.ipc_messages import Request

if TYPE_CHECKING:
    from stretch_timer.app.context import AppContext
    from stretch_timer.app.ipc import IpcServer
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine

__all__ = ["RequestHandler", "bedtime_choice", "is_path_argument"]

log = logging.getLogger(__name__)

def bedtime_choice(library: Library, last_routine: str) -> Routine | None:
    """The bedtime routine: ``last_routine`` (the id of the routine used last) if it is tagged ``bedtime``, else
    the shortest routine tagged ``bedtime`` (ties by id), else None. The running app and a launch that becomes
    the app (``stretch-timer bedtime``) pick the same routine."""
    entry = library.get(last_routine) if last_routine else None
    last = entry.routine if entry is not None else None
    if last is not None and "bedtime" in last.tags:
        return last
    from stretch_timer.core.plan import plan

    bedtime = [routine for routine in library.routines() if "bedtime" in routine.tags]
    return min(bedtime, key=lambda routine: (plan(routine).total, routine.id), default=None)


def is_path_argument(argument: str) -> bool:
    """Whether a ``start`` argument names a routine file (the CLI sends those as absolute paths), not an id."""
    return os.path.isabs(argument) or argument.endswith((".yaml", ".yml"))


class RequestHandler(QObject):
    """Carries out second launches' requests on ``context``; connect :meth:`handle` to the server's
    ``request_received`` (or let :meth:`serve` do it). The window answers ``show_wanted``,
    ``cramp_choice_wanted`` and ``replace_asked`` (answering yes with :meth:`confirm_replace`), and closes the
    question on ``question_settled``."""

    show_wanted = Signal(bool)
    """Bring the window to the front (un-minimise, show, raise, activate); True: full screen as well."""
    cramp_choice_wanted = Signal()
    """Show the library with the muscle buttons under Cramp now focused."""
    replace_asked = Signal(object, object)
    """(routine asked for, routine running): ask whether to replace the run; yes is :meth:`confirm_replace`."""
    question_settled = Signal()
    """The replace question is moot (a relief routine took over, or the run it was about has been replaced)."""

    def __init__(self, context: AppContext, parent: QObject | None = None) -> None:
        super().__init__(parent if parent is not None else context)
        self.context = context
        self.pending: Routine | None = None
        """The routine the replace question is about (the latest asked for), until it is answered."""
        self._server: IpcServer | None = None
        self._closed = False

    def serve(self, server: IpcServer) -> None:
        """Take the requests ``server`` receives, until :meth:`close`."""
        self._server = server
        server.request_received.connect(self.handle)

    def close(self) -> None:
        """The app is ending: stop listening (the socket goes, so the next launch opens a new app at once) and
        ignore whatever is still on its way."""
        self._closed = True
        if self._server is not None:
            self._server.close()

    def handle(self, request: Request) -> None:
        """Act on ``request``; whatever goes wrong is said on the status line, never raised into the event loop."""
        if self._closed:
            return
        try:
            self._handle(request)
        except Exception as error:  # a bug here must cost one request, not the running routine
            log.exception("failed to carry out a request from another launch")
            self.context.tell(f"Another launch's request failed: {type(error).__name__}")

    def _handle(self, request: Request) -> None:
        context = self.context
        if request.option("mute"):
            context.set_muted(True)
        if request.option("no_voice"):
            context.set_no_voice()
        self.show_wanted.emit(request.option("fullscreen"))
        if request.action == "show":
            return
        if request.action == "cramp" and not request.argument:
            if not context.running():
                self.cramp_choice_wanted.emit()
            return
        if request.action == "bedtime":
            routine = self.context.bedtime_routine()
            if routine is None:
                context.tell("No bedtime routine yet: tag a routine “bedtime” to have one (asked by another launch)")
        elif request.action == "cramp":
            routine = self._relief(request.argument)
        else:
            routine = self._routine(request.argument)
        if routine is not None:
            self.offer(routine)

    def _relief(self, muscle: str) -> Routine | None:
        routine = self.context.relief_for(muscle)
        if routine is None:
            from stretch_timer.core.problems import visible

            self.context.tell(visible(f"No relief routine for {muscle!r} yet (asked by another launch)"))
        return routine

    def _routine(self, argument: str) -> Routine | None:
        from stretch_timer.core.problems import visible

        context = self.context
        if is_path_argument(argument):
            routine, problems = context.library.load_file(Path(argument))
            if routine is None:
                why = f": {problems[0].message}" if problems else ""
                context.tell(visible(f"The routine file {argument} could not be opened{why}"))
            return routine
        routine = context.routine(argument)
        if routine is None:
            context.tell(visible(f"No routine {argument!r} (asked by another launch)"))
        return routine

    def offer(self, routine: Routine) -> None:
        """Start ``routine`` now, replace the run with it (relief), or ask first (anything else)."""
        context = self.context
        current = context.running_routine
        if current is None:
            self._settle()
            context.start(routine)
        elif routine.id and routine.id == current.id and routine.name == current.name:
            self._settle()
            from stretch_timer.core.problems import visible

            context.tell(visible(f"{routine.name} is running already"))
        elif is_relief(routine):
            self._settle()
            context.replace_run(routine)
        else:
            self.pending = routine
            self.replace_asked.emit(routine, current)

    def confirm_replace(self) -> None:
        """The person said yes: the routine asked for takes over (or just starts, if the run has ended since)."""
        routine, self.pending = self.pending, None
        if routine is None:
            return
        if self.context.running():
            self.context.replace_run(routine)
        else:
            self.context.start(routine)

    def _settle(self) -> None:
        if self.pending is not None:
            self.pending = None
            self.question_settled.emit()
