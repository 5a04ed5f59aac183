"""How far the session driver's timing strays under a busy event loop (goal: end time within 20 ms of plan).

Runs a routine through the real SessionDriver in a real Qt event loop, with a fake load: a QTimer every
200 ms whose slot blocks the loop for 150 ms (75 % of the loop's time busy, far worse than any real page).

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
stale. Not a test: wall-clock figures depend on the machine. Run:
``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/timer_drift.py [--real] [--no-load]``.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QCoreApplication, Qt, QTimer

from stretch_timer.core.clock import MonotonicClock
from stretch_timer.core.cue_plan import cue_for
from stretch_timer.core.events import Event
from stretch_timer.core.model import Cues, Routine, Sides, Step, Stretch
from stretch_timer.core.session import Session, SessionSummary
from stretch_timer.qt.driver import SessionDriver

GOAL_MS = 20.0
LOAD_PERIOD_S = 0.200
LOAD_STALL_S = 0.150


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--real", action="store_true", help="a real 2-minute run instead of an accelerated one")
    parser.add_argument("--rate", type=float, default=60.0, help="clock speed-up for the accelerated run")
    parser.add_argument("--minutes", type=float, default=None, help="routine length (default 30, or 2 with --real)")
    parser.add_argument("--no-load", action="store_true", help="without the busy-loop load, for comparison")
    args = parser.parse_args(argv)
    rate = 1.0 if args.real else args.rate
    minutes = args.minutes or (2.0 if args.real else 30.0)
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


if __name__ == "__main__":
    raise SystemExit(main())
