"""Real voice, end to end: speechd → espeak-ng → a PulseAudio null sink, recorded beside the real cues.

A private PulseAudio server (tests/pulse_server.py) and a speech-dispatcher in its environment
(tests/speech_server.py) are started per test; ``parec`` records the null sink; tests/media/voice_scenario.py
runs a short routine twice, at the day and the bedtime volume, with the real QtCuePlayer, SessionDriver and
the Voice from ``create_voice()``. Three calibration ticks line the recording up with the clock. Checked:

* the first phase's announcement is heard, starting within ``SPEECH_LAG`` of the phase's planned start, and
  it has ended before the next cue sounds (cue and voice never talk over each other there);
* it is as loud as a cue at the same setting: within ``LOUDNESS_DB`` of a lone "go" played just before, both
  measured as RMS over the active part of the sound (``audio_recording.active_rms_dbfs``: why RMS, not peak);
* bedtime is quieter than the day for both, by about the theme's factor;
* nothing it started is left running (speech-dispatcher and its module, pulseaudio, parec).

Skips only when the programs are missing (scripts/test installs them).
"""

from __future__ import annotations

import array
import json
import statistics
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pulse_server
import pytest
import speech_server
from audio_recording import RATE, Recording, active_rms_dbfs, detect_onsets, peak_dbfs, sound_end

pytestmark = [pytest.mark.audio, pytest.mark.slow, pytest.mark.realtime]

SCENARIO = Path(__file__).with_name("voice_scenario.py")
SETTINGS = [{"name": "day", "volume": 80, "factor": 1.0}, {"name": "bedtime", "volume": 80, "factor": 0.5}]
SPEECH_LAG = 1.5
"""How long after its phase's planned start an announcement may begin (speechd + espeak-ng + PulseAudio)."""
LOUDNESS_DB = 3.0
GO_SECONDS = 0.55


@pytest.fixture
def voice_env() -> Iterator[dict[str, str]]:
    """A private PulseAudio server with a speech-dispatcher of its own; the environment that reaches both.

    Afterwards nothing that mentions its runtime folder may still run: not the servers or parec, and not a
    speech-dispatcher autospawned by the app because it missed ours.
    """
    missing = pulse_server.missing_programs() + speech_server.missing_programs()
    if missing:
        pytest.skip(f"needs {', '.join(missing)} (scripts/test installs them)")
    try:
        with pulse_server.private_pulse_server() as env, speech_server.private_speech_dispatcher(env) as logs:
            runtime = env["XDG_RUNTIME_DIR"]
            env["ST_SPEECHD_LOGS"] = str(logs)
            yield env
    except (pulse_server.PulseUnavailable, speech_server.SpeechUnavailable) as problem:
        pytest.fail(str(problem))
    left = speech_server.processes_mentioning(runtime)
    assert not left, f"still running after the test: {left}"


def run_scenario(env: dict[str, str], tmp_path: Path, *extra: str) -> dict[str, Any]:
    err = tmp_path / "scenario.err"
    with err.open("wb") as stderr:
        done = subprocess.run(
            [sys.executable, str(SCENARIO), json.dumps(SETTINGS), *extra], env={**env, "QT_QPA_PLATFORM": "offscreen"},
            stdout=subprocess.PIPE, stderr=stderr, timeout=120,
        )
    tail = err.read_text(errors="replace")[-3000:]
    logs = speech_server.log_tail(Path(env["ST_SPEECHD_LOGS"]))
    assert done.returncode == 0, f"scenario failed ({done.returncode}): {done.stdout[-2000:]!r}\n{tail}\n{logs}"
    result: dict[str, Any] = json.loads(done.stdout.decode().strip().splitlines()[-1])
    return result


def recording_origin(onsets: list[float], calibration: list[float], rough: float) -> float:
    """The monotonic time of recording sample 0 (output latency included), from the three calibration ticks."""
    offsets = []
    for at in calibration:
        near = [o for o in onsets if abs(o - (at - rough)) < 0.5]
        assert near, f"calibration tick at {at - rough:.3f} s not heard; onsets {onsets[:10]}"
        offsets.append(min(near, key=lambda o: abs(o - (at - rough))) - (at - rough))
    assert max(offsets) - min(offsets) < 0.03, offsets
    return rough - statistics.median(offsets)


def measure(samples: array.array[int], onsets: list[float], origin: float, run: dict[str, Any]) -> dict[str, Any]:
    """Where the first announcement starts and ends in the recording, and how loud it and the lone "go" are."""
    index, planned_start, text = run["phases"][0]
    assert index == 0 and text, run["phases"]
    assert run["said"] and run["said"][0][0] == text, f"the driver did not say the first announcement: {run['said']}"
    phase_at = planned_start - origin
    next_cue_at = min(at for _cue, at in run["planned"] if at > planned_start + 0.01) - origin
    speech = [o for o in onsets if phase_at - 0.05 <= o < next_cue_at - 0.02]
    assert speech, (f"{run['name']}: no sound between the phase start ({phase_at:.3f} s) and the next cue "
                    f"({next_cue_at:.3f} s); onsets {[round(o, 3) for o in onsets]}")
    begins = speech[0]
    ends = sound_end(samples, begins, next_cue_at - 0.02)
    reference = min(onsets, key=lambda o: abs(o - (run["reference_at"] - origin)))
    assert abs(reference - (run["reference_at"] - origin)) < 0.1, "the reference 'go' was not heard"
    a, b = int(begins * RATE), int(ends * RATE)
    c, d = int(reference * RATE), int((reference + GO_SECONDS) * RATE)
    return {
        "text": text, "lag": begins - phase_at, "begins": begins, "ends": ends, "next_cue": next_cue_at,
        "voice_rms": active_rms_dbfs(samples, a, b), "voice_peak": peak_dbfs(samples, a, b),
        "cue_rms": active_rms_dbfs(samples, c, d), "cue_peak": peak_dbfs(samples, c, d),
    }


def record_scenario(env: dict[str, str], tmp_path: Path, *extra: str) -> list[dict[str, Any]]:
    recording = Recording(env)
    try:
        assert recording.wait_started(), "parec delivered no data"
        result = run_scenario(env, tmp_path, *extra)
        time.sleep(0.3)
    finally:
        samples = recording.stop()
    (tmp_path / "recording.s16le").write_bytes(samples.tobytes())  # for a look after a failure (44.1 kHz mono)
    assert result["engine"] == "speechd", result
    assert [r["name"] for r in result["runs"]] == [s["name"] for s in SETTINGS], result["runs"]
    assert all(r["finished"] for r in result["runs"]), result["runs"]
    assert recording.first_at is not None
    onsets = detect_onsets(samples)
    origin = recording_origin(onsets, result["calibration"], recording.first_at)
    measured = [{**run, **measure(samples, onsets, origin, run)} for run in result["runs"]]
    assert all(m["voice_maps_volume"] for m in measured), "the voice must map the cue volume onto its engine"
    for m in measured:
        mapped_by = "the voice" if m["voice_maps_volume"] else "the scenario"
        print(f"\n{m['name']}: cue volume {m['cue_volume']:.2f}, engine volume {m['voice_volume']:.3f} "
              f"(mapped by {mapped_by}): "
              f"{m['text']!r} from +{m['lag']:.2f} s for {m['ends'] - m['begins']:.2f} s (next cue at "
              f"+{m['next_cue'] - m['begins'] + m['lag']:.2f} s); voice RMS {m['voice_rms']:.1f} dBFS "
              f"(peak {m['voice_peak']:.1f}), cue RMS {m['cue_rms']:.1f} dBFS (peak {m['cue_peak']:.1f})", end="")
    print(f"\nvoice ready after {result['voice_ready_after']:.2f} s")
    return measured


def test_the_first_announcement_is_heard_on_time_clear_of_cues_and_as_loud_as_them(
        voice_env: dict[str, str], tmp_path: Path) -> None:
    runs = record_scenario(voice_env, tmp_path)
    for m in runs:
        assert 0 <= m["lag"] <= SPEECH_LAG, f"{m['name']}: the announcement began {m['lag']:.2f} s after its phase"
        assert m["ends"] - m["begins"] > 0.5, f"{m['name']}: {m['ends'] - m['begins']:.2f} s is no announcement"
        assert m["ends"] < m["next_cue"] - 0.02, (
            f"{m['name']}: the announcement was still sounding when the next cue came at {m['next_cue']:.2f} s")
        assert abs(m["voice_rms"] - m["cue_rms"]) <= LOUDNESS_DB, (
            f"{m['name']}: voice {m['voice_rms']:.1f} dBFS vs cue {m['cue_rms']:.1f} dBFS (RMS over the active "
            f"part) at cue volume {m['cue_volume']:.2f}, engine volume {m['voice_volume']:.3f}")
    day, bedtime = runs
    for key in ("voice_rms", "cue_rms"):  # the theme's factor 0.5 is −6 dB
        assert day[key] - 9 < bedtime[key] < day[key] - 3, (key, day[key], bedtime[key])

