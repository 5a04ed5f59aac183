"""The stretch picture: an SVG or a bitmap, scaled to fit, mirrored for the other side.

Pictures are drawn facing one way (``Stretch.faces``); the player asks for a mirror image when the side being
worked is the other one. The scaled, possibly mirrored picture is rendered once per size and kept, so a
repaint (a window uncovered, a neighbour resized) is a single pixmap blit. A missing or broken file never
raises: the view shows a calm placeholder with the stretch's name and says what went wrong in ``problem``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QRectF, QSize, QSizeF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPaintEvent, QPalette, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.qt.widgets.picture_file import PictureFile, read_picture


class PoseView(QWidget):
    """Shows one stretch picture; ``set_image(path, mirrored)``; a placeholder when there is none."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._path: Path | None = None
        self._mirrored = False
        self._name = ""
        self._picture = PictureFile()
        self._cache_key: tuple[int, int, float, bool] | None = None
        self._cache: QPixmap | None = None
        self.render_count = 0
        """How many times the picture was rendered at a new size (the cache's misses); for tests."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Stretch picture")
        self._describe()

    # --- what is shown ---------------------------------------------------------------------------------

    @property
    def path(self) -> Path | None:
        return self._path

    @property
    def mirrored(self) -> bool:
        return self._mirrored

    @property
    def problem(self) -> str:
        """Why no picture is shown ("" when one is, or when none was asked for)."""
        return self._picture.problem

    @property
    def has_picture(self) -> bool:
        return self._picture.ok

    @property
    def name(self) -> str:
        return self._name

    def set_name(self, name: str) -> None:
        """The stretch's name: the placeholder shows it, and the accessible description uses it."""
        if name != self._name:
            self._name = name
            self._describe()
            if not self.has_picture:
                self.update()

    def set_image(self, path: str | Path | None, mirrored: bool = False, *, name: str | None = None) -> None:
        """Show the picture at ``path`` (SVG, PNG, JPEG, …), flipped left-right when ``mirrored``."""
        if name is not None:
            self.set_name(name)
        new_path = Path(path) if path is not None else None
        if new_path == self._path and mirrored == self._mirrored:
            return
        if new_path != self._path:
            self._load(new_path)
        self._mirrored = mirrored
        self._cache_key = self._cache = None
        self._describe()
        self.update()

    def _load(self, path: Path | None) -> None:
        self._path = path
        self._picture = read_picture(path) if path is not None else PictureFile()

    def _describe(self) -> None:
        if self.has_picture:
            side = ", mirrored for the other side" if self._mirrored else ""
            text = f"{self._name}{side}" if self._name else "Stretch picture"
        else:
            text = f"No picture: {self._name}" if self._name else "No picture"
        self.setAccessibleDescription(text)

    # --- layout ----------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(420, 340)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 100)

    # --- painting --------------------------------------------------------------------------------------

    def picture_rect(self) -> QRectF:
        """Where the picture goes: as large as fits, aspect ratio kept, centred (logical pixels)."""
        natural = self._picture.natural_size()
        if natural.isEmpty():
            return QRectF()
        fitted = natural.scaled(QSizeF(self.size()), Qt.AspectRatioMode.KeepAspectRatio)
        return QRectF((self.width() - fitted.width()) / 2, (self.height() - fitted.height()) / 2,
                      fitted.width(), fitted.height())

    def rendered(self) -> QPixmap | None:
        """The picture scaled (and mirrored) for the current size; rendered once per size, then reused."""
        rect = self.picture_rect()
        if rect.isEmpty():
            return None
        ratio = self.devicePixelRatioF()
        width, height = max(1, round(rect.width() * ratio)), max(1, round(rect.height() * ratio))
        key = (width, height, ratio, self._mirrored)
        if key == self._cache_key and self._cache is not None:
            return self._cache
        image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        if self._mirrored:
            painter.translate(width, 0)
            painter.scale(-1, 1)
        target = QRectF(0, 0, width, height)
        self._picture.render(painter, target)
        painter.end()
        pixmap = QPixmap.fromImage(image)
        pixmap.setDevicePixelRatio(ratio)
        self._cache_key, self._cache = key, pixmap
        self.render_count += 1
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pixmap = self.rendered() if self.has_picture else None
        if pixmap is not None:
            painter.drawPixmap(self.picture_rect().topLeft(), pixmap)
        else:
            self._paint_placeholder(painter)
        painter.end()

    def _paint_placeholder(self, painter: QPainter) -> None:
        palette = self.palette()
        side = min(self.width(), self.height())
        margin = max(6.0, side * 0.04)
        box = QRectF(self.rect()).adjusted(margin, margin, -margin, -margin)
        if box.isEmpty():
            return
        fill = QColor(palette.color(QPalette.ColorRole.Mid))
        fill.setAlphaF(0.18)
        border = QColor(palette.color(QPalette.ColorRole.Mid))
        border.setAlphaF(0.6)
        painter.setPen(border)
        painter.setBrush(fill)
        radius = max(8.0, side * 0.06)
        painter.drawRoundedRect(box, radius, radius)
        text = QColor(palette.color(QPalette.ColorRole.WindowText))
        text.setAlphaF(0.75)
        painter.setPen(text)
        font = QFont(self.font())
        font.setPixelSize(max(16, int(side * 0.075)))
        painter.setFont(font)
        inner = box.adjusted(radius, radius, -radius, -radius)
        flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
        painter.drawText(inner, int(flags), self._name or "No picture")
