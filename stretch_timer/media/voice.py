"""The voice: phase announcements through QTextToSpeech, or a NullVoice that says why it is quiet.

``create_voice()`` picks a real engine (``speechd`` on Linux) only when it initialises without error; Qt's
``mock`` engine is for tests (``create_voice("mock")``). Qt TextToSpeech is imported lazily, inside
``create_voice``, so startup does not pay for it.

A ``Voice`` calls its engine directly, on the thread that made it, and an engine call can block for good
(speech-dispatcher with no sound server). So the app never makes one on its GUI thread: it speaks through
:class:`~stretch_timer.media.voice_process.ProcessVoice`, whose service process
(:mod:`~stretch_timer.media.voice_service`) runs ``create_voice`` and
this class. ``Voice`` stays the engine wrapper for that service, for tests and for scripts.

``say`` interrupts whatever is being said: a stale announcement is worse than none. ``spoken`` keeps every
text handed to the engine, in order (handy for tests and for a "last said" line on screen).
"""

from __future__ import annotations

import contextlib
import math
from collections.abc import Callable
from typing import Any

from .loudness import voice_volume

NO_ENGINE_REASON = "No speech engine: install speech-dispatcher."

PREFERRED_ENGINES: tuple[str, ...] = ("speechd", "flite", "darwin", "winrt", "sapi", "android")
"""Real engines, best first; any other non-mock engine Qt lists comes after these."""

ENGINES_WITHOUT_AUDIO: frozenset[str] = frozenset({"speechd"})
"""Engines that never touch Qt Multimedia: speech-dispatcher plays through its own server (and cannot
``synthesize``). The speech service starts no Qt Multimedia for them: no Python binding, no PulseAudio
connection or threads of its own (about 8 MiB of the service's memory). Any other engine may open an audio
output (flite does, through QAudioSink), so Qt Multimedia is started audio-only before it is made."""


def clamp_volume(volume: float) -> float | None:
    """A volume clamped to 0..1, or None for NaN (a value that means nothing: the volume stays as it was).

    Shared by :class:`Voice` and :class:`~stretch_timer.media.voice_process.ProcessVoice`; like ``float()``,
    it raises for what is not a number.
    """
    v = float(volume)
    if math.isnan(v):
        return None
    return min(1.0, max(0.0, v))


class Voice:
    """A QTextToSpeech engine that initialised (``tts``); needs a running QCoreApplication.

    A voice whose engine fails later turns itself unavailable and keeps the engine's error as ``reason``.
    """

    def __init__(self, tts: Any | None, engine: str, *, reason: str = "") -> None:
        self._tts = tts
        self.engine = engine
        self.available = tts is not None and not reason
        self.reason = reason if not self.available else ""
        self.enabled = self.available
        self.volume = float(tts.volume()) if tts is not None else 1.0
        self.spoken: list[str] = []
        if tts is not None:
            tts.errorOccurred.connect(self._error)

    @property
    def speaking(self) -> bool:
        if self._tts is None:
            return False
        from PySide6.QtTextToSpeech import QTextToSpeech

        return bool(self._tts.state() is QTextToSpeech.State.Speaking)

    def say(self, text: str) -> None:
        """Speak ``text`` now, cutting off anything still being said; ignored when disabled or broken."""
        if not (self.enabled and self.available and text and self._tts is not None):
            return
        self.spoken.append(text)
        with contextlib.suppress(Exception):  # a voice must never stop a stretch
            self._tts.say(text)  # Qt stops any reading in progress first

    def stop(self) -> None:
        if self._tts is not None:
            with contextlib.suppress(Exception):
                self._tts.stop()

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = bool(enabled)
        if not self.enabled:
            self.stop()

    def set_volume(self, volume: float) -> None:
        v = clamp_volume(volume)
        if v is None:
            return
        self.volume = v  # the cue volume: the voice is mapped to sound as loud
        if self._tts is not None:
            self._tts.setVolume(voice_volume(self.volume, self.engine))

    def close(self) -> None:
        """Stop speaking and let go of the engine."""
        self.stop()
        self._tts = None
        self.available = False
        self.reason = "Voice closed."

    def on_change(self, callback: Callable[[], None]) -> None:
        """Call ``callback`` whenever the engine starts or stops speaking or fails (after ``available`` and
        ``reason`` follow), so a service can pass the news on."""
        if self._tts is not None:
            self._tts.stateChanged.connect(lambda *_: callback())
            self._tts.errorOccurred.connect(lambda *_: callback())

    def _error(self, *_: object) -> None:
        if self._tts is None:
            return
        self.available = False
        message = self._tts.errorString() or "unknown error"
        self.reason = f"The speech engine failed: {message}."

    def __repr__(self) -> str:
        state = f"engine {self.engine!r}" if self.available else f"unavailable: {self.reason}"
        return f"<{type(self).__name__} {state}>"


class NullVoice(Voice):
    """Says nothing; ``reason`` tells the UI why."""

    def __init__(self, reason: str = NO_ENGINE_REASON) -> None:
        super().__init__(None, "", reason=reason or "Voice is off.")


def create_voice(engine: str | None = None) -> Voice:
    """A working voice, or a NullVoice with the reason there is none.

    ``engine=None`` picks the best real engine (``speechd`` first); ``"mock"`` is Qt's silent test engine.
    """
    try:
        from PySide6.QtTextToSpeech import QTextToSpeech
    except (ImportError, OSError):
        return NullVoice("Speech is unavailable: Qt TextToSpeech could not be loaded.")
    from PySide6.QtCore import QCoreApplication

    if QCoreApplication.instance() is None:
        return NullVoice("Speech needs the application to be running.")
    engines = list(QTextToSpeech.availableEngines())
    if engine is not None:
        candidates = [engine] if engine in engines else []
        if not candidates:
            return NullVoice(f"No speech engine called {engine!r}.")
    else:
        real = [e for e in engines if e != "mock"]
        candidates = [e for e in PREFERRED_ENGINES if e in real] + [e for e in real if e not in PREFERRED_ENGINES]
    failures: list[str] = []
    for name in candidates:
        if name not in ENGINES_WITHOUT_AUDIO:
            from .audio_only import start_audio_only

            start_audio_only()  # before the engine can touch Qt Multimedia, so its playback backend stays unloaded
        tts = QTextToSpeech(name)
        if tts.state() is QTextToSpeech.State.Error:
            from .status import engine_failure_reason

            reason = getattr(tts.errorReason(), "name", str(tts.errorReason()))
            failures.append(engine_failure_reason(name, reason, tts.errorString()))
            tts.deleteLater()
            continue
        return Voice(tts, name)
    if failures:  # what to install or fix, rather than a bare "no engine"
        return NullVoice(failures[0])
    if engine is not None:
        return NullVoice(f"The speech engine {engine!r} did not start.")
    return NullVoice(NO_ENGINE_REASON)
