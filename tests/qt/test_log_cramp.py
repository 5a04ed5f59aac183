"""Log a cramp…: the muscle alone is enough; side, how bad and did it help are one tap each and can be taken
back; "Did it help?" is asked only after a run; the note is kept as typed; Cancel logs nothing."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QPlainTextEdit

from stretch_timer.core.history.records import CrampAnswer
from stretch_timer.qt.dialogs.log_cramp import LogCrampDialog
from stretch_timer.qt.widgets.cramp_inputs import SeverityChoice

from .conftest import find

pytestmark = pytest.mark.gui


def opened(qtbot: Any, **kwargs: Any) -> LogCrampDialog:
    dialog = LogCrampDialog(**kwargs)
    qtbot.addWidget(dialog)
    dialog.show()
    QApplication.processEvents()
    return dialog


def tap(qtbot: Any, dialog: LogCrampDialog, name: str) -> None:
    button = find(dialog, name, QAbstractButton)
    assert button.isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def test_the_muscle_alone_logs_a_cramp(qtbot: Any) -> None:
    dialog = opened(qtbot)
    assert not find(dialog, "Log cramp").isEnabled()  # nothing to log yet
    tap(qtbot, dialog, "Calf")
    tap(qtbot, dialog, "Log cramp")
    assert dialog.answer() == CrampAnswer("calf")


def test_every_answer_in_a_few_taps(qtbot: Any) -> None:
    dialog = opened(qtbot, with_run=True)
    tap(qtbot, dialog, "Front of thigh")
    tap(qtbot, dialog, "Left side")
    tap(qtbot, dialog, "Severity 6")
    tap(qtbot, dialog, "It did not help")
    find(dialog, "Note", QPlainTextEdit).setPlainText('<b>after</b> a walk, "sharp"\nagain')
    tap(qtbot, dialog, "Log cramp")
    assert dialog.answer() == CrampAnswer("quadriceps", "left", 6, False, '<b>after</b> a walk, "sharp"\nagain')


def test_a_second_tap_takes_an_answer_back_and_another_changes_it(qtbot: Any) -> None:
    dialog = opened(qtbot, with_run=True)
    tap(qtbot, dialog, "Hip")
    tap(qtbot, dialog, "Hamstring")  # changed her mind: one muscle only
    tap(qtbot, dialog, "Hamstring")  # the muscle stays chosen (it is the one thing needed)
    tap(qtbot, dialog, "Severity 3")
    tap(qtbot, dialog, "Severity 8")
    tap(qtbot, dialog, "Right side")
    tap(qtbot, dialog, "Right side")
    tap(qtbot, dialog, "It helped")
    tap(qtbot, dialog, "Not said whether it helped")
    assert find(dialog, "Severity 8").isChecked() and not find(dialog, "Severity 3").isChecked()
    tap(qtbot, dialog, "Log cramp")
    assert dialog.answer() == CrampAnswer("hamstring", None, 8, None)


def test_did_it_help_is_asked_only_after_a_run(qtbot: Any) -> None:
    dialog = opened(qtbot)
    with pytest.raises(LookupError):
        find(dialog, "It helped")
    dialog.helped.set_value(True)  # even if set, it is not said without a run
    tap(qtbot, dialog, "Foot")
    tap(qtbot, dialog, "Log cramp")
    answer = dialog.answer()
    assert answer is not None and answer.helped is None


def test_cancel_logs_nothing(qtbot: Any) -> None:
    dialog = opened(qtbot, muscle="calf")
    assert find(dialog, "Log cramp").isEnabled()  # opened for the calf already
    tap(qtbot, dialog, "Cancel")
    assert dialog.answer() is None


def test_severity_is_a_row_of_eleven_buttons(qtbot: Any) -> None:
    row = SeverityChoice()
    qtbot.addWidget(row)
    assert [b.accessibleName() for b in row.buttons()] == [f"Severity {n}" for n in range(11)]
    assert row.value() is None
    row.buttons()[0].click()
    assert row.value() == 0  # 0 is an answer, not "not said"
