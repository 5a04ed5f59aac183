"""The real window with a real system tray (Xvfb and trayer): ``--tray`` starts hidden, closing the window keeps
the app in the tray (said once), Cramp now from the tray brings the window up running relief, and Quit ends it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from .test_tray import WORKTREE, tray_host_missing

PROBE = Path(__file__).with_name("window_tray_probe.py")

pytestmark = [pytest.mark.gui, pytest.mark.slow]


@pytest.mark.skipif(bool(tray_host_missing()), reason=tray_host_missing() or "ok")
def test_the_window_lives_in_the_tray_until_quit(tmp_path: Path) -> None:
    from private_display import private_xvfb

    with private_xvfb() as display:
        env = {key: value for key, value in os.environ.items() if key != "DBUS_SESSION_BUS_ADDRESS"}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(WORKTREE),
                   STRETCH_TIMER_HOME=str(tmp_path / "home"), XDG_CONFIG_HOME=str(tmp_path / "xdg"))
        host = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                                 "--height", "28", "--SetDockType", "true", "--transparent", "false"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.3)
            result = subprocess.run([sys.executable, str(PROBE)], env=env, capture_output=True, text=True,
                                    timeout=60, check=False)
        finally:
            host.terminate()
            host.wait(timeout=5)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found == {"hidden_at_start": True, "tray_present": True, "shown_from_tray": True,
                     "closed_into_tray": True, "hint_said_once": True, "cramp_from_tray": True, "quit_code": 0}
