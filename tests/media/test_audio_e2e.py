"""Real sound, end to end: a routine through QtCuePlayer + SessionDriver into a PulseAudio null sink, recorded.

A private PulseAudio server (its own XDG_RUNTIME_DIR and HOME, a null sink called "test") is started per test,
``parec`` records the sink's monitor, and tests/media/audio_scenario.py runs the routine in a fresh process
that sees only that server. Three "tick"s at known monotonic times line the recording up with the clock (the
constant output latency cancels out); then every cue the driver played must have an onset within 20 ms of
its *planned* time, with silence between cues and no onset anywhere else.

Skips only when the ``pulseaudio`` or ``parec`` programs are missing (scripts/test installs them).
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
import wave
from collections.abc import Iterator
from pathlib import Path

import pytest
from audio_recording import RATE, SILENT_DBFS, WINDOW, Recording, detect_onsets, window_dbfs
from pulse_server import PulseUnavailable, missing_programs, private_pulse_server, processes_using, runtime_prefix, stop

from stretch_timer import paths
from stretch_timer.media.cue_base import CUES

pytestmark = [pytest.mark.audio, pytest.mark.slow]

SCENARIO = Path(__file__).with_name("audio_scenario.py")
TOLERANCE = 0.020
SAME_TIME = 0.030  # cues planned this close together sound as one onset
CUE_SECONDS = {}
for _cue in CUES:  # every stream the player opens, the breath cues too
    with wave.open(str(paths.bundled_sounds_dir() / f"{_cue}.wav"), "rb") as _w:
        CUE_SECONDS[_cue] = _w.getnframes() / _w.getframerate()


@pytest.fixture
def pulse_env() -> Iterator[dict[str, str]]:
    """A private PulseAudio server with a null sink "test" as default; the environment to reach it."""
    missing = missing_programs()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils)")
    try:
        with private_pulse_server() as env:
            yield env
    except PulseUnavailable as problem:
        pytest.fail(str(problem))
    left = processes_using(env["XDG_RUNTIME_DIR"])
    assert not left, f"still running after the test: {left}"


@pytest.fixture
def recording(pulse_env: dict[str, str]) -> Iterator[Recording]:
    rec = Recording(pulse_env)
    try:
        if not rec.wait_started():
            pytest.fail("parec delivered no data")
        yield rec
    finally:
        stop(rec.process)


def group(cues: list[tuple[str, float]]) -> list[tuple[float, float]]:
    """Cues planned (nearly) together sound as one onset: (planned time, how long the group sounds)."""
    groups: list[tuple[float, float]] = []
    for cue, at in sorted(cues, key=lambda c: c[1]):
        if groups and at - groups[-1][0] <= SAME_TIME:
            start, length = groups[-1]
            groups[-1] = (start, max(length, at - start + CUE_SECONDS[cue]))
        else:
            groups.append((at, CUE_SECONDS[cue]))
    return groups


def run_scenario(env: dict[str, str], tmp_path: Path, *args: str) -> dict[str, object]:
    err = tmp_path / "scenario.err"
    with err.open("wb") as stderr:
        done = subprocess.run(
            [sys.executable, str(SCENARIO), *args], env={**env, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE, stderr=stderr, timeout=50,
        )
    with err.open("rb") as f:
        tail = f.read(4000).decode(errors="replace")
    assert done.returncode == 0, f"scenario failed ({done.returncode}): {done.stdout[-2000:]!r}\n{tail}"
    result: dict[str, object] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


@pytest.mark.realtime
@pytest.mark.parametrize("load", ["idle", "stalled"])
def test_cues_sound_at_their_planned_times(pulse_env: dict[str, str], recording: Recording,
                                           tmp_path: Path, load: str) -> None:
    """Every cue within 20 ms of plan, also while the GUI thread stalls 150 ms out of every 200 ms."""
    result = run_scenario(pulse_env, tmp_path, *(["--stall"] if load == "stalled" else []))
    if load == "stalled":
        # The load really ran through the routine: over half of its 200 ms stall windows were entered.
        assert result["stalls"] > result["total"] / 0.2 / 2, (result["stalls"], result["total"])
    time.sleep(0.3)
    samples = recording.stop()
    (tmp_path / "recording.s16le").write_bytes(samples.tobytes())  # for a look after a failure (44.1 kHz mono)
    assert result["backend"] == "qt" and result["ready"] and result["finished"], result
    assert result["backend_plugins"] == [], "sound must play through Qt's audio-only integration"
    # Every stream was suspended again after its last cue (the onsets below were played into suspended
    # streams, resumed on demand): idle streams cost no CPU.
    assert sorted(result["suspended_at_end"]) == sorted(CUE_SECONDS), result["suspended_at_end"]
    calibration: list[float] = result["calibration"]  # type: ignore[assignment]
    planned: list[tuple[str, float]] = [(c, t) for c, t in result["planned"]]  # type: ignore[attr-defined]
    calls: list[tuple[str, float]] = [(c, t) for c, t in result["calls"]]  # type: ignore[attr-defined]
    assert [c for c, _ in planned] == [c for c, _ in calls]
    assert {c for c, _ in planned} == {"go", "tick", "stop", "switch", "complete"}
    assert recording.first_at is not None

    onsets = detect_onsets(samples)
    # Line up: recording seconds ≈ monotonic − origin; the three calibration ticks pin the origin exactly.
    rough = recording.first_at
    offsets = []
    for at in calibration:
        near = [o for o in onsets if abs(o - (at - rough)) < 0.5]
        assert near, f"calibration tick at {at - rough:.3f} s not heard; onsets {onsets[:10]}"
        offsets.append(min(near, key=lambda o: abs(o - (at - rough))) - (at - rough))
    assert max(offsets) - min(offsets) < 0.02, offsets
    origin = rough - statistics.median(offsets)  # monotonic time of recording sample 0, latency included

    expected = [(at, 0.0) for at in calibration] + group(planned)
    picture = (f"expected (s into recording) {[round(at - origin, 3) for at, _ in expected]}\n"
               f"heard {[round(o, 3) for o in onsets]}")
    errors = []
    for at, _ in expected:
        rec_at = at - origin
        nearest = min(onsets, key=lambda o: abs(o - rec_at))
        errors.append(nearest - rec_at)
        assert abs(nearest - rec_at) <= TOLERANCE, (
            f"cue planned at {rec_at:.3f} s: nearest onset {nearest:.3f} s ({(nearest - rec_at) * 1000:+.0f} ms)\n"
            f"{picture}"
        )
    # Nothing sounds where nothing was planned: every onset after the first calibration tick is a cue.
    heard = [o for o in onsets if o > calibration[0] - origin - 0.2]
    assert len(heard) == len(expected), picture
    # Silence between cues: from 30 ms after a sound ends to 20 ms before the next one starts.
    starts = [at - origin for at, _ in expected]
    ends = [at - origin + (length or CUE_SECONDS["tick"]) for at, length in expected]
    for end, next_start in zip(ends, starts[1:], strict=False):
        a, b = int((end + 0.03) * RATE), int((next_start - 0.02) * RATE)
        if b - a >= WINDOW:
            assert window_dbfs(samples, a, b - a) < SILENT_DBFS, f"sound between {end:.3f} s and {next_start:.3f} s"
    late = [e * 1000 for e in errors]
    print(f"\n{len(expected)} onsets; error vs plan ms: min {min(late):+.1f} median {statistics.median(late):+.1f} "
          f"max {max(late):+.1f}; calibration offset {statistics.median(offsets) * 1000:+.0f} ms; "
          f"player ready after {result['ready_after']:.2f} s; {load}")


DEVICE_CHANGE = """
import json, subprocess, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from stretch_timer.media.cues import create_cue_player
app = QApplication([])
player = create_cue_player(prefer="qt")

def wait_until(test, seconds):
    deadline = time.monotonic() + seconds
    while not test() and time.monotonic() < deadline:
        loop = QEventLoop()
        QTimer.singleShot(50, loop.quit)
        loop.exec()
    return test()

every = sorted(player._sinks)
result = {"settled": wait_until(lambda: sorted(player.suspended) == every, 5)}
first_device = player._opened_on
subprocess.run(["pactl", "load-module", "module-null-sink", "sink_name=second"], check=True, capture_output=True)
subprocess.run(["pactl", "set-default-sink", "second"], check=True)
result["moved"] = wait_until(lambda: player._opened_on not in (None, first_device), 5)
result["available"] = player.available
result["settled_again"] = wait_until(lambda: sorted(player.suspended) == every, 5)
player.play("go")
result["playing"] = "go" not in player.suspended
result["quiet_after"] = wait_until(lambda: sorted(player.suspended) == every, 3)
print(json.dumps(result))
"""


def test_streams_follow_a_new_default_output_and_rest_between_cues(pulse_env: dict[str, str]) -> None:
    """Headphones plugged in: the player reopens on the new default output; its streams are suspended whenever
    no cue plays (open but idle streams would wake the audio thread all the time)."""
    done = subprocess.run([sys.executable, "-c", DEVICE_CHANGE], env={**pulse_env, "QT_QPA_PLATFORM": "offscreen"},
                          capture_output=True, text=True, timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result == {"settled": True, "moved": True, "available": True, "settled_again": True,
                      "playing": True, "quiet_after": True}, result


def test_no_pulse_process_is_left_behind() -> None:
    """The fixtures above end what they start: no server, parec or speech-dispatcher of this process's private
    runtime folders lingers (each fixture checks its own folder too; parallel workers have folders of their own)."""
    assert not processes_using(f"/{runtime_prefix()}")
