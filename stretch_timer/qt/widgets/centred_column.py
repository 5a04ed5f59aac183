"""A page body that keeps one readable column in the middle of a wide window."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QVBoxLayout, QWidget


def centred_column(
    max_width: int, margins: tuple[int, int, int, int], spacing: int
) -> tuple[QWidget, QVBoxLayout]:
    """A content widget (for a scroll area or a page) and the column layout to fill, at most ``max_width`` wide."""
    content = QWidget()
    centre = QHBoxLayout(content)
    centre.setContentsMargins(*margins)
    column_widget = QWidget()
    column_widget.setMaximumWidth(max_width)
    centre.addStretch(1)
    centre.addWidget(column_widget, 100)
    centre.addStretch(1)
    column = QVBoxLayout(column_widget)
    column.setContentsMargins(0, 0, 0, 0)
    column.setSpacing(spacing)
    return content, column
