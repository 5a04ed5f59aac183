"""The edits a person makes to a routine, each an object that can do and undo itself.

Keeping undo in the model (as Anki does) means undo and redo are plain Python, tested without a display;
the Qt editor wraps each operation in a ``QUndoCommand`` whose ``redo``/``undo`` call :meth:`do`/:meth:`undo`.
An operation remembers what it replaced when it is done, so undo puts back exactly that, comments included.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from .model import Breathing, Relaxation, StepKind

if TYPE_CHECKING:
    from .draft import RoutineDraft

DocPath = tuple[str | int, ...]


class _Missing:
    """The value of a key that is not there (a field left to its default)."""

    _instance: _Missing | None = None

    def __new__(cls) -> _Missing:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "MISSING"

    def __bool__(self) -> bool:
        return False


MISSING: Any = _Missing()

KEPT_ON_KIND_CHANGE = ("name", "say", "rest", "note", "instructions", "image", "faces", "safety")
"""What a step keeps when it becomes another kind: what the person wrote about it, not its timing."""


class Operation(Protocol):
    """One undoable edit; ``text`` names it in the Undo menu ("Undo Rename")."""

    @property
    def text(self) -> str: ...

    def do(self, draft: RoutineDraft) -> None: ...

    def undo(self, draft: RoutineDraft) -> None: ...


@dataclass
class SetField:
    """Set the value at ``path`` (``("steps", 2, "hold")``), or remove the key when ``value`` is MISSING."""

    path: DocPath
    value: object
    text: str = "Change"
    _old: object = field(default=MISSING, init=False, repr=False)
    _place: object = field(default=None, init=False, repr=False)

    def do(self, draft: RoutineDraft) -> None:
        self._old = draft.get_at(self.path)
        if self.value is MISSING:
            self._place = draft.set_at(self.path, MISSING)
        else:
            if self._old is not MISSING:
                self._place = draft.set_at(self.path, MISSING)  # the new value takes the old one's place
            draft.set_at(self.path, self.value, place=self._place)  # type: ignore[arg-type]

    def undo(self, draft: RoutineDraft) -> None:
        if self.value is not MISSING:
            draft.set_at(self.path, MISSING)
        if self._old is not MISSING:
            draft.set_at(self.path, self._old, place=self._place)  # type: ignore[arg-type]


def Rename(name: str) -> SetField:
    return SetField(("name",), name, text="Rename")


@dataclass
class AddStep:
    index: int
    step: dict[str, object]
    text: str = "Add step"

    def do(self, draft: RoutineDraft) -> None:
        draft.steps_list().insert(self.index, draft.styled(copy.deepcopy(self.step)))

    def undo(self, draft: RoutineDraft) -> None:
        del draft.steps_list()[self.index]


@dataclass
class RemoveStep:
    index: int
    text: str = "Remove step"
    _removed: object = field(default=None, init=False, repr=False)

    def do(self, draft: RoutineDraft) -> None:
        self._removed = draft.steps_list().pop(self.index)

    def undo(self, draft: RoutineDraft) -> None:
        draft.steps_list().insert(self.index, self._removed)


@dataclass
class MoveStep:
    """Move the step at ``source`` so that it ends up at index ``target``."""

    source: int
    target: int
    text: str = "Move step"

    def do(self, draft: RoutineDraft) -> None:
        steps = draft.steps_list()
        steps.insert(self.target, steps.pop(self.source))

    def undo(self, draft: RoutineDraft) -> None:
        steps = draft.steps_list()
        steps.insert(self.source, steps.pop(self.target))


@dataclass
class DuplicateStep:
    """A copy of the step right after it (comments stay with the original)."""

    index: int
    text: str = "Duplicate step"

    def do(self, draft: RoutineDraft) -> None:
        steps = draft.steps_list()
        steps.insert(self.index + 1, draft.styled(draft.plain_copy(steps[self.index])))

    def undo(self, draft: RoutineDraft) -> None:
        del draft.steps_list()[self.index + 1]


def step_of_kind(kind: StepKind, name: str, keep: dict[str, object] | None = None) -> dict[str, object]:
    """A new inline step of ``kind`` named ``name``, with the kind's default timing written out, so the
    editor shows the numbers the player will use."""
    step: dict[str, object] = {"name": name}
    for key, value in (keep or {}).items():
        if key in KEPT_ON_KIND_CHANGE and key != "name":
            step[key] = value
    if kind is StepKind.BREATHING:
        breathing = Breathing()
        step["breathe"] = {"inhale": int(breathing.inhale), "exhale": int(breathing.exhale), "cycles": breathing.cycles}
    elif kind is StepKind.RELAXATION:
        relaxation = Relaxation()
        step["pmr"] = {
            "tense": int(relaxation.tense),
            "relax": int(relaxation.relax),
            "groups": list(relaxation.groups),
        }
    return step


@dataclass
class ChangeStepKind:
    """Rewrite a step as an inline step of another kind (hold, breathing, relaxation).

    The words the person wrote about the step stay (name, spoken text, rest, note, how-to, picture); the
    timing of the old kind goes, since a hold's seconds mean nothing to a breathing step.
    """

    index: int
    kind: StepKind
    name: str
    text: str = "Change step kind"
    _old: object = field(default=None, init=False, repr=False)

    def do(self, draft: RoutineDraft) -> None:
        steps = draft.steps_list()
        self._old = steps[self.index]
        kept = draft.plain_copy(self._old)
        assert isinstance(kept, dict)
        steps[self.index] = draft.styled(step_of_kind(self.kind, self.name, kept))

    def undo(self, draft: RoutineDraft) -> None:
        draft.steps_list()[self.index] = self._old
