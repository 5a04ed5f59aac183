"""The machinery behind a run: sound and voice, the session and its driver, and keeping the screen awake.

Split from the main window so the window deals with pages and the window itself, and this deals with what a
routine needs to run: the cue player and the voice (made on first use, with silent stand-ins when a backend is
broken), a Session and SessionDriver per routine, reading the how-to aloud during get-ready, holding off the
screen saver while a routine runs, and letting all of it go again. The session engine, Qt Multimedia and
TextToSpeech load only when first needed, so start-up stays light.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QObject, Signal

from stretch_timer import paths
from stretch_timer.core.clock import Clock

if TYPE_CHECKING:  # the session engine and the planner load when first needed
    from stretch_timer.core.model import Routine
    from stretch_timer.core.plan import Phase
    from stretch_timer.core.session import SessionSummary
    from stretch_timer.qt.settings import Settings

DEFAULT_MAX_GAP = 10.0
"""The session's own default (``stretch_timer.core.session.DEFAULT_MAX_GAP``), without importing it early."""

log = logging.getLogger(__name__)


def _default_cues() -> Any:
    from stretch_timer.media.cues import create_cue_player

    return create_cue_player(paths.bundled_sounds_dir())


def _default_voice() -> Any:
    from stretch_timer.media.voice import create_voice

    return create_voice()


def _default_inhibitor(app_name: str, parent: QObject) -> Any:
    from stretch_timer.qt.screensaver import ScreenSaverInhibitor

    return ScreenSaverInhibitor(app_name, parent)


def _no_voice(reason: str = "Voice is off for this run (--no-voice).") -> Any:
    from stretch_timer.media.voice import NullVoice

    return NullVoice(reason)


class RunController(QObject):
    """Owns the cue player, the voice, the current SessionDriver and the screen-saver inhibitor.

    Inject ``cue_factory``, ``voice_factory`` and ``inhibitor`` in tests. ``start(routine)`` builds the run as
    soon as sound and voice are ready and emits ``starting``; whoever shows the player attaches it there.
    """

    media_ready = Signal()
    """Sound and voice were just made: apply the volume, update the notices."""
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
        self._pending: Routine | None = None

    # --- sound and voice -------------------------------------------------------------------------------

    @property
    def media_loading(self) -> bool:
        """Sound and voice are being made right now (a backend may run the event loop meanwhile)."""
        return self._loading

    def preload_media(self) -> None:
        """Prepare sound and voice now (after the first paint), so the first run starts without waiting."""
        if self.cues is not None or self._loading:
            return
        self.ensure_media()
        if self._pending is not None:
            self._begin_pending()

    def ensure_media(self) -> None:
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
        self.media_ready.emit()

    def apply_sound(self, volume_factor: float, muted: bool) -> None:
        """Volume (times the theme's ``volume_factor``), mute and voice on/off, from the settings."""
        if self.cues is not None:
            self.cues.set_volume(self.settings.volume / 100 * volume_factor)
            self.cues.set_muted(muted)
        if self.voice is not None:
            self.voice.set_volume(min(1.0, volume_factor * max(self.settings.volume, 40) / 100))
            self.voice.set_enabled(self.voice.available and self.settings.voice_enabled and not self.no_voice)

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
        """Build the run for ``routine`` now, or as soon as the sound and voice being made are ready."""
        self._pending = routine
        if self._loading:
            return  # the preload under way starts the run when it is done
        self.ensure_media()
        self._begin_pending()

    def _begin_pending(self) -> None:
        routine, self._pending = self._pending, None
        if routine is None:
            return
        from stretch_timer.core.session import Session
        from stretch_timer.qt.driver import SessionDriver

        session = Session.for_routine(routine, self.clock, max_gap=self.max_gap)
        assert self.cues is not None  # ensure_media() ran
        self.driver = SessionDriver(session, self.cues, self.voice, parent=self)
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
        """The window is closing: let the screen sleep and hush the voice."""
        self.release()
        if self.voice is not None:
            with contextlib.suppress(Exception):
                self.voice.stop()

    def _on_phase_changed(self, phase: Phase) -> None:
        """Read the how-to aloud during get-ready (when asked), after the phase's own announcement."""
        from stretch_timer.core.plan import PhaseKind

        voice = self.voice
        if (not self.settings.read_instructions or voice is None or not voice.available
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
