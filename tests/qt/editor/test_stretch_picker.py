"""The editor's "Add stretches" dialog: finding stretches by words and filters, picking several in order,
adding by double-click or Enter, saying plainly when nothing matches, and showing file text as written."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QFont, QTextDocumentFragment
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QLabel,
    QLineEdit,
    QListView,
    QPushButton,
    QStyleOptionViewItem,
    QWidget,
)

from stretch_timer import paths
from stretch_timer.core.catalog import Catalog, load_catalog
from stretch_timer.core.model import Stretch
from stretch_timer.qt.editor import stretch_rows
from stretch_timer.qt.editor.stretch_picker import StretchPicker

pytestmark = pytest.mark.gui

MARKUP = "<b>x</b>"


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> Any:
    for widget in [root, *root.findChildren(kind)]:
        if isinstance(widget, kind) and widget.accessibleName() == name:
            return widget
    raise LookupError(name)


@pytest.fixture(scope="module")
def bundled() -> Catalog:
    return load_catalog((paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),))


@pytest.fixture
def catalog(bundled: Catalog) -> Catalog:
    """The bundled stretches plus two of the user's: a name in markup, and a Sanskrit name with accents."""
    stretches = dict(bundled.stretches)
    stretches["markup"] = Stretch(id="markup", name=MARKUP, instructions=("Sit.",), muscles=("hip",),
                                  position="sitting", props=("beanbag",))
    stretches["toe-pose"] = Stretch(id="toe-pose", name="Toe pose", sanskrit="Ṭōēkāsana",
                                    instructions=("Kneel and curl up like a hedgehog.",), muscles=("foot",),
                                    position="kneeling")
    return Catalog(stretches=stretches)


@pytest.fixture
def picker(qtbot: Any, catalog: Catalog) -> StretchPicker:
    dialog = StretchPicker(catalog)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def shown_ids(picker: StretchPicker) -> list[str]:
    view: QListView = find(picker, "Stretches", QListView)
    assert view.model() is picker.model
    return [entry.id for entry in picker.model.rows]


def count_text(picker: StretchPicker) -> str:
    return find(picker, "Stretch count", QLabel).text()


def search(picker: StretchPicker, text: str) -> None:
    field: QLineEdit = find(picker, "Search stretches", QLineEdit)
    field.setText(text)


def choose(picker: StretchPicker, combo_name: str, text: str) -> None:
    combo: QComboBox = find(picker, combo_name, QComboBox)
    index = combo.findText(text)
    assert index >= 0, f"{text!r} not offered in {combo_name}"
    combo.setCurrentIndex(index)


def click_row(qtbot: Any, picker: StretchPicker, stretch_id: str, *, double: bool = False) -> None:
    view: QListView = find(picker, "Stretches", QListView)
    row = picker.model.row_of(stretch_id)
    assert row >= 0, f"{stretch_id} is not shown"
    index = picker.model.index(row)
    view.scrollTo(index)
    centre = view.visualRect(index).center()
    if double:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    else:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=centre)


def test_every_stretch_is_listed_and_counted(picker: StretchPicker, catalog: Catalog) -> None:
    total = len(catalog.stretches)
    assert shown_ids(picker) == list(catalog.stretches)
    assert count_text(picker) == f"All {total} stretches"
    search(picker, "calf")
    shown = shown_ids(picker)
    assert 0 < len(shown) < total
    assert count_text(picker) == f"{len(shown)} of {total} stretches"


def test_search_finds_names_muscles_how_to_and_ignores_case_and_accents(picker: StretchPicker,
                                                                       catalog: Catalog) -> None:
    search(picker, "WALL CALF")  # every word somewhere: the wall in the how-to, the calf as the muscle
    shown = shown_ids(picker)
    assert "wall-calf-stretch" in shown and "towel-hamstring-stretch" not in shown
    search(picker, "toekasana")
    assert shown_ids(picker) == ["toe-pose"]
    search(picker, "HEDGEHOG")  # a word of the how-to only
    assert shown_ids(picker) == ["toe-pose"]
    search(picker, "front of thigh")  # the muscle as people read it (quadriceps in the files)
    quadriceps = {i for i, s in catalog.stretches.items() if "quadriceps" in s.muscles}
    assert quadriceps and quadriceps <= set(shown_ids(picker))
    search(picker, "beanbag")
    assert shown_ids(picker) == ["markup"]


def test_filters_narrow_by_muscle_position_and_props(picker: StretchPicker, catalog: Catalog) -> None:
    stretches = catalog.stretches
    choose(picker, "Muscle filter", "Foot")
    shown = shown_ids(picker)
    assert shown and all("foot" in stretches[i].muscles for i in shown)
    assert set(shown) == {i for i, s in stretches.items() if "foot" in s.muscles}
    choose(picker, "Position filter", "Kneeling")
    assert set(shown_ids(picker)) == {i for i, s in stretches.items()
                                      if "foot" in s.muscles and s.position == "kneeling"}
    choose(picker, "Muscle filter", "Any muscle")
    choose(picker, "Position filter", "Any position")
    choose(picker, "Props filter", "No props")
    shown = shown_ids(picker)
    assert shown and all(not stretches[i].props for i in shown)
    props = sorted({p for s in stretches.values() for p in s.props})
    assert props, "the bundled stretches name some props"
    choose(picker, "Props filter", props[0])
    assert set(shown_ids(picker)) == {i for i, s in stretches.items() if props[0] in s.props}


def test_no_match_says_so_plainly_and_clearing_brings_everything_back(qtbot: Any, picker: StretchPicker,
                                                                      catalog: Catalog) -> None:
    search(picker, "zzzz")
    assert shown_ids(picker) == []
    empty: QLabel = find(picker, "No matching stretches", QLabel)
    assert empty.isVisible()
    assert empty.text() == "No stretch matches \u201czzzz\u201d."
    assert not find(picker, "Stretches", QListView).isVisible()
    assert not find(picker, "Add", QPushButton).isEnabled()
    assert count_text(picker) == f"0 of {len(catalog.stretches)} stretches"
    choose(picker, "Position filter", "Lying")
    assert empty.text() == "No stretch matches \u201czzzz\u201d with these filters."
    qtbot.mouseClick(find(picker, "Clear search and filters", QPushButton), Qt.MouseButton.LeftButton)
    assert shown_ids(picker) == list(catalog.stretches)
    assert find(picker, "Stretches", QListView).isVisible()
    assert find(picker, "Search stretches", QLineEdit).text() == ""


def test_several_picked_are_added_in_the_order_picked_and_survive_a_search(qtbot: Any,
                                                                           picker: StretchPicker) -> None:
    click_row(qtbot, picker, "wall-calf-stretch")
    click_row(qtbot, picker, "ankle-circles")
    search(picker, "toe pose")
    click_row(qtbot, picker, "toe-pose")
    search(picker, "")
    view = find(picker, "Stretches", QListView)
    selected = {picker.model.entry(index).id for index in view.selectionModel().selectedIndexes()}
    assert selected == {"wall-calf-stretch", "ankle-circles", "toe-pose"}  # still marked as picked
    click_row(qtbot, picker, "hero-pose")
    click_row(qtbot, picker, "ankle-circles")  # clicked again: put back
    assert picker.chosen_ids() == ["wall-calf-stretch", "toe-pose", "hero-pose"]
    picked = find(picker, "Picked stretches", QLabel)
    assert picked.text() == "Picked: Wall calf stretch, Toe pose, Hero pose"
    add = find(picker, "Add", QPushButton)
    assert add.isEnabled() and add.text() == "Add 3 stretches"
    qtbot.mouseClick(add, Qt.MouseButton.LeftButton)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen_ids() == ["wall-calf-stretch", "toe-pose", "hero-pose"]


def test_double_click_adds_at_once(qtbot: Any, picker: StretchPicker) -> None:
    click_row(qtbot, picker, "hero-pose", double=True)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen_ids() == ["hero-pose"]


def test_enter_adds_the_current_stretch_when_none_is_picked(qtbot: Any, picker: StretchPicker) -> None:
    field = find(picker, "Search stretches", QLineEdit)
    qtbot.keyClicks(field, "toe pose")
    qtbot.keyClick(field, Qt.Key.Key_Down)  # from the search into the list
    view = find(picker, "Stretches", QListView)
    assert view.hasFocus()
    qtbot.keyClick(view, Qt.Key.Key_Return)
    assert picker.result() == QDialog.DialogCode.Accepted
    assert picker.chosen_ids() == ["toe-pose"]


def test_space_picks_and_cancel_adds_nothing(qtbot: Any, picker: StretchPicker) -> None:
    view = find(picker, "Stretches", QListView)
    view.setFocus()
    qtbot.keyClick(view, Qt.Key.Key_Space)
    assert len(picker.chosen_ids()) == 1
    qtbot.mouseClick(find(picker, "Cancel", QPushButton), Qt.MouseButton.LeftButton)
    assert picker.result() == QDialog.DialogCode.Rejected


def test_file_text_shows_as_written(qtbot: Any, picker: StretchPicker) -> None:
    search(picker, "beanbag")
    index = picker.model.index(0)
    assert index.data(Qt.ItemDataRole.DisplayRole) == MARKUP
    assert MARKUP in index.data(Qt.ItemDataRole.AccessibleTextRole)
    tooltip = index.data(Qt.ItemDataRole.ToolTipRole)
    assert MARKUP in QTextDocumentFragment.fromHtml(tooltip).toPlainText()  # escaped: shown, not rendered
    click_row(qtbot, picker, "markup")
    picked = find(picker, "Picked stretches", QLabel)
    assert picked.textFormat() == Qt.TextFormat.PlainText and MARKUP in picked.text()
    search(picker, MARKUP)  # the name's own words find it
    assert shown_ids(picker) == ["markup"]
    search(picker, "<i>nothing</i>")
    empty = find(picker, "No matching stretches", QLabel)
    assert empty.textFormat() == Qt.TextFormat.PlainText and "<i>nothing</i>" in empty.text()


def test_pictures_are_looked_up_only_for_rows_on_screen(qtbot: Any, catalog: Catalog,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[str] = []
    real = stretch_rows.picture_for

    def counting(stretch: Stretch | None) -> Any:
        asked.append(stretch.id if stretch else "")
        return real(stretch)

    monkeypatch.setattr(stretch_rows, "picture_for", counting)
    dialog = StretchPicker(catalog)
    qtbot.addWidget(dialog)
    assert asked == []  # building the dialog reads no picture
    dialog.resize(700, 420)
    dialog.show()
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: bool(asked))
    assert len(set(asked)) < len(catalog.stretches)
    painted = len(asked)
    dialog.list.viewport().repaint()
    assert len(asked) == painted  # painting again asks nothing new


def test_rows_grow_with_the_type_so_large_type_is_not_cut(picker: StretchPicker) -> None:
    delegate = picker.list.itemDelegate()
    index = picker.model.index(0)
    option = QStyleOptionViewItem()
    option.initFrom(picker.list)
    small = delegate.sizeHint(option, index).height()
    big_font = QFont(option.font)
    big_font.setPointSizeF(big_font.pointSizeF() * 1.6)
    option.font = big_font
    assert delegate.sizeHint(option, index).height() > small


def test_the_dialog_fits_a_small_screen(picker: StretchPicker) -> None:
    room = picker.screen().availableGeometry()
    assert picker.width() <= room.width() and picker.height() <= room.height()
    assert picker.rect().contains(QPoint(picker.width() - 1, picker.height() - 1))


def test_each_row_says_its_kind_and_default_hold(picker: StretchPicker) -> None:
    def said(stretch_id: str) -> str:
        return picker.model.index(picker.model.row_of(stretch_id)).data(Qt.ItemDataRole.AccessibleTextRole)

    assert said("wall-calf-stretch").startswith("Wall calf stretch, Hold 30 s each side, Calf")
    assert "Breathing: 6 slow breaths" in said("mindful-breathing")
    assert "Relaxation: tense and relax toes and feet" in said("progressive-muscle-relaxation")
    search(picker, "relaxation")
    assert "progressive-muscle-relaxation" in shown_ids(picker)


def test_many_picked_are_summed_up_so_the_list_keeps_its_room(qtbot: Any, picker: StretchPicker) -> None:
    ids = [entry.id for entry in picker.model.rows[:9]]
    for stretch_id in ids:
        click_row(qtbot, picker, stretch_id)
    assert picker.chosen_ids() == ids
    text = find(picker, "Picked stretches", QLabel).text()
    assert text.endswith(", and 4 more") and text.count(",") == 5
