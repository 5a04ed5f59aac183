"""How a row of the editor's step list is painted: a small picture of the step, then its number and words.

A delegate, not the model's display text, puts the number in front: the number belongs to the row's place,
so the model's data for a step stays the same when rows move (see
:data:`~stretch_timer.qt.editor.step_list_model.ROW_TEXT_ROLE`). Pictures are looked up and drawn only for
rows that are painted, through the thumbnails' loader and its cache (each size rendered once, tinted for the
theme); measuring rows reads none. The words are drawn by the style as plain text.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QSize
from PySide6.QtGui import QFontMetrics, QIcon, QPainter
from PySide6.QtWidgets import QStyledItemDelegate, QStyleOptionViewItem

from stretch_timer.qt.editor.step_list_model import ROW_TEXT_ROLE, StepListModel
from stretch_timer.qt.pages.thumbnail import load_picture
from stretch_timer.qt.theme import picture_tint

Index = QModelIndex | QPersistentModelIndex


def thumb_size(option: QStyleOptionViewItem) -> QSize:
    """The picture's box: about two and a half lines of the list's type high (large type, larger pictures),
    and wider than high, as the stretch drawings are."""
    side = max(32, round(QFontMetrics(option.font).height() * 2.4))
    return QSize(round(side * 1.4), side)


class StepDelegate(QStyledItemDelegate):
    """Paints a step row: its picture (room for one when it has none, so the words line up), number and words."""

    _painting = False

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        super().initStyleOption(option, index)
        text = index.data(ROW_TEXT_ROLE)
        if isinstance(text, str):
            option.text = text
        box = thumb_size(option)
        option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
        option.decorationSize = box
        if self._painting:
            icon = self._icon(index, box, option)
            if icon is not None:
                option.icon = icon

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        self._painting = True
        try:
            super().paint(painter, option, index)
        finally:
            self._painting = False

    @staticmethod
    def _icon(index: Index, box: QSize, option: QStyleOptionViewItem) -> QIcon | None:
        model = index.model()
        if not isinstance(model, StepListModel):
            return None
        path = model.picture(index.row())
        if path is None:
            return None
        picture = load_picture(path)
        if not picture.ok:
            return None
        nw, nh = picture.natural()
        scale = min(box.width() / nw, box.height() / nh) if nw > 0 and nh > 0 else 1.0
        widget = option.widget
        ratio = widget.devicePixelRatioF() if widget is not None else 1.0
        pixmap = picture.pixmap(max(1, int(nw * scale)), max(1, int(nh * scale)), ratio, picture_tint())
        icon = QIcon(pixmap)
        icon.addPixmap(pixmap, QIcon.Mode.Selected)  # the picture as it is on a picked row too, not tinted
        return icon
