"""Where things live: the STRETCH_TIMER_HOME override, and the bundled folders of the checkout."""

from __future__ import annotations

from pathlib import Path

import pytest

import stretch_timer
from stretch_timer import paths

REPO_ROOT = Path(__file__).resolve().parent.parent
IN_CHECKOUT = Path(stretch_timer.__file__).resolve().parent.parent == REPO_ROOT


def test_home_override_moves_every_user_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "elsewhere"
    monkeypatch.setenv("STRETCH_TIMER_HOME", str(home))
    assert paths.user_data_dir() == home
    assert paths.user_routines_dir() == home / "routines"
    assert paths.user_stretches_dir() == home / "stretches"
    assert paths.user_config_dir() == home / "config"
    assert not home.exists(), "asking for a path must not create it"


def test_home_override_is_made_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("STRETCH_TIMER_HOME", "rel/../st")
    assert paths.user_data_dir() == tmp_path / "st"


def test_conftest_isolates_user_dirs(tmp_path: Path) -> None:
    assert paths.user_data_dir() == tmp_path / "home"


@pytest.mark.parametrize("value", [None, ""])
def test_without_override_uses_platform_dirs(monkeypatch: pytest.MonkeyPatch, value: str | None) -> None:
    if value is None:
        monkeypatch.delenv("STRETCH_TIMER_HOME", raising=False)
    else:
        monkeypatch.setenv("STRETCH_TIMER_HOME", value)
    assert paths.user_data_dir().is_absolute()
    assert paths.user_data_dir().name == "stretch-timer"
    assert paths.user_config_dir().name == "stretch-timer"
    assert paths.user_routines_dir() == paths.user_data_dir() / "routines"


@pytest.mark.skipif(not IN_CHECKOUT, reason="runs against an installed copy, not this checkout")
def test_bundled_dirs_are_the_checkout_folders() -> None:
    assert paths.bundled_routines_dir() == REPO_ROOT / "routines"
    assert paths.bundled_stretches_dir() == REPO_ROOT / "routines" / "stretches"
    assert paths.bundled_assets_dir() == REPO_ROOT / "assets"
    assert paths.bundled_images_dir() == REPO_ROOT / "assets" / "images"
    assert paths.bundled_sounds_dir() == REPO_ROOT / "assets" / "sounds"
    for folder in (
        paths.bundled_routines_dir(),
        paths.bundled_stretches_dir(),
        paths.bundled_assets_dir(),
        paths.bundled_images_dir(),
        paths.bundled_sounds_dir(),
    ):
        assert folder.is_dir(), folder
