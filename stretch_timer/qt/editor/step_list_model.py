"""The draft's steps as a list model, for the editor's step list (drag to reorder, keys to move).

The model never changes the draft itself: a drop or a key press becomes an operation pushed on the editor's
undo stack, and the rows change when the draft tells its listeners what happened (insert, remove or move
rows for the step operations, ``dataChanged`` for everything else), so the list, undo and the document can
never disagree.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from stretch_timer.core.draft import Change, RoutineDraft
from stretch_timer.core.draft_ops import AddStep, ChangeStepKind, DuplicateStep, MoveStep, Operation, RemoveStep
from stretch_timer.core.durations import DurationError, format_clock, parse_duration
from stretch_timer.core.model import DEFAULT_HOLD, Breathing, Relaxation, StepKind, Stretch

MIME_TYPE = "application/x-stretch-timer-step-row"

Index = QModelIndex | QPersistentModelIndex


def _seconds(value: object, default: float) -> float:
    try:
        return parse_duration(value) if value is not None else default
    except DurationError:
        return default


def step_kind(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> StepKind:
    """What kind of step the document describes (a catalog stretch can itself be breathing or relaxation)."""
    stretch_id = step.get("stretch")
    stretch = stretches.get(stretch_id) if isinstance(stretch_id, str) else None
    if isinstance(step.get("breathe"), Mapping) or (stretch is not None and stretch.breathe is not None):
        return StepKind.BREATHING
    if isinstance(step.get("pmr"), Mapping) or (stretch is not None and stretch.pmr is not None):
        return StepKind.RELAXATION
    return StepKind.HOLD


def step_kind_word(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> str:
    kind = step_kind(step, stretches)
    if kind is not StepKind.HOLD:
        return kind.value
    return "stretch" if "stretch" in step else "own stretch"


def step_name(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> str:
    name = step.get("name")
    if isinstance(name, str) and name.strip():
        return name
    stretch_id = step.get("stretch")
    if isinstance(stretch_id, str):
        stretch = stretches.get(stretch_id)
        return stretch.name if stretch is not None else stretch_id
    return "(no name)"


def step_seconds(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> float:
    """Roughly how long the step's own phases take (no rests): what the list shows beside it."""
    breathe = step.get("breathe")
    if isinstance(breathe, Mapping):
        b = Breathing()
        cycles = breathe.get("cycles", b.cycles)
        count = cycles if isinstance(cycles, int) and not isinstance(cycles, bool) else b.cycles
        one = sum(_seconds(breathe.get(key), getattr(b, key)) for key in ("inhale", "hold", "exhale", "pause"))
        return one * count
    pmr = step.get("pmr")
    if isinstance(pmr, Mapping):
        r = Relaxation()
        groups = pmr.get("groups", list(r.groups))
        count = len(groups) if isinstance(groups, list) else len(r.groups)
        return (_seconds(pmr.get("tense"), r.tense) + _seconds(pmr.get("relax"), r.relax)) * count
    stretch_id = step.get("stretch")
    stretch = stretches.get(stretch_id) if isinstance(stretch_id, str) else None
    hold = _seconds(step.get("hold"), stretch.hold if stretch is not None else DEFAULT_HOLD)
    sides = step.get("sides", stretch.sides.value if stretch is not None else "none")
    repeat = step.get("repeat", 1)
    times = repeat if isinstance(repeat, int) and not isinstance(repeat, bool) and repeat > 0 else 1
    return hold * times * (2 if sides == "both" else 1)


def step_text(step: Mapping[str, object], stretches: Mapping[str, Stretch]) -> str:
    seconds = format_clock(step_seconds(step, stretches))
    return f"{step_name(step, stretches)} — {step_kind_word(step, stretches)}, {seconds}"


class StepListModel(QAbstractListModel):
    """Rows are the draft's steps; ``push`` (the editor's undo stack) carries out every change."""

    def __init__(self, draft: RoutineDraft, push: Callable[[Operation], None],
                 stretches: Callable[[], Mapping[str, Stretch]], parent: Any = None) -> None:
        super().__init__(parent)
        self._push = push
        self._stretches = stretches
        self.draft = draft
        self.problem_rows: frozenset[int] = frozenset()
        """Steps the last check found problems in: marked in the list, so a problem off screen is findable."""
        draft.listeners.append(self._changed)

    def set_problem_rows(self, rows: frozenset[int]) -> None:
        if rows != self.problem_rows:
            changed = rows ^ self.problem_rows
            self.problem_rows = rows
            for row in changed:
                self._refresh_row(row)

    def set_draft(self, draft: RoutineDraft) -> None:
        self.beginResetModel()
        if self._changed in self.draft.listeners:
            self.draft.listeners.remove(self._changed)
        self.draft = draft
        draft.listeners.append(self._changed)
        self.endResetModel()

    def detach(self) -> None:
        if self._changed in self.draft.listeners:
            self.draft.listeners.remove(self._changed)

    # --- reading -----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.draft.step_count()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.draft.step_count():
            return None
        step = self.draft.step(index.row())
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"{index.row() + 1}. {step_text(step, self._stretches())}"
            if index.row() in self.problem_rows:
                return f"{text} (has a problem)" if role == Qt.ItemDataRole.AccessibleTextRole else f"⚠ {text}"
            return text
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # the display text is plain; no tooltip that Qt could take for markup
        return None

    def flags(self, index: Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if index.isValid():
            return base | Qt.ItemFlag.ItemIsDragEnabled
        return Qt.ItemFlag.ItemIsDropEnabled

    # --- drag and drop: a move on the undo stack -----------------------------------------------------------

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.MoveAction

    def mimeTypes(self) -> list[str]:
        return [MIME_TYPE]

    def mimeData(self, indexes: Sequence[QModelIndex]) -> QMimeData:
        mime = QMimeData()
        rows = sorted({index.row() for index in indexes if index.isValid()})
        mime.setData(MIME_TYPE, QByteArray(",".join(map(str, rows)).encode()))
        return mime

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: Index) -> bool:
        return data.hasFormat(MIME_TYPE) and action == Qt.DropAction.MoveAction

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: Index) -> bool:
        """A step dropped before ``row`` (-1: at the end; on an item: before it)."""
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        text = bytes(data.data(MIME_TYPE).data()).decode()
        rows = [int(part) for part in text.split(",") if part.isdigit()]
        if len(rows) != 1:
            return False
        before = row if row >= 0 else (parent.row() if parent.isValid() else self.rowCount())
        return self.moveRows(QModelIndex(), rows[0], 1, QModelIndex(), before)

    def moveRows(self, sourceParent: Index, sourceRow: int, count: int, destinationParent: Index,
                 destinationChild: int) -> bool:
        """Qt's move (``destinationChild`` is the row it goes before), pushed as one MoveStep."""
        steps = self.rowCount()
        if count != 1 or sourceParent.isValid() or destinationParent.isValid():
            return False
        if not (0 <= sourceRow < steps and 0 <= destinationChild <= steps):
            return False
        target = destinationChild if destinationChild <= sourceRow else destinationChild - 1
        if target == sourceRow:
            return False
        self._push(MoveStep(sourceRow, target))
        return True

    # --- following the draft ------------------------------------------------------------------------------

    def _changed(self, change: Change) -> None:
        op, undone = change.op, change.undone
        if isinstance(op, AddStep | DuplicateStep):
            row = op.index if isinstance(op, AddStep) else op.index + 1
            self._inserted_or_removed(row, inserted=not undone)
        elif isinstance(op, RemoveStep):
            self._inserted_or_removed(op.index, inserted=undone)
        elif isinstance(op, MoveStep):
            source, target = (op.target, op.source) if undone else (op.source, op.target)
            self._moved(source, target)
        elif isinstance(op, ChangeStepKind):
            self._refresh_row(op.index)
        else:
            self._refresh_all()

    def _inserted_or_removed(self, row: int, *, inserted: bool) -> None:
        # The draft has already changed; the view only needs the notification pair in order.
        if inserted:
            self.beginInsertRows(QModelIndex(), row, row)
            self.endInsertRows()
        else:
            self.beginRemoveRows(QModelIndex(), row, row)
            self.endRemoveRows()
        self._refresh_all()  # numbers in front of the names moved

    def _moved(self, source: int, target: int) -> None:
        destination = target + 1 if target > source else target
        if self.beginMoveRows(QModelIndex(), source, source, QModelIndex(), destination):
            self.endMoveRows()
        self._refresh_all()

    def _refresh_row(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _refresh_all(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0), self.index(rows - 1))
