"""The player's information panel: where am I, what do I do now, what comes next.

Split from the player page so the page deals with the driver and the person's intents, and this deals with
showing a phase: the stretch's name (and, when the phase's words do not say it, the side on a chip), the step,
the time left, the phase in the biggest type with the side's words in the accent colour, the picture (mirrored
for the other side) or the breathing pacer, the how-to (and the step's own note under it, small and muted: the
how-to block, :mod:`~stretch_timer.qt.pages.player_how_to`), the countdown ring (counting up in a hold held
until the cramp lets go) and what comes next. It only
renders what it is given; it never computes time. Its widgets are the page's own children, built in the page's
order, so the widget tree, the tab order and the layout are those of one page.

On a landscape window the body is three columns (picture, how-to, ring), so a long how-to takes the height
beside the picture instead of the height under it; on a narrow one the how-to goes under the picture and the
ring. Which, and how big the type is, the page's sizing decides (:mod:`~stretch_timer.qt.pages.player_sizing`).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from html import escape
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPalette
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QLabel, QSizePolicy, QStackedWidget, QVBoxLayout, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import Routine, Stretch
from stretch_timer.core.plan import Phase
from stretch_timer.qt.pages.player_how_to import PlayerHowTo
from stretch_timer.qt.pages.player_labels import ignore_width, make_label, set_text
from stretch_timer.qt.pages.player_words import PACED_KINDS, mirror_for, next_text, side_text, side_words, step_text
from stretch_timer.qt.widgets.breathing_pacer import Breath, BreathingPacer
from stretch_timer.qt.widgets.countdown_ring import (
    CountdownRing,
    count_up_change_in,
    next_visible_change,
    whole_seconds_change_in,
)
from stretch_timer.qt.widgets.labels import plain_tooltip
from stretch_timer.qt.widgets.picture_file import picture_for
from stretch_timer.qt.widgets.pose_view import PoseView


class PlayerInfo:
    """Builds the header, the phase and the body (picture or pacer, how-to, ring, next up) on ``page``."""

    def __init__(self, page: QWidget, root: QVBoxLayout) -> None:
        self._page = page
        self.phase: Phase | None = None
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
        # It changes every second: filling its own background (the page's window colour) makes it opaque, so
        # that repaint is the label's alone, not the page's, the stack's and the window's behind it too.
        self.total_label.setAutoFillBackground(True)
        self.name_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Preferred)
        self._name_elider = _Elider(self.name_label)
        header.addWidget(self.name_label, 1)
        header.addWidget(self.side_label, 0, Qt.AlignmentFlag.AlignVCenter)
        header.addWidget(self.step_label)
        header.addWidget(self.total_label)
        self.header = header
        root.addLayout(header)

        # What to do now, in the biggest type; the side's words in the accent colour. Rich text, so every word
        # from the file in it (a muscle group's name) is escaped; so are the how-to's below.
        self.phase_label = make_label(page, "Phase", wrap=True, role="phase")
        self.phase_label.setTextFormat(Qt.TextFormat.RichText)
        root.addWidget(self.phase_label)

        # The picture (or the pacer) large on the left, the how-to beside it (or under it), the ring on the right.
        body = self.body = QGridLayout()
        body.setHorizontalSpacing(28)
        body.setVerticalSpacing(12)
        self.visual = QStackedWidget(page)
        self.pose_view = PoseView(self.visual)
        self.pacer = BreathingPacer(self.visual)
        self.visual.addWidget(self.pose_view)
        self.visual.addWidget(self.pacer)
        # Ignored widths: the columns split the width by their stretch alone, whatever the words in them.
        self.visual.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.how_to = PlayerHowTo(page)
        self.instructions_label = self.how_to.instructions_label
        self.note_label = self.how_to.note_label
        self.how_to_box = self.how_to.box
        self.how_to_panel: QWidget | None = None  # what stands in for the how-to (the ease-off panel)

        self.right = QVBoxLayout()
        self.right.setSpacing(10)
        self.ring = CountdownRing(page)
        self.ring.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)  # the sizing keeps it big
        self.next_label = make_label(page, "Next up", wrap=True, role="next")
        self.next_label.setAlignment(Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop)
        ignore_width(self.next_label, QSizePolicy.Policy.Preferred)
        self.right.addWidget(self.ring, 1)
        self.right.addWidget(self.next_label, 0)
        self.wide: bool | None = None
        self.arrange(wide=True)
        root.addLayout(body, 1)

    def arrange(self, *, wide: bool) -> None:
        """Three columns (picture, how-to, ring) when ``wide``; else the how-to under the picture and the ring."""
        if wide == self.wide:
            return
        self.wide = wide
        body = self.body
        cell = [self.how_to_panel] if self.how_to_panel is not None else []
        for widget in (self.visual, *cell):
            body.removeWidget(widget)
        body.removeItem(self.how_to_box)
        body.removeItem(self.right)
        for column in range(3):
            body.setColumnStretch(column, 0)
        for row in range(2):
            body.setRowStretch(row, 0)
        body.addWidget(self.visual, 0, 0)
        if wide:
            body.addLayout(self.how_to_box, 0, 1)
            for widget in cell:
                body.addWidget(widget, 0, 1)
            body.addLayout(self.right, 0, 2)
            body.setColumnStretch(0, 38)
            body.setColumnStretch(1, 34)
            body.setColumnStretch(2, 28)
            body.setRowStretch(0, 1)
        else:  # the how-to under both, as wide as the page: fewer lines
            body.addLayout(self.how_to_box, 1, 0, 1, 2)
            for widget in cell:
                body.addWidget(widget, 1, 0, 1, 2)
            body.addLayout(self.right, 0, 1)
            body.setColumnStretch(0, 3)
            body.setColumnStretch(1, 2)
            body.setRowStretch(0, 1)

    def set_how_to_panel(self, panel: QWidget) -> None:
        """``panel`` (the ease-off panel) takes the how-to's place while it is shown."""
        self.how_to_panel = panel
        ignore_width(panel, QSizePolicy.Policy.Preferred)
        wide, self.wide = self.wide, None
        self.arrange(wide=bool(wide))

    def show_how_to(self, shown: bool) -> None:
        """The how-to, or (``shown`` False) the panel standing in for it."""
        self.how_to.set_shown(shown)

    def apply_fonts(self, font: Callable[..., QFont]) -> None:
        """Set each label's type from ``font(key, bold=...)`` (the page's scale for its size and large type)."""
        self.phase_label.setFont(font("phase", bold=True))
        self.side_label.setFont(font("side", bold=True))
        self.name_label.setFont(font("name", bold=True))
        self.step_label.setFont(font("meta"))
        self.total_label.setFont(font("meta"))
        self.next_label.setFont(font("next"))
        self.apply_how_to_font(font("instructions"))
        self._name_elider.refresh()

    def apply_how_to_font(self, font: QFont) -> None:
        """The how-to's type alone (the sizing shrinks it a little before everything else)."""
        self.how_to.apply_font(font)

    def fix_total_size(self) -> None:
        """ "12:30 left" changes every second: a fixed size keeps that from relayouting the page each time."""
        metrics = QFontMetrics(self.total_label.font())
        self.total_label.setFixedSize(metrics.horizontalAdvance("88:88 left") + 4, metrics.height())
        self.total_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)

    def set_run(self, routine: Routine) -> None:
        """What the sizing must make room for in ``routine``: its how-tos, and its steps' notes under them."""
        self.how_to.set_run(routine)

    @property
    def stretch(self) -> Stretch | None:
        """The stretch whose how-to is shown."""
        return self.how_to.stretch

    @property
    def how_tos(self) -> tuple[Stretch, ...]:
        """The run's how-tos, each once."""
        return self.how_to.how_tos

    def clear(self) -> None:
        """Forget the phase shown (a new run is attached)."""
        self.phase = None
        self.how_to.stretch = None

    def show_phase(self, phase: Phase, routine: Routine | None, following: Phase | None = None) -> None:
        """Words, side chip, picture or pacer and how-to for ``phase`` (the ring moves with ``show_time``);
        ``following`` is the phase after it, for the "Next" line."""
        self.phase = phase
        stretch = phase.stretch
        routine_name = routine.name if routine is not None else ""
        self._name_elider.set_text(stretch.name if stretch is not None else routine_name)
        set_text(self.step_label, step_text(phase))
        self.render_phase_label()
        # The side on a chip when the phase's own words do not name it (get ready, rest, switch sides).
        side = side_text(phase.side)
        chip = side if side and not side_words(phase) else ""
        set_text(self.side_label, chip)
        self.side_label.setVisible(bool(chip))
        set_text(self.next_label, next_text(phase, following))
        if phase.kind in PACED_KINDS:
            self.visual.setCurrentWidget(self.pacer)
        else:
            self.visual.setCurrentWidget(self.pose_view)
            self.pose_view.set_image(picture_for(stretch), mirror_for(stretch, phase.side),
                                     name=stretch.name if stretch is not None else "")
        self.how_to.show_stretch(stretch)
        self.how_to.show_note(routine, phase)

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
        self.how_to.render(force=force)

    def longest_how_to(self, width: int) -> int:
        """The height the tallest how-to of the run needs at ``width`` (see :meth:`PlayerHowTo.longest`): the
        sizing makes room for it, so the type stays the same from step to step."""
        return self.how_to.longest(width)

    def how_to_html(self, stretch: Stretch) -> str:
        """The numbered how-to and the safety line in a softer colour, every word from the file escaped."""
        return self.how_to.html(stretch)

    def display_due(self, session: Any) -> float | None:
        """Clock seconds until what the display ticks move next changes (the ring's digits or arc, the time
        left); ``math.inf`` while the pacer animates: the ring and the time left ride on its frames then (see
        ``follow``), so a breathing step wakes the GUI thread once per frame, not once more for the ring."""
        if self.pacer.rides:
            return math.inf
        phase = session.phase
        if phase.open_ended:  # counting up
            ring = count_up_change_in(session.elapsed_in_phase, phase.duration)
        else:
            ring = next_visible_change(session.remaining, phase.duration)
        return min(ring, whole_seconds_change_in(session.total_remaining))

    @staticmethod
    def digits_due(session: Any) -> float:
        """Clock seconds until the digits that ride on the pacer's frames next change: the ring's seconds or
        the time left. (The arc moves on the frames as they come: it steps at the first frame past its step.)"""
        if session.phase.open_ended:
            elapsed = session.elapsed_in_phase
            ring = math.floor(elapsed + 1e-9) + 1 - elapsed  # its next whole second gone
        else:
            ring = whole_seconds_change_in(session.remaining)
        return min(ring, whole_seconds_change_in(session.total_remaining))

    def follow(self, session: Any | None) -> None:
        """Let the pacer read ``session`` on its own frames (None: stop, the run is let go of); the ring and the
        time left ride on them (:meth:`move_display`)."""
        self._session = session
        if session is None:
            self.pacer.follow(None)
        else:
            self.pacer.follow(self._breath, self._ride)

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
        due = _real_seconds(session, self.digits_due(session))
        if phase.kind not in PACED_KINDS or phase.duration <= 0:
            return Breath(self.pacer.kind, 1.0, 0.0, due)
        return Breath(phase.kind, 1.0 - max(0.0, phase.end - position) / phase.duration,
                      _real_seconds(session, phase.duration), due)

    def _ride(self) -> None:
        """A pacer frame: the ring and the time left move with it."""
        if self._session is not None:
            self.move_display(self._session)

    def show_time(self, session: Any) -> None:
        """Move the ring, the pacer and the time left from the session's own numbers."""
        phase = session.phase
        self.move_display(session)
        if phase.kind in PACED_KINDS:
            remaining = session.remaining
            elapsed = 1.0 - remaining / phase.duration if phase.duration > 0 else 1.0
            self.pacer.set_state(phase.kind, elapsed, _real_seconds(session, phase.duration))

    def move_display(self, session: Any) -> None:
        """Move the ring and the time left (not the pacer) from the session's own numbers."""
        phase = session.phase
        if phase.open_ended:  # held until the cramp lets go: the time gone, measured by the session
            self.ring.set_count_up(session.elapsed_in_phase, phase.duration)
        else:
            self.ring.set_time(session.remaining, phase.duration)
        set_text(self.total_label, f"{format_clock(session.total_remaining)} left")


class _Elider(QObject):
    """Keeps a one-line label's text within its width: cut with "…" and the whole text in the tooltip when a
    long name would not fit (instead of pushing the step and the time off the header)."""

    def __init__(self, label: QLabel) -> None:
        super().__init__(label)
        self._label = label
        self._text = label.text()
        label.installEventFilter(self)

    @property
    def text(self) -> str:
        return self._text

    def set_text(self, text: str) -> None:
        self._text = text
        self.refresh()

    def refresh(self) -> None:
        label = self._label
        width = label.contentsRect().width()
        metrics = label.fontMetrics()
        shown = self._text
        if width > 0 and metrics.horizontalAdvance(shown) > width:
            shown = metrics.elidedText(shown, Qt.TextElideMode.ElideRight, width)
        set_text(label, shown)
        tip = plain_tooltip(self._text) if shown != self._text else ""
        if label.toolTip() != tip:
            label.setToolTip(tip)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.FontChange):
            self.refresh()
        return False


def _real_seconds(session: Any, seconds: float) -> float:
    """Clock seconds as real seconds: a clock that runs faster (tests, demos) says so with ``rate``."""
    return seconds / (float(getattr(session.clock, "rate", 1.0)) or 1.0)
