"""How long the History page takes to show 10 years of history (goal: at most 150 ms on this machine).

About 4,000 sessions (a bedtime routine most nights, relief runs for some cramps) and 1,500 cramps, built in
memory as the store's records; the same rows are also written to a temporary database and read back, and
that load (and the load and show together, on a fresh page) is timed too. The page is shown offscreen and
``show_history`` is timed until the page is laid out (events processed). Prints the figures and the ratio to
the goal; not a test, because wall-clock speed depends on the machine.
Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python benchmarks/history_page.py``.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from zoneinfo import ZoneInfo

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from stretch_timer.core.history.records import CrampRow, SessionRow
from stretch_timer.core.model import MUSCLES
from stretch_timer.core.run_record import Outcome, StepRecord

GOAL_SECONDS = 0.150
YEARS = 10
CRAMPS = 1500
TZ = ZoneInfo("Europe/Berlin")
TODAY = dt.date(2026, 11, 20)
ROUTINES = (("bedtime-calm", "Calm bedtime stretches", True, False),
            ("calf-relief", "Calf cramp relief", False, True),
            ("hamstring-relief", "Hamstring cramp relief", False, True),
            ("morning", "Morning legs", False, False))


def seed(rng: random.Random) -> tuple[list[SessionRow], list[CrampRow]]:
    """Ten years of plausible history, newest first as the store gives it."""
    sessions: list[SessionRow] = []
    cramps: list[CrampRow] = []
    first = TODAY - dt.timedelta(days=365 * YEARS)
    steps = tuple(StepRecord(k, f"Step {k + 1}", 60.0, 60.0, Outcome.DONE) for k in range(6))
    day = first
    while day <= TODAY:
        if rng.random() < 0.9:
            rid, name, bedtime, relief = ROUTINES[0] if rng.random() < 0.93 else ROUTINES[3]
            start = dt.datetime.combine(day, dt.time(22, rng.randint(0, 59)), tzinfo=TZ)
            sessions.append(_session(len(sessions) + 1, rid, name, start, bedtime, relief, None, steps, rng))
        day += dt.timedelta(days=1)
    span = (TODAY - first).days
    for k in range(CRAMPS):
        at = dt.datetime.combine(first + dt.timedelta(days=rng.randrange(span)),
                                 dt.time(rng.randint(0, 23), rng.randint(0, 59)), tzinfo=TZ)
        session_id = None
        if rng.random() < 0.5:
            rid, name, bedtime, relief = rng.choice(ROUTINES[1:3])
            session_id = len(sessions) + 1
            sessions.append(_session(session_id, rid, name, at, bedtime, relief, rng.uniform(15, 110), steps, rng))
        cramps.append(CrampRow(k + 1, at, rng.choice(MUSCLES), rng.choice(("left", "right", "both", None)),
                               rng.choice((None, *range(11))), rng.choice((True, False, None)),
                               rng.choice(("", "after a long walk", 'woke me, "sharp", again\nleft calf')),
                               session_id))
    sessions.sort(key=lambda s: s.started, reverse=True)
    cramps.sort(key=lambda c: c.at, reverse=True)
    return sessions, cramps


def _session(sid: int, rid: str, name: str, start: dt.datetime, bedtime: bool, relief: bool,
             time_to_relief: float | None, steps: tuple[StepRecord, ...], rng: random.Random) -> SessionRow:
    seconds = 360.0
    return SessionRow(sid, rid, name, "bundled", start, start + dt.timedelta(seconds=seconds), rng.random() < 0.95,
                      seconds, seconds, 0.0, bedtime, relief, time_to_relief, steps)


def time_show(page: object, sessions: list[SessionRow], cramps: list[CrampRow], runs: int = 7) -> list[float]:
    from PySide6.QtWidgets import QApplication

    timings = []
    for k in range(runs):
        # Alternate between the history and the history less its newest cramp (as after a delete), so every
        # show has new figures to draw, not the ones already on screen.
        shown = cramps if k % 2 else cramps[1:]
        started = time.perf_counter()
        page.show_history(sessions, shown, TODAY, TZ)  # type: ignore[attr-defined]
        QApplication.processEvents()
        timings.append(time.perf_counter() - started)
    return timings


def store_load(sessions: list[SessionRow], cramps: list[CrampRow]) -> str:
    """Write the rows to a temporary store; time reading them back, and reading and showing them together."""
    from stretch_timer.core.history.store import HistoryStore
    from stretch_timer.core.run_record import RunRecord

    with tempfile.TemporaryDirectory() as folder:
        store, _notices = HistoryStore.open(Path(folder) / "history.sqlite3")
        for s in reversed(sessions):
            record = RunRecord(s.routine_id, s.routine_name, s.source, s.started, s.ended, s.completed,
                               s.planned_seconds, s.active_seconds, s.paused_seconds, s.steps)
            store.add_session(record, bedtime=s.bedtime, relief=s.relief, time_to_relief=s.time_to_relief)
        for c in reversed(cramps):
            store.add_cramp(c.at, c.muscle, c.side, c.severity, c.helped, c.note)
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            loaded = store.sessions(with_steps=False), store.cramps()  # as app/history.py reads them
            timings.append(time.perf_counter() - started)
        from PySide6.QtWidgets import QApplication

        from stretch_timer.qt.pages.history_page import HistoryPage

        page = HistoryPage()
        page.resize(1366, 720)
        page.show()
        QApplication.processEvents()
        started = time.perf_counter()
        rows = store.sessions(with_steps=False), store.cramps()
        page.show_history(*rows, TODAY, TZ)
        QApplication.processEvents()
        both = time.perf_counter() - started
        page.close()
        store.close()
    best = min(timings)
    return (f"store: read {len(loaded[0])} sessions + {len(loaded[1])} cramps in {best * 1000:.1f} ms (best of 5); "
            f"read and show on a new page: {both * 1000:.1f} ms, ratio to goal {both / GOAL_SECONDS:.2f}")


def main() -> None:
    from PySide6.QtWidgets import QApplication

    from stretch_timer.qt.pages.history_page import HistoryPage
    from stretch_timer.qt.theme import LIGHT, apply_theme

    app = QApplication.instance() or QApplication(sys.argv)
    apply_theme(app, LIGHT)  # type: ignore[arg-type]
    sessions, cramps = seed(random.Random(12))
    page = HistoryPage()
    page.resize(1366, 720)
    page.show()
    app.processEvents()
    started = time.perf_counter()
    page.show_history(sessions, cramps, TODAY, TZ)
    app.processEvents()
    first = time.perf_counter() - started
    timings = time_show(page, sessions, cramps)
    best, median = min(timings), statistics.median(timings)
    print(f"history page, {len(sessions)} sessions + {len(cramps)} cramps over {YEARS} years:")
    print(f"  first show (builds the charts): {first * 1000:.1f} ms; ratio to goal {first / GOAL_SECONDS:.2f}")
    print(f"  show again: best {best * 1000:.1f} ms, median {median * 1000:.1f} ms of {len(timings)}; "
          f"goal {GOAL_SECONDS * 1000:.0f} ms; ratio to goal {median / GOAL_SECONDS:.2f}")
    print(f"  {store_load(sessions, cramps)}")


if __name__ == "__main__":
    main()
