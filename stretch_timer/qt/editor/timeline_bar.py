"""A compact picture of the run the draft makes: one coloured segment per phase, as long as the phase.

It comes from the same planner ``stretch-timer show`` and the player use, so what the editor previews is what
will play. Colours come from the palette (they follow the theme); the accessible description says the same in
words.
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize
from PySide6.QtGui import QPainter, QPaintEvent, QPalette
from PySide6.QtWidgets import QSizePolicy, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.plan import TRANSITION_KINDS, PhaseKind, Timeline

_WORDS = {
    PhaseKind.PREPARE: "get ready", PhaseKind.HOLD: "hold", PhaseKind.SWITCH: "switch", PhaseKind.REST: "rest",
    PhaseKind.INHALE: "breathe in", PhaseKind.BREATH_HOLD: "hold breath", PhaseKind.EXHALE: "breathe out",
    PhaseKind.PAUSE: "pause", PhaseKind.TENSE: "tense", PhaseKind.RELAX: "relax",
}
_BREATH = frozenset({PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE, PhaseKind.PAUSE})


def describe(timeline: Timeline | None) -> str:
    """The timeline in words, step by step: "Get ready 0:05; Calf stretch: hold 0:30 …"."""
    if timeline is None:
        return "No timeline: the routine cannot be planned until its problems are fixed."
    parts: list[str] = []
    for phase in timeline.phases:
        parts.append(f"{_WORDS[phase.kind]} {format_clock(phase.duration)}")
    return f"Total {format_clock(timeline.total)}: " + ", ".join(parts)


class TimelineBar(QWidget):
    """Proportional segments: work in the highlight colour, breathing and relaxing in the link colour, rests
    and switches in a quiet one."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Timeline preview")
        self.timeline: Timeline | None = None
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.setMinimumWidth(120)
        self.set_timeline(None)

    def sizeHint(self) -> QSize:
        return QSize(320, max(14, self.fontMetrics().height()))

    def set_timeline(self, timeline: Timeline | None) -> None:
        self.timeline = timeline
        text = describe(timeline)
        self.setAccessibleDescription(text)
        self.setToolTip(text if len(text) < 400 else text[:400] + "…")
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        palette = self.palette()
        rect = QRectF(self.rect()).adjusted(0.5, 0.5, -0.5, -0.5)
        painter.setPen(palette.color(QPalette.ColorRole.Mid))
        painter.setBrush(palette.color(QPalette.ColorRole.Base))
        painter.drawRect(rect)
        timeline = self.timeline
        if timeline is None or timeline.total <= 0:
            return
        painter.setPen(palette.color(QPalette.ColorRole.Base))
        scale = (rect.width() - 2) / timeline.total
        for phase in timeline.phases:
            if phase.kind in TRANSITION_KINDS:
                colour = palette.color(QPalette.ColorRole.Mid)
            elif phase.kind in _BREATH or phase.kind in (PhaseKind.TENSE, PhaseKind.RELAX):
                colour = palette.color(QPalette.ColorRole.Link)
            else:
                colour = palette.color(QPalette.ColorRole.Highlight)
            painter.setBrush(colour)
            left = rect.left() + 1 + phase.start * scale
            painter.drawRect(QRectF(left, rect.top() + 1, max(1.0, phase.duration * scale), rect.height() - 2))
