"""Themes (light, dark, bedtime), large type, and settings that survive damage."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from stretch_timer import paths
from stretch_timer.media.status import sound_status
from stretch_timer.qt import theme as themes
from stretch_timer.qt.pages.settings_dialog import SettingsDialog
from stretch_timer.qt.settings import Settings, settings_path

from .conftest import FakeCues, FakeVoice, Rig, find

pytestmark = pytest.mark.gui


# --- settings ------------------------------------------------------------------------------------------


def test_settings_live_under_the_user_config_dir_and_round_trip() -> None:
    settings = Settings()
    assert settings.path == paths.user_config_dir() / "settings.ini"
    assert (settings.volume, settings.muted, settings.theme, settings.large_type) == (80, False, "system", False)
    assert settings.voice_enabled and not settings.read_instructions and not settings.disclaimer_seen
    settings.volume, settings.muted, settings.theme = 35, True, "bedtime"
    settings.last_routine, settings.large_type, settings.disclaimer_seen = "bedtime-legs", True, True
    settings.sync()
    QSettings().sync()
    again = Settings()
    assert (again.volume, again.muted, again.theme, again.last_routine) == (35, True, "bedtime", "bedtime-legs")
    assert again.large_type and again.disclaimer_seen
    assert again.problems == []


def test_wrong_values_give_defaults_and_a_note() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[sound]\nvolume=loud\nmuted=perhaps\n[display]\ntheme=neon\n", encoding="utf-8")
    settings = Settings()
    assert (settings.volume, settings.muted, settings.theme) == (80, False, "system")
    assert len(settings.problems) == 3
    assert any("'sound/volume'" in problem for problem in settings.problems)


def test_a_garbage_settings_file_does_not_crash_and_is_kept_aside() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(range(256)) * 4)
    settings = Settings()
    assert settings.volume == 80 and settings.theme == "system"
    assert settings.problems and "damaged" in settings.problems[0]
    assert path.with_name("settings.ini.corrupt").exists()
    settings.volume = 50
    settings.sync()
    assert Settings().volume == 50


def test_the_window_says_when_the_settings_were_damaged(make_window: Callable[..., Rig]) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\x00\xff\xfe garbage \x00")
    rig = make_window()
    assert "Settings file was damaged" in find(rig.window, "Notices").text()
    assert rig.window.theme.name in ("light", "dark")


def test_window_geometry_and_last_routine_are_remembered(make_window: Callable[..., Rig]) -> None:
    rig = make_window()
    rig.window.resize(700, 520)
    rig.click("Calf")
    rig.window.close()
    again = make_window()
    assert again.window.settings.last_routine == "calf-cramp-relief"
    assert (again.window.width(), again.window.height()) == (700, 520)
    assert "last used" in again.window.library_page.cards["calf-cramp-relief"].accessibleDescription()


# --- themes --------------------------------------------------------------------------------------------


def test_bedtime_theme_is_dark_warm_and_has_no_white() -> None:
    theme = themes.BEDTIME
    colours = [QColor(value) for value in theme._asdict().values() if isinstance(value, str) and value.startswith("#")]
    assert colours
    for colour in colours:
        assert colour.lightness() < 235, colour.name()
        assert colour.red() >= colour.blue(), f"{colour.name()} is not warm"
    assert QColor(theme.window).lightness() < 20
    assert theme.cue_volume_factor == 0.5


def test_palette_roles_carry_the_theme() -> None:
    palette = themes.palette_for(themes.DARK)
    assert palette.color(QPalette.ColorRole.Window) == QColor(themes.DARK.window)
    assert palette.color(QPalette.ColorRole.Highlight) == QColor(themes.DARK.accent)
    assert palette.color(QPalette.ColorRole.Mid) == QColor(themes.DARK.track)
    assert themes.system_theme() in (themes.LIGHT, themes.DARK)
    assert themes.resolve("bedtime") is themes.BEDTIME


def test_a_bedtime_routine_switches_to_the_bedtime_theme_and_lowers_the_volume(rig: Rig) -> None:
    window = rig.window
    window.ensure_media()
    day = window.theme
    assert day is not themes.BEDTIME
    full = rig.cues.volume
    rig.click("Routine: Bedtime legs")
    assert window.theme is themes.BEDTIME
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(themes.BEDTIME.window)
    assert rig.cues.volume == pytest.approx(full * 0.5)
    rig.click("Start")
    assert window.theme is themes.BEDTIME
    window.stop_run()
    window.show_library()
    assert window.theme is themes.BEDTIME, "no bright library right after a bedtime routine"
    rig.click("Calf")
    assert window.theme is themes.BEDTIME, "a cramp in the night keeps the dark screen"
    window.stop_run()
    window.show_library()
    other = next(e for e in window.library.entries.values() if e.ok and "bedtime" not in e.routine.tags)
    rig.click(f"Routine: {other.name}")
    assert window.theme is day
    assert rig.cues.volume == pytest.approx(full)


def test_the_bedtime_switch_can_be_turned_off(rig: Rig) -> None:
    rig.window.settings.bedtime_theme_for_bedtime = False
    rig.click("Routine: Bedtime legs")
    assert rig.window.theme is not themes.BEDTIME


def test_large_type_scales_the_application_font(rig: Rig) -> None:
    before = QApplication.font().pointSizeF()
    rig.window.large_type_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before * themes.LARGE_TYPE_SCALE)
    assert rig.window.settings.large_type
    rig.window.large_type_action.trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before)


def test_choosing_a_theme_in_the_menu_applies_and_saves_it(rig: Rig) -> None:
    rig.window.theme_actions["dark"].trigger()
    assert rig.window.theme is themes.DARK and rig.window.settings.theme == "dark"
    rig.window.theme_actions["system"].trigger()
    assert rig.window.theme is themes.system_theme()


# --- settings dialog -----------------------------------------------------------------------------------


def test_settings_dialog_applies_changes_at_once(rig: Rig) -> None:
    window = rig.window
    window.ensure_media()
    window.show_settings()
    dialog = window._settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    find(dialog, "Volume").setValue(40)
    assert window.settings.volume == 40 and rig.cues.volume == pytest.approx(0.4)
    find(dialog, "Mute").setChecked(True)
    assert rig.cues.muted and window.mute_action.isChecked()
    theme_box = find(dialog, "Theme")
    theme_box.setCurrentIndex(theme_box.findData("bedtime"))
    assert window.theme is themes.BEDTIME
    find(dialog, "Voice").setChecked(False)
    assert not rig.voice.enabled
    assert "Sound works" in find(dialog, "Sound status").text()
    dialog.reject()


def test_settings_dialog_says_why_sound_and_voice_are_unavailable(make_window: Callable[..., Rig]) -> None:
    rig = make_window(cues=FakeCues(available=False, reason="Sound unavailable: no audio device (Qt Multimedia)."),
                      voice=FakeVoice(available=False, reason="No speech engine: install speech-dispatcher."))
    rig.window.ensure_media()
    rig.window.show_settings()
    dialog = rig.window._settings_dialog
    assert find(dialog, "Sound status").text() == "Sound unavailable: no audio device (Qt Multimedia)."
    assert "install speech-dispatcher" in find(dialog, "Voice status").text()
    assert not find(dialog, "Voice").isEnabled() and not find(dialog, "Voice").isChecked()
    dialog.reject()


def test_sound_status_words() -> None:
    assert sound_status(None).startswith("Sound: checked")
    assert sound_status(FakeCues(available=False, reason="No audio output device found.")) == (
        "Sound unavailable: No audio output device found.")


def test_settings_path_honours_the_test_home(_isolated_user_home: Path) -> None:
    assert settings_path().is_relative_to(_isolated_user_home)
