"""A routine draft: undoable edits on the file's own document, checked and saved as the file it will become."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from stretch_timer import paths
from stretch_timer.core.draft import RoutineDraft
from stretch_timer.core.draft_ops import (
    MISSING,
    AddStep,
    ChangeStepKind,
    DuplicateStep,
    MoveStep,
    Operation,
    RemoveStep,
    Rename,
    SetField,
)
from stretch_timer.core.draft_save import add_picture, save_draft
from stretch_timer.core.library import Library, SaveError
from stretch_timer.core.model import StepKind

CALF = paths.bundled_routines_dir() / "calf-cramp-relief.yaml"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 64


@pytest.fixture(scope="module")
def bundled_library(tmp_path_factory: pytest.TempPathFactory) -> Library:
    user = tmp_path_factory.mktemp("user")
    return Library(
        paths.bundled_routines_dir(), user, (paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),)
    ).reload()


@pytest.fixture
def library(tmp_path: Path, bundled_library: Library) -> Library:
    """The bundled routines and catalog (loaded once), with an empty user folder of its own."""
    own = Library(
        bundled_library.bundled_routines, tmp_path / "routines", bundled_library.stretch_folders,
        bundled_library.image_dirs, catalog=bundled_library.catalog, entries=dict(bundled_library.entries),
    )
    own.reload = lambda: own  # type: ignore[method-assign]  # the catalog is the bundled one; no need to reread
    return own


def every_operation() -> list[Operation]:
    return [
        Rename("Calf, gently"),
        SetField(("steps", 0, "hold"), 45),
        SetField(("steps", 0, "until"), MISSING),
        SetField(("steps", 0, "sides"), MISSING),
        SetField(("cues", "halfway"), True),
        SetField(("tags",), ["relief", "night"]),
        AddStep(1, {"stretch": "towel-calf-stretch", "hold": 20}),
        RemoveStep(1),
        MoveStep(0, 2),
        MoveStep(2, 0),
        DuplicateStep(2),
        ChangeStepKind(0, StepKind.BREATHING, "Slow breaths"),
        ChangeStepKind(1, StepKind.RELAXATION, "Let go"),
        ChangeStepKind(2, StepKind.HOLD, "Hold it"),
    ]


def test_opening_a_file_and_saving_it_unchanged_gives_the_same_bytes() -> None:
    for path in sorted(paths.bundled_routines_dir().glob("*.yaml")):
        draft = RoutineDraft.open(path)
        assert draft.to_yaml() == path.read_text(encoding="utf-8"), path.name
        assert not draft.modified


@pytest.mark.parametrize("op", every_operation(), ids=lambda op: op.text)
def test_each_operation_undoes_to_the_exact_text_and_redoes_to_the_same_change(op: Operation) -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(op)
    changed = draft.to_yaml()
    assert changed != draft.saved_text
    assert draft.modified
    draft.history.undo()
    assert draft.to_yaml() == draft.saved_text
    assert not draft.modified
    draft.history.redo()
    assert draft.to_yaml() == changed


def test_a_chain_of_edits_undoes_all_the_way_back() -> None:
    draft = RoutineDraft.open(CALF)
    texts = [draft.to_yaml()]
    for op in every_operation():
        draft.history.push(op)
        texts.append(draft.to_yaml())
    for expected in reversed(texts[:-1]):
        draft.history.undo()
        assert draft.to_yaml() == expected
    assert not draft.history.can_undo
    for expected in texts[1:]:
        draft.history.redo()
        assert draft.to_yaml() == expected


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["move", "dup", "remove", "add"]), st.integers(0, 9), st.integers(0, 9)),
                max_size=12))
def test_any_sequence_of_step_edits_undoes_exactly(moves: list[tuple[str, int, int]]) -> None:
    draft = RoutineDraft.open(CALF)
    start = draft.to_yaml()
    for what, a, b in moves:
        count = draft.step_count()
        if what == "add":
            draft.history.push(AddStep(a % (count + 1), {"stretch": "calf-massage"}))
        elif count and what == "move":
            draft.history.push(MoveStep(a % count, b % count))
        elif count and what == "dup":
            draft.history.push(DuplicateStep(a % count))
        elif count > 1 and what == "remove":
            draft.history.push(RemoveStep(a % count))
    while draft.history.can_undo:
        draft.history.undo()
    assert draft.to_yaml() == start


def test_comments_and_key_order_survive_an_edit() -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(SetField(("steps", 0, "hold"), 75))
    text = draft.to_yaml()
    assert "# only the cramped leg" in text
    assert "# Planned length" in text
    assert (text.index("hold: 75") < text.index("    until: relief\n") < text.index("    sides: none")
            < text.index("say: Sit down"))


def test_new_word_lists_are_written_on_one_line_as_people_write_them() -> None:
    draft = RoutineDraft.new("mine", "Mine")
    draft.history.push(SetField(("tags",), ["bedtime", "calm"]))
    draft.history.push(AddStep(0, {"name": "Wall push", "muscles": ["calf"], "instructions": ["Lean in."]}))
    text = draft.to_yaml()
    assert "tags: [bedtime, calm]" in text
    assert "muscles: [calf]" in text
    assert "instructions:\n      - Lean in.\n" in text, "how-to sentences stay one per line"
    assert text.startswith("# yaml-language-server: $schema=schema.json\n")


def test_listeners_hear_each_change_and_whether_it_was_undone() -> None:
    draft = RoutineDraft.open(CALF)
    heard: list[tuple[str, bool]] = []
    draft.listeners.append(lambda change: heard.append((change.op.text, change.undone)))
    draft.history.push(Rename("X"))
    draft.history.undo()
    assert heard == [("Rename", False), ("Rename", True)]


@pytest.mark.parametrize("op", every_operation(), ids=lambda op: op.text)
def test_before_listeners_hear_each_change_while_the_document_is_still_as_it_was(op: Operation) -> None:
    draft = RoutineDraft.open(CALF)
    heard: list[tuple[str, bool, str, object]] = []  # when, undone, the text at that moment, the Change
    draft.before_listeners.append(lambda c: heard.append(("before", c.undone, draft.to_yaml(), c)))
    draft.listeners.append(lambda c: heard.append(("after", c.undone, draft.to_yaml(), c)))
    first = draft.to_yaml()
    draft.history.push(op)
    changed = draft.to_yaml()
    draft.history.undo()
    assert [(when, undone, text) for when, undone, text, _ in heard] == [
        ("before", False, first), ("after", False, changed), ("before", True, changed), ("after", True, first)]
    assert heard[0][3] is heard[1][3] and heard[2][3] is heard[3][3]  # one Change pairs before with after
    assert heard[0][3] is not heard[2][3]


def test_an_operation_that_fails_is_heard_before_but_not_after() -> None:
    draft = RoutineDraft.open(CALF)
    heard: list[str] = []
    draft.before_listeners.append(lambda c: heard.append("before"))
    draft.listeners.append(lambda c: heard.append("after"))
    with pytest.raises(IndexError):
        draft.do(RemoveStep(99))
    assert heard == ["before"]


def test_a_new_routine_checks_as_needing_a_step_until_it_has_one(library: Library) -> None:
    draft = RoutineDraft.new("my-calf", "My calf")
    check = draft.check(library)
    assert not check.ok
    assert [problem.field for problem in check.problems] == ["steps"]
    assert "at least one step" in check.problems[0].message
    draft.history.push(AddStep(0, {"stretch": "calf-massage"}))
    assert draft.check(library).ok


def test_problems_are_the_loaders_own_and_point_at_the_field(library: Library) -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(SetField(("steps", 1, "hold"), 0))
    draft.history.push(SetField(("name",), ""))
    check = draft.check(library)
    fields = {problem.field for problem in check.problems}
    assert fields == {"name", "steps[1].hold"}
    assert [p.field for p in check.problems_at(("steps", 1))] == ["steps[1].hold"]
    assert check.problems_at(("steps", 0)) == []
    hold = check.problems_at(("steps", 1, "hold"))[0]
    assert str(hold).startswith(f"{library.user_routines / 'calf-cramp-relief.yaml'}:")
    assert hold.message == "must be a positive duration, got 0"
    assert draft.to_yaml().splitlines()[hold.line - 1].strip() == "hold: 0"  # the line of the text it saves


def test_saving_writes_the_users_file_atomically_and_keeps_the_old_one(library: Library) -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(SetField(("steps", 0, "hold"), 75))
    target = save_draft(library, draft)
    assert target == library.user_routines / "calf-cramp-relief.yaml"
    assert target.read_text(encoding="utf-8") == draft.to_yaml()
    assert not draft.modified and draft.source == target
    assert "# only the cramped leg" in target.read_text(encoding="utf-8")
    draft.history.push(SetField(("steps", 0, "hold"), 80))
    save_draft(library, draft)
    assert "hold: 75" in (target.parent / "calf-cramp-relief.yaml.bak").read_text(encoding="utf-8")
    assert (library.user_routines / "schema.json").is_file()


def test_an_invalid_draft_is_refused_and_the_file_is_untouched(library: Library) -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(SetField(("steps", 0, "hold"), 60))
    target = save_draft(library, draft)
    before = target.read_bytes()
    for path, value in ((("steps", 0, "hold"), 0), (("name",), ""), (("name",), "x" * 2000)):
        draft.history.push(SetField(path, value))
        with pytest.raises(SaveError) as refused:
            save_draft(library, draft)
        assert refused.value.problems
        assert target.read_bytes() == before
        draft.history.undo()


def test_saving_under_another_id_makes_a_copy_and_leaves_the_draft_on_its_file(library: Library) -> None:
    draft = RoutineDraft.open(CALF)
    draft.history.push(Rename("Calf (mine)"))
    copy = save_draft(library, draft, "calf-mine")
    assert copy.name == "calf-mine.yaml"
    assert "name: Calf (mine)" in copy.read_text(encoding="utf-8")
    assert draft.source == CALF and draft.modified


def test_a_picked_picture_is_checked_and_copied_beside_the_routines(library: Library, tmp_path: Path) -> None:
    picture = tmp_path / "My Wall Stretch.PNG"
    picture.write_bytes(PNG)
    reference = add_picture(library, picture)
    assert reference.startswith("pictures/") and reference.endswith("-my-wall-stretch.png")
    assert (library.user_routines / reference).read_bytes() == PNG
    assert add_picture(library, picture) == reference  # the same picture twice is stored once
    fake = tmp_path / "fake.png"
    fake.write_text("<svg/>")
    with pytest.raises(ValueError, match="not PNG data"):
        add_picture(library, fake)
    draft = RoutineDraft.new("pics", "Pictures")
    draft.history.push(AddStep(0, {"name": "Wall", "instructions": ["Lean."], "image": reference}))
    assert draft.check(library).ok
    saved = save_draft(library, draft)
    assert f"image: {reference}" in saved.read_text(encoding="utf-8")


def test_a_file_the_round_trip_cannot_read_opens_from_the_apps_reader_and_says_comments_go(tmp_path: Path) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text("# mine\nformat: 1\nname: Odd\nsteps:\n  - stretch: calf-massage\n", encoding="utf-8")
    assert not RoutineDraft.open(path).drops_comments
    path.write_text("format: 1\nname: [unclosed\n", encoding="utf-8")
    with pytest.raises(ValueError):
        RoutineDraft.open(path)
