"""How far cues stray from their plan under a busy event loop (goal: every cue within 20 ms of plan).

Two modes; the first line of the output names the setup measured (sound server, speech engine).

**Recorded** (the default when ``pulseaudio`` and ``parec`` are installed): a real-time routine of about a
minute (``--minutes``, default 1: 39 cues, every one on a whole second of the session) runs in a child process
through the real ``QtCuePlayer`` + ``SessionDriver`` + monotonic clock, into a private PulseAudio null sink
(tests/pulse_server.py), while ``parec`` records the sink's monitor. The cue onsets come from the recording
(tests/audio_recording.py: ``detect_onsets``), not from the driver's events, and each is compared with its
planned time. The recording is placed on the monotonic clock from the arrival times of parec's chunks
(``launch.SinkRecording``: never early by more than one sink block, ≤ 10 ms, late by a few ms), and three
"tick"s written when the loop is idle, before the routine, measure the output path's constant latency
(write → heard, ~10–15 ms here). Reported: heard − planned (what a listener gets, that latency included) and
heard − planned − that latency (the error the timing itself adds), each as median, p95 and max of the
absolute error; cues heard, missing, extra; how many were written ahead into the streams.

The load: the GUI thread is blocked 150 ms out of every 200 ms, *phase-locked to the session*: each stall
begins ``--load-phase`` seconds (default −0.010) after a multiple of 200 ms from the session's start, so one
begins 10 ms before every whole second, where every cue falls: a cue played only when it falls due would be
~140 ms late (``--play-when-due`` hides the player's ``schedule`` to show it). ``--load-phase 0.03`` puts the
cues in the 50 ms gaps between stalls instead; ``--spin`` keeps the CPU busy during a stall instead of
sleeping; ``--no-load`` runs without one.

**Event-based** (``--silent``, the old figures, no sound at all): a routine through the real SessionDriver
with a silent player, the cue times taken from the driver's ``cue_played`` events; a QTimer every 200 ms whose
slot blocks the loop for 150 ms (75 % of the loop's time busy, far worse than any real page), its phase
wherever the timer happens to fire.

* default, accelerated: a 30-minute routine on a clock running 60× faster than real time (about 30 s of wall
  time). Everything is scaled together so the run is the same *in session time* as a real one: the clock
  reports 60 session seconds per real second, the driver converts its timer delays back to real
  milliseconds (the clock's ``rate`` attribute), and the load is scaled down too (a stall of 150/60 ≈ 2.5 ms
  every 200/60 ≈ 3.3 ms of real time, i.e. still "150 ms every 200 ms" of session time). Figures below are
  session-time milliseconds, comparable with a real run.
* ``--real``: a real 2-minute routine on the monotonic clock with the unscaled load.

  Reported: the *end time error* (the session's recorded end minus the planned end: drift of the timeline,
  which must not grow with the length of the routine or the load), how late the driver *noticed* the end and
  each cue (bounded by the length of one stall, since the loop cannot run while blocked), and cues dropped as
  stale.

Not a test: wall-clock figures depend on the machine. Run::

    .venv/bin/python benchmarks/timer_drift.py [--minutes 1] [--load-phase -0.01] [--play-when-due] [--spin]
    QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timer_drift.py --silent [--real] [--no-load]
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # launch.py, which puts tests/ on the path too

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from stretch_timer.app.driver import SessionDriver
from stretch_timer.core.clock import MonotonicClock
from stretch_timer.core.cue_plan import cue_for
from stretch_timer.core.events import Event
from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, SessionSummary

ROOT = Path(__file__).resolve().parent.parent
GOAL_MS = 20.0
LOAD_PERIOD_S = 0.200
LOAD_STALL_S = 0.150
LOAD_PHASE_S = -0.010
"""Recorded mode: each stall begins this long after a multiple of the period from the session's start, so
10 ms before every whole second, where the cues are."""
CALIBRATION_AT = (0.4, 0.9, 1.4)
"""Recorded mode: seconds after the player is ready, and again after the routine has rung out, at which a lone
"tick" is written with the loop idle: the output path's latency as the recording sees it, before and after."""
ROUTINE_AT = 2.0
RING_OUT_S = 2.0
"""How long after the routine ends the closing ticks begin ("complete" lasts 1.4 s)."""
MATCH_S = 0.3
"""An onset this close to a cue's planned time (latency included) is that cue's; none that close: missing."""


class ScaledClock:
    """Monotonic time, ``rate`` times faster: session seconds per real second."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._real0 = time.monotonic()
        self._t0 = 1000.0

    def now(self) -> float:
        return self._t0 + (time.monotonic() - self._real0) * self.rate


class QuietCues:
    backend = "silent"
    available = True
    reason = ""
    volume = 1.0
    muted = False

    def play(self, cue: str) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        pass

    def set_muted(self, muted: bool) -> None:
        pass


def routine_of(seconds: float) -> Routine:
    """Two-sided 30 s holds with switches and rests, halfway announcements on, to at least ``seconds``."""
    stretches = [Stretch(id=f"s{i}", name=f"Stretch {i}", instructions=("Hold.",)) for i in range(4)]
    steps: list[Step] = []
    total = 5.0
    while total < seconds:
        steps.append(Step(stretches[len(steps) % 4], hold_override=30, sides_override=Sides.BOTH))
        total += 30 + 5 + 30 + (10 if len(steps) > 1 else 0)
    return Routine(id="drift", name="Drift", steps=tuple(steps), prepare=5, rest=10, switch=5,
                   cues=Cues(countdown=3, halfway=True))


def audio_routine(seconds: float) -> Routine:
    """Two-sided 8 s holds, 2 s switches, 3 s rests, a 3 s countdown everywhere: a cue on every few whole
    seconds (3 + 21 s a step: 63 s, 39 cues, for a minute)."""
    stretches = [Stretch(id=f"s{i}", name=f"Stretch {i}", instructions=("Hold.",)) for i in range(4)]
    steps: list[Step] = []
    total = 3.0
    while total < seconds or not steps:
        steps.append(Step(stretches[len(steps) % 4], hold_override=8, sides_override=Sides.BOTH))
        total += 8 + 2 + 8 + (3 if len(steps) > 1 else 0)
    return Routine(id="drift-audio", name="Drift, recorded", steps=tuple(steps), prepare=3, rest=3, switch=2,
                   cues=Cues(countdown=3, halfway=False))


def run(minutes: float, rate: float, load: bool) -> dict[str, float]:
    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    clock = ScaledClock(rate) if rate != 1 else MonotonicClock()
    session = Session.for_routine(routine_of(minutes * 60), clock)
    driver = SessionDriver(session, QuietCues(), None)  # type: ignore[arg-type]
    cue_lateness: list[float] = []
    wanted = 0
    end: dict[str, float] = {}
    repaints = 0

    def on_cue(cue: str, planned_at: float) -> None:
        cue_lateness.append(clock.now() - planned_at)

    def on_events(events: list[Event]) -> None:
        nonlocal wanted
        wanted += sum(cue_for(e) is not None for e in events)

    def on_finished(summary: SessionSummary) -> None:
        end["noticed"] = clock.now()
        end["summary_end"] = summary.ended_at or 0.0
        QTimer.singleShot(0, app.quit)

    def on_repaint() -> None:
        nonlocal repaints
        repaints += 1
        _ = session.remaining  # what a countdown ring reads

    driver.cue_played.connect(on_cue)
    driver.events_emitted.connect(on_events)
    driver.finished.connect(on_finished)
    driver.display_tick.connect(on_repaint)

    stall = LOAD_STALL_S / rate
    busy = QTimer()
    busy.setTimerType(Qt.TimerType.PreciseTimer)
    busy.setInterval(max(1, round(LOAD_PERIOD_S / rate * 1000)))
    busy.timeout.connect(lambda: time.sleep(stall))
    if load:
        busy.start()
    real_start = time.monotonic()
    driver.start()
    started_at = session.summary().started_at or clock.now()
    app.exec()
    busy.stop()
    driver.stop()
    real_seconds = time.monotonic() - real_start
    planned_end = started_at + session.timeline.total
    lateness_ms = sorted(x * 1000 for x in cue_lateness)
    return {
        "routine_s": session.timeline.total,
        "real_s": real_seconds,
        "end_error_ms": (end["summary_end"] - planned_end) * 1000,
        "end_noticed_late_ms": (end["noticed"] - planned_end) * 1000,
        "cues": len(cue_lateness),
        "dropped": wanted - len(cue_lateness),
        "cue_late_median_ms": statistics.median(lateness_ms),
        "cue_late_p95_ms": lateness_ms[int(0.95 * (len(lateness_ms) - 1))],
        "cue_late_max_ms": lateness_ms[-1],
        "stall_ms": LOAD_STALL_S * 1000 if load else 0.0,
        "repaints": repaints,
    }


# --- recorded: the child (real player, real driver, real clock) ------------------------------------------


class Recorder:
    """The real player for the driver, noting each cue handed over: ``(how, cue, monotonic time, delay)``."""

    def __init__(self, player: Any, calls: list[tuple[str, str, float, float]]) -> None:
        self.player = player
        self.calls = calls
        self.backend = player.backend
        self.available = player.available
        self.reason = player.reason
        self.volume = player.volume
        self.muted = player.muted

    def play(self, cue: str) -> None:
        self.calls.append(("played", cue, time.monotonic(), 0.0))
        self.player.play(cue)

    def set_volume(self, volume: float) -> None:
        self.player.set_volume(volume)

    def set_muted(self, muted: bool) -> None:
        self.player.set_muted(muted)


class SchedulingRecorder(Recorder):
    """As the app's player: cues written ahead into the streams (the driver looks for ``schedule``)."""

    def schedule(self, cue: str, delay: float) -> bool:
        taken = bool(self.player.schedule(cue, delay))
        if taken:
            self.calls.append(("written ahead", cue, time.monotonic(), delay))
        return taken

    def cancel_scheduled(self) -> None:
        self.player.cancel_scheduled()


def child(options: dict[str, Any]) -> int:
    """Calibration ticks, then the routine under the load; one JSON object on stdout."""
    from PySide6.QtCore import QCoreApplication, QEventLoop

    from stretch_timer import paths
    from stretch_timer.media.cues import QtCuePlayer, create_cue_player

    app = QCoreApplication.instance() or QCoreApplication(sys.argv[:1])
    player = create_cue_player(paths.bundled_sounds_dir(), prefer="qt")
    if not isinstance(player, QtCuePlayer):
        print(json.dumps({"error": f"no Qt player: {player.reason}"}))
        return 3
    ready = player.wait_ready(5.0)
    calls: list[tuple[str, str, float, float]] = []
    cues = Recorder(player, calls) if options["play_when_due"] else SchedulingRecorder(player, calls)
    session = Session.for_routine(audio_routine(options["seconds"]), MonotonicClock())
    driver = SessionDriver(session, cues, None)  # type: ignore[arg-type]
    planned: list[tuple[str, float]] = []
    wanted = [0]
    driver.cue_played.connect(lambda cue, at: planned.append((cue, at)))
    driver.events_emitted.connect(lambda events: wanted.__setitem__(0, wanted[0] + sum(
        cue_for(e) is not None for e in events)))
    calibration: list[float] = []

    def calibrate() -> None:
        calibration.append(time.monotonic())
        player.play("tick")

    def precise(seconds: float, slot: Any) -> QTimer:
        timer = QTimer()
        timer.setSingleShot(True)
        timer.setTimerType(Qt.TimerType.PreciseTimer)
        timer.timeout.connect(slot)
        timer.start(round(seconds * 1000))
        return timer

    origin = [0.0]
    stalls = [0]
    phase, spin = float(options["phase"]), bool(options["spin"])

    def stall() -> None:
        """Blocked until the end of the stall window we are in, if we are in one (windows follow the session)."""
        into = (time.monotonic() - origin[0] - phase) % LOAD_PERIOD_S
        if into < LOAD_STALL_S:
            stalls[0] += 1
            until = time.monotonic() + LOAD_STALL_S - into
            if spin:
                while time.monotonic() < until:
                    pass
            else:
                time.sleep(max(0.0, until - time.monotonic()))

    load = QTimer()
    load.setTimerType(Qt.TimerType.PreciseTimer)
    load.setInterval(5)
    load.timeout.connect(stall)

    def start() -> None:
        driver.start()
        origin[0] = session.summary().started_at or time.monotonic()
        if options["load"]:
            load.start()

    loop = QEventLoop()
    end: dict[str, float] = {}

    def finished(summary: Any) -> None:
        end["summary_end"] = summary.ended_at or 0.0
        load.stop()
        timers.extend(precise(RING_OUT_S + at, calibrate) for at in CALIBRATION_AT)
        timers.append(precise(RING_OUT_S + CALIBRATION_AT[-1] + 0.5, loop.quit))

    driver.finished.connect(finished)
    timers = [precise(at, calibrate) for at in CALIBRATION_AT]
    timers.append(precise(ROUTINE_AT, start))
    timers.append(precise(ROUTINE_AT + session.timeline.total + 20, loop.quit))  # the guard
    loop.exec()
    load.stop()
    driver.stop()
    player.close()
    started = origin[0]
    print(json.dumps({
        "ready": ready, "backend": player.backend, "calibration": calibration, "planned": planned,
        "calls": calls, "wanted": wanted[0], "stalls": stalls[0], "started_at": started,
        "total": session.timeline.total,
        "end_error_ms": (end["summary_end"] - started - session.timeline.total) * 1000 if end else None,
    }))
    del app
    return 0


# --- recorded: the benchmark (server, recording, analysis) -----------------------------------------------


def _abs_stats(errors_ms: list[float]) -> str:
    values = sorted(abs(e) for e in errors_ms)
    if not values:
        return "no cue heard"
    p95 = values[max(0, math.ceil(0.95 * len(values)) - 1)]
    return f"median {statistics.median(values):.1f} ms, p95 {p95:.1f} ms, max {values[-1]:.1f} ms"


def recorded(args: argparse.Namespace) -> int:
    from audio_recording import detect_onsets
    from launch import PulseUnavailable, SinkRecording, private_pulse_server  # first: puts tests/ on the path

    seconds = (args.minutes or 1.0) * 60
    options = {"seconds": seconds, "load": not args.no_load, "phase": args.load_phase, "spin": args.spin,
               "play_when_due": args.play_when_due}
    print("sound server: private PulseAudio null sink; speech engine: none (the driver runs with no voice); "
          "cue onsets from a parec recording of the sink", flush=True)
    try:
        with private_pulse_server() as env:
            recording = SinkRecording(env)
            try:
                if not recording.wait_started():
                    print("parec delivered no data")
                    return 1
                done = subprocess.run(  # killed at the timeout: the routine must never hang the benchmark
                    [sys.executable, __file__, "--child", json.dumps(options)],
                    env={**env, "QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT)},
                    capture_output=True, timeout=ROUTINE_AT + seconds * 1.5 + 60,
                )
                time.sleep(0.2)
            finally:
                samples = recording.stop()
    except PulseUnavailable as error:
        print(f"no sound server: {error}; --silent measures without one")
        return 1
    except subprocess.TimeoutExpired:
        print("the routine did not finish in time (its process was killed)")
        return 1
    try:
        result = json.loads(done.stdout.decode().strip().splitlines()[-1])
    except (IndexError, ValueError):
        print(f"the routine's process failed ({done.returncode}): {done.stderr.decode(errors='replace')[-2000:]}")
        return 1
    if "error" in result:
        print(result["error"])
        return 1
    origin = recording.origin()
    assert origin is not None
    onsets = [origin + o for o in detect_onsets(samples)]

    calibration: list[float] = result["calibration"]
    latencies: list[tuple[float, float]] = []  # (written, write → heard)
    for written in calibration:
        near = [o - written for o in onsets if -0.05 < o - written < 0.5]
        if near:
            latencies.append((written, min(near, key=abs)))
    if len(latencies) < 2 * len(CALIBRATION_AT):
        print(f"calibration ticks not heard ({len(latencies)} of {2 * len(CALIBRATION_AT)}); onsets {onsets[:8]}")
        return 1
    before, after = latencies[:len(CALIBRATION_AT)], latencies[len(CALIBRATION_AT):]
    (t1, l1), (t2, l2) = [(statistics.median(t for t, _ in part), statistics.median(x for _, x in part))
                          for part in (before, after)]

    def latency(at: float) -> float:
        """The idle write → heard latency at ``at``, straight between the ticks before and after the routine."""
        return l1 + (l2 - l1) * (at - t1) / (t2 - t1)

    planned = sorted(((cue, at) for cue, at in result["planned"]), key=lambda c: c[1])
    heard: set[float] = set()
    raw: list[float] = []
    corrected: list[float] = []
    missing: list[str] = []
    for cue, at in planned:
        candidates = [o for o in onsets if abs(o - at - latency(at)) <= MATCH_S and o not in heard]
        if not candidates:
            missing.append(f"{cue}@{at - result['started_at']:.0f}s")
            continue
        onset = min(candidates, key=lambda o: abs(o - at - latency(at)))
        heard.add(onset)
        raw.append((onset - at) * 1000)
        corrected.append((onset - at - latency(at)) * 1000)
    extra = [o for o in onsets if o >= min(calibration) - 0.2 and o not in heard
             and not any(abs(o - c - latency(c)) <= MATCH_S for c in calibration)]
    ahead = sum(how == "written ahead" for how, *_ in result["calls"])
    when_due = sum(how == "played" for how, *_ in result["calls"])
    worst = max((abs(e) for e in corrected), default=float("inf"))
    complete = not missing and len(planned) == result["wanted"] and planned

    load = "none" if args.no_load else (
        f"{LOAD_STALL_S * 1000:.0f} ms {'spinning' if args.spin else 'sleeping'} stall every "
        f"{LOAD_PERIOD_S * 1000:.0f} ms, each beginning {args.load_phase * 1000:+.0f} ms from a multiple of "
        f"{LOAD_PERIOD_S * 1000:.0f} ms into the session ({result['stalls']} stalls)")
    player = "cues handed over when due (--play-when-due)" if args.play_when_due else "cues written ahead"
    print(f"real run of a {result['total']:.0f} s routine through QtCuePlayer + SessionDriver "
          f"({player}); load: {load}")
    ms = [", ".join(f"{x * 1000:.1f}" for _, x in part) for part in (before, after)]
    print(f"  output latency, idle ticks write → heard: before the routine {ms[0]} ms, after it {ms[1]} ms "
          f"(the recording's placement creeps while the app's streams are open; see launch.SinkRecording)")
    print(f"  cues: {len(planned)} played by the driver ({result['wanted'] - len(planned)} dropped as stale), "
          f"{ahead} written ahead, {when_due} played when due; heard {len(raw)}, missing {len(missing)}"
          f"{' (' + ', '.join(missing[:8]) + ')' if missing else ''}, extra onsets {len(extra)}")
    signed = statistics.median(corrected) if corrected else float("nan")
    print(f"  |heard − plan − idle latency|: {_abs_stats(corrected)}; signed median {signed:+.1f} ms  "
          f"(goal ≤ {GOAL_MS:.0f} ms: {'met' if complete and worst <= GOAL_MS else 'NOT met'})")
    print(f"  |heard − plan| (latency and the placement's creep included): {_abs_stats(raw)}")
    if result["end_error_ms"] is not None:
        print(f"  end time error (session end − planned end): {result['end_error_ms']:+.2f} ms")
    return 0 if complete else 1


def silent(args: argparse.Namespace, why: str = "--silent") -> int:
    rate = 1.0 if args.real else args.rate
    minutes = args.minutes or (2.0 if args.real else 30.0)
    print(f"sound server: none ({why}: a silent player, cue times from the driver's events); speech engine: none",
          flush=True)
    r = run(minutes, rate, not args.no_load)
    kind = "real" if rate == 1 else f"accelerated {rate:g}×"
    load = "none" if args.no_load else f"{r['stall_ms']:.0f} ms stall every 200 ms (session time)"
    print(f"{kind} run of a {r['routine_s'] / 60:.1f}-minute routine in {r['real_s']:.1f} s of wall time; load: {load}")
    print(f"  end time error (session end − planned end): {r['end_error_ms']:+.2f} ms  (goal |e| ≤ {GOAL_MS:.0f} ms: "
          f"{'met' if abs(r['end_error_ms']) <= GOAL_MS else 'NOT met'})")
    print(f"  end noticed by the driver:                  {r['end_noticed_late_ms']:+.1f} ms after plan")
    print(f"  cues: {r['cues']} played, {r['dropped']} dropped as stale; late by median "
          f"{r['cue_late_median_ms']:.1f} ms, p95 {r['cue_late_p95_ms']:.1f} ms, max {r['cue_late_max_ms']:.1f} ms")
    print(f"  display ticks: {r['repaints']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child(json.loads(argv[1]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--silent", action="store_true", help="the event-based figures, no sound server")
    parser.add_argument("--real", action="store_true", help="--silent: a real 2-minute run, not an accelerated one")
    parser.add_argument("--rate", type=float, default=60.0, help="--silent: clock speed-up for the accelerated run")
    parser.add_argument("--minutes", type=float, default=None,
                        help="routine length (default: 1 recorded; --silent 30, or 2 with --real)")
    parser.add_argument("--no-load", action="store_true", help="without the busy-loop load, for comparison")
    parser.add_argument("--load-phase", type=float, default=LOAD_PHASE_S,
                        help="recorded: seconds from a multiple of 200 ms into the session to each stall's start")
    parser.add_argument("--spin", action="store_true", help="recorded: stalls keep the CPU busy instead of sleeping")
    parser.add_argument("--play-when-due", action="store_true",
                        help="recorded: the player cannot schedule, cues are played when they fall due")
    args = parser.parse_args(argv)
    if args.silent:
        return silent(args)
    from launch import missing_programs

    missing = missing_programs()
    if missing:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        return silent(args, f"needs {', '.join(missing)} to record")
    return recorded(args)


if __name__ == "__main__":
    raise SystemExit(main())
