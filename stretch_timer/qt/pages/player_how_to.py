"""The player's how-to block: the stretch's numbered how-to with its safety line, and the step's own note
under it, small and muted.

Split from the information panel so the panel deals with the phase (header, big words, picture, ring) and
this deals with the words of the how-to: showing them (every word from the file escaped), their type, and
measuring the tallest how-to and note of the run, so the page's sizing makes room for it once and the type
stays the same from step to step. Its labels are the page's own children (a layout, not a widget, holds
them), so the widget tree and the layout are those of one page.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QPalette
from PySide6.QtWidgets import QSizePolicy, QVBoxLayout, QWidget

from stretch_timer.core.model import Routine, Stretch
from stretch_timer.core.plan import Phase
from stretch_timer.qt.pages.player_labels import ignore_width, make_label, set_text
from stretch_timer.qt.widgets.labels import role_label

NOTE_SCALE = 0.85
"""The step note's type, relative to the how-to's: there, but quieter than the instructions."""
NOTE_GAP = 6
ROUNDING = 2
"""Pixels the box layout may lose splitting the cell between the how-to and the note."""


class PlayerHowTo:
    """The how-to and the note labels on ``page``, in :attr:`box`; what the sizing measures them by."""

    def __init__(self, page: QWidget) -> None:
        self._page = page
        self.stretch: Stretch | None = None
        """The stretch whose how-to is shown."""
        self.instructions_label = make_label(page, "Instructions", wrap=True, role="instructions")
        self.instructions_label.setTextFormat(Qt.TextFormat.RichText)
        self.instructions_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        ignore_width(self.instructions_label, QSizePolicy.Policy.Preferred)
        # The author's own note for the step (a routine's `note`), small and muted under the how-to; plain text.
        self.note_label = make_label(page, "Step note", wrap=True, role="muted")
        self.note_label.setTextFormat(Qt.TextFormat.PlainText)
        self.note_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        ignore_width(self.note_label, QSizePolicy.Policy.Preferred)
        self.note_label.hide()
        self.box = QVBoxLayout()  # a layout, not a widget: the labels stay the page's own children
        self.box.setContentsMargins(0, 0, 0, 0)
        self.box.setSpacing(NOTE_GAP)
        self.box.addWidget(self.instructions_label, 0)
        self.box.addWidget(self.note_label, 1)  # takes what the how-to leaves, its words at the top
        self._shown = True
        self._notes: tuple[str, ...] = ()  # every note of the run, so the sizing makes room for the longest
        self.how_tos: tuple[Stretch, ...] = ()

        # For measuring how-tos other than the one shown (the longest of the run, see longest).
        self._probe = role_label(role="instructions", wrap=True, parent=page)
        self._probe.setTextFormat(Qt.TextFormat.RichText)
        self._probe.hide()
        self._note_probe = role_label(role="muted", wrap=True, parent=page)
        self._note_probe.hide()

    def set_shown(self, shown: bool) -> None:
        """The how-to and its note, or (``shown`` False) neither: something stands in for them."""
        self._shown = shown
        self.instructions_label.setVisible(shown)
        self.note_label.setVisible(shown and bool(self.note_label.text()))

    def apply_font(self, font: QFont) -> None:
        """The how-to's type (the note's a little smaller), for the labels and the probes alike."""
        self.instructions_label.setFont(font)
        self._probe.setFont(font)
        note = QFont(font)
        if font.pointSizeF() > 0:
            note.setPointSizeF(font.pointSizeF() * NOTE_SCALE)
        else:
            note.setPixelSize(max(1, round(font.pixelSize() * NOTE_SCALE)))
        self.note_label.setFont(note)
        self._note_probe.setFont(note)

    def set_run(self, routine: Routine) -> None:
        """What the sizing must make room for in ``routine``: its how-tos, and its steps' notes under them."""
        self.how_tos = tuple(dict.fromkeys(step.stretch for step in routine.steps))
        self._notes = tuple(step.note for step in routine.steps if step.note)

    def show_stretch(self, stretch: Stretch | None) -> None:
        """Show ``stretch``'s how-to, when it is not the one shown already."""
        if stretch != self.stretch:
            self.stretch = stretch
            self.render(force=True)

    def show_note(self, routine: Routine | None, phase: Phase) -> None:
        """The step's note, during every phase of that step (its lead-in rest, holds, switches, sets' rests);
        the first get-ready, which belongs to no step, shows the first step's, as it shows "Step 1"."""
        index = phase.step_index or 0
        note = (routine.steps[index].note or "") if routine is not None and index < len(routine.steps) else ""
        set_text(self.note_label, note)
        self.note_label.setVisible(self._shown and bool(note))

    def render(self, *, force: bool = False) -> None:
        stretch = self.stretch
        if stretch is None:
            set_text(self.instructions_label, "")
            return
        html = self.html(stretch)
        if force or self.instructions_label.text() != html:
            set_text(self.instructions_label, html)

    def longest(self, width: int) -> int:
        """The height the tallest how-to of the run (``how_tos``, and the one shown) needs at ``width``, in the
        how-to's type, with the tallest note under it."""
        tallest = self.instructions_label.heightForWidth(width) if self.instructions_label.text() else 0
        for stretch in self.how_tos:
            if stretch is self.stretch:
                continue
            self._probe.setText(self.html(stretch))
            tallest = max(tallest, self._probe.heightForWidth(width))
        note = 0
        for text in self._notes:
            self._note_probe.setText(text)
            note = max(note, self._note_probe.heightForWidth(width) + NOTE_GAP + ROUNDING)
        return tallest + note

    def html(self, stretch: Stretch) -> str:
        """The numbered how-to and the safety line in a softer colour, every word from the file escaped."""
        palette = self._page.palette()
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        soft = QColor.fromRgbF(
            text_colour.redF() * 0.68 + window.redF() * 0.32,
            text_colour.greenF() * 0.68 + window.greenF() * 0.32,
            text_colour.blueF() * 0.68 + window.blueF() * 0.32,
        )
        items = "".join(f"<li style='margin-bottom:3px'>{escape(line)}</li>" for line in stretch.instructions)
        html = f"<ol style='margin-left:0px; -qt-list-indent:1'>{items}</ol>" if items else ""
        if stretch.safety:
            html += f"<p style='color:{soft.name()}; margin-top:2px'><i>{escape(stretch.safety)}</i></p>"
        return html
