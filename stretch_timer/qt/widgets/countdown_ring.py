"""A ring that shows how much of the current phase is left, with the seconds in big type in the middle.

The ring computes no time: the page hands it ``remaining`` and ``duration`` (read from the session) on each
display tick. It repaints only when something a person could see changes: the whole seconds shown, the arc
end moving by at least a quarter of a degree, the caption, or the paused look.
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.spoken import duration_words

ARC_STEPS = 360 * 4
"""The arc is never finer than a quarter degree: a smaller change is invisible, so it triggers no repaint."""
ARC_STEPS_PER_SECOND = 4
"""And it moves at most four times per second of the phase: smooth enough to read as flowing, cheap enough
that a running hold costs well under 1 % of a core (each move is a repaint)."""


def whole_seconds(seconds: float) -> int:
    """Seconds as the screen counts them: rounded up, so "0" only shows when the time is up."""
    return max(0, math.ceil(seconds - 1e-9))


def arc_steps(remaining: float, duration: float) -> tuple[int, int]:
    """(steps drawn, steps in a full turn) for ``remaining`` of ``duration``: the arc as the ring quantises it."""
    fraction = min(1.0, max(0.0, remaining) / duration) if duration > 0 else 0.0
    of = min(ARC_STEPS, max(1, math.ceil(duration * ARC_STEPS_PER_SECOND))) if duration > 0 else ARC_STEPS
    return math.ceil(fraction * of - 1e-6), of


def next_visible_change(remaining: float, duration: float) -> float:
    """Seconds from now until the ring would look different as ``remaining`` runs down: the digits show one
    second less, or the arc loses a step. The display needs waking then, and not before."""
    if remaining <= 0 or duration <= 0:
        return 0.0
    steps, of = arc_steps(remaining, duration)
    until_arc = remaining - (steps - 1) * duration / of
    return max(0.0, min(whole_seconds_change_in(remaining), until_arc))


def whole_seconds_change_in(seconds: float) -> float:
    """Seconds until a countdown showing ``seconds`` (rounded up) shows one less."""
    return max(0.0, seconds - (whole_seconds(seconds) - 1)) if seconds > 0 else 0.0


def digits_text(seconds: float) -> str:
    """``m:ss`` from a minute up, plain seconds below: "12", "1:05"."""
    whole = whole_seconds(seconds)
    return format_clock(whole) if whole >= 60 else str(whole)


def seconds_words(seconds: float) -> str:
    """For screen readers: "12 seconds left", "1 minute 5 seconds left"."""
    return f"{duration_words(whole_seconds(seconds))} left"


def duration_caption(duration: float) -> str:
    """ "of 30 s", "of 1:20"."""
    whole = whole_seconds(duration)
    return f"of {format_clock(whole)}" if whole >= 60 else f"of {whole} s"


class CountdownRing(QWidget):
    """Track + arc for the fraction of the phase left; the seconds left in the middle; a caption below.

    Colours come from the palette (Highlight = arc, Mid = track, WindowText = digits), so themes apply.
    """

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._remaining = 0.0
        self._duration = 0.0
        self._digits = "0"
        self._steps = 0  # arc length in units of 1/_of of a full turn
        self._of = ARC_STEPS
        self._track: tuple[tuple[int, int, float, int, int], QPixmap] | None = None  # the static track, per size
        self._caption = ""
        self._paused = False
        self._caption_override = ""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Countdown")
        self.setAccessibleDescription(seconds_words(0))
        # It paints its whole rectangle (the window colour under the track), so a tick repaints the ring alone,
        # not the page and window behind it as well.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)

    # --- what is shown ---------------------------------------------------------------------------------

    @property
    def digits(self) -> str:
        return self._digits

    @property
    def caption(self) -> str:
        return self._caption_override or self._caption

    @property
    def fraction(self) -> float:
        """The fraction of the phase left, as drawn (quantised to the arc's steps)."""
        return self._steps / self._of

    @property
    def paused(self) -> bool:
        return self._paused

    def set_time(self, remaining: float, duration: float) -> None:
        """Show ``remaining`` seconds of a ``duration``-second phase; repaints only on a visible change."""
        remaining = max(0.0, remaining)
        self._remaining, self._duration = remaining, duration
        steps, of = arc_steps(remaining, duration)
        digits = digits_text(remaining)
        caption = duration_caption(duration) if duration > 0 else ""
        changed = (steps * self._of != self._steps * of or digits != self._digits
                   or caption != self._caption)
        if digits != self._digits:
            self.setAccessibleDescription(seconds_words(remaining))
        self._steps, self._of, self._digits, self._caption = steps, of, digits, caption
        if changed:
            self.update()

    def set_paused(self, paused: bool, caption: str = "Paused") -> None:
        """A paused ring dims its arc and says so under the digits."""
        override = caption if paused else ""
        if paused == self._paused and override == self._caption_override:
            return
        self._paused, self._caption_override = paused, override
        self.update()

    # --- layout ----------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(260, 260)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)

    def hasHeightForWidth(self) -> bool:
        return False

    # --- painting --------------------------------------------------------------------------------------

    def ring_rect(self) -> QRectF:
        side = min(self.width(), self.height())
        pen = self._pen_width(side)
        inset = pen / 2 + 2
        return QRectF((self.width() - side) / 2 + inset, (self.height() - side) / 2 + inset,
                      side - 2 * inset, side - 2 * inset)

    @staticmethod
    def _pen_width(side: float) -> float:
        return max(4.0, side * 0.06)

    def _track_pixmap(self, rect: QRectF, width: float) -> QPixmap:
        """The window colour and the full-circle track, drawn once per size and colours (stroking a big circle
        is the costly part)."""
        ratio = self.devicePixelRatioF()
        palette = self.palette()
        colour = palette.color(QPalette.ColorRole.Mid)
        background = palette.color(QPalette.ColorRole.Window)
        key = (self.width(), self.height(), ratio, colour.rgba(), background.rgba())
        if self._track is not None and self._track[0] == key:
            return self._track[1]
        pixmap = QPixmap(max(1, round(self.width() * ratio)), max(1, round(self.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(background)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(colour, width)
        pen.setCapStyle(Qt.PenCapStyle.FlatCap)
        painter.setPen(pen)
        painter.drawEllipse(rect)
        painter.end()
        self._track = (key, pixmap)
        return pixmap

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        palette = self.palette()
        side = min(self.width(), self.height())
        rect = self.ring_rect()
        width = self._pen_width(side)

        painter.drawPixmap(0, 0, self._track_pixmap(rect, width))

        if self._steps > 0:
            arc_colour = QColor(palette.color(QPalette.ColorRole.Highlight))
            if self._paused:
                arc_colour.setAlphaF(0.45)
            arc = QPen(arc_colour, width)
            arc.setCapStyle(Qt.PenCapStyle.RoundCap if self._steps < self._of else Qt.PenCapStyle.FlatCap)
            painter.setPen(arc)
            # From twelve o'clock, clockwise (negative span), for the part still to go.
            span = -round(self._steps * 16 * 360 / self._of)
            painter.drawArc(rect, 90 * 16, span)

        text_colour = palette.color(QPalette.ColorRole.WindowText)
        inner = rect.adjusted(width, width, -width, -width)
        digits_font = QFont(self.font())
        digits_font.setBold(True)
        digits_font.setPixelSize(max(10, int(inner.height() * 0.40)))
        metrics = QFontMetricsF(digits_font)
        widest = metrics.horizontalAdvance(self._digits)
        if widest > inner.width() * 0.82:  # "12:30" must fit inside the ring
            digits_font.setPixelSize(max(10, int(digits_font.pixelSize() * inner.width() * 0.82 / widest)))
            metrics = QFontMetricsF(digits_font)
        painter.setFont(digits_font)
        painter.setPen(text_colour)
        digits_height = metrics.height()
        digits_box = QRectF(inner.left(), inner.center().y() - digits_height * 0.58, inner.width(), digits_height)
        painter.drawText(digits_box, Qt.AlignmentFlag.AlignCenter, self._digits)

        caption = self.caption
        if caption:
            caption_font = QFont(self.font())
            caption_font.setPixelSize(max(9, int(inner.height() * 0.09)))
            caption_font.setBold(self._paused)
            painter.setFont(caption_font)
            soft = QColor(text_colour)
            soft.setAlphaF(0.9 if self._paused else 0.7)
            painter.setPen(soft)
            caption_box = QRectF(inner.left(), digits_box.bottom() - digits_height * 0.05, inner.width(),
                                 QFontMetricsF(caption_font).height() * 1.2)
            painter.drawText(caption_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption)
        painter.end()
