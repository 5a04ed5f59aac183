"""The login entry: written only when switched on, a valid desktop entry that runs ``--tray``, removed when
switched off, idempotent both ways, and a file at that name the person wrote is never touched."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from stretch_timer.app import autostart
from stretch_timer.app.settings import Settings


@pytest.fixture(autouse=True)
def config_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    home = tmp_path / "xdg-config"
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home))
    return home


def test_the_entry_lives_in_the_xdg_autostart_folder(config_home: Path) -> None:
    assert autostart.autostart_path() == config_home / "autostart" / "stretch-timer.desktop"


def test_on_writes_it_off_removes_it_and_both_are_idempotent(config_home: Path) -> None:
    path = autostart.autostart_path()
    assert autostart.set_enabled(False) == "" and not path.exists(), "off: nothing written"
    assert autostart.set_enabled(True) == ""
    text = path.read_text(encoding="utf-8")
    assert text.startswith("[Desktop Entry]\n") and "Type=Application" in text
    exec_line = next(line for line in text.splitlines() if line.startswith("Exec="))
    assert exec_line.endswith(" --tray")
    assert autostart.set_enabled(True) == "" and path.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in path.parent.iterdir()) == ["stretch-timer.desktop"], "no backups, no temp files"
    assert autostart.set_enabled(False) == "" and not path.exists()
    assert autostart.set_enabled(False) == ""


def test_a_file_the_person_wrote_at_that_name_is_left_alone(config_home: Path) -> None:
    path = autostart.autostart_path()
    path.parent.mkdir(parents=True)
    own = "[Desktop Entry]\nType=Application\nName=Mine\nExec=stretch-timer --mute\n"
    path.write_text(own, encoding="utf-8")
    neighbour = path.parent / "other.desktop"
    neighbour.write_text(own, encoding="utf-8")
    assert "left as it is" in autostart.set_enabled(False)
    assert "left as it is" in autostart.set_enabled(True)
    assert path.read_text(encoding="utf-8") == own and neighbour.read_text(encoding="utf-8") == own


def test_paths_with_spaces_and_percent_signs_are_quoted() -> None:
    text = autostart.desktop_entry(["/opt/My Apps/100% stretch/bin/stretch-timer", "--tray"])
    assert 'Exec="/opt/My Apps/100%% stretch/bin/stretch-timer" --tray' in text


@pytest.mark.skipif(shutil.which("desktop-file-validate") is None, reason="desktop-file-utils is not installed")
def test_the_entry_is_a_valid_desktop_file(config_home: Path) -> None:
    for argv in (autostart.command_line(), ["/opt/My Apps/bin/stretch-timer", "--tray"]):
        path = config_home / "check" / "stretch-timer.desktop"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(autostart.desktop_entry(argv), encoding="utf-8")
        result = subprocess.run(["desktop-file-validate", str(path)], capture_output=True, text=True, check=False)
        assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_follow_keeps_the_entry_in_step_with_the_setting(qapp: Any) -> None:
    settings = Settings()
    told: list[str] = []
    path = autostart.autostart_path()
    autostart.follow(settings, told.append)
    assert not path.exists()
    settings.autostart = True
    assert autostart.is_ours(path)
    settings.autostart = False
    assert not path.exists() and told == []
