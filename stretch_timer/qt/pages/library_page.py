"""The first screen: Cramp now's muscle buttons at the top, every routine as a large card, and broken files.

Cramp now is built for someone in pain: the muscles (calf, hamstring, foot, front of thigh) are big buttons at
the top of the screen from the first paint, outside the scrolling list so no card ever pushes them away, and one
press starts that muscle's relief routine (no overview in between). Broken routine files are listed with their
problems (``path:line: field: message``) rather than hidden, so a typo in a hand-edited file is easy to find.

Nothing here runs a timer: an idle library costs no CPU. The page can be shown before the routines are loaded
(``library=None``: the header and the muscles, with "Loading routines…"), so the window paints at once; a muscle
pressed then asks for the routines (``library_wanted``) and starts when they arrive. The YAML loader, the planner
and the cards are imported only when routines arrive.

The cards, Cramp now and the thumbnails live next to this module (:mod:`~stretch_timer.qt.pages.routine_card`,
:mod:`~stretch_timer.qt.pages.cramp_panel`, :mod:`~stretch_timer.qt.pages.thumbnail`); the cards' names are
imported when the routines arrive, not before the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial
from itertools import pairwise
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from stretch_timer.qt.pages.cramp_panel import CrampPanel
from stretch_timer.qt.widgets.centred_column import centred_column
from stretch_timer.qt.widgets.labels import command_button, role_label

if TYPE_CHECKING:
    from stretch_timer.core.library import Library
    from stretch_timer.core.problems import Problem
    from stretch_timer.qt.pages.routine_card import RoutineCard

__all__ = ["CONTENT_WIDTH", "LibraryPage", "ProblemList"]

CONTENT_WIDTH = 880


class ProblemList(QFrame):
    """A file that could not be loaded, with every problem on its own line."""

    def __init__(self, title: str, problems: Sequence[Problem], parent: QWidget | None = None,
                 *, editable: bool = False) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(4)
        heading = role_label(title, "card-title")  # the file's name and its problems, as written: plain text
        self.edit_button: QPushButton | None = None
        if editable:
            top = QHBoxLayout()
            top.addWidget(heading, 1)
            self.edit_button = QPushButton("Fix in the editor")
            self.edit_button.setAccessibleName(f"Fix {title} in the editor")
            self.edit_button.setProperty("role", "secondary")
            top.addWidget(self.edit_button)
            layout.addLayout(top)
        else:
            layout.addWidget(heading)
        self.lines = [str(problem) for problem in problems] or ["could not be loaded"]
        body = role_label("\n".join(self.lines), "problem", wrap=True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(body)
        self.setAccessibleName(f"Could not load: {title}")
        self.setAccessibleDescription("; ".join(self.lines))


class LibraryPage(QWidget):
    """Cramp now's muscles on top, cards for the routines under them, and a "Could not load" section."""

    routine_chosen = Signal(str)
    """A card was clicked: show that routine's overview."""
    start_requested = Signal(str)
    """A muscle under Cramp now was clicked: start that relief routine at once."""
    command_requested = Signal(str)
    """A button for a command of the table was pressed (New routine, Import…): its id."""
    edit_requested = Signal(str)
    """"Fix in the editor" was pressed on a file that could not be loaded: its routine id."""
    library_wanted = Signal()
    """A muscle was pressed before the routines arrived: load them now (the receiver calls set_library, at once
    or later; the muscle's routine starts when they are there)."""

    def __init__(self, library: Library | None, *, last_routine: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        # The top stays put (title and Cramp now); only the routines scroll under it.
        top, top_column = centred_column(CONTENT_WIDTH, (24, 14, 24, 10), 10)
        title = role_label("Stretch Timer", "title")
        top_column.addWidget(title)
        self.cramp_panel = CrampPanel(None)
        self.cramp_panel.muscle_pressed.connect(self._muscle_pressed)
        self.cramp_panel.start_requested.connect(self.start_requested)
        top_column.addWidget(self.cramp_panel)
        outer.addWidget(top)
        self._top = top
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.verticalScrollBar().installEventFilter(self)  # keeps the top in line with the cards
        outer.addWidget(self.scroll_area, 1)
        self.cards: dict[str, RoutineCard] = {}
        self.broken: dict[str, ProblemList] = {}
        self.library: Library | None = None
        self._pending_muscle = ""
        self._asking = False
        self._chosen = last_routine
        self.set_library(library, last_routine=last_routine)

    def set_library(self, library: Library | None, *, last_routine: str = "") -> None:
        self.library = library
        self.cards.clear()
        self.broken.clear()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        self.cramp_panel.set_library(library)
        content, column = centred_column(CONTENT_WIDTH, (24, 6, 24, 28), 14)
        if library is None:
            loading = role_label("Loading routines…", "muted")
            column.addWidget(loading)
            column.addStretch(1)
            self.scroll_area.setWidget(content)
            return
        from stretch_timer.qt.pages.routine_card import RoutineCard

        column.addLayout(self._routines_heading())
        good = [entry for entry in library.entries.values() if entry.ok]
        # The last routine first: the one most people want again.
        good.sort(key=lambda entry: entry.id != last_routine)
        for entry in good:
            card = RoutineCard(entry, last=entry.id == last_routine)
            card.clicked.connect(lambda _=False, rid=entry.id: self.routine_chosen.emit(rid))
            card.installEventFilter(self)  # the focused card is the one the Routine menu means
            column.addWidget(card)
            self.cards[entry.id] = card
        if not good:
            empty = role_label("No routines found. Make one with New routine, or import one.", "muted")
            column.addWidget(empty)

        broken_entries = library.broken()
        broken_stretches = library.catalog.problems
        if broken_entries or broken_stretches:
            heading = role_label("Could not load", "heading")
            heading.setObjectName("could-not-load")
            column.addWidget(heading)
            note = role_label("These files have problems: fix them here in the editor or in a text editor (the "
                              "app notices the change), or check them with: stretch-timer validate FILE",
                              "muted", wrap=True)
            column.addWidget(note)
            for entry in broken_entries:
                item = ProblemList((entry.broken_copy or entry.path).name, entry.problems,
                                   editable=entry.source.value != "bundled" or entry.broken_copy is not None)
                if item.edit_button is not None:
                    item.edit_button.clicked.connect(lambda _=False, rid=entry.id: self.edit_requested.emit(rid))
                column.addWidget(item)
                self.broken[entry.id] = item
            if broken_stretches:
                item = ProblemList("Stretch catalog", broken_stretches)
                column.addWidget(item)
                self.broken["(stretches)"] = item
        column.addStretch(1)
        self.scroll_area.setWidget(content)
        self._set_focus_order()
        if not self._asking:
            self._start_pending()  # routines asked for by a muscle press have arrived: start its routine

    def _routines_heading(self) -> QHBoxLayout:
        """"Routines" with New routine and Import… beside it."""
        row = QHBoxLayout()
        row.addWidget(role_label("Routines", "heading"), 1)
        for command_id, text, name in (("routine.new", "New routine", "New routine"),
                                       ("routine.import", "Import…", "Import a routine")):
            row.addWidget(command_button(text, name, partial(self.command_requested.emit, command_id)))
        return row

    def chosen_routine_id(self) -> str | None:
        """The routine the Routine menu means here: the card with the focus, or the one that had it last."""
        return self._chosen if self._chosen in self.cards else None

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusIn and isinstance(watched, QWidget):
            for routine_id, card in self.cards.items():
                if card is watched:
                    self._chosen = routine_id
        if watched is self.scroll_area.verticalScrollBar() and event.type() in (QEvent.Type.Show, QEvent.Type.Hide):
            # The cards' column is centred beside the scroll bar when it shows: so is the top's.
            bar = self.scroll_area.verticalScrollBar()
            layout = self._top.layout()
            if layout is not None:
                margins = layout.contentsMargins()
                margins.setRight(margins.left() + (bar.width() if bar.isVisible() else 0))
                layout.setContentsMargins(margins)
        return super().eventFilter(watched, event)

    def _set_focus_order(self) -> None:
        """Tab visits the muscles first (row by row, then "Also:"), then the cards."""
        chain: list[QWidget] = [*self.cramp_panel.focus_order(), *self.cards.values()]
        for before, after in pairwise(chain):
            QWidget.setTabOrder(before, after)

    # --- cramp now -------------------------------------------------------------------------------------

    def _muscle_pressed(self, muscle: str) -> None:
        self._pending_muscle = muscle
        if self.library is None:
            self._asking = True
            try:
                self.library_wanted.emit()  # the receiver usually hands over the routines at once
            finally:
                self._asking = False
            if self.library is None:
                return  # they come later: set_library starts the routine then
        self._start_pending()

    def _start_pending(self) -> None:
        muscle, self._pending_muscle = self._pending_muscle, ""
        routine = self.cramp_panel.routine_for(muscle) if muscle else None
        if routine is not None:
            self.start_requested.emit(routine.id)

    def focus_cramp(self) -> None:
        """Focus the first muscle under Cramp now (a keyboard way straight to relief)."""
        self.cramp_panel.focus_first()

    def focus_default(self, routine_id: str = "") -> None:
        """Focus the card for ``routine_id`` (the last used), else the first card."""
        card = self.cards.get(routine_id) or next(iter(self.cards.values()), None)
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(card)
