"""How big the player's words and buttons are, for the window's size and the large-type setting.

Split from the player page so the page deals with the driver and the intents, and this deals with sizes: every
font is a multiple of the page's base font (bigger with large type, and up to 1.8× on a big window, so a full
screen reads from across the room), the buttons' height follows, and when the full-size buttons would not fit in
one row the controls go compact (no icons, tight padding). Whether they fit is measured, not guessed, so it
holds for any theme, font and large type.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QVBoxLayout, QWidget

from stretch_timer.qt.pages.player_controls import PlayerControls
from stretch_timer.qt.pages.player_info import PlayerInfo

# Font sizes relative to the page's base font: (normal, large type).
# On a big window everything grows a little more (``fit``), so a full screen reads from across the room.
_SCALES: dict[str, tuple[float, float]] = {
    "phase": (3.7, 4.8),
    "side": (1.6, 2.1),
    "name": (1.8, 2.3),
    "meta": (1.5, 1.9),
    "next": (1.6, 2.0),
    "instructions": (1.3, 1.6),
    "button": (1.5, 1.9),
    "panel": (1.6, 2.0),
}
_BUTTON_HEIGHT = (60, 76)
_FIT_BASE = (1100, 720)
"""Window size (logical px) up to which fonts keep their base scale; larger windows scale up, to 1.8×."""


def fit_for(width: int, height: int) -> float:
    """Type scale for the window: a little smaller on a small one, up to 1.8× on a big one; in steps of 0.05 so
    resizing seldom relayouts."""
    fit = min(width / _FIT_BASE[0], height / _FIT_BASE[1])
    return round(min(1.8, max(0.85, fit)) * 20) / 20


class PlayerSizing:
    """The type scale of ``page`` (large type, window fit) applied to its information panel and controls."""

    def __init__(self, page: QWidget, root: QVBoxLayout, info: PlayerInfo, controls: PlayerControls) -> None:
        self._page = page
        self._root = root
        self._info = info
        self._controls = controls
        self.large = False
        self.fit = 1.0
        self._wide_needs = 0  # how wide the controls need to be without compacting (measured when compacting)

    def font(self, key: str, *, bold: bool = False) -> QFont:
        font = QFont(self._page.font())
        base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        font.setPointSizeF(base * _SCALES[key][1 if self.large else 0] * self.fit)
        font.setBold(bold)
        return font

    def apply(self) -> None:
        """Set every font, the buttons' height and their compact or full form from the current scale."""
        info, controls = self._info, self._controls
        info.apply_fonts(self.font)
        controls.apply_panel_fonts(self.font)
        info.fix_total_size()
        height = round(_BUTTON_HEIGHT[1 if self.large else 0] * self.fit)
        controls.apply_button_fonts(self.font, height, large=self.large)
        info.render_instructions(force=True)

    def set_large(self, large: bool) -> None:
        if large != self.large:
            self.large = large
            self.refit()

    def refit(self) -> None:
        """Type changed (large type, the app's font): measure again from the full-size controls."""
        self._controls.compact = False
        self.apply()
        self.fit_to(self._page.width(), self._page.height())

    def fit_to(self, width: int, height: int) -> None:
        """Type scale for the window size; compact buttons (no icons, tight padding) when the full ones would
        not fit in one row. Whether they fit is measured, so it holds for any theme, font and large type."""
        fit = fit_for(width, height)
        if fit != self.fit:
            self.fit = fit
            self.apply()
        margins = self._root.contentsMargins()
        available = width - margins.left() - margins.right()
        controls = self._controls
        if not controls.compact and controls.row.minimumSize().width() > available:
            self._wide_needs = controls.row.minimumSize().width()
            controls.compact = True
            self.apply()
        elif controls.compact and available >= self._wide_needs:
            controls.compact = False
            self.apply()
            needs = controls.row.minimumSize().width()
            if needs > available:  # bigger type since we last measured: still too narrow
                self._wide_needs = needs
                controls.compact = True
                self.apply()
