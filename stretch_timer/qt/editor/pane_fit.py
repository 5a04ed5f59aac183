"""How the editor's left column shares its height: the routine's form takes no more than it needs (it scrolls
when large type makes it taller than the room), and the step list always keeps room for a few steps."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject
from PySide6.QtWidgets import QScrollArea, QWidget


class NoTallerThanItsContent(QObject):
    """Keeps a scroll area no taller than the form in it (large type makes the form taller; it then scrolls),
    so the space it does not need goes to the step list."""

    def __init__(self, area: QScrollArea, content: QWidget) -> None:
        super().__init__(area)
        self._area, self._content = area, content
        content.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.LayoutRequest, QEvent.Type.FontChange, QEvent.Type.Show):
            self._fit()
        return False

    def _fit(self) -> None:
        self._area.setMaximumHeight(self._content.sizeHint().height() + 2)


class RowsOfRoom(QObject):
    """Keeps room for ``rows`` steps in the list whatever the type size, however tall the routine's form."""

    def __init__(self, view: QWidget, rows: int) -> None:
        super().__init__(view)
        self._view, self._rows = view, rows
        view.installEventFilter(self)
        self._fit()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.FontChange, QEvent.Type.Show):
            self._fit()
        return False

    def _fit(self) -> None:
        row = max(self._view.fontMetrics().height() * 2 + 8, 44)  # a thumbnail row
        self._view.setMinimumHeight(row * self._rows + 4)
