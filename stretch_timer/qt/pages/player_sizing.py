"""How big the player's words and buttons are, for the window's size and the large-type setting.

Split from the player page so the page deals with the driver and the intents, and this deals with sizes: every
font is a multiple of the page's base font (a little bigger with large type, and up to 1.8× on a big window, so
a full screen reads from across the room), the buttons' height follows, and when the full-size buttons would
not fit in one row the controls go compact (no icons, tight padding).

Whether it all fits is measured, not guessed, so it holds for any theme, font, large type and how-to: the page
is laid out at the chosen scale and checked (:meth:`PlayerSizing.misfits`): every word fits its label, every
button's face its button, the picture (or the breathing pacer) keeps at least ``PICTURE_SHARE`` of the page
and ``PICTURE_SIDE`` of its height, the ring stays readable, and the run's longest how-to would fit where the
how-to goes. If not, the scale steps down (by ``_STEP``, to no less than ``_FLOOR``) until it does. Large type
already enlarges the application's font (the theme does that), so the player's own large scales add only a
little on top: doubling both is what once shrank the picture to a thumbnail on a 1366×768 screen.
"""

from __future__ import annotations

from PySide6.QtGui import QFont
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget

from stretch_timer.qt.pages.player_controls import PlayerControls
from stretch_timer.qt.pages.player_info import PlayerInfo

# Font sizes relative to the page's base font: (normal, large type). The theme's large type has already made
# the base font 1.3× bigger; these add a little more for the words that matter most from a distance.
_SCALES: dict[str, tuple[float, float]] = {
    "phase": (3.4, 3.8),
    "side": (1.5, 1.6),
    "name": (1.7, 1.8),
    "meta": (1.4, 1.5),
    "next": (1.5, 1.6),
    "instructions": (1.25, 1.3),
    "button": (1.45, 1.55),
    "panel": (1.5, 1.6),
}
_BUTTON_HEIGHT = (60, 68)
_FIT_BASE = (1100, 720)
"""Window size (logical px) up to which fonts keep their base scale; larger windows scale up, to 1.8×."""
_STEP = 0.05
_FLOOR = 0.6
"""The smallest scale the page steps down to: the how-to is then still about the size of the app's body text."""
_LEAST_PX = 130
"""On a window too small for everything, the least left to the picture and the ring (whose digits matter most)."""
_HOW_TO_STEPS = (1.0, 0.9, 0.8)
_HOW_TO_FLOOR = _HOW_TO_STEPS[-1]

PICTURE_SHARE = 0.2
"""The least part of the page's area the picture (or the pacer) keeps, in every phase and panel."""
PICTURE_SIDE = 0.4
"""... and the least its shorter side is, as a part of the page's height (no thin strip)."""
RING_SIDE = 150
"""The countdown ring's shortest side, in pixels, below which the digits stop reading from a distance."""
WIDE_FROM = 900
"""Pages at least this wide (and wider than tall) put the how-to beside the picture instead of under it."""


def fit_for(width: int, height: int) -> float:
    """Type scale for the window: a little smaller on a small one, up to 1.8× on a big one; in steps of 0.05 so
    resizing seldom relayouts."""
    fit = min(width / _FIT_BASE[0], height / _FIT_BASE[1])
    return round(min(1.8, max(0.85, fit)) * 20) / 20


def label_misfit(label: QLabel) -> str:
    """Why ``label``'s text does not fit its rectangle ("" when it does). A wrapped label needs its height for
    its width; a one-line label needs the text's advance, unless it was cut with "…" on purpose (a tooltip then
    holds the whole text)."""
    if not label.text():
        return ""
    rect = label.contentsRect()
    if label.wordWrap():
        needed = label.heightForWidth(label.width())
        if needed > label.height():
            return f"{label.accessibleName() or label.objectName()!r} needs {needed} px high, has {label.height()}"
        return ""
    if label.text().endswith("…") and label.toolTip():
        return ""
    advance = label.fontMetrics().horizontalAdvance(label.text())
    if advance > rect.width() or label.fontMetrics().height() > rect.height():
        return (f"{label.accessibleName() or label.objectName()!r} needs {advance}x{label.fontMetrics().height()},"
                f" has {rect.width()}x{rect.height()}")
    return ""


def button_misfit(button: QPushButton) -> str:
    """Why ``button``'s face (text, icon, the style's padding) does not fit it ("" when it does)."""
    hint = button.sizeHint()
    if hint.width() > button.width() or button.fontMetrics().height() > button.height():
        return f"button {button.text()!r} needs {hint.width()} px wide, has {button.width()}x{button.height()}"
    return ""


class PlayerSizing:
    """The type scale of ``page`` (large type, window fit) applied to its information panel and controls."""

    def __init__(self, page: QWidget, root: QVBoxLayout, info: PlayerInfo, controls: PlayerControls) -> None:
        self._page = page
        self._root = root
        self._info = info
        self._controls = controls
        self.large = False
        self.fit = 1.0
        self.how_to = 1.0
        """The how-to's own factor on top of ``fit`` (below 1 when a long how-to would not fit otherwise)."""
        self._wide_needs = 0  # how wide the controls need to be without compacting (measured when compacting)
        self._fitting = False
        self.pending = False
        """A refit waits for the page to show (see :meth:`refit`)."""

    def font(self, key: str, *, bold: bool = False) -> QFont:
        font = QFont(self._page.font())
        base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
        scale = _SCALES[key][1 if self.large else 0] * self.fit * (self.how_to if key == "instructions" else 1.0)
        font.setPointSizeF(base * scale)
        font.setBold(bold)
        return font

    def _set_how_to(self, how_to: float) -> None:
        if how_to != self.how_to:
            self.how_to = how_to
            if self.fit > 0:  # else the next _set_fit applies every font
                self._info.apply_how_to_font(self.font("instructions"))

    def apply(self) -> None:
        """Set every font, the buttons' height and their compact or full form from the current scale."""
        info, controls = self._info, self._controls
        info.apply_fonts(self.font)
        controls.apply_panel_fonts(self.font)
        # The header is as tall as the "Muted" badge whether it shows or not: M must not move the page.
        info.step_label.setMinimumHeight(controls.muted_badge.sizeHint().height())
        info.fix_total_size()
        height = round(_BUTTON_HEIGHT[1 if self.large else 0] * self.fit)
        controls.apply_button_fonts(self.font, height, large=self.large)
        info.render_instructions(force=True)

    def set_large(self, large: bool) -> None:
        if large != self.large:
            self.large = large
            self.refit()

    def refit(self) -> None:
        """Type or words changed (large type, the app's font, a new run): measure again from the start.

        A hidden page waits until it shows: its size is not the real one yet (a page built for ``stretch-timer
        start`` is 640×480 until the window is laid out, where measuring took a dozen tries, ~30 ms, before the
        first paint), and the resize or show that comes first measures at the real size (:meth:`fit_to`).
        """
        if not self._page.isVisible():
            self.pending = True
            return
        self.pending = True
        self.fit_to(self._page.width(), self._page.height())

    def fit_to(self, width: int, height: int) -> None:
        """The largest scale up to the window's own (``fit_for``) at which everything fits, measured."""
        if self._fitting:
            return
        if self.pending:  # from the start (see refit)
            self.pending = False
            self._controls.compact = False
            self.fit = 0.0  # not a scale fit_to would pick: it applies its own
        self._fitting = True
        try:
            self._info.arrange(wide=width >= WIDE_FROM and width >= height)
            top = fit = fit_for(width, height)
            self._set_how_to(1.0)
            while not self._fits_at(fit, width) and fit > _FLOOR + 1e-9:
                fit = round(max(_FLOOR, fit - _STEP), 2)
            if fit <= _FLOOR + 1e-9 and self.misfits():
                # A window too small for it all: words that fit before a picture that keeps its share.
                fit = top
                while not self._fits_at(fit, width, words_only=True) and fit > _FLOOR + 1e-9:
                    fit = round(max(_FLOOR, fit - _STEP), 2)
        finally:
            self._fitting = False

    def _fits_at(self, fit: float, width: int, *, words_only: bool = False) -> bool:
        """Whether everything (or, ``words_only``, every word) fits at scale ``fit``, with the how-to as big as
        it can be (which stays set)."""
        self._set_fit(fit, width)
        for how_to in _HOW_TO_STEPS:
            self._set_how_to(how_to)
            if not self.misfits(words_only=words_only):
                return True
        return False

    def _set_fit(self, fit: float, width: int) -> None:
        """Apply scale ``fit``, compact buttons when the full ones would not fit in one row of ``width``."""
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

    # --- measuring -------------------------------------------------------------------------------------

    def misfits(self, *, words_only: bool = False) -> list[str]:
        """Lay the page out at its size now and say what does not fit (empty: everything does); ``words_only``:
        only the words, the picture and the ring may be small."""
        page, info, controls = self._page, self._info, self._controls
        root = self._root
        root.invalidate()
        root.activate()
        # The widgets with layouts of their own lay out on a posted event: now, at the sizes just given them.
        for box in (controls.stack, controls.row_box, controls.confirm_bar, controls.ease_panel,
                    controls.muted_badge):
            layout = box.layout()
            if layout is not None:
                layout.invalidate()
                layout.activate()
        problems: list[str] = []
        labels = [info.name_label, info.side_label, info.step_label, info.total_label, info.phase_label,
                  info.instructions_label, info.next_label, controls.ease_text, controls.confirm_text,
                  controls.muted_badge.text]
        for label in labels:
            if label.isVisibleTo(page) and (problem := label_misfit(label)):
                problems.append(problem)
        buttons = [*controls.main_buttons, controls.resume_after_ease, controls.keep_going_button,
                   controls.confirm_stop_button]
        for button in buttons:
            if button.isVisibleTo(page) and (problem := button_misfit(button)):
                problems.append(problem)
        problems += self._body_misfits(words_only=words_only)
        return problems

    def _body_misfits(self, *, words_only: bool) -> list[str]:
        page, info = self._page, self._info
        problems = []
        visual = info.visual.geometry()
        # The longest how-to of the run, and the ease-off panel that stands in for it, must fit where the how-to
        # goes: beside the picture, within the column's height; under it, in what the picture can spare.
        spare = 0
        cell = info.body.cellRect(0, 1) if info.wide else info.body.cellRect(1, 0).united(info.body.cellRect(1, 1))
        if cell.isValid():
            needed = info.longest_how_to(cell.width())
            panel = info.how_to_panel
            if panel is not None:
                needed = max(needed, panel.heightForWidth(cell.width()))
            if info.wide and needed > cell.height():
                problems.append(f"the longest how-to needs {needed} px high, has {cell.height()}")
            elif not info.wide:
                spare = max(0, needed - cell.height())
        width, height = visual.width(), visual.height() - spare
        if words_only:  # the picture and the ring may shrink to make room for the words, but not to nothing
            ring = info.ring.geometry()
            if min(height, width, ring.width(), ring.height() - spare) < _LEAST_PX:
                problems.append(f"the words leave the picture {width}x{height}, the ring {ring.width()}x"
                                f"{ring.height() - spare}")
            return problems
        area = max(1, page.width() * page.height())
        if width * height < PICTURE_SHARE * area:
            problems.append(f"picture {width}x{height} is under {PICTURE_SHARE:.0%} of the page")
        if min(width, height) < PICTURE_SIDE * page.height():
            problems.append(f"picture {width}x{height} is thinner than {PICTURE_SIDE:.0%} of the page's height")
        ring = info.ring.geometry()
        if min(ring.width(), ring.height()) < RING_SIDE:
            problems.append(f"countdown ring {ring.width()}x{ring.height()} is under {RING_SIDE} px")
        return problems
