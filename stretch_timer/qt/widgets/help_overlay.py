"""The keyboard shortcuts, shown over the window on ``?``; any of ``?``, Esc, Enter or a click closes it.

While open it takes Esc for itself (through ShortcutOverride), so closing the overlay never also stops a
running routine.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QColor, QKeyEvent, QMouseEvent, QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QFrame, QGridLayout, QPushButton, QVBoxLayout, QWidget

from stretch_timer.app.commands import help_rows
from stretch_timer.qt.widgets.labels import role_label

_PASS_KEYS = (Qt.Key.Key_F, Qt.Key.Key_M, Qt.Key.Key_Tab, Qt.Key.Key_Backtab)
_CLOSE_KEYS = (Qt.Key.Key_Escape, Qt.Key.Key_Question, Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_F1)


class HelpOverlay(QWidget):
    """A dimmed layer over its parent with a panel listing the command table's keys (``help_rows``).

    While it is open, keys meant for the player (Space, arrows, R, E, Esc) stop here.
    """

    opened = Signal()
    closed = Signal()

    def __init__(self, parent: QWidget, rows: tuple[tuple[str, str], ...] | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Keyboard shortcuts")
        self.setAccessibleDescription("The keys Stretch Timer understands. Press Escape to close.")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground, False)
        self.panel = QFrame(self)
        self.panel.setProperty("role", "panel")
        self.panel.setAutoFillBackground(True)
        layout = QVBoxLayout(self.panel)
        layout.setContentsMargins(32, 24, 32, 24)
        layout.setSpacing(14)
        title = role_label("Keyboard shortcuts", "heading")
        layout.addWidget(title)
        grid = QGridLayout()
        grid.setHorizontalSpacing(28)
        grid.setVerticalSpacing(8)
        self.rows = help_rows() if rows is None else rows
        for row, (key, what) in enumerate(self.rows):
            key_label = role_label(key, "chip")
            key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            what_label = role_label(what)
            what_label.setAccessibleName(f"{key}: {what}")
            grid.addWidget(key_label, row, 0)
            grid.addWidget(what_label, row, 1)
        layout.addLayout(grid)
        self.close_button = QPushButton("Close")
        self.close_button.setAccessibleName("Close keyboard shortcuts")
        self.close_button.clicked.connect(self.dismiss)
        layout.addWidget(self.close_button, 0, Qt.AlignmentFlag.AlignRight)
        self.hide()
        parent.installEventFilter(self)

    # --- showing ---------------------------------------------------------------------------------------

    def toggle(self) -> None:
        if self.isVisible():
            self.dismiss()
        else:
            self.present()

    def present(self) -> None:
        was_visible = self.isVisible()
        self._fit()
        self.show()
        self.raise_()
        self.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if not was_visible:
            self.opened.emit()

    def dismiss(self) -> None:
        if self.isVisible():
            self.hide()
            self.closed.emit()

    def _fit(self) -> None:
        parent = self.parentWidget()
        if parent is not None:
            self.setGeometry(parent.rect())
        self.panel.adjustSize()
        size = self.panel.sizeHint()
        self.panel.setGeometry((self.width() - size.width()) // 2, (self.height() - size.height()) // 2,
                               size.width(), size.height())

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.parentWidget() and event.type() == QEvent.Type.Resize and self.isVisible():
            self._fit()
        return False

    # --- input -----------------------------------------------------------------------------------------

    def event(self, event: QEvent) -> bool:
        # Every key but the window's own F and M: no pause, skip or stop behind the list's back.
        if (event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent)
                and event.key() not in _PASS_KEYS):
            event.accept()
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in _CLOSE_KEYS:
            self.dismiss()
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if not self.panel.geometry().contains(event.position().toPoint()):
            self.dismiss()
            return
        super().mousePressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        shade = QColor(self.palette().color(QPalette.ColorRole.Shadow))
        shade.setAlphaF(0.55)
        painter.fillRect(self.rect(), shade)
        painter.end()
