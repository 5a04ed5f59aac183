"""The first screen: every routine as a large card, a prominent Cramp now, and the files that would not load.

Cramp now is built for someone in pain: one click shows the relief routines by muscle, one more starts the
right one at once (no overview in between). Broken routine files are listed with their problems
(``path:line: field: message``) rather than hidden, so a typo in a hand-edited file is easy to find.

Nothing here runs a timer: an idle library costs no CPU. The page can be shown before the routines are loaded
(``library=None``: the header and Cramp now, with "Loading routines…"), so the window paints at once; the YAML
loader and the planner are imported only when routines arrive.

The cards, Cramp now and the thumbnails live next to this module (:mod:`~stretch_timer.qt.pages.routine_card`,
:mod:`~stretch_timer.qt.pages.cramp_panel`, :mod:`~stretch_timer.qt.pages.thumbnail`); their names are
imported when the routines arrive, not before the first paint.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QFrame, QHBoxLayout, QPushButton, QScrollArea, QVBoxLayout, QWidget

from stretch_timer.qt.widgets.centred_column import centred_column
from stretch_timer.qt.widgets.labels import role_label

if TYPE_CHECKING:
    from stretch_timer.core.library import Library
    from stretch_timer.core.problems import Problem
    from stretch_timer.qt.pages.cramp_panel import CrampPanel
    from stretch_timer.qt.pages.routine_card import RoutineCard

__all__ = ["CONTENT_WIDTH", "LibraryPage", "ProblemList"]

CONTENT_WIDTH = 880


class ProblemList(QFrame):
    """A file that could not be loaded, with every problem on its own line."""

    def __init__(self, title: str, problems: Sequence[Problem], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setProperty("role", "panel")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(18, 12, 18, 12)
        layout.setSpacing(4)
        heading = role_label(title, "card-title")  # the file's name and its problems, as written: plain text
        layout.addWidget(heading)
        self.lines = [str(problem) for problem in problems] or ["could not be loaded"]
        body = role_label("\n".join(self.lines), "problem", wrap=True)
        body.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(body)
        self.setAccessibleName(f"Could not load: {title}")
        self.setAccessibleDescription("; ".join(self.lines))


class LibraryPage(QWidget):
    """Cards for the routines, Cramp now, and a "Could not load" section for broken files."""

    routine_chosen = Signal(str)
    """A card was clicked: show that routine's overview."""
    start_requested = Signal(str)
    """A muscle under Cramp now was clicked: start that relief routine at once."""
    library_wanted = Signal()
    """Cramp now was pressed before the routines arrived: load them now (the receiver calls set_library)."""

    def __init__(self, library: Library | None, *, last_routine: str = "",
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Library")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QFrame.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        outer.addWidget(self.scroll_area)
        self.cards: dict[str, RoutineCard] = {}
        self.broken: dict[str, ProblemList] = {}
        self.cramp_panel: CrampPanel | None = None
        self.cramp_button = QPushButton("Cramp now")
        self.set_library(library, last_routine=last_routine)

    def set_library(self, library: Library | None, *, last_routine: str = "") -> None:
        self.library = library
        self.cards.clear()
        self.broken.clear()
        old = self.scroll_area.takeWidget()
        if old is not None:
            old.deleteLater()
        content, column = centred_column(CONTENT_WIDTH, (24, 20, 24, 28), 14)

        header = QHBoxLayout()
        titles = QVBoxLayout()
        title = role_label("Stretch Timer", "title")
        titles.addWidget(title)
        subtitle = role_label(
            "Choose a routine to see its steps, or press Cramp now if a cramp has started.", "muted", wrap=True
        )
        titles.addWidget(subtitle)
        header.addLayout(titles, 1)
        self.cramp_button = QPushButton("Cramp now")
        self.cramp_button.setProperty("role", "urgent")
        self.cramp_button.setAccessibleName("Cramp now")
        self.cramp_button.setAccessibleDescription("Show the relief routines by muscle; one more press starts one")
        self.cramp_button.setCheckable(True)
        self.cramp_button.setCursor(Qt.CursorShape.PointingHandCursor)
        self.cramp_button.toggled.connect(self.show_cramp_panel)
        header.addWidget(self.cramp_button, 0, Qt.AlignmentFlag.AlignVCenter)
        column.addLayout(header)

        if library is None:
            self.cramp_panel = None
            loading = role_label("Loading routines…", "muted")
            column.addWidget(loading)
            column.addStretch(1)
            self.scroll_area.setWidget(content)
            return
        from stretch_timer.qt.pages.cramp_panel import CrampPanel
        from stretch_timer.qt.pages.routine_card import RoutineCard

        self.cramp_panel = CrampPanel(library)
        self.cramp_panel.start_requested.connect(self.start_requested)
        self.cramp_panel.setVisible(False)
        column.addWidget(self.cramp_panel)

        heading = role_label("Routines", "heading")
        column.addWidget(heading)
        good = [entry for entry in library.entries.values() if entry.ok]
        # The last routine first: the one most people want again.
        good.sort(key=lambda entry: entry.id != last_routine)
        for entry in good:
            card = RoutineCard(entry, last=entry.id == last_routine)
            card.clicked.connect(lambda _=False, rid=entry.id: self.routine_chosen.emit(rid))
            column.addWidget(card)
            self.cards[entry.id] = card
        if not good:
            empty = role_label("No routines found. Add .yaml files to your routines folder.", "muted")
            column.addWidget(empty)

        broken_entries = library.broken()
        broken_stretches = library.catalog.problems
        if broken_entries or broken_stretches:
            heading = role_label("Could not load", "heading")
            heading.setAccessibleName("Could not load")
            column.addWidget(heading)
            note = role_label("These files have problems; fix them in a text editor and restart, "
                              "or check them with: stretch-timer validate FILE", "muted", wrap=True)
            column.addWidget(note)
            for entry in broken_entries:
                item = ProblemList((entry.broken_copy or entry.path).name, entry.problems)
                column.addWidget(item)
                self.broken[entry.id] = item
            if broken_stretches:
                item = ProblemList("Stretch catalog", broken_stretches)
                column.addWidget(item)
                self.broken["(stretches)"] = item
        column.addStretch(1)
        self.scroll_area.setWidget(content)

    # --- cramp now -------------------------------------------------------------------------------------

    def show_cramp_panel(self, shown: bool = True) -> None:
        if self.cramp_panel is None and shown:
            self.library_wanted.emit()  # synchronously: the receiver hands over the routines
            if self.cramp_panel is not None:
                self.cramp_button.setChecked(True)
                self.show_cramp_panel(True)
            return
        if self.cramp_panel is None:
            return
        if self.cramp_button.isChecked() != shown:
            self.cramp_button.setChecked(shown)  # comes back here through toggled
            return
        self.cramp_panel.setVisible(shown)
        if shown:
            self.scroll_area.ensureWidgetVisible(self.cramp_panel)
            self.cramp_panel.focus_first()

    def focus_default(self, routine_id: str = "") -> None:
        """Focus the card for ``routine_id`` (the last used), else the first card."""
        card = self.cards.get(routine_id) or next(iter(self.cards.values()), None)
        if card is not None:
            card.setFocus(Qt.FocusReason.OtherFocusReason)
            self.scroll_area.ensureWidgetVisible(card)
