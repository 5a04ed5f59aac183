"""A second launch handing its request to the running app, as a ratio to a bare ``import PySide6.QtCore`` process.

Measured: wall time from spawning a client process until it has exited, after delivering a ``start`` request
to a server process that is already running (the server answers "ok" before the client may exit). The bare
process is ``python -c "import PySide6.QtCore"``: the least any Qt-based second launch can cost. Runs alternate
(bare, client, bare, client, ...), the first pair is a warm-up, and the verdict is the median of the per-pair
ratios, so a machine that slows down for a while slows both sides of a pair alike. The issue's goal for the
whole ``stretch-timer`` second launch is an exit within 0.3 s; this figure is the channel alone (the client
imports only ``stretch_timer.app.ipc``), and the full command's figure comes once the CLI uses it.
Not a test: the figures depend on the machine.

    .venv/bin/python benchmarks/second_launch.py [--runs 20]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOAL_RATIO = 2.0
GOAL_SECONDS = 0.3

SERVER = """
import sys
from PySide6.QtCore import QCoreApplication
from stretch_timer.app.ipc import IpcServer
app = QCoreApplication([])
server = IpcServer(sys.argv[1])
if not server.listen():
    sys.exit("a server is already listening")
server.request_received.connect(lambda request: print("received", request.action, flush=True))
print("listening", flush=True)
app.exec()
"""

CLIENT = """
import sys
from stretch_timer.app.ipc import Request, send_request
sys.exit(0 if send_request(Request("start", "calf-cramp-relief", {"mute": True}), name=sys.argv[1]) else 1)
"""

BARE = "import PySide6.QtCore"


def timed(command: list[str], env: dict[str, str]) -> float:
    """Seconds from spawn to exit; the command must succeed."""
    start = time.perf_counter()
    proc = subprocess.run(command, env=env, capture_output=True, text=True, timeout=30, check=False)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"{command[2][:40]!r}... failed with {proc.returncode}: {proc.stderr.strip()}")
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="st-bench-", dir="/tmp") as folder:
        env = {k: v for k, v in os.environ.items() if not k.startswith(("STRETCH_TIMER", "QT_"))}
        env.update(PYTHONPATH=str(ROOT), STRETCH_TIMER_RUNTIME_DIR=folder, QT_QPA_PLATFORM="offscreen",
                   PYTHONPYCACHEPREFIX=str(Path(folder) / "pycache"))  # compiled once, as installed
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        name = subprocess.run([sys.executable, "-c", "from stretch_timer.app.ipc import socket_name; "
                               "print(socket_name())"], env=env, capture_output=True, text=True,
                              check=True).stdout.strip()
        server = subprocess.Popen([sys.executable, "-c", SERVER, name], env=env, stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None
            if server.stdout.readline().strip() != "listening":
                sys.exit("the server did not start")
            bare: list[float] = []
            client: list[float] = []
            for index in range(args.runs + 1):
                b = timed([sys.executable, "-c", BARE], env)
                c = timed([sys.executable, "-c", CLIENT, name], env)
                if server.stdout.readline().strip() != "received start":
                    sys.exit("the server did not receive the request")
                if index:  # the first pair warms the disk and byte-code caches
                    bare.append(b)
                    client.append(c)
        finally:
            server.kill()
            server.wait()
    ratios = sorted(c / b for c, b in zip(client, bare, strict=True))
    ratio = statistics.median(ratios)
    quartiles = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else [ratio, ratio, ratio]
    client_median, bare_median = statistics.median(client), statistics.median(bare)
    print(f"{args.runs} runs each, medians, spawn → exit")
    print(f"bare `import PySide6.QtCore`:            {bare_median * 1000:5.0f} ms "
          f"(min {min(bare) * 1000:.0f}, max {max(bare) * 1000:.0f})")
    print(f"client delivering a request and exiting: {client_median * 1000:5.0f} ms "
          f"(min {min(client) * 1000:.0f}, max {max(client) * 1000:.0f}; the issue's goal for the whole "
          f"second launch: ≤ {GOAL_SECONDS * 1000:.0f} ms)")
    print(f"ratio, median of the {len(ratios)} pairs: {ratio:.2f}× (middle half {quartiles[0]:.2f}–"
          f"{quartiles[2]:.2f}×) (goal ≤ {GOAL_RATIO}×) {'OK' if ratio <= GOAL_RATIO else 'OVER GOAL'}")


if __name__ == "__main__":
    main()
