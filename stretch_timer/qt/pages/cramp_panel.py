"""Cramp now: "Where does it hurt?", one big button per muscle at the top of the library, one press starts it.

Split from the library page so the page deals with laying out the library, and this deals with the panel built
for someone in pain: always on screen, above the cards (no button to open it first), with the muscles always
offered (calf, hamstring, foot, front of thigh) plus any other a relief routine covers, each starting the
shortest relief routine for it at once (no overview in between), the longer ones offered under "Also:", and a
muscle with no relief routine yet shown disabled rather than hidden.

The panel is in the window's first paint, before the routines are loaded: the four muscles are known without
them, so this module imports nothing that loads routines or pictures; the routines behind the buttons arrive
with :meth:`CrampPanel.set_library` (a press before then is the library page's to hold, see
``LibraryPage.library_wanted``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QPushButton,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.muscles import CRAMP_MUSCLES, muscle_name
from stretch_timer.qt.widgets.labels import button_text, plain_tooltip, role_label

if TYPE_CHECKING:
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine

HEADING = "Cramp now: where does it hurt?"
HINT = "One press starts that muscle's relief routine straight away. Stop any time with Esc."
HINT_SOME_MISSING = " A greyed-out muscle has no relief routine yet."



class MuscleButton(QPushButton):
    """A big button under Cramp now: the muscle's name on the face; the relief routine it starts in its
    description and tooltip (the face stays short and large, to read and hit while in pain)."""

    HEIGHT_IN_LINES = 2.6
    """At least this many lines of its own (large) type tall: a big target for an unsteady hand."""

    def __init__(self, muscle: str, parent: QWidget | None = None) -> None:
        super().__init__(button_text(muscle_name(muscle)), parent)
        self.muscle = muscle
        self.routine: Routine | None = None
        self.setAccessibleName(muscle_name(muscle))
        self.setAutoDefault(True)  # Return and Enter press it too, not only Space
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        # The theme's urgent look, with less room at the sides than Cramp now's wide button had: four muscles
        # fit on one row of the library's column in more windows (the height comes from sizeHint).
        self.setStyleSheet("QPushButton { padding-left: 0.25em; padding-right: 0.25em; }")
        self._show(None, known=False)

    def set_routine(self, routine: Routine | None) -> None:
        """The relief routine this button starts (None: there is none for this muscle)."""
        self._show(routine, known=True)

    def _show(self, routine: Routine | None, *, known: bool) -> None:
        self.routine = routine
        if routine is not None:
            from stretch_timer.qt.pages.routine_card import length_text, length_words, routine_length

            seconds = routine_length(routine)
            up_to = "up to " if any(step.open_ended for step in routine.steps) else ""
            self.setAccessibleDescription(f"Starts at once: {routine.name}, {up_to}{length_words(seconds)}")
            self.setToolTip(plain_tooltip(f"{routine.name} · {length_text(routine)}"))
            enabled = True
        elif known:
            self.setAccessibleDescription("No relief routine for this muscle yet")
            self.setToolTip("No relief routine for this muscle yet")
            enabled = False
        else:  # the routines are still loading: a press waits for them
            self.setAccessibleDescription("Starts the relief routine for this muscle at once")
            self.setToolTip("")
            enabled = True
        self.setEnabled(enabled)
        role = "urgent" if enabled else "muscle"  # a disabled one must not look like the others
        if self.property("role") != role:
            self.setProperty("role", role)
            self.style().unpolish(self)
            self.style().polish(self)

    def sizeHint(self) -> QSize:
        hint = super().sizeHint()
        return QSize(hint.width(), max(hint.height(), round(self.fontMetrics().height() * self.HEIGHT_IN_LINES)))

    def minimumSizeHint(self) -> QSize:
        return QSize(super().minimumSizeHint().width(), self.sizeHint().height())


def relief_by_muscle(library: Library) -> dict[str, list[Routine]]:
    """Relief routines per muscle (fixed muscles first), shortest first."""
    from stretch_timer.qt.pages.routine_card import routine_length

    found: dict[str, list[Routine]] = {muscle: [] for muscle in CRAMP_MUSCLES}
    for routine in library.relief_routines():
        for muscle in routine.relieves:
            found.setdefault(muscle, []).append(routine)
    for routines in found.values():
        routines.sort(key=routine_length)
    return found


class CrampPanel(QFrame):
    """ "Cramp now: where does it hurt?": one button per muscle; a click asks for that muscle's relief routine.

    ``muscle_pressed`` carries the muscle (its routine may not be loaded yet); ``start_requested`` a routine id
    chosen under "Also:". :meth:`routine_for` says which routine a muscle starts.
    """

    muscle_pressed = Signal(str)
    start_requested = Signal(str)

    def __init__(self, library: Library | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        self.setAccessibleName("Cramp now")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(16, 12, 16, 16)
        layout.setSpacing(10)
        self.heading = role_label(HEADING, "heading", wrap=True)
        layout.addWidget(self.heading)
        self.hint = role_label(HINT, "muted", wrap=True)
        layout.addWidget(self.hint)
        self.grid = QGridLayout()
        self.grid.setSpacing(12)
        layout.addLayout(self.grid)
        self.others_row = QHBoxLayout()
        self.others_row.setSpacing(8)
        layout.addLayout(self.others_row)
        # A group (not exclusive, nothing checkable) lets the arrow keys move between the muscles in the grid.
        self.group = QButtonGroup(self)
        self.group.setExclusive(False)
        self.buttons: dict[str, MuscleButton] = {}
        self.others: list[QPushButton] = []
        self._columns = 0
        for muscle in CRAMP_MUSCLES:
            self._add_button(muscle)
        self._place_buttons(self._columns_for(self.width()))
        if library is not None:
            self.set_library(library)

    def _add_button(self, muscle: str) -> MuscleButton:
        button = MuscleButton(muscle, self)
        button.clicked.connect(lambda _=False, m=muscle: self.muscle_pressed.emit(m))
        self.group.addButton(button)
        self.buttons[muscle] = button
        return button

    def set_library(self, library: Library | None) -> None:
        """Put the library's relief routines behind the buttons (None: not loaded yet, every muscle pressable)."""
        for other in self.others:
            other.deleteLater()
        self.others.clear()
        while self.others_row.count():
            self.others_row.takeAt(0)  # the buttons go with deleteLater; the label and the stretch with this
        self.hint.setText(HINT)
        if library is None:
            for button in self.buttons.values():
                button._show(None, known=False)
            return
        added = False
        extra: list[tuple[str, Routine]] = []
        for muscle, routines in relief_by_muscle(library).items():
            known = self.buttons.get(muscle)
            button = known if known is not None else self._add_button(muscle)
            added = added or known is None
            button.set_routine(routines[0] if routines else None)
            extra.extend((muscle, routine) for routine in routines[1:])
        for muscle, button in self.buttons.items():
            if muscle not in CRAMP_MUSCLES and button.routine is None:
                button.set_routine(None)  # a muscle from a routine that has gone since: shown disabled
        if not all(button.isEnabled() for button in self.buttons.values()):
            self.hint.setText(HINT + HINT_SOME_MISSING)
        if added:
            self._place_buttons(self._columns or 2, force=True)
        if extra:
            also = role_label("Also:", "muted")
            also.setParent(self)
            self.others_row.addWidget(also)
            for muscle, routine in extra:
                other = QPushButton(button_text(f"{routine.name} ({muscle_name(muscle).lower()})"), self)
                other.setAccessibleName(f"Start {routine.name}")
                other.setAutoDefault(True)
                other.clicked.connect(lambda _=False, rid=routine.id: self.start_requested.emit(rid))
                self.others_row.addWidget(other)
                self.others.append(other)
            self.others_row.addStretch(1)

    def routine_for(self, muscle: str) -> Routine | None:
        button = self.buttons.get(muscle)
        return button.routine if button is not None else None

    def focus_order(self) -> list[QWidget]:
        """The panel's controls in the order Tab should visit them: the muscles row by row, then "Also:"."""
        return [*self.buttons.values(), *self.others]  # the grid is filled row by row in this order

    def focus_first(self) -> None:
        for button in self.focus_order():
            if button.isEnabled():
                button.setFocus(Qt.FocusReason.OtherFocusReason)
                return

    # --- layout: one row of muscles when they fit, else two columns ----------------------------------------

    def _columns_for(self, width: int) -> int:
        frame, layout = self.contentsMargins(), self.layout()
        inner = width - frame.left() - frame.right()
        if layout is not None:
            inner -= layout.contentsMargins().left() + layout.contentsMargins().right()
        widest = max(button.sizeHint().width() for button in self.buttons.values())
        count = len(self.buttons)
        return count if count * widest + (count - 1) * self.grid.spacing() <= inner else 2

    def _place_buttons(self, columns: int, *, force: bool = False) -> None:
        if columns == self._columns and not force:
            return
        self._columns = columns
        for button in self.buttons.values():
            self.grid.removeWidget(button)
        for index, button in enumerate(self.buttons.values()):
            self.grid.addWidget(button, index // columns, index % columns)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._place_buttons(self._columns_for(event.size().width()))
