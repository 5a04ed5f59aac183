"""A routine before it starts: what it is, how long, what to have ready, each step with its time; then Start."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core import spoken
from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import Routine, Sides, Step, StepKind
from stretch_timer.core.muscles import MUSCLE_NAMES
from stretch_timer.core.plan import Timeline, plan
from stretch_timer.qt.pages.library_page import CONTENT_WIDTH
from stretch_timer.qt.pages.thumbnail import Thumbnail, picture_for
from stretch_timer.qt.widgets.centred_column import centred_column
from stretch_timer.qt.widgets.labels import command_button, role_label


def _seconds(value: float) -> str:
    whole = round(value)
    return f"{whole} s" if whole < 60 else format_clock(whole)


def step_detail(step: Step) -> str:
    """What one step asks for, in a few words: "2 × 30 s each side", "6 breaths", "4 muscle groups"."""
    if step.kind is StepKind.BREATHING:
        b = step.breathing
        assert b is not None
        parts = [f"in {_seconds(b.inhale)}"]
        if b.hold:
            parts.append(f"hold {_seconds(b.hold)}")
        parts.append(f"out {_seconds(b.exhale)}")
        return f"{b.cycles} slow breath{'s' if b.cycles != 1 else ''} ({', '.join(parts)})"
    if step.kind is StepKind.RELAXATION:
        r = step.relaxation
        assert r is not None
        return f"Tense and relax: {', '.join(r.groups)}"
    verb = step.stretch.action.verb
    sides = {
        Sides.BOTH: " each side",
        Sides.RIGHT: ", right leg",
        Sides.LEFT: ", left leg",
        Sides.NONE: "",
    }[step.sides]
    times = f"{step.repeat} × " if step.repeat > 1 else ""
    return f"{verb} {times}{_seconds(step.hold)}{sides}"


class OverviewPage(QWidget):
    """Shows one routine; ``start_requested`` and ``back_requested`` go to the main window."""

    start_requested = Signal()
    start_from_step = Signal(int)
    """"Start here" on a step: its index."""
    back_requested = Signal()
    command_requested = Signal(str)
    """Edit, Duplicate, Delete, Restore or Export was pressed: the command's id (the window carries it out)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Routine overview")
        self.routine: Routine | None = None
        self.timeline: Timeline | None = None
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)

        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll_area, 1)

        # The bar with Back and Start stays in view however long the step list is.
        bar_widget = QWidget()
        bar = QHBoxLayout(bar_widget)
        bar.setContentsMargins(24, 10, 24, 18)
        self.action_buttons: dict[str, QPushButton] = {}
        for command_id, text, name in (("routine.edit", "Edit", "Edit routine"),
                                       ("routine.duplicate", "Duplicate", "Duplicate routine"),
                                       ("routine.export", "Export…", "Export routine"),
                                       ("routine.delete", "Delete", "Delete routine"),
                                       ("routine.restore", "Restore bundled", "Restore the bundled version")):
            button = command_button(text, name, partial(self.command_requested.emit, command_id))
            bar.addWidget(button)
            self.action_buttons[command_id] = button
        bar.addStretch(1)
        self.back_button = QPushButton("← Library")
        self.back_button.setAccessibleName("Back to library")
        self.back_button.setProperty("role", "secondary")
        self.back_button.clicked.connect(self.back_requested)
        bar.addWidget(self.back_button)
        bar.addSpacing(16)
        self.start_button = QPushButton("Start")
        self.start_button.setProperty("role", "primary")
        self.start_button.setAccessibleName("Start")
        self.start_button.setDefault(True)
        self.start_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.start_button.clicked.connect(self.start_requested)
        bar.addWidget(self.start_button)
        bar.addStretch(1)
        outer.addWidget(bar_widget)

        self.title = role_label("", "title", wrap=True)
        self.description = role_label(wrap=True)
        self.meta = role_label("", "muted")
        self.props = role_label("", "heading", wrap=True)
        self.props.setAccessibleName("Have ready")
        self.steps_heading = role_label("Steps", "heading")
        self.step_rows: list[QWidget] = []
        self._content: QWidget | None = None

    def show_routine(self, routine: Routine) -> None:
        self.routine = routine
        self.timeline = plan(routine)
        timeline = self.timeline
        content, column = centred_column(CONTENT_WIDTH, (24, 20, 24, 12), 10)

        self.title.setText(routine.name)
        column.addWidget(self.title)
        self.description.setText(routine.description)
        self.description.setVisible(bool(routine.description))
        column.addWidget(self.description)
        steps = len(routine.steps)
        meta = [f"{format_clock(timeline.total)} in all", f"{steps} step{'s' if steps != 1 else ''}"]
        meta.append(f"{_seconds(routine.prepare)} to get ready")
        if routine.relieves:
            meta.append("for " + ", ".join(MUSCLE_NAMES.get(m, m).lower() for m in routine.relieves))
        self.meta.setText("  ·  ".join(meta))
        self.meta.setAccessibleName(
            f"{spoken.duration_words(timeline.total)} in all, {steps} steps")
        column.addWidget(self.meta)

        if routine.props:
            self.props.setText("Have ready: " + ", ".join(routine.props))
            self.props.setAccessibleDescription(", ".join(routine.props))
        else:
            self.props.setText("Nothing to have ready")  # not "get ready": that is the lead-in, above
        column.addSpacing(6)
        column.addWidget(self.props)
        column.addSpacing(6)
        column.addWidget(self.steps_heading)

        panel = QFrame()
        panel.setProperty("role", "panel")
        grid = QGridLayout(panel)
        grid.setContentsMargins(16, 12, 20, 12)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(2, 1)
        self.step_rows = []
        for k, step in enumerate(routine.steps):
            number = role_label(f"{k + 1}", "muted")
            number.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            thumb = Thumbnail(picture_for(step.stretch), 56)
            words = QWidget()
            words_layout = QVBoxLayout(words)
            words_layout.setContentsMargins(0, 0, 0, 0)
            words_layout.setSpacing(1)
            name = role_label(step.stretch.name, "card-title", wrap=True)
            detail_text = step_detail(step)
            extra = [step.stretch.position] if step.stretch.position else []
            if step.stretch.props:
                extra.append("with " + ", ".join(step.stretch.props))
            detail = role_label("  ·  ".join([detail_text, *extra]), "muted", wrap=True)
            words_layout.addWidget(name)
            words_layout.addWidget(detail)
            words.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            seconds = timeline.planned_step_seconds(k)
            time_label = role_label(format_clock(seconds), "card-title")
            time_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            for column_index, widget in enumerate((number, thumb, words, time_label)):
                grid.addWidget(widget, k, column_index)
            if k > 0:
                here = command_button("Start here", f"Start from step {k + 1}",
                                      partial(self.start_from_step.emit, k))
                grid.addWidget(here, k, 4)
            words.setAccessibleName(
                f"Step {k + 1}: {step.stretch.name}, {detail_text}, {spoken.duration_words(seconds)}")
            self.step_rows.append(words)
        column.addWidget(panel)
        column.addStretch(1)

        self.start_button.setAccessibleDescription(
            f"Start {routine.name}, {spoken.duration_words(timeline.total)}")
        old = self.scroll_area.takeWidget()
        if old is not None:  # the shared labels moved to the new content already
            old.deleteLater()
        self.scroll_area.setWidget(content)
        self.scroll_area.verticalScrollBar().setValue(0)

    def set_source(self, source: str) -> None:
        """Delete for the person's own routines, Restore bundled for their copy of a bundled one."""
        self.action_buttons["routine.delete"].setVisible(source == "user")
        self.action_buttons["routine.restore"].setVisible(source == "customised")

    def focus_default(self) -> None:
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)
