"""The editor's "Add stretches" dialog: find stretches in the catalog by words or by muscle, position and props,
see each one's picture and what it asks for, and pick one or several to add to the routine.

A dialog of its own so the editor only asks for ids and gets them back (:meth:`StretchPicker.chosen_ids`).
What matches the search is :mod:`~stretch_timer.qt.editor.stretch_search` (plain Python); how a row looks is
:mod:`~stretch_timer.qt.editor.stretch_rows` (pictures drawn only for the rows on screen). Stretch files are
shared between people: every word from them is shown as plain text.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QObject, QSize, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.model import MUSCLES, POSITIONS, Step, Stretch
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.editor.stretch_rows import StretchDelegate, StretchListModel
from stretch_timer.qt.editor.stretch_search import ANY, NO_PROPS, Filters, SearchEntry, entry_for, props_of
from stretch_timer.qt.pages.overview_page import step_detail
from stretch_timer.qt.widgets.labels import role_label

if TYPE_CHECKING:
    from stretch_timer.core.catalog import Catalog

PICKED_NAMES_SHOWN = 6
"""At most this many names under the list (the rest as "and 3 more"), so picking many never squeezes it."""


def _entry(stretch_id: str, stretch: Stretch) -> SearchEntry:
    """The overview's words for what the stretch asks for ("Hold 30 s each side", "6 slow breaths …")."""
    return entry_for(stretch_id, stretch, step_detail(Step(stretch=stretch)))


def _combo(name: str, items: Sequence[tuple[str, str]]) -> QComboBox:
    combo = QComboBox()
    combo.setAccessibleName(name)
    for text, data in items:
        combo.addItem(text, data)
    return combo


class StretchPicker(QDialog):
    """Pick stretches from ``catalog``; after ``exec()`` returns Accepted, :meth:`chosen_ids` lists them.

    Clicking a row picks it or puts it back (Space too); double-click or Enter adds at once. What is picked
    stays picked while the search changes, and is added in the order it was picked.
    """

    def __init__(self, catalog: Catalog, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add stretches")
        self.setAccessibleName("Add stretches")
        self.setModal(True)
        self._chosen: list[str] = []
        self._restoring = False
        entries = [_entry(stretch_id, stretch) for stretch_id, stretch in catalog.stretches.items()]
        self._names = {entry.id: entry.stretch.name for entry in entries}

        self.search = QLineEdit()
        self.search.setAccessibleName("Search stretches")
        self.search.setPlaceholderText("Search by name, muscle, position, prop or any word of the how-to")
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)

        self.muscle = _combo("Muscle filter", [("Any muscle", ANY), *((muscle_name(m), m) for m in MUSCLES)])
        self.position = _combo("Position filter", [("Any position", ANY), *((p.capitalize(), p) for p in POSITIONS)])
        self.props = _combo("Props filter", [("Any props", ANY), ("No props", NO_PROPS),
                                              *((p, p) for p in props_of(entries))])

        self.model = StretchListModel(entries, self)
        self.list = QListView()
        self.list.setAccessibleName("Stretches")
        self.list.setModel(self.model)
        self.list.setItemDelegate(StretchDelegate(self.list))
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.MultiSelection)
        self.list.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.list.setUniformItemSizes(True)
        self.list.setMouseTracking(True)
        self.list.installEventFilter(self)
        self.list.doubleClicked.connect(self._add_at)
        self.list.selectionModel().selectionChanged.connect(self._selection_changed)

        self.empty = role_label("", "muted", wrap=True)
        self.empty.setAccessibleName("No matching stretches")
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.clear_button = QPushButton("Clear search and filters")
        self.clear_button.setAccessibleName("Clear search and filters")
        self.clear_button.setAutoDefault(False)
        self.clear_button.clicked.connect(self.clear_filters)
        empty_page = QWidget()
        empty_layout = QVBoxLayout(empty_page)
        empty_layout.addStretch(1)
        empty_layout.addWidget(self.empty)
        empty_layout.addWidget(self.clear_button, 0, Qt.AlignmentFlag.AlignHCenter)
        empty_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(self.list)
        self.stack.addWidget(empty_page)

        self.count = role_label("", "muted")
        self.count.setAccessibleName("Stretch count")
        self.picked = role_label("", "muted", wrap=True)
        self.picked.setAccessibleName("Picked stretches")

        self.buttons = QDialogButtonBox()
        self.add_button = self.buttons.addButton("Add", QDialogButtonBox.ButtonRole.AcceptRole)
        self.add_button.setAccessibleName("Add")
        self.add_button.setDefault(True)
        self.cancel_button = self.buttons.addButton("Cancel", QDialogButtonBox.ButtonRole.RejectRole)
        self.cancel_button.setAccessibleName("Cancel")
        self.cancel_button.setAutoDefault(False)
        self.buttons.accepted.connect(self._add)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 16, 20, 14)
        layout.setSpacing(10)
        layout.addWidget(self.search)
        filters = QGridLayout()
        filters.setHorizontalSpacing(12)
        for column, (label_text, combo) in enumerate(
                (("Muscle", self.muscle), ("Position", self.position), ("Props", self.props))):
            label = QLabel(label_text)
            label.setBuddy(combo)
            filters.addWidget(label, 0, column)
            filters.addWidget(combo, 1, column)
            filters.setColumnStretch(column, 1)
        layout.addLayout(filters)
        layout.addWidget(self.count)
        layout.addWidget(self.stack, 1)
        layout.addWidget(self.picked)
        bottom = QHBoxLayout()
        bottom.addStretch(1)
        bottom.addWidget(self.buttons)
        layout.addLayout(bottom)

        self.search.textChanged.connect(self._refilter)
        for combo in (self.muscle, self.position, self.props):
            combo.currentIndexChanged.connect(self._refilter)
        self._refilter()
        self.resize(self._initial_size())
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- what the editor asks -------------------------------------------------------------------------

    def chosen_ids(self) -> list[str]:
        """The catalog ids picked, in the order they were picked."""
        return list(self._chosen)

    def filters(self) -> Filters:
        return Filters(self.search.text(), self.muscle.currentData() or ANY, self.position.currentData() or ANY,
                       self.props.currentData() or ANY)

    def clear_filters(self) -> None:
        for combo in (self.muscle, self.position, self.props):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self._refilter()
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)

    # --- inside ---------------------------------------------------------------------------------------

    def _initial_size(self) -> QSize:
        wanted = QSize(max(760, self.sizeHint().width()), 640)
        parent = self.parentWidget()
        screen = parent.screen() if parent is not None else self.screen()
        if screen is not None:
            room = screen.availableGeometry().size()
            wanted = wanted.boundedTo(QSize(int(room.width() * 0.92), int(room.height() * 0.9)))
        return wanted

    def _refilter(self) -> None:
        filters = self.filters()
        self._restoring = True
        try:
            self.model.show(filters)
            selection = QItemSelection()
            for stretch_id in self._chosen:
                row = self.model.row_of(stretch_id)
                if row >= 0:
                    index = self.model.index(row)
                    selection.select(index, index)
            self.list.selectionModel().select(selection, QItemSelectionModel.SelectionFlag.Select)
        finally:
            self._restoring = False
        shown, total = len(self.model.rows), len(self.model.all)
        noun = "stretch" if total == 1 else "stretches"
        self.count.setText(f"All {total} {noun}" if shown == total else f"{shown} of {total} {noun}")
        if shown == 0:
            if total == 0:
                self.empty.setText("The catalog has no stretches.")
            else:
                words = f" \u201c{filters.text.strip()}\u201d" if filters.text.strip() else ""
                narrowed = " with these filters" if filters.narrowed else ""
                self.empty.setText(f"No stretch matches{words}{narrowed}.")
            self.clear_button.setVisible(total > 0)
        self.stack.setCurrentIndex(1 if shown == 0 else 0)
        if shown and not self.list.currentIndex().isValid():
            self.list.selectionModel().setCurrentIndex(self.model.index(0), QItemSelectionModel.SelectionFlag.NoUpdate)
        self._update_picked()

    def _selection_changed(self, selected: QItemSelection, deselected: QItemSelection) -> None:
        if self._restoring:
            return
        for index in deselected.indexes():
            stretch_id = self.model.entry(index).id
            if stretch_id in self._chosen:
                self._chosen.remove(stretch_id)
        for index in sorted(selected.indexes(), key=lambda i: i.row()):
            stretch_id = self.model.entry(index).id
            if stretch_id not in self._chosen:
                self._chosen.append(stretch_id)
        self._update_picked()

    def _update_picked(self) -> None:
        count = len(self._chosen)
        self.add_button.setEnabled(count > 0)
        self.add_button.setText("Add" if count <= 1 else f"Add {count} stretches")
        self.add_button.setAccessibleDescription(
            "Pick a stretch first" if count == 0 else f"Add {count} stretch{'es' if count > 1 else ''}")
        if count == 0:
            self.picked.setText("Nothing picked yet. Click a stretch to pick it (click more to pick several); "
                                "double-click or Enter adds one straight away.")
        else:
            names = [self._names.get(i, i) for i in self._chosen]
            if len(names) > PICKED_NAMES_SHOWN:  # the list keeps its room however many are picked
                names = [*names[:PICKED_NAMES_SHOWN - 1], f"and {len(names) - PICKED_NAMES_SHOWN + 1} more"]
            self.picked.setText("Picked: " + ", ".join(names))

    def _add_at(self, index: QModelIndex) -> None:
        if index.isValid():
            stretch_id = self.model.entry(index).id
            if stretch_id not in self._chosen:
                self._chosen.append(stretch_id)
        self._add()

    def _add(self) -> None:
        if not self._chosen:
            current = self.list.currentIndex()
            if not current.isValid() or self.stack.currentIndex() != 0:
                return
            self._chosen.append(self.model.entry(current).id)
        self.accept()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            key = event.key()
            if watched is self.search and key in (Qt.Key.Key_Down, Qt.Key.Key_PageDown) and self.model.rows:
                self.list.setFocus(Qt.FocusReason.TabFocusReason)
                return True
            if watched is self.list and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self._add()
                return True
        return super().eventFilter(watched, event)
