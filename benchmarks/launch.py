"""Launch → first painted main window, as a ratio to a bare PySide6 window painting one label (goal ≤ 1.5×).

Both are measured the same way in the same run: wall time from spawning (exec of) the Python process to the
moment its window receives its first paint event, reported on stderr (the app's ``STRETCH_TIMER_TRACE=1`` milestone
``first-paint``; the bare window prints the same line). The app paints its window (title, Cramp now) before
it reads the routine files, then shows the cards; the time to the cards on screen is printed as well. Runs
alternate (bare, app, bare, app, …) and the first pair is a warm-up. The verdict is the median of the per-pair
ratios: each pair runs back to back, so a shared machine that slows down for a while slows both sides of a
pair alike, where a ratio of the two overall medians would mix slow and fast periods. Not a test: the figures
depend on the machine.

    .venv/bin/python benchmarks/launch.py [--runs 15] [--xvfb] [--setup both]

Without a display it renders offscreen (``QT_QPA_PLATFORM=offscreen``); ``--xvfb`` starts a private Xvfb so
the real xcb platform is measured too. ``--setup`` says what sound and speech the machine offers (the first
line of the output names it): by default ``both``, a private PulseAudio server with a null sink and the voice
on (speech-dispatcher, autospawned by the app as on a desktop, in a private ``XDG_RUNTIME_DIR``), as a person
with speakers has it; ``none``, ``pulse`` and ``speechd`` leave one or both out. The app makes its sound and
voice only after the routine cards are painted, so the setup shows in the background, not on the way to the
first paint; the warm-up run waits until the app reported both, and prints what it reported.

The ``scripts/run`` row compares the one developer command, ``bash scripts/run``, with the installed command
(``.venv/bin/stretch-timer``) on the same warm venv, spawn → first paint, alternating as above: what the
install stamp saves (``scripts/_common.sh`` skips pip and apt when nothing changed) shows as a ratio near 1. It
is measured when the checkout has a ``.venv`` (``bash scripts/run`` once makes it); ``--no-scripts-run`` skips it.

This module is also what the other benchmarks share: ``Run`` (a spawned process and its trace milestones),
the setups (``setup_env``, ``setup_line``) and ``SinkRecording`` (what the private null sink played, placed
on the monotonic clock).
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))  # PulseAudio, parec, speech clean-up

from audio_recording import RATE, Recording
from pulse_server import PulseUnavailable, missing_programs, private_pulse_server
from speech_leftovers import end_speech_processes

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 1.5
TRACE = "stretch-timer-trace:"

BARE_WINDOW = f"""
import sys, time
from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QApplication, QLabel
app = QApplication(sys.argv)
label = QLabel("Stretch Timer")
class First(QObject):
    def eventFilter(self, watched, event):
        if event.type() == QEvent.Type.Paint:
            watched.removeEventFilter(self)
            print("{TRACE} first-paint %.6f" % time.time(), file=sys.stderr, flush=True)
        return False
first = First()
label.installEventFilter(first)
label.resize(400, 200)
label.show()
sys.exit(app.exec())
"""


def base_env(home: Path) -> dict[str, str]:
    """The child's environment: a throw-away user folder, tracing on, and byte-code caching as installed.

    An installed app runs from compiled ``.pyc`` files; with ``PYTHONDONTWRITEBYTECODE`` set (as in some
    sandboxes) every run would compile every module from source. The cache goes under ``home``, not the repo.
    """
    env = {k: v for k, v in os.environ.items() if not k.startswith("STRETCH_TIMER")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(home / "pycache")
    env["STRETCH_TIMER_HOME"] = str(home)
    env["STRETCH_TIMER_TRACE"] = "1"
    env["PYTHONPATH"] = str(ROOT)
    if not env.get("DISPLAY") and not env.get("WAYLAND_DISPLAY"):
        env["QT_QPA_PLATFORM"] = "offscreen"
    return env


def app_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "stretch_timer", *args]


def bare_command() -> list[str]:
    return [sys.executable, "-c", BARE_WINDOW]


class Run:
    """A spawned process whose trace milestones are read from stderr as they come.

    A reader thread takes the lines off the pipe, so ``wait_for`` waits with a deadline: a process that hangs
    (no more lines, pipe still open) ends in a TimeoutError at the deadline instead of a read that never
    returns.
    """

    def __init__(self, command: list[str], env: dict[str, str]) -> None:
        self.spawned = time.time()
        self.spawned_monotonic = time.monotonic()  # the same moment on the clock a recording is placed on
        self.proc = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                     stderr=subprocess.PIPE, text=True)
        self.marks: dict[str, float] = {}
        self.details: dict[str, str] = {}
        self.lines: list[str] = []
        self._queue: queue.Queue[str | None] = queue.Queue()
        self._ended = False
        self._reader = threading.Thread(target=self._read, name="stderr-reader", daemon=True)
        self._reader.start()

    def _read(self) -> None:
        """Every stderr line into the queue, then None at end of file (the pipe's last writer closed it)."""
        assert self.proc.stderr is not None
        with contextlib.suppress(ValueError, OSError):  # closed under us by stop()
            for line in self.proc.stderr:
                self._queue.put(line)
        self._queue.put(None)

    def wait_for(self, name: str, timeout: float = 30.0) -> float:
        """Seconds from spawn to milestone ``name`` (its own timestamp, not when it was read)."""
        deadline = time.monotonic() + timeout
        while name not in self.marks:
            left = deadline - time.monotonic()
            try:
                if self._ended:
                    raise queue.Empty
                line = self._queue.get(timeout=max(0.0, left))
            except queue.Empty:
                if self._ended:
                    raise RuntimeError(f"process ended before {name!r}:\n" + "".join(self.lines[-20:])) from None
                raise TimeoutError(f"no {name!r} within {timeout} s; stderr so far:\n"
                                   + "".join(self.lines[-20:])) from None
            if line is None:
                self._ended = True
                continue
            self.lines.append(line)
            if line.startswith(TRACE):
                parts = line.split(maxsplit=3)
                self.marks.setdefault(parts[1], float(parts[2]))
                self.details.setdefault(parts[1], parts[3].strip() if len(parts) > 3 else "")
        return self.marks[name] - self.spawned

    def monotonic(self, name: str) -> float | None:
        """Milestone ``name`` (read already) on the monotonic clock, or None: its wall time moved by the offset
        between the two clocks at spawn (the two readings are a microsecond apart)."""
        if name not in self.marks:
            return None
        return self.marks[name] - self.spawned + self.spawned_monotonic

    def stop(self) -> None:
        """End the process (politely, then not); the reader is left behind if a grandchild holds the pipe."""
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._reader.join(timeout=2)
        if not self._reader.is_alive() and self.proc.stderr is not None:
            self.proc.stderr.close()


@contextlib.contextmanager
def display(use_xvfb: bool) -> Iterator[dict[str, str]]:
    """Extra environment for the display: a private Xvfb when asked (stopped afterwards), else nothing."""
    if not use_xvfb:
        yield {}
        return
    if shutil.which("Xvfb") is None:
        sys.exit("Xvfb is not installed (apt-get install xvfb)")
    number = 90 + os.getpid() % 9
    server = subprocess.Popen(["Xvfb", f":{number}", "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            if Path(f"/tmp/.X11-unix/X{number}").exists():
                break
            time.sleep(0.05)
        yield {"DISPLAY": f":{number}", "QT_QPA_PLATFORM": "xcb"}
    finally:
        server.terminate()
        server.wait()


# --- the sound and speech setups -----------------------------------------------------------------------

SETUPS = ("none", "pulse", "speechd", "both")
"""No sound server and ``--no-voice``; PulseAudio, no voice; speech-dispatcher, no PulseAudio; both."""
WITH_PULSE = ("pulse", "both")
WITH_VOICE = ("speechd", "both")


def speech_missing() -> list[str]:
    return [p for p in ("speech-dispatcher", "espeak-ng") if shutil.which(p) is None]


def setup_line(name: str) -> str:
    """What ``name`` gives the app, in the words every benchmark's first line uses."""
    if name == "machine":
        return "sound server: this machine's own, if any (not set up here); speech engine: this machine's own, if any"
    if name in WITH_PULSE:
        missing = missing_programs()
        sound = f"none (needs {', '.join(missing)})" if missing else "private PulseAudio null sink"
    else:
        sound = "none"
    if name in WITH_VOICE:
        missing = speech_missing()
        speech = (f"none (needs {', '.join(missing)}; the app's voice gives up)" if missing else
                  "speechd (espeak-ng; autospawned by the app in a private XDG_RUNTIME_DIR"
                  + (")" if name == "both" else ", with no sound server to speak into)"))
    else:
        speech = "none (--no-voice)"
    return f"sound server: {sound}; speech engine: {speech}"


def voice_args(name: str) -> list[str]:
    """The app's command-line options for the setup: ``--no-voice`` unless the setup has a speech engine."""
    return [] if name in WITH_VOICE or name == "machine" else ["--no-voice"]


@contextlib.contextmanager
def setup_env(name: str) -> Iterator[dict[str, str]]:
    """The extra environment for one setup (nothing for ``machine``); what it started is ended afterwards.

    Every setup has its own ``XDG_RUNTIME_DIR``, so the speech-dispatcher the app autospawns there is a private
    one (kept across the setup's runs, as a desktop keeps it) and is ended at the end by its process ids
    (``tests/speech_leftovers.py``); without PulseAudio, ``PULSE_SERVER`` names a socket that does not exist,
    so neither the app nor speech-dispatcher finds a desktop's server. Raises PulseUnavailable when a
    PulseAudio setup cannot start its server.
    """
    if name == "machine":
        yield {}
        return
    if name in WITH_PULSE:
        with private_pulse_server() as pulse:
            runtime = Path(pulse["XDG_RUNTIME_DIR"])
            try:
                yield {k: pulse[k] for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
            finally:
                end_speech_processes(runtime)
        return
    runtime = Path(tempfile.mkdtemp(prefix="st-bench-"))
    runtime.chmod(0o700)
    try:
        yield {"XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": f"unix:{runtime}/no-such-server"}
    finally:
        end_speech_processes(runtime)
        shutil.rmtree(runtime, ignore_errors=True)


def media_reported(run: Run, voice: bool, timeout: float = 10.0) -> str:
    """What the app said about its sound and voice (trace milestones ``sound`` and ``voice``), waited for."""
    deadline = time.monotonic() + timeout
    for name in ("sound", "voice") if voice else ("sound",):
        with contextlib.suppress(TimeoutError, RuntimeError):
            run.wait_for(name, timeout=max(0.0, deadline - time.monotonic()))
    text = f"sound {run.details.get('sound', 'not reported')}"
    return text + (f"; voice {run.details.get('voice', 'not reported')}" if voice else "")


# --- what the sink played ----------------------------------------------------------------------------------


class SinkRecording(Recording):
    """``parec`` on the private null sink's monitor (tests/audio_recording.py), noting when each chunk came.

    :meth:`origin` places the recording on the monotonic clock. Sample ``n`` was taken by the null sink no
    later than the chunk that ends with it reached us, so ``origin <= arrival - n / RATE`` for every chunk, and
    the smallest ``arrival - n / RATE`` over the recording is the origin plus the least delay any chunk had
    (parec asks for 10 ms of latency and gets ~6 ms chunks). The null sink runs on the monotonic clock: with
    nothing else connected, that fit holds to 0.1 ms over 20 s.

    Measured here (PulseAudio 16): while a client's streams are open on the sink (playing or corked alike),
    the chunks come ~3 ms later at first and then creep, ~0.17 ms earlier every second, until the streams
    close. A time placed this way in a recording of a few seconds is therefore within a few ms (early by at
    most one sink block, ≤ 10 ms, plus that shift; late by the least chunk delay); over a minute the creep
    adds up to ~10 ms. The benchmarks check it with ticks written at known moments: ``start_to_first_cue.py``
    prints write → heard of a helper's ticks (an upper bound on how late the placement is, since the output
    path takes some time), ``timer_drift.py`` brackets its routine with idle ticks and takes the latency
    between them as a straight line, which cancels the creep.
    """

    def __init__(self, env: dict[str, str]) -> None:
        self.arrivals: list[tuple[float, int]] = []  # (monotonic time a chunk came, samples so far)
        super().__init__(env)

    def _read(self) -> None:
        stdout = self.process.stdout
        assert isinstance(stdout, io.BufferedReader)
        while chunk := stdout.read1(8192):
            now = time.monotonic()
            if self.first_at is None:
                self.first_at = now
            self.data += chunk
            self.arrivals.append((now, len(self.data) // 2))

    def origin(self) -> float | None:
        """The monotonic time of the recording's first sample (see the class), or None before any data."""
        if not self.arrivals:
            return None
        return min(at - samples / RATE for at, samples in self.arrivals)


SCRIPTS_RUN = ["bash", str(ROOT / "scripts" / "run")]
INSTALLED = ROOT / ".venv" / "bin" / "stretch-timer"


def scripts_run_row(env: dict[str, str], runs: int, options: list[str]) -> str:
    """``bash scripts/run`` against the installed command, spawn → first paint, on the checkout's warm venv."""
    if not INSTALLED.exists():
        return "scripts/run: not measured (no .venv in the checkout: run `bash scripts/run` once)"
    warm = subprocess.run([*SCRIPTS_RUN, "--version"], cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=600, check=False)  # installs only if the stamp is stale
    if warm.returncode != 0:
        return f"scripts/run: not measured (bash scripts/run --version failed: {warm.stderr.strip()[-300:]})"
    env = {k: v for k, v in env.items() if k != "PYTHONPATH"}  # both run the venv's install, as a person would
    installed: list[float] = []
    script: list[float] = []
    for index in range(runs + 1):
        [i] = measure([str(INSTALLED), *options], env)
        [r] = measure([*SCRIPTS_RUN, *options], env)
        if index:
            installed.append(i)
            script.append(r)
    ratios = sorted(r / i for r, i in zip(script, installed, strict=True))
    return (f"scripts/run, spawn → first paint: {statistics.median(script) * 1000:6.0f} ms against the installed "
            f"command's {statistics.median(installed) * 1000:.0f} ms; ratio, median of the {len(ratios)} pairs: "
            f"{statistics.median(ratios):.2f}×")


def measure(command: list[str], env: dict[str, str], *milestones: str) -> list[float]:
    run = Run(command, env)
    try:
        return [run.wait_for(milestone) for milestone in milestones or ("first-paint",)]
    finally:
        run.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--xvfb", action="store_true", help="measure on a private Xvfb (xcb) instead of offscreen")
    parser.add_argument("--setup", choices=SETUPS, default="both",
                        help="sound server and speech engine the app finds (default: both, as with speakers)")
    parser.add_argument("--no-scripts-run", action="store_true", help="leave out the scripts/run row")
    args = parser.parse_args()
    print(f"setup: {args.setup}: {setup_line(args.setup)}", flush=True)
    reported = "not reported"
    with (tempfile.TemporaryDirectory(prefix="stretch-timer-bench-") as home, display(args.xvfb) as extra,
          _setup_or_exit(args.setup) as setup):
        env = {**base_env(Path(home)), **extra, **setup}
        bare: list[float] = []
        app: list[float] = []
        cards: list[float] = []
        for index in range(args.runs + 1):
            [b] = measure(bare_command(), env)
            run = Run(app_command(*voice_args(args.setup)), env)
            try:
                a, c = run.wait_for("first-paint"), run.wait_for("library-painted")
                if not index:  # the warm-up run also waits for sound and voice, to say what the app found
                    reported = media_reported(run, args.setup in WITH_VOICE)
            finally:
                run.stop()
            if index:  # the first pair warms the disk and byte-code caches
                bare.append(b)
                app.append(a)
                cards.append(c)
        scripts_run = "" if args.no_scripts_run else scripts_run_row(env, args.runs, voice_args(args.setup))
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratios = sorted(a / b for a, b in zip(app, bare, strict=True))
    ratio = statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
    platform = "xcb (Xvfb)" if args.xvfb else env.get("QT_QPA_PLATFORM", "default display")
    print(f"platform: {platform}; {args.runs} runs each, medians; the app reported (warm-up run): {reported}")
    print(f"bare PySide6 window, spawn → first paint: {bare_median * 1000:6.0f} ms "
          f"(min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    print(f"stretch-timer library, spawn → first paint: {app_median * 1000:6.0f} ms "
          f"(min {min(app) * 1000:.0f}, max {max(app) * 1000:.0f})")
    print(f"ratio, median of the {len(ratios)} pairs: {ratio:.2f}× (middle half {quartiles[0]:.2f}–"
          f"{quartiles[2]:.2f}×; ratio of the medians {app_median / bare_median:.2f}×) "
          f"(goal ≤ {GOAL_RATIO}×) {'OK' if ratio <= GOAL_RATIO else 'OVER GOAL'}")
    print(f"stretch-timer, spawn → routine cards painted (loaded just after the first paint): "
          f"{statistics.median(cards) * 1000:.0f} ms, {statistics.median(cards) / bare_median:.2f}× the bare window")
    if scripts_run:
        print(scripts_run)


@contextlib.contextmanager
def _setup_or_exit(name: str) -> Iterator[dict[str, str]]:
    try:
        with setup_env(name) as setup:
            yield setup
    except PulseUnavailable as error:
        sys.exit(f"no sound server to measure with: {error}; --setup none or speechd measures without one")


if __name__ == "__main__":
    main()
