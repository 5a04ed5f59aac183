"""One description of every field a routine or stretch file may hold: its key, type, limits, default and help.

The loader checks values against these specs, the writer leaves defaults out by them, the schema test compares the
JSON Schemas with them, and the routine editor builds its form from them (labels, tooltips, ranges, choices), so a
limit changed here changes everywhere at once. The table is plain data with no Qt and no YAML in it.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from enum import StrEnum

from .model import (
    DEFAULT_COUNTDOWN,
    DEFAULT_HOLD,
    DEFAULT_PREPARE,
    DEFAULT_RELIEF_HOLD,
    DEFAULT_REST,
    DEFAULT_SWITCH,
    MAX_RELIEF_HOLD,
    MUSCLES,
    POSITIONS,
    UNTIL_RELIEF,
    Action,
    Breathing,
    Facing,
    Relaxation,
    Sides,
    StepKind,
)

MAX_HOLD = 3600.0
"""Longest hold, in seconds: one hour."""
MAX_TRANSITION = 600.0
"""Longest prepare, rest or switch, in seconds."""
MAX_BREATH = 60.0
MAX_PMR = 120.0
MAX_REPEAT = 20
MAX_STEPS = 200

BREATHE_KEY = "breathe"
PMR_KEY = "pmr"
CUES_KEY = "cues"
STEPS_KEY = "steps"
FORMAT_KEY = "format"


class FieldType(StrEnum):
    """What kind of value a field holds, which decides how it is checked, written and edited."""

    TEXT = "text"  # one line (or paragraph) of text
    TEXT_LIST = "text_list"  # list of short texts (props, instructions, pmr groups, tags)
    CHOICE = "choice"  # one word out of `choices` (position, sides, faces, action)
    CHOICE_LIST = "choice_list"  # several words out of `choices` (muscles, relieves)
    DURATION = "duration"  # seconds; written as the writer's format_duration does
    INTEGER = "integer"
    BOOLEAN = "boolean"
    PICTURE = "picture"  # an image reference (relative file name or bundled image name)
    STRETCH = "stretch"  # a catalog stretch id


ALL_KINDS: frozenset[StepKind] = frozenset(StepKind)
HOLD_ONLY: frozenset[StepKind] = frozenset({StepKind.HOLD})


@dataclass(frozen=True)
class FieldSpec:
    """One key of a mapping and everything known about its values.

    ``minimum``/``maximum`` bound durations (seconds) and integers; with ``positive`` a duration must be more than
    ``minimum`` (0). ``max_length`` bounds a text, or each item of a text list. ``default`` is the value (in the
    document's terms: seconds, words, tuples of texts) when the key is left out; ``None`` means nothing. For the
    stretch fields it is what an inline stretch or a catalog file gets; on a step naming a catalog stretch, a key
    left out means "as the catalog says". ``required`` on a stretch field applies to catalog stretch files.
    """

    key: str
    type: FieldType
    label: str
    help: str
    default: object = None
    minimum: float | None = None
    maximum: float | None = None
    positive: bool = False
    max_length: int | None = None
    min_items: int = 0
    max_items: int | None = None
    choices: tuple[str, ...] = ()
    empty_ok: bool = False
    required: bool = False
    kinds: frozenset[StepKind] = ALL_KINDS

    @property
    def is_list(self) -> bool:
        return self.type in (FieldType.TEXT_LIST, FieldType.CHOICE_LIST)


def _words(kind: type[StrEnum]) -> tuple[str, ...]:
    return tuple(str(member.value) for member in kind)


def _seconds(
    key: str, label: str, help: str, *, maximum: float, positive: bool, default: float | None,
    kinds: frozenset[StepKind] = ALL_KINDS,
) -> FieldSpec:
    return FieldSpec(key, FieldType.DURATION, label, help, default=default, minimum=0.0, maximum=maximum,
                     positive=positive, kinds=kinds)


ROUTINE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", FieldType.TEXT, "Name", "The routine's name as the library and the player show it.",
              max_length=80, required=True),
    FieldSpec("description", FieldType.TEXT, "Description",
              "A line saying what the routine is for; may be left empty.", default="", max_length=500,
              empty_ok=True),
    FieldSpec("tags", FieldType.TEXT_LIST, "Tags",
              "Free labels, stored in lower case. 'bedtime' picks the bedtime theme; 'relief' puts the routine "
              "on the cramp-now screen.", default=(), max_length=30, max_items=20),
    FieldSpec("relieves", FieldType.CHOICE_LIST, "Relieves", "The muscles this routine helps when they cramp.",
              default=(), choices=MUSCLES, max_items=len(MUSCLES) * 2),
    _seconds("prepare", "Prepare", "Time to get ready before the first step.", maximum=MAX_TRANSITION,
             positive=False, default=DEFAULT_PREPARE),
    _seconds("rest", "Rest", "Time between steps, unless a step sets its own.", maximum=MAX_TRANSITION,
             positive=False, default=DEFAULT_REST),
    _seconds("switch", "Switch sides", "Time to change sides within a step that works both sides.",
             maximum=MAX_TRANSITION, positive=False, default=DEFAULT_SWITCH),
)

CUE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("countdown", FieldType.INTEGER, "Countdown",
              "How many 3-2-1 ticks sound before a hold starts and ends; 0 turns them off.",
              default=DEFAULT_COUNTDOWN, minimum=0, maximum=10),
    FieldSpec("halfway", FieldType.BOOLEAN, "Halfway", "Say when a long hold is half over.", default=False),
)

STEP_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("stretch", FieldType.STRETCH, "Stretch",
              "The catalog stretch this step does. Leave it out to describe a stretch right here, by its name.",
              max_length=80),
    _seconds("hold", "Hold", "How long to hold, per side and per set. Left out, the stretch's own hold.",
             maximum=MAX_HOLD, positive=True, default=None, kinds=HOLD_ONLY),
    FieldSpec("until", FieldType.CHOICE, "Until",
              f"'{UNTIL_RELIEF}': hold until the cramp lets go (the person says so with It let go), counting up; "
              f"'hold' is then the longest it lasts ({DEFAULT_RELIEF_HOLD / 60:.0f} minutes when left out, at most "
              f"{MAX_RELIEF_HOLD / 60:.0f}). Works one side only. Left out, a timed hold.",
              choices=(UNTIL_RELIEF,), kinds=HOLD_ONLY),
    FieldSpec("sides", FieldType.CHOICE, "Sides",
              "Which sides to work: both (right, then left), left, right or none. Left out, as the stretch says.",
              choices=_words(Sides), kinds=HOLD_ONLY),
    FieldSpec("repeat", FieldType.INTEGER, "Repeat", "How many sets of this hold.", default=1, minimum=1,
              maximum=MAX_REPEAT, kinds=HOLD_ONLY),
    _seconds("rest", "Rest after", "Rest after this step and between its sets. Left out, the routine's rest.",
             maximum=MAX_TRANSITION, positive=False, default=None),
    FieldSpec("say", FieldType.TEXT, "Say",
              "What the voice says as the step starts, instead of the usual announcement.", max_length=300),
    FieldSpec("note", FieldType.TEXT, "Note",
              "A note for yourself, shown under the instructions while this step runs.", max_length=200),
)

STRETCH_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("name", FieldType.TEXT, "Name", "The stretch's name, shown and spoken.", max_length=80,
              required=True),
    FieldSpec("sanskrit", FieldType.TEXT, "Sanskrit name", "For yoga poses, their Sanskrit name; else empty.",
              default="", max_length=80, empty_ok=True),
    FieldSpec("muscles", FieldType.CHOICE_LIST, "Muscles", "The muscle groups this stretch works.", default=(),
              choices=MUSCLES, max_items=len(MUSCLES) * 2, required=True),
    FieldSpec("position", FieldType.CHOICE, "Position", "The body position: standing, sitting, lying or kneeling.",
              default="", choices=POSITIONS),
    FieldSpec("props", FieldType.TEXT_LIST, "Props", "Things to have ready, one each, such as a towel or a wall.",
              default=(), max_length=80, max_items=10),
    FieldSpec("instructions", FieldType.TEXT_LIST, "Instructions", "How to do it, in a few short steps.",
              max_length=400, min_items=1, max_items=8, required=True),
    FieldSpec("safety", FieldType.TEXT, "Safety note", "One line on staying safe; may be left empty.", default="",
              max_length=300, empty_ok=True),
    FieldSpec("image", FieldType.PICTURE, "Picture",
              "A picture file next to the routine (.svg, .png, .jpg, .jpeg or .webp) or a bundled picture's name.",
              max_length=200),
    FieldSpec("faces", FieldType.CHOICE, "Picture faces",
              "Which way the figure in the picture faces, so it can be mirrored for the other side.",
              default=str(Facing.NONE), choices=_words(Facing)),
    FieldSpec("action", FieldType.CHOICE, "Action",
              "What the timed part asks for: hold still, move, massage or press; the player shows that word.",
              default=str(Action.HOLD), choices=_words(Action)),
)

_BREATHING = Breathing()
_BREATHING_ONLY: frozenset[StepKind] = frozenset({StepKind.BREATHING})
BREATHE_FIELDS: tuple[FieldSpec, ...] = (
    _seconds("inhale", "Breathe in", "Seconds to breathe in.", maximum=MAX_BREATH, positive=True,
             default=_BREATHING.inhale, kinds=_BREATHING_ONLY),
    _seconds("hold", "Hold the breath", "Seconds to hold after breathing in; 0 skips it.", maximum=MAX_BREATH,
             positive=False, default=_BREATHING.hold, kinds=_BREATHING_ONLY),
    _seconds("exhale", "Breathe out", "Seconds to breathe out.", maximum=MAX_BREATH, positive=True,
             default=_BREATHING.exhale, kinds=_BREATHING_ONLY),
    _seconds("pause", "Pause", "Seconds to rest after breathing out; 0 skips it.", maximum=MAX_BREATH,
             positive=False, default=_BREATHING.pause, kinds=_BREATHING_ONLY),
    FieldSpec("cycles", FieldType.INTEGER, "Breaths", "How many breaths, in and out.", default=_BREATHING.cycles,
              minimum=1, maximum=100, kinds=_BREATHING_ONLY),
)

_RELAXATION = Relaxation()
_RELAXATION_ONLY: frozenset[StepKind] = frozenset({StepKind.RELAXATION})
PMR_FIELDS: tuple[FieldSpec, ...] = (
    _seconds("tense", "Tense", "Seconds to tense each muscle group.", maximum=MAX_PMR, positive=True,
             default=_RELAXATION.tense, kinds=_RELAXATION_ONLY),
    _seconds("relax", "Relax", "Seconds to let each muscle group go.", maximum=MAX_PMR, positive=True,
             default=_RELAXATION.relax, kinds=_RELAXATION_ONLY),
    FieldSpec("groups", FieldType.TEXT_LIST, "Muscle groups", "The muscle groups to tense and relax, in order.",
              default=_RELAXATION.groups, max_length=40, min_items=1, max_items=20, kinds=_RELAXATION_ONLY),
)


def keys(fields: tuple[FieldSpec, ...]) -> tuple[str, ...]:
    return tuple(spec.key for spec in fields)


def spec_for(fields: tuple[FieldSpec, ...], key: str) -> FieldSpec:
    """The spec for ``key`` in ``fields``; a ``KeyError`` for a key the table does not have (a bug)."""
    for spec in fields:
        if spec.key == key:
            return spec
    raise KeyError(key)


STRETCH_HOLD = replace(spec_for(STEP_FIELDS, "hold"), default=DEFAULT_HOLD,
                       help="How long to hold, per side and per set, unless a routine's step says otherwise.")
"""A catalog stretch's own ``hold``: the step's rule, with a default of its own."""
STRETCH_SIDES = replace(spec_for(STEP_FIELDS, "sides"), default=str(Sides.NONE),
                        help="Which sides to work: both (right, then left), left, right or none.")
"""A catalog stretch's own ``sides``."""

ROUTINE_KEYS: tuple[str, ...] = (FORMAT_KEY, *keys(ROUTINE_FIELDS), CUES_KEY, STEPS_KEY)
"""Every key a routine file may have at the top."""
CUE_KEYS: tuple[str, ...] = keys(CUE_FIELDS)
STEP_KEYS: tuple[str, ...] = (*keys(STEP_FIELDS), BREATHE_KEY, PMR_KEY, *keys(STRETCH_FIELDS))
"""Every key a step may have: its own, the breathing/relaxation blocks and the stretch fields it overrides."""
STRETCH_FILE_KEYS: tuple[str, ...] = (FORMAT_KEY, *keys(STRETCH_FIELDS), "hold", "sides", BREATHE_KEY, PMR_KEY)
"""Every key a catalog stretch file may have."""
BREATHE_KEYS: tuple[str, ...] = keys(BREATHE_FIELDS)
PMR_KEYS: tuple[str, ...] = keys(PMR_FIELDS)

_STEP_TABLE: dict[str, FieldSpec] = {spec.key: spec for spec in (*STRETCH_FIELDS, *STEP_FIELDS)}
_BLOCKS: dict[str, tuple[FieldSpec, ...]] = {BREATHE_KEY: BREATHE_FIELDS, PMR_KEY: PMR_FIELDS}


def _lookup(fields: dict[str, FieldSpec], key: str | int, rest: tuple[str | int, ...]) -> FieldSpec | None:
    spec = fields.get(key) if isinstance(key, str) else None
    if spec is None:
        return None
    if not rest:
        return spec
    # An item of a list (("steps", 1, "instructions", 0)) belongs to the list's field.
    return spec if spec.is_list and len(rest) == 1 and isinstance(rest[0], int) else None


def field_at(path: tuple[str | int, ...]) -> FieldSpec | None:
    """The spec for a document path: ("name",), ("cues", "countdown"), ("steps", 2, "hold"),
    ("steps", 0, "breathe", "inhale"), ("steps", 1, "instructions").

    A list item's path (("tags", 0), ("steps", 1, "instructions", 2)) gives the list's spec. ``None`` for a path
    no field has: the whole file, a step as a whole, a ``breathe``/``pmr`` block as a whole, or an unknown key.
    """
    if not path:
        return None
    head, rest = path[0], path[1:]
    if head == CUES_KEY:
        return _lookup({spec.key: spec for spec in CUE_FIELDS}, rest[0], rest[1:]) if rest else None
    if head == STEPS_KEY:
        if len(rest) < 2 or not isinstance(rest[0], int):
            return None
        key, below = rest[1], rest[2:]
        if isinstance(key, str) and key in _BLOCKS:
            if not below:
                return None
            return _lookup({spec.key: spec for spec in _BLOCKS[key]}, below[0], below[1:])
        return _lookup(_STEP_TABLE, key, below)
    return _lookup({spec.key: spec for spec in ROUTINE_FIELDS}, head, rest)
