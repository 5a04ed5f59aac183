"""The history as a service of the app: runs and cramps written off the GUI thread, read back for the views.

A routine's cues must never wait for a disk (a slow SD card, a database another process holds), so the store
lives on a worker thread of its own: the app hands it work and carries on, and results come back as signals
(queued onto the GUI thread by Qt, as the signal's receivers live there). The store is opened after the first
paint, on the worker. A database that cannot be read is set aside by the store, and the notice it gives goes
to the person through ``told``; a store that cannot be opened at all leaves the history off, with a notice,
and the timer as it was.
"""

from __future__ import annotations

import datetime as dt
import queue
import threading
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from PySide6.QtCore import QObject, Signal

if TYPE_CHECKING:
    from stretch_timer.core.history.records import CrampAnswer
    from stretch_timer.core.history.store import HistoryStore
    from stretch_timer.core.model import Routine
    from stretch_timer.core.run_record import RunRecord

Job = Callable[["HistoryStore"], object]
STOP_WAIT_SECONDS = 2.0
"""How long quitting waits for writes still queued (each is a small transaction)."""


class History(QObject):
    """Runs and cramps, stored by a worker thread; ``changed`` after each write, ``loaded`` with the rows."""

    changed = Signal()
    """Something was written (a run, a cramp, a deletion): views showing the history ask again."""
    loaded = Signal(object, object)
    """The rows asked for with :meth:`request`: (sessions, cramps), newest first."""
    told = Signal(str)
    """A line for the person: the history was set aside and started again, could not be opened, was exported."""
    failed = Signal(str)
    """Something the person asked for could not be done (an export to a folder they cannot write)."""

    def __init__(self, path: Callable[[], Path], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._path = path
        self._jobs: queue.Queue[tuple[Job, Callable[[object], None] | None] | None] = queue.Queue()
        self._thread: threading.Thread | None = None
        self._run_ids: dict[int, int] = {}  # id(RunRecord) -> its row, for a cramp logged with that run
        self._records: dict[int, RunRecord] = {}
        self.available = True
        self._done_signal = _Deliver(self)

    # --- the worker ------------------------------------------------------------------------------------

    def start(self) -> None:
        """Open the store on the worker thread (call after the first paint)."""
        if self._thread is not None:
            return
        self._thread = threading.Thread(target=self._work, name="history", daemon=True)
        self._thread.start()

    def _work(self) -> None:
        from stretch_timer.core.history.store import HistoryReadOnly, HistoryStore

        try:
            store, notices = HistoryStore.open(self._path())
        except Exception as error:  # any failure leaves the history off, never the app
            self.available = False
            self.told.emit(f"The history could not be opened ({error}); runs are not being recorded.")
            self._drain()
            return
        for notice in notices:
            self.told.emit(notice)
        while True:
            item = self._jobs.get()
            if item is None:
                break
            job, reply = item
            try:
                result = job(store)
            except HistoryReadOnly:
                self.failed.emit("The history file was made by a newer Stretch Timer: it is shown, not written to.")
                continue
            except Exception as error:  # one failed write must not stop the others
                self.failed.emit(f"Could not write to the history: {error}")
                continue
            if reply is not None:
                self._done_signal.deliver.emit(reply, result)
        store.close()

    def _drain(self) -> None:
        while True:
            try:
                if self._jobs.get_nowait() is None:
                    return
            except queue.Empty:
                return

    def _queue(self, job: Job, reply: Callable[[object], None] | None = None) -> None:
        if not self.available:
            return
        self.start()
        self._jobs.put((job, reply))

    def shut_down(self) -> None:
        """Let queued writes finish (briefly) and close the store."""
        if self._thread is None:
            return
        self._jobs.put(None)
        self._thread.join(STOP_WAIT_SECONDS)
        self._thread = None

    # --- writing ---------------------------------------------------------------------------------------

    def add_run(self, record: RunRecord, routine: Routine | None) -> None:
        """Store a finished run (queued: returns at once)."""
        tags = routine.tags if routine is not None else ()
        key = id(record)
        self._records[key] = record  # kept alive so its id() stays its own until stored

        def job(store: HistoryStore) -> object:
            row = store.add_session(record, bedtime="bedtime" in tags, relief="relief" in tags)
            self._run_ids[key] = row
            return row

        self._queue(job, lambda _row: self.changed.emit())

    def log_cramp(self, answer: CrampAnswer, at: dt.datetime, for_run: RunRecord | None = None) -> None:
        """Store a cramp, linked to ``for_run`` when it was answered after that run."""
        key = id(for_run) if for_run is not None else None

        def job(store: HistoryStore) -> object:
            session = self._run_ids.get(key) if key is not None else None
            return store.add_cramp(at, answer.muscle, side=answer.side, severity=answer.severity,
                                   helped=answer.helped, note=answer.note, session_id=session)

        self._queue(job, lambda _row: self.changed.emit())

    def delete_session(self, session_id: int) -> None:
        self._queue(lambda store: store.delete_session(session_id), lambda _r: self.changed.emit())

    def delete_cramp(self, cramp_id: int) -> None:
        self._queue(lambda store: store.delete_cramp(cramp_id), lambda _r: self.changed.emit())

    def clear(self) -> None:
        self._queue(lambda store: store.clear(), lambda _r: self.changed.emit())

    def export_csv(self, folder: Path) -> None:
        from stretch_timer.core.history.csv_io import write_csv

        def done(paths: object) -> None:
            sessions, cramps = cast(tuple[Path, Path], paths)
            self.told.emit(f"Exported the history to {sessions} and {cramps}.")

        self._queue(lambda store: write_csv(folder, store), done)

    # --- reading ---------------------------------------------------------------------------------------

    def request(self) -> None:
        """Read every run and cramp; ``loaded`` brings them."""

        def job(store: HistoryStore) -> object:
            return store.sessions(with_steps=False), store.cramps()  # the page needs no per-step detail

        def done(rows: object) -> None:
            sessions, cramps = cast(tuple[Any, Any], rows)
            self.loaded.emit(sessions, cramps)

        self._queue(job, done)

    def wait_idle(self, timeout: float = 5.0) -> bool:
        """Block until the queued work is done (tests, and the CLI-like quit path): True when it is."""
        finished = threading.Event()
        self._queue(lambda _store: finished.set())
        return finished.wait(timeout) if self.available else True


class _Deliver(QObject):
    """Carries a worker's result to its callback on the GUI thread (a queued signal does the crossing)."""

    deliver = Signal(object, object)

    def __init__(self, parent: QObject) -> None:
        super().__init__(parent)
        self.deliver.connect(self._call)

    @staticmethod
    def _call(reply: Any, result: object) -> None:
        reply(result)
