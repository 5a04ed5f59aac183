"""The player's keys: which page method carries out each player command, and the shortcuts that bind them.

The keys themselves come from the command table (``app.commands``), which the help overlay and the window's
menus read too, so a key is named in one place; this module only ties each player command to the page's
intent and makes the page's shortcuts (live while the page or one of its children has the focus, no repeat
while a key is held down).
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from stretch_timer.app.commands import COMMANDS, Where

COMMAND_METHODS = {
    "player.pause": "toggle_pause",
    "player.skip": "skip",
    "player.back": "back",
    "player.restart": "restart_step",
    "player.ease_off": "ease_off",
    "player.let_go": "let_go",
    "player.stop": "escape",
}
"""The command table's player commands and the method that carries out each."""


def add_shortcuts(page: QWidget) -> list[QShortcut]:
    """The player's keys on ``page``, from the command table, each calling the page's method for it."""
    shortcuts: list[QShortcut] = []
    for command in COMMANDS:
        if command.where is not Where.PLAYER:
            continue
        slot = getattr(page, COMMAND_METHODS[command.id])
        for key in command.keys:
            shortcut = QShortcut(QKeySequence(key), page)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.setAutoRepeat(False)
            shortcut.activated.connect(slot)
            shortcuts.append(shortcut)
    return shortcuts
