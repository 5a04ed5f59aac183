"""``stretch-timer start calf-cramp-relief`` → the first cue event (goal ≤ 1 s).

Wall time from spawning the command to the session's first event reaching the driver (the get-ready's
PhaseStarted: the screen changes and its announcement is spoken), read from the app's ``STRETCH_TIMER_TRACE``
milestones; the first sound played is shown as well (the first countdown tick comes seconds later by design).
Sound and voice are created as a person would have them (not muted), so their start-up is included. Medians
of several runs after a warm-up; not a test.

    .venv/bin/python benchmarks/start_to_first_cue.py [--runs 5] [--xvfb]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launch import Run, app_command, base_env, display

GOAL_SECONDS = 1.0
ROUTINE = "calf-cramp-relief"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true")
    args = parser.parse_args()
    first_event: list[float] = []
    first_paint: list[float] = []
    sounds: list[str] = []
    with tempfile.TemporaryDirectory(prefix="stretch-timer-bench-") as home, display(args.xvfb) as extra:
        env = {**base_env(Path(home)), **extra}
        for index in range(args.runs + 1):
            run = Run(app_command("start", ROUTINE), env)
            try:
                event = run.wait_for("first-event")
                paint = run.wait_for("first-paint")
            finally:
                run.stop()
            if index:
                first_event.append(event)
                first_paint.append(paint)
        # One more run, long enough for the first sound (the countdown before the first hold).
        run = Run(app_command("start", ROUTINE), env)
        try:
            cue = run.wait_for("first-cue", timeout=15)
            sounds.append(f"{run.details.get('first-cue', '?')} at {cue:.2f} s")
        except (TimeoutError, RuntimeError) as error:
            sounds.append(f"none ({str(error).splitlines()[0]})")
        finally:
            run.stop()
    median = statistics.median(first_event)
    print(f"stretch-timer start {ROUTINE}; {args.runs} runs, medians")
    print(f"spawn → first cue event (get ready starts): {median * 1000:6.0f} ms "
          f"(min {min(first_event) * 1000:.0f}, max {max(first_event) * 1000:.0f}) "
          f"goal ≤ {GOAL_SECONDS * 1000:.0f} ms {'OK' if median <= GOAL_SECONDS else 'OVER GOAL'}")
    print(f"spawn → player painted: {statistics.median(first_paint) * 1000:6.0f} ms")
    print(f"first sound played: {sounds[0]} (the routine's 3 s get-ready ends with a countdown)")


if __name__ == "__main__":
    main()
