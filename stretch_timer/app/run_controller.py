"""The machinery behind a run: sound and voice, the session and its driver, and keeping the screen awake.

Owned by the app context, so a run does not depend on any window (the tray and a second launch start runs
too). What a routine needs to run: the cue player and the voice (made on first use, with silent stand-ins when
a backend is broken), a Session and SessionDriver per routine, reading the how-to aloud during get-ready, holding off
the screen saver while a routine runs, and letting all of it go again. The session engine, Qt Multimedia and
TextToSpeech load only when first needed, so start-up stays light.

Nothing on the way to the first cue waits for sound or speech. A run starts at once, from the clock, with a
:class:`~stretch_timer.media.late.LateCuePlayer` and a :class:`~stretch_timer.media.late.LateVoice` standing
in; the window makes the real ones after its first paint (``preload_media``) and they join the run then: the
cue streams warm up on their own (no waiting at construction), the voice speaks from a service process that
is given up on after a few seconds if it does not answer. A cue asked for before its player exists sounds
late or not at all; the timer never waits for it.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal

from stretch_timer import paths
from stretch_timer.core.clock import Clock

if TYPE_CHECKING:  # the session engine and the planner load when first needed
    from stretch_timer.app.settings import Settings
    from stretch_timer.core.model import Routine
    from stretch_timer.core.plan import Phase
    from stretch_timer.core.session_summary import SessionSummary

DEFAULT_MAX_GAP = 10.0
"""The session's own default (``stretch_timer.core.session.DEFAULT_MAX_GAP``), without importing it early."""

log = logging.getLogger(__name__)


def _default_cues() -> Any:
    from stretch_timer.media.cues import create_cue_player

    # No waiting for the streams to come alive: they warm up in the background of the event loop, and the
    # first cue is at least the get-ready away.
    return create_cue_player(paths.bundled_sounds_dir(), load_timeout=0)


def _default_voice() -> Any:
    from stretch_timer.media.voice_process import ProcessVoice

    return ProcessVoice()  # returns at once; the engine starts in the service process


def _default_inhibitor(app_name: str, parent: QObject) -> Any:
    from stretch_timer.app.screensaver import ScreenSaverInhibitor

    return ScreenSaverInhibitor(app_name, parent)


def _no_voice(reason: str = "Voice is off for this run (--no-voice).") -> Any:
    from stretch_timer.media.voice import NullVoice

    return NullVoice(reason)


class RunController(QObject):
    """Owns the cue player, the voice, the current SessionDriver and the screen-saver inhibitor.

    Inject ``cue_factory``, ``voice_factory`` and ``inhibitor`` in tests. ``start(routine)`` builds the run at
    once and emits ``starting``; whoever shows the player attaches it there. ``cues`` and ``voice`` are the real
    player and voice, None until ``ensure_media`` made them; every driver gets the late-bound stand-ins
    (``late_cues``, ``late_voice``), which forward to them from then on.
    """

    media_ready = Signal()
    """Sound and voice were just made, or one of them changed (the voice is ready, or off): apply the volume,
    update the notices."""
    starting = Signal(object, object)
    """(driver, routine): the run is built and the screen kept awake; attaching the player starts the session."""

    def __init__(
        self,
        settings: Settings,
        *,
        clock: Clock,
        max_gap: float | None = DEFAULT_MAX_GAP,
        cue_factory: Callable[[], Any] | None = None,
        voice_factory: Callable[[], Any] | None = None,
        inhibitor: Any | None = None,
        no_voice: bool = False,
        app_name: str = "Stretch Timer",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.settings = settings
        self.clock = clock
        self.max_gap = max_gap
        self.no_voice = no_voice
        self._app_name = app_name
        self._cue_factory = cue_factory or _default_cues
        if no_voice:
            self._voice_factory: Callable[[], Any] = _no_voice
        else:
            self._voice_factory = voice_factory or _default_voice
        self._inhibitor = inhibitor
        self.cues: Any | None = None
        self.voice: Any | None = None
        self.driver: Any | None = None
        self._loading = False
        from stretch_timer.media.late import LateCuePlayer, LateVoice

        self.late_cues = LateCuePlayer()
        self.late_voice = LateVoice()

    # --- sound and voice -------------------------------------------------------------------------------

    @property
    def media_loading(self) -> bool:
        """Sound and voice are being made right now."""
        return self._loading

    def preload_media(self) -> None:
        """Make sound and voice now (after the first paint); a run already under way picks them up."""
        if self.cues is not None or self._loading:
            return
        self.ensure_media()

    def ensure_media(self) -> None:
        """Make the cue player and the voice (neither waits for its backend) and hand them to the stand-ins."""
        if self.cues is not None:
            return
        self._loading = True
        try:
            try:
                cues = self._cue_factory()
            except Exception as error:  # a broken backend must not stop the app
                from stretch_timer.media.cues import SilentCuePlayer

                cues = SilentCuePlayer(f"Sound unavailable: {type(error).__name__}: {error}")
            try:
                voice = self._voice_factory()
            except Exception as error:
                voice = _no_voice(f"Speech is unavailable: {type(error).__name__}: {error}")
        finally:
            self._loading = False
        self.cues, self.voice = cues, voice
        for status in (getattr(voice, "changed", None), getattr(cues, "status_changed", None)):
            if status is not None:  # the voice got ready or gave up; the sound server went or came back
                status.connect(self.media_ready.emit)
        self.late_cues.bind(cues)
        self.late_voice.bind(voice)
        self.media_ready.emit()

    def apply_sound(self, volume_factor: float, muted: bool) -> None:
        """Volume (times the theme's ``volume_factor``), mute and voice on/off, from the settings.

        Set on the stand-ins, which pass it on: before sound and voice exist, it is kept for them.
        """
        self.late_cues.set_volume(self.settings.volume / 100 * volume_factor)
        self.late_cues.set_muted(muted)
        voice = self.late_voice
        voice.set_volume(self.settings.volume / 100 * volume_factor)  # the voice maps it to match the cues
        voice.set_enabled(voice.available and self.settings.voice_enabled and not self.no_voice)

    def notices(self) -> list[str]:
        """Why there is no sound or voice, for the status line; empty when both work (or are not made yet)."""
        parts: list[str] = []
        if self.cues is not None and not self.cues.available:
            from stretch_timer.media.status import sound_status

            parts.append(sound_status(self.cues).rstrip("."))
        if (self.voice is not None and not self.voice.available and self.settings.voice_enabled
                and not self.no_voice):
            parts.append(f"Voice off: {self.voice.reason.rstrip('.')}" if self.voice.reason else "Voice off")
        return parts

    # --- the run ---------------------------------------------------------------------------------------

    def start(self, routine: Routine) -> None:
        """Build the run for ``routine`` now, whether or not sound and voice exist yet (they join when made)."""
        from stretch_timer.app.driver import SessionDriver
        from stretch_timer.core.session import Session

        session = Session.for_routine(routine, self.clock, max_gap=self.max_gap)
        self.driver = SessionDriver(session, self.late_cues, cast(Any, self.late_voice), parent=self)
        self.driver.phase_changed.connect(self._on_phase_changed)
        self.driver.finished.connect(self._on_driver_finished)
        if routine.id:
            self.settings.last_routine = routine.id
        self.inhibit()
        self.starting.emit(self.driver, routine)

    def running(self) -> bool:
        """A session is under way (running or paused), so leaving it needs the person's say-so."""
        if self.driver is None:
            return False
        from stretch_timer.core.session import State

        return self.driver.session.state in (State.RUNNING, State.PAUSED)

    def finish(self) -> None:
        """End a running session now (its ``finished`` still comes)."""
        if self.running():
            assert self.driver is not None
            self.driver.finish()

    def end(self) -> None:
        """Drop a finished (or never started) run: timers stopped, the driver let go, the screen may sleep."""
        if self.driver is None:
            return
        driver, self.driver = self.driver, None
        driver.stop()
        driver.deleteLater()
        self.release()

    def shut_down(self) -> None:
        """The window is closing: let the screen sleep, hush the voice and end its service (bounded: a stuck
        service is killed, never waited for)."""
        self.release()
        if self.voice is not None:
            with contextlib.suppress(Exception):
                self.voice.stop()
            close = getattr(self.voice, "close", None)
            if close is not None:
                with contextlib.suppress(Exception):
                    close()

    def _on_phase_changed(self, phase: Phase) -> None:
        """Read the how-to aloud during get-ready (when asked), after the phase's own announcement."""
        from stretch_timer.core.plan import PhaseKind

        voice = self.late_voice  # before the voice exists, the stand-in keeps it for when it does
        if (not self.settings.read_instructions or not voice.available
                or not voice.enabled or self.driver is None):
            return
        if phase.kind not in (PhaseKind.PREPARE, PhaseKind.REST) or phase.stretch is None:
            return
        following = self.driver.session.timeline.next_phase(phase.index)
        if following is None or not following.starts_step or not phase.stretch.instructions:
            return
        voice.say(" ".join([phase.announcement, *phase.stretch.instructions]))

    def _on_driver_finished(self, summary: SessionSummary) -> None:
        self.release()

    # --- screen saver ----------------------------------------------------------------------------------

    def inhibit(self) -> None:
        try:
            if self._inhibitor is None:
                self._inhibitor = _default_inhibitor(self._app_name, self)
            self._inhibitor.inhibit("A stretching routine is running")
        except Exception:  # keeping the screen on is a nicety; never a reason to fail a run
            log.debug("screen saver inhibit failed", exc_info=True)

    def release(self) -> None:
        if self._inhibitor is not None:
            with contextlib.suppress(Exception):
                self._inhibitor.release()
