"""A private D-Bus session bus (dbus-daemon) for tests that talk to fake desktop services over a real bus.

Shared by the notification and screensaver/portal tests, so the daemon is started, checked and stopped one way;
the machine's own session bus is left alone.
"""

from __future__ import annotations

import contextlib
import subprocess
from collections.abc import Iterator
from pathlib import Path


@contextlib.contextmanager
def private_bus(config: Path | None = None) -> Iterator[str]:
    """A dbus-daemon of its own, with ``config`` (a bus configuration file) or the standard session one; yields
    its address and stops it after."""
    which = [f"--config-file={config}"] if config is not None else ["--session"]
    daemon = subprocess.Popen(["dbus-daemon", *which, "--nofork", "--print-address=1"],
                              stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    assert daemon.stdout is not None
    address = daemon.stdout.readline().strip()
    try:
        assert address.startswith("unix:"), "dbus-daemon gave no address"
        yield address
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)
