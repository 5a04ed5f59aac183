"""Colours and type: light and dark (following the system), and a bedtime theme for the dark bedroom.

Widgets draw with palette roles only, so one :func:`apply_theme` recolours everything: ``Highlight`` is the
countdown arc, ``Mid`` the ring's track, ``WindowText`` the big digits. The bedtime theme is very dark and
warm (red-shifted, nothing close to white), and asks for quieter cues through ``cue_volume_factor``.

Type follows the system font: sizes here are multiples of the font the platform gave the application at
start, and the large-type setting multiplies them once more.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

LARGE_TYPE_SCALE = 1.3


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


_TICK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16">'
    '<path d="M3.2 8.4 6.6 11.6 12.8 4.6" fill="none" stroke="{colour}" stroke-width="2.2" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)


_ARROW_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="{size}" height="{size}" viewBox="0 0 16 16">'
    '<path d="{path}" fill="none" stroke="{colour}" stroke-width="2.2" '
    'stroke-linecap="round" stroke-linejoin="round"/></svg>'
)
_ARROW_PATHS = {"up": "M4 10.5 8 6.5 12 10.5", "down": "M4 5.5 8 9.5 12 5.5"}


def tick_image(colour: str, size: int) -> str:
    """A check mark in ``colour`` as an SVG file for the style sheet's ``image:`` (which takes only files)."""
    return svg_file("tick", _TICK_SVG.format(colour=colour, size=size))


def arrow_image(direction: str, colour: str, size: int) -> str:
    """A chevron ("up" or "down") in ``colour`` for a spin box's buttons, as an SVG file like :func:`tick_image`."""
    return svg_file(f"arrow-{direction}", _ARROW_SVG.format(colour=colour, size=size, path=_ARROW_PATHS[direction]))


def svg_file(kind: str, text: str) -> str:
    """``text`` as an SVG file, named by its content in a folder under the temporary directory, so a theme's
    file is written once and every running copy of the app shares it. Returns the path with forward slashes,
    as style sheets want it; "" if it cannot be written (the control then shows without it, never a failure
    to start)."""
    folder = Path(tempfile.gettempdir()) / "stretch-timer-style"
    path = folder / f"{kind}-{hashlib.sha1(text.encode()).hexdigest()[:12]}.svg"
    if not path.is_file():
        try:
            folder.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(f".{os.getpid()}.part")
            partial.write_text(text, encoding="utf-8")
            partial.replace(path)
        except OSError:
            return ""
    return path.as_posix()


def _pt(base: float, factor: float) -> str:
    return f"{base * factor:.1f}pt"


def stylesheet(theme: Theme, base_pt: float) -> str:
    """Big, calm controls; sizes relative to the (possibly enlarged) base font.

    Check boxes, radio buttons and fields are drawn here rather than by the Fusion style: Fusion outlines them in
    the window colour made 40 % darker, which on a dark window is all but invisible (about 1.1:1 at bedtime).
    Every spin box is a field here, time fields too (QTimeEdit is no QSpinBox: the night hours were drawn by
    Fusion). A disabled control is dashed, so it reads as "not now" without relying on its text colour alone.
    Dialog buttons carry no icons: Fusion's were drawn against their text ("✗Close").
    """
    t = theme
    box = max(12, round(base_pt * 1.45))
    tick = tick_image(t.accent_text, box)
    arrow = max(8, round(base_pt * 1.1))
    up, down = arrow_image("up", t.text, arrow), arrow_image("down", t.text, arrow)
    up_off, down_off = arrow_image("up", t.muted, arrow), arrow_image("down", t.muted, arrow)
    return f"""
QPushButton {{
    background: {t.button}; color: {t.button_text}; border: 1px solid {t.border};
    border-radius: 10px; padding: 0.45em 1.1em;
}}
QPushButton:hover {{ border-color: {t.accent}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; }}
QPushButton:pressed {{ background: {t.track}; }}
QPushButton:disabled {{ color: {t.muted}; border-style: dashed; }}
QPushButton[role="primary"] {{
    background: {t.accent}; color: {t.accent_text}; border: 2px solid {t.accent};
    font-size: {_pt(base_pt, 1.35)}; font-weight: 600; padding: 0.5em 2.2em;
}}
QPushButton[role="primary"]:focus {{ border: 2px solid {t.text}; }}
QPushButton[role="urgent"] {{
    background: {t.urgent}; color: {t.urgent_text}; border: 2px solid {t.urgent_border};
    font-size: {_pt(base_pt, 1.45)}; font-weight: 700; padding: 0.5em 1.6em;
}}
QPushButton[role="urgent"]:focus {{ border: 2px solid {t.text}; }}
QPushButton[role="urgent"]:checked {{ background: {t.surface}; color: {t.text}; border: 2px solid {t.urgent_border}; }}
QPushButton[role="secondary"] {{ font-size: {_pt(base_pt, 1.2)}; padding: 0.55em 1.6em; }}
QPushButton[role="muscle"] {{
    font-size: {_pt(base_pt, 1.3)}; font-weight: 600; padding: 0.6em 1.2em; text-align: left;
}}
QPushButton[role="card"] {{
    background: {t.surface}; border: 1px solid {t.border}; border-radius: 14px; padding: 0; text-align: left;
}}
QPushButton[role="card"]:hover {{ border: 2px solid {t.accent}; }}
QPushButton[role="card"]:focus {{ border: 2px solid {t.accent}; }}
QFrame[role="panel"] {{
    background: {t.surface}; border: 1px solid {t.track}; border-radius: 14px;
}}
QFrame[role="panel"] QLabel {{ background: transparent; border: none; }}
QLabel[role="title"] {{ font-size: {_pt(base_pt, 1.9)}; font-weight: 600; }}
QLabel[role="heading"] {{ font-size: {_pt(base_pt, 1.35)}; font-weight: 600; }}
QLabel[role="card-title"] {{ font-size: {_pt(base_pt, 1.3)}; font-weight: 600; background: transparent; }}
QLabel[role="muted"] {{ color: {t.muted}; background: transparent; }}
QLabel[role="chip"], QFrame[role="panel"] QLabel[role="chip"] {{
    color: {t.muted}; background: {t.window}; border: 1px solid {t.track}; border-radius: 8px;
    padding: 0.05em 0.5em;
}}
QLabel[role="problem"] {{ color: {t.problem}; }}
QLabel[role="notice"] {{ color: {t.muted}; }}
QScrollArea, QScrollArea > QWidget > QWidget {{ background: transparent; border: none; }}
QStatusBar {{ color: {t.muted}; padding-left: 12px; }}
QStatusBar QLabel {{ color: {t.muted}; }}
QMenuBar {{ background: {t.window}; color: {t.text}; }}
QMenuBar::item:selected {{ background: {t.button}; }}
QMenu {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.track}; }}
QMenu::item:selected {{ background: {t.accent}; color: {t.accent_text}; }}
QToolTip {{ background: {t.surface}; color: {t.text}; border: 1px solid {t.track}; }}
QSlider::groove:horizontal {{ height: 6px; background: {t.border}; border-radius: 3px; }}
QSlider::sub-page:horizontal {{ background: {t.accent}; border-radius: 3px; }}
QSlider::handle:horizontal {{
    background: {t.accent}; border: 2px solid {t.surface}; width: 20px; margin: -8px 0; border-radius: 11px;
}}
QSlider::handle:horizontal:focus {{ border: 2px solid {t.text}; }}
QCheckBox, QRadioButton {{ spacing: 0.5em; }}
QCheckBox::indicator, QRadioButton::indicator {{
    width: {box}px; height: {box}px; border: 2px solid {t.border}; background: {t.surface};
}}
QCheckBox::indicator {{ border-radius: 4px; }}
QRadioButton::indicator {{ border-radius: {box // 2 + 1}px; }}
QCheckBox::indicator:hover, QRadioButton::indicator:hover {{ border-color: {t.text}; }}
QCheckBox::indicator:focus, QRadioButton::indicator:focus {{ border-color: {t.accent}; }}
QCheckBox::indicator:checked {{ background: {t.accent}; border-color: {t.accent}; image: url({tick}); }}
QCheckBox::indicator:checked:focus, QRadioButton::indicator:checked:focus {{ border-color: {t.text}; }}
QRadioButton::indicator:checked {{
    border-color: {t.accent};
    background: qradialgradient(cx: 0.5, cy: 0.5, radius: 0.5, fx: 0.5, fy: 0.5, stop: 0 {t.accent},
                                stop: 0.5 {t.accent}, stop: 0.56 {t.surface}, stop: 1 {t.surface});
}}
QCheckBox::indicator:disabled, QRadioButton::indicator:disabled {{ border-style: dashed; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {t.muted}; }}
QLineEdit, QAbstractSpinBox, QComboBox, QPlainTextEdit, QTextEdit {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.border}; border-radius: 6px;
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
QLineEdit, QAbstractSpinBox, QComboBox {{ padding: 0.2em 0.4em; }}
QLineEdit:focus, QAbstractSpinBox:focus, QComboBox:focus, QPlainTextEdit:focus, QTextEdit:focus {{
    border: 1px solid {t.accent};
}}
QLineEdit:disabled, QAbstractSpinBox:disabled, QComboBox:disabled, QPlainTextEdit:disabled, QTextEdit:disabled {{
    color: {t.muted}; border-style: dashed;
}}
QAbstractSpinBox {{ padding-right: {arrow + 10}px; }}
QAbstractSpinBox::up-button, QAbstractSpinBox::down-button {{
    subcontrol-origin: border; width: {arrow + 8}px; border: none; background: transparent;
}}
QAbstractSpinBox::up-button {{ subcontrol-position: top right; }}
QAbstractSpinBox::down-button {{ subcontrol-position: bottom right; }}
QAbstractSpinBox::up-button:hover, QAbstractSpinBox::down-button:hover {{ background: {t.button}; }}
QAbstractSpinBox::up-arrow {{ image: url({up}); width: {arrow}px; height: {arrow}px; }}
QAbstractSpinBox::down-arrow {{ image: url({down}); width: {arrow}px; height: {arrow}px; }}
QAbstractSpinBox::up-arrow:disabled, QAbstractSpinBox::up-arrow:off {{ image: url({up_off}); }}
QAbstractSpinBox::down-arrow:disabled, QAbstractSpinBox::down-arrow:off {{ image: url({down_off}); }}
QComboBox {{ padding-right: {arrow + 12}px; }}
QComboBox::drop-down {{
    subcontrol-origin: padding; subcontrol-position: center right; width: {arrow + 10}px; border: none;
}}
QComboBox::down-arrow {{ image: url({down}); width: {arrow}px; height: {arrow}px; }}
QComboBox::down-arrow:disabled {{ image: url({down_off}); }}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QComboBox QAbstractItemView {{
    background: {t.surface}; color: {t.text}; border: 1px solid {t.border};
    selection-background-color: {t.accent}; selection-color: {t.accent_text};
}}
"""


PICTURE_TINT_PROPERTY = "stretchTimerPictureTint"
"""Application property holding the current theme's picture tint ("" for none), for widgets that draw pictures."""


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
