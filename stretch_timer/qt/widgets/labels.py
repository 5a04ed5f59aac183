"""Labels styled by role ("title", "heading", "muted", …), and text from files kept plain wherever Qt shows it.

Routine and stretch files are shared between people, so their words are untrusted. Left to itself Qt renders
text that looks like markup: a label or tooltip would show ``<img src="/home/someone/photo.png">`` as that
picture and read ``<img src="/dev/zero">`` until the app aborts; a button turns ``&`` into a keyboard shortcut;
a window title drops ``[*]``. So labels are plain text unless a caller asks otherwise (and then escapes what it
puts in), and the helpers below make tooltips, button faces and window titles show a file's words as written.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget


def role_label(text: str = "", role: str = "", *, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A plain-text label whose look comes from the theme's stylesheet rule for ``role``."""
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)  # before the text: AutoText would lay out markup at once
    label.setText(text)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label


def plain_tooltip(text: str) -> str:
    """``text`` for ``setToolTip``: tooltips render whatever Qt guesses is rich text, so that is escaped."""
    if QtGui.Qt.mightBeRichText(text):  # QtGui's Qt (QtCore's has no such function)
        return QtGui.Qt.convertFromPlainText(text)
    return text


def button_text(text: str) -> str:
    """``text`` for a button's face: ``&`` shows as written instead of making the next letter a shortcut."""
    return text.replace("&", "&&")


def window_title(text: str) -> str:
    """``text`` for ``setWindowTitle``: ``[*]`` (Qt's "unsaved changes" mark) shows as written."""
    return text.replace("[*]", "[*][*]")


def command_button(text: str, name: str, slot: Callable[[], object], role: str = "secondary") -> QPushButton:
    """A page's button for one command of the table (Edit, New routine…): plain ``text``, the accessible
    ``name`` a screen reader says, the style ``role``, and ``slot`` called on a click."""
    button = QPushButton(text)
    button.setAccessibleName(name)
    button.setProperty("role", role)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def scaled_font(widget: QWidget, scale: float, *, bold: bool = False) -> QtGui.QFont:
    """``widget``'s font ``scale`` times as large (so it follows large type), bold if asked."""
    font = QtGui.QFont(widget.font())
    base = font.pointSizeF() if font.pointSizeF() > 0 else 10.0
    font.setPointSizeF(base * scale)
    font.setBold(bold)
    return font
