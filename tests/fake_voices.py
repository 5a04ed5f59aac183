"""Voices for the speech service's ``--factory`` option, standing in for speech-dispatcher without a sound server.

The service (``python -m stretch_timer.media.voice_service --factory fake_voices:NAME``) calls ``NAME()`` where
it would call ``create_voice()``; these block the way libspeechd does, so the tests can check that the app's
side never waits for them.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FOREVER = 3600.0


class StuckOnSay:
    """Starts fine, then its first ``say`` never returns (speechd's ``say`` once its audio output failed)."""

    available = True
    reason = ""
    engine = "stuck"
    volume = 0.5
    speaking = False

    def say(self, text: str) -> None:
        time.sleep(FOREVER)

    def stop(self) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def on_change(self, callback: Callable[[], None]) -> None:
        pass

    def close(self) -> None:
        pass


def stuck_on_say() -> StuckOnSay:
    return StuckOnSay()


def stuck_at_start() -> StuckOnSay:
    """Never gets as far as a voice (``QTextToSpeech("speechd")`` inside ``spd_open``)."""
    time.sleep(FOREVER)
    return StuckOnSay()
