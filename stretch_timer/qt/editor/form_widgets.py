"""The editor's field widgets: each shows one value of the draft's document and turns a finished edit into a
``SetField`` for the undo stack, with room beside it for the loader's message about that field.

A field never writes the document itself. It calls its host's ``commit(path, value, mergeable)``; the host
pushes the operation, the draft announces the change, and the host calls :meth:`Field.load` with the new value,
so what the widget shows is always what the document holds (after undo as after typing).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.core.draft_ops import MISSING
from stretch_timer.core.durations import DurationError, format_duration, parse_duration
from stretch_timer.core.problems import Problem
from stretch_timer.core.yamldoc import field_name
from stretch_timer.qt.editor.field_limits import Limit
from stretch_timer.qt.widgets.labels import button_text, plain_tooltip, role_label

DocPath = tuple[str | int, ...]
Commit = Callable[[DocPath, object, bool], None]
"""``commit(path relative to the host, value or MISSING, mergeable)``."""


def claims(path: DocPath, problem: Problem) -> bool:
    """The problem is about the field at ``path`` or something under it."""
    name = field_name(path)
    return problem.field == name or problem.field.startswith((f"{name}.", f"{name}["))


class Field(QWidget):
    """A label, an input and a message line for one document value."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, editor: QWidget,
                 parent: QWidget | None = None) -> None:
        """The field's accessible name is its label; :meth:`rename` gives one that is unique on the page."""
        super().__init__(parent)
        self.key = key
        self.limit = limit
        self._commit = commit
        self.editor = editor
        self.current: object = MISSING
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        self.label = role_label(limit.label)
        self.label.setBuddy(editor)
        layout.addWidget(self.label)
        layout.addWidget(editor)
        self.message = role_label("", "problem", wrap=True)
        self.message.setAccessibleName(f"{limit.label} problem")
        self.message.hide()
        layout.addWidget(self.message)
        editor.setAccessibleName(limit.label)
        if limit.help:
            editor.setToolTip(plain_tooltip(limit.help))
            editor.setWhatsThis(plain_tooltip(limit.help))
        self._help = limit.help

    def rename(self, name: str) -> None:
        """An accessible name of its own, where the label alone ("Name") is on the page twice."""
        self.editor.setAccessibleName(name)
        self.message.setAccessibleName(f"{name} problem")

    def commit(self, value: object, mergeable: bool = False) -> None:
        if value == self.current or (value is MISSING and self.current is MISSING):
            return
        self._commit(self.key, value, mergeable)

    def load(self, value: object) -> None:
        self.current = value
        self.show_value(value)

    def show_value(self, value: object) -> None:  # pragma: no cover - each kind of field has its own
        raise NotImplementedError

    def set_problems(self, messages: Sequence[str]) -> None:
        """Show the loader's messages about this field (plain text), and tell screen readers."""
        text = "\n".join(messages)
        if text != self.message.text():
            self.message.setText(text)
        self.message.setVisible(bool(text))
        self.editor.setAccessibleDescription(text or self._help)
        self.editor.setProperty("invalid", bool(text))


def _set_line(edit: QLineEdit, text: str) -> None:
    if edit.text() != text:
        edit.blockSignals(True)
        edit.setText(text)
        edit.setCursorPosition(0)  # show the start of a long text, not its end
        edit.blockSignals(False)


class TextField(Field):
    """One line of text; ``optional`` removes the key when emptied. Committed when the edit is finished."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, *, optional: bool = True,
                 placeholder: str = "") -> None:
        self.edit = QLineEdit()
        self.edit.setPlaceholderText(placeholder)
        super().__init__(key, limit, commit, self.edit)
        self.optional = optional
        self.edit.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        text = self.edit.text()
        self.commit(MISSING if (self.optional and not text.strip()) else text)

    def show_value(self, value: object) -> None:
        _set_line(self.edit, value if isinstance(value, str) else "")


class ListField(Field):
    """Short texts separated by commas (tags, muscle groups)."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, *, optional: bool = True) -> None:
        self.edit = QLineEdit()
        self.edit.setPlaceholderText("separated by commas")
        super().__init__(key, limit, commit, self.edit)
        self.optional = optional
        self.edit.editingFinished.connect(self._finished)

    def _finished(self) -> None:
        items = [part.strip() for part in self.edit.text().split(",") if part.strip()]
        self.commit(MISSING if (self.optional and not items) else items)

    def show_value(self, value: object) -> None:
        if isinstance(value, list):
            _set_line(self.edit, ", ".join(str(item) for item in value))
        else:
            _set_line(self.edit, value if isinstance(value, str) else "")


class _FocusOut(QObject):
    def __init__(self, on_leave: Callable[[], None], parent: QObject) -> None:
        super().__init__(parent)
        self._on_leave = on_leave

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.FocusOut:
            self._on_leave()
        return False


class _Paragraph(QPlainTextEdit):
    """A text box a few lines high in any type size (large type makes it taller, not emptier)."""

    def __init__(self, lines: int) -> None:
        super().__init__()
        self._lines = lines
        self._fit()

    def _fit(self) -> None:
        margins = self.contentsMargins()
        height = self.fontMetrics().lineSpacing() * self._lines + margins.top() + margins.bottom() + 12
        self.setFixedHeight(height)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit()


class ParagraphField(Field):
    """Several lines; ``as_lines`` writes one list item per line (a stretch's how-to)."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, *, as_lines: bool = False,
                 optional: bool = True, lines: int = 3) -> None:
        self.edit = _Paragraph(lines)
        self.edit.setTabChangesFocus(True)
        super().__init__(key, limit, commit, self.edit)
        self.as_lines = as_lines
        self.optional = optional
        self.edit.installEventFilter(_FocusOut(self.finish, self.edit))

    def finish(self) -> None:
        text = self.edit.toPlainText()
        if self.as_lines:
            lines = [line.strip() for line in text.splitlines() if line.strip()]
            self.commit(MISSING if (self.optional and not lines) else lines)
        else:
            self.commit(MISSING if (self.optional and not text.strip()) else text.strip())

    def show_value(self, value: object) -> None:
        if isinstance(value, list):
            text = "\n".join(str(item) for item in value)
        else:
            text = value if isinstance(value, str) else ""
        if self.edit.toPlainText() != text:
            self.edit.blockSignals(True)
            self.edit.setPlainText(text)
            self.edit.blockSignals(False)


class NumberField(Field):
    """Whole seconds or a count. ``default_text`` adds a first choice below the range: key left out.

    Arrow clicks merge into one undo step, which closes when the field loses focus (``editingFinished``).
    """

    finished = Signal()

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, *, seconds: bool = True,
                 default_text: str = "", on_finished: Callable[[], None] | None = None) -> None:
        self.spin = QSpinBox()
        self.spin.setKeyboardTracking(False)
        low, high = int(limit.minimum), int(limit.maximum)
        self.has_default = bool(default_text)
        self.spin.setRange(low - 1 if self.has_default else low, high)
        if self.has_default:
            self.spin.setSpecialValueText(default_text)
        if seconds:
            self.spin.setSuffix(" s")
        self.seconds = seconds
        super().__init__(key, limit, commit, self.spin)
        self.spin.valueChanged.connect(self._changed)
        if on_finished is not None:
            self.spin.editingFinished.connect(on_finished)

    def _changed(self, number: int) -> None:
        if self.has_default and number == self.spin.minimum():
            self.commit(MISSING, True)
        else:
            self.commit(format_duration(number) if self.seconds else number, True)

    def show_value(self, value: object) -> None:
        number: int | None = None
        if value is not MISSING and value is not None and not isinstance(value, bool):
            try:
                number = round(parse_duration(value)) if self.seconds else int(value)  # type: ignore[call-overload]
            except (DurationError, TypeError, ValueError):
                number = None
        shown = number if number is not None else self.spin.minimum()
        if not self.has_default and number is None:
            shown = self.spin.minimum()
        self.spin.blockSignals(True)
        self.spin.setValue(shown)
        self.spin.blockSignals(False)

    def set_default_text(self, text: str) -> None:
        if self.has_default:
            self.spin.setSpecialValueText(text)


class ChoiceField(Field):
    """One of a few words; the first choice may stand for "left out" (MISSING)."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit,
                 choices: Sequence[tuple[str, object]]) -> None:
        self.combo = QComboBox()
        super().__init__(key, limit, commit, self.combo)
        self.values: list[object] = []
        for label, value in choices:
            self.combo.addItem(label)
            self.values.append(value)
        self.combo.activated.connect(self._chosen)

    def _chosen(self, index: int) -> None:
        self.commit(self.values[index])

    def set_choice_text(self, index: int, text: str) -> None:
        self.combo.setItemText(index, text)

    def show_value(self, value: object) -> None:
        index = next((i for i, v in enumerate(self.values) if v == value or (v is MISSING and value is MISSING)), -1)
        self.combo.blockSignals(True)
        if index < 0:
            self.combo.setCurrentIndex(-1)
        else:
            self.combo.setCurrentIndex(index)
        self.combo.blockSignals(False)


class BoolField(Field):
    """A checkbox; checked writes ``on`` (true, or a word such as ``relief``), unchecked removes the key (the
    default is off). ``text`` replaces the field table's label on the box."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, *, on: object = True, text: str = "") -> None:
        self.box = QCheckBox(text or limit.label)
        self._on = on
        super().__init__(key, limit, commit, self.box)
        self.label.hide()
        self.box.toggled.connect(lambda checked: self.commit(self._on if checked else MISSING))

    def show_value(self, value: object) -> None:
        self.box.blockSignals(True)
        self.box.setChecked(value == self._on and type(value) is type(self._on))
        self.box.blockSignals(False)


class ChoicesField(Field):
    """Several words out of a few (the muscles a routine relieves): a checkbox each."""

    def __init__(self, key: DocPath, limit: Limit, commit: Commit, choices: Mapping[str, str]) -> None:
        box = QWidget()
        grid = QGridLayout(box)
        grid.setContentsMargins(0, 0, 0, 0)
        self.boxes: dict[str, QCheckBox] = {}
        for number, (value, label) in enumerate(choices.items()):
            check = QCheckBox(label)
            check.setAccessibleName(f"{limit.label}: {label}")
            check.toggled.connect(self._toggled)
            grid.addWidget(check, number // 3, number % 3)
            self.boxes[value] = check
        super().__init__(key, limit, commit, box)
        box.setAccessibleName(limit.label)

    def _toggled(self, _on: bool) -> None:
        chosen = [value for value, check in self.boxes.items() if check.isChecked()]
        self.commit(chosen if chosen else MISSING)

    def show_value(self, value: object) -> None:
        chosen = set(value) if isinstance(value, list) else set()
        for name, check in self.boxes.items():
            check.blockSignals(True)
            check.setChecked(name in chosen)
            check.blockSignals(False)


def row(*widgets: QWidget) -> QWidget:
    """Fields side by side (seconds fit three to a row)."""
    box = QWidget()
    layout = QHBoxLayout(box)
    layout.setContentsMargins(0, 0, 0, 0)
    for widget in widgets:
        layout.addWidget(widget, 1, Qt.AlignmentFlag.AlignTop)
    return box


def field_label(text: str) -> QLabel:
    return role_label(text, "heading")


def make_button(text: str, slot: Callable[[], object]) -> QPushButton:
    """A push button named ``text`` for assistive technology, with its mnemonic, calling ``slot``."""
    button = QPushButton(button_text(text))
    button.setAccessibleName(text)
    button.clicked.connect(lambda _checked=False: slot())
    return button


def scrolled(widget: QWidget, name: str) -> QScrollArea:
    """``widget`` in a frameless area named ``name`` that scrolls up and down (never sideways)."""
    area = QScrollArea()
    area.setAccessibleName(name)
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(widget)
    return area


__all__ = ["BoolField", "ChoiceField", "ChoicesField", "Field", "ListField", "NumberField", "ParagraphField",
           "TextField", "field_label", "make_button", "row", "scrolled"]
