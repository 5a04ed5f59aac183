"""The command table as Qt actions: the menu bar, the keyboard shortcuts, and check marks that follow the state.

Every action comes from :data:`stretch_timer.app.commands.COMMANDS`: its title, its keys, its menu. Triggering
an action asks the command table, which calls whoever bound the command; the check marks are read back from
the table whenever it says the state changed, quietly (showing a state is not a change to act on). Window
commands are added to the window itself, so their keys work with the menu bar hidden (full screen); the
player's commands become shortcuts on the player page, live only while it shows.

The window shows the menu titles in its first paint and fills them just after: some twenty actions and their
key sequences are about 10 ms that a cramp should not wait for.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt

from stretch_timer.app.commands import Command, Commands, Menu, Where

if TYPE_CHECKING:  # QAction and QKeySequence load with the actions, after the first paint
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMenuBar, QWidget

TOP_MENUS = (Menu.APP, Menu.ROUTINE, Menu.VIEW, Menu.HELP)


def add_menu_titles(bar: QMenuBar) -> dict[Menu, QMenu]:
    """The menu bar's titles alone: the window shows them in its first paint, before the actions exist."""
    return {menu: bar.addMenu(menu.value) for menu in TOP_MENUS}


def _set_checked_quietly(action: QAction, on: bool) -> None:
    action.blockSignals(True)
    action.setChecked(on)
    action.blockSignals(False)


class CommandActions:
    """One QAction per command offered in ``where``, added to ``widget``; ``actions[id]`` finds one.

    ``chosen`` picks the commands instead (the tray's, from several places); ``attach=False`` leaves the
    actions unattached, for a caller that places them in its own menus; ``keys=False`` gives them no
    shortcuts (a tray menu has no window for its keys to work in)."""

    def __init__(self, commands: Commands, widget: QWidget, where: Where,
                 shortcut_context: Qt.ShortcutContext = Qt.ShortcutContext.WindowShortcut, *,
                 chosen: tuple[Command, ...] | None = None, attach: bool = True, keys: bool = True) -> None:
        self._commands = commands
        self._keys = keys
        self.actions: dict[str, QAction] = {}
        for command in commands.offered(where) if chosen is None else chosen:
            action = self._action(command, widget, shortcut_context)
            if attach:
                widget.addAction(action)  # keys work even with the menu bar hidden
            self.actions[command.id] = action
        commands.state_changed.connect(self.refresh)
        self.refresh()

    def _action(self, command: Command, widget: QWidget, context: Qt.ShortcutContext) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        action = QAction(command.title, widget)
        action.setObjectName(command.id)
        if command.keys and self._keys:
            action.setShortcuts([QKeySequence(key) for key in command.keys])
            action.setShortcutContext(context)
            action.setAutoRepeat(False)
        action.setCheckable(command.checkable)
        commands = self._commands
        # ``triggered``, not ``toggled``: only a person's choice (a click, a key) is a command; the check marks
        # are set from the state. The table reads the state back, so a theme clicked twice stays ticked.
        if command.checkable:
            action.triggered.connect(lambda on=False, c=command.id: commands.trigger(c, bool(on)))
        else:
            action.triggered.connect(lambda _checked=False, c=command.id: commands.trigger(c))
        return action

    def refresh(self) -> None:
        """Check marks and enabled states from the command table (which reads them from the state)."""
        for command_id, action in self.actions.items():
            try:
                action.setEnabled(self._commands.is_enabled(command_id))
                if action.isCheckable():
                    _set_checked_quietly(action, self._commands.is_checked(command_id))
            except RuntimeError:  # the widget went away before the table did
                return


def fill_menus(actions: CommandActions, commands: Commands, menus: dict[Menu, QMenu]) -> None:
    """Put each command's action in its menu (in table order; Quit after a separator; themes in a submenu)."""
    targets = dict(menus)
    for command in commands.table:
        if command.menu is None or command.id not in actions.actions:
            continue
        if command.menu not in targets:  # the Theme submenu, where its first entry comes
            targets[command.menu] = menus[Menu.VIEW].addMenu(command.menu.value)
        if command.id == "quit":
            targets[command.menu].addSeparator()
        targets[command.menu].addAction(actions.actions[command.id])


def tray_menu_actions(commands: Commands, menu: QMenu) -> CommandActions:
    """The tray icon's menu from the commands marked ``tray``: in table order, each submenu (Cramp now ▸)
    where its first entry comes, Quit last after a separator; the check marks and enabled states follow the
    table like the window's."""
    actions = CommandActions(commands, menu, Where.TRAY, chosen=commands.in_tray(), attach=False, keys=False)
    submenus: dict[Menu, QMenu] = {}
    last: list[Command] = []
    for command in commands.in_tray():
        if command.id == "quit":
            last.append(command)
        elif command.where is Where.TRAY and command.menu is not None:
            if command.menu not in submenus:
                submenus[command.menu] = menu.addMenu(command.menu.value)
            submenus[command.menu].addAction(actions.actions[command.id])
        else:
            menu.addAction(actions.actions[command.id])
    for command in last:
        menu.addSeparator()
        menu.addAction(actions.actions[command.id])
    return actions
