"""Ending the speech-dispatcher a test or benchmark run started, by the private runtime folder it gave the app.

libspeechd autospawns ``speech-dispatcher --spawn`` under ``$XDG_RUNTIME_DIR/speech-dispatcher/``; the server
daemonizes and its output modules (sd_espeak-ng, sd_dummy) end up children of init, so none of them is a child
we hold. Each run here gets its own temporary ``XDG_RUNTIME_DIR``, which is in the environment of exactly the
processes it started: those are ended, by process id. One stuck without a sound server ignores SIGTERM, hence
the SIGKILL after a moment.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
from pathlib import Path

NAMES = ("speech-dispatcher", "sd_")


def speech_processes(runtime: Path) -> list[int]:
    """Process ids of speech-dispatcher and its modules started with ``XDG_RUNTIME_DIR=runtime``."""
    wanted = f"XDG_RUNTIME_DIR={runtime}".encode()
    found: list[int] = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError):
            name = (entry / "comm").read_text().strip()
            if not name.startswith(NAMES) and "speech-dispatch" not in name:
                continue
            if wanted in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found


def end_speech_processes(runtime: Path, grace: float = 1.0) -> list[int]:
    """SIGTERM, then after ``grace`` seconds SIGKILL, every process :func:`speech_processes` finds."""
    pids = speech_processes(runtime)
    for pid in pids:
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_running(pid) for pid in pids):
        time.sleep(0.05)
    for pid in pids:
        if _running(pid):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
    return pids


def _running(pid: int) -> bool:
    """Alive and not a zombie (a zombie whose parent is init may never be reaped here)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"
