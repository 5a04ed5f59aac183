"""The fields of a stretch written inside a routine step (an inline stretch): its name, how to do it, a note
shown during the step, a safety line, position, muscles, what the person does, and a picture of its own.

A widget of its own so the editor deals in document values only: the form is filled from a step's mapping
(:meth:`CustomStretchForm.load`) and says each finished edit as ``edited(key, value)``, the step key and the
value to write (``None``: remove the key), which the editor turns into one undoable operation. Edits are said
when a field is left or Enter is pressed, never per keystroke, so one undo takes back one finished edit.
The words come from shared files, so every one is shown as plain text (fields, labels, tooltips). The
picture row is a widget of its own (:mod:`~stretch_timer.qt.editor.picture_field`).

Labels, help and limits come from the shared field table (:mod:`stretch_timer.core.fields`), the one the loader
checks against, so the form's limits are the loader's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.fields import STEP_FIELDS, STRETCH_FIELDS, FieldSpec, spec_for
from stretch_timer.core.model import MUSCLES, POSITIONS, Action
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.editor.picture_field import PictureField
from stretch_timer.qt.widgets.labels import plain_tooltip, role_label

KEYS = ("name", "instructions", "note", "safety", "position", "muscles", "action", "image")
"""The step keys the form edits, in the order it shows them."""
FIELDS: dict[str, FieldSpec] = {
    key: spec_for(STEP_FIELDS if key == "note" else STRETCH_FIELDS, key) for key in KEYS
}
"""Each key's label, help and limits, from the shared field table the loader checks against."""

ACTION_LABELS = {Action.HOLD: "Hold still", Action.MOVE: "Move", Action.MASSAGE: "Massage", Action.PRESS: "Press"}


def _text(value: object) -> str:
    """A document value as a text field shows it (a number written by hand shows as written)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else str(value)


def _texts(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, list | tuple):
        return [_text(item) for item in value]
    return [_text(value)]


def _sentence(message: str) -> str:
    """The loader's "is 2000 characters long; …" as a line of its own next to the field: "Is 2000 …"."""
    return message[:1].upper() + message[1:] if message[:1].islower() else message


def _normal(key: str, value: object) -> object:
    """A document value as the form would say it, so leaving a field unchanged says nothing (a name written
    with a trailing space, or an empty note, is not an edit)."""
    if key in ("instructions", "muscles"):
        items = [item.strip() for item in _texts(value)] if key == "instructions" else _texts(value)
        return [item for item in items if item] or None
    if key == "name":
        return _text(value).strip()
    if key in ("note", "safety"):
        return _text(value).strip() or None
    return value


def local_problem(key: str, value: object) -> str:
    """What the loader will say about ``value`` for ``key`` by the limits alone ("" when they hold); shown
    at once, until the editor's own check of the whole routine says otherwise."""
    field = FIELDS[key]
    if key == "name" and isinstance(value, str) and not value.strip():
        return "A name is needed."
    if key == "instructions" and isinstance(value, list):
        assert field.max_items is not None and field.max_length is not None
        if len(value) > field.max_items:
            return f"Too many lines: {len(value)}; at most {field.max_items} are allowed."
        long = [n for n, line in enumerate(value, 1) if len(line) > field.max_length]
        if long:
            return (f"Line {long[0]} is too long: {len(value[long[0] - 1]):,} characters; "
                    f"at most {field.max_length} are allowed.")
        return ""
    if field.max_length is not None and isinstance(value, str) and len(value) > field.max_length:
        return f"Too long: {len(value):,} characters; at most {field.max_length} are allowed."
    return ""


class CustomStretchForm(QWidget):
    """An inline stretch's fields; ``edited(key, value)`` after each finished edit (value ``None``: remove)."""

    edited = Signal(object, object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Custom stretch")
        self._values: dict[str, object] = {}
        """What the document holds for each key, as last loaded or said: an edit is said only if it differs."""
        self._outside: dict[str, str] = {}
        self._local: dict[str, str] = {}
        self._loading = False

        self.name_edit = self._line("name")
        self.instructions_edit = QPlainTextEdit()
        self.instructions_edit.setAccessibleName(FIELDS["instructions"].label)
        self.instructions_edit.setTabChangesFocus(True)
        self.instructions_edit.setPlaceholderText("Stand facing a wall…\nStep one foot back…")
        self.instructions_edit.installEventFilter(self)
        lines = self.instructions_edit.fontMetrics().lineSpacing()
        self.instructions_edit.setMinimumHeight(lines * 5 + 16)
        self.instructions_edit.setMaximumHeight(lines * 9 + 16)
        self.note_edit = self._line("note")
        self.note_edit.setPlaceholderText("Shown while the step runs, e.g. “go gently on the left knee”")
        self.safety_edit = self._line("safety")

        self.position_combo = QComboBox()
        self.position_combo.setAccessibleName(FIELDS["position"].label)
        self.position_combo.addItem("Not set", None)
        for position in POSITIONS:
            self.position_combo.addItem(position.capitalize(), position)
        self.position_combo.activated.connect(lambda _index: self._finish("position"))

        self.muscles_box = QWidget()
        self.muscles_box.setAccessibleName(FIELDS["muscles"].label)
        self._muscle_grid = QGridLayout(self.muscles_box)
        self._muscle_grid.setContentsMargins(0, 0, 0, 0)
        self._muscle_grid.setHorizontalSpacing(18)
        self.muscle_checks: dict[str, QCheckBox] = {}
        for muscle in MUSCLES:
            self._add_muscle(muscle, muscle_name(muscle))

        self.action_combo = QComboBox()
        self.action_combo.setAccessibleName(FIELDS["action"].label)
        for action, action_label in ACTION_LABELS.items():
            self.action_combo.addItem(action_label, action.value)
        self.action_combo.activated.connect(lambda _index: self._finish("action"))

        self.picture_box = PictureField()
        self.picture_box.chosen.connect(self._picture_chosen)
        self.picture_box.removed.connect(self._picture_removed)
        self.picture_box.refused.connect(self._picture_refused)

        self.controls: dict[str, QWidget] = {
            "name": self.name_edit, "instructions": self.instructions_edit, "note": self.note_edit,
            "safety": self.safety_edit, "position": self.position_combo, "muscles": self.muscles_box,
            "action": self.action_combo, "image": self.picture_box,
        }
        self.picture_box.setAccessibleName(FIELDS["image"].label)
        self.messages: dict[str, QLabel] = {}
        self.other_problems = role_label("", "problem", wrap=True)
        self.other_problems.setAccessibleName("Other problems")
        self.other_problems.hide()

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setHorizontalSpacing(16)
        grid.setVerticalSpacing(10)
        grid.setColumnStretch(1, 1)
        grid.addWidget(self.other_problems, 0, 0, 1, 2)
        hints = {"instructions": f"One step per line, up to {FIELDS['instructions'].max_items} lines."}
        for row, (key, control) in enumerate(self.controls.items(), start=1):
            field = FIELDS[key]
            label = QLabel(field.label)
            label.setBuddy(control if key not in ("muscles", "image") else self._first_focus(key))
            label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
            label.setContentsMargins(0, 4, 0, 0)
            cell = QVBoxLayout()
            cell.setSpacing(3)
            cell.addWidget(control)
            if key in hints:
                cell.addWidget(role_label(hints[key], "muted", wrap=True))
            message = role_label("", "problem", wrap=True)
            message.setAccessibleName(f"{field.label} problem")
            message.hide()
            cell.addWidget(message)
            self.messages[key] = message
            control.setToolTip(plain_tooltip(field.help))
            control.setAccessibleDescription(field.help)
            grid.addWidget(label, row, 0)
            grid.addLayout(cell, row, 1)

    # --- for the editor -------------------------------------------------------------------------------

    def set_add_picture(self, add_picture: Callable[[Path], str] | None) -> None:
        """What "Choose picture…" calls with the chosen file: copies it next to the routine and returns the
        reference to write in ``image``, or raises ValueError with a message for the person."""
        self.picture_box.set_add_picture(add_picture)

    def load(self, step: Mapping[str, object], folder: Path) -> None:
        """Show the inline stretch of ``step`` (a step's document mapping); ``folder`` is where relative
        picture references are found. Fields whose text is already shown are left alone (cursor and all)."""
        self._loading = True
        try:
            self.picture_box.set_folder(folder)
            values = {key: step.get(key) for key in FIELDS}
            self._values = dict(values)
            self._local = {}
            self._set_line(self.name_edit, _text(values["name"]))
            shown = "\n".join(_texts(values["instructions"]))
            if self.instructions_edit.toPlainText() != shown:
                self.instructions_edit.setPlainText(shown)
            self._set_line(self.note_edit, _text(values["note"]))
            self._set_line(self.safety_edit, _text(values["safety"]))
            self._set_choice(self.position_combo, values["position"], none_text="Not set")
            self._set_choice(self.action_combo, values["action"] or Action.HOLD.value)
            self._set_muscles(_texts(values["muscles"]))
            self.picture_box.show_reference(_text(values["image"]) or None)
            self._values["image"] = self.picture_box.reference
        finally:
            self._loading = False
        self._refresh_messages()

    def show_problems(self, problems_by_key: Mapping[str, str]) -> None:
        """Mark fields with the routine check's messages (plain text); keys the form has no field for are
        listed at the top. An empty mapping clears every mark."""
        self._outside = {key: message for key, message in problems_by_key.items() if message}
        self._refresh_messages()

    def commit(self) -> None:
        """Say any edit still in progress (the person pressed Save while typing in a field)."""
        for key in ("name", "instructions", "note", "safety"):
            self._finish(key)

    def value(self, key: str) -> object:
        """What the form holds for ``key`` as a document value (``None``: the key is left out)."""
        if key == "name":
            return self.name_edit.text().strip()
        if key in ("note", "safety"):
            edit = self.note_edit if key == "note" else self.safety_edit
            return edit.text().strip() or None
        if key == "instructions":
            lines = [line.strip() for line in self.instructions_edit.toPlainText().splitlines()]
            return [line for line in lines if line] or None
        if key == "position":
            return self.position_combo.currentData()
        if key == "action":
            return self.action_combo.currentData()
        if key == "muscles":
            return [m for m, box in self.muscle_checks.items() if box.isChecked()] or None
        if key == "image":
            return self._values.get("image")
        raise KeyError(key)

    # --- the picture ---------------------------------------------------------------------------------

    def choose_picture(self) -> None:
        self.picture_box.choose()

    def remove_picture(self) -> None:
        self.picture_box.remove()

    def _picture_chosen(self, reference: str) -> None:
        self._local.pop("image", None)
        self._outside.pop("image", None)
        self._say("image", reference)

    def _picture_removed(self) -> None:
        self._local.pop("image", None)
        self._outside.pop("image", None)
        self._say("image", None)

    def _picture_refused(self, message: str) -> None:
        self._local["image"] = message
        self._refresh_messages()

    # --- inside ---------------------------------------------------------------------------------------

    def _line(self, key: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setAccessibleName(FIELDS[key].label)
        edit.editingFinished.connect(lambda: self._finish(key))
        return edit

    def _first_focus(self, key: str) -> QWidget:
        return next(iter(self.muscle_checks.values())) if key == "muscles" else self.picture_box.first_focus

    def _add_muscle(self, muscle: str, label: str) -> None:
        box = QCheckBox(label)
        box.setAccessibleName(f"Muscle: {label}")
        box.clicked.connect(lambda _checked: self._finish("muscles"))
        count = len(self.muscle_checks)
        self._muscle_grid.addWidget(box, count // 3, count % 3)
        self.muscle_checks[muscle] = box

    def _set_muscles(self, muscles: list[str]) -> None:
        """Tick ``muscles``; a word that is no muscle gets a box of its own (so it shows, and can be unticked)
        until a step without it is loaded."""
        extra = [m for m in dict.fromkeys(muscles) if m not in MUSCLES]
        if extra != [m for m in self.muscle_checks if m not in MUSCLES]:
            for muscle in [m for m in self.muscle_checks if m not in MUSCLES]:
                box = self.muscle_checks.pop(muscle)
                self._muscle_grid.removeWidget(box)
                box.setParent(None)
                box.deleteLater()
            for muscle in extra:
                self._add_muscle(muscle, muscle)
        for muscle, box in self.muscle_checks.items():
            box.setChecked(muscle in muscles)

    @staticmethod
    def _set_line(edit: QLineEdit, text: str) -> None:
        if edit.text() != text:
            edit.setText(text)
            edit.setCursorPosition(0)

    @staticmethod
    def _set_choice(combo: QComboBox, value: object, none_text: str = "") -> None:
        for index in range(combo.count() - 1, -1, -1):  # a word from an earlier step that was not a choice
            if combo.itemData(index, Qt.ItemDataRole.UserRole + 1):
                combo.removeItem(index)
        if value is None and none_text:
            combo.setCurrentIndex(0)
            return
        found = combo.findData(value)
        if found < 0:  # not one of the choices: shown as written, so nothing is changed behind the person
            combo.addItem(_text(value), value)
            found = combo.count() - 1
            combo.setItemData(found, True, Qt.ItemDataRole.UserRole + 1)
        combo.setCurrentIndex(found)

    def _finish(self, key: str) -> None:
        """A field was left (or a choice made): say its value if it changed."""
        if self._loading:
            return
        value = self.value(key)
        if value == _normal(key, self._values.get(key)):
            return
        problem = local_problem(key, value)
        if problem:
            self._local[key] = problem
        else:
            self._local.pop(key, None)
        self._outside.pop(key, None)  # about the old value; the editor's next check says about the new one
        self._say(key, value)

    def _say(self, key: str, value: object) -> None:
        self._values[key] = value
        self._refresh_messages()
        self.edited.emit(key, value)

    def _refresh_messages(self) -> None:
        for key, message in self.messages.items():
            outside = self._outside.get(key)
            text = _sentence(outside) if outside else self._local.get(key, "")
            message.setText(text)
            message.setVisible(bool(text))
            control = self.controls[key]
            help_text = FIELDS[key].help
            control.setAccessibleDescription(f"{text} {help_text}" if text else help_text)
        others = [f"{key}: {text}" for key, text in self._outside.items() if key not in self.messages]
        self.other_problems.setText("\n".join(others))
        self.other_problems.setVisible(bool(others))

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.instructions_edit and event.type() == QEvent.Type.FocusOut:
            self._finish("instructions")
        return super().eventFilter(watched, event)
