"""A ring that shows how much of the current phase is left, with the seconds in big type in the middle.

The ring computes no time: the page hands it ``remaining`` and ``duration`` (read from the session) on each
display tick. It repaints only when something a person could see changes: the whole seconds shown, the arc
end moving a step, the caption, or the paused look. In a hold the arc steps with the digits, once a second;
a short phase steps more often, and when only the arc's end moved it repaints only the box around the arc's
last piece, without the words unless that box reaches them (the boxes come from ``ring_geometry``).

A hold that lasts until something happens (a relief hold, "until it lets go") counts up instead
(``set_count_up``): the seconds gone, the arc filling towards the upper bound, "up to 2:00" under them.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPaintEvent, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.spoken import duration_words
from stretch_timer.qt.widgets.ring_geometry import ARC_PIECE_DEGREES, arc_change_box, arc_pieces, arc_sweep, text_ink

ARC_STEPS = 360 * 4
"""The arc is never finer than a quarter degree (a phase of more than 24 minutes steps less than each second)."""
ARC_STEPS_PER_SECOND = 1
"""In a phase of a dozen seconds or more the arc moves once a second, with the digits, like a clock's second
hand: one repaint a second is what a hold costs (a wake of the GUI thread costs more than the painting)."""
ARC_MIN_STEPS = 12
"""A shorter phase still takes at least this many steps to empty the ring (30° each at most), a whole number
of them per second so that a step falls on each change of the digits: 4 s in twelve steps of ⅓ s, 5 s in 15."""


def whole_seconds(seconds: float) -> int:
    """Seconds as the screen counts them: rounded up, so "0" only shows when the time is up."""
    return max(0, math.ceil(seconds - 1e-9))


def arc_steps(remaining: float, duration: float) -> tuple[int, int]:
    """(steps drawn, steps in a full turn) for ``remaining`` of ``duration``: the arc as the ring quantises it."""
    if duration <= 0:
        return 0, ARC_STEPS
    fraction = min(1.0, max(0.0, remaining) / duration)
    return math.ceil(fraction * (of := arc_steps_per_turn(duration)) - 1e-6), of


def arc_steps_per_turn(duration: float) -> int:
    """How many steps the arc of a ``duration``-second phase takes to empty (see ``ARC_MIN_STEPS``)."""
    per_second = ARC_STEPS_PER_SECOND * max(1, math.ceil(ARC_MIN_STEPS / max(1, math.ceil(duration))))
    return min(ARC_STEPS, max(1, math.ceil(duration * per_second - 1e-9)))


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


def count_up_text(seconds: float) -> str:
    """Seconds counted up, as the ring shows them: whole seconds gone (rounded down), "48", "1:05"."""
    whole = max(0, math.floor(seconds + 1e-9))
    return format_clock(whole) if whole >= 60 else str(whole)


def count_up_steps(elapsed: float, bound: float) -> tuple[int, int]:
    """(steps drawn, steps in a full turn) of a ring filling up as ``elapsed`` nears ``bound``; a step falls on
    each change of the digits, as when counting down."""
    if bound <= 0:
        return 0, ARC_STEPS
    of = arc_steps_per_turn(bound)
    return min(of, math.floor(max(0.0, elapsed) / bound * of + 1e-6)), of


def count_up_change_in(elapsed: float, bound: float) -> float:
    """Seconds until a ring counting up (see :meth:`CountdownRing.set_count_up`) looks different."""
    if bound <= 0 or elapsed >= bound:
        return 0.0
    step = bound / arc_steps_per_turn(bound)
    next_step = (math.floor(elapsed / step + 1e-6) + 1) * step
    next_digit = math.floor(elapsed + 1e-9) + 1
    return max(0.0, min(next_step, next_digit) - elapsed)


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
        self._words: _Words | None = None  # the digits' and caption's type and ink, per size and text
        self._arc_paths: tuple[tuple[float, ...], dict[int, QPainterPath]] = ((), {})  # whole pieces, per size
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
        """Show ``remaining`` seconds of a ``duration``-second phase; repaints only on a visible change, and only
        the arc's end when nothing else changed."""
        remaining = max(0.0, remaining)
        self._remaining, self._duration = remaining, duration
        steps, of = arc_steps(remaining, duration)
        caption = duration_caption(duration) if duration > 0 else ""
        self._show(steps, of, digits_text(remaining), caption, lambda: seconds_words(remaining))

    def set_count_up(self, elapsed: float, bound: float) -> None:
        """Count up instead: ``elapsed`` seconds of a hold that lasts until something happens, ``bound`` at most
        (a relief hold "until it lets go"). The digits say the seconds gone, the arc fills towards the bound,
        the caption says "up to 2:00"; it repaints as sparingly as counting down does."""
        elapsed = max(0.0, elapsed)
        self._remaining, self._duration = max(0.0, bound - elapsed), bound
        steps, of = count_up_steps(elapsed, bound)
        caption = f"up to {duration_caption(bound).removeprefix('of ')}" if bound > 0 else ""
        self._show(steps, of, count_up_text(elapsed), caption,
                   lambda: f"{duration_words(math.floor(elapsed + 1e-9))} so far")

    def _show(self, steps: int, of: int, digits: str, caption: str, words: Callable[[], str]) -> None:
        words_changed = digits != self._digits or caption != self._caption
        arc_moved = steps * self._of != self._steps * of
        if digits != self._digits:
            self.setAccessibleDescription(words())
        before, before_of = self._steps, self._of
        caption_changed = caption != self._caption
        old_words = self._words
        self._steps, self._of, self._digits, self._caption = steps, of, digits, caption
        if caption_changed or (arc_moved and (of != before_of or 0 in (steps, before) or of in (steps, before))):
            self.update()  # a new phase, or the arc appearing, filling or changing its caps: the whole ring
            return
        if not (words_changed or arc_moved):
            return
        rect = self.ring_rect()
        width = self._pen_width(min(self.width(), self.height()))
        box = QRectF()
        if arc_moved:
            box = arc_change_box(rect, arc_sweep(before, of), arc_sweep(steps, of), width)
        if words_changed:
            # Only the digits changed (the caption is the phase's): the old and the new digits' ink, not the
            # whole ring. One rectangle round both (and the arc's end): a region of several paints slower.
            inner = rect.adjusted(width, width, -width, -width)
            if old_words is None or old_words.key[:4] != (inner.x(), inner.y(), inner.width(), inner.height()):
                self.update()  # never painted at this size: no old ink to go by
                return
            new_ink = self._made_words(inner).ink
            box = old_words.ink.united(new_ink) if box.isNull() else box.united(old_words.ink).united(new_ink)
        self.update(box.toAlignedRect())

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

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._words = None

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

    def _arc_path(self, rect: QRectF, sweep: float) -> QPainterPath:
        """The arc from twelve o'clock, clockwise, as pieces of ``ARC_PIECE_DEGREES`` and a last piece; the
        whole pieces are kept per size, so a frame adds only the last."""
        key = (rect.x(), rect.y(), rect.width(), rect.height())
        if self._arc_paths[0] != key:
            self._arc_paths = (key, {})
        whole, last = arc_pieces(sweep)
        paths = self._arc_paths[1]
        start = paths.get(whole)
        if start is None:
            start = QPainterPath()
            start.arcMoveTo(rect, 90)
            for piece in range(whole):
                start.arcTo(rect, 90 - piece * ARC_PIECE_DEGREES, -ARC_PIECE_DEGREES)
            paths[whole] = start
        path = QPainterPath(start)
        path.arcTo(rect, 90 - whole * ARC_PIECE_DEGREES, -last)
        return path

    def _made_words(self, inner: QRectF) -> _Words:
        """The digits' and the caption's type, boxes and ink for this size and text, made once."""
        caption = self.caption
        key = (inner.x(), inner.y(), inner.width(), inner.height(), self.font().key(), self._digits, caption,
               self._paused)
        if self._words is not None and self._words.key == key:
            return self._words
        digits_font = QFont(self.font())
        digits_font.setBold(True)
        digits_font.setPixelSize(max(10, int(inner.height() * 0.40)))
        metrics = QFontMetricsF(digits_font)
        widest = metrics.horizontalAdvance(self._digits)
        if widest > inner.width() * 0.82:  # "12:30" must fit inside the ring
            digits_font.setPixelSize(max(10, int(digits_font.pixelSize() * inner.width() * 0.82 / widest)))
            metrics = QFontMetricsF(digits_font)
        caption_font = QFont(self.font())
        caption_font.setPixelSize(max(9, int(inner.height() * 0.09)))
        caption_font.setBold(self._paused)
        caption_metrics = QFontMetricsF(caption_font)
        digits_height = metrics.height()
        digits_box = QRectF(inner.left(), inner.center().y() - digits_height * 0.58, inner.width(), digits_height)
        caption_box = QRectF(inner.left(), digits_box.bottom() - digits_height * 0.05, inner.width(),
                             caption_metrics.height() * 1.2)
        ink = text_ink(digits_box, metrics, self._digits, centred=True)
        if caption:
            ink = ink.united(text_ink(caption_box, caption_metrics, caption, centred=False))
        self._words = _Words(key, digits_font, digits_box, caption_font, caption_box, ink)
        return self._words

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
            if self._steps < self._of:
                arc.setCapStyle(Qt.PenCapStyle.RoundCap)
                painter.setPen(arc)
                painter.drawPath(self._arc_path(rect, arc_sweep(self._steps, self._of)))
            else:
                arc.setCapStyle(Qt.PenCapStyle.FlatCap)
                painter.setPen(arc)
                painter.drawArc(rect, 90 * 16, -360 * 16)  # the full turn, from twelve o'clock

        inner = rect.adjusted(width, width, -width, -width)
        words = self._made_words(inner)
        if not QRectF(event.rect()).intersects(words.ink):
            painter.end()  # only the arc's end moved, away from the words: nothing more to draw there
            return
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        painter.setFont(words.digits_font)
        painter.setPen(text_colour)
        painter.drawText(words.digits_box, Qt.AlignmentFlag.AlignCenter, self._digits)
        caption = self.caption
        if caption:
            painter.setFont(words.caption_font)
            soft = QColor(text_colour)
            soft.setAlphaF(0.9 if self._paused else 0.7)
            painter.setPen(soft)
            painter.drawText(words.caption_box, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, caption)
        painter.end()


@dataclass(frozen=True)
class _Words:
    key: tuple[object, ...]
    digits_font: QFont
    digits_box: QRectF
    caption_font: QFont
    caption_box: QRectF
    ink: QRectF
    """Where the words can put pixels: a repaint away from it draws no text."""

