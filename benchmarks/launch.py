"""Launch → first painted main window, as a ratio to a bare PySide6 window painting one label (goal ≤ 1.5×).

Both are measured the same way in the same run: wall time from spawning the Python process to the moment its
window receives its first paint event, reported on stderr (the app's ``STRETCH_TIMER_TRACE=1`` milestone
``first-paint``; the bare window prints the same line). The app paints its window (title, Cramp now) before
it reads the routine files, then shows the cards; the time to the cards on screen is printed as well. Runs
alternate (bare, app, bare, app, …) and the first pair is a warm-up. The verdict is the median of the per-pair
ratios: each pair runs back to back, so a shared machine that slows down for a while slows both sides of a
pair alike, where a ratio of the two overall medians would mix slow and fast periods. Not a test: the figures
depend on the machine.

    .venv/bin/python benchmarks/launch.py [--runs 15] [--xvfb]

Without a display it renders offscreen (``QT_QPA_PLATFORM=offscreen``); ``--xvfb`` starts a private Xvfb so
the real xcb platform is measured too.
"""

from __future__ import annotations

import argparse
import contextlib
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
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="stretch-timer-bench-") as home, display(args.xvfb) as extra:
        env = {**base_env(Path(home)), **extra}
        bare: list[float] = []
        app: list[float] = []
        cards: list[float] = []
        for index in range(args.runs + 1):
            [b] = measure(bare_command(), env)
            a, c = measure(app_command(), env, "first-paint", "library-painted")
            if index:  # the first pair warms the disk and byte-code caches
                bare.append(b)
                app.append(a)
                cards.append(c)
    bare_median, app_median = statistics.median(bare), statistics.median(app)
    ratios = sorted(a / b for a, b in zip(app, bare, strict=True))
    ratio = statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
    platform = "xcb (Xvfb)" if args.xvfb else env.get("QT_QPA_PLATFORM", "default display")
    print(f"platform: {platform}; {args.runs} runs each, medians")
    print(f"bare PySide6 window, spawn → first paint: {bare_median * 1000:6.0f} ms "
          f"(min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    print(f"stretch-timer library, spawn → first paint: {app_median * 1000:6.0f} ms "
          f"(min {min(app) * 1000:.0f}, max {max(app) * 1000:.0f})")
    print(f"ratio, median of the {len(ratios)} pairs: {ratio:.2f}× (middle half {quartiles[0]:.2f}–"
          f"{quartiles[2]:.2f}×; ratio of the medians {app_median / bare_median:.2f}×) "
          f"(goal ≤ {GOAL_RATIO}×) {'OK' if ratio <= GOAL_RATIO else 'OVER GOAL'}")
    print(f"stretch-timer, spawn → routine cards painted (loaded just after the first paint): "
          f"{statistics.median(cards) * 1000:.0f} ms, {statistics.median(cards) / bare_median:.2f}× the bare window")


if __name__ == "__main__":
    main()
