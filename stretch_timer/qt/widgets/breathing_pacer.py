"""A breathing pacer: a soft circle that grows as you breathe in and shrinks as you breathe out.

For progressive muscle relaxation it shows a ring instead: tight and heavy while tensing, loosening and
widening while relaxing.

What it shows comes from the session: ``set_state(kind, fraction)`` with the phase kind and the fraction of
the phase already elapsed. To move smoothly without waking the whole page, the pacer ``follow``s a function
that reads those from the session (with the phase's length in real seconds): while the pacer is shown, the
session runs (``set_running``) and the circle still has to move in this phase, a single-shot frame timer wakes
it when the rim will next have moved ``STEP_PX`` pixels (worked out from the easing curve), but never
sooner than ``FRAME_MS`` after the last frame. The timer only wakes it; where the circle is, is always read
from the session. A breath hold, a pause, the held squeeze of a tense, a hidden pacer (the stretch picture in
front, a minimised window) and a paused session run no timer at all.

Each frame is cheap, because on a loaded two-core machine every wake of the GUI thread costs a few hundred
microseconds however little it does: there is one wake per visible move, it repaints the square of the larger
circle only (one rectangle: Qt paints a region of several rectangles three times slower), the backdrop (the
window colour and the guide circle) is a pixmap made once per size and palette, and colours, pens and the
word's laid-out text are made once too, not per frame.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, QTimer
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QHideEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPen,
    QPixmap,
    QResizeEvent,
    QShowEvent,
    QStaticText,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.plan import PhaseKind

SMALL = 0.38
"""Circle size (fraction of the largest) at the bottom of a breath."""
TIGHT = 0.46
"""Ring size while tensing."""
LOOSE = 0.92
"""Ring size at the end of relaxing."""
TENSE_SQUEEZE = 0.2
"""A tense squeezes in over this first fraction of the phase, then holds tight."""

STEP_PX = 2.0
"""The circle is redrawn each time its rim has moved this many (logical) pixels: steps that small read as
smooth motion. At the player's usual size a 4 s breath in moves the rim at most about 40 px a second: 20
frames a second at the quickest, fewer towards either end of the breath, where it slows, and none while it
holds; about ten a second on average over a breath. Each frame costs the GUI thread about a millisecond on a
busy machine (waking, painting, sending the pixels to the display), so this sets what breathing costs: 3 px
would cost a fifth less, and look as smooth as the old ten steady frames a second did at their quickest."""
FRAME_MS = 40
"""Never more than 25 frames a second (a big window moves the rim faster): more is no smoother to the eye."""
EDGE_MARGIN = 2
"""Pixels beyond the rim that antialiasing can touch: repainted with it."""

WORDS: dict[PhaseKind, str] = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.BREATH_HOLD: "Hold",
    PhaseKind.EXHALE: "Breathe out",
    PhaseKind.PAUSE: "Pause",
    PhaseKind.TENSE: "Tense",
    PhaseKind.RELAX: "Relax",
}

PMR_KINDS = frozenset({PhaseKind.TENSE, PhaseKind.RELAX})
GROWING = frozenset({PhaseKind.INHALE, PhaseKind.RELAX})
SHRINKING = frozenset({PhaseKind.EXHALE, PhaseKind.TENSE})


class Breath(NamedTuple):
    """Where the session is, for the pacer: the phase kind, the fraction of it elapsed, and how many real
    seconds the whole phase lasts (so the pacer knows when its circle will next have visibly moved)."""

    kind: PhaseKind | None
    fraction: float
    seconds: float


Source = Callable[[], Breath]
"""Reads the :class:`Breath` from the session, now."""


def _ease(fraction: float) -> float:
    """Slow at both ends, like a breath."""
    f = min(1.0, max(0.0, fraction))
    return (1 - math.cos(math.pi * f)) / 2


def _unease(eased: float) -> float:
    """The fraction at which ``_ease`` reaches ``eased`` (0..1)."""
    return math.acos(1 - 2 * min(1.0, max(0.0, eased))) / math.pi


def _mix(colour: QColor, background: QColor, amount: float) -> QColor:
    """``colour`` laid over ``background`` at ``amount`` opacity, as one opaque colour."""
    return QColor.fromRgbF(
        colour.redF() * amount + background.redF() * (1 - amount),
        colour.greenF() * amount + background.greenF() * (1 - amount),
        colour.blueF() * amount + background.blueF() * (1 - amount),
    )


def pacer_scale(kind: PhaseKind | None, fraction: float) -> float:
    """Size of the circle (or ring) as a fraction of the largest, for a phase ``fraction`` elapsed."""
    if kind is PhaseKind.INHALE:
        return SMALL + (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.BREATH_HOLD:
        return 1.0
    if kind is PhaseKind.EXHALE:
        return 1.0 - (1 - SMALL) * _ease(fraction)
    if kind is PhaseKind.TENSE:
        # Squeeze in over the first fifth of the phase, then hold tight.
        return LOOSE - (LOOSE - TIGHT) * _ease(min(1.0, fraction / TENSE_SQUEEZE))
    if kind is PhaseKind.RELAX:
        return TIGHT + (LOOSE - TIGHT) * _ease(fraction)
    return SMALL


def fraction_at_scale(kind: PhaseKind | None, scale: float) -> float:
    """The fraction of the phase at which the circle reaches ``scale`` (the inverse of :func:`pacer_scale`
    while it moves); 1.0 for a kind that does not move, or a scale it does not reach."""
    if kind is PhaseKind.INHALE:
        return _unease((scale - SMALL) / (1 - SMALL))
    if kind is PhaseKind.EXHALE:
        return _unease((1 - scale) / (1 - SMALL))
    if kind is PhaseKind.RELAX:
        return _unease((scale - TIGHT) / (LOOSE - TIGHT))
    if kind is PhaseKind.TENSE:
        return TENSE_SQUEEZE * _unease((LOOSE - scale) / (LOOSE - TIGHT))
    return 1.0


def still_changing(kind: PhaseKind | None, fraction: float) -> bool:
    """Whether the circle still moves later in this phase (else no frame timer is needed until the next)."""
    if kind in GROWING or kind is PhaseKind.EXHALE:
        return fraction < 1.0
    if kind is PhaseKind.TENSE:
        return fraction < TENSE_SQUEEZE
    return False


@dataclass
class _Look:
    """Everything a frame paints with that depends only on the size, the palette and the font."""

    centre: QPointF
    full: float
    window: QColor
    guide_pen: QPen
    guide_dashed_pen: QPen
    outer: QBrush
    inner: QBrush
    tense_pen: QPen
    tense_brush: QBrush
    relax_pen: QPen
    relax_brush: QBrush
    text_pen: QPen
    words: dict[str, tuple[QStaticText, QPointF, QFont]]
    backdrops: dict[bool, tuple[QPoint, QPixmap, QRect]] = field(default_factory=dict)


class BreathingPacer(QWidget):
    """A calm visual for breathing and PMR phases; ``set_state(kind, fraction)`` or ``follow(source)`` drives it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: PhaseKind | None = None
        self._fraction = 0.0
        self._scale = SMALL
        self._label = ""
        self._seconds: float | None = None  # real seconds the phase shown lasts, when following a session
        self._drawn: tuple[int, str, bool] | None = None  # what the last repaint asked to show
        self._painted_scale: float | None = None  # the size that repaint was for: what paintEvent draws
        self._geometry: tuple[float, QPointF] | None = None  # the largest radius, the centre
        self._look: _Look | None = None
        self._source: Source | None = None
        self._running = False
        self._frame_timer = QTimer(self)
        self._frame_timer.setObjectName("pacer_frame_timer")
        self._frame_timer.setSingleShot(True)
        self._frame_timer.setTimerType(Qt.TimerType.PreciseTimer)  # not early: an early frame finds no change
        self._frame_timer.timeout.connect(self._frame)
        self.frames = 0
        """Frame timer wake-ups so far (for tests: that nothing wakes while hidden or paused)."""
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # It paints its own background, so a breath repaints only the pacer's pixels, not the page behind.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Breathing pacer")
        self.setAccessibleDescription("")

    # --- what is shown ---------------------------------------------------------------------------------

    @property
    def kind(self) -> PhaseKind | None:
        return self._kind

    @property
    def scale(self) -> float:
        return self._scale

    @property
    def label(self) -> str:
        return self._label

    @property
    def is_relaxation(self) -> bool:
        return self._kind in PMR_KINDS

    @property
    def animating(self) -> bool:
        """Whether a frame is due (following a running session, shown, and the circle still moving)."""
        return self._frame_timer.isActive()

    @property
    def frame_interval_ms(self) -> int | None:
        """Milliseconds the next frame was armed for (None: no frame due)."""
        return self._frame_timer.interval() if self._frame_timer.isActive() else None

    def set_state(self, kind: PhaseKind | None, fraction: float, seconds: float | None = None) -> None:
        """Show ``kind`` at ``fraction`` (0..1) of the way through (of a phase ``seconds`` long in real time,
        when known); repaints only when it visibly changes."""
        if seconds is not None:
            self._seconds = seconds
        self._show(kind, fraction)
        self._schedule()

    def _show(self, kind: PhaseKind | None, fraction: float) -> None:
        if kind is not self._kind:
            self._kind = kind
            self._label = WORDS.get(kind, "") if kind is not None else ""
            self.setAccessibleDescription(self._label)
        self._fraction = fraction = min(1.0, max(0.0, fraction))
        self._scale = pacer_scale(kind, fraction)
        full, centre = self._geometry or self._measure()
        radius = full * self._scale
        look = (round(radius / STEP_PX), self._label, kind in PMR_KINDS)
        if look == self._drawn:
            return
        same_words = self._drawn is not None and self._drawn[1:] == look[1:]
        self._drawn = look
        if same_words and self._painted_scale is not None:
            # Only the circle moved: the square around the larger of the two circles (the word is inside it).
            self.update(_square(centre, full * max(self._scale, self._painted_scale) + EDGE_MARGIN))
        else:
            self.update()
        # What a paint draws from now on, whatever else asks for one (an expose), until the next visible move:
        # a circle drawn at the size in between would leave a seam at the edge of that paint.
        self._painted_scale = self._scale

    # --- following the session -------------------------------------------------------------------------

    def follow(self, source: Source | None) -> None:
        """Read the :class:`Breath` from ``source`` on each frame while animating; None stops following."""
        self._source = source
        if source is None:
            self._seconds = None
        self._schedule()

    def set_running(self, running: bool) -> None:
        """Whether the session runs: a paused or finished one runs no frame timer."""
        self._running = running
        self._schedule()

    def _should_animate(self) -> bool:
        return (self._source is not None and self._running and still_changing(self._kind, self._fraction)
                and self.isVisible() and self._exposed())

    def _exposed(self) -> bool:
        """Whether the window is on screen (a minimised one is not: nothing there to move). Its first paint on
        screen again starts the frames again."""
        handle = self.window().windowHandle()
        return handle is not None and handle.isExposed()

    def _schedule(self) -> None:
        """Arm the frame timer for the next visible move, or stop it when none is due."""
        if not self._should_animate():
            self._frame_timer.stop()
            return
        self._frame_timer.start(self._wait_ms())

    def _wait_ms(self) -> int:
        """Real milliseconds until the rim has moved ``STEP_PX`` from where it is drawn (or the phase ends), but
        at least ``FRAME_MS``; 0 when the phase's length is not known yet (a frame reads it now)."""
        seconds = self._seconds
        if seconds is None or self._drawn is None:
            return 0
        full, _ = self._geometry or self._measure()
        step = self._drawn[0] + (0.5 if self._kind in GROWING else -0.5)
        target = fraction_at_scale(self._kind, step * STEP_PX / full)
        wait = max(0.0, target - self._fraction) * seconds
        return max(FRAME_MS, math.ceil(wait * 1000) + 1)

    def _frame(self) -> None:
        self.frames += 1
        source = self._source
        if source is None:
            return
        breath = source()
        self._seconds = breath.seconds
        self._show(breath.kind, breath.fraction)
        self._schedule()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._source is not None and self._running:
            breath = self._source()  # catch up with the session at once
            self.set_state(breath.kind, breath.fraction, breath.seconds)
        else:
            self._schedule()

    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        self._schedule()
        if self._look is not None:
            self._look.backdrops.clear()  # half a megabyte of pixels the picture in front does not need

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.FontChange):
            self._look = None  # new colours or type: made again at the next paint

    # --- geometry --------------------------------------------------------------------------------------

    def _measure(self) -> tuple[float, QPointF]:
        """The largest circle's radius and the centre, kept until the next resize."""
        full = max(10.0, min(self.width(), self.height()) / 2 - 4)
        self._geometry = (full, QPointF(self.width() / 2, self.height() / 2))
        return self._geometry

    def sizeHint(self) -> QSize:
        return QSize(320, 320)

    def minimumSizeHint(self) -> QSize:
        return QSize(120, 120)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._drawn = None  # the next set_state repaints at the new size (Qt repaints now anyway)
        self._geometry = None
        self._look = None

    # --- painting --------------------------------------------------------------------------------------

    def _made_look(self) -> _Look:
        full, centre = self._geometry or self._measure()
        if self._look is not None:
            return self._look
        palette = self.palette()
        window = palette.color(QPalette.ColorRole.Window)
        accent = palette.color(QPalette.ColorRole.Highlight)
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        # Soft colours are mixed with the background up front: opaque fills are several times cheaper to
        # paint than translucent ones, and this repaints many times a second while breathing.
        guide = _mix(palette.color(QPalette.ColorRole.Mid), window, 0.5)
        guide_width = max(1.0, full * 0.012)
        words = {word: self._laid_out(word, full, centre) for word in dict.fromkeys(WORDS.values())}
        self._look = _Look(
            centre=centre, full=full, window=window,
            guide_pen=QPen(guide, guide_width, Qt.PenStyle.SolidLine),
            guide_dashed_pen=QPen(guide, guide_width, Qt.PenStyle.DashLine),
            outer=QBrush(_mix(accent, window, 0.25)), inner=QBrush(_mix(accent, window, 0.55)),
            tense_pen=QPen(_mix(accent, window, 0.95), full * 0.16),
            tense_brush=QBrush(_mix(accent, window, 0.18)),
            relax_pen=QPen(_mix(accent, window, 0.7), full * 0.045),
            relax_brush=QBrush(_mix(accent, window, 0.08)),
            text_pen=QPen(text_colour), words=words,
        )
        return self._look

    def _laid_out(self, word: str, full: float, centre: QPointF) -> tuple[QStaticText, QPointF, QFont]:
        """The word in bold, sized to the circle (and narrower than it), laid out once; where to draw it."""
        font = QFont(self.font())
        font.setPixelSize(max(12, int(full * 0.16)))
        font.setBold(True)
        metrics = QFontMetricsF(font)
        if metrics.horizontalAdvance(word) > full * 1.7:
            font.setPixelSize(max(10, int(font.pixelSize() * full * 1.7 / metrics.horizontalAdvance(word))))
            metrics = QFontMetricsF(font)
        text = QStaticText(word)
        text.setTextFormat(Qt.TextFormat.PlainText)
        text.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
        text.prepare(font=font)
        # Where drawText(box, AlignCenter) would put one line: centred on its advance and the font's height.
        top_left = QPointF(centre.x() - metrics.horizontalAdvance(word) / 2, centre.y() - metrics.height() / 2)
        return text, top_left, font

    def _backdrop(self, look: _Look) -> tuple[QPoint, QPixmap, QRect]:
        """The window colour and the faint guide for the largest size (solid, or dashed for relaxation), over
        the guide's square, drawn once per look: stroking a big circle is the costly part of a frame."""
        dashed = self._kind in PMR_KINDS
        made = look.backdrops.get(dashed)
        ratio = self.devicePixelRatioF() or 1.0
        if made is not None and made[1].devicePixelRatio() == ratio:  # not moved to a screen of another density
            return made
        square = _square(look.centre, look.full + look.guide_pen.widthF() / 2 + EDGE_MARGIN)
        pixmap = QPixmap(max(1, round(square.width() * ratio)), max(1, round(square.height() * ratio)))
        pixmap.setDevicePixelRatio(ratio)
        pixmap.fill(look.window)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.translate(-square.topLeft())
        # A faint guide for the largest size, so the growth has something to grow towards.
        painter.setPen(look.guide_dashed_pen if dashed else look.guide_pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(look.centre, look.full, look.full)
        painter.end()
        look.backdrops[dashed] = made = (square.topLeft(), pixmap, square)
        return made

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._made_look()
        origin, backdrop, square = self._backdrop(look)
        painter = QPainter(self)
        area = event.rect()
        if not square.contains(area):
            painter.fillRect(area, look.window)
        painter.drawPixmap(origin, backdrop)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        centre = look.centre
        radius = look.full * (self._scale if self._painted_scale is None else self._painted_scale)
        kind = self._kind
        if kind in PMR_KINDS:
            tense = kind is PhaseKind.TENSE
            painter.setPen(look.tense_pen if tense else look.relax_pen)
            painter.setBrush(look.tense_brush if tense else look.relax_brush)
            r = max(1.0, radius - look.full * (0.16 if tense else 0.045) / 2)
            painter.drawEllipse(centre, r, r)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(look.outer)
            painter.drawEllipse(centre, radius, radius)
            painter.setBrush(look.inner)
            painter.drawEllipse(centre, radius * 0.72, radius * 0.72)
        if self._label:
            text, top_left, font = look.words[self._label]
            painter.setFont(font)  # the font it was laid out in: drawing it then lays out nothing
            painter.setPen(look.text_pen)
            painter.drawStaticText(top_left, text)
        painter.end()
        if self._source is not None and self._running and not self._frame_timer.isActive():
            self._schedule()  # on screen again (shown, or the window restored): moving again if it should


def _square(centre: QPointF, radius: float) -> QRect:
    """The pixel square around a circle."""
    return QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius).toAlignedRect()
