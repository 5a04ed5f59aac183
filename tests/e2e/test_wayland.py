"""The app on Wayland, natively (``QT_QPA_PLATFORM=wayland``): a real process under a headless Weston.

Weston (Debian's ``weston`` package) runs with its headless backend in a runtime folder of its own (0700, as
libwayland insists), listening on a socket of its own, so no desktop session on the machine is touched. Weston
10 (Debian 12) names the backend ``headless-backend.so``; newer ones take ``headless``: whichever its ``--help``
lists is tried first, then the other. Without weston, or when it cannot start, the tests skip and say why.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SOCKET = "wl-stretch-timer"

pytestmark = [pytest.mark.gui, pytest.mark.slow]


def backend_names() -> list[str]:
    """The headless backend's spellings, the one this weston lists first."""
    proc = subprocess.run(["weston", "--help"], capture_output=True, text=True, timeout=10, check=False)
    old, new = "headless-backend.so", "headless"
    return [old, new] if old in proc.stdout + proc.stderr else [new, old]


def start_weston(runtime: Path, backend: str) -> tuple[subprocess.Popen[bytes] | None, str]:
    """Weston on ``runtime/SOCKET``, or (None, why not) when it ended or never listened within 10 s."""
    log = runtime / f"weston-{backend}.log"
    env = {key: value for key, value in os.environ.items() if key not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env["XDG_RUNTIME_DIR"] = str(runtime)
    with log.open("wb") as out:
        process = subprocess.Popen(["weston", f"--backend={backend}", f"--socket={SOCKET}", "--idle-time=0",
                                    "--width=1280", "--height=800"], env=env, stdout=out, stderr=out)
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if (runtime / SOCKET).exists():
            return process, ""
        time.sleep(0.05)
    if process.poll() is None:
        process.kill()
    process.wait()
    lines = log.read_text(errors="replace").strip().splitlines()
    return None, lines[-1] if lines else f"exit code {process.returncode}"


@pytest.fixture(scope="module")
def wayland(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """The environment that puts a process on the headless compositor (shared by this module's tests)."""
    if shutil.which("weston") is None:
        pytest.skip("weston is not installed (apt-get install weston)")
    runtime = tmp_path_factory.mktemp("wayland-runtime")
    runtime.chmod(0o700)
    reasons = []
    for backend in backend_names():
        process, reason = start_weston(runtime, backend)
        if process is not None:
            break
        reasons.append(f"--backend={backend}: {reason}")
    else:
        pytest.skip("weston could not start headless: " + "; ".join(reasons))
    try:
        yield {"XDG_RUNTIME_DIR": str(runtime), "WAYLAND_DISPLAY": SOCKET, "QT_QPA_PLATFORM": "wayland"}
    finally:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_a_routine_runs_to_the_end_on_wayland(wayland: dict[str, str], _isolated_user_home: Path) -> None:
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "STRETCH_TIMER")) and key not in ("DISPLAY", "DBUS_SESSION_BUS_ADDRESS")}
    env.update(wayland, STRETCH_TIMER_HOME=str(_isolated_user_home), STRETCH_TIMER_CLOCK_SCALE="50",
               STRETCH_TIMER_TRACE="1", PYTHONPATH=str(REPO))
    proc = subprocess.run(
        [sys.executable, "-m", "stretch_timer", "start", "calf-cramp-relief", "--quit-when-done", "--mute",
         "--no-voice"], cwd=REPO, env=env, capture_output=True, text=True, timeout=60, check=False,
    )
    assert proc.returncode == 0, proc.stderr
    trace = {line.split()[1]: line for line in proc.stderr.splitlines() if line.startswith("stretch-timer-trace:")}
    assert trace["platform"].endswith(" wayland"), "Qt ran on its wayland plugin, not a fallback"
    for milestone in ("first-paint", "run-started", "first-event", "run-finished", "exit"):
        assert milestone in trace, f"no {milestone!r} in:\n{proc.stderr}"
    assert "completed=True" in trace["run-finished"]
    assert "Traceback" not in proc.stderr
