"""The library actions behind the editor: new ids, duplicate, delete into a trash folder and back again."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretch_timer.core.library import Library, SaveError, Source
from stretch_timer.core.library_files import BundledRoutineError, is_safe_id, routine_slug

STRETCH = """\
format: 1
name: Towel calf stretch
muscles: [calf]
instructions: [Sit with your legs out., Loop a towel round the foot., Pull gently.]
hold: 30
sides: both
"""

PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(64))


def routine_text(name: str, step: str = "- stretch: towel-calf-stretch") -> str:
    return f"# yaml-language-server: $schema=schema.json\nformat: 1\nname: {name}\nsteps:\n  {step}\n"


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    found = {name: tmp_path / name for name in ("bundled", "user", "stretches", "images")}
    for folder in found.values():
        folder.mkdir()
    (found["stretches"] / "towel-calf-stretch.yaml").write_text(STRETCH)
    (found["bundled"] / "schema.json").write_text('{"title": "routine"}')
    (found["bundled"] / "bedtime.yaml").write_text(routine_text("Bedtime"))
    return found


def make_library(folders: dict[str, Path]) -> Library:
    return Library(folders["bundled"], folders["user"], (folders["stretches"],), (folders["images"],)).reload()


# --- new ids --------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "slug"), [
    ("Calf 2", "calf-2"), ("  Étirement du mollet! ", "etirement-du-mollet"), ("ふくらはぎ", "routine"),
    ("../../etc/passwd", "etc-passwd"), ("A" * 200, "a" * 60),
])
def test_a_slug_is_a_file_safe_id(name: str, slug: str) -> None:
    assert routine_slug(name) == slug and is_safe_id(slug)


def test_a_new_id_is_one_no_routine_file_has(folders: dict[str, Path]) -> None:
    (folders["user"] / "calf-2.yaml").write_text("not even a routine: [")
    library = make_library(folders)
    assert library.new_routine_id("Calf 2") == "calf-2-2"
    assert library.new_routine_id("Bedtime") == "bedtime-2"  # a bundled id is taken too
    assert library.new_routine_id("Morning") == "morning"


# --- duplicate ------------------------------------------------------------------------------------------


def test_duplicating_a_bundled_routine_keeps_its_text_and_comments_and_changes_only_the_name(
    folders: dict[str, Path],
) -> None:
    text = ("# yaml-language-server: $schema=schema.json\n# Mine: stretch before bed — 就寝前 😴.\nformat: 1\n"
            "name: 'Bedtime'   # the name people see\nsteps:\n  - stretch: towel-calf-stretch  # the towel one\n"
            "    hold: 45\n")
    (folders["bundled"] / "bedtime.yaml").write_text(text)
    library = make_library(folders)
    new_id, path = library.duplicate("bedtime")
    assert (new_id, path) == ("bedtime-copy", folders["user"] / "bedtime-copy.yaml")
    assert path.read_text() == text.replace("'Bedtime'", '"Bedtime (copy)"')
    entry = library.get(new_id)
    assert entry is not None and entry.source is Source.USER and entry.name == "Bedtime (copy)"
    original = library.get("bedtime")
    assert original is not None and original.source is Source.BUNDLED and original.routine is not None
    assert entry.routine is not None and entry.routine.steps == original.routine.steps
    assert (folders["user"] / "schema.json").is_file()


@pytest.mark.parametrize(
    "written", ['"Bedtime"', "Bedtime", "'It''s bedtime'", "|\n  Bedtime", ">-\n  Bed\n  time\n\n"])
def test_a_duplicate_gets_the_name_asked_for_whatever_way_the_name_was_written(
    folders: dict[str, Path], written: str
) -> None:
    (folders["user"] / "mine.yaml").write_text(routine_text(written) + "# keep me\n")
    library = make_library(folders)
    new_id, path = library.duplicate("mine", 'Evening: "slow" #2')
    assert new_id == "evening-slow-2"
    entry = library.get(new_id)
    assert entry is not None and entry.name == 'Evening: "slow" #2'
    assert path.read_text().endswith("steps:\n  - stretch: towel-calf-stretch\n# keep me\n")
    assert '\nname: "Evening: \\"slow\\" #2"\n' in path.read_text()


def test_a_duplicate_brings_the_pictures_beside_the_original(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "pictures").mkdir()
    (folders["bundled"] / "pictures" / "towel.png").write_bytes(PNG)
    (folders["bundled"] / "bedtime.yaml").write_text(
        routine_text("Bedtime", "- stretch: towel-calf-stretch\n    image: pictures/towel.png"))
    library = make_library(folders)
    new_id, _ = library.duplicate("bedtime", "Mine")
    assert (folders["user"] / "pictures" / "towel.png").read_bytes() == PNG
    entry = library.get(new_id)
    assert entry is not None and entry.routine is not None
    assert entry.routine.steps[0].stretch.image == (folders["user"] / "pictures" / "towel.png").resolve()


def test_a_duplicate_never_replaces_a_different_picture_of_the_same_name(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "pictures").mkdir()
    (folders["bundled"] / "pictures" / "towel.png").write_bytes(PNG)
    (folders["bundled"] / "bedtime.yaml").write_text(
        routine_text("Bedtime", "- stretch: towel-calf-stretch\n    image: pictures/towel.png"))
    (folders["user"] / "pictures").mkdir()
    (folders["user"] / "pictures" / "towel.png").write_bytes(PNG + b"other")
    library = make_library(folders)
    with pytest.raises(SaveError, match=r"a different picture 'pictures/towel\.png' is there already"):
        library.duplicate("bedtime", "Mine")
    assert (folders["user"] / "pictures" / "towel.png").read_bytes() == PNG + b"other"
    assert not (folders["user"] / "mine.yaml").exists()


def test_an_unknown_or_broken_routine_cannot_be_duplicated(folders: dict[str, Path]) -> None:
    (folders["user"] / "broken.yaml").write_text("format: 1\nname: Broken\nsteps:\n  - stretch: nope\n")
    library = make_library(folders)
    with pytest.raises(KeyError):
        library.duplicate("nothing")
    with pytest.raises(SaveError, match="unknown stretch 'nope'"):
        library.duplicate("broken")
    assert sorted(path.name for path in folders["user"].iterdir()) == ["broken.yaml"]


# --- delete and undelete --------------------------------------------------------------------------------


def test_deleting_a_user_routine_moves_it_and_its_backup_to_the_trash_and_undelete_brings_both_back(
    folders: dict[str, Path],
) -> None:
    mine, backup = folders["user"] / "mine.yaml", folders["user"] / "mine.yaml.bak"
    mine.write_text(routine_text("Mine"))
    backup.write_text(routine_text("Mine before"))
    library = make_library(folders)
    trashed = library.delete("mine")
    assert library.get("mine") is None and "mine" not in library.routine_ids()
    assert not mine.exists() and not backup.exists()
    assert trashed.trashed == library.trash_folder / "mine.yaml" == folders["user"] / ".trash" / "mine.yaml"
    assert trashed.trashed.read_text() == routine_text("Mine") and trashed.name == "Mine"
    assert trashed.trashed_backup is not None and trashed.trashed_backup.read_text() == routine_text("Mine before")
    assert library.undelete(trashed) == mine
    assert mine.read_text() == routine_text("Mine") and backup.read_text() == routine_text("Mine before")
    entry = library.get("mine")
    assert entry is not None and entry.name == "Mine"
    assert list(library.trash_folder.iterdir()) == []


def test_deleting_a_customised_routine_brings_back_the_bundled_one(folders: dict[str, Path]) -> None:
    (folders["user"] / "bedtime.yaml").write_text(routine_text("My bedtime"))
    library = make_library(folders)
    trashed = library.delete("bedtime")
    entry = library.get("bedtime")
    assert entry is not None and entry.source is Source.BUNDLED and entry.name == "Bedtime"
    library.undelete(trashed)
    entry = library.get("bedtime")
    assert entry is not None and entry.source is Source.CUSTOMISED and entry.name == "My bedtime"


def test_deleting_a_broken_copy_of_a_bundled_routine_trashes_the_copy(folders: dict[str, Path]) -> None:
    (folders["user"] / "bedtime.yaml").write_text("format: 1\nname: [\n")
    library = make_library(folders)
    trashed = library.delete("bedtime")
    assert trashed.trashed.read_text() == "format: 1\nname: [\n"
    entry = library.get("bedtime")
    assert entry is not None and entry.broken_copy is None and entry.problems == ()


def test_a_broken_user_routine_can_be_deleted(folders: dict[str, Path]) -> None:
    (folders["user"] / "broken.yaml").write_bytes(b"\x00\x01")
    library = make_library(folders)
    library.delete("broken")
    assert library.get("broken") is None and (library.trash_folder / "broken.yaml").read_bytes() == b"\x00\x01"


def test_a_bundled_routine_cannot_be_deleted(folders: dict[str, Path]) -> None:
    library = make_library(folders)
    with pytest.raises(BundledRoutineError, match="comes with the app"):
        library.delete("bedtime")
    with pytest.raises(KeyError):
        library.delete("nothing")
    assert (folders["bundled"] / "bedtime.yaml").read_text() == routine_text("Bedtime")
    assert not library.trash_folder.exists()


def test_deleting_the_same_id_twice_keeps_both_in_the_trash(folders: dict[str, Path]) -> None:
    mine = folders["user"] / "mine.yaml"
    mine.write_text(routine_text("First"))
    library = make_library(folders)
    first = library.delete("mine")
    mine.write_text(routine_text("Second"))
    library.reload()
    second = library.delete("mine")
    assert first.trashed.name == "mine.yaml" and second.trashed.name == "mine-2.yaml"
    assert first.trashed.read_text() == routine_text("First") and second.trashed.read_text() == routine_text("Second")
    assert library.get("mine") is None and library.get("mine-2") is None  # the trash is never listed
    library.undelete(first)
    entry = library.get("mine")
    assert entry is not None and entry.name == "First"


def test_undelete_never_overwrites_a_file_made_since(folders: dict[str, Path]) -> None:
    mine = folders["user"] / "mine.yaml"
    mine.write_text(routine_text("Old"))
    library = make_library(folders)
    trashed = library.delete("mine")
    mine.write_text(routine_text("New"))
    with pytest.raises(FileExistsError, match="exists now"):
        library.undelete(trashed)
    assert mine.read_text() == routine_text("New") and trashed.trashed.read_text() == routine_text("Old")


def test_a_deleted_link_goes_to_the_trash_as_a_link_and_its_file_stays(
    folders: dict[str, Path], tmp_path: Path
) -> None:
    real = tmp_path / "dotfiles" / "mine.yaml"
    real.parent.mkdir()
    real.write_text(routine_text("Linked"))
    (folders["user"] / "mine.yaml").symlink_to(real)
    library = make_library(folders)
    trashed = library.delete("mine")
    assert trashed.trashed.is_symlink() and real.read_text() == routine_text("Linked")
    library.undelete(trashed)
    assert (folders["user"] / "mine.yaml").is_symlink()
