"""The relief part of a relief routine's summary, kept apart from the calm look back around it.

After a relief routine (tagged ``relief``) the summary also says how long the cramp took to let go ("It let go
after 0:48"), offers **Still cramping? Again** (one press, the same routine: ``again_requested``) and asks one
quick, optional question for the cramp diary: which leg, how bad (0–10), did it help. Never a form: each is a row
of big buttons, one tap each, nothing required, and a second tap on a chosen button takes it back. "Save to
diary" sends the answer (``cramp_answered``, a :class:`~stretch_timer.core.history.records.CrampAnswer`); so does
leaving the summary (Back, or Again) after tapping anything, so a tap is never lost to a forgotten button. Once
per summary. The rows are the History page's (:mod:`~stretch_timer.qt.widgets.cramp_inputs`), so Log a cramp…
asks the same way.

:class:`ReliefQuestion` is the question's panel; its other parts (the let-go line, Save to diary, Again) sit where
the summary page places them, so the page's look and Tab order stay one calm column.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QLabel, QPushButton, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.core.history.records import MAX_SEVERITY, CrampAnswer
from stretch_timer.core.model import Routine
from stretch_timer.core.session import SessionSummary
from stretch_timer.qt.widgets.cramp_inputs import ChoiceRow, HelpedChoice, SeverityChoice
from stretch_timer.qt.widgets.labels import role_label, scaled_font

AGAIN_TEXT = "Still cramping? Again"
QUESTION_TEXT = "For your cramp diary, if you like: a tap each, nothing needed."
SAVE_TEXT = "Save to diary"
SAVED_TEXT = "Saved to your cramp diary."
BUTTON_HEIGHT = 56
"""The summary's buttons are as tall as its Back button: big targets for a hand that is still shaking."""


def let_go_text(seconds: float) -> str:
    """ "It let go after 0:48"."""
    return f"It let go after {format_clock(max(0, round(seconds)))}"


def is_relief(routine: Routine | None) -> bool:
    return routine is not None and "relief" in routine.tags and bool(routine.relieves)


class ReliefQuestion(QFrame):
    """The diary question's panel, with the let-go line (``let_go_label``) and Save to diary (``save_button``)
    for the host page to place, and Again made by :meth:`make_again_button` where the page wants it.

    ``show_for(routine, summary)`` shows all of it after a relief routine only, with fresh answers.
    """

    again_requested = Signal()
    """"Still cramping? Again": the answer so far is saved first."""
    cramp_answered = Signal(object)
    """A :class:`CrampAnswer` for the diary: "Save to diary" pressed, or :meth:`save_answer` on leaving."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._routine: Routine | None = None
        self._sent = False
        # After a relief routine: how long the cramp took to let go.
        self.let_go_label = role_label(wrap=True, parent=parent)
        self.let_go_label.setAccessibleName("Time to relief")
        self.let_go_label.hide()
        self.setObjectName("crampQuestion")
        self.setAccessibleName("Cramp diary question")
        self.setProperty("role", "panel")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        layout = QGridLayout(self)
        layout.setContentsMargins(18, 10, 18, 12)
        layout.setHorizontalSpacing(18)
        layout.setVerticalSpacing(8)
        self.question_label = role_label(QUESTION_TEXT, wrap=True, parent=self)
        self.question_label.setObjectName("question-intro")
        layout.addWidget(self.question_label, 0, 0, 1, 2)
        self.side_row = ChoiceRow([("left", "Left", "Left leg"), ("right", "Right", "Right leg")],
                                  name="Which leg?", role="secondary", min_height=BUTTON_HEIGHT, parent=self)
        self.severity_row = SeverityChoice(self)
        self.severity_row.setAccessibleDescription(f"0 is barely, {MAX_SEVERITY} the worst")
        self.severity_row.buttons()[0].setToolTip("Barely")
        self.severity_row.buttons()[-1].setToolTip("The worst")
        self.helped_row = HelpedChoice(self)
        self._faces: dict[QPushButton, str] = {}
        self.question_labels: list[QLabel] = []
        questions = ("Which leg?", f"How bad, 0–{MAX_SEVERITY}?", "Did it help?")
        for n, (row, question) in enumerate(zip(self.rows, questions, strict=True), 1):
            label = role_label(question, wrap=True, parent=self)
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
        self.again_button: QPushButton | None = None
        self.hide()

    def make_again_button(self, parent: QWidget) -> QPushButton:
        """Still cramping? Again, made once, when the page reaches its place (so Tab reaches it there too)."""
        assert self.again_button is None
        button = self.again_button = QPushButton(AGAIN_TEXT, parent)
        button.setAccessibleName(AGAIN_TEXT)
        button.setAccessibleDescription("Start the same relief routine again, now")
        button.setProperty("role", "urgent")  # the theme's Cramp now look
        button.setMinimumHeight(BUTTON_HEIGHT)
        button.setAutoDefault(True)
        button.clicked.connect(self._again)
        button.hide()
        return button

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

    def apply_fonts(self, base: QWidget) -> None:
        """The relief part's type, scaled from ``base``'s font (the page's) like the rest of the summary."""
        self.save_button.setFont(scaled_font(base, 1.25, bold=True))
        self.let_go_label.setFont(scaled_font(base, 1.5, bold=True))
        self.question_label.setFont(scaled_font(base, 1.25))
        for label in self.question_labels:  # the buttons take the theme's type for their role
            label.setFont(scaled_font(base, 1.3, bold=True))

    def show_for(self, routine: Routine | None, summary: SessionSummary) -> bool:
        """Again, the time to relief and the diary question, after a relief routine only; fresh answers.

        Returns whether it is showing (the page widens for the question's eleven buttons)."""
        self._routine = routine
        relief = is_relief(routine)
        if self.again_button is not None:
            self.again_button.setVisible(relief)
        seconds = summary.time_to_relief
        self.let_go_label.setText(let_go_text(seconds) if relief and seconds is not None else "")
        self.let_go_label.setVisible(relief and seconds is not None)
        self.setVisible(relief)
        self.save_button.setVisible(relief)
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
        return relief
