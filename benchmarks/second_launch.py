"""A second ``stretch-timer start calf-cramp-relief`` while the app runs: spawn → its exit, and → the running app's
first cue, as a ratio to a bare ``import PySide6.QtCore`` process (goal: exit and first cue within 0.3 s).

The app runs for real (``python -m stretch_timer``, on the library, with the sound and voice of ``--setup``;
``--xvfb`` puts it on a private Xvfb, else it renders offscreen), with ``STRETCH_TIMER_TRACE=1``. Each round:

1. (not timed) ``stretch-timer start foot-cramp-relief``, so that a routine runs and the timed launch has to
   replace it (a relief routine replaces a running one at once; the one already running would be left alone);
2. ``python -c "import PySide6.QtCore"`` (the bare process: the least any Qt-based second launch can cost);
3. ``stretch-timer start calf-cramp-relief``, the command a person or a shortcut runs: spawn → exit (it
   exits 0 once the app answered "ok"), spawn → the app's ``run-started calf-cramp-relief`` and spawn → its
   ``first-cue`` (trace lines, ``time.time()`` in both processes). That routine's first cue (a countdown tick)
   is due about 1 s into its get-ready, so the figure for the goal is the first cue less its due time (the
   trace says ``due=``): how late a cue due at once would be, the hand-over's whole cost to the first sound;
4. the channel alone: a script that imports only ``stretch_timer.app.ipc`` and sends ``show``.

The first round is a warm-up. Medians over the rounds, and the median of the per-round ratios to the bare
process (each pair runs back to back, so a machine that slows down for a while slows both alike), as in
launch.py. Not a test: the figures depend on the machine.

    .venv/bin/python benchmarks/second_launch.py [--runs 15] [--xvfb] [--setup both]
"""

from __future__ import annotations

import argparse
import queue
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from launch import (
    SETUPS,
    TRACE,
    WITH_VOICE,
    PulseUnavailable,
    Run,
    app_command,
    base_env,
    display,
    media_reported,
    setup_env,
    setup_line,
    voice_args,
)

GOAL_RATIO = 2.0
GOAL_SECONDS = 0.3

CLIENT = """
import sys
from stretch_timer.app.ipc import Request, send_request
sys.exit(0 if send_request(Request("show")) else 1)
"""

BARE = "import PySide6.QtCore"


class TracedApp(Run):
    """The running app; ``next_mark`` waits for the next trace line of a name (Run keeps only the first)."""

    def next_mark(self, name: str, detail: str = "", timeout: float = 20.0) -> tuple[float, str]:
        """(wall time, detail) of the next ``name`` line (whose detail starts with ``detail``) from now on."""
        deadline = time.monotonic() + timeout
        while True:
            try:
                line = self._queue.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise TimeoutError(f"no {name!r} within {timeout} s:\n" + "".join(self.lines[-20:])) from None
            if line is None:
                raise RuntimeError(f"the app ended before {name!r}:\n" + "".join(self.lines[-20:]))
            self.lines.append(line)
            if not line.startswith(TRACE):
                continue
            parts = line.split(maxsplit=3)
            self.marks.setdefault(parts[1], float(parts[2]))
            rest = parts[3].strip() if len(parts) > 3 else ""
            self.details.setdefault(parts[1], rest)
            if parts[1] == name and rest.startswith(detail):
                return float(parts[2]), rest


def timed(command: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall time at spawn, seconds to exit); the command must succeed."""
    spawned, start = time.time(), time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{' '.join(command)[:60]!r}... failed with {proc.returncode}: {proc.stderr.strip()}")
    return spawned, elapsed


def line(label: str, values: list[float], note: str = "") -> str:
    return (f"{label:<58} {statistics.median(values) * 1000:5.0f} ms (min {min(values) * 1000:.0f}, "
            f"max {max(values) * 1000:.0f}){note}")


def ratio_text(values: list[float], bare: list[float], goal: float | None = None) -> str:
    ratios = sorted(v / b for v, b in zip(values, bare, strict=True))
    ratio = statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
    text = f"{ratio:.2f}× (middle half {quartiles[0]:.2f}–{quartiles[2]:.2f}×)"
    if goal is not None:
        text += f" (goal ≤ {goal}×) {'OK' if ratio <= goal else 'OVER GOAL'}"
    return text


def verdict(values: list[float]) -> str:
    return f"(goal ≤ {GOAL_SECONDS * 1000:.0f} ms) {'OK' if statistics.median(values) <= GOAL_SECONDS else 'OVER GOAL'}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--xvfb", action="store_true", help="run the app on a private Xvfb (xcb), not offscreen")
    parser.add_argument("--setup", choices=SETUPS, default="both",
                        help="sound server and speech engine the app finds (default: both, as with speakers)")
    args = parser.parse_args()
    platform = "xcb (Xvfb)" if args.xvfb else "offscreen"
    print(f"setup: {args.setup}: {setup_line(args.setup)}; platform: {platform}", flush=True)
    bare: list[float] = []
    exits: list[float] = []
    started: list[float] = []
    cues: list[float] = []
    late: list[float] = []
    channel: list[float] = []
    due = ""
    try:
        setup_context = setup_env(args.setup)
        with (tempfile.TemporaryDirectory(prefix="st-bench-") as folder, display(args.xvfb) as extra,
              setup_context as setup):
            env = {**base_env(Path(folder)), **extra, **setup, "STRETCH_TIMER_RUNTIME_DIR": str(Path(folder) / "run")}
            app = TracedApp(app_command(*voice_args(args.setup)), env)
            try:
                app.wait_for("listening")  # just after the first paint
                app.wait_for("library-painted")
                reported = media_reported(app, args.setup in WITH_VOICE)
                quiet = {**env, "STRETCH_TIMER_TRACE": ""}  # the launches' own traces are not read
                for index in range(args.runs + 1):
                    timed(app_command("start", "foot-cramp-relief"), quiet)
                    app.next_mark("run-started", "foot-cramp-relief")
                    _, b = timed([sys.executable, "-c", BARE], quiet)
                    spawned, e = timed(app_command("start", "calf-cramp-relief"), quiet)
                    run_at, _ = app.next_mark("run-started", "calf-cramp-relief")
                    cue_at, detail = app.next_mark("first-cue")
                    _, c = timed([sys.executable, "-c", CLIENT], quiet)
                    app.next_mark("request", "show")
                    if not index:  # the first round warms the disk and byte-code caches
                        continue
                    due_s = float(detail.split("due=")[1].split()[0]) if "due=" in detail else 0.0
                    due = detail
                    bare.append(b)
                    exits.append(e)
                    started.append(run_at - spawned)
                    cues.append(cue_at - spawned)
                    late.append(cue_at - spawned - due_s)
                    channel.append(c)
                if app.proc.poll() is not None:
                    sys.exit("the app ended during the rounds")
            finally:
                app.stop()
    except PulseUnavailable as error:
        sys.exit(f"no sound server to measure with: {error}; --setup none or speechd measures without one")
    print(f"{args.runs} rounds after a warm-up, medians; the running app reported: {reported}")
    print(line("bare `import PySide6.QtCore`, spawn → exit:", bare))
    print(line("`stretch-timer start calf-cramp-relief`, spawn → exit:", exits, f" {verdict(exits)}"))
    print(f"  ratio to the bare process, median of the {len(exits)} pairs: {ratio_text(exits, bare, GOAL_RATIO)}")
    print(line("  spawn → the running app's run-started:", started))
    print(line("  spawn → the running app's first cue (as traced):", cues, f" [last: {due}]"))
    print(line("  spawn → first cue, less its due time in the routine:", late, f" {verdict(late)}"))
    print(f"    ratio to the bare process: {ratio_text(late, bare)}")
    print(line("the channel alone (a script sending 'show'), spawn → exit:", channel))
    print(f"  ratio to the bare process: {ratio_text(channel, bare, GOAL_RATIO)}")


if __name__ == "__main__":
    main()
