"""The routine check's problems in the editor's words: "Step 3, hold: …" instead of ``steps[2].hold``, the
list of problems no field on screen shows, and the one line that says why Save is refused.

Plain Python (no Qt): the words are the same wherever they are shown (the problems line, Save's tooltip, the
status line).
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from stretch_timer.core.draft import DraftCheck
from stretch_timer.core.plan import Timeline
from stretch_timer.core.problems import Problem

MAX_LISTED_PROBLEMS = 6
"""Problems without a field on screen listed above the bar; the rest are counted."""

_STEP_FIELD = re.compile(r"^steps\[(\d+)\]\.?")


def problem_text(problem: Problem) -> str:
    """A problem for the person: the field and the loader's message (the file and line mean nothing here);
    ``steps[2].hold`` reads "Step 3, hold"."""
    where = _STEP_FIELD.sub(lambda m: f"Step {int(m.group(1)) + 1}, " if m.end() > m.end(1) + 1
                            else f"Step {int(m.group(1)) + 1}", problem.field)
    return f"{where}: {problem.message}" if where else problem.message


def listed_problems(rest: Sequence[Problem]) -> str:
    """The problems no field shows, one a line: the first few, then how many more."""
    lines = [problem_text(p) for p in rest[:MAX_LISTED_PROBLEMS]]
    if len(rest) > MAX_LISTED_PROBLEMS:
        lines.append(f"… and {len(rest) - MAX_LISTED_PROBLEMS} more")
    return "\n".join(lines)


def invalid_reason(check: DraftCheck | None, timeline: Timeline | None) -> str:
    """Why the draft cannot be saved yet, in one line ("" when it can)."""
    if check is None:
        return "Nothing to save."
    if check.problems:
        count = len(check.problems)
        first = problem_text(check.problems[0])
        return f"Cannot save yet: {first}" + (f" (and {count - 1} more)" if count > 1 else "")
    if check.routine is None or timeline is None:
        return "Cannot save yet: nothing in the routine takes any time."
    return ""
