"""The main window's menus and keyboard shortcuts.

Split from the main window so the window keeps what each command does and this module keeps how it is offered:
the menu bar (Stretch Timer, View, Help), the keys of each action, and the check marks (full screen, mute,
large type, theme) kept in step with the settings without firing the actions again. Every action is also added
to the window itself, so its keys work even with the menu bar hidden (full screen).

The window shows the menu titles in its first paint and fills them just after (or when an action is first
asked for): fifteen actions and their key sequences are about 10 ms that a cramp should not wait for.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt

from stretch_timer.qt import theme as themes

if TYPE_CHECKING:  # QAction and QKeySequence load with the actions, after the first paint
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMenu, QMenuBar

    from stretch_timer.qt.main_window import MainWindow


def set_checked_quietly(action: QAction, on: bool) -> None:
    """Show ``on`` without emitting ``toggled``: the state is not a change to act on."""
    action.blockSignals(True)
    action.setChecked(on)
    action.blockSignals(False)


MENU_TITLES = ("&Stretch Timer", "&View", "&Help")


def add_menu_titles(bar: QMenuBar) -> tuple[QMenu, ...]:
    """The menu bar's titles alone: the window shows them in its first paint, before the actions exist."""
    return tuple(bar.addMenu(title) for title in MENU_TITLES)


class WindowActions:
    """Fills the menus with their actions; the window exposes each action (``window.mute_action`` and so on)."""

    def __init__(self, window: MainWindow, menus: tuple[QMenu, ...]) -> None:
        """``menus``: the titles from :func:`add_menu_titles`, already on the window's menu bar."""
        self._window = window
        app_menu, view_menu, help_menu = menus
        self.library_action = self._action("&Library", window.show_library, ("Ctrl+L",))
        self.reload_action = self._action("&Reload routines", window.reload_library, ("F5",))
        self.settings_action = self._action("&Settings…", window.show_settings, ("Ctrl+,",))
        self.quit_action = self._action("&Quit", window.close, ("Ctrl+Q",))
        for action in (self.library_action, self.reload_action, self.settings_action):
            app_menu.addAction(action)
        app_menu.addSeparator()
        app_menu.addAction(self.quit_action)

        self.fullscreen_action = self._action("&Full screen", window.set_full_screen, ("F", "F11"), checkable=True)
        self.mute_action = self._action("&Mute sounds", window.set_muted, ("M",), checkable=True)
        self.large_type_action = self._action("&Large type", window.set_large_type_setting, ("Ctrl++",),
                                              checkable=True)
        for action, on in ((self.mute_action, window.muted), (self.large_type_action, window.settings.large_type)):
            set_checked_quietly(action, on)  # the initial state is not a change to save
        for action in (self.fullscreen_action, self.large_type_action, self.mute_action):
            view_menu.addAction(action)
        from PySide6.QtGui import QAction

        theme_menu = view_menu.addMenu("&Theme")
        self.theme_actions: dict[str, QAction] = {}
        for value, label in themes.THEME_CHOICES:
            action = QAction(label, window)
            action.setCheckable(True)
            action.setChecked(value == window.settings.theme)
            action.triggered.connect(lambda _checked=False, v=value: window.set_theme_setting(v))
            theme_menu.addAction(action)
            self.theme_actions[value] = action

        self.help_action = self._action("&Keyboard shortcuts", window.toggle_help, ("?", "Shift+?", "F1"))
        self.about_action = self._action("&About Stretch Timer", window.show_about)
        help_menu.addAction(self.help_action)
        help_menu.addAction(self.about_action)

    def _action(self, text: str, slot: Callable[..., Any], shortcuts: tuple[str, ...] = (),
                *, checkable: bool = False) -> QAction:
        from PySide6.QtGui import QAction, QKeySequence

        window = self._window
        action = QAction(text, window)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
        action.setCheckable(checkable)
        if checkable:
            action.toggled.connect(slot)
        else:
            action.triggered.connect(lambda _checked=False: slot())
        window.addAction(action)  # shortcuts work even with the menu bar hidden (full screen)
        return action

    def check_theme(self, value: str) -> None:
        """Tick the theme ``value`` in the View → Theme menu."""
        for name, action in self.theme_actions.items():
            action.setChecked(name == value)
