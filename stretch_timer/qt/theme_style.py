"""The application's style sheet: big, calm controls in a theme's colours, sized from its base font.

Kept apart from the themes' colours (:mod:`stretch_timer.qt.theme`) because it is the long part: every rule
the widgets need, and the small SVG pictures (the check mark, the spin boxes' arrows) that a style sheet can
only take as files.
"""

from __future__ import annotations

import os
import zlib
from typing import TYPE_CHECKING

from stretch_timer import paths

if TYPE_CHECKING:
    from stretch_timer.qt.theme import Theme


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


def content_key(text: str) -> str:
    """16 hex digits that tell one text from another: CRC-32 and Adler-32 side by side (64 bits).

    Not ``hashlib``: importing it loads OpenSSL's libcrypto, 3.5 MiB of resident memory (a tenth of what the app
    adds to a bare window) for names that need no cryptography; both checksums are in :mod:`zlib`, which Qt's
    Python bindings have loaded already."""
    data = text.encode("utf-8", "surrogateescape")
    return f"{zlib.crc32(data):08x}{zlib.adler32(data):08x}"


def svg_file(kind: str, text: str) -> str:
    """``text`` as an SVG file, named by its content in the user's data folder, so a theme's file is written
    once and every running copy of the app shares it. Returns the path with forward slashes,
    as style sheets want it; "" if it cannot be written (the control then shows without it, never a failure
    to start)."""
    # The user's own folder, not a shared temporary one, where another account could plant a file by the name.
    folder = paths.user_data_dir() / "style"
    path = folder / f"{kind}-{content_key(text)}.svg"
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
