"""The editor's "Add stretches" dialog: find stretches in the catalog by words or by muscle, position and props,
see each one's picture and what it asks for, and pick one or several to add to the routine.

A dialog of its own so the editor only asks for ids and gets them back (:meth:`StretchPicker.chosen_ids`).
Pictures are drawn only for the rows on screen, each once per size (the thumbnails' own cache), so the dialog
opens at once however big the catalog grows. Stretch files are shared between people: every word from them is
painted as plain text, and tooltips are escaped.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import (
    QAbstractListModel,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QPainter, QPalette, QPen
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
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.model import MUSCLES, POSITIONS, Step, StepKind, Stretch
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.pages.overview_page import step_detail
from stretch_timer.qt.pages.thumbnail import load_picture
from stretch_timer.qt.theme import picture_tint
from stretch_timer.qt.widgets.labels import plain_tooltip, role_label
from stretch_timer.qt.widgets.picture_file import picture_for

if TYPE_CHECKING:
    from stretch_timer.core.catalog import Catalog

ANY = ""
"""The filter combos' data for "any": no filtering on that field."""
NO_PROPS = "\0none"
"""The props combo's data for "no props" (no prop can be this text: a file's text has no NUL)."""

PICKED_NAMES_SHOWN = 6
"""At most this many names under the list (the rest as "and 3 more"), so picking many never squeezes it."""

_IndexLike = QModelIndex | QPersistentModelIndex


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored ("Pâdâṅguṣṭhâsana" matches "padangusthasana")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def kind_of(stretch: Stretch) -> StepKind:
    if stretch.breathe is not None:
        return StepKind.BREATHING
    if stretch.pmr is not None:
        return StepKind.RELAXATION
    return StepKind.HOLD


_KIND_WORDS = {StepKind.HOLD: "", StepKind.BREATHING: "Breathing", StepKind.RELAXATION: "Relaxation"}


@dataclass
class _Entry:
    """One catalog stretch as the picker shows and searches it."""

    id: str
    stretch: Stretch
    what: str
    """What it asks for: "Hold 30 s each side", "Breathing: 6 slow breaths (in 4 s, out 6 s)"."""
    where: str
    """Its muscles, position and props: "Calf, hamstring · standing · with a towel"."""
    words: str
    """Everything searchable, folded."""
    _picture: tuple[Path | None] | None = field(default=None, repr=False)

    @property
    def picture(self) -> Path | None:
        """Looked up on first paint: only the rows on screen ask."""
        if self._picture is None:
            self._picture = (picture_for(self.stretch),)
        return self._picture[0]

    @property
    def spoken(self) -> str:
        return ", ".join(part for part in (self.stretch.name, self.what, self.where) if part)


def _entry(stretch_id: str, stretch: Stretch) -> _Entry:
    kind = kind_of(stretch)
    what = step_detail(Step(stretch=stretch))  # the overview's words: "Hold 30 s each side", "6 slow breaths …"
    if kind is StepKind.RELAXATION and stretch.pmr is not None:
        what = f"{_KIND_WORDS[kind]}: tense and relax {', '.join(stretch.pmr.groups)}"
    elif kind is not StepKind.HOLD:
        what = f"{_KIND_WORDS[kind]}: {what[:1].lower()}{what[1:]}"
    muscles = ", ".join(muscle_name(m) for m in stretch.muscles)
    where = [muscles[:1] + muscles[1:].lower()] if muscles else []
    if stretch.position:
        where.append(stretch.position)
    if stretch.props:
        where.append("with " + ", ".join(stretch.props))
    words = [
        stretch.name, stretch.sanskrit, stretch.position, stretch.safety, what, kind.value, stretch.action.value,
        *stretch.muscles, *(muscle_name(m) for m in stretch.muscles), *stretch.props, *stretch.instructions,
        stretch_id,
    ]
    return _Entry(stretch_id, stretch, what, "  ·  ".join(where), fold("\n".join(words)))


@dataclass(frozen=True)
class Filters:
    """What the person asked for: words to find, and a muscle, position and prop (ANY for each: no filter)."""

    text: str = ""
    muscle: str = ANY
    position: str = ANY
    props: str = ANY

    def accepts(self, entry: _Entry) -> bool:
        stretch = entry.stretch
        if self.muscle and self.muscle not in stretch.muscles:
            return False
        if self.position and stretch.position != self.position:
            return False
        if self.props == NO_PROPS:
            if stretch.props:
                return False
        elif self.props and fold(self.props) not in {fold(p) for p in stretch.props}:
            return False
        return all(word in entry.words for word in fold(self.text).split())


class StretchListModel(QAbstractListModel):
    """The catalog's stretches that pass the filters, in catalog order."""

    def __init__(self, entries: Sequence[_Entry], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.all = list(entries)
        self.rows = list(entries)

    def show(self, filters: Filters) -> None:
        self.beginResetModel()
        self.rows = [entry for entry in self.all if filters.accepts(entry)]
        self.endResetModel()

    def rowCount(self, parent: _IndexLike = QModelIndex()) -> int:  # noqa: B008 (Qt's own default)
        return 0 if parent.isValid() else len(self.rows)

    def entry(self, index: _IndexLike) -> _Entry:
        return self.rows[index.row()]

    def row_of(self, stretch_id: str) -> int:
        for row, entry in enumerate(self.rows):
            if entry.id == stretch_id:
                return row
        return -1

    def data(self, index: _IndexLike, role: int = Qt.ItemDataRole.DisplayRole) -> object:
        if not index.isValid() or not 0 <= index.row() < len(self.rows):
            return None
        entry = self.rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return entry.stretch.name
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return entry.spoken
        if role == Qt.ItemDataRole.AccessibleDescriptionRole:
            return ". ".join(part for part in (entry.what, entry.where) if part)
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [entry.stretch.name, entry.what, entry.where, *entry.stretch.instructions[:1]]
            return plain_tooltip("\n".join(line for line in lines if line))
        return None


class StretchDelegate(QStyledItemDelegate):
    """A row: the stretch's picture, its name, what it asks for, and its muscles, position and props.

    Sizes follow the view's font, so large type makes rows taller instead of cutting words; text is drawn with
    ``drawText`` (never as markup), in the palette's colours so every theme reads.
    """

    PAD = 8

    def _fonts(self, option: QStyleOptionViewItem) -> tuple[QFont, QFont]:
        name = QFont(option.font)
        name.setBold(True)
        if name.pointSizeF() > 0:
            name.setPointSizeF(name.pointSizeF() * 1.1)
        else:  # a pixel-sized font
            name.setPixelSize(round(name.pixelSize() * 1.1))
        return name, QFont(option.font)

    def thumb_size(self, option: QStyleOptionViewItem) -> int:
        height = QFontMetrics(option.font).height()
        return max(56, min(104, round(height * 3.6)))

    def sizeHint(self, option: QStyleOptionViewItem, index: _IndexLike) -> QSize:
        name_font, detail_font = self._fonts(option)
        text_height = QFontMetrics(name_font).height() + 2 * QFontMetrics(detail_font).height() + 4
        height = max(self.thumb_size(option), text_height) + 2 * self.PAD
        return QSize(320, height)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _IndexLike) -> None:
        model = index.model()
        if not isinstance(model, StretchListModel):
            return super().paint(painter, option, index)
        entry = model.entry(index)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""  # the style draws the background only: the words are drawn below, as plain text
        widget = opt.widget
        style = widget.style() if widget is not None else None
        painter.save()
        if style is not None:
            style.drawPrimitive(QStyle.PrimitiveElement.PE_PanelItemViewItem, opt, painter, widget)
        rect: QRect = opt.rect
        palette: QPalette = opt.palette
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        text_colour = palette.color(
            QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text)
        muted = text_colour if selected else palette.color(QPalette.ColorRole.PlaceholderText)
        size = self.thumb_size(option)
        box = QRectF(rect.x() + self.PAD, rect.y() + (rect.height() - size) / 2, size, size)
        self._draw_picture(painter, palette, box, entry.picture, widget)

        left = int(box.right()) + 14
        mark_width = QFontMetrics(opt.font).height() * 2
        width = rect.right() - left - mark_width
        name_font, detail_font = self._fonts(option)
        name_metrics, detail_metrics = QFontMetrics(name_font), QFontMetrics(detail_font)
        block = name_metrics.height() + 2 * detail_metrics.height() + 4
        y = rect.y() + (rect.height() - block) // 2
        lines = (
            (name_font, text_colour, entry.stretch.name, name_metrics),
            (detail_font, text_colour, entry.what, detail_metrics),
            (detail_font, muted, entry.where, detail_metrics),
        )
        for font, colour, text, metrics in lines:
            painter.setFont(font)
            painter.setPen(colour)
            shown = metrics.elidedText(text, Qt.TextElideMode.ElideRight, max(0, width))
            painter.drawText(QRect(left, y, max(0, width), metrics.height()),
                             Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            y += metrics.height() + 2
        painter.setPen(QPen(palette.color(QPalette.ColorRole.Mid), 1))  # rows apart, picked ones too
        painter.drawLine(rect.left() + self.PAD, rect.bottom(), rect.right() - self.PAD, rect.bottom())
        if selected:  # a tick as well as the highlight: picked is not told by colour alone
            self._draw_tick(painter, text_colour, QRectF(rect.right() - mark_width, rect.y(), mark_width,
                                                         rect.height()))
        painter.restore()

    @staticmethod
    def _draw_picture(painter: QPainter, palette: QPalette, box: QRectF, path: Path | None,
                      widget: QWidget | None) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(palette.color(QPalette.ColorRole.Window))
        painter.drawRoundedRect(box, 8, 8)
        picture = load_picture(path) if path is not None else None
        if picture is not None and picture.ok:
            nw, nh = picture.natural()
            inner = box.adjusted(4, 4, -4, -4)
            scale = min(inner.width() / nw, inner.height() / nh)
            w, h = max(1, int(nw * scale)), max(1, int(nh * scale))
            ratio = widget.devicePixelRatioF() if widget is not None else 1.0
            pixmap = picture.pixmap(w, h, ratio, picture_tint())
            painter.drawPixmap(QPointF(inner.x() + (inner.width() - w) / 2, inner.y() + (inner.height() - h) / 2),
                               pixmap)
            return
        pen = QPen(palette.color(QPalette.ColorRole.Mid), 3)
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        c, r = box.center(), box.width() * 0.22
        painter.drawEllipse(c, r, r)
        painter.drawLine(QPointF(c.x() - r * 0.45, c.y() + r * 0.15), QPointF(c.x() + r * 0.45, c.y() + r * 0.15))

    @staticmethod
    def _draw_tick(painter: QPainter, colour: QColor, area: QRectF) -> None:
        side = min(area.width(), area.height()) * 0.45
        c = area.center()
        pen = QPen(colour, max(2.0, side / 8))
        pen.setCapStyle(Qt.PenCapStyle.RoundCap)
        pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        points = [QPointF(c.x() - side * 0.4, c.y()), QPointF(c.x() - side * 0.1, c.y() + side * 0.3),
                  QPointF(c.x() + side * 0.45, c.y() - side * 0.35)]
        painter.drawPolyline(points)


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
        props = sorted({prop for entry in entries for prop in entry.stretch.props}, key=fold)
        self.props = _combo("Props filter", [("Any props", ANY), ("No props", NO_PROPS), *((p, p) for p in props)])

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
                narrowed = filters.muscle or filters.position or filters.props
                self.empty.setText(f"No stretch matches{words}{' with these filters' if narrowed else ''}.")
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
