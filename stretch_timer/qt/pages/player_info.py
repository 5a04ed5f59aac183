"""The player's information panel: where am I, what do I do now, what comes next.

Split from the player page so the page deals with the driver and the person's intents, and this deals with
showing a phase: the stretch's name (and, when the phase's words do not say it, the side on a chip), the step,
the time left, the phase in the biggest type with the side's words in the accent colour, the picture (mirrored
for the other side) or the breathing pacer, the how-to, the countdown ring and what comes next. It only
renders what it is given; it never computes time. Its widgets are the page's own children, built in the page's
order, so the widget tree, the tab order and the layout are those of one page.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import Facing, Routine, Stretch
from stretch_timer.core.plan import Phase, PhaseKind, Side
from stretch_timer.qt.widgets.breathing_pacer import Breath, BreathingPacer
from stretch_timer.qt.widgets.countdown_ring import CountdownRing, next_visible_change, whole_seconds_change_in
from stretch_timer.qt.widgets.labels import role_label
from stretch_timer.qt.widgets.picture_file import picture_for
from stretch_timer.qt.widgets.pose_view import PoseView

PACED_KINDS = frozenset({
    PhaseKind.INHALE, PhaseKind.BREATH_HOLD, PhaseKind.EXHALE, PhaseKind.PAUSE, PhaseKind.TENSE, PhaseKind.RELAX,
})
"""Phases that show the breathing pacer instead of the stretch picture."""


def mirror_for(stretch: Stretch | None, side: Side | None) -> bool:
    """Mirror a picture drawn facing one way when the other side is being worked."""
    if stretch is None or side is None:
        return False
    return (stretch.faces is Facing.RIGHT and side is Side.LEFT) or (
        stretch.faces is Facing.LEFT and side is Side.RIGHT
    )


def step_text(phase: Phase) -> str:
    """ "Step 3 of 7", with "· Set 2 of 2" for repeated holds and "· Breath 2 of 6" while breathing."""
    parts = []
    if phase.step_count:
        parts.append(f"Step {(phase.step_index or 0) + 1} of {phase.step_count}")
    if phase.set_count and phase.set_count > 1 and phase.set_index:
        parts.append(f"Set {phase.set_index} of {phase.set_count}")
    if phase.cycle_count and phase.cycle and phase.kind in PACED_KINDS:
        parts.append(f"Breath {phase.cycle} of {phase.cycle_count}")
    return " · ".join(parts)


def side_text(side: Side | None) -> str:
    return f"{side.value.capitalize()} leg" if side is not None else ""


def side_words(phase: Phase) -> str:
    """The words in the phase label that name the side ("right leg"), if it names one."""
    if phase.side is None:
        return ""
    words = side_text(phase.side).lower()
    return words if words in phase.label.lower() else ""


def set_text(label: QLabel, text: str) -> None:
    """Only touch a label whose text really changes (a changed label relayouts and repaints)."""
    if label.text() != text:
        label.setText(text)


def make_label(parent: QWidget, field: str, *, wrap: bool = False, role: str = "") -> QLabel:
    """A plain-text label (the stretch's words come from a file, see :func:`role_label`) for ``field``.

    Its objectName is the field in kebab-case ("Time left" → ``time-left``): a stable handle for tests and
    styling. It gets no accessible name: a screen reader reads a label's accessible name *instead of* its text
    (it would say "Time left", never "2:10 left"), and Qt tells assistive technology that a label's text
    changed only while the label has no accessible name of its own.
    """
    label = role_label(role=role, wrap=wrap, parent=parent)
    label.setObjectName(field.lower().replace(" ", "-"))
    return label


class PlayerInfo:
    """Builds the header, the phase and the body (picture or pacer, how-to, ring, next up) on ``page``."""

    def __init__(self, page: QWidget, root: QVBoxLayout) -> None:
        self._page = page
        self.phase: Phase | None = None
        self.stretch: Stretch | None = None
        self._session: Any | None = None  # what the pacer's frames read (see follow)

        # Where am I: the stretch (and, when the phase's words do not say it, the side), the step, the time left.
        header = QHBoxLayout()
        header.setSpacing(20)
        self.name_label = make_label(page, "Stretch name", role="stretch-name")
        self.name_label.setMinimumWidth(1)  # a long name is cut rather than widening the window
        self.side_label = make_label(page, "Side", role="side")
        self.side_label.setStyleSheet(
            "QLabel { background: palette(highlight); color: palette(highlighted-text);"
            " border-radius: 8px; padding: 2px 14px; }"
        )
        self.side_label.hide()
        self.step_label = make_label(page, "Step progress", role="meta")
        self.total_label = make_label(page, "Time left", role="meta")
        header.addWidget(self.name_label, 0)
        header.addWidget(self.side_label, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addStretch(1)
        header.addWidget(self.step_label)
        header.addWidget(self.total_label)
        root.addLayout(header)

        # What to do now, in the biggest type; the side's words in the accent colour. Rich text, so every word
        # from the file in it (a muscle group's name) is escaped; so are the how-to's below.
        self.phase_label = make_label(page, "Phase", wrap=True, role="phase")
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.phase_label)

        # The picture (or the pacer) large on the left with the how-to under it; the ring on the right.
        body = QHBoxLayout()
        body.setSpacing(28)
        left = QVBoxLayout()
        left.setSpacing(12)
        self.visual = QStackedWidget(page)
        self.pose_view = PoseView(self.visual)
        self.pacer = BreathingPacer(self.visual)
        self.visual.addWidget(self.pose_view)
        self.visual.addWidget(self.pacer)
        self.visual.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.instructions_label = make_label(page, "Instructions", wrap=True, role="instructions")
        self.instructions_label.setTextFormat(Qt.TextFormat.RichText)
        self.instructions_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        self.instructions_label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Maximum)
        left.addWidget(self.visual, 1)
        left.addWidget(self.instructions_label, 0)

        right = QVBoxLayout()
        right.setSpacing(10)
        self.ring = CountdownRing(page)
        self.next_label = make_label(page, "Next up", wrap=True, role="next")
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        right.addWidget(self.ring, 1)
        right.addWidget(self.next_label, 0)
        body.addLayout(left, 3)
        body.addLayout(right, 2)
        root.addLayout(body, 1)

    def apply_fonts(self, font: Callable[..., QFont]) -> None:
        """Set each label's type from ``font(key, bold=...)`` (the page's scale for its size and large type)."""
        self.phase_label.setFont(font("phase", bold=True))
        self.side_label.setFont(font("side", bold=True))
        self.name_label.setFont(font("name", bold=True))
        self.step_label.setFont(font("meta"))
        self.total_label.setFont(font("meta"))
        self.next_label.setFont(font("next"))
        self.instructions_label.setFont(font("instructions"))

    def fix_total_size(self) -> None:
        """ "12:30 left" changes every second: a fixed size keeps that from relayouting the page each time."""
        metrics = QFontMetrics(self.total_label.font())
        self.total_label.setFixedSize(metrics.horizontalAdvance("88:88 left") + 4, metrics.height())
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def clear(self) -> None:
        """Forget the phase shown (a new run is attached)."""
        self.phase = self.stretch = None

    def show_phase(self, phase: Phase, routine: Routine | None) -> None:
        """Words, side chip, picture or pacer and how-to for ``phase`` (the ring moves with ``show_time``)."""
        self.phase = phase
        stretch = phase.stretch
        routine_name = routine.name if routine is not None else ""
        set_text(self.name_label, stretch.name if stretch is not None else routine_name)
        set_text(self.step_label, step_text(phase))
        self.render_phase_label()
        # The side on a chip when the phase's own words do not name it (get ready, rest, switch sides).
        side = side_text(phase.side)
        chip = side if side and not side_words(phase) else ""
        set_text(self.side_label, chip)
        self.side_label.setVisible(bool(chip))
        set_text(self.next_label, phase.next_label)
        if phase.kind in PACED_KINDS:
            self.visual.setCurrentWidget(self.pacer)
        else:
            self.visual.setCurrentWidget(self.pose_view)
            self.pose_view.set_image(picture_for(stretch), mirror_for(stretch, phase.side),
                                     name=stretch.name if stretch is not None else "")
        if stretch != self.stretch:
            self.stretch = stretch
            self.render_instructions(force=True)

    def render_phase_label(self) -> None:
        phase = self.phase
        if phase is None:
            set_text(self.phase_label, "")
            return
        text = escape(phase.label)
        words = side_words(phase)
        if words:
            at = phase.label.lower().rindex(words)
            accent = self._page.palette().color(QPalette.ColorRole.Highlight).name()
            text = (f"{escape(phase.label[:at])}<span style='color:{accent}'>"
                    f"{escape(phase.label[at:at + len(words)])}</span>{escape(phase.label[at + len(words):])}")
        set_text(self.phase_label, text)  # read aloud as plain text ("Hold — right leg"), Qt drops the markup

    def render_instructions(self, *, force: bool = False) -> None:
        stretch = self.stretch
        if stretch is None:
            set_text(self.instructions_label, "")
            return
        palette = self._page.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        soft = QColor.fromRgbF(
            text_colour.redF() * 0.68 + window.redF() * 0.32,
            text_colour.greenF() * 0.68 + window.greenF() * 0.32,
            text_colour.blueF() * 0.68 + window.blueF() * 0.32,
        )
        items = "".join(f"<li style='margin-bottom:3px'>{escape(line)}</li>" for line in stretch.instructions)
        html = f"<ol style='margin-left:0px; -qt-list-indent:1'>{items}</ol>" if items else ""
        if stretch.safety:
            html += f"<p style='color:{soft.name()}; margin-top:2px'><i>{escape(stretch.safety)}</i></p>"
        if force or self.instructions_label.text() != html:
            set_text(self.instructions_label, html)

    def display_due(self, session: Any) -> float | None:
        """Clock seconds until what the display ticks move next changes (the ring's digits or arc, the time
        left). The pacer is not among them: it animates on its own frames (see ``follow``), so a breathing step
        wakes the page as seldom as a hold does."""
        phase = session.phase
        return min(next_visible_change(session.remaining, phase.duration),
                   whole_seconds_change_in(session.total_remaining))

    def follow(self, session: Any | None) -> None:
        """Let the pacer read ``session`` on its own frames (None: stop, the run is let go of)."""
        self._session = session
        self.pacer.follow(self._breath if session is not None else None)

    def set_running(self, running: bool) -> None:
        """The session runs, or not (paused, finished): a pacer that is not running runs no frame timer."""
        self.pacer.set_running(running)

    def _breath(self) -> Breath:
        """Where the session is, for the pacer's frames; once the session has moved on to a phase without the
        pacer, the end of the one shown (the page swaps the picture in a moment)."""
        session = self._session
        if session is None:
            return Breath(self.pacer.kind, 1.0, 0.0)
        position = session.position
        timeline = session.timeline
        phase = timeline.phases[timeline.phase_at(position)]
        if phase.kind not in PACED_KINDS or phase.duration <= 0:
            return Breath(self.pacer.kind, 1.0, 0.0)
        return Breath(phase.kind, 1.0 - max(0.0, phase.end - position) / phase.duration,
                      _real_seconds(session, phase.duration))

    def show_time(self, session: Any) -> None:
        """Move the ring, the pacer and the time left from the session's own numbers."""
        phase = session.phase
        remaining = session.remaining
        self.ring.set_time(remaining, phase.duration)
        if phase.kind in PACED_KINDS:
            elapsed = 1.0 - remaining / phase.duration if phase.duration > 0 else 1.0
            self.pacer.set_state(phase.kind, elapsed, _real_seconds(session, phase.duration))
        set_text(self.total_label, f"{format_clock(session.total_remaining)} left")


def _real_seconds(session: Any, seconds: float) -> float:
    """Clock seconds as real seconds: a clock that runs faster (tests, demos) says so with ``rate``."""
    return seconds / (float(getattr(session.clock, "rate", 1.0)) or 1.0)
