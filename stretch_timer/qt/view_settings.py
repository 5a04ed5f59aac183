"""How the window looks and sounds right now: theme, large type, full screen, mute and volume, applied live.

Split from the main window so the window deals with its pages, and this deals with the settings that change
while the app runs, whether from the View menu, a key or the settings dialog (:mod:`~stretch_timer.qt.settings`
stores them; this applies them). Bedtime routines switch to the bedtime theme, which stays until another routine
is chosen or the theme is changed, and quiets the cues. It also keeps the status line, which says what is off
(muted, no sound, no voice, damaged settings), and tells screen readers about changes that have no focus.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from stretch_timer.qt import theme as themes
from stretch_timer.qt.actions import set_checked_quietly
from stretch_timer.qt.settings import Settings
from stretch_timer.qt.widgets.labels import plain_tooltip, role_label

if TYPE_CHECKING:
    from stretch_timer.core.model import Routine
    from stretch_timer.qt.main_window import MainWindow
    from stretch_timer.qt.run_controller import RunController

log = logging.getLogger(__name__)


def is_bedtime(routine: Routine | None) -> bool:
    return routine is not None and "bedtime" in routine.tags


class ViewSettings:
    """Applies theme, type size, full screen and sound settings to ``window``, its menus and its status line."""

    def __init__(self, window: MainWindow, app: Any, settings: Settings, runs: RunController, *,
                 muted: bool) -> None:
        self._window = window
        self._app = app
        self.settings = settings
        self._runs = runs
        self.muted = muted
        self.bedtime_context = False
        """The last routine chosen was a bedtime one: keep the bedtime theme (no bright screen at night)."""
        self._appearance = themes.apply_theme(app, themes.resolve(settings.theme), large_type=settings.large_type)
        hints = app.styleHints()
        hints.colorSchemeChanged.connect(lambda _scheme: self.apply_appearance())
        self.notice = role_label()
        self.notice.setAccessibleName("Notices")
        self.notice.setProperty("role", "notice")
        self.notice.setWordWrap(False)

    # --- theme and type --------------------------------------------------------------------------------

    def theme_for(self, routine: Routine | None) -> themes.Theme:
        """Bedtime for a bedtime routine, and afterwards (no bright screen at night) until another routine is
        chosen from the library or the theme is changed; otherwise the theme setting."""
        if self.settings.bedtime_theme_for_bedtime and (is_bedtime(routine) or self.bedtime_context):
            return themes.BEDTIME
        return themes.resolve(self.settings.theme)

    @property
    def theme(self) -> themes.Theme:
        return self._appearance.theme

    def apply_appearance(self) -> None:
        """Theme (bedtime for bedtime routines on screen), large type, and the volume that goes with them."""
        window = self._window
        wanted = self.theme_for(window.routine)
        large = self.settings.large_type
        if wanted != self._appearance.theme or large != self._appearance.large_type:
            themes.apply_theme(self._app, wanted, appearance=self._appearance, large_type=large)
        if window.player_page is not None:
            window.player_page.set_large_type(large)
        self.apply_sound()

    def set_theme_setting(self, value: str) -> None:
        self.bedtime_context = False
        self.settings.theme = value
        self._window.menu_actions.check_theme(value)
        self.apply_appearance()

    def set_large_type_setting(self, on: bool) -> None:
        self.settings.large_type = bool(on)
        self.apply_appearance()

    def setting_changed(self, key: str) -> None:
        """The settings dialog changed ``key`` (already in the settings): apply it now."""
        if key == "muted":
            self.set_muted(self.settings.muted)
        elif key in ("theme", "large_type", "bedtime_theme_for_bedtime"):
            if key == "theme":
                self.bedtime_context = False
                self._window.menu_actions.check_theme(self.settings.theme)
            if key == "large_type":
                set_checked_quietly(self._window.large_type_action, self.settings.large_type)
            self.apply_appearance()
        else:
            self.apply_sound()
        self.update_notices()

    # --- full screen -----------------------------------------------------------------------------------

    def set_full_screen(self, on: bool) -> None:
        window = self._window
        on = bool(on)
        if window.fullscreen_action.isChecked() != on:
            window.fullscreen_action.setChecked(on)  # comes back here through toggled
            return
        if on and not window.isFullScreen():
            window.showFullScreen()
        elif not on and window.isFullScreen():
            window.showNormal()
        window.menuBar().setVisible(not on)
        self.announce("Full screen" if on else "Full screen off")

    def window_state_changed(self) -> None:
        """Full screen entered or left some other way (the window manager): tick the menu, hide the menu bar."""
        window = self._window
        full = window.isFullScreen()
        if window.fullscreen_action.isChecked() != full:
            set_checked_quietly(window.fullscreen_action, full)
            window.menuBar().setVisible(not full)

    # --- sound -----------------------------------------------------------------------------------------

    def apply_sound(self) -> None:
        """Volume (lowered by the bedtime theme), mute and voice on/off, from the settings."""
        self._runs.apply_sound(self._appearance.theme.cue_volume_factor, self.muted)

    def set_muted(self, muted: bool) -> None:
        muted = bool(muted)
        mute_action = self._window.mute_action
        if mute_action.isChecked() != muted:
            mute_action.setChecked(muted)  # comes back here through toggled
            return
        self.muted = muted
        self.settings.muted = muted
        self.apply_sound()
        self.update_notices()
        self.announce("Sounds muted" if muted else "Sounds on")

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
        parts = ["Muted (M)"] if self.muted else []
        parts.extend(self._runs.notices())
        parts.extend(problem.rstrip(".") for problem in self.settings.problems)
        text = "  ·  ".join(parts)
        self.notice.setText(text)
        self.notice.setToolTip(plain_tooltip(text))
        self.notice.setAccessibleDescription(text)
