"""The Routine menu as a person uses it: duplicate, delete and bring back, restore the bundled version,
export and import, start from a step, and files changed in a text editor showing up by themselves."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton

from stretch_timer import paths
from stretch_timer.core.library import Source

from .conftest import Rig

pytestmark = pytest.mark.gui

CALF = "calf-cramp-relief"


def open_overview(rig: Rig, routine_id: str) -> None:
    rig.pages.show_overview(routine_id)
    assert rig.pages.current_page() is rig.pages.overview_page


def box_named(name: str) -> QMessageBox:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, QMessageBox) and widget.accessibleName() == name and widget.isVisible():
            return widget
    raise LookupError(name)


def click_in_box(rig: Rig, box_name: str, button_name: str) -> None:
    box = box_named(box_name)
    for button in box.findChildren(QPushButton):
        if button.accessibleName() == button_name or button.text() == button_name:
            button.click()
            QApplication.processEvents()
            return
    raise LookupError(button_name)


def test_duplicate_makes_the_persons_own_copy_and_shows_it(rig: Rig) -> None:
    open_overview(rig, CALF)
    rig.click("Duplicate routine")
    page = rig.pages.overview_page
    assert page.routine is not None and page.routine.id != CALF
    assert page.routine.name.endswith("(copy)")
    copy = paths.user_routines_dir() / f"{page.routine.id}.yaml"
    assert copy.is_file()
    assert "# Works only the cramped leg" in copy.read_text(encoding="utf-8"), "comments travel with the copy"
    assert rig.find("Delete routine").isVisible(), "the person's own routine can be deleted"
    assert page.routine.id in rig.pages.library_page.cards


def test_delete_goes_to_the_trash_and_undo_delete_brings_it_back(rig: Rig) -> None:
    open_overview(rig, CALF)
    rig.click("Duplicate routine")
    copy_id = rig.pages.overview_page.routine.id
    copy = paths.user_routines_dir() / f"{copy_id}.yaml"
    text = copy.read_bytes()
    assert not rig.context.commands.is_enabled("routine.undelete")
    rig.click("Delete routine")
    assert rig.pages.current_page() is rig.pages.library_page
    assert not copy.exists() and copy_id not in rig.pages.library_page.cards
    trashed = list((paths.user_routines_dir() / ".trash").rglob("*.yaml"))
    assert [path.read_bytes() for path in trashed] == [text], "deleted means moved aside, never unlinked"
    assert "Deleted" in rig.window.notice.text()
    assert rig.trigger("routine.undelete")
    assert copy.read_bytes() == text and copy_id in rig.pages.library_page.cards


def test_a_bundled_routine_cannot_be_deleted_and_a_customised_one_can_be_restored(rig: Rig) -> None:
    open_overview(rig, CALF)
    assert not rig.find("Delete routine", visible=False).isVisible()
    assert not rig.context.commands.is_enabled("routine.delete")
    user = paths.user_routines_dir()
    user.mkdir(parents=True, exist_ok=True)
    bundled = (paths.bundled_routines_dir() / f"{CALF}.yaml").read_text(encoding="utf-8")
    (user / f"{CALF}.yaml").write_text(bundled.replace("prepare: 3", "prepare: 7"), encoding="utf-8")
    rig.trigger("reload")
    open_overview(rig, CALF)
    assert rig.context.library.get(CALF).source is Source.CUSTOMISED
    rig.click("Restore the bundled version")
    assert rig.context.library.get(CALF).source is Source.BUNDLED
    assert "prepare: 7" in (user / f"{CALF}.yaml.bak").read_text(encoding="utf-8"), "the person's copy is kept"


def test_export_then_import_keeps_both_when_asked(rig: Rig, tmp_path: Path) -> None:
    target = tmp_path / "shared.zip"
    rig.window.routine_commands.ask_save = lambda _parent, _name: target
    rig.window.routine_commands.ask_open = lambda _parent: target
    open_overview(rig, CALF)
    rig.click("Export routine")
    with zipfile.ZipFile(target) as archive:
        assert f"{CALF}.yaml" in archive.namelist()
    rig.trigger("routine.import")
    click_in_box(rig, "Import would replace", "Keep both")
    page = rig.pages.overview_page
    assert page.routine is not None and page.routine.id != CALF
    assert page.routine.steps == rig.context.library.get(CALF).routine.steps
    assert rig.context.library.get(CALF).source is Source.BUNDLED, "the original is untouched"


def test_an_import_with_problems_says_each_one_and_writes_nothing(rig: Rig, tmp_path: Path) -> None:
    broken = tmp_path / "broken.yaml"
    broken.write_text("format: 1\nname: <b>Bold</b>\nsteps:\n  - stretch: no-such-stretch\n", encoding="utf-8")
    rig.window.routine_commands.ask_open = lambda _parent: broken
    rig.trigger("routine.import")
    box = box_named("broken.yaml was not imported")
    assert "unknown stretch 'no-such-stretch'" in box.text()
    assert not (paths.user_routines_dir() / "broken.yaml").exists()
    click_in_box(rig, "broken.yaml was not imported", "OK")


def test_start_from_a_step_runs_the_rest_of_the_routine(rig: Rig) -> None:
    open_overview(rig, "bedtime-legs")
    routine = rig.context.library.get("bedtime-legs").routine
    rig.click("Start from step 3")
    assert rig.pages.current_page() is rig.pages.player_page
    running = rig.context.running_routine
    assert running is not None and running.steps == routine.steps[2:]
    rig.pages.stop_run()


def test_a_routine_written_in_a_text_editor_shows_up_by_itself(rig: Rig, qtbot: object) -> None:
    rig.context.routine_files.watch()
    user = paths.user_routines_dir()
    user.mkdir(parents=True, exist_ok=True)
    rig.context.routine_files.watch().resync()
    (user / "by-hand.yaml").write_text("format: 1\nname: By hand\nsteps:\n  - stretch: calf-massage\n",
                                       encoding="utf-8")
    rig.qtbot.waitUntil(lambda: "by-hand" in rig.pages.library_page.cards, timeout=5000)
