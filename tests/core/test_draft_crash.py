"""A save from the editor's code path, killed at random moments, leaves the old file or the new one: never a
torn one, and never a leftover the library would list."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import time
from pathlib import Path

import pytest

from stretch_timer.core.atomic import remove_stale_temp_files
from stretch_timer.core.catalog import yaml_files

from .save_loop import save_forever

KILLS = 100
ROUTINE = """\
# mine, by hand
format: 1
name: Mine
steps:
  - name: Wall push   # the one I like
    instructions: [Lean into the wall.]
    repeat: 2
"""


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs a fork server (POSIX)")
def test_a_save_killed_at_any_moment_leaves_the_old_or_the_new_file(tmp_path: Path) -> None:
    bundled, user = tmp_path / "bundled", tmp_path / "user"
    bundled.mkdir()
    user.mkdir()
    target = user / "mine.yaml"
    target.write_text(ROUTINE, encoding="utf-8")
    versions = {ROUTINE, ROUTINE.replace("repeat: 2", "repeat: 3")}
    context = multiprocessing.get_context("forkserver")
    context.set_forkserver_preload(["tests.core.save_loop"])
    rng = random.Random(11)
    seen: set[str] = set()
    for _ in range(KILLS):
        ready = context.Event()
        child = context.Process(target=save_forever, args=(str(bundled), str(user), ready))
        child.start()
        assert ready.wait(10), "the saving process did not start"
        time.sleep(rng.uniform(0, 0.012))
        os.kill(child.pid or 0, signal.SIGKILL)
        child.join(10)
        assert child.exitcode == -signal.SIGKILL
        text = target.read_text(encoding="utf-8")
        assert text in versions, "a killed save left a torn file"
        seen.add(text)
        backup = user / "mine.yaml.bak"
        if backup.exists():
            assert backup.read_text(encoding="utf-8") in versions, "a killed save left a torn backup"
    assert seen == versions, "the kills never landed between saves of both versions"
    assert yaml_files(user) == [target]  # temp files are hidden from the library
    remove_stale_temp_files(user, now=time.time() + 3600)
    assert sorted(path.name for path in user.iterdir()) == ["mine.yaml", "mine.yaml.bak"]
