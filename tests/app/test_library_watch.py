"""Routine files changed on disk by someone else are noticed (a real QFileSystemWatcher), the app's own
saves are not reported back, and a save by rename (as editors and our own atomic writes do) counts."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from stretch_timer.app.library_watch import SETTLE_MS, LibraryWatch, changed_files, snapshot
from stretch_timer.core.atomic import write_atomic

ROUTINE = "format: 1\nname: Mine\nsteps:\n  - stretch: calf-massage\n"


def test_snapshots_tell_added_removed_and_changed_files(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text(ROUTINE)
    (tmp_path / "b.yaml").write_text(ROUTINE)
    (tmp_path / ".hidden.yaml").write_text(ROUTINE)
    before = snapshot(tmp_path)
    assert sorted(path.name for path in before) == ["a.yaml", "b.yaml"]
    (tmp_path / "a.yaml").write_text(ROUTINE + "# more\n")
    (tmp_path / "b.yaml").unlink()
    (tmp_path / "c.yaml").write_text(ROUTINE)
    assert [path.name for path in changed_files(before, snapshot(tmp_path))] == ["a.yaml", "b.yaml", "c.yaml"]


def test_a_file_changed_by_another_program_is_reported(qtbot: Any, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(ROUTINE)
    watch = LibraryWatch(tmp_path)
    with qtbot.waitSignal(watch.files_changed, timeout=5000) as changed, mine.open("a") as file:
        file.write("# edited\n")  # an editor writing in place
    assert changed.args == [[mine]]
    with qtbot.waitSignal(watch.files_changed, timeout=5000) as changed:
        temp = tmp_path / ".mine.yaml.swp"
        temp.write_text(ROUTINE + "# saved by rename\n")
        os.replace(temp, mine)  # an editor saving by rename: the watched inode goes away
    assert changed.args == [[mine]]
    with qtbot.waitSignal(watch.files_changed, timeout=5000) as changed:
        (tmp_path / "new.yaml").write_text(ROUTINE)
    assert changed.args == [[tmp_path / "new.yaml"]]


def test_the_apps_own_save_is_not_reported_as_someone_elses(qtbot: Any, tmp_path: Path) -> None:
    mine = tmp_path / "mine.yaml"
    mine.write_text(ROUTINE)
    watch = LibraryWatch(tmp_path)
    heard: list[list[Path]] = []
    watch.files_changed.connect(heard.append)
    write_atomic(mine, ROUTINE + "# from the editor\n")
    watch.resync()
    assert watch.check_now() == []
    qtbot.wait(400)  # the watcher's own events settle and find nothing new
    assert heard == []


def test_a_folder_that_does_not_exist_yet_is_watched_once_made(qtbot: Any, tmp_path: Path) -> None:
    folder = tmp_path / "data" / "routines"
    watch = LibraryWatch(folder)
    assert watch.check_now() == []
    (tmp_path / "data").mkdir()
    qtbot.wait(SETTLE_MS + 100)  # the watch moves down to the new folder
    folder.mkdir()
    qtbot.wait(SETTLE_MS + 100)
    with qtbot.waitSignal(watch.files_changed, timeout=5000) as changed:
        (folder / "x.yaml").write_text(ROUTINE)
    assert changed.args == [[folder / "x.yaml"]]
