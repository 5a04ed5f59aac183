"""One routine as a large card in the library: picture, name, length, steps, tags and description.

Split from the library page so the page deals with laying out the library, and this deals with what a card says
and how it reads aloud (every card has an accessible name and a spoken description, "2 minutes 18 seconds"
rather than "2:18"). Also here: a routine's planned length (remembered per routine: the cards, Cramp now and
the sorting all ask) and a button whose face is a layout of labels. The muscles' names are Cramp now's
(:mod:`~stretch_timer.qt.pages.cramp_panel`, in the first paint); they are imported from there.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSizePolicy, QVBoxLayout, QWidget

from stretch_timer.core import spoken
from stretch_timer.core.durations import format_clock
from stretch_timer.core.muscles import MUSCLE_NAMES
from stretch_timer.qt.pages.thumbnail import Thumbnail, first_picture
from stretch_timer.qt.widgets.labels import plain_tooltip, role_label

if TYPE_CHECKING:
    from stretch_timer.core.library import RoutineEntry
    from stretch_timer.core.model import Routine


def length_words(seconds: float) -> str:
    """ "2 minutes 18 seconds", "45 seconds" (for screen readers)."""
    return spoken.duration_words(seconds)


_lengths: dict[int, tuple[Routine, float]] = {}


def length_text(routine: Routine) -> str:
    """``2:18``, or ``up to 2:43`` for a routine that holds until the cramp lets go (its end is not known)."""
    clock = format_clock(routine_length(routine))
    return f"up to {clock}" if any(step.open_ended for step in routine.steps) else clock


def routine_length(routine: Routine) -> float:
    """Planned seconds, remembered per routine object (cards, Cramp now and sorting all ask)."""
    known = _lengths.get(id(routine))
    if known is not None and known[0] is routine:
        return known[1]
    from stretch_timer.core.plan import plan

    try:
        seconds = plan(routine).total
    except ValueError:
        seconds = 0.0
    _lengths[id(routine)] = (routine, seconds)
    return seconds


class LayoutButton(QPushButton):
    """A push button whose face is a layout of labels (size follows the layout, clicks go to the button);
    Return and Enter press it as Space does."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAutoDefault(True)  # outside a dialog only an explicit autoDefault makes Return press a button

    def sizeHint(self) -> QSize:
        layout = self.layout()
        return layout.sizeHint() if layout is not None else super().sizeHint()

    def minimumSizeHint(self) -> QSize:
        layout = self.layout()
        return layout.minimumSize() if layout is not None else super().minimumSizeHint()

    def hasHeightForWidth(self) -> bool:
        layout = self.layout()
        return layout is not None and layout.hasHeightForWidth()

    def heightForWidth(self, width: int) -> int:
        layout = self.layout()
        return layout.totalHeightForWidth(width) if layout is not None else super().heightForWidth(width)


def card_label(text: str, role: str = "", *, wrap: bool = False) -> QLabel:
    """A label on a card or button face: plain text (see :func:`role_label`), and clicks go through to the button."""
    label = role_label(text, role, wrap=wrap)
    label.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
    return label


class RoutineCard(LayoutButton):
    """One routine: thumbnail, name, length, steps, tags and description; click (or Enter/Space) to choose."""

    def __init__(self, entry: RoutineEntry, *, last: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        routine = entry.routine
        assert routine is not None
        self.entry = entry
        self.routine_id = entry.id
        self.setProperty("role", "card")
        self.setCursor(Qt.CursorShape.PointingHandCursor)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        seconds = routine_length(routine)
        steps = len(routine.steps)
        row = QHBoxLayout(self)
        row.setContentsMargins(16, 14, 18, 14)
        row.setSpacing(18)
        self.thumbnail = Thumbnail(first_picture(routine), 88)
        row.addWidget(self.thumbnail, 0, Qt.AlignmentFlag.AlignTop)
        text = QVBoxLayout()
        text.setSpacing(4)
        title = card_label(routine.name, "card-title", wrap=True)
        text.addWidget(title)
        meta = f"{length_text(routine)}  ·  {steps} step{'s' if steps != 1 else ''}"
        if entry.broken_copy is not None:
            meta += "  ·  your copy has problems, so this is the bundled one"
        elif entry.source.value != "bundled":
            meta += "  ·  " + ("your copy" if entry.source.value == "customised" else "your routine")
        if last:
            meta += "  ·  last used"
        text.addWidget(card_label(meta, "muted"))
        chips = [*routine.tags, *(MUSCLE_NAMES.get(m, m).lower() for m in routine.relieves)]
        if chips:
            chip_row = QHBoxLayout()
            chip_row.setSpacing(6)
            for chip in dict.fromkeys(chips):
                chip_row.addWidget(card_label(chip, "chip"))
            chip_row.addStretch(1)
            text.addLayout(chip_row)
        if routine.description:
            text.addWidget(card_label(routine.description, "muted", wrap=True))
        row.addLayout(text, 1)
        self.setAccessibleName(f"Routine: {routine.name}")
        up_to = "up to " if any(step.open_ended for step in routine.steps) else ""
        description = [up_to + length_words(seconds), f"{steps} steps"]
        if routine.tags:
            description.append("tags " + ", ".join(routine.tags))
        if routine.description:
            description.append(routine.description)
        if last:
            description.append("last used")
        if entry.broken_copy is not None:
            description.append("your copy has problems, so this is the bundled one")
        if self.thumbnail.problem:
            description.append(self.thumbnail.problem)
        self.setAccessibleDescription(". ".join(description))
        problem = self.thumbnail.problem  # names the picture's file as written (capitalize() would lower it)
        self.setToolTip(plain_tooltip(problem[:1].upper() + problem[1:]))

