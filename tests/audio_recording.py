"""Recording a private PulseAudio null sink with ``parec``, and measuring levels in what was recorded.

Shared by the real-voice test (tests/media/test_voice_e2e.py) and the loudness measurements behind
stretch_timer/media/loudness.py, so the numbers in the docstrings and the checks in the tests come from one
definition of "how loud".
"""

from __future__ import annotations

import array
import math
import subprocess
import sys
import threading
import time

from pulse_server import stop

RATE = 44_100


class Recording:
    """``parec`` on the null sink's monitor; a thread collects the bytes and notes when the first ones came."""

    def __init__(self, env: dict[str, str], device: str = "test.monitor") -> None:
        self.data = bytearray()
        self.first_at: float | None = None
        self.process = subprocess.Popen(
            # A short latency: parec's default buffers seconds, and whatever is buffered is lost on terminate.
            ["parec", "-d", device, "--raw", "--format=s16le", f"--rate={RATE}", "--channels=1", "--latency-msec=10"],
            env=env, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
        )
        self._thread = threading.Thread(target=self._read, daemon=True)
        self._thread.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        while chunk := self.process.stdout.read1(8192):
            if self.first_at is None:
                self.first_at = time.monotonic()
            self.data += chunk

    def wait_started(self, timeout: float = 10) -> bool:
        deadline = time.monotonic() + timeout
        while self.first_at is None:
            if time.monotonic() > deadline or self.process.poll() is not None:
                return False
            time.sleep(0.01)
        return True

    def stop(self) -> array.array[int]:
        stop(self.process)
        self._thread.join(timeout=5)
        samples = array.array("h")
        samples.frombytes(bytes(self.data[: len(self.data) // 2 * 2]))
        if sys.byteorder == "big":
            samples.byteswap()
        return samples


def dbfs(amplitude: float) -> float:
    return 20 * math.log10(max(amplitude, 1e-6) / 32768)


def window_levels(samples: array.array[int], start: int, end: int, window: int = RATE // 100) -> list[float]:
    """Mean square of each ``window`` (10 ms) from ``start`` to ``end``, in full-scale units squared."""
    levels = []
    for a in range(max(0, start), min(end, len(samples)) - window + 1, window):
        chunk = samples[a:a + window]
        levels.append(sum(s * s for s in chunk) / window)
    return levels


GATE_DB = 20.0
"""Windows more than this far below the loudest window of a segment are not part of the sound (pauses, tails)."""


def active_rms_dbfs(samples: array.array[int], start: int, end: int) -> float:
    """The level of one sound: RMS over its active 10 ms windows, those within ``GATE_DB`` of the loudest.

    Why RMS and not peak: a synthetic voice's peaks are a few plosives (espeak-ng clips at high volume while
    its RMS barely moves), and a chime's crest factor is larger than speech's, so equal peaks do not sound
    equally loud. Why a relative gate: the gaps between words and a chime's decay would otherwise pull the
    level down by however long they last, and a relative gate gives the same answer at any volume setting.
    """
    levels = window_levels(samples, start, end)
    if not levels or max(levels) <= 0:
        return -200.0
    floor = max(levels) * 10 ** (-GATE_DB / 10)
    active = [x for x in levels if x >= floor]
    return 10 * math.log10(sum(active) / len(active) / 32768**2)


def peak_dbfs(samples: array.array[int], start: int, end: int) -> float:
    chunk = samples[max(0, start):end]
    return dbfs(max((abs(s) for s in chunk), default=0))


WINDOW = 220  # 5 ms, for onsets
ON_DBFS = -40.0
"""A 5 ms window this loud after silence is an onset."""
SILENT_DBFS = -60.0
REARM_WINDOWS = 4
"""20 ms of silence before a new onset counts."""


def window_dbfs(samples: array.array[int], start: int, length: int = WINDOW) -> float:
    chunk = samples[max(0, start):start + length]
    if not chunk:
        return -200.0
    return dbfs(math.sqrt(sum(s * s for s in chunk) / len(chunk)))


def detect_onsets(samples: array.array[int]) -> list[float]:
    """Seconds into the recording where sound starts after at least 20 ms of silence."""
    threshold = 32768 * 10 ** (ON_DBFS / 20)
    onsets: list[float] = []
    armed, quiet = True, 0
    for start in range(0, len(samples) - WINDOW, WINDOW):
        level = window_dbfs(samples, start)
        if level > ON_DBFS:
            if armed:  # the first loud window after silence (a quieter one may lead in: a cue's 4 ms attack)
                lead = max(0, start - WINDOW)
                first = next((i for i in range(lead, start + WINDOW) if abs(samples[i]) >= threshold / 4), start)
                onsets.append(first / RATE)
            armed, quiet = False, 0
        elif level < SILENT_DBFS:
            quiet += 1
            armed = armed or quiet >= REARM_WINDOWS
        else:
            quiet = 0
    return onsets


def sound_end(samples: array.array[int], start: float, limit: float, gap: float = 0.5) -> float:
    """Where the sound that begins at ``start`` (seconds) ends: its last window above ``SILENT_DBFS`` before
    ``gap`` seconds of silence. ``limit`` when it is still sounding there (it runs into whatever comes next).

    The gap is longer than the pauses inside a spoken phrase (espeak-ng pauses about 0.3 s at a colon or full
    stop), so one announcement is one sound.
    """
    window = RATE // 100
    last = start
    a = int(start * RATE)
    end = min(int(limit * RATE), len(samples))
    while a + window <= end:
        if window_dbfs(samples, a, window) > SILENT_DBFS:
            last = (a + window) / RATE
        elif a / RATE - last >= gap:
            return last
        a += window
    return limit if limit - last < gap else last
