"""Cold ``stretch-timer start`` → the first cue heard in the sink (goal ≤ 0.5 s), and → the first paint (goal ≤
1.3× a bare PySide6 window), with and without a sound server and a speech engine.

The routine is the benchmark's own, written into its private ``STRETCH_TIMER_HOME/routines``: no get-ready
(``prepare: 0``) and one 6 s hold with a 3 s countdown, so its "go" is due the moment the session starts (then
ticks at 3, 4 and 5 s and "complete" at 6 s). Each run spawns the app cold (a new process; byte-code caches
warm after the first, warm-up run) and measures from the spawn (the exec):

* **first cue heard** (setups with a sound server): ``parec`` records the private null sink's monitor from
  before the spawn until the app is stopped, 3.6 s after its session started; the first onset found in the
  recording (tests/audio_recording.py: ``detect_onsets``) is placed on the monotonic clock and taken from the
  spawn. Which cue it was is told from the plan: one heard within 1.5 s of the session's start is the "go",
  a later one a countdown tick (the "go" was lost or dropped as stale).

  *Alignment*: every chunk ``parec`` delivers is timestamped as it arrives; the sink took sample ``n`` no
  later than the chunk holding it arrived, so the recording's first sample sits at the smallest ``arrival −
  n / 44100`` over the run (``launch.SinkRecording``; the null sink runs on the monotonic clock). Error bound:
  a time placed this way is late by at most the least chunk delay and early by at most one sink block (≤ 10
  ms) plus the few ms the chunks shift while the app's streams are open (measured, see SinkRecording); a run's
  recording lasts about 4 s, too short for the slow creep to matter. Once per setup a helper process writes
  three ticks into a live stream at known moments: write → onset in the recording bounds the lateness from
  above (printed as "alignment check", 5–15 ms here, the whole Qt → PulseAudio output path included).
* **first paint**: the app's ``STRETCH_TIMER_TRACE`` milestone ``first-paint`` (the player page), paired with
  a bare PySide6 window run just before it in the same setup (launch.py's baseline); the verdict is the median
  of the per-pair ratios, as in launch.py.
* also shown: spawn → the session's first event (``first-event``), the first cue handed to the player
  (``first-cue``: at once, to the stand-in player, before any sound exists), what the app reported about its
  sound and voice, and when the voice joined or gave up.

``--setup`` (the first line of the output names each one's sound server and speech engine):

* ``all`` (the default): the four below, one after the other;
* ``none``: no sound server, ``--no-voice``;
* ``pulse``: a private PulseAudio server with a null sink (``tests/pulse_server.py``), ``--no-voice``;
* ``speechd``: no sound server, voice on (speech-dispatcher, when installed, has nowhere to speak);
* ``both``: the private PulseAudio server and the voice;
* ``machine``: whatever this machine has, sound and voice on (nothing is recorded).

Each setup gets its own ``XDG_RUNTIME_DIR``, so the speech-dispatcher the app autospawns is a private one
(kept for the setup's runs, as a desktop keeps it, and ended afterwards: ``tests/speech_leftovers.py``); the
PulseAudio server, ``parec`` and the helper are ended by their handles. A milestone not reached within
``--timeout`` seconds counts as timed out, never waited for. Medians of ``--runs`` runs after a warm-up; the
figures depend on the machine (not a test).

    .venv/bin/python benchmarks/start_to_first_cue.py [--runs 5] [--xvfb] [--setup all] [--timeout 20]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launch import (
    ROOT,
    SETUPS,
    WITH_PULSE,
    WITH_VOICE,
    PulseUnavailable,
    Run,
    SinkRecording,
    app_command,
    bare_command,
    base_env,
    display,
    media_reported,
    setup_env,
    setup_line,
    voice_args,
)

HEARD_GOAL_S = 0.5
PAINT_GOAL_RATIO = 1.3
ROUTINE = "first-cue-now"
ROUTINE_YAML = """\
# The start_to_first_cue benchmark's routine: the "go" is due the moment it starts.
format: 1
name: First cue now
prepare: 0
cues:
  countdown: 3
  halfway: false
steps:
  - stretch: seated-toe-pull
    sides: none
    hold: 6
"""
PLAN = (("go", 0.0), ("tick", 3.0), ("tick", 4.0), ("tick", 5.0), ("complete", 6.0))
"""The routine's cues, seconds after its session starts."""
GO_WITHIN_S = 1.5
"""An onset this soon after the session started is the "go" (the next cue is 3 s in)."""
LISTEN_S = 3.6
"""How long after the session started a run with a sound server is kept going: past the first tick."""

TICKS = """
import json, sys, time
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from stretch_timer import paths
from stretch_timer.media.cues import QtCuePlayer, create_cue_player
app = QApplication(sys.argv[:1])
player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
ready = isinstance(player, QtCuePlayer) and player.wait_ready(5.0)
written = []
def tick():
    written.append(time.monotonic())
    player.play("tick")
loop = QEventLoop()
for at in (300, 600, 900):
    QTimer.singleShot(at, tick)
QTimer.singleShot(1300, loop.quit)
if ready:
    loop.exec()
player.close()
print(json.dumps({"ready": bool(ready), "backend": player.backend, "written": written}))
"""
"""The alignment check: three ticks written into a live QtCuePlayer stream at known monotonic times."""


@dataclass
class Figures:
    """One setup's measurements, one entry per measured run (the warm-up left out)."""

    event: list[float] = field(default_factory=list)
    paint: list[float] = field(default_factory=list)
    bare: list[float] = field(default_factory=list)
    ratios: list[float] = field(default_factory=list)
    handed: list[str] = field(default_factory=list)
    heard: list[float] = field(default_factory=list)
    heard_what: list[str] = field(default_factory=list)
    voice: list[str] = field(default_factory=list)
    reported: str = ""


def write_routine(home: Path) -> None:
    routines = home / "routines"
    routines.mkdir(parents=True, exist_ok=True)
    (routines / f"{ROUTINE}.yaml").write_text(ROUTINE_YAML, encoding="utf-8")


def _median_ms(values: list[float], runs: int) -> str:
    if not values:
        return f"none within the timeout ({runs} runs)"
    timed_out = runs - len(values)
    text = f"{statistics.median(values) * 1000:6.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    return text + (f", {runs - len(values)} of {runs} runs without it" if timed_out else "")


def _wait(run: Run, name: str, timeout: float) -> float | None:
    with contextlib.suppress(TimeoutError, RuntimeError):
        return run.wait_for(name, timeout=timeout)
    return None


def first_heard(recording: SinkRecording, run: Run) -> tuple[float | None, str]:
    """Seconds from the spawn to the first onset in the recording, and which cue it was (or why none)."""
    from audio_recording import detect_onsets

    samples = recording.stop()
    origin = recording.origin()
    if origin is None:
        return None, "parec recorded nothing"
    started = run.monotonic("run-started")
    onsets = [origin + o for o in detect_onsets(samples)]
    onsets = [o for o in onsets if o >= run.spawned_monotonic]
    if not onsets:
        return None, "nothing heard"
    first = onsets[0]
    if started is None:
        return first - run.spawned_monotonic, "a sound (no run-started milestone)"
    into = first - started
    if -0.05 <= into <= GO_WITHIN_S:
        what = "go"
    else:
        cue, at = min(PLAN, key=lambda c: abs(c[1] - into))
        what = f"{cue} due at {at:.0f} s ({into - at:+.3f} s); the go was not heard"
    joined = run.monotonic("voice")
    if joined is not None and first >= joined and run.details.get("voice", "").startswith("engine="):
        what += ", or the voice (it had joined)"
    return first - run.spawned_monotonic, what


def one_run(name: str, env: dict[str, str], timeout: float, figures: Figures, warm_up: bool = False) -> None:
    """A bare window, then the app, back to back, into ``figures``; the warm-up also waits for the app to say
    what sound and voice it found (``figures.reported``)."""
    bare_run = Run(bare_command(), env)
    try:
        bare = _wait(bare_run, "first-paint", timeout)
    finally:
        bare_run.stop()
    recording: SinkRecording | None = None
    if name in WITH_PULSE:
        recording = SinkRecording(env)
        if not recording.wait_started(timeout=min(10.0, timeout)):
            recording.stop()
            recording = None
    run = Run(app_command("start", ROUTINE, *voice_args(name)), env)
    voice = name in WITH_VOICE or name == "machine"
    try:
        event = _wait(run, "first-event", timeout)
        paint = _wait(run, "first-paint", timeout if event is not None else 1.0)
        handed = _wait(run, "first-cue", 3.0) if paint is not None else None
        if warm_up:
            figures.reported = media_reported(run, voice, timeout=min(10.0, timeout))
        elif voice and paint is not None:
            _wait(run, "voice", timeout)
        started = run.monotonic("run-started")
        if recording is not None and started is not None:
            time.sleep(max(0.0, started + LISTEN_S - time.monotonic()))
    finally:
        run.stop()
    heard: tuple[float | None, str] = (None, "no recording")
    if recording is not None:
        time.sleep(0.1)  # what the sink took last reaches parec
        heard = first_heard(recording, run)
    if event is not None:
        figures.event.append(event)
    if paint is not None:
        figures.paint.append(paint)
    if bare is not None:
        figures.bare.append(bare)
    if paint is not None and bare is not None:
        figures.ratios.append(paint / bare)
    if handed is not None:
        figures.handed.append(f"{run.details.get('first-cue', '?')} {handed:.2f} s")
    if voice and "voice" in run.marks:
        figures.voice.append(f"{run.marks['voice'] - run.spawned:.2f} s ({run.details.get('voice', '?')})")
    if recording is not None:
        if heard[0] is not None:
            figures.heard.append(heard[0])
        figures.heard_what.append(heard[1] if heard[0] is None else f"{heard[0]:.3f} s: {heard[1]}")


def alignment_check(env: dict[str, str], timeout: float) -> str:
    """Write→heard of three ticks from a helper process: an upper bound on the alignment's error."""
    from audio_recording import detect_onsets

    recording = SinkRecording(env)
    try:
        if not recording.wait_started(timeout=min(10.0, timeout)):
            return "not made (parec delivered nothing)"
        done = subprocess.run([sys.executable, "-c", TICKS], env={**env, "QT_QPA_PLATFORM": "offscreen"},
                              cwd=ROOT, capture_output=True, text=True, timeout=max(20.0, timeout))
        time.sleep(0.1)
    except subprocess.TimeoutExpired:
        return "not made (the helper did not finish)"
    finally:
        samples = recording.stop()
    try:
        result = json.loads(done.stdout.strip().splitlines()[-1])
    except (IndexError, ValueError):
        return f"not made (helper exit {done.returncode}: {done.stderr.strip()[-300:]})"
    origin = recording.origin()
    if not result["ready"] or origin is None:
        return f"not made (helper's player {result['backend']}, ready {result['ready']})"
    onsets = [origin + o for o in detect_onsets(samples)]
    delays = []
    for written in result["written"]:
        after = [o - written for o in onsets if -0.05 < o - written < 0.5]
        if after:
            delays.append(min(after, key=abs))
    if len(delays) < len(result["written"]):
        return f"not made (heard {len(delays)} of {len(result['written'])} ticks)"
    return (f"three ticks written at known times, heard {min(delays) * 1000:+.1f} to {max(delays) * 1000:+.1f} ms "
            f"after (so the heard times below are late by at most ~{min(delays) * 1000:.0f} ms; early by at most one "
            f"sink block, ≤ 10 ms, and a few ms of shift)")


def measure_setup(name: str, runs: int, timeout: float, env: dict[str, str]) -> None:
    print(f"[{name}] {setup_line(name)}", flush=True)
    check = alignment_check(env, timeout) if name in WITH_PULSE else ""
    warm_up, figures = Figures(), Figures()
    one_run(name, env, timeout, warm_up, warm_up=True)  # warms the caches (and starts the speech service)
    for _ in range(runs):
        one_run(name, env, timeout, figures)
    args = " ".join(["start", ROUTINE, *voice_args(name)])
    print(f"  stretch-timer {args} (prepare 0: the go is due at once); {runs} runs, medians")
    print(f"  the app reported (warm-up run): {warm_up.reported}")
    if name in WITH_PULSE:
        heard = statistics.median(figures.heard) if len(figures.heard) == runs else float("inf")
        print(f"  spawn → first cue heard in the sink: {_median_ms(figures.heard, runs)} "
              f"goal ≤ {HEARD_GOAL_S * 1000:.0f} ms {'OK' if heard <= HEARD_GOAL_S else 'OVER GOAL'}")
        print(f"    each run: {'; '.join(figures.heard_what)}")
        print(f"    alignment check: {check}")
    else:
        print("  first cue heard: nothing to hear (no sound server)")
    ratio = statistics.median(figures.ratios) if figures.ratios else float("inf")
    quartiles = statistics.quantiles(figures.ratios, n=4) if len(figures.ratios) > 1 else [ratio, ratio, ratio]
    print(f"  spawn → player painted: {_median_ms(figures.paint, runs)}; bare window {_median_ms(figures.bare, runs)}")
    print(f"    ratio, median of the {len(figures.ratios)} pairs: {ratio:.2f}× (middle half {quartiles[0]:.2f}–"
          f"{quartiles[2]:.2f}×) goal ≤ {PAINT_GOAL_RATIO}× {'OK' if ratio <= PAINT_GOAL_RATIO else 'OVER GOAL'}")
    print(f"  spawn → first event (the hold starts): {_median_ms(figures.event, runs)}")
    print(f"  first cue handed to the player (the stand-in, before sound exists): "
          f"{'; '.join(figures.handed) or 'none'}")
    if name in WITH_VOICE or name == "machine":
        print(f"  voice joined or gave up: {'; '.join(figures.voice) or 'no voice milestone'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true")
    parser.add_argument("--setup", choices=("machine", *SETUPS, "all"), default="all")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each milestone")
    args = parser.parse_args()
    setups = SETUPS if args.setup == "all" else (args.setup,)
    print("setups: " + "; ".join(f"{name}: {setup_line(name)}" for name in setups), flush=True)
    with tempfile.TemporaryDirectory(prefix="stretch-timer-bench-") as home, display(args.xvfb) as extra:
        write_routine(Path(home))
        for name in setups:
            try:
                with setup_env(name) as setup:
                    env = {**base_env(Path(home)), **extra, **setup}
                    measure_setup(name, args.runs, args.timeout, env)
            except PulseUnavailable as error:
                print(f"[{name}] not measured: {error}")


if __name__ == "__main__":
    main()
