"""The session driver: runs a core ``Session`` in the Qt event loop and fans its events out.

Cues are scheduled from the engine's clock, not from timer ticks, so a busy event loop does not shift them:
after every processing step a single-shot precise ``QTimer`` is armed for ``session.next_due()`` (the clock
time of the next scheduled event); when it fires, the driver polls the session, which reports every event
passed since, each stamped with the time it was *due*. A late poll therefore never moves a later cue, and a
cue noticed too late (``stale_after``) is dropped instead of sounding out of place. The display timer is
separate and only asks for a repaint, and only while the session runs: about ten times a second, or, when
the screen says when it next changes (``set_display_due``), exactly then and not before, or not at all while
the screen says something else moves it (the player's breathing pacer, whose frames move the ring too). That timing
lives in ``stretch_timer.app.display_tick``.

The driver never computes time: it reads the session and the session's clock. One conversion it must make
is clock seconds → timer milliseconds; a clock that runs faster than real time (a benchmark's accelerated
clock) says so with a ``rate`` attribute (clock seconds per real second; 1 when absent).

While running, the driver also polls at least every ``HEARTBEAT_S`` clock seconds, even when no event is
due: the session treats a gap longer than its ``max_gap`` between polls as the machine having slept (and
pauses itself), so a long hold with no cue inside must still be polled.

A player that can schedule (``schedule(cue, delay)``, the Qt streams) gets each cue ``CUE_LEAD_S`` before it
is due, from ``session.upcoming``: written into its stream behind the right length of silence, it sounds on
its planned sample even when the GUI thread is busy at that moment (a 150 ms stall cost 143 ms before). The
event, when it comes, then plays nothing more; a pause, jump or early finish drops what was scheduled.

"It let go" (``let_go``, in an open-ended relief hold) sounds a soft cue, the falling "breath-out", unless the
phase it moves on to starts with a sound of its own at that moment (two sounds never start together), and the
voice says so before the next phase's words. What was scheduled ahead is dropped: the timeline moved.
"""

from __future__ import annotations

import logging
import math
from collections.abc import Callable

from PySide6.QtCore import QObject, Qt, QTimer, Signal

from stretch_timer.app.display_tick import DisplayTick
from stretch_timer.core.cue_plan import cue_for
from stretch_timer.core.events import (
    AutoPaused,
    EasedOff,
    Event,
    Jumped,
    LetGo,
    Paused,
    PhaseStarted,
    RoutineComplete,
)
from stretch_timer.core.plan import LET_GO_SAY, Phase
from stretch_timer.core.session import Session, State
from stretch_timer.media.cues import CuePlayer
from stretch_timer.media.voice import Voice

log = logging.getLogger(__name__)

VOICE_STALE_AFTER = 2.0
"""An announcement more than this many seconds late is not said (the next phase may be near)."""

HEARTBEAT_S = 1.0
"""Longest stretch of clock time between two polls while running (well under the session's max_gap)."""

LET_GO_CUE = "breath-out"
"""The soft sound at "It let go": the falling tone, the tension going."""

CUE_LEAD_S = 0.35
"""Real seconds ahead of its planned time that a cue is handed to a player that can schedule: more than the
longest stall the GUI thread is expected to have, less than the player's lead limit."""


class SessionDriver(QObject):
    """Drives ``session`` from the event loop: plays cues, says announcements, tells the screen what changed.

    Signals, in the order they are emitted after each processing step:

    * ``events_emitted(list)``: every batch of core events, in order (not emitted for an empty batch);
    * ``cue_played(str, float)``: a cue the driver sounded (name, clock time it was due), for a visual flash;
      emitted just after the sound starts, before ``events_emitted``;
    * ``phase_changed(Phase)``: the phase now current, when a phase started (or a jump moved a session that
      has not started yet);
    * ``state_changed(State)``: the session's state, when it differs from the last one reported;
    * ``finished(SessionSummary)``: once, when the routine completes or is finished early;
    * ``display_tick()``: a repaint cue while RUNNING only: about every ``display_interval_ms``, or at the time
      the ``set_display_due`` function names.
    """

    events_emitted = Signal(list)
    cue_played = Signal(str, float)
    phase_changed = Signal(object)
    display_tick = Signal()
    state_changed = Signal(object)
    finished = Signal(object)

    def __init__(
        self,
        session: Session,
        cues: CuePlayer,
        voice: Voice | None,
        *,
        parent: QObject | None = None,
        display_interval_ms: int = 100,
        stale_after: float = 0.25,
    ) -> None:
        super().__init__(parent)
        self._session = session
        self._cues = cues
        self._voice = voice
        self._stale_after = stale_after
        self._state = session.state
        self._phase_index = session.phase_index
        self._finished_sent = False
        self._scheduled: set[tuple[str, float]] = set()
        """(cue, planned_at) of the cues already written ahead into the player's streams."""

        self._cue_timer = QTimer(self)
        self._cue_timer.setObjectName("cue_timer")
        self._cue_timer.setSingleShot(True)
        self._cue_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._cue_timer.timeout.connect(self.poll)

        self._display = DisplayTick(self, session, display_interval_ms, self.display_tick.emit)
        self._display_timer = self._display.timer

    # --- what it drives ------------------------------------------------------------------------------------

    @property
    def session(self) -> Session:
        return self._session

    @property
    def cues(self) -> CuePlayer:
        return self._cues

    @property
    def voice(self) -> Voice | None:
        return self._voice

    @property
    def running_timers(self) -> list[str]:
        """Names of the driver's timers that are active (for tests and for leak checks)."""
        return [t.objectName() for t in (self._cue_timer, self._display_timer) if t.isActive()]

    @property
    def display_tick_at(self) -> float | None:
        """Clock time the waiting display tick fires (just past the change it shows), when the screen said when
        it next changes (else None)."""
        return self._display.tick_at

    def set_display_due(self, due: Callable[[Session], float | None] | None) -> None:
        """Wake the display when ``due(session)`` says its next visible change comes (in clock seconds from
        now), instead of every display interval; ``None`` from it or no function means the interval;
        ``math.inf`` means no display tick at all (something else moves the screen: it calls
        :meth:`display_due_changed` when that stops)."""
        self._display.set_due(due)
        self.display_due_changed()

    def display_due_changed(self) -> None:
        """The screen's answer to its ``due`` function changed (an animation that moves it started or stopped):
        the display tick is armed again from a fresh answer (while running)."""
        if self._session.state is State.RUNNING:
            self._display.arm(restart=True)

    # --- intents -------------------------------------------------------------------------------------------

    def start(self) -> list[Event]:
        return self._process(self._session.start())

    def pause(self) -> list[Event]:
        return self._process(self._session.pause())

    def resume(self) -> list[Event]:
        return self._process(self._session.resume())

    def toggle_pause(self) -> list[Event]:
        return self._process(self._session.toggle_pause())

    def skip(self) -> list[Event]:
        return self._process(self._session.skip())

    def skip_step(self) -> list[Event]:
        return self._process(self._session.skip_step())

    def back(self) -> list[Event]:
        return self._process(self._session.back())

    def restart_step(self) -> list[Event]:
        return self._process(self._session.restart_step())

    def ease_off(self) -> list[Event]:
        return self._process(self._session.ease_off())

    def finish(self) -> list[Event]:
        return self._process(self._session.finish())

    def let_go(self) -> list[Event]:
        """The cramp let go: the open-ended hold ends now (see ``Session.let_go``)."""
        return self._process(self._session.let_go())

    def jump_to_step(self, step_index: int) -> list[Event]:
        return self._process(self._session.jump_to_step(step_index))

    def poll(self) -> list[Event]:
        """Catch the session up to its clock now and process what it reports (the cue timer calls this)."""
        return self._process(self._session.tick())

    def stop(self) -> None:
        """Stop every timer and the voice (the window is closing); an intent afterwards re-arms them."""
        self._cue_timer.stop()
        self._display_timer.stop()
        self._cancel_scheduled()
        if self._voice is not None:
            self._guard(self._voice.stop)

    # --- processing ----------------------------------------------------------------------------------------

    def _voice_speaks(self) -> bool:
        """A voice will say each breathing phase's word, so the soft breath cues are not needed."""
        voice = self._voice
        return voice is not None and bool(getattr(voice, "available", False)) and bool(getattr(voice, "enabled", True))

    def _process(self, events: list[Event]) -> list[Event]:
        session = self._session
        now = session.clock.now()
        started: Phase | None = None
        announcement: str | None = None
        complete: RoutineComplete | None = None
        hush = False
        let_go: LetGo | None = None
        played: list[tuple[str, float]] = []
        speaks = self._voice_speaks()
        for event in events:
            late = now - event.planned_at
            cue = cue_for(event, voice=speaks)
            if cue is not None and (cue, event.planned_at) in self._scheduled:
                self._scheduled.discard((cue, event.planned_at))  # written ahead: it is sounding now
                played.append((cue, event.planned_at))
            elif cue is not None and (cue == "complete" or late <= self._stale_after):
                self._guard(self._cues.play, cue)
                played.append((cue, event.planned_at))
            if isinstance(event, Paused | EasedOff | AutoPaused | Jumped | LetGo) or (
                isinstance(event, RoutineComplete) and not event.completed
            ):
                self._cancel_scheduled()  # what was written ahead belongs to a timeline that moved
            if isinstance(event, PhaseStarted):
                started = event.phase
                announcement = event.announcement if late <= VOICE_STALE_AFTER else None
            elif isinstance(event, Paused | EasedOff | AutoPaused):
                hush = True
            elif isinstance(event, RoutineComplete):
                complete = event
                hush = hush or not event.completed
            elif isinstance(event, LetGo):
                let_go = event
        if let_go is not None:
            if not played:  # the next phase's own "go" (or the end's "complete") stands in for it
                self._guard(self._cues.play, LET_GO_CUE)
                played.append((LET_GO_CUE, let_go.planned_at))
            announcement = f"{LET_GO_SAY} {announcement}" if announcement else LET_GO_SAY
        voice = self._voice
        if voice is not None:
            if announcement and voice.enabled:
                self._guard(voice.say, announcement)
            elif hush and started is None:
                self._guard(voice.stop)

        if complete is not None or session.state is State.FINISHED:
            self._cue_timer.stop()
            self._display_timer.stop()
        else:
            self._arm()

        for name, planned_at in played:
            self.cue_played.emit(name, planned_at)
        if events:
            self.events_emitted.emit(list(events))
        index = session.phase_index
        if started is not None:
            self._phase_index = started.index
            self.phase_changed.emit(started)
        elif index != self._phase_index and session.state is State.READY:
            self._phase_index = index
            self.phase_changed.emit(session.phase)
        state = session.state
        if state is not self._state:
            self._state = state
            self.state_changed.emit(state)
        if state is State.FINISHED and not self._finished_sent:
            self._finished_sent = True
            self.finished.emit(session.summary())
        return events

    def _arm(self) -> None:
        """Arm the cue timer for the next due event (or the heartbeat); run the display timer while running."""
        session = self._session
        if session.state is not State.RUNNING:
            self._cue_timer.stop()
            self._display_timer.stop()
            return
        clock = session.clock
        rate = float(getattr(clock, "rate", 1.0)) or 1.0
        next_cue = self._schedule_ahead(rate)
        due = session.next_due()
        now = clock.now()
        wait = HEARTBEAT_S if due is None else min(HEARTBEAT_S, due - now)
        if next_cue is not None:  # wake in time to write it ahead
            wait = min(wait, next_cue - CUE_LEAD_S * rate - now)
        ms = max(0, math.ceil(wait / rate * 1000))
        self._cue_timer.start(ms)
        self._display.arm()

    def _schedule_ahead(self, rate: float) -> float | None:
        """Hand the player every cue due within ``CUE_LEAD_S``; the clock time of the next one still to hand
        over (within a heartbeat), or None. Players without ``schedule`` get their cues when they fall due."""
        schedule = getattr(self._cues, "schedule", None)
        if schedule is None:
            return None
        session = self._session
        now = session.clock.now()
        lead = CUE_LEAD_S * rate
        speaks = self._voice_speaks()
        for event in session.upcoming(lead + HEARTBEAT_S * rate):
            cue = cue_for(event, voice=speaks)
            if cue is None or (cue, event.planned_at) in self._scheduled:
                continue
            if event.planned_at - now > lead:
                return event.planned_at
            delay = (event.planned_at - now) / rate
            if delay <= 0.002:
                continue  # due now: the poll plays it
            try:
                if schedule(cue, delay):
                    self._scheduled.add((cue, event.planned_at))
            except Exception:  # a cue that cannot be scheduled is played when due
                log.exception("scheduling a cue failed")
        return None

    def _cancel_scheduled(self) -> None:
        if not self._scheduled:
            return
        self._scheduled.clear()
        cancel = getattr(self._cues, "cancel_scheduled", None)
        if cancel is not None:
            self._guard(cancel)

    @staticmethod
    def _guard(action: Callable[..., object], *args: object) -> None:
        """Run a sound or speech call; one that raises must never stop the session."""
        try:
            action(*args)
        except Exception:
            log.exception("cue or voice call failed")
