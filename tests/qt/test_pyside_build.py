"""Guards the PySide6 pin in pyproject.toml (``!=6.12.0``).

PySide6 6.12.0 on Python 3.11 drops a reference to ``True`` for every signal delivered to a Python slot (and
to ``None`` for calls that return nothing); a ten-minute routine makes thousands, and the interpreter then
aborts with "bool_dealloc" or "none_dealloc". If a future build
brings the bug back, this fails before a user's bedtime routine does.
"""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal


class _Probe(QObject):
    ping = Signal()
    carry = Signal(object)


def test_delivering_signals_and_calls_keep_true_and_none_alive() -> None:
    probe = _Probe()
    probe.ping.connect(lambda: None)
    probe.carry.connect(lambda value: None)
    before = sys.getrefcount(True), sys.getrefcount(None)
    for _ in range(50):
        probe.ping.emit()
        probe.carry.emit(1)
        probe.setObjectName("probe")  # a call returning nothing
    after = sys.getrefcount(True), sys.getrefcount(None)
    assert after[0] >= before[0] - 2, "this PySide6 build leaks references to True on signals"
    assert after[1] >= before[1] - 10, "this PySide6 build leaks references to None on calls"
