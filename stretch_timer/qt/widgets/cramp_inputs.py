"""Rows of big buttons for saying what a cramp was: which muscle, which side, how bad, did it help.

Made for someone in pain: one tap per answer, no typing, no spin boxes, every answer optional but the muscle.
Shared by Log a cramp… and by the quick question on a relief routine's summary, so both ask the same way.
A row is a set of checkable buttons of which at most one is on; tapping the one that is on takes it back
("not said"), unless the row needs an answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QWidget

from stretch_timer.core.history.records import MAX_SEVERITY, SIDES
from stretch_timer.core.model import MUSCLES
from stretch_timer.core.muscles import muscle_name

SIDE_NAMES: dict[str, str] = {"left": "Left", "right": "Right", "both": "Both"}
HELPED_CHOICES: tuple[tuple[bool | None, str, str], ...] = (
    (True, "Yes", "It helped"),
    (False, "No", "It did not help"),
    (None, "Not said", "Not said whether it helped"),
)
"""(value, face, accessible name) of the "Did it help?" row."""


_CHECKED_STYLE = """
QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);
                      border: 2px solid palette(highlight); }
QPushButton:checked:focus { border: 2px solid palette(window-text); }
"""
"""The chosen answer is filled with the accent (the application's style sheet gives plain buttons no checked
look); resolved against the palette, so it follows the theme."""


class ChoiceRow(QWidget):
    """Checkable buttons, at most one on; ``value()`` is the chosen value or None. ``changed`` on each tap."""

    changed = Signal()

    def __init__(self, choices: Sequence[tuple[Any, str, str]], *, name: str, columns: int = 0,
                 role: str = "", min_height: int = 48, parent: QWidget | None = None) -> None:
        """``choices`` are (value, face, accessible name); ``columns`` > 0 wraps the buttons into a grid."""
        super().__init__(parent)
        self.setAccessibleName(name)
        self.setStyleSheet(_CHECKED_STYLE)
        self._buttons: list[tuple[Any, QPushButton]] = []
        self._value: Any = None
        self.allow_none = True
        grid = QGridLayout(self) if columns else None
        row = None if grid is not None else QHBoxLayout(self)
        layout = grid if grid is not None else row
        assert layout is not None
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(8)
        for k, (value, face, accessible) in enumerate(choices):
            button = QPushButton(face, self)
            button.setCheckable(True)
            button.setAccessibleName(accessible)
            button.setMinimumHeight(min_height)
            button.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
            button.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
            if role:
                button.setProperty("role", role)
            button.clicked.connect(lambda _on=False, v=value: self._tapped(v))
            self._buttons.append((value, button))
            if grid is not None:
                grid.addWidget(button, k // columns, k % columns)
            else:
                assert row is not None
                row.addWidget(button)

    def buttons(self) -> list[QPushButton]:
        return [button for _value, button in self._buttons]

    def value(self) -> Any:
        return self._value

    def set_value(self, value: Any) -> None:
        self._value = value if any(v == value and type(v) is type(value) for v, _b in self._buttons) else None
        for v, button in self._buttons:
            button.setChecked(self._value is not None and v == self._value and type(v) is type(self._value))

    def _tapped(self, value: Any) -> None:
        same = self._value is not None and value == self._value and type(value) is type(self._value)
        self.set_value(None if same and self.allow_none else value)
        self.changed.emit()


class MuscleChoice(ChoiceRow):
    """The muscles as big buttons, in the order routines list them (``core.model.MUSCLES``)."""

    def __init__(self, muscles: Sequence[str] = MUSCLES, *, columns: int = 3, parent: QWidget | None = None) -> None:
        choices = [(m, muscle_name(m), muscle_name(m)) for m in muscles]
        super().__init__(choices, name="Muscle", columns=columns, role="muscle", min_height=64, parent=parent)


class SideChoice(ChoiceRow):
    def __init__(self, parent: QWidget | None = None) -> None:
        choices = [(side, SIDE_NAMES[side], f"{SIDE_NAMES[side]} side" if side != "both" else "Both sides")
                   for side in SIDES]
        super().__init__(choices, name="Side", role="secondary", parent=parent)


class SeverityChoice(ChoiceRow):
    """0 (barely) to 10 (the worst) as one row of buttons."""

    def __init__(self, parent: QWidget | None = None) -> None:
        choices = [(n, str(n), f"Severity {n}") for n in range(MAX_SEVERITY + 1)]
        super().__init__(choices, name="Severity", role="secondary", parent=parent)
        for button in self.buttons():
            button.setMinimumWidth(44)
            button.setStyleSheet("padding-left: 0; padding-right: 0;")


class HelpedChoice(ChoiceRow):
    """Did it help? Yes, no, or not said (the last is the same as no answer)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(HELPED_CHOICES, name="Did it help?", role="secondary", parent=parent)
        self.allow_none = False
        self.set_value(None)
        self.buttons()[-1].setChecked(True)

    def set_value(self, value: Any) -> None:
        super().set_value(value)
        if self._value is None and self._buttons:
            self._buttons[-1][1].setChecked(True)
