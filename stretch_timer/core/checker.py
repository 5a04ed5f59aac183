"""Field-by-field checks that collect every problem in a file instead of stopping at the first.

Each ``want_*`` method returns the checked value, or ``None`` after recording a problem, so the loaders read
like the format description and never raise.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from enum import Enum
from typing import TypeVar

from .durations import DurationError, parse_duration
from .fields import MAX_HOLD, FieldSpec, FieldType
from .problems import Problem
from .yamldoc import Document, Path_, field_name

E = TypeVar("E", bound=Enum)



def suggest(word: str, choices: Collection[str]) -> str:
    """`` (did you mean 'hold'?)`` when a close match exists, else an empty string."""
    import difflib  # only for a misspelt word: not on the way to a routine's first paint

    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def suggest_word(word: str, choices: Collection[str]) -> str:
    """A did-you-mean for a closed list, which also catches a word written in the wrong case."""
    if word.strip().lower() in choices:
        return f"; write it in lower case: {word.strip().lower()!r}"
    return suggest(word.lower(), choices)


def describe(value: object) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return repr(value)


class Checker:
    """Problem collector bound to one parsed document."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.problems: list[Problem] = []

    def problem(self, path: Path_, message: str) -> None:
        self.problems.append(
            Problem(self.document.path, self.document.line(path), field_name(path), message, at=tuple(path))
        )

    def mapping(
        self, path: Path_, value: object, allowed: Collection[str], required: Sequence[str] = ()
    ) -> dict[str, object] | None:
        """A mapping with only known keys; unknown keys get a did-you-mean, missing ones are named."""
        if not isinstance(value, dict):
            self.problem(path, f"must be key: value lines, got {describe(value)}")
            return None
        for key in value:
            if key not in allowed:
                self.problem((*path, key), f"unknown key {key!r}{suggest(key, allowed)}")
        for key in required:
            if key not in value:
                self.problem(path, f"missing required key {key!r}")
        return value

    def text(self, path: Path_, value: object, *, max_length: int = 300, empty_ok: bool = False) -> str | None:
        """Text, written as text: ``name: 2024`` is a number to an editor's YAML 1.2 reading, so it is refused
        here too, with the fix (quotes) in the message."""
        if value is None and empty_ok:
            return ""
        if not isinstance(value, str):
            hint = ""
            if isinstance(value, bool | int | float):
                raw = self.document.raw.get(path, str(value))
                hint = f"; to use it as text, put it in quotes: \"{raw}\""
            self.problem(path, f"must be text, got {describe(value)}{hint}")
            return None
        text = value.strip()
        if not text and not empty_ok:
            self.problem(path, "must not be empty")
            return None
        if len(value) > max_length:  # counted as written, as the schema's maxLength counts
            self.problem(path, f"is {len(value)} characters long; keep it under {max_length}")
            return None
        return text

    def text_list(
        self, path: Path_, value: object, *, max_items: int = 20, max_length: int = 80, min_items: int = 0
    ) -> tuple[str, ...] | None:
        """A list of texts; a single text is accepted as a list of one."""
        items = value if isinstance(value, list) else [value]
        if value is None:
            items = []
        if len(items) < min_items:
            self.problem(path, f"needs at least {min_items} item{'s' if min_items > 1 else ''}")
            return None
        if len(items) > max_items:
            self.problem(path, f"has {len(items)} items; at most {max_items} are allowed")
            return None
        result: list[str] = []
        ok = True
        for index, item in enumerate(items):
            item_path = (*path, index) if isinstance(value, list) else path
            text = self.text(item_path, item, max_length=max_length)
            ok = ok and text is not None
            if text is not None:
                result.append(text)
        return tuple(result) if ok else None

    def choice_list(
        self, path: Path_, value: object, choices: Sequence[str], max_items: int | None = None
    ) -> tuple[str, ...] | None:
        """A list drawn from a closed vocabulary (muscles); duplicates are dropped, order kept."""
        if self.text_list(path, value, max_items=len(choices) * 2 if max_items is None else max_items) is None:
            return None
        items = value if isinstance(value, list) else [] if value is None else [value]
        ok = True
        result: dict[str, None] = {}
        for index, text in enumerate(str(item) for item in items):
            if text not in choices:  # exactly as written: " calf " is no word of the schema's list either
                item_path = (*path, index) if isinstance(value, list) else path
                self.problem(item_path, f"{text!r} is not one of {', '.join(choices)}{suggest_word(text, choices)}")
                ok = False
            result.setdefault(text, None)
        return tuple(result) if ok else None

    def word(self, path: Path_, value: object, choices: Sequence[str]) -> str | None:
        """One word from a closed list, written exactly (lower case), as the schema's enum has it."""
        if isinstance(value, str) and value in choices:
            return value
        shown = value if isinstance(value, str) else describe(value)
        hint = suggest_word(value, choices) if isinstance(value, str) else ""
        self.problem(path, f"must be one of {', '.join(choices)}, got {shown!r}{hint}")
        return None

    def enum(self, path: Path_, value: object, kind: type[E]) -> E | None:
        word = self.word(path, value, [str(member.value) for member in kind])
        return None if word is None else kind(word)

    def duration(
        self, path: Path_, value: object, *, positive: bool, maximum: float = MAX_HOLD
    ) -> float | None:
        """Seconds; ``positive`` for holds (0 means nothing to do), otherwise 0 is allowed."""
        try:
            seconds = parse_duration(value)
        except DurationError as error:
            self.problem(path, str(error))
            return None
        shown = self.document.raw.get(path, value)
        if positive and seconds <= 0:
            self.problem(path, f"must be a positive duration, got {shown}")
            return None
        if seconds < 0:
            self.problem(path, f"must not be negative, got {shown}")
            return None
        if seconds > maximum:
            limit = "one hour" if maximum == MAX_HOLD else f"{maximum:g} seconds"
            self.problem(path, f"is {seconds:g} seconds; at most {limit} is allowed")
            return None
        return seconds

    def integer(self, path: Path_, value: object, low: int, high: int) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int):
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            else:
                self.problem(path, f"must be a whole number from {low} to {high}, got {describe(value)}")
                return None
        if not low <= value <= high:
            self.problem(path, f"must be from {low} to {high}, got {value}")
            return None
        return value

    def boolean(self, path: Path_, value: object) -> bool | None:
        if isinstance(value, bool):
            return value
        self.problem(path, f"must be true or false, got {describe(value)}")
        return None

    def field(self, path: Path_, spec: FieldSpec, value: object) -> object | None:
        """``value`` checked by the rules of ``spec`` (the field table's): texts stripped, lists as tuples,
        durations as seconds, choices as the word written; ``None`` after recording a problem."""
        kind = spec.type
        if kind in (FieldType.TEXT, FieldType.STRETCH, FieldType.PICTURE):
            length = 300 if spec.max_length is None else spec.max_length
            return self.text(path, value, max_length=length, empty_ok=spec.empty_ok)
        if kind is FieldType.TEXT_LIST:
            return self.text_list(
                path, value, max_items=20 if spec.max_items is None else spec.max_items,
                max_length=80 if spec.max_length is None else spec.max_length, min_items=spec.min_items,
            )
        if kind is FieldType.CHOICE_LIST:
            return self.choice_list(path, value, spec.choices, spec.max_items)
        if kind is FieldType.CHOICE:
            return self.word(path, value, spec.choices)
        if kind is FieldType.DURATION:
            maximum = MAX_HOLD if spec.maximum is None else spec.maximum
            return self.duration(path, value, positive=spec.positive, maximum=maximum)
        if kind is FieldType.INTEGER:
            assert spec.minimum is not None and spec.maximum is not None, spec.key
            return self.integer(path, value, int(spec.minimum), int(spec.maximum))
        return self.boolean(path, value)
