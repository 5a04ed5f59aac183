"""Finding stretches for the stretch picker: what each catalog stretch is searched by, and what the person's
words and filters let through. Plain Python (no Qt), so the matching is tested without a display.

Matching ignores case and accents ("Pâdâṅguṣṭhâsana" is found by "padangusthasana") and needs every word
somewhere: in the name, the Sanskrit name, the position, the safety line, what it asks for, its kind, its
muscles (as files write them and as people read them), its props, its how-to or its id.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

from stretch_timer.core.model import StepKind, Stretch
from stretch_timer.core.muscles import muscle_name

ANY = ""
"""The filters' value for "any": no filtering on that field."""
NO_PROPS = "\0none"
"""The props filter's value for "no props" (no prop can be this text: a file's text has no NUL)."""

_KIND_WORDS = {StepKind.HOLD: "", StepKind.BREATHING: "Breathing", StepKind.RELAXATION: "Relaxation"}


def fold(text: str) -> str:
    """``text`` for matching: case and accents ignored ("Pâdâṅguṣṭhâsana" matches "padangusthasana")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def kind_of(stretch: Stretch) -> StepKind:
    if stretch.breathe is not None:
        return StepKind.BREATHING
    if stretch.pmr is not None:
        return StepKind.RELAXATION
    return StepKind.HOLD


@dataclass(frozen=True)
class SearchEntry:
    """One catalog stretch as the picker shows and searches it."""

    id: str
    stretch: Stretch
    what: str
    """What it asks for: "Hold 30 s each side", "Breathing: 6 slow breaths (in 4 s, out 6 s)"."""
    where: str
    """Its muscles, position and props: "Calf, hamstring · standing · with a towel"."""
    words: str
    """Everything searchable, folded."""

    @property
    def spoken(self) -> str:
        return ", ".join(part for part in (self.stretch.name, self.what, self.where) if part)


def entry_for(stretch_id: str, stretch: Stretch, detail: str) -> SearchEntry:
    """``stretch`` as the picker lists it; ``detail`` is what it asks for as one step, in the overview's
    words ("Hold 30 s each side", "6 slow breaths (in 4 s, out 6 s)")."""
    kind = kind_of(stretch)
    what = detail
    if kind is StepKind.RELAXATION and stretch.pmr is not None:
        what = f"{_KIND_WORDS[kind]}: tense and relax {', '.join(stretch.pmr.groups)}"
    elif kind is not StepKind.HOLD:
        what = f"{_KIND_WORDS[kind]}: {what[:1].lower()}{what[1:]}"
    muscles = ", ".join(muscle_name(m) for m in stretch.muscles)
    where = [muscles[:1] + muscles[1:].lower()] if muscles else []
    if stretch.position:
        where.append(stretch.position)
    if stretch.props:
        where.append("with " + ", ".join(stretch.props))
    words = [
        stretch.name, stretch.sanskrit, stretch.position, stretch.safety, what, kind.value, stretch.action.value,
        *stretch.muscles, *(muscle_name(m) for m in stretch.muscles), *stretch.props, *stretch.instructions,
        stretch_id,
    ]
    return SearchEntry(stretch_id, stretch, what, "  ·  ".join(where), fold("\n".join(words)))


def props_of(entries: Iterable[SearchEntry]) -> list[str]:
    """Every prop the entries name, once each, in a stable order for the props filter."""
    return sorted({prop for entry in entries for prop in entry.stretch.props}, key=fold)


@dataclass(frozen=True)
class Filters:
    """What the person asked for: words to find, and a muscle, position and prop (ANY for each: no filter)."""

    text: str = ""
    muscle: str = ANY
    position: str = ANY
    props: str = ANY

    def accepts(self, entry: SearchEntry) -> bool:
        stretch = entry.stretch
        if self.muscle and self.muscle not in stretch.muscles:
            return False
        if self.position and stretch.position != self.position:
            return False
        if self.props == NO_PROPS:
            if stretch.props:
                return False
        elif self.props and fold(self.props) not in {fold(p) for p in stretch.props}:
            return False
        return all(word in entry.words for word in fold(self.text).split())

    @property
    def narrowed(self) -> bool:
        """A muscle, position or props filter is set (the words aside)."""
        return bool(self.muscle or self.position or self.props)
