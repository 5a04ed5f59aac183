"""The inline stretch form: filled from a step's document, it says each finished edit once as (key, value),
never per keystroke; its own picture goes through the editor's add_picture; problems are marked by the field."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QImage
from PySide6.QtWidgets import QCheckBox, QComboBox, QFileDialog, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from stretch_timer import paths
from stretch_timer.core.draft_save import add_picture
from stretch_timer.core.library import Library
from stretch_timer.qt.editor import custom_stretch
from stretch_timer.qt.editor.custom_stretch import CustomStretchForm

pytestmark = pytest.mark.gui

STEP: dict[str, object] = {
    "name": "<b>x</b> doorway stretch",
    "instructions": ["Stand in a doorway.", "Press the heel down."],
    "note": "Gently on the left",
    "position": "standing",
    "muscles": ["calf", "shin"],
    "action": "press",
    "hold": 30,
}


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> Any:
    for widget in [root, *root.findChildren(kind)]:
        if isinstance(widget, kind) and widget.accessibleName() == name:
            return widget
    names = sorted({w.accessibleName() for w in root.findChildren(QWidget) if w.accessibleName()})
    raise LookupError(f"no {kind.__name__} named {name!r}; have {names}")


class Rig:
    def __init__(self, qtbot: Any, folder: Path) -> None:
        self.qtbot = qtbot
        self.folder = folder
        self.window = QWidget()
        self.form = CustomStretchForm(self.window)
        self.elsewhere = QLineEdit(self.window)  # somewhere to move the focus to
        self.elsewhere.setAccessibleName("Elsewhere")
        from PySide6.QtWidgets import QVBoxLayout

        layout = QVBoxLayout(self.window)
        layout.addWidget(self.form)
        layout.addWidget(self.elsewhere)
        self.said: list[tuple[object, object]] = []
        self.form.edited.connect(lambda key, value: self.said.append((key, value)))
        qtbot.addWidget(self.window)
        self.window.show()
        self.window.activateWindow()
        qtbot.waitActive(self.window)

    def find(self, name: str, kind: type[QWidget] = QWidget) -> Any:
        return find(self.form, name, kind)

    def leave(self) -> None:
        self.elsewhere.setFocus(Qt.FocusReason.TabFocusReason)
        self.qtbot.waitUntil(self.elsewhere.hasFocus)

    def type_into(self, name: str, text: str, *, clear: bool = True) -> Any:
        widget = self.find(name)
        widget.setFocus(Qt.FocusReason.TabFocusReason)
        self.qtbot.waitUntil(widget.hasFocus)
        if clear:
            widget.selectAll()
            self.qtbot.keyClick(widget, Qt.Key.Key_Delete)
        for number, line in enumerate(text.split("\n")):  # keyClicks takes no newline: Return between lines
            if number:
                self.qtbot.keyClick(widget, Qt.Key.Key_Return)
            self.qtbot.keyClicks(widget, line)
        return widget


@pytest.fixture
def rig(qtbot: Any, tmp_path: Path) -> Rig:
    rig = Rig(qtbot, tmp_path)
    rig.form.load(STEP, tmp_path)
    return rig


def tick(rig: Rig, name: str) -> None:
    """Click a check box on its box (the middle of a wide cell may be past its words)."""
    box = rig.find(name, QCheckBox)
    rig.qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(8, box.height() // 2))


def picture(folder: Path, name: str = "mine.png") -> Path:
    image = QImage(40, 30, QImage.Format.Format_RGB32)
    image.fill(QColor("teal"))
    path = folder / name
    assert image.save(str(path))
    return path


def test_load_fills_every_field_and_says_nothing(rig: Rig) -> None:
    assert rig.find("Name", QLineEdit).text() == "<b>x</b> doorway stretch"  # as written, markup and all
    assert rig.find("Instructions", QPlainTextEdit).toPlainText() == "Stand in a doorway.\nPress the heel down."
    assert rig.find("Note", QLineEdit).text() == "Gently on the left"
    assert rig.find("Safety note", QLineEdit).text() == ""
    assert rig.find("Position", QComboBox).currentText() == "Standing"
    assert rig.find("Action", QComboBox).currentText() == "Press"
    ticked = {box.accessibleName() for box in rig.form.findChildren(QCheckBox) if box.isChecked()}
    assert ticked == {"Muscle: Calf", "Muscle: Shin"}
    assert rig.find("Picture file", QLabel).text() == "No picture"
    assert not rig.find("Remove picture", QPushButton).isVisible()
    assert rig.said == []


def test_typing_says_nothing_until_the_field_is_left_then_once(rig: Rig) -> None:
    rig.type_into("Name", "Doorway calf stretch")
    assert rig.said == []
    rig.leave()
    assert rig.said == [("name", "Doorway calf stretch")]
    rig.find("Name", QLineEdit).setFocus()
    rig.leave()  # left again, unchanged: nothing more
    assert rig.said == [("name", "Doorway calf stretch")]


def test_enter_finishes_a_line(rig: Rig) -> None:
    field = rig.type_into("Note", "Breathe out as you press")
    rig.qtbot.keyClick(field, Qt.Key.Key_Return)
    assert rig.said == [("note", "Breathe out as you press")]


def test_emptied_optional_text_removes_its_key_and_an_empty_name_stays_a_name(rig: Rig) -> None:
    rig.type_into("Note", "")
    rig.leave()
    rig.type_into("Name", "")
    rig.leave()
    assert rig.said == [("note", None), ("name", "")]
    assert rig.find("Name problem", QLabel).text() == "A name is needed."


def test_how_to_lines_are_said_as_a_list_when_left(rig: Rig) -> None:
    edit = rig.type_into("Instructions", "Face a wall.")
    rig.qtbot.keyClick(edit, Qt.Key.Key_Return)
    rig.qtbot.keyClicks(edit, "  Step one foot back. ")
    rig.qtbot.keyClick(edit, Qt.Key.Key_Return)
    rig.qtbot.keyClick(edit, Qt.Key.Key_Return)  # a blank line is no step
    assert rig.said == []
    rig.leave()
    assert rig.said == [("instructions", ["Face a wall.", "Step one foot back."])]
    rig.type_into("Instructions", "")
    rig.leave()
    assert rig.said[-1] == ("instructions", None)


def test_limits_are_shown_at_once_and_the_value_still_goes_to_the_editor(rig: Rig) -> None:
    rig.type_into("Name", "n" * 81)
    rig.leave()
    assert rig.said == [("name", "n" * 81)]  # never cut short behind the person's back
    message = rig.find("Name problem", QLabel)
    assert message.isVisible() and message.text() == "Too long: 81 characters; at most 80 are allowed."
    rig.type_into("Instructions", "\n".join(f"Line {n}" for n in range(9)))
    rig.leave()
    assert rig.find("Instructions problem", QLabel).text() == "Too many lines: 9; at most 8 are allowed."
    rig.type_into("Name", "Short")
    rig.leave()
    assert not message.isVisible()


def test_choices_are_said_when_made(rig: Rig) -> None:
    position = rig.find("Position", QComboBox)
    position.setFocus()
    rig.qtbot.keyClick(position, Qt.Key.Key_Up)  # Standing -> Not set
    assert rig.said == [("position", None)]
    rig.qtbot.keyClick(position, Qt.Key.Key_End)
    assert rig.said[-1] == ("position", "kneeling")
    action = rig.find("Action", QComboBox)
    action.setFocus()
    rig.qtbot.keyClick(action, Qt.Key.Key_Home)
    assert rig.said[-1] == ("action", "hold")


def test_muscles_are_said_in_the_usual_order_and_none_removes_the_key(rig: Rig) -> None:
    tick(rig, "Muscle: Hip")
    assert rig.said == [("muscles", ["calf", "shin", "hip"])]
    for name in ("Muscle: Calf", "Muscle: Shin", "Muscle: Hip"):
        tick(rig, name)
    assert rig.said[-1] == ("muscles", None)


def test_words_that_are_no_choice_stay_as_written(rig: Rig) -> None:
    rig.form.load({**STEP, "position": "upside down", "muscles": ["calf", "elbow"], "action": "dance"}, rig.folder)
    assert rig.find("Position", QComboBox).currentText() == "upside down"
    assert rig.find("Action", QComboBox).currentText() == "dance"
    elbow = rig.find("Muscle: elbow", QCheckBox)
    assert elbow.isChecked()
    tick(rig, "Muscle: elbow")
    assert rig.said == [("muscles", ["calf"])]
    rig.form.load(STEP, rig.folder)  # the next step's choices are the usual ones again
    assert rig.find("Position", QComboBox).findText("upside down") < 0
    with pytest.raises(LookupError):
        rig.find("Muscle: elbow", QCheckBox)


def test_choosing_a_picture_goes_through_add_picture_and_shows_it(rig: Rig, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "elsewhere").mkdir()
    source = picture(tmp_path / "elsewhere")
    added: list[Path] = []

    def add_picture(path: Path) -> str:
        added.append(path)
        (rig.folder / "pictures").mkdir(exist_ok=True)
        shutil.copy(path, rig.folder / "pictures" / "ab12-mine.png")
        return "pictures/ab12-mine.png"

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(source), "")))
    choose = rig.find("Choose picture", QPushButton)
    assert not choose.isEnabled()  # nowhere to copy a picture to yet
    rig.form.set_add_picture(add_picture)
    assert choose.isEnabled()
    rig.qtbot.mouseClick(choose, Qt.MouseButton.LeftButton)
    assert added == [source]
    assert rig.said == [("image", "pictures/ab12-mine.png")]
    assert rig.find("Picture file", QLabel).text() == "pictures/ab12-mine.png"
    assert rig.find("Picture preview").has_picture
    remove = rig.find("Remove picture", QPushButton)
    assert remove.isVisible()
    rig.qtbot.mouseClick(remove, Qt.MouseButton.LeftButton)
    assert rig.said[-1] == ("image", None)
    assert not rig.find("Picture preview").has_picture
    assert not remove.isVisible()


def test_a_refused_picture_says_why_and_changes_nothing(rig: Rig, tmp_path: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    source = tmp_path / "fake.png"
    source.write_text("not a picture")

    def refuse(path: Path) -> str:
        raise ValueError("fake.png: is not PNG data")

    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(source), "")))
    rig.form.set_add_picture(refuse)
    rig.qtbot.mouseClick(rig.find("Choose picture", QPushButton), Qt.MouseButton.LeftButton)
    assert rig.said == []
    message = rig.find("Picture problem", QLabel)
    assert message.isVisible() and message.text() == "fake.png: is not PNG data"
    assert "fake.png: is not PNG data" in rig.find("Picture").accessibleDescription()


def test_a_picture_beside_the_routine_is_previewed(rig: Rig) -> None:
    (rig.folder / "pictures").mkdir()
    picture(rig.folder / "pictures", "door.png")
    rig.form.load({**STEP, "image": "pictures/door.png"}, rig.folder)
    assert rig.find("Picture preview").has_picture
    assert rig.find("Remove picture", QPushButton).isVisible()
    rig.form.load({**STEP, "image": "wall-calf-stretch.svg"}, rig.folder)  # a bundled picture, by name
    assert rig.find("Picture preview").has_picture
    rig.form.load({**STEP, "image": "pictures/gone.png"}, rig.folder)
    assert not rig.find("Picture preview").has_picture
    assert rig.find("Picture file", QLabel).text() == "pictures/gone.png"
    assert rig.said == []


def test_problems_are_marked_by_their_field_as_plain_text_and_cleared(rig: Rig) -> None:
    rig.form.show_problems({"name": "is 2000 characters long; keep it under 80", "note": "<b>bold</b>",
                            "hold": "must be more than 0"})
    name_message = rig.find("Name problem", QLabel)
    assert name_message.isVisible() and name_message.text() == "Is 2000 characters long; keep it under 80"
    assert "Is 2000 characters long" in rig.find("Name", QLineEdit).accessibleDescription()
    note_message = rig.find("Note problem", QLabel)
    assert note_message.textFormat() == Qt.TextFormat.PlainText and note_message.text() == "<b>bold</b>"
    other = rig.find("Other problems", QLabel)
    assert other.isVisible() and other.text() == "hold: must be more than 0"
    rig.form.show_problems({})
    assert not name_message.isVisible() and not note_message.isVisible() and not other.isVisible()
    assert "Is 2000" not in rig.find("Name", QLineEdit).accessibleDescription()


def test_a_field_being_typed_in_is_said_on_commit(rig: Rig) -> None:
    rig.type_into("Safety note", "Stop if it hurts.")
    assert rig.said == []
    rig.form.commit()
    assert rig.said == [("safety", "Stop if it hurts.")]


def test_loading_the_same_text_keeps_the_cursor(rig: Rig) -> None:
    field = rig.type_into("Name", "Doorway", clear=True)
    field.setCursorPosition(3)
    rig.form.load({**STEP, "name": "Doorway"}, rig.folder)
    assert field.cursorPosition() == 3


def test_every_control_has_a_name(rig: Rig) -> None:
    for kind in (QLineEdit, QPlainTextEdit, QComboBox, QCheckBox, QPushButton):
        for widget in rig.form.findChildren(kind):
            assert widget.accessibleName(), f"a {kind.__name__} without a name"
    assert custom_stretch.FIELDS["name"].max_length == 80


def test_the_drafts_own_add_picture_copies_it_and_the_preview_follows(rig: Rig, tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """With the core's add_picture (what draft.add_picture calls): the reference names the copy in the user's
    folder, which the form previews even while the draft's own folder is elsewhere; a fake is refused."""
    user = tmp_path / "user-routines"
    library = Library(bundled_routines=paths.bundled_routines_dir(), user_routines=user)
    rig.form.set_add_picture(functools.partial(add_picture, library))
    (tmp_path / "downloads").mkdir()
    source = picture(tmp_path / "downloads", "My photo.png")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(source), "")))
    rig.qtbot.mouseClick(rig.find("Choose picture", QPushButton), Qt.MouseButton.LeftButton)
    assert len(rig.said) == 1 and rig.said[0][0] == "image"
    reference = rig.said[0][1]
    assert isinstance(reference, str) and (user / reference).read_bytes() == source.read_bytes()
    assert rig.find("Picture preview").has_picture
    rig.form.load({**STEP, "image": reference}, rig.folder)  # the editor refills the form after the edit
    assert rig.find("Picture preview").has_picture
    fake = tmp_path / "downloads" / "fake.png"
    fake.write_text("<svg/>")
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args: (str(fake), "")))
    rig.qtbot.mouseClick(rig.find("Choose picture", QPushButton), Qt.MouseButton.LeftButton)
    assert len(rig.said) == 1
    assert rig.find("Picture problem", QLabel).text().startswith("fake.png")
