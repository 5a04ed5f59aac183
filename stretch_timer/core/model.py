"""The routine model: what a routine *is*, independent of YAML and of Qt.

Values are frozen dataclasses so a loaded routine can be shared between the library, the planner and the
editor without anyone mutating it behind the others' backs. Steps keep what the file *said* (overrides) apart
from what the catalog supplies, so saving a routine writes back the user's words, not an expanded copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

FORMAT_VERSION = 1

MUSCLES: tuple[str, ...] = ("calf", "hamstring", "quadriceps", "foot", "shin", "hip")
POSITIONS: tuple[str, ...] = ("standing", "sitting", "lying", "kneeling")

DEFAULT_HOLD = 30.0
DEFAULT_PREPARE = 5.0
DEFAULT_REST = 10.0
DEFAULT_SWITCH = 5.0
DEFAULT_COUNTDOWN = 3

UNTIL_RELIEF = "relief"
"""A hold step's ``until: relief``: it lasts until the person says the cramp let go, ``hold`` at most."""
DEFAULT_RELIEF_HOLD = 120.0
"""The upper bound of an open-ended relief hold when the step writes no ``hold``: two minutes."""
MAX_RELIEF_HOLD = 600.0
"""The longest upper bound an open-ended relief hold may have: ten minutes."""


class Sides(StrEnum):
    """Which sides a step works; ``BOTH`` runs right then left."""

    BOTH = "both"
    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


class Action(StrEnum):
    """What the person does during the timed part: the word the screen shows instead of "Hold"."""

    HOLD = "hold"
    MOVE = "move"
    MASSAGE = "massage"
    PRESS = "press"

    @property
    def verb(self) -> str:
        return self.value.capitalize()


class Facing(StrEnum):
    """Which way a picture is drawn, so the player can mirror it for the other side."""

    LEFT = "left"
    RIGHT = "right"
    NONE = "none"


@dataclass(frozen=True)
class Breathing:
    """Paced breathing: each cycle is inhale, hold, exhale, pause (seconds)."""

    inhale: float = 4.0
    hold: float = 0.0
    exhale: float = 6.0
    pause: float = 0.0
    cycles: int = 6

    @property
    def cycle_seconds(self) -> float:
        return self.inhale + self.hold + self.exhale + self.pause


@dataclass(frozen=True)
class Relaxation:
    """Progressive muscle relaxation: tense then relax each muscle group in turn."""

    tense: float = 5.0
    relax: float = 10.0
    groups: tuple[str, ...] = ("feet", "calves", "thighs")


@dataclass(frozen=True)
class Stretch:
    """One catalog entry (or an inline stretch written inside a routine).

    ``image`` is the resolved file (``None`` when there is no picture); ``image_ref`` is what the file wrote.
    """

    id: str
    name: str
    instructions: tuple[str, ...]
    muscles: tuple[str, ...] = ()
    sanskrit: str = ""
    position: str = ""
    props: tuple[str, ...] = ()
    safety: str = ""
    image: Path | None = None
    image_ref: str = ""
    faces: Facing = Facing.NONE
    action: Action = Action.HOLD
    hold: float = DEFAULT_HOLD
    sides: Sides = Sides.NONE
    breathe: Breathing | None = None
    pmr: Relaxation | None = None
    source: Path | None = field(default=None, compare=False)


class StepKind(StrEnum):
    HOLD = "hold"
    BREATHING = "breathing"
    RELAXATION = "relaxation"


@dataclass(frozen=True)
class StretchOverrides:
    """Stretch fields a step sets for itself; ``None`` means "as the catalog says".

    ``image`` is the text the file wrote; the resolved path lives on the step's ``stretch``.
    """

    name: str | None = None
    instructions: tuple[str, ...] | None = None
    muscles: tuple[str, ...] | None = None
    sanskrit: str | None = None
    position: str | None = None
    props: tuple[str, ...] | None = None
    safety: str | None = None
    image: str | None = None
    faces: Facing | None = None
    action: Action | None = None


STEP_ATTRIBUTES: dict[str, str] = {
    "stretch": "stretch_id", "hold": "hold_override", "sides": "sides_override", "rest": "rest_override",
    "breathe": "breathe_override", "pmr": "pmr_override",
}
"""Step keys that :class:`Step` keeps under another name (what the file wrote, beside what the catalog gives)."""


@dataclass(frozen=True)
class Step:
    """One entry of a routine's ``steps`` list.

    ``stretch`` is the resolved stretch with the step's overrides applied; ``stretch_id`` is the catalog id the
    file named (``None`` for an inline stretch). The ``*_override`` fields are exactly what the file wrote.
    ``note`` is the author's own note, shown under the instructions while the step runs.
    """

    stretch: Stretch
    stretch_id: str | None = None
    overrides: StretchOverrides = StretchOverrides()
    hold_override: float | None = None
    sides_override: Sides | None = None
    repeat: int = 1
    rest_override: float | None = None
    breathe_override: dict[str, float] | None = field(default=None, hash=False)
    pmr_override: dict[str, object] | None = field(default=None, hash=False)
    say: str | None = None
    note: str | None = None
    until: str | None = None
    """``"relief"``: an open-ended hold, ended when the cramp lets go (``hold`` is then its upper bound)."""
    line: int = field(default=0, compare=False)

    def written(self, key: str) -> object:
        """What the file wrote for the step's ``key`` (a step key or a stretch field), ``None`` when left out."""
        if key in STEP_ATTRIBUTES:
            return getattr(self, STEP_ATTRIBUTES[key])
        if hasattr(self.overrides, key):
            return getattr(self.overrides, key)
        return getattr(self, key)

    @property
    def open_ended(self) -> bool:
        """Held until the cramp lets go (``until: relief``), with ``hold`` as the longest it lasts."""
        return self.until == UNTIL_RELIEF and self.kind is StepKind.HOLD

    @property
    def hold(self) -> float:
        if self.hold_override is not None:
            return self.hold_override
        return DEFAULT_RELIEF_HOLD if self.until == UNTIL_RELIEF else self.stretch.hold

    @property
    def sides(self) -> Sides:
        return self.sides_override if self.sides_override is not None else self.stretch.sides

    @property
    def breathing(self) -> Breathing | None:
        return self.stretch.breathe

    @property
    def relaxation(self) -> Relaxation | None:
        return self.stretch.pmr

    @property
    def kind(self) -> StepKind:
        if self.stretch.breathe is not None:
            return StepKind.BREATHING
        if self.stretch.pmr is not None:
            return StepKind.RELAXATION
        return StepKind.HOLD


@dataclass(frozen=True)
class Cues:
    countdown: int = DEFAULT_COUNTDOWN
    halfway: bool = False


@dataclass(frozen=True)
class Routine:
    id: str
    name: str
    steps: tuple[Step, ...]
    description: str = ""
    tags: tuple[str, ...] = ()
    relieves: tuple[str, ...] = ()
    prepare: float = DEFAULT_PREPARE
    rest: float = DEFAULT_REST
    switch: float = DEFAULT_SWITCH
    cues: Cues = Cues()
    source: Path | None = field(default=None, compare=False)

    def rest_after(self, step: Step) -> float:
        return step.rest_override if step.rest_override is not None else self.rest

    @property
    def props(self) -> tuple[str, ...]:
        """Every prop the routine needs, once each, in the order first needed."""
        seen: dict[str, None] = {}
        for step in self.steps:
            for prop in step.stretch.props:
                seen.setdefault(prop, None)
        return tuple(seen)
