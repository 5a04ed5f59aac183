"""Whatever text a file holds, the loaders return a routine or located problems, never another exception,
and every problem points at a line that exists in the file.

Two sources of input: arbitrary YAML-ish text, and mutations of the bundled files (the realistic case: a
shared routine someone edited by hand, or a file damaged in transit).
"""

from __future__ import annotations

import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from stretch_timer.core.catalog import load_catalog
from stretch_timer.core.loader import load_routine_text, load_stretch_text
from stretch_timer.core.problems import Problem

REPO = Path(__file__).resolve().parents[2]
ROUTINES = sorted((REPO / "routines").glob("*.yaml"))
STRETCHES = sorted((REPO / "routines" / "stretches").glob("*.yaml"))
IMAGES = (REPO / "assets" / "images",)
CATALOG = load_catalog([REPO / "routines" / "stretches"], IMAGES)
TEXTS = {path: path.read_text(encoding="utf-8") for path in [*ROUTINES, *STRETCHES]}

# What makes YAML interesting: its indicators, breaks of every kind, tags, numbers, and characters it refuses.
PIECES = [
    ":", ": ", "- ", "-", "[", "]", "{", "}", ",", "!", "!!", "!!int ", "!!python/tuple ", "&a ", "*a", "<<: ",
    "#", "|", ">", "'", '"', "%", "@", "`", "?", " ", "  ", "\t", "\n", "\r\n", "\r", "\x85", "\u2028", "\u2029",
    "\x00", "\x07", "\x1b[2J", "\x7f", "\ufeff", "\ud800", "0", "1", "9" * 30, "1" + "0" * 400, "1e400", ".inf",
    ".nan", "-", "0x1F", "0o7", "1:30", "yes", "No", "~", "null", "true", "hold", "sides", "steps", "stretch",
    "breathe", "pmr", "name", "image", "x.svg", "../x.svg", "/dev/zero", "é", "🦵", "---", "...",
]
pieces = st.lists(st.sampled_from(PIECES) | st.text(max_size=3), max_size=40).map("".join)


def editor_lines(text: str) -> int:
    text = text.removeprefix("\ufeff")
    breaks = len(re.findall("\r\n|[\r\n]", text))
    return max(1, breaks + (0 if text.endswith(("\n", "\r")) else 1))


def check_outcome(text: str, result: object, problems: list[Problem]) -> None:
    assert (result is None) == bool(problems), problems
    last = editor_lines(text)
    for problem in problems:
        assert 1 <= problem.line <= last, f"{problem} is past line {last} of {text!r}"
        assert problem.field and problem.message
        assert "\n" not in str(problem) and "\r" not in str(problem)


def load_both(text: str) -> None:
    routine, problems = load_routine_text(text, Path("/tmp/r.yaml"), CATALOG.stretches, IMAGES)
    check_outcome(text, routine, problems)
    stretch, problems = load_stretch_text(text, Path("/tmp/s.yaml"), IMAGES)
    check_outcome(text, stretch, problems)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=200) | pieces)
def test_any_text_loads_or_gives_located_problems(text: str) -> None:
    load_both(text)


@st.composite
def mutants(draw: st.DrawFn) -> str:
    """A bundled file with a few edits: cut a slice, insert a piece, duplicate or drop a line."""
    text = TEXTS[draw(st.sampled_from(sorted(TEXTS)))]
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["cut", "insert", "replace", "duplicate-line", "drop-line"]))
        at = draw(st.integers(0, len(text)))
        if kind == "cut":
            text = text[:at] + text[at + draw(st.integers(1, 20)):]
        elif kind in ("insert", "replace"):
            piece = draw(st.sampled_from(PIECES) | st.text(max_size=4))
            skip = len(piece) if kind == "replace" else 0
            text = text[:at] + piece + text[at + skip:]
        else:
            lines = text.splitlines(keepends=True)
            if lines:
                index = draw(st.integers(0, len(lines) - 1))
                lines[index:index + 1] = [lines[index]] * (2 if kind == "duplicate-line" else 0)
                text = "".join(lines)
    return text


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutants())
def test_any_mutation_of_a_bundled_file_loads_or_gives_located_problems(text: str) -> None:
    load_both(text)


def test_every_bundled_file_still_loads() -> None:
    for path in ROUTINES:
        routine, problems = load_routine_text(TEXTS[path], path, CATALOG.stretches, IMAGES)
        assert routine is not None and not problems, problems
    for path in STRETCHES:
        stretch, problems = load_stretch_text(TEXTS[path], path, IMAGES)
        assert stretch is not None and not problems, problems
