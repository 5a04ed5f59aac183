"""Labels styled by role ("title", "heading", "muted", …): the app stylesheet gives each role its look."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget


def role_label(text: str = "", role: str = "", *, wrap: bool = False, parent: QWidget | None = None) -> QLabel:
    """A label whose look comes from the theme's stylesheet rule for ``role``."""
    label = QLabel(text, parent)
    if role:
        label.setProperty("role", role)
    label.setWordWrap(wrap)
    return label
