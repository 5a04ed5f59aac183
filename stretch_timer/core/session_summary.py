"""What a run did, step by step: the counting behind :meth:`.session.Session.summary` and its result.

Split from :mod:`.session`, which moves along the timeline; this keeps the tally. Each step is credited with
the running seconds its phases covered (a lead-in rest counts for no step), is skipped when one of its active
phases never ended as it should, and is eased when the person eased off during it. The summary is what the
history keeps (:mod:`.run_record`) and what the summary page shows.
"""

from __future__ import annotations

from dataclasses import dataclass

from stretch_timer.core.plan import Timeline


@dataclass(frozen=True)
class StepSummary:
    step_index: int
    name: str
    planned_seconds: float
    done_seconds: float
    skipped: bool
    eased: bool


@dataclass(frozen=True)
class SessionSummary:
    """What the history keeps of one run; times are clock readings and running/paused seconds."""

    steps: tuple[StepSummary, ...]
    total_seconds: float
    paused_seconds: float
    completed: bool
    started_at: float | None
    ended_at: float | None
    time_to_relief: float | None = None
    """Running seconds from the start of an open-ended hold to "It let go" (the run's first); None without."""


class StepTally:
    """Per step of one run: running seconds done, phases that ended as they should, steps eased off."""

    def __init__(self, timeline: Timeline) -> None:
        self.timeline = timeline
        self.body_step = self._index_bodies()
        self.done = [0.0] * timeline.step_count
        self.ended_phases: set[int] = set()
        self.eased: set[int] = set()

    def _index_bodies(self) -> tuple[int | None, ...]:
        """Per phase, the step whose done/planned seconds it counts towards (lead-in rests count for none)."""
        owner: list[int | None] = [None] * len(self.timeline.phases)
        for k in range(self.timeline.step_count):
            for i in self.timeline.step_body(k):
                owner[i] = k
        return tuple(owner)

    def count_done(self, a: float, b: float) -> None:
        """Credit each step with the part of ``[a, b]`` its phases cover (continuous advances only)."""
        phases = self.timeline.phases
        i = self.timeline.phase_at(a)
        while b > a and i < len(phases) and phases[i].start < b:
            step = self.body_step[i]
            overlap = min(b, phases[i].end) - max(a, phases[i].start)
            if step is not None and overlap > 0:
                self.done[step] += overlap
            i += 1

    def steps(self) -> tuple[StepSummary, ...]:
        tl = self.timeline
        return tuple(
            StepSummary(
                step_index=k,
                name=tl.step_names[k],
                planned_seconds=tl.planned_step_seconds(k),
                done_seconds=self.done[k],
                skipped=any(tl.phases[i].is_active and i not in self.ended_phases for i in tl.step_body(k)),
                eased=k in self.eased,
            )
            for k in range(tl.step_count)
        )
