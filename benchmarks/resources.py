"""Memory and CPU, as a person with speakers runs the app: peak RSS after one full routine (goal ≤ 1.35× a bare
PySide6 window), CPU while a hold runs (goal ≤ 0.5 % of a core), CPU while a breathing step runs (goal ≤ 1 %),
and CPU while idle on the library (goal: nothing; no timers run there).

The first line printed is the setup measured (display, sound server, speech engine): the figures depend on it.
By default the cues play into a private PulseAudio server with a null sink (``tests/pulse_server.py``), so Qt
Multimedia's streams really open, and the voice speaks through a private speech-dispatcher with espeak-ng
(``tests/speech_server.py``) when both are installed; ``--silent`` measures without either (``--mute
--no-voice``), the way the app runs on a machine with no sound. The server suspends its sink once nothing
plays for ``SUSPEND_IDLE_S`` (``module-suspend-on-idle``, which a desktop's PulseAudio loads by default, and
PipeWire's session manager does the same for idle nodes): while the sink runs, libpulse asks the server for
each open stream's timing every 1.5 s, corked or not, which wakes Qt's audio thread about six times a second
with the app's five cue streams; once it is suspended, it stops asking. ``--no-idle-suspend`` leaves it
running, as the bare test server does. Speech-dispatcher's espeak-ng output keeps its own stream open and
running once it has spoken, so in a full run (idle measured after the routines spoke) the sink never suspends
and idle shows those timing queries (about 0.03 %); ``--only idle`` measures before anything spoke.

* Peak RSS: ``ru_maxrss`` of the finished process (``os.wait4``) for a bare window that paints one label, and
  for ``stretch-timer start calf-cramp-relief --quit-when-done`` run to the end (the clock sped up 20×, so the
  routine's 2:18 take about 7 s). The app's own helper processes (the speech service) are not in its
  ``ru_maxrss``; their sampled peak is printed beside it.
* CPU in a hold: the same routine at real speed; CPU time from ``/proc/PID/task/*/schedstat`` over 20 s of its
  first 30 s hold, in 5 s slices (the spread shows how noisy the machine is).
* CPU in a breathing step: ``start bedtime-legs`` at real speed, 20 s of its first breathing step (after the
  10 s get-ready); and, as the issue counted it, the whole first 30 s after the run started.
* For the hold and the breathing step, the GUI thread alone too: its CPU share (free of the audio and speech
  threads) and its wake-ups a second (voluntary context switches), the figure that moves least with the
  machine's load, since most of a frame's cost is the wake itself.
* Idle: the library window, measured over 10 s once the first paint and the sound warm-up are done and the
  sink has had time to suspend.

With ``--xvfb`` the X server's own CPU over the same windows is printed too: a repaint costs there as well.

    .venv/bin/python benchmarks/resources.py [--xvfb] [--silent] [--only rss,hold,breathing,idle]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from launch import ROOT, Run, app_command, bare_command, base_env, display
from pulse_server import PulseUnavailable, private_pulse_server

RSS_GOAL_RATIO = 1.35
HOLD_CPU_GOAL = 0.005
BREATHING_CPU_GOAL = 0.01
ROUTINE = "calf-cramp-relief"
BREATHING_ROUTINE = "bedtime-legs"
BREATHING_GET_READY_S = 10  # bedtime-legs' prepare: its first breathing step starts then
SLICE_S = 5.0
SUSPEND_IDLE_S = 5
"""module-suspend-on-idle's default timeout, as on a desktop."""
MEASURES = ("rss", "hold", "breathing", "idle")

BARE_UNTIL_PAINTED = bare_command()[-1].replace(
    'file=sys.stderr, flush=True)', 'file=sys.stderr, flush=True); app.quit()')


# --- processes -------------------------------------------------------------------------------------------


def children(pid: int) -> list[int]:
    """Every live descendant of ``pid`` (the app's speech service and whatever it runs)."""
    parents: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
    found, todo = [], [pid]
    while todo:
        parent = todo.pop()
        kids = [p for p, pp in parents.items() if pp == parent]
        found += kids
        todo += kids
    return found


def rss_kib(pid: int) -> int:
    with contextlib.suppress(OSError, ValueError, IndexError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def peak_rss_kib(command: list[str], env: dict[str, str], timeout: float = 90) -> tuple[int, int, int]:
    """(exit code, peak RSS in KiB, sampled peak RSS of its descendants together) of a process run to its end."""
    proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + timeout
    helpers = 0
    while True:
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            proc.returncode = os.waitstatus_to_exitcode(status)
            return proc.returncode, int(usage.ru_maxrss), helpers
        if time.time() > deadline:
            proc.kill()
            raise TimeoutError(f"{command} did not finish within {timeout} s")
        helpers = max(helpers, sum(rss_kib(p) for p in children(proc.pid)))
        time.sleep(0.05)


def cpu_seconds(pid: int) -> float:
    """CPU time of ``pid``'s live threads, to the nanosecond (``/proc/PID/task/*/schedstat``); 0 once gone.

    Not ``/proc/PID/stat``: its clock ticks (10 ms) are a fifth of what a 5 s slice at 1 % of a core uses.
    """
    total = 0
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            with contextlib.suppress(OSError, ValueError, IndexError):
                total += int((task / "schedstat").read_text().split()[0])
    return total / 1e9


def tree_cpu_seconds(pid: int) -> float:
    return cpu_seconds(pid) + sum(cpu_seconds(p) for p in children(pid))


def gui_thread(pid: int) -> tuple[float, int]:
    """(CPU seconds, wake-ups) of the app's main thread, the GUI thread: its own share, free of the audio and
    speech threads' noise, and how often it woke (voluntary context switches: each sleep in the event loop
    ends in one wake, and a wake costs the GUI thread more than what it then paints)."""
    cpu, wakes = 0.0, 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        cpu = int(Path(f"/proc/{pid}/task/{pid}/schedstat").read_text().split()[0]) / 1e9
        for line in Path(f"/proc/{pid}/task/{pid}/status").read_text().splitlines():
            if line.startswith("voluntary_ctxt_switches:"):
                wakes = int(line.split()[1])
    return cpu, wakes


class Meter:
    """CPU shares of the app (with its helper processes) and, with Xvfb, of the X server, slice by slice."""

    def __init__(self, app_pid: int, xserver_pid: int | None) -> None:
        self._app = app_pid
        self._readers: list[Callable[[], float]] = [lambda: tree_cpu_seconds(app_pid)]
        if xserver_pid is not None:
            self._readers.append(lambda: cpu_seconds(xserver_pid))

    def gui(self, seconds: float) -> tuple[list[list[float]], float]:
        """The CPU shares of ``slices(seconds)``, and the GUI thread's CPU share and wake-ups a second over them."""
        t0, (cpu0, wakes0) = time.monotonic(), gui_thread(self._app)
        shares = self.slices(seconds)
        t1, (cpu1, wakes1) = time.monotonic(), gui_thread(self._app)
        self.gui_share = (cpu1 - cpu0) / (t1 - t0)
        return shares, (wakes1 - wakes0) / (t1 - t0)

    def read(self) -> tuple[float, list[float]]:
        return time.monotonic(), [reader() for reader in self._readers]

    def slices(self, seconds: float) -> list[list[float]]:
        """CPU share (of one core) in each ``SLICE_S`` slice of the next ``seconds``: [app, X server] per slice."""
        shares = []
        for _ in range(max(1, round(seconds / SLICE_S))):
            (t0, c0) = self.read()
            time.sleep(SLICE_S)
            (t1, c1) = self.read()
            shares.append([(b - a) / (t1 - t0) for a, b in zip(c0, c1, strict=True)])
        return shares


def describe(shares: list[list[float]], goal: float | None) -> str:
    """ "0.42 % of a core (slices 0.38–0.51 %), X server 0.20 %" with the verdict on the whole."""
    app = [s[0] for s in shares]
    mean = sum(app) / len(app)
    text = f"{mean * 100:.2f} % of a core (slices {min(app) * 100:.2f}–{max(app) * 100:.2f} %)"
    if len(shares[0]) > 1:
        text += f"; X server {sum(s[1] for s in shares) / len(shares) * 100:.2f} %"
    if goal is not None:
        text += f" (goal ≤ {goal * 100:g} %) {'OK' if mean <= goal else 'OVER GOAL'}"
    return text


def xserver_pid(extra: dict[str, str]) -> int | None:
    """The private Xvfb that ``display`` started for us (a child of this process), if any."""
    number = extra.get("DISPLAY", "")
    if not number:
        return None
    for pid in children(os.getpid()):
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
            if command[0].endswith(b"Xvfb") and number.encode() in command:
                return pid
    return None


# --- the setup ---------------------------------------------------------------------------------------------


def sound_and_speech(stack: contextlib.ExitStack, silent: bool,
                     idle_suspend: bool = True) -> tuple[dict[str, str], list[str], str, str]:
    """(environment, extra app arguments, sound description, speech description) for the setup asked for."""
    if silent:
        return {}, ["--mute", "--no-voice"], "none (--silent: --mute)", "none (--silent: --no-voice)"
    try:
        pulse = stack.enter_context(private_pulse_server())
    except PulseUnavailable as error:
        sys.exit(f"no sound server to measure with: {error}; --silent measures without one")
    env = {k: pulse[k] for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
    sound = "a private PulseAudio server, null sink (tests/pulse_server.py)"
    if idle_suspend:
        subprocess.run(["pactl", "load-module", "module-suspend-on-idle", f"timeout={SUSPEND_IDLE_S}"],
                       env=pulse, check=True, capture_output=True, timeout=10)
        sound += f", suspended after {SUSPEND_IDLE_S} s idle (module-suspend-on-idle, as on a desktop)"
    else:
        sound += ", never suspended (--no-idle-suspend)"
    try:
        from speech_server import SpeechUnavailable, missing_programs, private_speech_dispatcher
    except ImportError:
        return env, ["--no-voice"], sound, "none (tests/speech_server.py is missing)"
    missing = missing_programs()
    if missing:
        return env, ["--no-voice"], sound, f"none (needs {', '.join(missing)})"
    try:
        stack.enter_context(private_speech_dispatcher(pulse))
    except SpeechUnavailable as error:
        return env, ["--no-voice"], sound, f"none ({str(error).splitlines()[0]})"
    return env, [], sound, "a private speech-dispatcher with espeak-ng, into that sink (tests/speech_server.py)"


def platform_name(env: dict[str, str]) -> str:
    if env.get("QT_QPA_PLATFORM") == "xcb" and env.get("DISPLAY"):
        return f"xcb on a private Xvfb ({env['DISPLAY']})"
    return env.get("QT_QPA_PLATFORM") or f"this machine's display ({env.get('DISPLAY') or env.get('WAYLAND_DISPLAY')})"


def media_line(run: Run) -> str:
    """What the app itself reported about its sound and voice (trace milestones ``sound`` and ``voice``)."""
    deadline = time.monotonic() + 4  # within the get-ready: the measuring must not start late
    for name in ("sound", "voice"):
        with contextlib.suppress(TimeoutError, RuntimeError):
            run.wait_for(name, timeout=max(0.0, deadline - time.monotonic()))
    return f"sound {run.details.get('sound', 'not reported')}; voice {run.details.get('voice', 'not reported')}"


# --- the measurements --------------------------------------------------------------------------------------


def measure_rss(env: dict[str, str], app_args: list[str]) -> None:
    quiet = {k: v for k, v in env.items() if k != "STRETCH_TIMER_TRACE"}
    _, bare_rss, _ = peak_rss_kib([sys.executable, "-c", BARE_UNTIL_PAINTED], quiet)
    code, app_rss, helpers = peak_rss_kib(app_command("start", ROUTINE, "--quit-when-done", *app_args),
                                          {**quiet, "STRETCH_TIMER_CLOCK_SCALE": "20"})
    ratio = app_rss / bare_rss
    print(f"peak RSS, bare window: {bare_rss / 1024:6.1f} MiB")
    print(f"peak RSS, after one full routine ({ROUTINE}, exit code {code}): {app_rss / 1024:6.1f} MiB")
    print(f"  ratio {ratio:.2f}× (goal ≤ {RSS_GOAL_RATIO}×) {'OK' if ratio <= RSS_GOAL_RATIO else 'OVER GOAL'}")
    print(f"  its helper processes (the speech service), sampled peak together: {helpers / 1024:.1f} MiB")


def measure_hold(env: dict[str, str], app_args: list[str], xserver: int | None) -> None:
    run = Run(app_command("start", ROUTINE, *app_args), env)
    try:
        run.wait_for("run-started")
        started = time.monotonic()
        print(f"  the app reported: {media_line(run)}")
        time.sleep(max(0.0, started + 3 + 5 - time.monotonic()))  # 3 s get-ready, then well into the hold
        meter = Meter(run.proc.pid, xserver)
        hold, wakes = meter.gui(20)
    finally:
        run.stop()
    print(f"CPU while a hold runs: {describe(hold, HOLD_CPU_GOAL)}")
    print(f"  of it the GUI thread: {meter.gui_share * 100:.2f} % of a core, {wakes:.1f} wake-ups a second")


def measure_breathing(env: dict[str, str], app_args: list[str], xserver: int | None) -> None:
    run = Run(app_command("start", BREATHING_ROUTINE, *app_args), env)
    try:
        run.wait_for("run-started")
        meter = Meter(run.proc.pid, xserver)
        at_start = meter.read()
        print(f"  the app reported: {media_line(run)}")
        time.sleep(max(0.0, at_start[0] + BREATHING_GET_READY_S + 2 - time.monotonic()))
        breathing, wakes = meter.gui(20)
        time.sleep(max(0.0, at_start[0] + 30 - time.monotonic()))
        at_30 = meter.read()
    finally:
        run.stop()
    first_30 = [[(b - a) / (at_30[0] - at_start[0]) for a, b in zip(at_start[1], at_30[1], strict=True)]]
    print(f"CPU while a breathing step runs ({BREATHING_ROUTINE}): {describe(breathing, BREATHING_CPU_GOAL)}")
    print(f"  of it the GUI thread: {meter.gui_share * 100:.2f} % of a core, {wakes:.1f} wake-ups a second")
    print(f"  over the first 30 s after the run started (get-ready and start-up included): "
          f"{describe(first_30, None)}")


def measure_idle(env: dict[str, str], app_args: list[str], xserver: int | None) -> None:
    run = Run(app_command(*app_args), env)
    try:
        run.wait_for("first-paint")
        # Sound and voice warm up after the first paint: streams primed, then corked (~2 s); the sink
        # suspends SUSPEND_IDLE_S later (the app idle on its library sits there for minutes).
        time.sleep(3 + SUSPEND_IDLE_S + 1)
        idle = Meter(run.proc.pid, xserver).slices(10)
    finally:
        run.stop()
    print(f"CPU while idle on the library: {describe(idle, None)} (goal: 0; no timers run there)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--xvfb", action="store_true", help="measure on a private Xvfb (xcb)")
    parser.add_argument("--silent", action="store_true", help="no sound server and no speech (--mute --no-voice)")
    parser.add_argument("--no-idle-suspend", action="store_true",
                        help="the sound server never suspends its idle sink (a desktop's does after 5 s)")
    parser.add_argument("--pulse", action="store_true", help=argparse.SUPPRESS)  # the default now; kept for old scripts
    parser.add_argument("--only", default=",".join(MEASURES),
                        help=f"comma-separated measurements to run, of {', '.join(MEASURES)} (default: all)")
    args = parser.parse_args()
    only = [m.strip() for m in args.only.split(",") if m.strip()]
    unknown = sorted(set(only) - set(MEASURES))
    if unknown:
        parser.error(f"unknown measurement(s): {', '.join(unknown)}")
    with contextlib.ExitStack() as stack:
        home = stack.enter_context(tempfile.TemporaryDirectory(prefix="stretch-timer-bench-"))
        extra = stack.enter_context(display(args.xvfb))
        media_env, app_args, sound, speech = sound_and_speech(stack, args.silent, not args.no_idle_suspend)
        env = {**base_env(Path(home)), **extra, **media_env}
        xserver = xserver_pid(extra) if args.xvfb else None
        print(f"setup: display {platform_name(env)}; sound: {sound}; speech: {speech}", flush=True)
        if "rss" in only:
            measure_rss(env, app_args)
        if "hold" in only:
            measure_hold(env, app_args, xserver)
        if "breathing" in only:
            measure_breathing(env, app_args, xserver)
        if "idle" in only:
            measure_idle(env, app_args, xserver)


if __name__ == "__main__":
    main()
