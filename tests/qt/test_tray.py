"""The tray icon: its menu comes from the command table; without a system tray (offscreen, or a desktop with
none) there is no icon and nothing changes; with one (Xvfb and trayer, when installed), the icon docks, a click
opens the window, and the close hint is said once."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from stretch_timer.app.commands import COMMANDS, Commands, Menu, Where
from stretch_timer.app.settings import Settings
from stretch_timer.core.muscles import CRAMP_MUSCLES
from stretch_timer.qt.tray import REMINDER_TEXT, REMINDER_TITLE, Tray, app_icon, offer_reminders

WORKTREE = Path(__file__).resolve().parents[2]
PROBE = Path(__file__).with_name("tray_probe.py")


def entries(menu: QMenu) -> list[Any]:
    """The menu as text: titles (without mnemonics), "-" for a separator, a submenu as (title, [entries])."""
    out: list[Any] = []
    for action in menu.actions():
        if action.isSeparator():
            out.append("-")
        elif action.menu() is not None:
            out.append((action.text().replace("&", ""), entries(action.menu())))
        else:
            out.append(action.text().replace("&", ""))
    return out


def test_the_tray_offers_what_the_issue_lists_from_the_one_table() -> None:
    tray_ids = [command.id for command in Commands().in_tray()]
    assert set(tray_ids) == {"window.show", *(f"cramp.{m}" for m in CRAMP_MUSCLES), "bedtime.start", "cramp.log",
                             "quit"}
    assert all(command.where is Where.TRAY for command in COMMANDS if command.id.startswith("cramp.")
               and command.id != "cramp.log")
    assert [c.id for c in Commands().in_menu(Menu.CRAMP)] == [f"cramp.{m}" for m in CRAMP_MUSCLES]


def test_without_a_system_tray_there_is_no_icon_and_closing_quits_as_before(qapp: Any) -> None:
    settings = Settings()
    tray = Tray(Commands(), settings)
    assert tray.icon is None and not tray.present
    assert not tray.keeps_running()
    assert not tray.say_once() and not settings.close_hint_shown, "nothing said: the hint stays for a real tray"
    assert not tray.show_message("Bedtime stretches", "…")
    tray.set_tooltip("x")
    tray.remove()


def test_the_menu_is_built_from_the_table_with_cramp_now_as_a_submenu(qapp: Any) -> None:
    tray = Tray(Commands(), Settings())
    assert entries(tray.menu) == [
        "Open Stretch Timer",
        ("Cramp now", ["Calf", "Hamstring", "Foot", "Front of thigh"]),
        "Start bedtime routine",
        "Log a cramp…",
        "-",
        "Quit",
    ]
    assert all(not action.shortcut().toString() for action in tray.actions.actions.values()), "no keys in a tray"


def test_its_entries_carry_out_the_bound_commands_and_follow_their_state(qapp: Any) -> None:
    commands = Commands()
    done: list[str] = []
    allowed = {"log": False}
    commands.bind("cramp.hamstring", lambda: done.append("hamstring"))
    commands.bind("cramp.log", lambda: done.append("log"), enabled=lambda: allowed["log"])
    tray = Tray(commands, Settings())
    actions = tray.actions.actions
    assert not actions["bedtime.start"].isEnabled(), "nothing bound yet: greyed out"
    assert not actions["cramp.log"].isEnabled()
    actions["cramp.hamstring"].trigger()
    assert done == ["hamstring"]
    allowed["log"] = True
    commands.refresh()
    assert actions["cramp.log"].isEnabled()
    actions["cramp.log"].trigger()
    assert done == ["hamstring", "log"]


def test_the_icon_has_the_apps_pictures(qapp: Any) -> None:
    icon = app_icon()
    assert not icon.isNull() and 16 in {size.width() for size in icon.availableSizes()}


# --- a real tray: Xvfb with trayer (Debian: xvfb, trayer) ----------------------------------------------


def tray_host_missing() -> str:
    missing = [tool for tool in ("Xvfb", "trayer") if shutil.which(tool) is None]
    return f"needs {' and '.join(missing)} (Debian: xvfb, trayer)" if missing else ""


@pytest.mark.skipif(bool(tray_host_missing()), reason=tray_host_missing() or "ok")
def test_with_a_system_tray_the_icon_docks_opens_the_window_and_says_the_hint_once(tmp_path: Path) -> None:
    from private_display import private_xvfb

    shots = os.environ.get("STRETCH_TIMER_TRAY_SHOTS")
    with private_xvfb() as display:
        env = {key: value for key, value in os.environ.items() if key != "DBUS_SESSION_BUS_ADDRESS"}
        env.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", PYTHONPATH=str(WORKTREE),
                   STRETCH_TIMER_HOME=str(tmp_path / "home"))
        host = subprocess.Popen(["trayer", "--edge", "top", "--align", "right", "--widthtype", "request",
                                 "--height", "28", "--SetDockType", "true", "--transparent", "false"],
                                env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            time.sleep(0.3)  # trayer takes the tray selection as it starts; the probe waits for it too
            command = [sys.executable, str(PROBE)] + (["--shots", shots] if shots else [])
            result = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60, check=False)
        finally:
            host.terminate()
            host.wait(timeout=5)
    assert result.returncode == 0, result.stderr[-3000:]
    found = json.loads(result.stdout.strip().splitlines()[-1])
    assert found["available"] and found["present"] and found["keeps_running"], found
    assert found["geometry"][2] > 0, "the icon has a place in the tray"
    assert found["click_opened"]
    assert (found["first_close_said"], found["second_close_said"], found["hint_remembered"]) == (True, False, True)


def test_each_menu_level_has_its_own_mnemonics(qapp: Any) -> None:
    tray = Tray(Commands(), Settings())

    def letters(menu: QMenu) -> list[str]:
        found = []
        for action in menu.actions():
            text = action.text()
            if "&" in text:
                found.append(text[text.index("&") + 1].lower())
            if action.menu() is not None:
                inner = letters(action.menu())
                assert len(inner) == len(set(inner)), inner
        return found

    top = letters(tray.menu)
    assert len(top) == len(set(top)), top


class FakeNotifier(QObject):
    action_invoked = Signal(str)
    failed = Signal()

    def __init__(self, available: bool) -> None:
        super().__init__()
        self.available = available
        self.shown: list[tuple[str, str]] = []

    def show_reminder(self, title: str, body: str) -> bool:
        self.shown.append((title, body))
        return self.available


class FakeReminder(QObject):
    due = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.calls: list[str] = []

    def snooze(self, minutes: float) -> None:
        self.calls.append(f"snooze {minutes:g}")

    def not_tonight(self) -> None:
        self.calls.append("not tonight")


def test_the_reminder_shows_as_a_notification_and_its_answers_are_carried_out(qapp: Any) -> None:
    commands = Commands()
    started: list[str] = []
    commands.bind("bedtime.start", lambda: started.append("bedtime"))
    notifier, reminder, told = FakeNotifier(available=True), FakeReminder(), []
    offer_reminders(reminder, notifier, Tray(commands, Settings()), commands, told.append)
    reminder.due.emit()
    assert notifier.shown == [(REMINDER_TITLE, REMINDER_TEXT)] and told == []
    for key in ("snooze", "not-tonight", "start"):
        notifier.action_invoked.emit(key)
    assert reminder.calls == ["snooze 10", "not tonight"] and started == ["bedtime"]


def test_without_notifications_or_a_tray_the_reminder_is_told_on_the_status_line(qapp: Any) -> None:
    commands = Commands()
    notifier, reminder, told = FakeNotifier(available=False), FakeReminder(), []
    offer_reminders(reminder, notifier, Tray(commands, Settings()), commands, told.append)
    reminder.due.emit()
    assert notifier.shown == [] and told == [f"{REMINDER_TITLE}: {REMINDER_TEXT}"]
