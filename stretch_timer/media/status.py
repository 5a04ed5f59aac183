"""One line each on whether sound and voice work, and why not: for the settings dialog and the status line.

Plain words over the players' ``available``/``reason``/``backend``, kept apart from the settings dialog so the
status line can use them without loading the dialog's widgets.
"""

from __future__ import annotations

from typing import Any


def sound_status(cues: Any | None) -> str:
    """One line about the cue player: "Sound: on (qt)", "Sound unavailable: …", or "Sound: not started yet"."""
    if cues is None:
        return "Sound: checked when the first routine starts."
    if not cues.available:
        reason = cues.reason or "no sound backend works here."
        # A reason that already names what is silent ("The sound server stopped; …") needs no prefix.
        return reason if reason.lower().startswith(("sound", "the sound")) else f"Sound unavailable: {reason}"
    names = {"qt": "Qt Multimedia", "playsound3": "an external player (playsound3)"}
    return f"Sound works, through {names.get(cues.backend, cues.backend)}."


SPEECHD_FAILURES = {
    "Configuration": "speech-dispatcher has no voice to speak with: install speech-dispatcher-espeak-ng.",
    "Initialization": "speech-dispatcher did not start: install speech-dispatcher and speech-dispatcher-espeak-ng.",
}
"""Qt's speechd engine in the Error state, by ``QTextToSpeech.ErrorReason`` name. Qt's own words ("Found no
modules in speech-dispatcher.", "Connection to speech-dispatcher failed") name the symptom, not the package
that cures it; "install speech-dispatcher" is wrong advice when it is installed but has no voice."""


def engine_failure_reason(engine: str, error_reason: str, message: str) -> str:
    """Why a speech engine that Qt lists did not start, in words that say what to install.

    ``error_reason`` is the ``QTextToSpeech.ErrorReason`` name and ``message`` its ``errorString()``.
    """
    if engine == "speechd" and error_reason in SPEECHD_FAILURES:
        return SPEECHD_FAILURES[error_reason]
    detail = message.strip().rstrip(".") or error_reason or "unknown error"
    return f"The speech engine {engine!r} did not start: {detail}."


def voice_status(voice: Any | None, *, disabled_by_option: bool = False) -> str:
    if disabled_by_option:
        return "Voice is off for this run (--no-voice)."
    if voice is None:
        return "Voice: checked when the first routine starts."
    if getattr(voice, "pending", False):  # the speech service is starting (it has a few seconds to answer)
        return "Voice: starting the speech service…"
    if not voice.available:
        return f"Voice unavailable: {voice.reason}" if voice.reason else "Voice unavailable."
    return f"Voice works (engine: {voice.engine})."
