"""The library page: Cramp now's muscles at the top, routine cards, and broken files listed with their problems."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel

from stretch_timer.app_data import open_library
from stretch_timer.core.library import Library
from stretch_timer.qt.pages.cramp_panel import CRAMP_MUSCLES, relief_by_muscle
from stretch_timer.qt.pages.library_page import LibraryPage
from stretch_timer.qt.pages.routine_card import MUSCLE_NAMES

from .conftest import find

pytestmark = pytest.mark.gui


def make_page(qtbot, library: Library | None = None, **kwargs) -> LibraryPage:  # type: ignore[no-untyped-def]
    page = LibraryPage(library or open_library(), **kwargs)
    qtbot.addWidget(page)
    page.resize(1000, 800)
    page.show()
    QApplication.processEvents()
    return page


def test_every_bundled_routine_has_a_card_with_name_length_and_picture(qtbot) -> None:  # type: ignore[no-untyped-def]
    library = open_library()
    page = make_page(qtbot, library)
    good = [entry for entry in library.entries.values() if entry.ok]
    assert good and set(page.cards) == {entry.id for entry in good}
    for entry in good:
        card = find(page, f"Routine: {entry.name}", QAbstractButton, visible=False)
        assert "minute" in card.accessibleDescription() or "second" in card.accessibleDescription()
    calf = page.cards["calf-cramp-relief"]
    assert calf.thumbnail.has_picture, "the first stretch's picture is the thumbnail"


def test_clicking_a_card_chooses_that_routine(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot)
    with qtbot.waitSignal(page.routine_chosen) as chosen:
        qtbot.mouseClick(page.cards["bedtime-legs"], Qt.MouseButton.LeftButton)
    assert chosen.args == ["bedtime-legs"]
    with qtbot.waitSignal(page.routine_chosen) as chosen:
        page.cards["calf-cramp-relief"].setFocus()
        qtbot.keyClick(page.cards["calf-cramp-relief"], Qt.Key.Key_Space)
    assert chosen.args == ["calf-cramp-relief"]


def test_broken_routine_files_are_listed_with_their_problems(qtbot, _isolated_user_home: Path) -> None:  # type: ignore[no-untyped-def]
    user = _isolated_user_home / "routines"
    user.mkdir(parents=True)
    broken = user / "broken.yaml"
    broken.write_text("format: 1\nname: Broken\nsteps:\n  - stretch: no-such-stretch\n", encoding="utf-8")
    page = make_page(qtbot)
    assert "broken" not in page.cards
    item = find(page, "Could not load: broken.yaml")
    assert f"{broken}:4: steps[0].stretch: unknown stretch 'no-such-stretch'" in item.lines[0]
    heading = page.findChild(QLabel, "could-not-load")
    assert heading is not None and heading.isVisible()
    note = [label.text() for label in page.findChildren(QLabel) if "text editor" in label.text()]
    assert note and "the app notices the change" in note[0], "files are watched: no restart needed"
    assert "restart" not in note[0]


def test_a_routine_whose_picture_is_missing_still_gets_a_card(qtbot, _isolated_user_home: Path) -> None:  # type: ignore[no-untyped-def]
    user = _isolated_user_home / "routines"
    user.mkdir(parents=True)
    (user / "plain.yaml").write_text(
        "format: 1\nname: Plain\nsteps:\n  - name: Just stand\n    instructions: [Stand still.]\n    hold: 10\n",
        encoding="utf-8")
    page = make_page(qtbot)
    card = page.cards["plain"]
    assert not card.thumbnail.has_picture  # a calm placeholder instead
    card.grab()  # paints without error


def test_the_muscles_are_on_the_library_screen_and_one_click_starts_relief(qtbot) -> None:  # type: ignore[no-untyped-def]
    library = open_library()
    page = make_page(qtbot, library)
    by_muscle = relief_by_muscle(library)
    for muscle in CRAMP_MUSCLES:
        button = find(page, MUSCLE_NAMES[muscle], QAbstractButton)  # visible at once: nothing to open first
        assert button.isEnabled() == bool(by_muscle[muscle])
        assert not button.isCheckable()
    calf = find(page, "Calf")
    assert calf.height() >= 2 * calf.fontMetrics().height(), "a big target for someone in pain"
    panel_bottom = page.cramp_panel.mapTo(page, page.cramp_panel.rect().bottomLeft()).y()
    assert panel_bottom < page.scroll_area.mapTo(page, page.scroll_area.rect().topLeft()).y() + 1, "above the cards"
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.mouseClick(calf, Qt.MouseButton.LeftButton)
    assert started.args == ["calf-cramp-relief"]


def test_keyboard_tab_visits_the_muscles_then_the_cards_and_return_starts(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, last_routine="bedtime-legs")
    page.activateWindow()
    qtbot.waitActive(page)
    names = [MUSCLE_NAMES[muscle] for muscle in CRAMP_MUSCLES]
    page.focus_cramp()
    visited = [QApplication.focusWidget()]
    for _ in names:
        qtbot.keyClick(visited[-1], Qt.Key.Key_Tab)
        visited.append(QApplication.focusWidget())
    assert [w.accessibleName() for w in visited] == [*names, "Routine: Bedtime legs"]
    page.focus_cramp()
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)
    assert QApplication.focusWidget() is find(page, "Hamstring"), "the arrow keys move between the muscles"
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Return)
    assert started.args == ["hamstring-cramp-relief"]
    page.cards["bedtime-legs"].setFocus()
    with qtbot.waitSignal(page.routine_chosen) as chosen:
        qtbot.keyClick(page.cards["bedtime-legs"], Qt.Key.Key_Return)
    assert chosen.args == ["bedtime-legs"]


def test_a_muscle_pressed_while_the_routines_load_starts_once_they_arrive(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = LibraryPage(None)
    qtbot.addWidget(page)
    page.show()
    calf = find(page, "Calf")  # in the first paint, before any routine is loaded
    assert calf.isEnabled() and page.cards == {}
    library = open_library()
    wanted: list[bool] = []
    page.library_wanted.connect(lambda: wanted.append(True))
    with qtbot.assertNotEmitted(page.start_requested):
        qtbot.mouseClick(calf, Qt.MouseButton.LeftButton)  # a receiver that loads later
    assert wanted == [True]
    with qtbot.waitSignal(page.start_requested) as started:
        page.set_library(library)
    assert started.args == ["calf-cramp-relief"]
    with qtbot.assertNotEmitted(page.start_requested):
        page.set_library(library)  # a reload later starts nothing by itself

    again = LibraryPage(None)
    qtbot.addWidget(again)
    again.library_wanted.connect(lambda: again.set_library(library))  # a receiver that loads at once
    with qtbot.waitSignal(again.start_requested) as started:
        find(again, "Foot", visible=False).click()
    assert started.args == ["foot-cramp-relief"]


def test_a_muscle_without_a_relief_routine_says_so(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    empty = tmp_path / "none"
    empty.mkdir()
    library = Library(bundled_routines=empty, user_routines=empty / "user").reload()
    page = make_page(qtbot, library)
    hamstring = find(page, "Hamstring")
    assert not hamstring.isEnabled()
    assert "No relief routine" in hamstring.accessibleDescription()
    assert "no relief routine yet" in page.cramp_panel.hint.text(), "the screen says why, not only the tooltip"
    assert page.cards == {}


def test_the_last_routine_comes_first_and_is_marked(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot, last_routine="bedtime-legs")
    assert next(iter(page.cards)) == "bedtime-legs"
    assert "last used" in page.cards["bedtime-legs"].accessibleDescription()
    page.focus_default("bedtime-legs")
    assert page.cards["bedtime-legs"].hasFocus()


def test_every_button_has_an_accessible_name(qtbot) -> None:  # type: ignore[no-untyped-def]
    page = make_page(qtbot)
    unnamed = [b for b in page.findChildren(QAbstractButton) if not b.accessibleName()]
    assert unnamed == []


def test_a_thumbnail_draws_once_per_size_and_survives_its_picture_vanishing(qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Only rendered pixmaps are kept (not the parsed SVG); a picture deleted since is a placeholder, no error."""
    from stretch_timer.qt.pages.thumbnail import Thumbnail, load_picture

    source = Path(__file__).resolve().parents[2] / "assets" / "images" / "wall-calf-stretch.svg"
    picture_path = tmp_path / "calf.svg"
    picture_path.write_bytes(source.read_bytes())
    thumb = Thumbnail(picture_path, 96)
    qtbot.addWidget(thumb)
    picture = load_picture(picture_path)
    first = thumb.grab().toImage()
    assert thumb.has_picture and picture.natural()[0] > 0
    assert not hasattr(picture, "_file"), "the parsed picture is not kept between renders"
    assert picture.pixmap(40, 40, 1.0) is picture.pixmap(40, 40, 1.0)  # one render per size

    picture_path.unlink()
    assert thumb.grab().toImage() == first  # the size already drawn still shows
    picture.pixmap(50, 50, 1.0)  # a new size: the file is gone
    assert not thumb.has_picture and picture.problem == "Picture not found: calf.svg"
    thumb.grab()  # the placeholder paints without error


def test_a_broken_copy_of_a_relief_routine_still_leaves_cramp_now_working(qtbot, _isolated_user_home: Path) -> None:  # type: ignore[no-untyped-def]
    """One typo in the user's copy must not leave the person mid-cramp without a routine."""
    user = _isolated_user_home / "routines"
    user.mkdir(parents=True)
    bundled = Path(__file__).resolve().parents[2] / "routines" / "calf-cramp-relief.yaml"
    copy = user / "calf-cramp-relief.yaml"
    copy.write_text(bundled.read_text(encoding="utf-8").replace("steps:", "stpes:", 1), encoding="utf-8")
    page = make_page(qtbot)
    assert "your copy has problems" in page.cards["calf-cramp-relief"].accessibleDescription()
    item = find(page, "Could not load: calf-cramp-relief.yaml")
    assert any(f"{copy}:" in line and "stpes" in line for line in item.lines), item.lines
    calf = find(page, "Calf")
    assert calf.isEnabled()
    with qtbot.waitSignal(page.start_requested) as started:
        qtbot.mouseClick(calf, Qt.MouseButton.LeftButton)
    assert started.args == ["calf-cramp-relief"]
