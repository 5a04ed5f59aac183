"""The routine's own fields in the editor: name, description, tags, what it relieves, the default prepare,
rest and switch times, and its cues (countdown, halfway).

A panel of its own so the editor page only places it: each field reads its value from the draft's document
(:meth:`RoutineFields.load`) and every finished edit becomes one ``SetField`` operation handed to ``push``
(merged into one undo step while the same field is still being edited). Labels and limits come from the
shared field table, so they are the loader's.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QVBoxLayout, QWidget

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import Operation, SetField
from stretch_timer.core.muscles import muscle_name
from stretch_timer.qt.editor.field_limits import MUSCLE_CHOICES, limit
from stretch_timer.qt.editor.form_widgets import (
    BoolField,
    ChoicesField,
    DocPath,
    Field,
    ListField,
    NumberField,
    ParagraphField,
    TextField,
    field_label,
    row,
)


class RoutineFields(QWidget):
    """The routine's fields; ``push(op, mergeable)`` carries out each edit, ``seal`` ends a merging edit."""

    def __init__(self, push: Callable[[Operation, bool], None], seal: Callable[[], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._push = push
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 8, 0)
        layout.addWidget(field_label("Routine"))
        c = self._commit
        self.fields: dict[DocPath, Field] = {}

        def add(field: Field) -> Field:
            self.fields[field.key] = field
            return field

        self.name_field = add(TextField(("name",), limit("name"), c, optional=False))
        self.description = add(ParagraphField(("description",), limit("description"), c, lines=2))
        self.tags = add(ListField(("tags",), limit("tags"), c))
        self.relieves = add(ChoicesField(("relieves",), limit("relieves"), c,
                                         {m: muscle_name(m) for m in MUSCLE_CHOICES}))
        self.prepare = add(NumberField(("prepare",), limit("prepare"), c, on_finished=seal))
        self.rest = add(NumberField(("rest",), limit("rest"), c, on_finished=seal))
        self.switch = add(NumberField(("switch",), limit("switch"), c, on_finished=seal))
        self.countdown = add(NumberField(("cues", "countdown"), limit("countdown"), c, seconds=False,
                                         on_finished=seal))
        self.halfway = add(BoolField(("cues", "halfway"), limit("halfway"), c))
        for widget in (self.name_field, self.description, self.tags, self.relieves,
                       row(self.prepare, self.rest, self.switch), row(self.countdown, self.halfway)):
            layout.addWidget(widget)
        layout.addStretch(1)

    def load(self, draft: RoutineDraft) -> None:
        """Read every field back from ``draft``'s document."""
        for key, field in self.fields.items():
            field.load(draft.get_at(key))

    def set_fields_enabled(self, on: bool) -> None:
        for field in self.fields.values():
            field.setEnabled(on)

    def _commit(self, key: DocPath, value: object, mergeable: bool) -> None:
        text = "Rename" if key == ("name",) else f"Set {self.fields[key].limit.label.lower()}"
        self._push(SetField(key, value, text=text), mergeable)
