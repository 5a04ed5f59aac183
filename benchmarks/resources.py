"""Memory and CPU: peak RSS after one full routine (goal ≤ 1.5× a bare PySide6 window), CPU while a hold runs
(goal ≤ 1 % of a core), and CPU while idle on the library (goal: nothing; no timers run there).

* Peak RSS: ``ru_maxrss`` of the finished process (``os.wait4``) for a bare window that paints one label, and
  for ``stretch-timer start calf-cramp-relief --quit-when-done`` run to the end (the clock sped up 20×, so the
  routine's 2:18 take about 7 s; sound and voice on, as a person would have them).
* CPU in a hold: the same routine at real speed; user+system time from ``/proc/PID/stat`` over 20 s of its
  first 30 s hold.
* Idle: the library window, measured over 5 s once the first paint and the sound warm-up (the cue streams
  primed, then suspended) are done.

``--pulse`` runs the app against a private PulseAudio server with a null sink, so the cues really play (Qt
Multimedia's streams open); without it, on a machine with no sound server, the app runs silent.

    .venv/bin/python benchmarks/resources.py [--xvfb] [--pulse]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from launch import ROOT, Run, app_command, bare_command, base_env, display
from pulse_server import private_pulse_server

RSS_GOAL_RATIO = 1.5
HOLD_CPU_GOAL = 0.01
ROUTINE = "calf-cramp-relief"
TICKS = os.sysconf("SC_CLK_TCK")

BARE_UNTIL_PAINTED = bare_command()[-1].replace(
    'file=sys.stderr, flush=True)', 'file=sys.stderr, flush=True); app.quit()')


def peak_rss_kib(command: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, int]:
    """(exit code, peak RSS in KiB) of a process run to its end."""
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + timeout
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, int(usage.ru_maxrss)
        if time.time() > deadline:
            proc.kill()
            raise TimeoutError(f"{command} did not finish within {timeout} s")
        time.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def cpu_share(run: Run, seconds: float) -> float:
    start_cpu, start = cpu_seconds(run.proc.pid), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds(run.proc.pid) - start_cpu) / (time.monotonic() - start)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xvfb", action="store_true")
    parser.add_argument("--pulse", action="store_true", help="play the cues into a private PulseAudio null sink")
    args = parser.parse_args()
    with contextlib.ExitStack() as stack:
        home = stack.enter_context(tempfile.TemporaryDirectory(prefix="stretch-timer-bench-"))
        extra = stack.enter_context(display(args.xvfb))
        if args.pulse:
            pulse = stack.enter_context(private_pulse_server())
            extra |= {k: pulse[k] for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
        env = {**base_env(Path(home)), **extra}
        quiet = {k: v for k, v in env.items() if k != "STRETCH_TIMER_TRACE"}

        _, bare_rss = peak_rss_kib([sys.executable, "-c", BARE_UNTIL_PAINTED], quiet)
        code, app_rss = peak_rss_kib(app_command("start", ROUTINE, "--quit-when-done"),
                                     {**quiet, "STRETCH_TIMER_CLOCK_SCALE": "20"})
        ratio = app_rss / bare_rss
        print(f"sound: {'a private PulseAudio null sink' if args.pulse else 'whatever this machine has'}")
        print(f"peak RSS, bare window: {bare_rss / 1024:6.1f} MiB")
        print(f"peak RSS, after one full routine ({ROUTINE}, exit code {code}): {app_rss / 1024:6.1f} MiB")
        print(f"  ratio {ratio:.2f}× (goal ≤ {RSS_GOAL_RATIO}×) {'OK' if ratio <= RSS_GOAL_RATIO else 'OVER GOAL'}")

        run = Run(app_command("start", ROUTINE), env)
        try:
            run.wait_for("run-started")
            run.wait_for("sound")
            print(f"sound in the app: {run.details['sound']}")
            time.sleep(3 + 5)  # 3 s get-ready, then well into the first 30 s hold
            hold = cpu_share(run, 20)
        finally:
            run.stop()
        print(f"CPU while a hold runs: {hold * 100:.2f} % of a core (goal ≤ {HOLD_CPU_GOAL * 100:.0f} %) "
              f"{'OK' if hold <= HOLD_CPU_GOAL else 'OVER GOAL'}")

        run = Run(app_command(), env)
        try:
            run.wait_for("first-paint")
            time.sleep(5)  # sound and voice warm up after the first paint: streams primed, then suspended (~2 s)
            idle = cpu_share(run, 5)
        finally:
            run.stop()
        print(f"CPU while idle on the library: {idle * 100:.2f} % of a core (goal: 0; no timers run there)")


if __name__ == "__main__":
    main()
