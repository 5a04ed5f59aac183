"""The player's controls: six big buttons, the ease-off panel and the stop confirmation, with their looks.

Split from the player page so the page deals with the driver and what each intent does, and this deals with
the controls themselves: building them (big, one click each, every one with an accessible name and its key in
the tooltip), their glyphs drawn in the button's own text colour, the calm teal that makes "Ease off" stand out
on every theme, the compact form (no icons, tight padding) for narrow windows, and Pause turning into Resume or
Start. Easing off and stopping never open a dialog: the two panels appear in the page instead. The widgets are
the page's own children, built in the page's order, so the widget tree and the tab order are those of one page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from stretch_timer.core.session import State
from stretch_timer.qt.widgets.labels import role_label

if TYPE_CHECKING:
    from stretch_timer.qt.pages.player_page import PlayerPage

EASE_OFF_TEXT = (
    "Ease off. Back off the stretch a little, breathe slowly, and let the muscle soften. "
    "Resume when you are ready."
)
STOP_QUESTION = "Stop this routine?"


def glyph_icon(kind: str, colour: QColor, size: int, ratio: float = 1.0) -> QIcon:
    """A simple media glyph ("play", "pause", "back", "skip", "restart", "stop") in the button's text colour,
    so it reads on light, dark and bedtime themes alike (the style's stock icons are black)."""
    px = max(8, round(size * ratio))
    pixmap = QPixmap(px, px)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    p.setPen(Qt.PenStyle.NoPen)
    p.setBrush(colour)
    u = px / 12.0

    def triangle(x0: float, x1: float) -> None:  # pointing right, from x0 to x1
        p.drawPolygon(QPolygonF([QPointF(x0 * u, 2 * u), QPointF(x1 * u, 6 * u), QPointF(x0 * u, 10 * u)]))

    if kind == "play":
        triangle(3, 10.5)
    elif kind == "pause":
        p.drawRoundedRect(QRectF(2.5 * u, 2 * u, 2.6 * u, 8 * u), 0.6 * u, 0.6 * u)
        p.drawRoundedRect(QRectF(6.9 * u, 2 * u, 2.6 * u, 8 * u), 0.6 * u, 0.6 * u)
    elif kind == "stop":
        p.drawRoundedRect(QRectF(2.5 * u, 2.5 * u, 7 * u, 7 * u), 1.0 * u, 1.0 * u)
    elif kind == "skip":
        triangle(1.5, 6.5)
        triangle(6, 10.5)
    elif kind == "back":
        p.translate(px, 0)
        p.scale(-1, 1)
        triangle(1.5, 6.5)
        triangle(6, 10.5)
    elif kind == "restart":
        pen = QPen(colour, 1.5 * u)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        p.setPen(pen)
        p.setBrush(Qt.BrushStyle.NoBrush)
        p.drawArc(QRectF(2 * u, 2.2 * u, 8 * u, 8 * u), 100 * 16, 290 * 16)
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(colour)
        p.drawPolygon(QPolygonF([QPointF(4.2 * u, 0.4 * u), QPointF(7.6 * u, 2.3 * u), QPointF(4.4 * u, 4.6 * u)]))
    p.end()
    pixmap.setDevicePixelRatio(ratio)
    return QIcon(pixmap)


class _Panel(QFrame):
    """A rounded inline panel (ease-off message, stop confirmation)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setProperty("role", "panel")  # the app theme draws panels as rounded cards
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        self.setBackgroundRole(QPalette.ColorRole.AlternateBase)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        self.layout_ = QHBoxLayout(self)
        self.layout_.setContentsMargins(20, 14, 20, 14)
        self.layout_.setSpacing(16)


class PlayerControls:
    """Builds the ease-off panel, the stop confirmation and the button row on ``page``, wired to its intents."""

    def __init__(self, page: PlayerPage, root: QVBoxLayout) -> None:
        self._page = page
        self._icons: dict[QPushButton, str] = {}
        self.compact = False
        """Narrow window: buttons without icons and with tight padding, so all six fit one row."""

        # Ease off: a gentle panel in the page, never a dialog.
        self.ease_panel = _Panel("easeOffPanel", page)
        self.ease_panel.setAccessibleName("Easing off")
        head, _, rest = EASE_OFF_TEXT.partition(". ")
        self.ease_text = QLabel(f"<b>{escape(head)}.</b> {escape(rest)}", self.ease_panel)
        self.ease_text.setTextFormat(Qt.TextFormat.RichText)
        self.ease_text.setAccessibleDescription(EASE_OFF_TEXT)
        self.ease_text.setWordWrap(True)
        self.ease_text.setAccessibleName("Ease off message")
        self.resume_after_ease = self._button("Resume", "Resume after easing off", page._resume_after_ease,
                                              "play", "Resume (Space)")
        self.ease_panel.layout_.addWidget(self.ease_text, 1)
        self.ease_panel.layout_.addWidget(self.resume_after_ease, 0, Qt.AlignmentFlag.AlignVCenter)
        self.ease_panel.hide()
        root.addWidget(self.ease_panel)

        # Stop: confirm in the page; "Keep going" is the safe default.
        self.confirm_bar = _Panel("stopConfirmBar", page)
        self.confirm_bar.setAccessibleName("Stop this routine")
        self.confirm_text = role_label(STOP_QUESTION, parent=self.confirm_bar)
        self.confirm_text.setAccessibleName("Stop question")
        self.keep_going_button = self._button("Keep going", "Keep going", page.cancel_stop, tip="Keep going (Esc)")
        self.confirm_stop_button = self._button("Stop", "Confirm stop", page.confirm_stop, "stop")
        self.confirm_bar.layout_.addWidget(self.confirm_text, 1)
        self.confirm_bar.layout_.addWidget(self.keep_going_button)
        self.confirm_bar.layout_.addWidget(self.confirm_stop_button)
        self.confirm_bar.hide()
        root.addWidget(self.confirm_bar)

        # The controls: big, one click each.
        row = self.row = QHBoxLayout()
        row.setSpacing(12)
        self.back_button = self._button("Back", "Back", page.back, "back", "Back (Left arrow)")
        self.pause_button = self._button("Pause", "Pause or resume", page.toggle_pause, "pause",
                                         "Pause or resume (Space)")
        self.skip_button = self._button("Skip", "Skip", page.skip, "skip", "Skip (Right arrow)")
        self.restart_button = self._button("Restart step", "Restart step", page.restart_step, "restart",
                                           "Restart this step (R)")
        self.ease_button = self._button("Ease off", "Ease off", page.ease_off, tip="Ease off: it hurts more (E)")
        self.ease_button.setObjectName("easeOffButton")
        self.stop_button = self._button("Stop", "Stop", page.request_stop, "stop", "Stop (Esc)")
        for button in (self.back_button, self.pause_button, self.skip_button, self.restart_button):
            row.addWidget(button)
        row.addStretch(1)
        row.addWidget(self.ease_button)
        row.addWidget(self.stop_button)
        root.addLayout(row)

    def _button(self, text: str, name: str, slot: Callable[[], Any], icon: str | None = None,
                tip: str = "") -> QPushButton:
        button = QPushButton(text, self._page)
        button.setAccessibleName(name)
        button.setAutoDefault(False)
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

    def apply_panel_fonts(self, font: Callable[..., QFont]) -> None:
        self.ease_text.setFont(font("panel"))
        self.confirm_text.setFont(font("panel", bold=True))

    def apply_button_fonts(self, font: Callable[..., QFont], height: int, *, large: bool) -> None:
        """Type, height and glyphs of every button; compact or full padding; the teal of Ease off."""
        buttons = (*self.buttons, self.resume_after_ease, self.keep_going_button, self.confirm_stop_button)
        for button in buttons:
            button.setFont(font("button", bold=button in (self.pause_button, self.ease_button)))
            button.setMinimumHeight(height)
            button.setFixedHeight(height)
            button.setIconSize(QSize(height * 2 // 5, height * 2 // 5))
        self.apply_icons()
        self.pause_button.setMinimumWidth(round(height * (1.7 if self.compact else 2.3)))
        # Narrow windows: tighter side padding (the app theme's is generous), so six big buttons fit one row.
        tight = "QPushButton { padding-left: 10px; padding-right: 10px; }" if self.compact else ""
        for button in (self.back_button, self.pause_button, self.skip_button, self.restart_button,
                       self.stop_button):
            if button.styleSheet() != tight:
                button.setStyleSheet(tight)
        self.style_ease_buttons(large=large)

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

    def hide_panels(self) -> None:
        self.ease_panel.hide()
        self.confirm_bar.hide()
