"""The player's label helpers, shared by the information panel, its how-to block and the page itself.

A module of its own so the panel and the how-to block, which both build labels the same way, need not import
each other.
"""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QSizePolicy, QWidget

from stretch_timer.qt.widgets.labels import role_label


def set_text(label: QLabel, text: str) -> None:
    """Only touch a label whose text really changes (a changed label relayouts and repaints)."""
    if label.text() != text:
        label.setText(text)


def make_label(parent: QWidget, field: str, *, wrap: bool = False, role: str = "") -> QLabel:
    """A plain-text label (the stretch's words come from a file, see :func:`role_label`) for ``field``.

    Its objectName is the field in kebab-case ("Time left" → ``time-left``): a stable handle for tests and
    styling. It gets no accessible name: a screen reader reads a label's accessible name *instead of* its text
    (it would say "Time left", never "2:10 left"), and Qt tells assistive technology that a label's text
    changed only while the label has no accessible name of its own.
    """
    label = role_label(role=role, wrap=wrap, parent=parent)
    label.setObjectName(field.lower().replace(" ", "-"))
    return label


def ignore_width(widget: QWidget, vertical: QSizePolicy.Policy) -> None:
    """Let the layout's stretch alone set ``widget``'s width; keep its height-for-width (wrapped words)."""
    policy = widget.sizePolicy()
    policy.setHorizontalPolicy(QSizePolicy.Policy.Ignored)
    policy.setVerticalPolicy(vertical)
    widget.setSizePolicy(policy)
