"""Settings every test shares: no display, and never the real user directories."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Before anything imports Qt: widgets render offscreen on a machine without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


@pytest.fixture(autouse=True)
def _isolated_user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point STRETCH_TIMER_HOME at a fresh folder per test, so saving a routine or a session stays in tmp."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRETCH_TIMER_HOME", str(home))
    return home
