"""Finding and reading a stretch's picture (SVG or bitmap), shared by the player's big view and the thumbnails.

A picture that is missing or unreadable never raises: it comes back empty with a ``problem`` sentence, and the
widgets draw a calm placeholder instead. Pictures come with shared routines, so the file is read once and the
core's checks (size, a self-contained SVG, a bitmap that is what its suffix says) run on those bytes; Qt then
draws the same bytes, never the file again, and decodes a bitmap only as the format its suffix names (left to
sniff, Qt would draw an SVG, references and all, out of a file called ``.png``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRectF, QSizeF
from PySide6.QtGui import QImage, QImageReader, QPainter

from stretch_timer import paths
from stretch_timer.core.images import ImageError, read_picture_bytes

if TYPE_CHECKING:
    from PySide6.QtSvg import QSvgRenderer

    from stretch_timer.core.model import Stretch


def picture_for(stretch: Stretch | None) -> Path | None:
    """The stretch's picture: the one its file names, else ``assets/images/<id>.svg`` (or .png) if bundled."""
    if stretch is None:
        return None
    if stretch.image is not None:
        return stretch.image
    if not stretch.id:
        return None
    try:
        folder = paths.bundled_images_dir()
    except Exception:  # a damaged install: show the placeholder rather than fail the screen
        return None
    for suffix in (".svg", ".png"):
        candidate = folder / f"{stretch.id}{suffix}"
        if candidate.is_file():
            return candidate
    return None


@dataclass
class PictureFile:
    """A read picture: an SVG renderer or a bitmap, or neither and the reason why."""

    svg: QSvgRenderer | None = None
    image: QImage | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.svg is not None or self.image is not None

    def natural_size(self) -> QSizeF:
        if self.svg is not None:
            return self.svg.viewBoxF().size()
        if self.image is not None:
            return QSizeF(self.image.size())
        return QSizeF()

    def render(self, painter: QPainter, target: QRectF) -> None:
        if self.svg is not None:
            self.svg.render(painter, target)
        elif self.image is not None:
            painter.drawImage(target, self.image)


# The only decoder Qt may use for each bitmap suffix (read_picture_bytes has checked the data starts right).
_BITMAP_FORMATS = {".png": b"png", ".jpg": b"jpeg", ".jpeg": b"jpeg", ".webp": b"webp"}


def read_picture(path: Path) -> PictureFile:
    """Read ``path`` once and check it; SVG through QSvgRenderer (imported only when a picture is first read)."""
    if not path.is_file():
        return PictureFile(problem=f"Picture not found: {path.name}")
    try:
        data = QByteArray(read_picture_bytes(path))
    except ImageError as error:
        return PictureFile(problem=f"Picture not shown: {path.name} {error}")
    suffix = path.suffix.lower()
    if suffix == ".svg":
        from PySide6.QtSvg import QSvgRenderer

        renderer = QSvgRenderer(data)
        if renderer.isValid() and not renderer.viewBoxF().isEmpty():
            return PictureFile(svg=renderer)
        return PictureFile(problem=f"Picture could not be read: {path.name}")
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.ReadOnly)
    reader = QImageReader(buffer, QByteArray(_BITMAP_FORMATS[suffix]))
    reader.setAutoDetectImageFormat(False)  # this format's decoder or none: no sniffing an SVG out of a .png
    reader.setDecideFormatFromContent(False)
    reader.setAutoTransform(True)
    image = reader.read()
    if image.isNull():
        return PictureFile(problem=f"Picture could not be read: {path.name} ({reader.errorString()})")
    return PictureFile(image=image)
