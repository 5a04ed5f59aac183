"""Small pictures of stretches for the library's cards and the overview's steps, drawn once per size.

Split from the library page so the pages deal with routines, and this deals with pictures: finding a stretch's
picture (the one its file names, else the bundled ``assets/images/<id>.svg`` or .png), loading it once (SVG or
bitmap) and keeping each rendered size, tinted for the theme (warm and dim at bedtime). A picture that is
missing or unreadable becomes a quiet placeholder painted in the theme's colours, and says why.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QWidget

from stretch_timer.qt.theme import picture_tint, tinted
from stretch_timer.qt.widgets.picture_file import picture_for, read_picture

if TYPE_CHECKING:
    from stretch_timer.core.model import Routine


def first_picture(routine: Routine) -> Path | None:
    """The first stretch's picture; if it has none, the first picture in the routine."""
    for step in routine.steps:
        picture = picture_for(step.stretch)
        if picture is not None:
            return picture
    return None


class _Picture:
    """A picture rendered once per pixel size; the file is read again only for a size not drawn yet.

    The parsed SVG is not kept between renders: about 70 KiB each, for pictures drawn once or twice at a
    fixed size, while parsing one again takes about a millisecond.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        file = read_picture(path)
        self.problem = file.problem
        self._ok = file.ok
        size = file.natural_size()
        self._natural = (size.width(), size.height())
        self._cache: dict[tuple[int, int, int], QPixmap] = {}

    @property
    def ok(self) -> bool:
        return self._ok

    def natural(self) -> tuple[float, float]:
        return self._natural

    def pixmap(self, width: int, height: int, ratio: float, tint: QColor | None = None) -> QPixmap:
        size = (round(width * ratio), round(height * ratio))
        key = (*size, tint.rgba() if tint is not None else 0)
        cached = self._cache.get(key)
        if cached is not None:
            return cached
        image = QImage(size[0], size[1], QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        file = read_picture(self.path)
        if not file.ok:  # gone or broken since it was first read: the placeholder from the next paint on
            self._ok, self.problem = False, file.problem
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        file.render(painter, QRectF(0, 0, size[0], size[1]))
        painter.end()
        pixmap = QPixmap.fromImage(tinted(image, tint))
        pixmap.setDevicePixelRatio(ratio)
        self._cache[key] = pixmap
        return pixmap


_pictures: dict[Path, _Picture] = {}


def load_picture(path: Path) -> _Picture:
    picture = _pictures.get(path)
    if picture is None:
        picture = _pictures[path] = _Picture(path)
    return picture


class Thumbnail(QWidget):
    """A small picture of a stretch; a quiet placeholder (painted in the theme's colours) when there is none."""

    def __init__(self, path: Path | None, size: int = 96, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture = load_picture(path) if path is not None else None
        self.setFixedSize(size, size)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.problem = self._picture.problem if self._picture is not None else ""

    @property
    def has_picture(self) -> bool:
        return self._picture is not None and self._picture.ok

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        box = QRectF(self.rect()).adjusted(1, 1, -1, -1)
        fill = QColor(palette.color(QPalette.ColorRole.Window))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(fill)
        painter.drawRoundedRect(box, 10, 10)
        if self._picture is not None and self._picture.ok:
            nw, nh = self._picture.natural()
            inner = box.adjusted(6, 6, -6, -6)
            scale = min(inner.width() / nw, inner.height() / nh)
            w, h = max(1, int(nw * scale)), max(1, int(nh * scale))
            x = inner.x() + (inner.width() - w) / 2
            y = inner.y() + (inner.height() - h) / 2
            pixmap = self._picture.pixmap(w, h, self.devicePixelRatioF(), picture_tint())
            painter.drawPixmap(int(x), int(y), pixmap)
        else:
            pen = QPen(QColor(palette.color(QPalette.ColorRole.Mid)), 3)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            c = box.center()
            r = box.width() * 0.22
            painter.drawEllipse(c, r, r)
            painter.drawLine(QPointF(c.x() - r * 0.45, c.y() + r * 0.15), QPointF(c.x() + r * 0.45, c.y() + r * 0.15))
        painter.end()

