"""Draft operations as ``QUndoCommand``s, so the editor's Undo/Redo (menu, buttons, keys) is Qt's own stack.

The operation does the work (:mod:`stretch_timer.core.draft_ops`); the command only calls ``draft.do`` and
``draft.undo``. Steps of one edit (a spin box's arrow clicks) merge into one undo step until the edit is
finished (focus leaves the field): one undo step per finished edit.
"""

from __future__ import annotations

from PySide6.QtGui import QUndoCommand

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import Operation, SetField

MERGE_ID = 1101
"""``QUndoCommand.id`` of a command that may take in later edits of the same field."""


class OperationCommand(QUndoCommand):
    """One undo step: a core operation on a draft."""

    def __init__(self, draft: RoutineDraft, op: Operation, *, mergeable: bool = False) -> None:
        super().__init__(op.text)
        self.draft = draft
        self.op = op
        self.open = mergeable and isinstance(op, SetField)
        """Still taking in further edits of the same field (until :meth:`seal`)."""

    def redo(self) -> None:
        self.draft.do(self.op)

    def undo(self) -> None:
        self.draft.undo(self.op)

    def id(self) -> int:
        return MERGE_ID if self.open else -1

    def seal(self) -> None:
        """The edit is finished: the next change to this field is its own undo step."""
        self.open = False

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not (self.open and isinstance(other, OperationCommand) and other.open):
            return False
        mine, theirs = self.op, other.op
        if not (isinstance(mine, SetField) and isinstance(theirs, SetField) and mine.path == theirs.path):
            return False
        # Undo must still put back what was there before the first edit, which ``mine`` remembers; redo
        # sets the last value. ``theirs`` already did its change to the draft, so nothing is redone here.
        mine.value = theirs.value
        return True
