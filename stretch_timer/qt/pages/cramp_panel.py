"""Cramp now: "Where is the cramp?", one big button per muscle, one press starts its relief routine.

Split from the library page so the page deals with laying out the library, and this deals with the panel built
for someone in pain: the muscles always offered (calf, hamstring, foot, front of thigh) plus any other a relief
routine covers, each starting the shortest relief routine for it at once (no overview in between), the longer
ones offered under "Also:", and a muscle with no relief routine yet shown disabled rather than hidden.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from stretch_timer.core.durations import format_clock
from stretch_timer.qt.pages.routine_card import MUSCLE_NAMES, LayoutButton, card_label, length_words, routine_length
from stretch_timer.qt.widgets.labels import button_text, role_label

if TYPE_CHECKING:
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine

CRAMP_MUSCLES: tuple[str, ...] = ("calf", "hamstring", "foot", "quadriceps")
"""Always offered under Cramp now, in this order; other muscles appear when a relief routine covers them."""


class MuscleButton(LayoutButton):
    """A big button under Cramp now: the muscle, and the relief routine it starts."""

    def __init__(self, muscle: str, routine: Routine | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.muscle = muscle
        self.routine = routine
        name = MUSCLE_NAMES.get(muscle, muscle.capitalize())
        self.setProperty("role", "muscle")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(2)
        layout.addWidget(card_label(name, "card-title"))
        if routine is not None:
            seconds = routine_length(routine)
            detail = f"{routine.name} · {format_clock(seconds)}"
            self.setAccessibleDescription(f"Starts {routine.name} now, {length_words(seconds)}")
        else:
            detail = "no relief routine yet"
            self.setEnabled(False)
            self.setAccessibleDescription("No relief routine for this muscle yet")
        layout.addWidget(card_label(detail, "muted", wrap=True))
        self.setAccessibleName(name)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setCursor(Qt.CursorShape.PointingHandCursor)


def relief_by_muscle(library: Library) -> dict[str, list[Routine]]:
    """Relief routines per muscle (fixed muscles first), shortest first."""
    found: dict[str, list[Routine]] = {muscle: [] for muscle in CRAMP_MUSCLES}
    for routine in library.relief_routines():
        for muscle in routine.relieves:
            found.setdefault(muscle, []).append(routine)
    for routines in found.values():
        routines.sort(key=routine_length)
    return found


class CrampPanel(QFrame):
    """ "Where is the cramp?": one button per muscle; a click starts that muscle's relief routine."""

    start_requested = Signal(str)

    def __init__(self, library: Library, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setAccessibleName("Cramp relief")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(22, 18, 22, 20)
        layout.setSpacing(12)
        heading = role_label("Where is the cramp?", "heading")
        layout.addWidget(heading)
        hint = role_label(
            "One press starts the relief routine straight away. Stop any time with Esc.", "muted", wrap=True
        )
        layout.addWidget(hint)
        grid = QGridLayout()
        grid.setSpacing(12)
        self.buttons: dict[str, MuscleButton] = {}
        extra: list[tuple[str, Routine]] = []
        for index, (muscle, routines) in enumerate(relief_by_muscle(library).items()):
            button = MuscleButton(muscle, routines[0] if routines else None)
            button.clicked.connect(lambda _=False, b=button: self._chosen(b.routine))
            grid.addWidget(button, index // 2, index % 2)
            self.buttons[muscle] = button
            extra.extend((muscle, routine) for routine in routines[1:])
        layout.addLayout(grid)
        if extra:
            others = QHBoxLayout()
            others.addWidget(card_label("Also:", "muted"))
            for muscle, routine in extra:
                other = QPushButton(button_text(f"{routine.name} ({MUSCLE_NAMES.get(muscle, muscle).lower()})"))
                other.setAccessibleName(f"Start {routine.name}")
                other.clicked.connect(lambda _=False, r=routine: self._chosen(r))
                others.addWidget(other)
            others.addStretch(1)
            layout.addLayout(others)

    def _chosen(self, routine: Routine | None) -> None:
        if routine is not None:
            self.start_requested.emit(routine.id)

    def focus_first(self) -> None:
        for button in self.buttons.values():
            if button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return

