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
        return reason if reason.lower().startswith("sound") else f"Sound unavailable: {reason}"
    names = {"qt": "Qt Multimedia", "playsound3": "an external player (playsound3)"}
    return f"Sound works, through {names.get(cues.backend, cues.backend)}."


def voice_status(voice: Any | None, *, disabled_by_option: bool = False) -> str:
    if disabled_by_option:
        return "Voice is off for this run (--no-voice)."
    if voice is None:
        return "Voice: checked when the first routine starts."
    if not voice.available:
        return f"Voice unavailable: {voice.reason}" if voice.reason else "Voice unavailable."
    return f"Voice works (engine: {voice.engine})."
