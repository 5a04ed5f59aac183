"""How long the History page's data takes: opening the store and its queries over 10 years (goal: the whole
page, drawing included, in at most 150 ms; this is the store's and the statistics' share of it).

Seeds a temporary history with 10 years of nightly bedtime runs, some relief runs and about 1,500 cramps, then
times what the page asks for: open the store; the shown month's sessions and cramps; the last year's runs and
cramps for the per-week charts; all runs for the streak and the most-used routines. Prints the figure and its
ratio to the goal; it is not a test, because wall-clock speed depends on the machine.
Run: ``.venv/bin/python benchmarks/history_store.py``.
"""

from __future__ import annotations

import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stretch_timer.core.history import stats
from stretch_timer.core.history.store import HistoryStore
from stretch_timer.core.run_record import Outcome, RunRecord, StepRecord

GOAL_SECONDS = 0.150
YEARS = 10
CRAMPS = 1500
REPEATS = 7
TZ = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 3, 29)  # a DST change, for good measure

ROUTINES = [("bedtime-legs", "Bedtime legs"), ("evening-calves", "Evening calves"), ("gentle-hips", "Gentle hips")]
RELIEF = [("calf-cramp-relief", "Calf cramp relief"), ("hamstring-relief", "Hamstring relief")]


def _steps(rng: random.Random, count: int) -> tuple[StepRecord, ...]:
    return tuple(StepRecord(index, f"Stretch {index + 1}", 30.0, rng.choice([30.0, 30.0, 12.5, 0.0]),
                            rng.choice([Outcome.DONE, Outcome.DONE, Outcome.DONE, Outcome.EASED, Outcome.SKIPPED]))
                 for index in range(count))


def seed(store: HistoryStore, rng: random.Random) -> tuple[int, int]:
    """About 3,650 nightly runs, 400 relief runs and 1,500 cramps ending at TODAY; (runs, cramps) written."""
    first = TODAY - dt.timedelta(days=365 * YEARS)
    runs = cramps = 0
    for offset in range(365 * YEARS):
        day = first + dt.timedelta(days=offset)
        if rng.random() < 0.99:
            routine_id, name = rng.choice(ROUTINES)
            started = dt.datetime.combine(day, dt.time(rng.choice([21, 22, 23]), rng.randrange(60)), TZ)
            completed = rng.random() < 0.92
            record = RunRecord(routine_id, name, "bundled", started, started + dt.timedelta(minutes=9), completed,
                               570.0, 540.0 if completed else 200.0, rng.choice([0.0, 0.0, 12.0]),
                               _steps(rng, rng.randint(6, 10)))
            store.add_session(record, bedtime=True, relief=False)
            runs += 1
        if rng.random() < CRAMPS / (365 * YEARS):
            at = dt.datetime.combine(day + dt.timedelta(days=1), dt.time(rng.randrange(5), rng.randrange(60)), TZ)
            session_id = None
            if rng.random() < 0.27:
                routine_id, name = rng.choice(RELIEF)
                record = RunRecord(routine_id, name, "bundled", at, at + dt.timedelta(minutes=3), True, 180.0,
                                   170.0, 0.0, _steps(rng, 3))
                session_id = store.add_session(record, bedtime=False, relief=True,
                                               time_to_relief=rng.uniform(15, 110))
                runs += 1
            store.add_cramp(at, rng.choice(["calf", "calf", "hamstring", "foot", "quadriceps"]),
                            side=rng.choice(["left", "right", "both", None]), severity=rng.randint(2, 9),
                            helped=rng.choice([True, False, None]), note=rng.choice(["", "", "woke me, again"]),
                            session_id=session_id)
            cramps += 1
    return runs, cramps


def load_page(path: Path) -> dict[str, object]:
    """What the History page needs for TODAY's month, as the page's loader should ask for it."""
    store, _ = HistoryStore.open(path)
    with store:
        month_start = dt.datetime(TODAY.year, TODAY.month, 1, tzinfo=TZ)
        next_month = dt.datetime(TODAY.year + TODAY.month // 12, TODAY.month % 12 + 1, 1, tzinfo=TZ)
        year_start = dt.datetime.combine(stats.week_start(TODAY) - dt.timedelta(weeks=51), dt.time(), TZ)
        month_sessions = store.sessions(since=month_start, until=next_month)
        month_cramps = store.cramps(since=month_start, until=next_month)
        year_cramps = store.cramps(since=year_start)
        # The streak may span all ten years, and the most-used count does; neither looks at the steps.
        all_sessions = store.sessions(with_steps=False)
    year_sessions = [row for row in all_sessions if row.started >= year_start]
    return {
        "calendar": stats.month_calendar(month_sessions, month_cramps, TODAY.year, TODAY.month, TZ),
        "cramps_per_week": stats.cramps_per_week(year_cramps, 52, TODAY, TZ),
        "relief_per_week": stats.median_relief_per_week(year_sessions, 52, TODAY, TZ),
        "streak": stats.bedtime_streak(all_sessions, TODAY, TZ),
        "most_used": stats.most_used_routines(all_sessions),
        "cramps_listed": len(month_cramps),
    }


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "history.sqlite3"
        store, _ = HistoryStore.open(path)
        with store:
            runs, cramps = seed(store, random.Random(12))
        size = path.stat().st_size
        times = []
        for _ in range(REPEATS):
            began = time.perf_counter()
            page = load_page(path)
            times.append(time.perf_counter() - began)
    figure = statistics.median(times)
    print(f"seeded {runs} runs and {cramps} cramps over {YEARS} years ({size / 1e6:.1f} MB); streak "
          f"{page['streak']} nights, most used: {page['most_used'][0]}")  # type: ignore[index]
    print(f"history page data: {figure * 1000:.1f} ms (median of {REPEATS}; best {min(times) * 1000:.1f} ms, "
          f"first {times[0] * 1000:.1f} ms) = {figure / GOAL_SECONDS:.2f} of the {GOAL_SECONDS * 1000:.0f} ms goal")


if __name__ == "__main__":
    main()
