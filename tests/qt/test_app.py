"""The main window as a person uses it: library → overview → player → summary, Cramp now, keys, notices."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from stretch_timer.app.context import AppContext, LaunchOptions
from stretch_timer.core.plan import PhaseKind
from stretch_timer.core.session import State
from stretch_timer.disclaimer import DISCLAIMER_TEXT
from stretch_timer.qt import platform_check
from stretch_timer.qt.platform_check import NO_DISPLAY_MESSAGE, check_platform, explain_import_error

from .conftest import FakeCues, FakeVoice, Rig, active_timers, find

pytestmark = pytest.mark.gui


def test_one_click_on_calf_under_cramp_now_starts_the_relief_routine(rig: Rig) -> None:
    window = rig.window
    rig.click("Calf")  # on the library screen itself: no panel to open first
    assert window.pages.current_page() is window.pages.player_page
    driver = window.context.runs.driver
    assert driver is not None
    assert window.pages.routine is not None and window.pages.routine.id == "calf-cramp-relief"
    assert driver.session.state is State.RUNNING
    assert driver.session.phase.kind is PhaseKind.PREPARE
    assert rig.inhibitor.active, "the screen saver is held off while a routine runs"
    rig.advance(4)
    assert rig.cues.plays, "cues sound as the routine runs"
    assert rig.voice.spoken, "the voice announces the phases"
    assert window.context.settings.last_routine == "calf-cramp-relief"
    window.pages.stop_run()
    assert not rig.inhibitor.active


def test_overview_start_run_summary_and_back_to_the_library(rig: Rig) -> None:
    window = rig.window
    rig.click("Routine: Bedtime legs")
    assert window.pages.current_page() is window.pages.overview_page
    routine = window.context.library.get("bedtime-legs").routine
    have_ready = rig.find("Have ready")
    assert routine.props and all(prop in have_ready.text() for prop in routine.props)
    rows = window.pages.overview_page.step_rows
    assert len(rows) == len(routine.steps)
    assert rows[1].accessibleName().startswith(f"Step 2: {routine.steps[1].stretch.name}, ")
    rig.click("Start")
    assert window.pages.current_page() is window.pages.player_page
    assert window.context.runs.driver is not None and window.context.runs.driver.session.state is State.RUNNING
    rig.run_to_end()
    assert window.pages.current_page() is window.pages.summary_page
    assert window.pages.last_summary is not None and window.pages.last_summary.completed
    assert not rig.inhibitor.active and rig.inhibitor.releases == 1
    assert "complete" in rig.cues.plays
    rig.click("Back to library")
    assert window.pages.current_page() is window.pages.library_page
    assert window.context.runs.driver is None


def test_back_from_the_overview(rig: Rig) -> None:
    rig.click("Routine: Calf cramp — now")
    rig.click("Back to library")
    assert rig.window.pages.current_page() is rig.window.pages.library_page


def test_f_toggles_full_screen_and_m_toggles_mute(rig: Rig) -> None:
    window, qtbot = rig.window, rig.qtbot
    window.activateWindow()
    qtbot.waitActive(window)
    window.context.runs.ensure_media()
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert window.isFullScreen()
    assert not window.menuBar().isVisible()
    qtbot.keyClick(window, Qt.Key.Key_F)
    assert not window.isFullScreen()
    assert not rig.cues.muted
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert window.context.muted and rig.cues.muted
    assert window.menus is not None and window.menus.actions["mute"].isChecked()
    assert "Muted" in rig.window.notice.text()
    qtbot.keyClick(window, Qt.Key.Key_M)
    assert not window.context.muted and not rig.cues.muted


def test_m_mutes_while_a_routine_runs(rig: Rig) -> None:
    rig.click("Calf")
    rig.qtbot.keyClick(rig.window.pages.player_page, Qt.Key.Key_M)
    assert rig.cues.muted
    assert rig.window.context.runs.driver is not None and rig.window.context.runs.driver.session.state is State.RUNNING
    rig.window.pages.stop_run()


def test_question_mark_shows_the_keyboard_shortcuts(rig: Rig) -> None:
    window, qtbot = rig.window, rig.qtbot
    window.activateWindow()
    qtbot.waitActive(window)
    qtbot.keyClick(window, Qt.Key.Key_Question, Qt.KeyboardModifier.ShiftModifier)
    overlay = rig.find("Keyboard shortcuts")
    assert overlay.isVisible()
    texts = {label.accessibleName() for label in overlay.findChildren(QPushButton)} | {
        w.accessibleName() for w in overlay.findChildren(type(window.notice))}
    assert any(name.startswith("Space: Pause") for name in texts)
    assert any(name.startswith("Esc: Stop") for name in texts)
    qtbot.keyClick(overlay, Qt.Key.Key_Escape)
    assert not overlay.isVisible()


def test_escape_closes_the_help_without_stopping_the_routine(rig: Rig) -> None:
    window, qtbot = rig.window, rig.qtbot
    rig.click("Calf")
    window.dialogs.help_overlay.toggle()
    assert window.context.runs.driver.session.state is State.PAUSED, "reading the keys pauses the routine"
    qtbot.keyClick(window.dialogs.help_overlay, Qt.Key.Key_Escape)
    assert not window.dialogs.help_overlay.isVisible()
    player = window.pages.player_page
    assert player is not None and not player.confirm_bar.isVisible()
    assert window.context.runs.driver is not None and window.context.runs.driver.session.state is State.RUNNING
    window.pages.stop_run()


def test_first_run_shows_the_disclaimer_once(make_window: Callable[..., Rig]) -> None:
    rig = make_window(disclaimer_seen=False)
    QApplication.processEvents()
    box = rig.window.dialogs.show_disclaimer()  # shown after the first paint; asking again gives the same box
    assert isinstance(box, QMessageBox) and box.isVisible()
    assert DISCLAIMER_TEXT in box.text()
    assert box.windowModality() == Qt.WindowModality.WindowModal, "read before anything else is done"
    box.button(QMessageBox.StandardButton.Ok).click()
    assert rig.window.context.settings.disclaimer_seen
    rig.window.close()
    again = make_window(disclaimer_seen=False)
    QApplication.processEvents()
    assert not [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
    assert again.window.context.settings.disclaimer_seen


def test_about_shows_the_version_and_the_disclaimer(rig: Rig) -> None:
    box = rig.window.dialogs.show_about()
    assert "0." in box.text() and DISCLAIMER_TEXT in box.text()
    box.close()


def test_no_timers_run_while_idle_on_the_library(rig: Rig) -> None:
    QApplication.processEvents()
    rig.qtbot.wait(50)
    assert rig.window.pages.current_page() is rig.window.pages.library_page
    assert active_timers(rig.window) == []


def test_sound_unavailable_is_shown_with_its_reason(make_window: Callable[..., Rig]) -> None:
    rig = make_window(cues=FakeCues(available=False, reason="Sound unavailable: no audio device (Qt Multimedia)."),
                      voice=FakeVoice(available=False, reason="No speech engine: install speech-dispatcher."))
    rig.window.context.runs.ensure_media()
    notice = rig.window.notice.text()
    assert "Sound unavailable: no audio device" in notice
    assert "Voice off: No speech engine" in notice


def test_media_is_not_created_before_the_first_paint(make_window: Callable[..., Rig]) -> None:
    rig = make_window(show=False)
    assert rig.window.context.runs.cues is None and rig.window.context.runs.voice is None
    rig.window.show()
    rig.qtbot.waitUntil(lambda: rig.window.context.runs.cues is not None, timeout=1000)


def test_read_instructions_during_get_ready(rig: Rig) -> None:
    rig.window.context.settings.read_instructions = True
    rig.click("Calf")
    spoken = " ".join(rig.voice.spoken)
    assert "Pull" in spoken or "toes" in spoken.lower()
    rig.window.pages.stop_run()


def test_no_voice_option_turns_the_voice_off(make_window: Callable[..., Rig]) -> None:
    rig = make_window(options=LaunchOptions(no_voice=True, mute=True))
    rig.window.context.runs.ensure_media()
    assert not rig.window.context.runs.voice.available
    assert rig.cues.muted
    assert "muted" not in rig.window.context.settings.path.read_text() if rig.window.context.settings.path.exists() \
        else True, "--mute is for this run only"


def test_stopping_early_shows_the_summary(rig: Rig) -> None:
    rig.click("Calf")
    rig.advance(5)
    rig.qtbot.keyClick(rig.window.pages.player_page, Qt.Key.Key_Escape)
    player = rig.window.pages.player_page
    assert player is not None and player.confirm_bar.isVisible()
    player.confirm_stop()
    assert rig.window.pages.current_page() is rig.window.pages.summary_page
    assert rig.window.pages.last_summary is not None and not rig.window.pages.last_summary.completed
    assert not rig.inhibitor.active


# --- platform check (no Qt involved) -------------------------------------------------------------------


def test_no_display_gives_one_line_naming_the_fix() -> None:
    assert check_platform({}, platform="linux") == NO_DISPLAY_MESSAGE
    assert check_platform({"QT_QPA_PLATFORM": "xcb"}, platform="linux") == NO_DISPLAY_MESSAGE
    assert check_platform({"QT_QPA_PLATFORM": "offscreen"}, platform="linux") is None
    assert check_platform({"WAYLAND_DISPLAY": "wayland-0", "XDG_RUNTIME_DIR": "/run/user/1000"},
                          load=lambda _n: object(), connect_wayland=lambda _d: True, platform="linux") is None
    assert check_platform({}, platform="win32") is None


def test_missing_xcb_cursor_names_the_package() -> None:
    def load(name: str) -> object:
        if name == "libxcb-cursor.so.0":
            raise OSError(name)
        return object()

    message = check_platform({"DISPLAY": ":0"}, load=load, connect=lambda _d: True, platform="linux")
    assert message is not None and "\n" not in message
    assert "install libxcb-cursor0: apt-get install libxcb-cursor0" in message


def test_unreachable_display_is_reported() -> None:
    message = check_platform({"DISPLAY": ":77"}, load=lambda _n: object(), connect=lambda _d: False,
                             platform="linux")
    assert message is not None and "':77'" in message


def test_import_errors_name_the_package() -> None:
    error = ImportError("libEGL.so.1: cannot open shared object file: No such file or directory")
    assert explain_import_error(error).endswith("install libegl1: apt-get install libegl1")
    assert platform_check.install_hint(["a", "a", "b"]) == "install a b: apt-get install a b"


# --- start-up ------------------------------------------------------------------------------------------


def test_the_window_paints_first_and_loads_the_routines_right_after(qtbot) -> None:  # type: ignore[no-untyped-def]
    from stretch_timer.app.settings import Settings
    from stretch_timer.qt.main_window import MainWindow

    from .conftest import FakeInhibitor

    settings = Settings()
    settings.disclaimer_seen = True
    cues, voice = FakeCues(), FakeVoice()
    window = MainWindow(AppContext(settings, cue_factory=lambda: cues, voice_factory=lambda: voice,
                                   inhibitor=FakeInhibitor()))
    qtbot.addWidget(window)
    assert window.context.loaded_library is None and window.pages.library_page.cards == {}
    # The menu titles are there for the first paint; their fifteen actions come right after it.
    assert [a.text() for a in window.menuBar().actions()] == ["&Stretch Timer", "&Routine", "&View", "&Help"]
    assert window.menus is None and window.actions() == []
    window.show()
    qtbot.waitUntil(lambda: window.menus is not None, timeout=2000)
    assert "&Keyboard shortcuts" in [a.text() for a in window.actions()]  # with its keys, on the window itself
    qtbot.waitUntil(lambda: bool(window.pages.library_page.cards), timeout=2000)
    assert "calf-cramp-relief" in window.pages.library_page.cards
    # Sound warms up after the cards are painted.
    qtbot.waitUntil(lambda: window.context.runs.cues is cues, timeout=2000)
    window.close()


def test_a_muscle_pressed_before_the_routines_arrive_loads_them_and_starts(qtbot) -> None:  # type: ignore[no-untyped-def]
    from stretch_timer.app.settings import Settings
    from stretch_timer.qt.main_window import MainWindow

    from .conftest import FakeInhibitor, find

    window = MainWindow(AppContext(Settings(), cue_factory=FakeCues, voice_factory=FakeVoice,
                                   inhibitor=FakeInhibitor()))
    qtbot.addWidget(window)
    calf = find(window, "Calf", visible=False)  # there before the routines: not shown yet, nothing loaded
    assert window.context.loaded_library is None
    calf.click()
    assert window.context.loaded_library is not None
    assert window.pages.routine is not None and window.pages.routine.id == "calf-cramp-relief"
    assert window.context.runs.driver is not None and window.context.runs.driver.session.state is State.RUNNING
    window.pages.stop_run()
    window.close()


# --- screen saver over a real (private) D-Bus session -------------------------------------------------

FAKE_SCREENSAVER = r'''
import sys
from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusServiceWatcher

events = []


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class FakeScreenSaver(QObject):
    @Slot(str, str, result="uint")
    def Inhibit(self, app, reason):
        events.append(f"inhibit {app}: {reason}")
        return 7


app = QCoreApplication([])
bus = QDBusConnection.sessionBus()
service = FakeScreenSaver()
assert bus.registerObject("/org/freedesktop/ScreenSaver", service, QDBusConnection.RegisterOption.ExportAllSlots)
assert bus.registerService("org.freedesktop.ScreenSaver")
from stretch_timer.app.screensaver import ScreenSaverInhibitor

inhibitor = ScreenSaverInhibitor("Stretch Timer")
inhibitor.inhibit("A stretching routine is running")
watchers = []


def release():
    events.append(f"active {inhibitor.active}")
    watcher = QDBusServiceWatcher(inhibitor._connection.baseService(), bus,
                                  QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration)
    watcher.serviceUnregistered.connect(lambda _name: events.append("client gone"))
    watchers.append(watcher)
    inhibitor.release()
    QTimer.singleShot(300, app.quit)


QTimer.singleShot(400, release)
app.exec()
print(events)
'''


def test_screen_saver_is_inhibited_and_released_over_dbus(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    if shutil.which("dbus-run-session") is None:
        pytest.skip("dbus-run-session is not installed")
    script = tmp_path / "fake_screensaver.py"
    script.write_text(FAKE_SCREENSAVER, encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
           "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    proc = subprocess.run(["dbus-run-session", "--", sys.executable, str(script)], capture_output=True,
                          text=True, timeout=30, env=env, check=False)
    assert proc.returncode == 0, proc.stderr
    events = proc.stdout.strip().splitlines()[-1]
    assert "inhibit Stretch Timer: A stretching routine is running" in events
    assert "active True" in events
    assert "client gone" in events, "releasing closes the private connection, which ends the inhibition"


def test_the_app_icon_is_set_from_the_bundled_sizes(qapp: object) -> None:
    from PySide6.QtWidgets import QApplication

    from stretch_timer.qt.app import _set_icon

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    previous = app.windowIcon()
    try:
        _set_icon(app)
        sizes = {size.width() for size in app.windowIcon().availableSizes()}
        assert {16, 32, 64, 256} <= sizes
    finally:
        app.setWindowIcon(previous)


class _Waves(QObject):
    """The context's three signals after which a wave of imports comes (nothing else listens here)."""

    library_changed = Signal()
    run_started = Signal(object, object)
    run_finished = Signal(object)


def test_source_lines_read_by_pysides_import_hook_are_let_go() -> None:
    """PySide6 reads every later-imported module's source; the app drops those lines after each wave."""
    import linecache
    from types import SimpleNamespace

    from stretch_timer.qt.app import _forget_module_sources

    def cache_a_file() -> None:
        assert linecache.getline(__file__, 1)
        assert __file__ in linecache.cache

    cache_a_file()
    context = _Waves()
    _forget_module_sources(SimpleNamespace(context=context))
    assert __file__ not in linecache.cache
    for wave_of_imports in (context.library_changed.emit, lambda: context.run_started.emit(None, None),
                            lambda: context.run_finished.emit(None)):
        cache_a_file()
        wave_of_imports()
        assert __file__ not in linecache.cache


def test_work_deferred_to_after_the_next_paint_runs_once_just_after_it(make_window: Callable[..., Rig],
                                                                       qtbot) -> None:  # type: ignore[no-untyped-def]
    """The window icon waits for the first paint this way (run_gui), as do the menus and the routines."""
    from PySide6.QtCore import QEvent, QObject

    rig = make_window(show=False)
    window = rig.window
    happened: list[str] = []

    class Paints(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                happened.append("paint")
            return False

    paints = Paints(window)
    window.installEventFilter(paints)
    window.after_next_paint(lambda: happened.append("deferred"))
    window.show()
    qtbot.waitUntil(lambda: "deferred" in happened, timeout=2000)
    assert happened.index("paint") < happened.index("deferred")
    window.update()
    qtbot.wait(50)
    assert happened.count("deferred") == 1


# --- the walk-through's defects -------------------------------------------------------------------------


def _question(name: str) -> QMessageBox | None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.accessibleName() == name and widget.isVisible():
            return widget
    return None


def test_quitting_during_a_run_asks_first_and_keep_going_keeps_it_running(rig: Rig) -> None:
    rig.click("Calf")
    records: list[object] = []
    rig.context.run_finished.connect(records.append)
    rig.trigger("quit")  # Ctrl+Q
    box = _question("Quit while running")
    assert box is not None and rig.window.isVisible()
    assert box.defaultButton().accessibleName() == "Keep going"
    rig.advance(2)
    assert rig.driver is not None and rig.driver.session.state is State.RUNNING, "the run goes on while asked"
    find(box, "Keep going").click()
    assert rig.window.isVisible() and rig.context.running() and records == []
    rig.window.close()  # the close button asks too
    box = _question("Quit while running")
    assert box is not None
    find(box, "Quit and stop").click()
    assert not rig.window.isVisible() and not rig.context.running()
    assert len(records) == 1 and not records[0].completed  # type: ignore[attr-defined]


def test_closing_without_a_run_does_not_ask(rig: Rig) -> None:
    rig.window.close()
    assert not rig.window.isVisible() and _question("Quit while running") is None


def test_open_routines_folder_opens_the_users_folder_and_about_names_it(rig: Rig) -> None:
    from stretch_timer import paths

    rig.trigger("open_folder")
    assert rig.opened_urls == [str(paths.user_routines_dir())] and paths.user_routines_dir().is_dir()
    about = rig.window.dialogs.show_about()
    assert str(paths.user_routines_dir()) in about.text()
    about.close()


def test_the_first_window_fits_the_screen_it_opens_on() -> None:
    from stretch_timer.qt.main_window import FRAME_ALLOWANCE, first_size

    assert first_size((1920, 1050)) == (1100, 760)
    width, height = first_size((1366, 768 - 32))  # a laptop with a 32 px panel
    assert height + FRAME_ALLOWANCE[1] <= 768 - 32 and width <= 1366
    assert first_size((1280, 720 - 27)) == (1100, 720 - 27 - FRAME_ALLOWANCE[1])


def test_the_window_sizes_itself_from_the_available_screen(rig: Rig) -> None:
    from stretch_timer.qt.main_window import first_size

    area = rig.window.screen().availableGeometry()
    assert rig.window._first_size() == first_size((area.width(), area.height()))


def test_relief_at_night_wears_the_bedtime_look(make_window: Callable[..., Rig]) -> None:
    from stretch_timer.qt import theme as themes

    night = make_window(wall_clock=lambda: dt.datetime(2026, 12, 2, 3, 0).astimezone())
    night.click("Calf")
    assert night.window.view.theme is themes.BEDTIME
    night.pages.stop_run()
    day = make_window()  # at noon
    day.click("Calf")
    assert day.window.view.theme is not themes.BEDTIME
    day.pages.stop_run()


def test_a_muted_run_shows_it_on_the_player(make_window: Callable[..., Rig]) -> None:
    rig = make_window(options=LaunchOptions(mute=True))
    rig.qtbot.waitUntil(lambda: rig.window.menus is not None, timeout=2000)  # M is a window key
    rig.click("Calf")
    assert rig.player.muted and rig.find("Muted").isVisible()
    rig.qtbot.keyClick(rig.player, Qt.Key.Key_M)
    assert not rig.context.muted and not rig.player.muted
    rig.qtbot.keyClick(rig.player, Qt.Key.Key_M)
    assert rig.context.muted and rig.player.muted and rig.cues.muted
    rig.pages.stop_run()


def test_the_help_leaves_a_run_the_person_paused_paused(rig: Rig) -> None:
    rig.click("Calf")
    rig.qtbot.keyClick(rig.player, Qt.Key.Key_Space)
    assert rig.driver.session.state is State.PAUSED
    rig.trigger("help")
    rig.trigger("help")
    assert rig.driver.session.state is State.PAUSED, "closing the help resumes only what it paused"
    rig.pages.stop_run()


def test_the_menus_and_the_help_list_come_from_the_command_table(rig: Rig) -> None:
    from stretch_timer.app.commands import COMMANDS, Where, help_rows

    rig.qtbot.waitUntil(lambda: rig.window.menus is not None, timeout=2000)
    actions = rig.window.menus.actions
    assert set(actions) == {command.id for command in COMMANDS if command.where is Where.WINDOW}
    for command in COMMANDS:
        if command.id in actions:
            shown = [key.toString() for key in actions[command.id].shortcuts()]
            assert len(shown) == len(command.keys), command.id
    overlay = rig.window.dialogs.help_overlay
    assert overlay.rows == help_rows()
    rig.trigger("large_type")
    assert actions["large_type"].isChecked(), "the check mark follows the setting"
    rig.context.settings.large_type = False  # changed elsewhere (the settings dialog)
    assert not actions["large_type"].isChecked()
