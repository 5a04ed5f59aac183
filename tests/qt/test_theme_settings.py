"""Themes (light, dark, bedtime), large type, and settings that survive damage."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from stretch_timer import paths
from stretch_timer.app.settings import Settings, settings_path
from stretch_timer.media.status import sound_status
from stretch_timer.qt import theme as themes
from stretch_timer.qt.pages.settings_dialog import SettingsDialog

from .conftest import FakeCues, FakeVoice, Rig, find

pytestmark = pytest.mark.gui


# --- settings ------------------------------------------------------------------------------------------


def test_settings_live_under_the_user_config_dir_and_round_trip() -> None:
    settings = Settings()
    assert settings.path == paths.user_config_dir() / "settings.ini"
    assert (settings.volume, settings.theme, settings.large_type) == (80, "system", False)
    assert settings.voice_enabled and not settings.read_instructions and not settings.disclaimer_seen
    assert (settings.night_starts, settings.night_ends) == (dt.time(21, 0), dt.time(7, 0))
    settings.volume, settings.theme, settings.night_starts = 35, "bedtime", dt.time(22, 30)
    settings.last_routine, settings.large_type, settings.disclaimer_seen = "bedtime-legs", True, True
    settings.sync()
    QSettings().sync()
    again = Settings()
    assert (again.volume, again.theme, again.last_routine) == (35, "bedtime", "bedtime-legs")
    assert again.large_type and again.disclaimer_seen and again.night_starts == dt.time(22, 30)
    assert again.problems == []


def test_wrong_values_give_defaults_and_a_note() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[sound]\nvolume=loud\n[display]\ntheme=neon\nlarge_type=perhaps\nnight_starts=25:00\n",
                    encoding="utf-8")
    settings = Settings()
    assert (settings.volume, settings.theme, settings.large_type) == (80, "system", False)
    assert settings.night_starts == dt.time(21, 0)
    assert len(settings.problems) == 4
    assert any("'sound/volume'" in problem for problem in settings.problems)


@pytest.mark.parametrize("stored", ["101", "-1", "1000000"])
def test_a_volume_out_of_range_gives_the_default_and_a_note(stored: str) -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"[sound]\nvolume={stored}\n", encoding="utf-8")
    settings = Settings()
    assert settings.volume == 80
    assert [problem for problem in settings.problems if "'sound/volume'" in problem]


def test_a_volume_at_the_ends_of_its_range_is_kept() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    for stored in (0, 100):
        path.write_text(f"[sound]\nvolume={stored}\n", encoding="utf-8")
        settings = Settings()
        assert settings.volume == stored and settings.problems == []


def test_setting_a_volume_out_of_range_brings_it_into_range() -> None:
    settings = Settings()
    settings.volume = 150
    assert settings.volume == 100
    settings.volume = -5
    assert settings.volume == 0


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
    assert "Settings file was damaged" in rig.window.notice.text()
    assert rig.window.view.theme.name in ("light", "dark")


def test_window_geometry_and_last_routine_are_remembered(make_window: Callable[..., Rig]) -> None:
    rig = make_window()
    rig.window.resize(700, 520)
    rig.click("Calf")
    rig.pages.stop_run()
    rig.window.close()
    again = make_window()
    assert again.window.context.settings.last_routine == "calf-cramp-relief"
    assert (again.window.width(), again.window.height()) == (700, 520)
    assert "last used" in again.window.pages.library_page.cards["calf-cramp-relief"].accessibleDescription()


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
    window.context.runs.ensure_media()
    day = window.view.theme
    assert day is not themes.BEDTIME
    full = rig.cues.volume
    rig.click("Routine: Bedtime legs")
    assert window.view.theme is themes.BEDTIME
    assert QApplication.palette().color(QPalette.ColorRole.Window) == QColor(themes.BEDTIME.window)
    assert rig.cues.volume == pytest.approx(full * 0.5)
    rig.click("Start")
    assert window.view.theme is themes.BEDTIME
    window.pages.stop_run()
    window.pages.show_library()
    assert window.view.theme is themes.BEDTIME, "no bright library right after a bedtime routine"
    rig.click("Calf")
    assert window.view.theme is themes.BEDTIME, "a cramp in the night keeps the dark screen"
    window.pages.stop_run()
    window.pages.show_library()
    other = next(e for e in window.context.library.entries.values() if e.ok and "bedtime" not in e.routine.tags)
    rig.click(f"Routine: {other.name}")
    assert window.view.theme is day
    assert rig.cues.volume == pytest.approx(full)


def test_the_bedtime_switch_can_be_turned_off(rig: Rig) -> None:
    rig.window.context.settings.bedtime_theme_for_bedtime = False
    rig.click("Routine: Bedtime legs")
    assert rig.window.view.theme is not themes.BEDTIME


def test_large_type_scales_the_application_font(rig: Rig) -> None:
    before = QApplication.font().pointSizeF()
    rig.window.menus.actions["large_type"].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before * themes.LARGE_TYPE_SCALE)
    assert rig.window.context.settings.large_type
    rig.window.menus.actions["large_type"].trigger()
    assert QApplication.font().pointSizeF() == pytest.approx(before)


def test_choosing_a_theme_in_the_menu_applies_and_saves_it(rig: Rig) -> None:
    rig.window.menus.actions["theme.dark"].trigger()
    assert rig.window.view.theme is themes.DARK and rig.window.context.settings.theme == "dark"
    rig.window.menus.actions["theme.system"].trigger()
    assert rig.window.view.theme is themes.system_theme()


# --- settings dialog -----------------------------------------------------------------------------------


def test_settings_dialog_applies_changes_at_once(rig: Rig) -> None:
    window = rig.window
    window.context.runs.ensure_media()
    window.context.commands.trigger("settings")
    dialog = window.dialogs.settings_dialog
    assert isinstance(dialog, SettingsDialog) and dialog.isVisible()
    find(dialog, "Volume").setValue(40)
    assert window.context.settings.volume == 40 and rig.cues.volume == pytest.approx(0.4)
    find(dialog, "Large type").setChecked(True)
    assert window.context.settings.large_type and window.menus.actions["large_type"].isChecked()
    rig.trigger("large_type")  # from the menu or Ctrl++: the open dialog follows
    assert not find(dialog, "Large type").isChecked()
    theme_box = find(dialog, "Theme")
    theme_box.setCurrentIndex(theme_box.findData("bedtime"))
    assert window.view.theme is themes.BEDTIME
    find(dialog, "Voice").setChecked(False)
    assert not rig.voice.enabled
    assert "Sound works" in dialog.sound_status.text()
    dialog.reject()


def test_settings_dialog_says_why_sound_and_voice_are_unavailable(make_window: Callable[..., Rig]) -> None:
    rig = make_window(cues=FakeCues(available=False, reason="Sound unavailable: no audio device (Qt Multimedia)."),
                      voice=FakeVoice(available=False, reason="No speech engine: install speech-dispatcher."))
    rig.window.context.runs.ensure_media()
    rig.window.context.commands.trigger("settings")
    dialog = rig.window.dialogs.settings_dialog
    assert dialog.sound_status.text() == "Sound unavailable: no audio device (Qt Multimedia)."
    assert "install speech-dispatcher" in dialog.voice_status.text()
    assert not find(dialog, "Voice").isEnabled() and not find(dialog, "Voice").isChecked()
    dialog.reject()


def test_sound_status_words() -> None:
    assert sound_status(None).startswith("Sound: checked")
    assert sound_status(FakeCues(available=False, reason="No audio output device found.")) == (
        "Sound unavailable: No audio output device found.")


def test_settings_path_honours_the_test_home(_isolated_user_home: Path) -> None:
    assert settings_path().is_relative_to(_isolated_user_home)


def test_a_disclaimer_seen_under_the_old_key_stays_seen() -> None:
    path = settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("[%General]\ndisclaimer_seen=true\n", encoding="utf-8")  # as older versions wrote it
    assert Settings().disclaimer_seen


def test_the_settings_dialog_offers_every_declared_setting_and_only_those(rig: Rig) -> None:
    rig.trigger("settings")
    dialog = rig.window.dialogs.settings_dialog
    assert set(dialog.controls) == {setting.name for setting in Settings.shown()}
    for setting in Settings.shown():
        assert find(dialog, setting.label).isVisibleTo(dialog)
    assert find(dialog, "Night starts").isEnabled()  # night relief is on by default
    find(dialog, "Bedtime theme for relief at night").setChecked(False)
    assert not rig.settings.night_relief and not find(dialog, "Night starts").isEnabled()
    dialog.reject()
