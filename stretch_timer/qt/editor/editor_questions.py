"""The questions the routine editor asks before work could be lost, and their answers as words.

Three, each window-modal with a safe default: leaving with unsaved changes (Save / Discard / Cancel), the
routine's file changed on disk while there are unsaved edits (Keep mine / Take theirs / Save mine as a copy),
and saving a file whose comments cannot be kept (Save without comments / Cancel). A module of its own so the
editor page reads as what it does with each answer, and the wording of every question is in one place.
"""

from __future__ import annotations

from enum import Enum
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox, QWidget

from stretch_timer.core.library import Library

Buttons = list[tuple[str, QMessageBox.ButtonRole]]


class Leave(Enum):
    SAVE = "save"
    DISCARD = "discard"
    CANCEL = "cancel"


class OnDisk(Enum):
    KEEP_MINE = "keep mine"
    TAKE_THEIRS = "take theirs"
    SAVE_COPY = "save mine as a copy"


def ask(parent: QWidget, title: str, text: str, buttons: Buttons, default: int) -> int:
    """A window-modal question over ``parent``'s window, in plain text; the number of the button chosen (-1
    when the box was closed otherwise)."""
    box = QMessageBox(parent.window())
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setIcon(QMessageBox.Icon.Question)
    box.setWindowTitle(title)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setText(text)
    made = [box.addButton(label, role) for label, role in buttons]
    box.setDefaultButton(made[default])
    box.exec()
    clicked = box.clickedButton()
    return made.index(clicked) if clicked in made else -1


def ask_leave(parent: QWidget, name: str) -> Leave:
    """Unsaved changes to the routine ``name``: save them, let them go, or stay (closing the box stays)."""
    answer = ask(
        parent, "Unsaved changes", f"Save the changes to “{name}” before leaving the editor?",
        [("Save", QMessageBox.ButtonRole.AcceptRole), ("Discard", QMessageBox.ButtonRole.DestructiveRole),
         ("Cancel", QMessageBox.ButtonRole.RejectRole)], default=0)
    return {0: Leave.SAVE, 1: Leave.DISCARD}.get(answer, Leave.CANCEL)


def ask_changed_on_disk(parent: QWidget, name: str) -> OnDisk:
    """``name``'s file changed outside the editor while it has unsaved edits (closing the box keeps mine)."""
    answer = ask(
        parent, "Changed on disk",
        f"“{name}” was changed outside the editor, and you have unsaved changes.",
        [("Keep mine", QMessageBox.ButtonRole.RejectRole), ("Take theirs", QMessageBox.ButtonRole.AcceptRole),
         ("Save mine as a copy", QMessageBox.ButtonRole.ActionRole)], default=0)
    return {1: OnDisk.TAKE_THEIRS, 2: OnDisk.SAVE_COPY}.get(answer, OnDisk.KEEP_MINE)


def ask_drop_comments(parent: QWidget) -> bool:
    """True when the person agrees to save a file without the comments the editor cannot keep."""
    answer = ask(
        parent, "Comments will be dropped",
        "This file has comments the editor cannot keep. Saving writes the routine without them.",
        [("Save without comments", QMessageBox.ButtonRole.AcceptRole),
         ("Cancel", QMessageBox.ButtonRole.RejectRole)], default=0)
    return answer == 0


def copy_id(library: Library, routine_id: str) -> str:
    """A free id for "save mine as a copy": ``<id>-copy``, ``<id>-copy-2``, …"""
    base = f"{routine_id}-copy"
    candidate, number = base, 1
    while library.get(candidate) is not None or (library.user_routines / f"{candidate}.yaml").exists():
        number += 1
        candidate = f"{base}-{number}"
    return candidate


def same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except OSError:
        return a == b
