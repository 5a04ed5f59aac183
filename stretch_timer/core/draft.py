"""A routine being edited: the document its file holds, changed only through undoable operations.

The draft is the routine's *document* (``name``, ``steps: [...]`` as the YAML file has them), not the frozen
:class:`~.model.Routine`: edits keep the author's comments and key order, and checking a draft loads the text it
would save with the same loader as any file, so the editor shows exactly what ``stretch-timer validate`` would
print, and a draft that checks clean is a file the app will load.
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, MutableMapping, MutableSequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ruamel.yaml.comments import CommentedMap

from .draft_ops import MISSING, DocPath, Operation
from .model import FORMAT_VERSION, Routine
from .problems import Problem
from .readfile import ReadError, read_regular_file
from .roundtrip import RoundTripError, dump_commented, load_commented, plain, styled
from .writer import SCHEMA_LINE, routine_to_data
from .yamldoc import MAX_FILE_BYTES, field_name, parse_text

if TYPE_CHECKING:
    from .library import Library


@dataclass(frozen=True)
class Change:
    """What listeners hear about each edit: the operation, and whether it is being undone.

    The same object goes to :attr:`RoutineDraft.before_listeners` just before the document changes and to
    :attr:`RoutineDraft.listeners` just after, so a listener can pair the two (a list model's ``begin…`` and
    ``end…`` notifications) by identity.
    """

    op: Operation
    undone: bool


@dataclass(frozen=True)
class Placement:
    """Where a removed key stood in its mapping, and the comment on its line."""

    position: int
    comment: object = None


def _remove_key(node: MutableMapping[str, Any], key: str) -> Placement:
    position = list(node).index(key)
    comments = getattr(node, "ca", None)
    comment = comments.items.pop(key, None) if comments is not None else None
    del node[key]
    return Placement(position, comment)


def _insert_key(node: MutableMapping[str, Any], key: str, value: object, place: Placement) -> None:
    if isinstance(node, CommentedMap):
        node.insert(place.position, key, value)
        if place.comment is not None:
            node.ca.items[key] = place.comment
        return
    items = list(node.items())
    items.insert(place.position, (key, value))
    node.clear()
    node.update(items)


@dataclass(frozen=True)
class DraftCheck:
    """The draft loaded as the file it will become: the routine, or the problems that stop it."""

    routine: Routine | None
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return self.routine is not None

    def problems_at(self, path: DocPath) -> list[Problem]:
        """Problems with the field at ``path`` or anything under it (``("steps", 1)`` has ``steps[1].hold``)."""
        name = field_name(path) if path else ""
        return [
            problem
            for problem in self.problems
            if not name or problem.field == name or problem.field.startswith((f"{name}.", f"{name}["))
        ]


class DraftHistory:
    """A plain undo/redo list of operations, for the core and its tests (the editor uses ``QUndoStack``)."""

    def __init__(self, draft: RoutineDraft) -> None:
        self._draft = draft
        self._done: list[Operation] = []
        self._undone: list[Operation] = []

    def push(self, op: Operation) -> None:
        self._draft.do(op)
        self._done.append(op)
        self._undone.clear()

    @property
    def can_undo(self) -> bool:
        return bool(self._done)

    @property
    def can_redo(self) -> bool:
        return bool(self._undone)

    def undo(self) -> None:
        op = self._done.pop()
        self._draft.undo(op)
        self._undone.append(op)

    def redo(self) -> None:
        op = self._undone.pop()
        self._draft.do(op)
        self._done.append(op)


class RoutineDraft:
    """One routine's document while it is edited; change it only through :meth:`do` and :meth:`undo`."""

    def __init__(
        self, routine_id: str, data: MutableMapping[str, Any], *, source: Path | None = None,
        saved_text: str | None = None, keeps_comments: bool = True,
    ) -> None:
        self.routine_id = routine_id
        self.source = source
        self.data: MutableMapping[str, Any] = data
        self.listeners: list[Callable[[Change], None]] = []
        """Told after each change (done or undone), once the document holds it."""
        self.before_listeners: list[Callable[[Change], None]] = []
        """Told just before each change, while the document is still as it was. An operation that raises (a
        programming error, such as a step index out of range) is not announced afterwards."""
        self.history = DraftHistory(self)
        self._keeps_comments = keeps_comments
        self.saved_text = saved_text if saved_text is not None else self.to_yaml()

    # --- making one ------------------------------------------------------------------------------------

    @classmethod
    def open(cls, path: Path, routine_id: str | None = None) -> RoutineDraft:
        """The file at ``path`` as a draft, keeping its comments and key order.

        A file the round trip cannot read (broken YAML, say) is opened from what the app's own reader makes
        of it, when that is a mapping; saving it then cannot keep its comments, and :attr:`drops_comments`
        says so. Anything else raises ``ValueError`` with the reader's message.
        """
        try:
            text = read_regular_file(path, MAX_FILE_BYTES).decode("utf-8-sig")
        except (ReadError, UnicodeDecodeError) as error:
            raise ValueError(f"{path}: {error}") from None
        draft_id = routine_id or path.stem
        try:
            return cls(draft_id, load_commented(text), source=path, saved_text=text)
        except RoundTripError:
            document, problems = parse_text(text, str(path))
            if document is None or not isinstance(document.data, dict):
                raise ValueError("; ".join(str(problem) for problem in problems) or f"{path}: not a routine") from None
            data = styled(document.data)
            assert isinstance(data, MutableMapping)
            return cls(draft_id, data, source=path, saved_text=text, keeps_comments=False)

    @classmethod
    def from_routine(cls, routine: Routine, routine_id: str) -> RoutineDraft:
        data = styled({key: list(value) if isinstance(value, list) else value
                       for key, value in routine_to_data(routine).items()})
        assert isinstance(data, MutableMapping)
        return cls(routine_id, data, saved_text="")

    @classmethod
    def new(cls, routine_id: str, name: str) -> RoutineDraft:
        """An empty routine: it checks as "needs at least one step" until a step is added."""
        data = styled({"format": FORMAT_VERSION, "name": name, "steps": []})
        assert isinstance(data, MutableMapping)
        return cls(routine_id, data, saved_text="")

    # --- changing it -----------------------------------------------------------------------------------

    def do(self, op: Operation) -> None:
        change = Change(op, undone=False)
        self._announce(self.before_listeners, change)
        op.do(self)
        self._announce(self.listeners, change)

    def undo(self, op: Operation) -> None:
        change = Change(op, undone=True)
        self._announce(self.before_listeners, change)
        op.undo(self)
        self._announce(self.listeners, change)

    @staticmethod
    def _announce(listeners: list[Callable[[Change], None]], change: Change) -> None:
        for listener in list(listeners):
            listener(change)

    # --- what operations use ---------------------------------------------------------------------------

    def steps_list(self) -> MutableSequence[Any]:
        steps = self.data.get("steps")
        if not isinstance(steps, MutableSequence):
            steps = styled([])
            self.data["steps"] = steps
        assert isinstance(steps, MutableSequence)
        return steps

    def get_at(self, path: DocPath) -> object:
        """The value at ``path``, or MISSING when some part of the way is not there."""
        node: object = self.data
        for part in path:
            in_list = isinstance(part, int) and isinstance(node, MutableSequence) and 0 <= part < len(node)
            in_mapping = isinstance(part, str) and isinstance(node, MutableMapping) and part in node
            if not (in_list or in_mapping):
                return MISSING
            node = node[part]  # type: ignore[index]
        return node

    def set_at(self, path: DocPath, value: object, *, place: Placement | None = None) -> Placement | None:
        """Set (or, with MISSING, remove) the value at ``path``, making mappings on the way as needed.

        Removing returns where the key was (its position and comment) so undo can put it back exactly there;
        ``place`` does that. An emptied block stays (``breathe: {}``): removing it would quietly turn a
        breathing step into a hold.
        """
        *parents, last = path
        node: Any = self.data
        for part in parents:
            child = node[part] if (isinstance(part, int) or part in node) else MISSING
            if child is MISSING or not isinstance(child, MutableMapping | MutableSequence):
                if value is MISSING:
                    return None
                child = styled({})
                node[part] = child
            node = child
        if value is MISSING:
            if isinstance(node, MutableMapping) and last in node:
                return _remove_key(node, str(last))
            return None
        new_value = self.styled(copy.deepcopy(value))
        if place is not None and isinstance(node, MutableMapping) and last not in node:
            _insert_key(node, str(last), new_value, place)
        else:
            node[last] = new_value
        return None

    @staticmethod
    def styled(value: object) -> object:
        return styled(value)

    @staticmethod
    def plain_copy(value: object) -> object:
        return plain(value)

    # --- reading it ------------------------------------------------------------------------------------

    def step_count(self) -> int:
        return len(self.steps_list())

    def step(self, index: int) -> Mapping[str, object]:
        step = self.steps_list()[index]
        return step if isinstance(step, Mapping) else {}

    @property
    def name(self) -> str:
        name = self.data.get("name")
        return name if isinstance(name, str) else ""

    def to_yaml(self) -> str:
        """The text saving would write: the opened file's comments and order kept, new ones with the schema
        line on top so the author's editor can check them."""
        body = dump_commented(self.data)
        if self.source is None and not body.startswith("#"):
            return f"{SCHEMA_LINE}\n{body}"
        return body

    @property
    def drops_comments(self) -> bool:
        """True when saving cannot keep this file's comments (it could not be read for a round trip)."""
        return not self._keeps_comments and "#" in self.saved_text

    @property
    def modified(self) -> bool:
        return self.to_yaml() != self.saved_text

    def mark_saved(self, path: Path, text: str) -> None:
        self.source = path
        self.routine_id = path.stem
        self.saved_text = text
        self._keeps_comments = True

    def check(self, library: Library) -> DraftCheck:
        """Load the draft as the file it will become, with the library's catalog and pictures."""
        from .draft_save import check_text

        routine, problems = check_text(library, self, self.to_yaml())
        return DraftCheck(routine, tuple(problems))

    def add_picture(self, library: Library, picture: Path) -> str:
        """Check ``picture`` and copy it beside the user's routines; the reference to write in ``image``."""
        from .draft_save import add_picture

        return add_picture(library, picture)
