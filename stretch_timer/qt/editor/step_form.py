"""The selected step's detail form: its stretch (or its own words), timing, spoken text, note and kind.

Which fields show depends on the step's kind (a hold, a breathing step, a relaxation step) and on whether the
step names a catalog stretch or is written inline. Every change leaves as an operation through ``push``; the
form only reads the document back (:meth:`load`).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QPushButton, QVBoxLayout, QWidget

from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import MISSING, ChangeStepKind, Operation, SetField
from stretch_timer.core.durations import format_clock
from stretch_timer.core.model import DEFAULT_HOLD, UNTIL_RELIEF, Breathing, Relaxation, StepKind, Stretch
from stretch_timer.core.problems import Problem
from stretch_timer.qt.editor.custom_stretch import FIELDS as CUSTOM_FIELDS
from stretch_timer.qt.editor.custom_stretch import KEYS as CUSTOM_KEYS
from stretch_timer.qt.editor.custom_stretch import CustomStretchForm
from stretch_timer.qt.editor.field_limits import SIDES_CHOICES, limit
from stretch_timer.qt.editor.form_widgets import (
    BoolField,
    ChoiceField,
    DocPath,
    Field,
    ListField,
    NumberField,
    TextField,
    claims,
    field_label,
    row,
)
from stretch_timer.qt.editor.step_words import step_kind, step_name
from stretch_timer.qt.widgets.labels import role_label

KIND_CHOICES: tuple[tuple[str, StepKind], ...] = (
    ("Stretch (hold)", StepKind.HOLD),
    ("Breathing", StepKind.BREATHING),
    ("Relaxation (tense and let go)", StepKind.RELAXATION),
)


class StepForm(QWidget):
    """Edits the step at :attr:`index` of the draft; ``change_stretch_requested`` asks the page for a picker."""

    change_stretch_requested = Signal()

    def __init__(self, push: Callable[[Operation, bool], None], seal: Callable[[], None],
                 stretches: Callable[[], Mapping[str, Stretch]], picture_folder: Callable[[], Path],
                 add_picture: Callable[[Path], str], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._picture_folder = picture_folder
        self.setAccessibleName("Step details")
        self._push = push
        self._seal = seal
        self._stretches = stretches
        self.draft: RoutineDraft | None = None
        self.index = -1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 0, 4, 0)
        self.title = field_label("Step")
        self.title.setAccessibleName("Step title")
        layout.addWidget(self.title)
        self.empty = role_label("Choose a step in the list, or add one.", "muted", wrap=True)
        layout.addWidget(self.empty)

        self.kind = QComboBox()
        self.kind.setAccessibleName("Step kind")
        for label, _kind in KIND_CHOICES:
            self.kind.addItem(label)
        self.kind.activated.connect(self._kind_chosen)
        self.kind_row = QWidget()
        kind_layout = QHBoxLayout(self.kind_row)
        kind_layout.setContentsMargins(0, 0, 0, 0)
        kind_layout.addWidget(role_label("Kind"))
        kind_layout.addWidget(self.kind, 1)
        layout.addWidget(self.kind_row)

        # A catalog stretch: its name, plainly, and a way to pick another.
        self.stretch_row = QWidget()
        stretch_layout = QHBoxLayout(self.stretch_row)
        stretch_layout.setContentsMargins(0, 0, 0, 0)
        self.stretch_name = role_label("", wrap=True)
        self.stretch_name.setAccessibleName("Stretch")
        self.change = QPushButton("Change…")
        self.change.setAccessibleName("Change stretch")
        self.change.clicked.connect(self.change_stretch_requested)
        stretch_layout.addWidget(role_label("Stretch:"))
        stretch_layout.addWidget(self.stretch_name, 1)
        stretch_layout.addWidget(self.change)
        layout.addWidget(self.stretch_row)

        # A stretch written in the step itself: its name, how-to, note, safety, position, muscles, picture.
        self.custom = CustomStretchForm()
        self.custom.set_add_picture(add_picture)
        self.custom.edited.connect(self._custom_edited)

        c = self._commit
        self.fields: dict[DocPath, Field] = {}

        def add(field: Field) -> Field:
            self.fields[field.key] = field
            return field

        seal = self._seal
        self.name = add(TextField(("name",), limit("step_name"), c, placeholder="as the stretch is called"))
        self.name.rename("Step name")  # a catalog step's own name for it (an inline one: the custom form's)
        self.hold = NumberField(("hold",), limit("hold"), c, default_text="stretch's own", on_finished=seal)
        add(self.hold)
        self.sides = add(ChoiceField(("sides",), limit("sides"), c,
                                     [("as the stretch says", MISSING), *((s, s) for s in SIDES_CHOICES)]))
        self.repeat = add(NumberField(("repeat",), limit("repeat"), c, seconds=False, default_text="once",
                                      on_finished=seal))
        self.until = add(BoolField(("until",), limit("until"), c, on=UNTIL_RELIEF,
                                   text="Hold until the cramp lets go (It let go ends it; the hold is the longest)"))
        self.inhale = add(NumberField(("breathe", "inhale"), limit("inhale"), c, on_finished=seal))
        self.breath_hold = add(NumberField(("breathe", "hold"), limit("breath_hold"), c, on_finished=seal))
        self.exhale = add(NumberField(("breathe", "exhale"), limit("exhale"), c, on_finished=seal))
        self.pause = add(NumberField(("breathe", "pause"), limit("pause"), c, on_finished=seal))
        self.cycles = add(NumberField(("breathe", "cycles"), limit("cycles"), c, seconds=False, on_finished=seal))
        self.tense = add(NumberField(("pmr", "tense"), limit("tense"), c, on_finished=seal))
        self.relax = add(NumberField(("pmr", "relax"), limit("relax"), c, on_finished=seal))
        self.groups = add(ListField(("pmr", "groups"), limit("groups"), c))
        self.rest = add(NumberField(("rest",), limit("step_rest"), c, default_text="routine default",
                                    on_finished=seal))
        self.say = add(TextField(("say",), limit("say"), c, placeholder="the voice says the step's name"))
        self.note = add(TextField(("note",), limit("note"), c, placeholder="shown during this step"))

        layout.addWidget(self.name)
        self.hold_row = row(self.hold, self.sides, self.repeat)
        layout.addWidget(self.hold_row)
        layout.addWidget(self.until)
        self.breathe_row = row(self.inhale, self.breath_hold, self.exhale)
        self.breathe_row2 = row(self.pause, self.cycles, QWidget())
        layout.addWidget(self.breathe_row)
        layout.addWidget(self.breathe_row2)
        self.pmr_row = row(self.tense, self.relax, QWidget())
        layout.addWidget(self.pmr_row)
        layout.addWidget(self.groups)
        layout.addWidget(self.rest)
        layout.addWidget(self.say)
        layout.addWidget(self.note)
        layout.addWidget(self.custom)  # after the timing, which is what is changed most
        layout.addStretch(1)
        self.load(None, -1)

    @property
    def prefix(self) -> DocPath:
        return ("steps", self.index)

    def _commit(self, key: DocPath, value: object, mergeable: bool) -> None:
        if self.draft is None or self.index < 0:
            return
        label = self.fields[key].limit.label if key in self.fields else "step"
        self._push(SetField((*self.prefix, *key), value, text=f"Set {label.lower()}"), mergeable)

    def _custom_edited(self, key: object, value: object) -> None:
        if self.draft is None or self.index < 0 or not isinstance(key, str):
            return
        label = CUSTOM_FIELDS[key].label if key in CUSTOM_FIELDS else key
        self._push(SetField((*self.prefix, key), MISSING if value is None else value,
                            text=f"Set {label.lower()}"), False)

    def mark_custom(self, problems: Sequence[Problem]) -> set[int]:
        """Show the problems about the inline stretch's fields in its form; the ids of those it showed."""
        if self.index < 0 or self.custom.isHidden():
            self.custom.show_problems({})
            return set()
        by_key: dict[str, str] = {}
        shown: set[int] = set()
        for key in CUSTOM_KEYS:
            mine = [p for p in problems if claims((*self.prefix, key), p)]
            if mine:
                by_key[key] = "; ".join(p.message for p in mine)
                shown.update(id(p) for p in mine)
        self.custom.show_problems(by_key)
        return shown

    def _kind_chosen(self, number: int) -> None:
        if self.draft is None or self.index < 0:
            return
        kind = KIND_CHOICES[number][1]
        step = self.draft.step(self.index)
        if kind is step_kind(step, self._stretches()):
            return
        self._push(ChangeStepKind(self.index, kind, step_name(step, self._stretches())), False)

    def visible_fields(self) -> dict[DocPath, Field]:
        """Fields on screen, by their full document path (for marking problems)."""
        shown: dict[DocPath, Field] = {}
        for key, field in self.fields.items():
            parent = field.parentWidget()
            if not field.isHidden() and (parent is None or not parent.isHidden()):
                shown[(*self.prefix, *key)] = field
        return shown

    def load(self, draft: RoutineDraft | None, index: int) -> None:
        """Show step ``index`` of ``draft`` (nothing when there is no such step)."""
        self.draft = draft
        self.index = index if draft is not None and 0 <= index < draft.step_count() else -1
        has_step = self.index >= 0
        self.empty.setVisible(not has_step)
        for widget in (self.kind_row, self.stretch_row, self.custom, self.hold_row, self.breathe_row, self.breathe_row2,
                       self.pmr_row, *self.fields.values()):
            widget.setVisible(has_step)
        if not has_step or draft is None:
            self.title.setText("Step")
            return
        stretches = self._stretches()
        step = draft.step(self.index)
        kind = step_kind(step, stretches)
        stretch_id = step.get("stretch")
        catalog = isinstance(stretch_id, str)
        stretch = stretches.get(stretch_id) if isinstance(stretch_id, str) else None
        self.title.setText(f"Step {self.index + 1}: {step_name(step, stretches)}")
        self.kind.setCurrentIndex(next(i for i, (_l, k) in enumerate(KIND_CHOICES) if k is kind))
        self.stretch_row.setVisible(catalog)
        if catalog:
            self.stretch_name.setText(stretch.name if stretch is not None else f"{stretch_id} (not in the catalog)")
        self.custom.setVisible(not catalog)
        if not catalog:
            self.custom.load(step, self._picture_folder())
        self.name.setVisible(catalog)
        self.note.setVisible(catalog)  # an inline step's note is on the custom form
        hold_kind = kind is StepKind.HOLD
        self.hold_row.setVisible(hold_kind)
        for field in (self.hold, self.sides, self.repeat, self.until):
            field.setVisible(hold_kind)
        own_sides = stretch.sides.value if stretch is not None else "none"
        sides_field = self.sides
        assert isinstance(sides_field, ChoiceField)
        sides_field.set_choice_text(0, f"{'as the stretch says' if catalog else 'default'} ({own_sides})")
        own_hold = stretch.hold if stretch is not None else DEFAULT_HOLD
        self.hold.set_default_text(f"{'as the stretch says' if catalog else 'default'} ({format_clock(own_hold)})")
        for widget in (self.breathe_row, self.breathe_row2, self.inhale, self.breath_hold, self.exhale,
                       self.pause, self.cycles):
            widget.setVisible(kind is StepKind.BREATHING)
        for widget in (self.pmr_row, self.tense, self.relax, self.groups):
            widget.setVisible(kind is StepKind.RELAXATION)
        breathing = (stretch.breathe if stretch is not None else None) or Breathing()
        relaxation = (stretch.pmr if stretch is not None else None) or Relaxation()
        fallback: dict[DocPath, object] = {
            ("breathe", "inhale"): breathing.inhale, ("breathe", "hold"): breathing.hold,
            ("breathe", "exhale"): breathing.exhale, ("breathe", "pause"): breathing.pause,
            ("breathe", "cycles"): breathing.cycles,
            ("pmr", "tense"): relaxation.tense, ("pmr", "relax"): relaxation.relax,
        }
        for key, field in self.fields.items():
            value = draft.get_at((*self.prefix, *key))
            field.load(value)
            if value is MISSING and key in fallback:
                field.show_value(fallback[key])  # what the player will use, until the person changes it
        if self.groups.current is MISSING:
            self.groups.show_value(list(relaxation.groups))
