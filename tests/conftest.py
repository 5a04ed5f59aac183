"""Settings every test shares: no display, never the real user directories, and how a parallel run is shared out.

The suite runs in two pytest-xdist workers (``-n 2 --dist loadgroup`` in pyproject's pytest options). Most of
its wall time is real time spent waiting (routines played into PulseAudio and recorded, apps run end to end),
not CPU, so two workers halve it. Every server a test starts is private to that test already (PulseAudio and
speech-dispatcher in a fresh runtime folder named after the worker's process, Xvfb on a display it picks
itself, the app's socket keyed by the per-test STRETCH_TIMER_HOME), so the workers never meet.

Tests marked ``realtime`` compare recorded sound with the clock to tens of milliseconds. They form one group
(``xdist_group("realtime")``), run one after another by one worker and never two at once, and the group is
handed out first. Each worker's list starts with the long, mostly idle tests (``realtime``, ``audio``, ``slow``),
so that while the realtime ones record, the other worker is mostly waiting too, and the short CPU-bound tests
fill in at the end.

Why a scheduler of our own: xdist's ``loadgroup`` tells the groups apart by a suffix it appends to each nodeid
in the worker, which pytest 9's structured node ids no longer take (the groups silently fall apart). So the
workers write the groups they collected (any ``xdist_group`` mark, not just ours) to a file the controller gave
them, and :class:`GroupScheduling` (xdist's LoadScopeScheduling, one work unit per group or per lone test)
reads it from there.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import pytest

# Before anything imports Qt: widgets render offscreen on a machine without a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REALTIME_GROUP = "realtime"
START_EARLY = ("realtime", "audio", "slow")
"""Markers of tests that mostly wait on real time, longest kinds first: each worker starts with them."""
GROUPS_INPUT = "stretch_timer_groups_dir"
"""The key in xdist's workerinput naming the folder where workers write the groups they collected."""


def _start_rank(item: pytest.Item) -> int:
    return next((rank for rank, name in enumerate(START_EARLY) if item.get_closest_marker(name)), len(START_EARLY))


def _group_of(item: pytest.Item) -> str | None:
    names = sorted({str(m.args[0] if m.args else m.kwargs.get("name", "default"))
                    for m in item.iter_markers("xdist_group")})
    return "_".join(names) or None


def pytest_itemcollected(item: pytest.Item) -> None:
    if item.get_closest_marker("realtime"):
        item.add_marker(pytest.mark.xdist_group(REALTIME_GROUP))


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    workerinput: dict[str, Any] | None = getattr(config, "workerinput", None)
    if workerinput is None:  # one process: keep the files' order
        return
    items.sort(key=_start_rank)  # stable: a file's tests (and its module fixtures) stay together within a rank
    folder = workerinput.get(GROUPS_INPUT)
    if folder:
        groups = {item.nodeid: group for item in items if (group := _group_of(item))}
        target = Path(folder, f"{workerinput['workerid']}.json")
        part = target.with_suffix(".part")
        part.write_text(json.dumps(groups), encoding="utf-8")
        part.replace(target)  # whole or not at all when the controller reads it


try:
    from xdist.scheduler import LoadScopeScheduling
except ImportError:  # pragma: no cover - pytest-xdist is in the test extras; without it the suite runs in one process
    pass
else:

    class GroupScheduling(LoadScopeScheduling):
        """One work unit per ``xdist_group`` (its tests run in one worker, in order) and one per lone test.

        LoadScopeScheduling gives a worker a new unit whenever it has at most two tests left, biggest units first
        (the realtime group), then the lone tests in the workers' collection order (the long ones first)."""

        def __init__(self, config: pytest.Config, log: Any = None) -> None:
            super().__init__(config, log)
            self._groups_dir = Path(_groups_dir(config))
            self._groups: dict[str, str] | None = None

        def _split_scope(self, nodeid: str) -> str:
            if self._groups is None:  # first called once every worker has collected (and written its file)
                self._groups = {}
                for written in sorted(self._groups_dir.glob("*.json")):
                    self._groups.update(json.loads(written.read_text(encoding="utf-8")))
            group = self._groups.get(nodeid)
            return f"group:{group}" if group else nodeid

    _GROUPS_DIR = pytest.StashKey[str]()

    def _groups_dir(config: pytest.Config) -> str:
        if _GROUPS_DIR not in config.stash:
            folder = config.stash[_GROUPS_DIR] = tempfile.mkdtemp(prefix="st-xdist-groups-")
            config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))
        return config.stash[_GROUPS_DIR]

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(node: Any) -> None:  # in the controller, before each worker starts
        if node.config.getoption("dist") == "loadgroup":
            node.workerinput[GROUPS_INPUT] = _groups_dir(node.config)

    @pytest.hookimpl(optionalhook=True, tryfirst=True)
    def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:  # once the workers are up
        if config.getoption("dist") != "loadgroup":
            return None
        _groups_dir(config)
        return GroupScheduling(config, log)


@pytest.fixture(autouse=True)
def _isolated_user_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Point STRETCH_TIMER_HOME (and the XDG config folder, where a login entry would go) at fresh folders per
    test, so saving a routine, a session or "start at login" stays in tmp."""
    home = tmp_path / "home"
    monkeypatch.setenv("STRETCH_TIMER_HOME", str(home))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    return home
