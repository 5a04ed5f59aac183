"""After a routine: a calm look back, never a scorecard.

"Well done" when it ran to the end, "Stopped early — that's fine" when the person stopped it; the time spent;
each step with its planned and done seconds, marked when it was skipped or eased off; a gentle closing line;
one button back to the library. A step that took longer than planned was gone over again (Restart step, or
Back), and says so ("1:22, planned 1:00 · done, part repeated") rather than the puzzling "1:22 of 1:00".

After a relief routine (tagged ``relief``) it also says how long the cramp took to let go ("It let go after 0:48"),
offers **Still cramping? Again** (one press, the same routine: ``again_requested``) and asks one quick, optional
question for the cramp diary: which leg, how bad (0–10), did it help. Never a form: each is a row of big buttons,
one tap each, nothing required, and a second tap on a chosen button takes it back. "Save to diary" sends the
answer (``cramp_answered``, a :class:`~stretch_timer.core.history.records.CrampAnswer`); so does leaving the
summary (Back, or Again) after tapping anything, so a tap is never lost to a forgotten button. Once per summary.
The rows are the History page's (:mod:`~stretch_timer.qt.widgets.cramp_inputs`), so Log a cramp… asks the same way.
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
from stretch_timer.core.history.records import MAX_SEVERITY, CrampAnswer
from stretch_timer.core.model import Routine
from stretch_timer.core.session_summary import SessionSummary, StepSummary
from stretch_timer.qt.widgets.cramp_inputs import ChoiceRow, HelpedChoice, SeverityChoice
from stretch_timer.qt.widgets.labels import role_label, scaled_font

COMPLETED_TITLE = "Well done"
STOPPED_TITLE = "Stopped early — that's fine"
COMPLETED_CLOSING = "Your legs have had some care. Drink a little water, and rest easy."
STOPPED_CLOSING = "Any stretching helps. Come back to it whenever you feel like it."
EASED_CLOSING = "You listened to your body and eased off when it hurt — that is exactly right."
AGAIN_TEXT = "Still cramping? Again"
QUESTION_TEXT = "For your cramp diary, if you like: a tap each, nothing needed."
SAVE_TEXT = "Save to diary"
SAVED_TEXT = "Saved to your cramp diary."
PANEL_WIDTH = 860
"""The calm column's widest; after a relief routine it may take ``RELIEF_PANEL_WIDTH``: eleven big buttons."""
RELIEF_PANEL_WIDTH = 1120
BUTTON_HEIGHT = 56
"""The summary's buttons are as tall as its Back button: big targets for a hand that is still shaking."""


def let_go_text(seconds: float) -> str:
    """ "It let go after 0:48"."""
    return f"It let go after {format_clock(max(0, round(seconds)))}"


def is_relief(routine: Routine | None) -> bool:
    return routine is not None and "relief" in routine.tags and bool(routine.relieves)


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

        # After a relief routine: how long the cramp took to let go.
        self.relief_label = role_label(wrap=True, parent=panel)
        self.relief_label.setAccessibleName("Time to relief")
        self.relief_label.hide()
        root.addWidget(self.relief_label)

        # The steps, then the closing line right under them; the whole list scrolls if it is long. After a
        # relief routine the diary question comes first.
        content = QWidget(panel)
        content.setAutoFillBackground(False)
        column = QVBoxLayout(content)
        column.setContentsMargins(0, 8, 0, 8)
        column.setSpacing(18)
        self._build_question(content)
        column.addWidget(self.question_box)
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
        self.again_button = QPushButton(AGAIN_TEXT, panel)
        self.again_button.setAccessibleName(AGAIN_TEXT)
        self.again_button.setAccessibleDescription("Start the same relief routine again, now")
        self.again_button.setProperty("role", "urgent")  # the theme's Cramp now look
        self.again_button.setMinimumHeight(BUTTON_HEIGHT)
        self.again_button.setAutoDefault(True)
        self.again_button.clicked.connect(self._again)
        self.again_button.hide()
        buttons.addWidget(self.again_button)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        self.back_button = QPushButton("Back to library", panel)
        self.back_button.setAccessibleName("Back to library")
        self.back_button.setMinimumHeight(56)
        self.back_button.setAutoDefault(True)
        self.back_button.clicked.connect(self._back)
        buttons.addWidget(self.back_button)
        self.set_back_to("library")
        root.addLayout(buttons)
        self._apply_fonts()

    def _build_question(self, parent: QWidget) -> None:
        """The diary question: three rows of big buttons and Save to diary, in a quiet panel."""
        box = self.question_box = QFrame(parent)
        box.setObjectName("crampQuestion")
        box.setAccessibleName("Cramp diary question")
        box.setProperty("role", "panel")
        box.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(box)
        layout.setContentsMargins(18, 10, 18, 12)
        layout.setHorizontalSpacing(18)
        layout.setVerticalSpacing(8)
        self.question_label = role_label(QUESTION_TEXT, wrap=True, parent=box)
        self.question_label.setObjectName("question-intro")
        layout.addWidget(self.question_label, 0, 0, 1, 2)
        self.side_row = ChoiceRow([("left", "Left", "Left leg"), ("right", "Right", "Right leg")],
                                  name="Which leg?", role="secondary", min_height=BUTTON_HEIGHT, parent=box)
        self.severity_row = SeverityChoice(box)
        self.severity_row.setAccessibleDescription(f"0 is barely, {MAX_SEVERITY} the worst")
        self.severity_row.buttons()[0].setToolTip("Barely")
        self.severity_row.buttons()[-1].setToolTip("The worst")
        self.helped_row = HelpedChoice(box)
        self._faces: dict[QPushButton, str] = {}
        self.question_labels: list[QLabel] = []
        questions = ("Which leg?", f"How bad, 0–{MAX_SEVERITY}?", "Did it help?")
        for n, (row, question) in enumerate(zip(self.rows, questions, strict=True), 1):
            label = role_label(question, wrap=True, parent=box)
            label.setObjectName("question")
            label.setBuddy(row)
            self.question_labels.append(label)
            layout.addWidget(label, n, 0, Qt.AlignmentFlag.AlignVCenter)
            layout.addWidget(row, n, 1)
            for button in row.buttons():
                button.setMinimumHeight(BUTTON_HEIGHT)
                self._faces[button] = button.text()
            row.changed.connect(self._answer_changed)
        layout.setColumnStretch(1, 1)
        # Save to diary sits with Again and Back, under the list: the question itself stays three rows.
        self.save_button = QPushButton(SAVE_TEXT, self)
        self.save_button.setAccessibleName(SAVE_TEXT)
        self.save_button.setAccessibleDescription("Keep these answers in your cramp diary")
        self.save_button.setMinimumHeight(BUTTON_HEIGHT)
        self.save_button.setAutoDefault(True)
        self.save_button.setEnabled(False)
        self.save_button.clicked.connect(self.save_answer)
        self.save_button.hide()
        box.hide()
        self._sent = False

    @property
    def rows(self) -> tuple[ChoiceRow, ChoiceRow, ChoiceRow]:
        """The three questions' rows: which side, how bad, did it help."""
        return self.side_row, self.severity_row, self.helped_row

    def _row_and_limb(self) -> None:
        foot = self._routine is not None and list(self._routine.relieves[:1]) == ["foot"]
        limb = "foot" if foot else "leg"
        self.question_labels[0].setText(f"Which {limb}?")
        self.side_row.setAccessibleName(f"Which {limb}?")
        for button, side in zip(self.side_row.buttons(), ("Left", "Right"), strict=True):
            button.setAccessibleName(f"{side} {limb}")

    def _mark(self) -> None:
        """A tick on each chosen answer besides its accent fill, so it shows without telling colours apart."""
        for row in self.rows:
            for button in row.buttons():
                face = self._faces[button]
                text = f"✓ {face}" if button.isChecked() else face
                if button.text() != text:
                    button.setText(text)

    def answer(self) -> CrampAnswer | None:
        """What was tapped, for the routine's muscle (``relieves[0]``); None after any other routine."""
        if not is_relief(self._routine):
            return None
        assert self._routine is not None
        side, severity, helped = self.side_row.value(), self.severity_row.value(), self.helped_row.value()
        return CrampAnswer(muscle=self._routine.relieves[0], side=side if isinstance(side, str) else None,
                           severity=severity if isinstance(severity, int) else None,
                           helped=helped if isinstance(helped, bool) else None)

    @property
    def answered(self) -> bool:
        """Something was tapped (and not taken back)."""
        return any(row.value() is not None for row in self.rows)

    def _answer_changed(self) -> None:
        self._mark()
        self.save_button.setEnabled(self.answered and not self._sent)

    def save_answer(self) -> None:
        """Send the answer to the diary, once per summary (Save to diary, or leaving after a tap)."""
        answer = self.answer()
        if answer is None or self._sent or not self.answered:
            return
        self._sent = True
        for row in self.rows:
            for button in row.buttons():
                button.setEnabled(False)
        self.save_button.setEnabled(False)
        self.question_label.setText(SAVED_TEXT)
        self.cramp_answered.emit(answer)

    def _again(self) -> None:
        self.save_answer()
        self.again_requested.emit()

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
        self.save_button.setFont(self._font(1.25, bold=True))
        self.relief_label.setFont(self._font(1.5, bold=True))
        self.question_label.setFont(self._font(1.25))
        for label in self.question_labels:  # the buttons take the theme's type for their role
            label.setFont(self._font(1.3, bold=True))
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
        """Again, the time to relief and the diary question, after a relief routine only; fresh answers."""
        relief = is_relief(self._routine)
        self.again_button.setVisible(relief)
        seconds = summary.time_to_relief
        self.relief_label.setText(let_go_text(seconds) if relief and seconds is not None else "")
        self.relief_label.setVisible(relief and seconds is not None)
        self.question_box.setVisible(relief)
        self.save_button.setVisible(relief)
        self._panel.setMaximumWidth(RELIEF_PANEL_WIDTH if relief else PANEL_WIDTH)
        self.question_label.setText(QUESTION_TEXT)
        self._sent = False
        for row in self.rows:
            row.set_value(None)
            for button in row.buttons():
                button.setEnabled(True)
        self._mark()
        self.save_button.setEnabled(False)
        if relief:
            self._row_and_limb()

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
