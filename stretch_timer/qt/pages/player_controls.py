"""The player's controls: six big buttons, the ease-off panel and the stop confirmation, with their looks.

Split from the player page so the page deals with the driver and what each intent does, and this deals with the
controls themselves: building them (big, one click each, every one with an accessible name and its key in the
tooltip, and each clicked by Return or Enter when it has the keyboard focus), their glyphs (drawn in the button's
own text colour by ``player_glyphs``, as is the "Muted" badge), the calm teal that makes "Ease off" stand out on
every theme, the compact form (no icons, tight padding) for narrow windows, Pause turning into Resume or Start,
and the "Muted" badge. Easing off and stopping never open a dialog, and they never take space from the picture:
the ease-off panel stands in for the how-to (while easing off the how-to is not what matters), and the stop
question stands in for the row of buttons, at the row's own height; only one of the two is shown at a time. A run
with a hold held until the cramp lets go gets a seventh, **It let go**, as big as the others and in the accent
colour, live only in that hold (shown for the whole run, so the row does not change under a hand reaching for it).
The widgets are the page's own children, built in the page's order, so the widget tree and the tab order are those
of one page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any, Protocol

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFont, QIcon, QPalette
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.plan import Phase
from stretch_timer.core.session import State
from stretch_timer.qt.pages.player_glyphs import MutedBadge, glyph_icon
from stretch_timer.qt.pages.player_words import EASE_OFF_TEXT, LET_GO_TEXT, LET_GO_TIP, STOP_QUESTION, ease_off_text
from stretch_timer.qt.widgets.labels import role_label


class PlayerIntents(Protocol):
    """What the controls ask of the page when they are pressed (the player page is one): the controls know the
    intents, not the page, so neither module needs the other's."""

    def back(self) -> None: ...
    def toggle_pause(self) -> None: ...
    def skip(self) -> None: ...
    def restart_step(self) -> None: ...
    def ease_off(self) -> None: ...
    def let_go(self) -> None: ...
    def _resume_after_ease(self) -> None: ...
    def request_stop(self) -> None: ...
    def cancel_stop(self) -> None: ...
    def confirm_stop(self) -> None: ...


def ease_off_html(text: str) -> str:
    """The panel's rich text: its first sentence in bold, everything escaped."""
    head, _, rest = text.partition(". ")
    return f"<b>{escape(head)}.</b> {escape(rest)}"


class _Panel(QFrame):
    """A rounded inline panel (ease-off message, stop confirmation)."""

    def __init__(self, name: str, parent: QWidget | None = None, *, vertical: bool = False) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "panel")  # the app theme draws panels as rounded cards
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_: QHBoxLayout | QVBoxLayout = QVBoxLayout(self) if vertical else QHBoxLayout(self)
        self.layout_.setContentsMargins(20, 14, 20, 14)
        self.layout_.setSpacing(16)


class PlayerControls:
    """Builds the ease-off panel, the stop confirmation and the button row on ``page``, wired to ``intents``
    (the page itself, for the player)."""

    def __init__(self, page: QWidget, root: QVBoxLayout, intents: PlayerIntents) -> None:
        self._page = page
        self._icons: dict[QPushButton, str] = {}
        self.compact = False
        """Narrow window: buttons without icons and with tight padding, so all six fit one row."""
        self.ease_panel_changed: Callable[[bool], None] = lambda shown: None
        """Called when the ease-off panel appears or goes (the page swaps it with the how-to)."""

        # Ease off: a gentle panel in the page, never a dialog.
        # Ease off: a gentle panel in the page, never a dialog; the page puts it where the how-to is.
        self.ease_panel = _Panel("easeOffPanel", page, vertical=True)
        self.ease_panel.setAccessibleName("Easing off")
        self.ease_text = QLabel(ease_off_html(EASE_OFF_TEXT), self.ease_panel)
        self.ease_text.setTextFormat(Qt.TextFormat.RichText)
        self.ease_text.setWordWrap(True)
        self.ease_text.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # A label's accessible name replaces its words for a screen reader: an objectName, no accessible name.
        self.ease_text.setObjectName("ease-off-message")
        self.resume_after_ease = self._button("Resume", "Resume after easing off", intents._resume_after_ease,
                                              "play", "Resume (Space)")
        self.ease_panel.layout_.addWidget(self.ease_text, 0)
        self.ease_panel.layout_.addWidget(self.resume_after_ease, 0, Qt.AlignmentFlag.AlignLeft)
        self.ease_panel.layout_.addStretch(1)
        self.ease_panel.hide()

        # "Muted": the page puts it in the header, beside the time left.
        self.muted_badge = MutedBadge(page)

        # The row of buttons, or the stop question in its place at the same height (a stack of the two).
        self.stack = QStackedWidget(page)
        self.stack.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        self.row_box = QWidget(self.stack)
        self.row_box.setObjectName("playerButtonRow")

        # Stop: confirm in the page; "Keep going" is the safe default.
        self.confirm_bar = _Panel("stopConfirmBar", self.stack)
        self.confirm_bar.setAccessibleName("Stop this routine")
        self.confirm_text = role_label(STOP_QUESTION, parent=self.confirm_bar)
        self.confirm_text.setObjectName("stop-question")
        self.keep_going_button = self._button("Keep going", "Keep going", intents.cancel_stop, tip="Keep going (Esc)")
        self.confirm_stop_button = self._button("Stop", "Confirm stop", intents.confirm_stop, "stop")
        self.confirm_bar.layout_.setContentsMargins(20, 4, 4, 4)
        self.confirm_bar.layout_.addWidget(self.confirm_text, 1)
        self.confirm_bar.layout_.addWidget(self.keep_going_button)
        self.confirm_bar.layout_.addWidget(self.confirm_stop_button)

        # The controls: big, one click each.
        row = self.row = QHBoxLayout(self.row_box)
        row.setContentsMargins(0, 0, 0, 0)
        row.setSpacing(12)
        self.back_button = self._button("Back", "Back", intents.back, "back", "Back (Left arrow)")
        self.pause_button = self._button("Pause", "Pause or resume", intents.toggle_pause, "pause",
                                         "Pause or resume (Space)")
        self.skip_button = self._button("Skip", "Skip", intents.skip, "skip", "Skip (Right arrow)")
        self.restart_button = self._button("Restart step", "Restart step", intents.restart_step, "restart",
                                           "Restart this step (R)")
        self.ease_button = self._button("Ease off", "Ease off", intents.ease_off, tip="Ease off: it hurts more (E)")
        self.ease_button.setObjectName("easeOffButton")
        # Says what it does to a screen reader: its name is its words, its description the rest.
        self.let_go_button = self._button(LET_GO_TEXT, LET_GO_TEXT, intents.let_go, tip=LET_GO_TIP)
        self.let_go_button.setObjectName("letGoButton")
        self.let_go_button.setAccessibleDescription("The cramp eased: end this hold and go on to the next part")
        self.let_go_button.hide()  # only for a run with a hold held until the cramp lets go (set_let_go)
        self.stop_button = self._button("Stop", "Stop", intents.request_stop, "stop", "Stop (Esc)")
        for button in (self.back_button, self.pause_button, self.skip_button, self.restart_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.let_go_button)
        row.addWidget(self.ease_button)
        row.addWidget(self.stop_button)
        self.stack.addWidget(self.row_box)
        self.stack.addWidget(self.confirm_bar)
        self.stack.setCurrentWidget(self.row_box)
        self.confirm_bar.hide()
        root.addWidget(self.stack)

    def _button(self, text: str, name: str, slot: Callable[[], Any], icon: str | None = None,
                tip: str = "") -> QPushButton:
        button = QPushButton(text, self._page)
        button.setAccessibleName(name)
        # Return and Enter click the focused button, as Space would if the page did not keep Space for pause.
        button.setAutoDefault(True)
        button.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)
        if icon is not None:
            self._icons[button] = icon
        if tip:
            button.setToolTip(tip)
        button.clicked.connect(slot)
        return button

    @property
    def buttons(self) -> tuple[QPushButton, ...]:
        """The six buttons of the row, in order."""
        return (self.back_button, self.pause_button, self.skip_button, self.restart_button, self.ease_button,
                self.stop_button)

    @property
    def main_buttons(self) -> tuple[QPushButton, ...]:
        """The row's buttons with It let go (shown or not)."""
        return (*self.buttons, self.let_go_button)

    def set_let_go(self, shown: bool) -> None:
        """Show It let go for a run that has a hold held until the cramp lets go (before the page is sized)."""
        self.let_go_button.setVisible(shown)

    def show_let_go(self, live: bool) -> None:
        """It let go can be pressed only while a hold until the cramp lets go runs (or is paused)."""
        self.let_go_button.setEnabled(live)

    def apply_panel_fonts(self, font: Callable[..., QFont]) -> None:
        self.ease_text.setFont(font("panel"))
        self.confirm_text.setFont(font("panel", bold=True))
        self.muted_badge.apply_font(font("meta", bold=True))

    def apply_button_fonts(self, font: Callable[..., QFont], height: int, *, large: bool) -> None:
        """Type, height and glyphs of every button; compact or full padding; the teal of Ease off."""
        buttons = (*self.main_buttons, self.resume_after_ease, self.keep_going_button, self.confirm_stop_button)
        for button in buttons:
            button.setFont(font("button", bold=button in (self.pause_button, self.ease_button, self.let_go_button)))
            button.setMinimumHeight(height)
            button.setFixedHeight(height)
            button.setIconSize(QSize(height * 2 // 5, height * 2 // 5))
        self.apply_icons()
        for wide in (self.pause_button, self.let_go_button):  # the two a hand reaches for first
            wide.setMinimumWidth(round(height * (1.7 if self.compact else 2.3)))
        # Narrow windows: tighter side padding (the app theme's is generous), so six big buttons fit one row.
        tight = "QPushButton { padding-left: 10px; padding-right: 10px; }" if self.compact else ""
        for button in (self.back_button, self.pause_button, self.skip_button, self.restart_button,
                       self.stop_button):
            if button.styleSheet() != tight:
                button.setStyleSheet(tight)
        self.style_ease_buttons(large=large)
        self.fix_stack_height()

    def fix_stack_height(self) -> None:
        """The buttons' row and the stop question take the same height, so swapping them moves nothing."""
        for widget in (self.confirm_bar, *self.confirm_bar.findChildren(QWidget)):
            widget.ensurePolished()  # a panel never shown yet has not taken the theme's border and padding
        height = max(self.row_box.sizeHint().height(), self.confirm_bar.sizeHint().height())
        if self.stack.height() != height or self.stack.minimumHeight() != height:
            self.stack.setFixedHeight(height)

    def apply_icons(self, *only: QPushButton) -> None:
        for button, icon in self._icons.items():
            if not only or button in only:
                if self.compact:
                    button.setIcon(QIcon())
                else:
                    colour = button.palette().color(QPalette.ColorRole.ButtonText)
                    button.setIcon(glyph_icon(icon, colour, button.iconSize().height(),
                                              self._page.devicePixelRatioF()))

    def style_ease_buttons(self, *, large: bool) -> None:
        """Ease off stands out in a calm teal, distinct from the theme's accent, darker on dark themes."""
        dark = self._page.palette().color(QPalette.ColorRole.Window).lightness() < 128
        background, text, border = ("#275c52", "#eadfcf", "#3f8576") if dark else ("#2f7d6d", "#ffffff", "#22594e")
        radius = 10
        pad = 12 if self.compact else 22 if large else 18
        # It let go, the one thing to press in its hold: the theme's accent, with a border in the text colour.
        self.let_go_button.setStyleSheet(
            f"QPushButton {{ background: palette(highlight); color: palette(highlighted-text);"
            f" border: 2px solid palette(highlight); border-radius: {radius}px; padding: 0 {pad}px;"
            f" font-weight: bold; }}"
            f"QPushButton:hover {{ border-color: palette(highlighted-text); }}"
            f"QPushButton:focus {{ border: 3px solid palette(window-text); }}"
            f"QPushButton:pressed {{ background: palette(dark); }}"
            f"QPushButton:disabled {{ background: palette(mid); color: palette(window); border-color: palette(mid); }}"
        )
        for button in (self.ease_button, self.resume_after_ease):
            button.setStyleSheet(
                f"QPushButton {{ background: {background}; color: {text}; border: 2px solid {border};"
                f" border-radius: {radius}px; padding: 0 {pad}px; font-weight: bold; }}"
                f"QPushButton:hover {{ border-color: {text}; }}"
                f"QPushButton:focus {{ border: 3px solid palette(window-text); }}"
                f"QPushButton:pressed {{ background: {border}; }}"
                f"QPushButton:disabled {{ background: palette(mid); color: palette(window); }}"
            )

    def show_state(self, state: State | None) -> None:
        """Pause, Resume or Start on the pause button; the buttons live only while the routine can move."""
        if state is State.RUNNING:
            text, icon = "Pause", "pause"
        elif state is State.PAUSED:
            text, icon = "Resume", "play"
        else:
            text, icon = "Start", "play"
        if self.pause_button.text() != text:
            self.pause_button.setText(text)
            self._icons[self.pause_button] = icon
            self.apply_icons(self.pause_button)
            self.pause_button.setAccessibleDescription(text)
        live = state in (State.READY, State.RUNNING, State.PAUSED)
        for button in self.buttons:
            button.setEnabled(live)
        self.ease_button.setEnabled(state in (State.RUNNING, State.PAUSED))

    def show_ease_panel(self, phase: Phase | None) -> None:
        """The ease-off panel, with words for ``phase``, in the how-to's place; the stop question goes."""
        self.show_stop_question(False)
        text = ease_off_text(phase)
        self.ease_text.setText(ease_off_html(text))  # read as plain text (Qt strips the bold)
        self.ease_panel.show()
        self.ease_panel_changed(True)

    def hide_ease_panel(self) -> None:
        if not self.ease_panel.isHidden():
            self.ease_panel.hide()
            self.ease_panel_changed(False)

    def show_stop_question(self, shown: bool) -> None:
        """The stop question in the place of the buttons (``shown``), or the buttons again; never both panels."""
        if shown:
            self.hide_ease_panel()
            self.confirm_bar.show()
            self.stack.setCurrentWidget(self.confirm_bar)
        else:
            self.stack.setCurrentWidget(self.row_box)
            self.confirm_bar.hide()

    @property
    def stop_question_shown(self) -> bool:
        return self.stack.currentWidget() is self.confirm_bar

    def hide_panels(self) -> None:
        self.hide_ease_panel()
        self.show_stop_question(False)
