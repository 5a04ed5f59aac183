"""The command table: unique ids, every key listed once, handlers bound at run time, check marks read from
the state, and the help overlay's rows made from it."""

from __future__ import annotations

from typing import Any

import pytest

from stretch_timer.app.commands import COMMANDS, Command, Commands, Menu, Where, help_rows


def test_ids_and_keys_are_unique_within_where_they_work() -> None:
    assert len({command.id for command in COMMANDS}) == len(COMMANDS)
    for where in Where:
        keys = [key for command in COMMANDS if command.where is where for key in command.keys]
        assert len(keys) == len(set(keys)), f"a key is given twice in {where}"
    window_keys = {key for command in COMMANDS if command.where is Where.WINDOW for key in command.keys}
    player_keys = {key for command in COMMANDS if command.where is Where.PLAYER for key in command.keys}
    editor_keys = {key for command in COMMANDS if command.where is Where.EDITOR for key in command.keys}
    assert not window_keys & player_keys, "a player key would be ambiguous with a window key"
    assert not window_keys & editor_keys, "an editor key would be ambiguous with a window key"


def test_the_help_lists_every_key_with_a_meaning_player_keys_first() -> None:
    rows = help_rows()
    assert rows[0] == ("Space", "Pause or resume")
    assert ("Esc", "Stop the routine (asks first)") in rows
    assert ("M", "Mute or unmute the sounds for this run") in rows
    assert ("F5", "Read the routine files again") in rows
    listed = {command.help for command in COMMANDS if command.help and command.keys}
    assert {what for _key, what in rows} == listed


def test_every_menu_has_entries_and_themes_are_check_marks() -> None:
    commands = Commands()
    for menu in Menu:
        assert commands.in_menu(menu), menu
    assert all(command.checkable for command in commands.in_menu(Menu.THEME))


def test_a_command_runs_its_bound_handler_and_reports_it(qapp: Any) -> None:
    commands = Commands()
    calls: list[str] = []
    triggered: list[str] = []
    commands.triggered.connect(triggered.append)
    assert not commands.trigger("reload"), "nothing bound: nothing to do"
    commands.bind("reload", lambda: calls.append("reload"))
    assert commands.trigger("reload") and calls == ["reload"] and triggered == ["reload"]


def test_a_check_mark_follows_the_state_it_is_bound_to(qapp: Any) -> None:
    commands = Commands()
    state = {"muted": False}
    commands.bind("mute", lambda on: state.__setitem__("muted", on), checked=lambda: state["muted"])
    assert not commands.is_checked("mute")
    commands.trigger("mute")  # flips
    assert state["muted"] and commands.is_checked("mute")
    commands.trigger("mute", True)  # already on: stays on
    assert state["muted"]
    state["muted"] = False  # changed elsewhere: the table reads it
    assert not commands.is_checked("mute")
    with pytest.raises(ValueError, match="check mark"):
        commands.bind("large_type", lambda on: None)


def test_a_disabled_command_does_nothing(qapp: Any) -> None:
    commands = Commands()
    calls: list[int] = []
    allowed = {"now": False}
    commands.bind("library", lambda: calls.append(1), enabled=lambda: allowed["now"])
    assert not commands.trigger("library") and calls == []
    allowed["now"] = True
    assert commands.trigger("library") and calls == [1]


def test_plain_titles_drop_the_mnemonic() -> None:
    assert Command("x", "&Mute this run").plain_title == "Mute this run"
    assert Command("y", "Salt && pepper").plain_title == "Salt & pepper"
