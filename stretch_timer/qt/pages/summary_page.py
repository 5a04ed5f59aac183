"""After a routine: a calm look back, never a scorecard.

"Well done" when it ran to the end, "Stopped early — that's fine" when the person stopped it; the time spent;
each step with its planned and done seconds, marked when it was skipped or eased off; a gentle closing line;
one button back to the library. A step that took longer than planned was gone over again (Restart step, or
Back), and says so ("1:22, planned 1:00 · done, part repeated") rather than the puzzling "1:22 of 1:00".

After a relief routine (tagged ``relief``) it also says how long the cramp took to let go, offers **Still
cramping? Again** (``again_requested``) and asks one quick, optional question for the cramp diary
(``cramp_answered``): that part lives in :mod:`~stretch_timer.qt.pages.relief_question`, and this page places it.
Leaving the summary (Back, or Again) after a tap saves the answer, so a tap is never lost to a forgotten button.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFont, QShowEvent
from PySide6.QtWidgets import (
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.durations import format_clock
from stretch_timer.core.history.records import CrampAnswer
from stretch_timer.core.model import Routine
from stretch_timer.core.session_summary import SessionSummary, StepSummary
from stretch_timer.qt.pages.relief_question import BUTTON_HEIGHT, ReliefQuestion
from stretch_timer.qt.widgets.labels import role_label, scaled_font

COMPLETED_TITLE = "Well done"
STOPPED_TITLE = "Stopped early — that's fine"
COMPLETED_CLOSING = "Your legs have had some care. Drink a little water, and rest easy."
STOPPED_CLOSING = "Any stretching helps. Come back to it whenever you feel like it."
EASED_CLOSING = "You listened to your body and eased off when it hurt — that is exactly right."
PANEL_WIDTH = 860
"""The calm column's widest; after a relief routine it may take ``RELIEF_PANEL_WIDTH``: eleven big buttons."""
RELIEF_PANEL_WIDTH = 1120

REPEATED = "part repeated"
"""The mark of a step that ran longer than planned: part of it was gone over again (restarted, or gone back)."""


def repeated(step: StepSummary) -> bool:
    """Whether ``step`` ran whole seconds longer than planned (only going back over it can do that)."""
    return round(step.done_seconds) > round(step.planned_seconds)


def time_text(step: StepSummary) -> str:
    """ "30 s of 30 s", or "1:22, planned 1:00" for a step that ran longer than planned."""
    done, planned = seconds_text(step.done_seconds), seconds_text(step.planned_seconds)
    return f"{done}, planned {planned}" if repeated(step) else f"{done} of {planned}"


def step_marks(summary: SessionSummary) -> list[str]:
    """Per step, the words after it: "done", "skipped", "eased off", "stopped here", "not reached", "part
    repeated" (comma-joined).

    When the routine was stopped early, the step it was stopped in is "stopped here" and the steps after the
    last one with any time done are "not reached": the person did not skip them, they just ended the run.
    """
    steps = summary.steps
    started = [k for k, step in enumerate(steps) if step.done_seconds > 0]
    last = started[-1] if started else -1
    out = []
    for k, step in enumerate(steps):
        marks = []
        if step.skipped:
            if not summary.completed and k > last:
                marks.append("not reached")
            elif not summary.completed and k == last:
                marks.append("stopped here")
            else:
                marks.append("skipped")
        if step.eased:
            marks.append("eased off")
        if repeated(step):
            marks.append(REPEATED)
        if marks == [REPEATED]:
            marks.insert(0, "done")
        out.append(", ".join(marks) if marks else "done")
    return out


def step_mark(step: StepSummary) -> str:
    """The words after one step on its own: "eased off", "skipped", both, or "done"."""
    marks = []
    if step.skipped:
        marks.append("skipped")
    if step.eased:
        marks.append("eased off")
    return ", ".join(marks) if marks else "done"


def mark_symbol(mark: str) -> str:
    """A quiet symbol before the mark: ✓ done, ~ eased off, – skipped or not reached."""
    if "eased off" in mark:
        return "~"
    return "✓" if mark.startswith("done") else "–"


def seconds_text(seconds: float) -> str:
    """ "30 s" below a minute, "1:30" from a minute up (rounded to whole seconds)."""
    whole = max(0, round(seconds))
    return format_clock(whole) if whole >= 60 else f"{whole} s"


class SummaryPage(QWidget):
    """``show_summary(routine, summary)``; ``back_to_library`` when the person is done reading."""

    back_to_library = Signal()
    again_requested = Signal()
    """"Still cramping? Again": start the same (relief) routine again."""
    cramp_answered = Signal(object)
    """A :class:`CrampAnswer` for the diary: "Save to diary" pressed, or the summary left after a tap."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("summaryPage")
        self.setAccessibleName("Summary")
        self._summary: SessionSummary | None = None
        self._routine: Routine | None = None
        self._step_labels: list[QLabel] = []

        # One calm column in the middle of the window, however wide it is.
        outer = QHBoxLayout(self)
        outer.setContentsMargins(40, 32, 40, 28)
        panel = self._panel = QWidget(self)
        panel.setMaximumWidth(PANEL_WIDTH)
        outer.addStretch(1)
        outer.addWidget(panel, 20)
        outer.addStretch(1)
        root = QVBoxLayout(panel)
        root.setContentsMargins(0, 0, 0, 0)
        root.setSpacing(14)

        # Plain-text labels (see role_label): the routine's and the steps' names come from its file.
        self.title_label = role_label(wrap=True, parent=panel)
        self.title_label.setAccessibleName("Summary title")
        self.routine_label = role_label(parent=panel)
        self.routine_label.setAccessibleName("Routine name")
        self.time_label = role_label(parent=panel)
        self.time_label.setAccessibleName("Total time")
        self.counts_label = role_label(wrap=True, parent=panel)
        self.counts_label.setAccessibleName("Step counts")
        for label in (self.title_label, self.routine_label, self.time_label, self.counts_label):
            root.addWidget(label)

        # The steps, then the closing line right under them; the whole list scrolls if it is long. After a
        # relief routine the diary question comes first.
        content = QWidget(panel)
        content.setAutoFillBackground(False)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 8, 0, 8)
        column.setSpacing(18)
        # After a relief routine: how long the cramp took to let go above the list; the diary question in it.
        self.relief = ReliefQuestion(content)
        self.relief.cramp_answered.connect(self.cramp_answered)
        self.relief.again_requested.connect(self.again_requested)
        root.addWidget(self.relief.let_go_label)
        column.addWidget(self.relief)
        self.steps_box = QWidget(content)
        self.steps_box.setAccessibleName("Steps")
        self.steps_grid = QGridLayout(self.steps_box)
        self.steps_grid.setContentsMargins(0, 0, 0, 0)
        self.steps_grid.setHorizontalSpacing(28)
        self.steps_grid.setVerticalSpacing(8)
        self.closing_label = role_label(wrap=True, parent=content)
        self.closing_label.setAccessibleName("Closing line")
        column.addWidget(self.steps_box)
        column.addWidget(self.closing_label)
        column.addStretch(1)
        scroll = QScrollArea(panel)
        scroll.setWidget(content)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        scroll.viewport().setAutoFillBackground(False)
        root.addWidget(scroll, 1)

        buttons = QHBoxLayout()
        buttons.addWidget(self.relief.make_again_button(panel))
        buttons.addStretch(1)
        buttons.addWidget(self.relief.save_button)
        self.back_button = QPushButton("Back to library", panel)
        self.back_button.setAccessibleName("Back to library")
        self.back_button.setMinimumHeight(BUTTON_HEIGHT)
        self.back_button.setAutoDefault(True)
        self.back_button.clicked.connect(self._back)
        buttons.addWidget(self.back_button)
        self.set_back_to("library")
        root.addLayout(buttons)
        self._apply_fonts()

    def answer(self) -> CrampAnswer | None:
        """What was tapped for the diary (see :meth:`ReliefQuestion.answer`); None after any other routine."""
        return self.relief.answer()

    def save_answer(self) -> None:
        """Send the diary answer, once per summary (Save to diary, or leaving after a tap)."""
        self.relief.save_answer()

    def _back(self) -> None:
        self.save_answer()
        self.back_to_library.emit()

    def _font(self, scale: float, *, bold: bool = False) -> QFont:
        return scaled_font(self, scale, bold=bold)

    def _apply_fonts(self) -> None:
        self.title_label.setFont(self._font(2.8, bold=True))
        self.routine_label.setFont(self._font(1.5))
        self.time_label.setFont(self._font(1.5))
        self.counts_label.setFont(self._font(1.25))
        self.closing_label.setFont(self._font(1.35))
        self.back_button.setFont(self._font(1.35, bold=True))
        self.relief.apply_fonts(self)
        for label in self._step_labels:
            label.setFont(self._font(1.2, bold=label.property("column") == "name"))

    def showEvent(self, event: QShowEvent) -> None:
        # The type again as the page shows: polishing the scroll area's contents under the app's style sheet
        # gives them the application's font back (the closing line and the question were drawn at 9 pt).
        self._apply_fonts()
        super().showEvent(event)

    @property
    def summary(self) -> SessionSummary | None:
        return self._summary

    def set_back_to(self, where: str) -> None:
        """Where the button leads: "library", or "editor" after trying a routine from the editor."""
        text = "Back to the editor" if where == "editor" else "Back to library"
        self.back_button.setText(text)
        self.back_button.setAccessibleName(text)

    def show_summary(self, routine: Routine | None, summary: SessionSummary) -> None:
        self._routine, self._summary = routine, summary
        self.title_label.setText(COMPLETED_TITLE if summary.completed else STOPPED_TITLE)
        self.routine_label.setText(routine.name if routine is not None else "")
        self.time_label.setText(f"Time stretching: {format_clock(summary.total_seconds)}")
        steps = summary.steps
        marks = step_marks(summary)
        skipped = sum(1 for mark in marks if "skipped" in mark)
        eased = sum(1 for s in steps if s.eased)
        done = sum(1 for s in steps if not s.skipped)
        counts = [f"{done} of {len(steps)} steps done"]
        if skipped:
            counts.append(f"{skipped} skipped")
        if eased:
            counts.append(f"eased off {eased} time" + ("" if eased == 1 else "s"))
        self.counts_label.setText(" · ".join(counts))
        self._fill_steps(steps, marks)
        closing = COMPLETED_CLOSING if summary.completed else STOPPED_CLOSING
        if eased:
            closing = f"{EASED_CLOSING} {closing}"
        self.closing_label.setText(closing)
        self._show_relief(summary)
        self.back_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_relief(self, summary: SessionSummary) -> None:
        """The relief part after a relief routine only, in a column wide enough for its eleven buttons."""
        relief = self.relief.show_for(self._routine, summary)
        self._panel.setMaximumWidth(RELIEF_PANEL_WIDTH if relief else PANEL_WIDTH)

    def _fill_steps(self, steps: tuple[StepSummary, ...], marks: list[str]) -> None:
        for label in self._step_labels:
            self.steps_grid.removeWidget(label)
            label.deleteLater()
        self._step_labels = []
        for row, (step, mark) in enumerate(zip(steps, marks, strict=True)):
            cells = (
                ("number", f"{step.step_index + 1}."),
                ("name", step.name),
                ("time", time_text(step)),
                ("mark", f"{mark_symbol(mark)} {mark}"),
            )
            for column, (key, text) in enumerate(cells):
                label = role_label(text, parent=self.steps_box)
                label.setProperty("column", key)
                label.setFont(self._font(1.2, bold=key == "name"))
                self.steps_grid.addWidget(label, row, column,
                                          Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
                self._step_labels.append(label)
            row_name = f"Step {step.step_index + 1}, {step.name}: {time_text(step)}, {mark}"
            for label in self._step_labels[-len(cells):]:
                label.setAccessibleName(row_name)
        self.steps_grid.setColumnStretch(4, 1)

    def step_rows(self) -> list[str]:
        """One line per step as a screen reader hears it (for tests and the shell)."""
        return [label.accessibleName() for label in self._step_labels if label.property("column") == "name"]
