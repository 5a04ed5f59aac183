"""Colours and type: light and dark (following the system), and a bedtime theme for the dark bedroom.

Widgets draw with palette roles only, so one :func:`apply_theme` recolours everything: ``Highlight`` is the
countdown arc, ``Mid`` the ring's track, ``WindowText`` the big digits. The bedtime theme is very dark and
warm (red-shifted, nothing close to white), and asks for quieter cues through ``cue_volume_factor``.

Type follows the system font: sizes here are multiples of the font the platform gave the application at
start, and the large-type setting multiplies them once more.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from stretch_timer.qt.theme_style import stylesheet

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

LARGE_TYPE_SCALE = 1.3
PICTURE_TINT_PROPERTY = "stretchTimerPictureTint"
"""Application property holding the current theme's picture tint ("" for none), for widgets that draw pictures."""


class Theme(NamedTuple):
    """A named set of colours (a NamedTuple: cheap to define at start-up, immutable, comparable)."""

    name: str
    label: str
    dark: bool
    window: str
    surface: str
    """Cards, lists and text fields."""
    text: str
    muted: str
    """Secondary text: times, tags, hints."""
    accent: str
    """The countdown arc, focus rings, the Start button."""
    accent_text: str
    track: str
    """The countdown ring's track, borders."""
    button: str
    button_text: str
    urgent: str
    """The Cramp now button."""
    urgent_text: str
    problem: str
    """Text of problems (broken files, notices)."""
    border: str
    """Edges of controls (buttons, fields, check boxes, the slider's groove): at least 3:1 against the window and
    the surfaces, so a control can be found by its outline (``track`` is the quieter edge of panels and chips)."""
    urgent_border: str
    """The Cramp now button's edge: its fill may be too deep to stand out from the window on its own."""
    cue_volume_factor: float = 1.0
    picture_tint: str = ""
    """Pictures are multiplied by this colour (bedtime: warm and dimmer); "" leaves them as drawn."""

    def color(self, value: str) -> QColor:
        return QColor(value)


LIGHT = Theme(
    name="light", label="Light", dark=False,
    window="#f4f2ee", surface="#fcfbf8", text="#1d2125", muted="#59606b",
    accent="#2b6a8a", accent_text="#fcfbf8", track="#d5d0c7",
    button="#e6e2da", button_text="#1d2125",
    urgent="#a8432a", urgent_text="#fcfbf8", problem="#9a3412",
    border="#858078", urgent_border="#a8432a",
)

DARK = Theme(
    name="dark", label="Dark", dark=True,
    window="#1a1d22", surface="#242830", text="#e4e6ea", muted="#a0a7b1",
    accent="#6aaed0", accent_text="#11161b", track="#3a414c",
    button="#2e343d", button_text="#e4e6ea",
    urgent="#b34f35", urgent_text="#fbf4ef", problem="#f0a27a",
    border="#6e7684", urgent_border="#c75b3f",
)

BEDTIME = Theme(
    name="bedtime", label="Bedtime", dark=True,
    window="#140c08", surface="#1e130d", text="#cfae8c", muted="#a3846a",
    accent="#c27a45", accent_text="#140c08", track="#35231a",
    button="#2a1a12", button_text="#cfae8c",
    urgent="#7f3320", urgent_text="#e8c9a8", problem="#d08a5c",
    border="#80604b", urgent_border="#b4553a",
    cue_volume_factor=0.5, picture_tint="#f0ccaa",
)

THEMES: dict[str, Theme] = {theme.name: theme for theme in (LIGHT, DARK, BEDTIME)}
THEME_CHOICES: tuple[tuple[str, str], ...] = (
    ("system", "Follow the system (light or dark)"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("bedtime", "Bedtime (very dark, warm, quieter)"),
)


def system_theme() -> Theme:
    """Light or dark as the desktop says; light when it does not say (e.g. offscreen)."""
    hints = QGuiApplication.styleHints()
    return DARK if hints.colorScheme() == Qt.ColorScheme.Dark else LIGHT


def resolve(name: str) -> Theme:
    """The theme for a setting value ("system", "light", "dark", "bedtime")."""
    return THEMES.get(name) or system_theme()


def palette_for(theme: Theme) -> QPalette:
    c = theme.color
    palette = QPalette()
    roles = QPalette.ColorRole
    for role, value in (
        (roles.Window, theme.window), (roles.WindowText, theme.text), (roles.Base, theme.surface),
        (roles.AlternateBase, theme.button), (roles.Text, theme.text), (roles.Button, theme.button),
        (roles.ButtonText, theme.button_text), (roles.Highlight, theme.accent),
        (roles.HighlightedText, theme.accent_text), (roles.Mid, theme.track), (roles.PlaceholderText, theme.muted),
        (roles.ToolTipBase, theme.surface), (roles.ToolTipText, theme.text), (roles.BrightText, theme.urgent_text),
        (roles.Link, theme.accent), (roles.LinkVisited, theme.accent), (roles.Light, theme.surface),
        (roles.Midlight, theme.button), (roles.Dark, theme.track), (roles.Shadow, theme.window),
        (roles.Accent, theme.accent),
    ):
        palette.setColor(role, c(value))
    disabled = QPalette.ColorGroup.Disabled
    for role in (roles.WindowText, roles.Text, roles.ButtonText):
        palette.setColor(disabled, role, c(theme.muted))
    return palette


def picture_tint() -> QColor | None:
    """The colour pictures should be multiplied by under the current theme, or None."""
    app = QGuiApplication.instance()
    value = app.property(PICTURE_TINT_PROPERTY) if app is not None else None
    return QColor(value) if isinstance(value, str) and value else None


def tinted(image: QImage, tint: QColor | None) -> QImage:
    """``image`` multiplied by ``tint`` (transparency kept): blues and whites turn warm and dim at bedtime.

    The tint is light (a pale peach): the pictures are drawn in mid blue-greys, and a deeper tint took so much
    of their light that the figures sank into the bedtime window ("very dim", about 2:1). This one keeps them
    at about 4:1 and the brightest colour in them dimmer than the bedtime text.
    """
    if tint is None:
        return image
    from PySide6.QtGui import QImage, QPainter  # pictures only: the first paint need not build their enums

    out = image.convertToFormat(QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(out)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Multiply)
    painter.fillRect(out.rect(), tint)
    painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_DestinationIn)
    painter.drawImage(0, 0, image)
    painter.end()
    return out


class Appearance:
    """What is applied to the application right now; remembers the system's own font to scale from."""

    def __init__(self, base_font: QFont, theme: Theme = LIGHT, large_type: bool = False) -> None:
        self.base_font = base_font
        self.theme = theme
        self.large_type = large_type

    @property
    def base_pt(self) -> float:
        size = self.base_font.pointSizeF()
        if size <= 0:  # a pixel-sized system font
            size = self.base_font.pixelSize() * 0.75
        return size * (LARGE_TYPE_SCALE if self.large_type else 1.0)


SYSTEM_FONT_PROPERTY = "stretchTimerSystemFont"
"""Application property holding the font the application had before any theme scaled it."""


def system_font(app: QApplication) -> QFont:
    """The application's own font from before the first theme was applied (remembered on ``app`` then).

    Every theme scales from this one, never from ``app.font()``: once large type is on, that is already
    enlarged, and a second window (tests, screenshots, a window opened later) would enlarge it again.
    """
    remembered = app.property(SYSTEM_FONT_PROPERTY)
    if isinstance(remembered, QFont):
        return QFont(remembered)
    font = QFont(app.font())
    app.setProperty(SYSTEM_FONT_PROPERTY, font)
    return QFont(font)


def _refont_windows(app: QApplication) -> None:
    """Give every window the application's new font now, before the style sheet polishes their children.

    ``QApplication.setFont`` does not reach a window that is not shown yet (the main window while it is being
    built), and under an application style sheet its children take their font from it when they are
    polished: without this, text with no size of its own in the style sheet (hints, card summaries, the status
    line) stayed at the system size when the window opened in large type.
    """
    from PySide6.QtCore import QEvent

    for window in app.topLevelWidgets():
        QApplication.sendEvent(window, QEvent(QEvent.Type.ApplicationFontChange))


def apply_theme(app: QApplication, theme: Theme, *, appearance: Appearance | None = None,
                large_type: bool | None = None) -> Appearance:
    """Palette, stylesheet and font for ``theme``; returns what was applied (pass it back next time)."""
    if appearance is None:
        appearance = Appearance(base_font=system_font(app))
    appearance.theme = theme
    if large_type is not None:
        appearance.large_type = large_type
    font = QFont(appearance.base_font)
    font.setPointSizeF(appearance.base_pt)
    app.setProperty(PICTURE_TINT_PROPERTY, theme.picture_tint)
    app.setPalette(palette_for(theme))
    if app.font() != font:
        app.setFont(font)
        _refont_windows(app)
    sheet = stylesheet(theme, appearance.base_pt)
    if app.styleSheet() != sheet:  # re-polishing every widget is the expensive part
        app.setStyleSheet(sheet)
    return appearance
