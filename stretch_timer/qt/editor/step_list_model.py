"""The draft's steps as a list model, for the editor's step list (drag to reorder, keys to move).

The model never changes the draft itself: a drop or a key press becomes an operation pushed on the editor's
undo stack, and the rows change when the draft tells what happens, so the list, undo and the document can
never disagree. For a step inserted, removed or moved, the draft's before-listeners hear of it while the
document is unchanged (``beginInsertRows`` and the like) and its listeners once it holds the change
(``endInsertRows``), as Qt's model rules ask; anything else is a ``dataChanged`` afterwards.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)

from stretch_timer import paths
from stretch_timer.core.draft import Change, RoutineDraft
from stretch_timer.core.draft_ops import AddStep, ChangeStepKind, DuplicateStep, MoveStep, Operation, RemoveStep
from stretch_timer.core.images import ImageError, resolve_image
from stretch_timer.core.model import Stretch
from stretch_timer.qt.editor.step_words import step_text
from stretch_timer.qt.widgets.picture_file import picture_for

MIME_TYPE = "application/x-stretch-timer-step-row"
ROW_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1
"""The row as the list shows it: its problem mark, its number and its words ("⚠ 2. Calf stretch — …").

The display role leaves the number out: it belongs to the row's place, not to the step, so a row that moves
keeps its data (Qt's model rules), and the list's delegate puts the number in front when it paints."""

Index = QModelIndex | QPersistentModelIndex


@dataclass(frozen=True)
class RowChange:
    """What a step operation does to the rows: insert or remove ``row``, move ``row`` to ``target``, or (an
    index that is not there) more than the list can say row by row: a reset."""

    kind: str
    """"insert", "remove", "move" or "reset"."""
    row: int
    target: int = -1


def row_change(change: Change, count: int) -> RowChange | None:
    """What ``change`` will do to a list of ``count`` rows; None when it adds, removes or moves no row (a field
    set, a kind changed, a step moved onto itself)."""
    op, undone = change.op, change.undone
    if isinstance(op, AddStep | DuplicateStep):
        row = op.index if isinstance(op, AddStep) else op.index + 1
        found = RowChange("remove", row) if undone else RowChange("insert", row)
    elif isinstance(op, RemoveStep):
        found = RowChange("insert", op.index) if undone else RowChange("remove", op.index)
    elif isinstance(op, MoveStep):
        source, target = (op.target, op.source) if undone else (op.source, op.target)
        if source == target:
            return None
        found = RowChange("move", source, target)
    else:
        return None
    limit = count if found.kind == "insert" else count - 1
    inside = 0 <= found.row <= limit and (found.kind != "move" or 0 <= found.target < count)
    return found if inside else RowChange("reset", -1)


def shifted(rows: frozenset[int], change: RowChange, count: int) -> frozenset[int]:
    """``rows`` (of the list before ``change``) where they are after it; ``count`` is the rows after."""
    if change.kind == "reset":
        return frozenset()
    order = list(range(count - 1 if change.kind == "insert" else count + 1 if change.kind == "remove" else count))
    if change.kind == "insert":
        order.insert(change.row, -1)
    elif change.kind == "remove":
        del order[change.row]
    else:
        order.insert(change.target, order.pop(change.row))
    return frozenset(after for after, before in enumerate(order) if before in rows)


class StepListModel(QAbstractListModel):
    """Rows are the draft's steps; ``push`` (the editor's undo stack) carries out every change."""

    def __init__(self, draft: RoutineDraft, push: Callable[[Operation], None],
                 stretches: Callable[[], Mapping[str, Stretch]], parent: Any = None, *,
                 picture_folder: Callable[[], Path] | None = None) -> None:
        super().__init__(parent)
        self._push = push
        self._stretches = stretches
        self._picture_folder = picture_folder
        self._pictures: dict[tuple[str, str, Path | None], Path | None] = {}
        self.draft = draft
        self.planned: dict[int, float] = {}
        """Planned seconds by step (the id of its mapping in the document, which moves with the step), from the
        last plan of the routine; a step added since shows the estimate until the next plan."""
        self.problem_rows: frozenset[int] = frozenset()
        """Steps the last check found problems in: marked in the list, so a problem off screen is findable."""
        self._begun: tuple[Change, RowChange] | None = None
        """The row change begun for a change the draft is making (ended when it is made)."""
        self._follow(draft)

    def _follow(self, draft: RoutineDraft) -> None:
        draft.before_listeners.append(self._changing)
        draft.listeners.append(self._changed)

    def set_problem_rows(self, rows: frozenset[int]) -> None:
        if rows != self.problem_rows:
            changed = rows ^ self.problem_rows
            self.problem_rows = rows
            for row in changed:
                self._refresh_row(row)

    def set_planned(self, seconds: tuple[float, ...]) -> None:
        """The planner's length of each step, in order (the overview's figures); ``()`` when the routine does
        not plan."""
        planned = {id(self.draft.step(row)): value for row, value in enumerate(seconds)
                   if row < self.draft.step_count()}
        if planned != self.planned:
            self.planned = planned
            self._refresh_all()

    def _text(self, row: int, step: Mapping[str, object]) -> str:
        return step_text(step, self._stretches(), self.planned.get(id(step)))

    def set_draft(self, draft: RoutineDraft) -> None:
        self.beginResetModel()
        self.detach()
        self.planned = {}
        self.draft = draft
        self._follow(draft)
        self.endResetModel()

    def detach(self) -> None:
        if self._changing in self.draft.before_listeners:
            self.draft.before_listeners.remove(self._changing)
        if self._changed in self.draft.listeners:
            self.draft.listeners.remove(self._changed)
        self._begun = None

    # --- reading -----------------------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008 - Qt's own signature
        return 0 if parent.isValid() else self.draft.step_count()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self.draft.step_count():
            return None
        row = index.row()
        step = self.draft.step(row)
        marked = row in self.problem_rows
        if role == Qt.ItemDataRole.DisplayRole:
            return ("⚠ " if marked else "") + self._text(row, step)
        if role == ROW_TEXT_ROLE:
            return ("⚠ " if marked else "") + f"{row + 1}. {self._text(row, step)}"
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = f"{row + 1}. {self._text(row, step)}"
            return f"{text} (has a problem)" if marked else text
        if role == Qt.ItemDataRole.ToolTipRole:
            return None  # the display text is plain; no tooltip that Qt could take for markup
        return None

    def picture(self, row: int) -> Path | None:
        """The step's picture: its own ``image`` (found beside the routine, or among the bundled pictures),
        else its catalog stretch's; None when it has none. Looked up when a row is first painted, then kept."""
        if not 0 <= row < self.draft.step_count():
            return None
        step = self.draft.step(row)
        image, stretch_id = step.get("image"), step.get("stretch")
        if isinstance(image, str) and image:
            folder = self._picture_folder() if self._picture_folder is not None else None
            key = ("image", image, folder)
            if key not in self._pictures:
                self._pictures[key] = _resolved(image, folder)
        elif isinstance(stretch_id, str):
            key = ("stretch", stretch_id, None)
            if key not in self._pictures:
                self._pictures[key] = picture_for(self._stretches().get(stretch_id))
        else:
            return None
        return self._pictures[key]

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

    def _changing(self, change: Change) -> None:
        """The draft is about to make ``change``: say which rows it will insert, remove or move."""
        rows = row_change(change, self.rowCount())
        if rows is None:
            return
        root = QModelIndex()
        if rows.kind == "insert":
            self.beginInsertRows(root, rows.row, rows.row)
        elif rows.kind == "remove":
            self.beginRemoveRows(root, rows.row, rows.row)
        elif rows.kind == "move":
            destination = rows.target + 1 if rows.target > rows.row else rows.target
            if not self.beginMoveRows(root, rows.row, rows.row, root, destination):
                return
        else:
            self.beginResetModel()
        self._begun = (change, rows)

    def _changed(self, change: Change) -> None:
        """The draft made ``change``: end what was begun, or say which row's words changed."""
        begun, self._begun = self._begun, None
        if begun is not None and begun[0] is change:
            kind = begun[1].kind
            self.problem_rows = shifted(self.problem_rows, begun[1], self.rowCount())  # the marks go with their rows
            if kind == "insert":
                self.endInsertRows()
            elif kind == "remove":
                self.endRemoveRows()
            elif kind == "move":
                self.endMoveRows()
            else:
                self.endResetModel()
            self._refresh_all()  # numbers in front of the names moved
        elif isinstance(change.op, ChangeStepKind):
            self._refresh_row(change.op.index)
        else:
            self._refresh_all()

    def _refresh_row(self, row: int) -> None:
        if 0 <= row < self.rowCount():
            index = self.index(row)
            self.dataChanged.emit(index, index)

    def _refresh_all(self) -> None:
        rows = self.rowCount()
        if rows:
            self.dataChanged.emit(self.index(0), self.index(rows - 1))


def _resolved(reference: str, folder: Path | None) -> Path | None:
    bundled: tuple[Path, ...] = ()
    with contextlib.suppress(Exception):  # a damaged install: no bundled pictures
        bundled = (paths.bundled_images_dir(),)
    try:
        return resolve_image(reference, folder or Path(), bundled)
    except ImageError:  # not there (yet): the check marks it; the row shows no picture
        return None
