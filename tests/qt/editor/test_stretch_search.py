"""The stretch picker's matching, without a display: words found anywhere a person would look (folded for
case and accents), every word needed, and the muscle, position and props filters."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from stretch_timer.core.model import Breathing, Relaxation, Stretch
from stretch_timer.qt.editor.stretch_search import (
    ANY,
    NO_PROPS,
    Filters,
    SearchEntry,
    entry_for,
    fold,
    props_of,
)

CALF = Stretch(id="wall-calf", name="Wall calf stretch", instructions=("Face a wall.", "Step one foot back."),
               muscles=("calf",), position="standing", props=("Wall",))
TOE = Stretch(id="toe-pose", name="Toe pose", sanskrit="Ṭōēkāsana", instructions=("Kneel like a hedgehog.",),
              muscles=("foot", "quadriceps"), position="kneeling")
BREATH = Stretch(id="slow", name="Slow breathing", instructions=(), breathe=Breathing())
RELAX = Stretch(id="pmr", name="Tense and let go", instructions=(), pmr=Relaxation(groups=("feet", "calves")))


def entry(stretch: Stretch, detail: str = "Hold 30 s") -> SearchEntry:
    return entry_for(stretch.id, stretch, detail)


def found(filters: Filters, *stretches: Stretch) -> list[str]:
    return [s.id for s in stretches if filters.accepts(entry(s))]


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Pâdâṅguṣṭhâsana") == "padangusthasana"
    assert fold("ÉTIREMENT") == fold("étirement") == "etirement"


def test_every_word_is_needed_and_may_stand_anywhere() -> None:
    everything = (CALF, TOE, BREATH, RELAX)
    assert found(Filters("WALL CALF"), *everything) == ["wall-calf"]  # the how-to and the muscle
    assert found(Filters("wall hedgehog"), *everything) == []  # one word each is not enough
    assert found(Filters("toekasana"), *everything) == ["toe-pose"]  # the Sanskrit name, folded
    assert found(Filters("front of thigh"), *everything) == ["toe-pose"]  # quadriceps, as people read it
    assert found(Filters("relaxation"), *everything) == ["pmr"]  # the kind
    assert found(Filters("  "), *everything) == ["wall-calf", "toe-pose", "slow", "pmr"]


def test_filters_narrow_by_muscle_position_and_props() -> None:
    everything = (CALF, TOE, BREATH, RELAX)
    assert found(Filters(muscle="foot"), *everything) == ["toe-pose"]
    assert found(Filters(position="standing"), *everything) == ["wall-calf"]
    assert found(Filters(props="wall"), *everything) == ["wall-calf"]  # props match folded too
    assert found(Filters(props=NO_PROPS), *everything) == ["toe-pose", "slow", "pmr"]
    assert found(Filters("calf", position="kneeling"), *everything) == []
    assert not Filters("words").narrowed and Filters(props=NO_PROPS).narrowed
    assert Filters() == Filters("", ANY, ANY, ANY)


def test_an_entry_says_what_it_asks_for_and_where() -> None:
    calf = entry(CALF, "Hold 30 s each side")
    assert calf.what == "Hold 30 s each side"
    assert calf.spoken.startswith("Wall calf stretch, Hold 30 s each side, ")
    assert "standing" in calf.where and "with Wall" in calf.where
    assert entry(BREATH, "6 slow breaths (in 4 s, out 6 s)").what == "Breathing: 6 slow breaths (in 4 s, out 6 s)"
    assert entry(RELAX, "ignored").what == "Relaxation: tense and relax feet, calves"
    assert props_of([entry(TOE), entry(CALF)]) == ["Wall"]


def test_the_matching_needs_no_qt() -> None:
    code = ("import sys; import stretch_timer.qt.editor.stretch_search; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('PySide6', 'shiboken6')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[3])})
    assert result.stdout.strip() == "[]"
