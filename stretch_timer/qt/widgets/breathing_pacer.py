"""A breathing pacer: a soft circle that grows as you breathe in and shrinks as you breathe out.

For progressive muscle relaxation it shows a ring instead: tight and heavy while tensing, loosening and
widening while relaxing.

What it shows comes from the session: ``set_state(kind, fraction)`` with the phase kind and the fraction of
the phase already elapsed. To move smoothly without waking the whole page, the pacer ``follow``s a function
that reads those from the session (with the phase's length in real seconds): while the pacer is shown, the
session runs (``set_running``) and the circle still has to move in this phase, a single-shot frame timer wakes
it when the rim will next have moved ``STEP_PX`` pixels (worked out from the easing curve), but never
sooner than ``FRAME_MS`` after the last frame. The timer only wakes it; where the circle is, is always read
from the session. What rides on the frames (``follow(source, rider)``: the player's countdown ring and time
left) moves at each of them, and a frame comes by the next change the source names (the digits' next second)
when the circle would move later, so while the pacer animates its timer is the only one that wakes the player,
and each wake is one repaint of the circle's square and the countdown's changed part together. A breath
hold, a pause, the held squeeze of a tense, a hidden pacer (the stretch picture in front, a minimised window)
and a paused session run no frame timer at all (``animating_changed`` says so: the player's display tick
moves the countdown then).

Each frame is cheap, because on a loaded two-core machine every wake of the GUI thread costs a few hundred
microseconds however little it does: there is one wake per visible move, it repaints the square of the larger
circle only (one rectangle: Qt paints a region of several rectangles three times slower), the backdrop (the
window colour and the guide circle) is a pixmap made once per size and palette, and colours, pens and the
word's laid-out text are made once too, not per frame.

This module is the widget: its state, the frame timer and its events. How big the circle is when, and how
long until it next visibly moves, is :mod:`.pacer_frames`; the colours, the backdrop and painting a frame
are :mod:`.pacer_drawing`. Their public names are importable from here too.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QHideEvent, QPainter, QPaintEvent, QResizeEvent, QShowEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.plan import PhaseKind
from stretch_timer.qt.widgets.pacer_drawing import (
    EDGE_MARGIN,
    WORDS,
    Look,
    _mix,
    make_backdrop,
    make_look,
    paint_pacer,
    square,
)
from stretch_timer.qt.widgets.pacer_frames import (
    FRAME_MS,
    GROWING,
    LOOSE,
    PMR_KINDS,
    RIDE_MIN_PX,
    RIDE_SLACK_MS,
    SHRINKING,
    SMALL,
    STEP_PX,
    TENSE_SQUEEZE,
    TIGHT,
    fraction_at_scale,
    next_wake_ms,
    pacer_scale,
    still_changing,
    wait_ms,
)

__all__ = [
    "EDGE_MARGIN",
    "FRAME_MS",
    "GROWING",
    "LOOSE",
    "PMR_KINDS",
    "RIDE_MIN_PX",
    "RIDE_SLACK_MS",
    "SHRINKING",
    "SMALL",
    "STEP_PX",
    "TENSE_SQUEEZE",
    "TIGHT",
    "WORDS",
    "Breath",
    "BreathingPacer",
    "Rider",
    "Source",
    "_mix",
    "fraction_at_scale",
    "pacer_scale",
    "still_changing",
]


class Breath(NamedTuple):
    """Where the session is, for the pacer: the phase kind, the fraction of it elapsed, how many real seconds
    the whole phase lasts (so the pacer knows when its circle will next have visibly moved), and, when
    something rides on the pacer's frames (see ``follow``), how many real seconds from now it next changes."""

    kind: PhaseKind | None
    fraction: float
    seconds: float
    due: float | None = None


_EARLY_PX = 0.05
"""A frame timed for the moment the rim has moved a step may find it a hair short of it: it repaints all the same."""
_SETTLED_PX = 0.25
"""Once the circle stops moving in a phase (its end, a tense's held squeeze), a move this small is still drawn,
so it rests exactly at its size."""


Source = Callable[[], Breath]
"""Reads the :class:`Breath` from the session, now."""

Rider = Callable[[], None]
"""Moves what rides on the pacer's frames (the player's countdown) from the session, now."""


class BreathingPacer(QWidget):
    """A calm visual for breathing and PMR phases; ``set_state(kind, fraction)`` or ``follow(source)`` drives it."""

    animating_changed = Signal(bool)
    """The frame timer started or stopped for good (not between two frames): what rides on the frames needs
    another way to move while it is off."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._kind: PhaseKind | None = None
        self._fraction = 0.0
        self._scale = SMALL
        self._label = ""
        self._seconds: float | None = None  # real seconds the phase shown lasts, when following a session
        self._drawn: tuple[float, str, bool] | None = None  # what the last repaint asked to show (the radius)
        self._painted_scale: float | None = None  # the size that repaint was for: what paintEvent draws
        self._geometry: tuple[float, QPointF] | None = None  # the largest radius, the centre
        self._look: Look | None = None
        self._source: Source | None = None
        self._rider: Rider | None = None
        self._running = False
        self._animating = False  # what animating_changed last said
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
    def word_pixel_size(self) -> int:
        """The pixel size the word in the circle is drawn at (0 when there is none)."""
        if not self._label:
            return 0
        return self._made_look().words[self._label][2].pixelSize()

    @property
    def drawn_radius(self) -> float | None:
        """The radius of the circle the last repaint drew, in pixels (None before the first)."""
        return self._drawn[0] if self._drawn is not None else None

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
        when known); repaints only when it visibly changes (its rim a pixel or more from where it was drawn)."""
        if seconds is not None:
            self._seconds = seconds
        self._show(kind, fraction, RIDE_MIN_PX)
        self._schedule()

    def _show(self, kind: PhaseKind | None, fraction: float, least: float) -> None:
        """Show ``kind`` at ``fraction``; repaint when the words change or the rim has moved ``least`` pixels
        from where it was drawn (any visible move once it has stopped moving in this phase)."""
        if kind is not self._kind:
            self._kind = kind
            self._label = WORDS.get(kind, "") if kind is not None else ""
            self.setAccessibleDescription(self._label)
        self._fraction = fraction = min(1.0, max(0.0, fraction))
        self._scale = pacer_scale(kind, fraction)
        full, centre = self._geometry or self._measure()
        radius = full * self._scale
        drawn = self._drawn
        if drawn is not None and drawn[1:] == (self._label, kind in PMR_KINDS):
            if not still_changing(kind, fraction):
                least = _SETTLED_PX  # where it comes to rest, exactly
            if abs(radius - drawn[0]) < least - _EARLY_PX:
                return
            same_words = True
        else:
            same_words = False
        self._drawn = (radius, self._label, kind in PMR_KINDS)
        if same_words and self._painted_scale is not None:
            # Only the circle moved: the square around the larger of the two circles (the word is inside it).
            self.update(square(centre, full * max(self._scale, self._painted_scale) + EDGE_MARGIN))
        else:
            self.update()
        # What a paint draws from now on, whatever else asks for one (an expose), until the next visible move:
        # a circle drawn at the size in between would leave a seam at the edge of that paint.
        self._painted_scale = self._scale

    # --- following the session -------------------------------------------------------------------------

    def follow(self, source: Source | None, rider: Rider | None = None) -> None:
        """Read the :class:`Breath` from ``source`` on each frame while animating; None stops following.

        ``rider`` rides on the frames: each frame calls it first (it moves the player's countdown), and a frame
        comes by the moment the breath's ``due`` names (the next change of the digits) even when the circle
        would not move before then, so nothing else needs to wake the GUI thread while the pacer animates."""
        self._source = source
        self._rider = rider if source is not None else None
        if source is None:
            self._seconds = None
        self._schedule()

    @property
    def rides(self) -> bool:
        """Whether something rides on the frames and the frames run: it moves on them, needing no other wake."""
        return self._rider is not None and self._frame_timer.isActive()

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

    def _schedule(self, breath: Breath | None = None) -> None:
        """Arm the frame timer for the next visible move, or for what rides on the frames (read from
        ``breath``, or from the source now), whichever comes first; or stop it when no move is due."""
        if not self._should_animate():
            self._frame_timer.stop()
            self._tell_animating(False)
            return
        due: float | None = None
        if self._rider is not None and self._source is not None:
            due = (breath or self._source()).due
        self._frame_timer.start(next_wake_ms(self._wait_ms(), due))
        self._tell_animating(True)

    def _tell_animating(self, animating: bool) -> None:
        if animating is not self._animating:
            self._animating = animating
            self.animating_changed.emit(animating)

    def _wait_ms(self) -> int:
        """Real milliseconds until the rim has moved ``STEP_PX`` from where it is drawn (or the phase ends), but
        at least ``FRAME_MS``; 0 when the phase's length is not known yet (a frame reads it now)."""
        seconds = self._seconds
        if seconds is None or self._drawn is None:
            return 0
        full, _ = self._geometry or self._measure()
        return wait_ms(self._kind, self._drawn[0], self._fraction, seconds, full)

    def _frame(self) -> None:
        self.frames += 1
        source = self._source
        if source is None:
            return
        rider = self._rider
        if rider is not None:
            rider()
        breath = source()
        self._seconds = breath.seconds
        # A wake the circle's own step did not ask for (the digits') still moves it when it has visibly moved:
        # painted in the same repaint, and its next frame is a whole step on from there.
        self._show(breath.kind, breath.fraction, RIDE_MIN_PX if rider is not None else STEP_PX)
        self._schedule(breath)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._source is not None and self._running:
            breath = self._source()  # catch up with the session at once
            self._seconds = breath.seconds
            self._show(breath.kind, breath.fraction, RIDE_MIN_PX)
            self._schedule(breath)
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

    def _made_look(self) -> Look:
        full, centre = self._geometry or self._measure()
        if self._look is None:
            self._look = make_look(self.palette(), self.font(), full, centre)
        return self._look

    def paintEvent(self, event: QPaintEvent) -> None:
        look = self._made_look()
        radius = look.full * (self._scale if self._painted_scale is None else self._painted_scale)
        backdrop = make_backdrop(look, self._kind in PMR_KINDS, self.devicePixelRatioF() or 1.0)
        painter = QPainter(self)
        paint_pacer(painter, look, backdrop, event.rect(), self._kind, radius, self._label)
        painter.end()
        if self._source is not None and self._running and not self._frame_timer.isActive():
            self._schedule()  # on screen again (shown, or the window restored): moving again if it should
