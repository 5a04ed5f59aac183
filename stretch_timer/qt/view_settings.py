"""How the window looks right now: theme, large type and full screen, applied live; and the status line.

The rule for which theme shows is the app's (:mod:`stretch_timer.app.appearance`: bedtime routines, bedtime
mode, relief at night); this applies it to the application and follows every change by subscribing to the app
context: a setting changed from the menu, a key or the settings dialog, bedtime mode, the routine on screen,
the system's light/dark scheme. It also keeps the status line, which says what is off (muted, no sound, no
voice, damaged settings), and tells screen readers about changes that have no focus of their own.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from stretch_timer.app.appearance import theme_name
from stretch_timer.qt import theme as themes
from stretch_timer.qt.widgets.labels import plain_tooltip, role_label

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow

    from stretch_timer.app.context import AppContext
    from stretch_timer.core.model import Routine

log = logging.getLogger(__name__)

_LOOK_SETTINGS = ("theme", "large_type", "bedtime_theme_for_bedtime", "night_relief", "night_starts", "night_ends")


class ViewSettings:
    """Applies the theme and type size to ``app``, full screen to ``window``, and keeps the status line."""

    def __init__(self, window: QMainWindow, app: Any, context: AppContext,
                 routine_on_screen: Callable[[], Routine | None]) -> None:
        self._window = window
        self._app = app
        self._context = context
        self._routine_on_screen = routine_on_screen
        settings = context.settings
        self._appearance = themes.apply_theme(app, self.theme_for(routine_on_screen()),
                                              large_type=settings.large_type)
        context.set_volume_factor(self._appearance.theme.cue_volume_factor)
        app.styleHints().colorSchemeChanged.connect(lambda _scheme: self.apply_appearance())
        self.notice = role_label()
        self.notice.setObjectName("notices")  # no accessible name: a screen reader reads the label's words
        self.notice.setProperty("role", "notice")
        self.notice.setWordWrap(False)
        self.large_type_listeners: list[Callable[[bool], None]] = []
        """Called with the type size after it changed (the player lays itself out again)."""
        context.settings_changed.connect(self._setting_changed)
        context.look_changed.connect(self.apply_appearance)
        context.muted_changed.connect(self._muted_changed)
        context.media_changed.connect(self.update_notices)

    # --- theme and type --------------------------------------------------------------------------------

    def theme_for(self, routine: Routine | None) -> themes.Theme:
        context = self._context
        name = theme_name(routine, context.look_rules(), bedtime_context=context.bedtime_mode,
                          now=context.local_time())
        return themes.resolve(name)

    @property
    def theme(self) -> themes.Theme:
        return self._appearance.theme

    def apply_appearance(self) -> None:
        """The theme for what is on screen, large type, and the volume that goes with the theme."""
        wanted = self.theme_for(self._routine_on_screen())
        large = self._context.settings.large_type
        if wanted != self._appearance.theme or large != self._appearance.large_type:
            themes.apply_theme(self._app, wanted, appearance=self._appearance, large_type=large)
        for listener in self.large_type_listeners:
            listener(large)
        self._context.set_volume_factor(self._appearance.theme.cue_volume_factor)

    def _setting_changed(self, name: str) -> None:
        if name in _LOOK_SETTINGS:
            self.apply_appearance()
        self.update_notices()

    def _muted_changed(self, muted: bool) -> None:
        self.update_notices()
        self.announce("Sounds muted for this run" if muted else "Sounds on")

    # --- full screen -----------------------------------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        window = self._window
        on = bool(on)
        if on and not window.isFullScreen():
            window.showFullScreen()
        elif not on and window.isFullScreen():
            window.showNormal()
        window.menuBar().setVisible(not on)
        self._context.commands.refresh()
        self.announce("Full screen" if on else "Full screen off")

    def window_state_changed(self) -> None:
        """Full screen entered or left some other way (the window manager): the menu's tick and the bar follow."""
        window = self._window
        window.menuBar().setVisible(not window.isFullScreen())
        self._context.commands.refresh()

    # --- status line -----------------------------------------------------------------------------------

    def announce(self, text: str) -> None:
        """Tell screen readers about a change that has no focus of its own (mute, full screen)."""
        try:
            from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent

            QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(self.notice, text))
        except Exception:  # older Qt, or no accessibility: the notice line still shows it
            log.debug("accessibility announcement failed", exc_info=True)

    def update_notices(self) -> None:
        """The status line: why there is no sound or voice, damaged settings; empty when all is well."""
        text = "  ·  ".join(self._context.notices())
        self.notice.setText(text)
        self.notice.setToolTip(plain_tooltip(text))
