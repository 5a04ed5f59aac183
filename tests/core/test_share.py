"""Export and import: a round trip gives the same routine and pictures; a hostile archive is refused whole."""

from __future__ import annotations

import io
import stat
import struct
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest

from stretch_timer.core import share
from stretch_timer.core.library import Library
from stretch_timer.core.share import (
    PictureConflictError,
    RoutineExistsError,
    ShareError,
    apply_import,
    export_routine,
    read_import,
)
from stretch_timer.core.share_zip import MAX_UNPACKED_BYTES
from stretch_timer.core.writer import routine_to_data

STRETCH = """\
format: 1
name: Towel calf stretch
muscles: [calf]
instructions: [Sit with your legs out., Loop a towel round the foot., Pull gently.]
hold: 30
sides: both
"""

SVG = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="10" height="10"/></svg>\n'
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
ROUTINE = """\
# yaml-language-server: $schema=schema.json
# Shared by a friend: the towel one first.
format: 1
name: Towel evening
steps:
  - stretch: towel-calf-stretch
    image: pictures/towel.png   # my own photo
  - name: Wall lean
    instructions: [Lean on a wall.]
    image: pictures/wall.svg
  - stretch: towel-calf-stretch
    image: bundled.svg          # one of the app's pictures
"""


def routine_text(name: str = "Plain", step: str = "- stretch: towel-calf-stretch") -> str:
    return f"format: 1\nname: {name}\nsteps:\n  {step}\n"


def make_folders(root: Path) -> dict[str, Path]:
    found = {name: root / name for name in ("bundled", "user", "stretches", "images")}
    for folder in found.values():
        folder.mkdir(parents=True)
    (found["stretches"] / "towel-calf-stretch.yaml").write_text(STRETCH)
    (found["images"] / "bundled.svg").write_bytes(SVG)
    (found["bundled"] / "schema.json").write_text('{"title": "routine"}')
    (found["bundled"] / "bedtime.yaml").write_text(routine_text("Bedtime", "- stretch: towel-calf-stretch\n"
                                                                           "    image: bundled.svg"))
    return found


def make_library(folders: dict[str, Path]) -> Library:
    return Library(folders["bundled"], folders["user"], (folders["stretches"],), (folders["images"],)).reload()


@pytest.fixture
def source(tmp_path: Path) -> Library:
    """A library whose user folder holds ``towel-evening`` and the two pictures it keeps beside it."""
    folders = make_folders(tmp_path / "source")
    (folders["user"] / "pictures").mkdir()
    (folders["user"] / "pictures" / "towel.png").write_bytes(PNG)
    (folders["user"] / "pictures" / "wall.svg").write_bytes(SVG)
    (folders["user"] / "towel-evening.yaml").write_text(ROUTINE)
    return make_library(folders)


@pytest.fixture
def empty(tmp_path: Path) -> Library:
    """The same app (bundled routines, stretches, pictures) with an empty user folder."""
    return make_library(make_folders(tmp_path / "target"))


def user_files(library: Library) -> list[str]:
    folder = library.user_routines
    return sorted(str(path.relative_to(folder)) for path in folder.rglob("*")) if folder.exists() else []


# --- round trips ----------------------------------------------------------------------------------------


def test_a_zip_round_trip_into_an_empty_user_folder_gives_the_same_routine_and_pictures(
    source: Library, empty: Library, tmp_path: Path
) -> None:
    archive = export_routine(source, "towel-evening", tmp_path / "shared" / "towel.zip")
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == ["pictures/towel.png", "pictures/wall.svg", "towel-evening.yaml"]
    plan = read_import(empty, archive)
    assert plan.ok and plan.problems == () and not plan.replaces
    assert (plan.routine_id, plan.name) == ("towel-evening", "Towel evening")
    assert sorted(picture.reference for picture in plan.to_copy) == ["pictures/towel.png", "pictures/wall.svg"]
    assert user_files(empty) == []  # reading the plan wrote nothing
    path = apply_import(empty, plan)
    assert path == empty.user_routines / "towel-evening.yaml"
    assert path.read_bytes() == ROUTINE.encode()
    for name in ("towel.png", "wall.svg"):
        assert (empty.user_routines / "pictures" / name).read_bytes() == (
            source.user_routines / "pictures" / name).read_bytes()
    imported, original = empty.get("towel-evening"), source.get("towel-evening")
    assert imported is not None and original is not None
    assert imported.routine is not None and original.routine is not None
    assert routine_to_data(imported.routine) == routine_to_data(original.routine)
    assert imported.routine.steps[0].stretch.image == (empty.user_routines / "pictures" / "towel.png").resolve()
    assert imported.routine.steps[2].stretch.image == (empty.image_dirs[0] / "bundled.svg").resolve()
    assert "schema.json" in user_files(empty)


def test_a_yaml_export_is_the_file_as_it_is_and_imports_with_the_pictures_beside_it(
    source: Library, empty: Library
) -> None:
    exported = export_routine(source, "towel-evening", source.user_routines.parent / "out" / "towel.yaml")
    assert exported.read_bytes() == ROUTINE.encode()
    plan = read_import(empty, source.user_routines / "towel-evening.yaml")
    assert plan.ok and len(plan.to_copy) == 2
    apply_import(empty, plan)
    assert (empty.user_routines / "pictures" / "towel.png").read_bytes() == PNG
    entry = empty.get("towel-evening")
    assert entry is not None and entry.ok


def test_a_bundled_routine_exports_without_the_apps_own_pictures(source: Library, tmp_path: Path) -> None:
    archive = export_routine(source, "bedtime", tmp_path / "bedtime.zip")
    with zipfile.ZipFile(archive) as opened:
        assert opened.namelist() == ["bedtime.yaml"]


def test_export_refuses_unknown_and_broken_routines_and_other_suffixes(source: Library, tmp_path: Path) -> None:
    (source.user_routines / "broken.yaml").write_text(routine_text("Broken", "- stretch: nope"))
    source.reload()
    with pytest.raises(ShareError, match="no routine 'nothing'"):
        export_routine(source, "nothing", tmp_path / "x.zip")
    with pytest.raises(ShareError, match="unknown stretch 'nope'"):
        export_routine(source, "broken", tmp_path / "x.zip")
    with pytest.raises(ShareError, match=r"export to a \.yaml file or a \.zip archive"):
        export_routine(source, "towel-evening", tmp_path / "x.tar")
    assert sorted(path.name for path in tmp_path.iterdir()) == ["source"]


# --- never overwriting ----------------------------------------------------------------------------------


def test_an_existing_routine_is_replaced_only_when_asked_and_its_old_file_is_kept(
    source: Library, empty: Library, tmp_path: Path
) -> None:
    archive = export_routine(source, "towel-evening", tmp_path / "towel.zip")
    mine = empty.user_routines / "towel-evening.yaml"
    empty.user_routines.mkdir(exist_ok=True)
    mine.write_text(routine_text("Mine"))
    empty.reload()
    plan = read_import(empty, archive)
    assert plan.ok and plan.replaces
    with pytest.raises(RoutineExistsError, match="is in the library already") as refused:
        apply_import(empty, plan)
    assert refused.value.routine_id == "towel-evening"
    assert mine.read_text() == routine_text("Mine") and not (empty.user_routines / "pictures").exists()
    apply_import(empty, plan, replace=True)
    assert mine.read_bytes() == ROUTINE.encode()
    assert (empty.user_routines / "towel-evening.yaml.bak").read_text() == routine_text("Mine")


def test_a_bundled_id_is_not_customised_by_an_import_unless_asked(empty: Library, tmp_path: Path) -> None:
    file = tmp_path / "bedtime.yaml"
    file.write_text(routine_text("Other bedtime"))
    plan = read_import(empty, file)
    assert plan.replaces
    with pytest.raises(RoutineExistsError):
        apply_import(empty, plan)
    assert apply_import(empty, plan, routine_id="other-bedtime") == empty.user_routines / "other-bedtime.yaml"
    entry = empty.get("other-bedtime")
    assert entry is not None and entry.name == "Other bedtime"


@pytest.mark.parametrize("bad_id", ["../escape", "Has Space", "", ".hidden", "a" * 61])
def test_importing_under_an_unusable_id_is_refused(empty: Library, tmp_path: Path, bad_id: str) -> None:
    file = tmp_path / "plain.yaml"
    file.write_text(routine_text())
    with pytest.raises(ShareError, match="cannot be a routine id"):
        apply_import(empty, read_import(empty, file), routine_id=bad_id)
    assert user_files(empty) == []


def test_a_different_picture_of_the_same_name_is_never_silently_replaced(
    source: Library, empty: Library, tmp_path: Path
) -> None:
    archive = export_routine(source, "towel-evening", tmp_path / "towel.zip")
    theirs = empty.user_routines / "pictures" / "towel.png"
    theirs.parent.mkdir(parents=True)
    theirs.write_bytes(PNG + b"mine")
    (empty.user_routines / "pictures" / "wall.svg").write_bytes(SVG)  # the same picture: nothing to copy
    plan = read_import(empty, archive)
    assert [picture.reference for picture in plan.conflicts] == ["pictures/towel.png"]
    assert [picture.reference for picture in plan.to_copy] == ["pictures/towel.png"]
    with pytest.raises(PictureConflictError, match="a different picture of this name"):
        apply_import(empty, plan)
    assert theirs.read_bytes() == PNG + b"mine" and not (empty.user_routines / "towel-evening.yaml").exists()
    apply_import(empty, plan, replace=True)
    assert theirs.read_bytes() == PNG and (theirs.parent / "towel.png.bak").read_bytes() == PNG + b"mine"


def test_an_invalid_routine_in_an_archive_is_reported_as_validate_would(empty: Library, tmp_path: Path) -> None:
    archive = tmp_path / "friend.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("routine.yaml", routine_text("Bad", "- stretch: towel-calf-stretch\n    hold: 0"))
    plan = read_import(empty, archive)
    assert not plan.ok and [str(problem) for problem in plan.problems] == [
        f"{archive}/routine.yaml:5: steps[0].hold: must be a positive duration, got 0"]
    with pytest.raises(ShareError):
        apply_import(empty, plan)
    assert user_files(empty) == []


def test_an_archive_picture_the_routine_names_must_be_in_the_archive(empty: Library, tmp_path: Path) -> None:
    archive = tmp_path / "friend.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("r.yaml", routine_text("Pic", "- stretch: towel-calf-stretch\n    image: pictures/gone.png"))
    plan = read_import(empty, archive)
    assert [problem.field for problem in plan.problems] == ["steps[0].image"]
    assert "'pictures/gone.png' not found" in plan.problems[0].message


def test_macos_extras_in_an_archive_are_not_a_second_routine(empty: Library, tmp_path: Path) -> None:
    archive = tmp_path / "mac.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("calf/calf.yaml", routine_text("Calf"))
        opened.writestr("__MACOSX/calf/._calf.yaml", b"\x00\x05\x16\x07")
        opened.writestr("calf/._calf.yaml", b"\x00\x05\x16\x07")
    plan = read_import(empty, archive)
    assert plan.ok and plan.routine_id == "calf"


def test_a_file_that_is_not_a_routine_or_an_archive_is_refused(empty: Library, tmp_path: Path) -> None:
    for name, content in (("notes.txt", b"hello"), ("fake.zip", b"PK not really"), ("bin.yaml", b"\xff\xfe\x00")):
        file = tmp_path / name
        file.write_bytes(content)
        plan = read_import(empty, file)
        assert not plan.ok and len(plan.problems) == 1, name
        assert "\n" not in str(plan.problems[0])
    assert user_files(empty) == []


# --- hostile archives -----------------------------------------------------------------------------------

GOOD_ROUTINE = routine_text("Good", "- stretch: towel-calf-stretch\n    image: pictures/p.png").encode()


def _zip(path: Path, entries: list[tuple[str | zipfile.ZipInfo, bytes]], method: int = zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as opened:
        for name, content in entries:
            opened.writestr(name, content)


def _info(name: str, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name)
    info.create_system = 3
    info.external_attr = mode << 16
    return info


def climbing(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("../evil.png", PNG)])


def climbing_inside(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("pictures/../../evil.yaml", b"x")])


def climbing_with_backslashes(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("..\\..\\evil.png", PNG)])


def absolute(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("/tmp/evil.png", PNG)])


def absolute_windows(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("C:\\Users\\evil.png", PNG)])


def symlink(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), (_info("pictures/p.png", stat.S_IFLNK | 0o777), b"/etc/passwd")])


def device(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), (_info("dev", stat.S_IFCHR | 0o600), b"")])


def too_many_entries(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG)] + [(f"n{i}.txt", b"") for i in range(49)])


def too_big_declared(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("big.txt", bytes(MAX_UNPACKED_BYTES))])


def too_big_in_pictures(path: Path) -> None:
    big = PNG + bytes(15 * 1024 * 1024)  # each under the 16 MiB picture limit, together over 20 MiB
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", big), ("pictures/q.png", big)])


def _patch_headers(path: Path, name: str, field: tuple[int, int], size: int, value: int) -> None:
    """Overwrite a field of ``name``'s local header and central directory record (offsets ``field``)."""
    data = bytearray(path.read_bytes())
    patched = 0
    for signature, name_length_at, name_at, offset in ((b"PK\x03\x04", 26, 30, field[0]),
                                                      (b"PK\x01\x02", 28, 46, field[1])):
        at = data.find(signature)
        while at >= 0:
            length = struct.unpack("<H", data[at + name_length_at : at + name_length_at + 2])[0]
            if data[at + name_at : at + name_at + length] == name.encode():
                data[at + offset : at + offset + size] = value.to_bytes(size, "little")
                patched += 1
            at = data.find(signature, at + 4)
    assert patched == 2
    path.write_bytes(bytes(data))


def lying_sizes(path: Path) -> None:
    """A zip bomb that declares 2 KiB and unpacks to 30 MiB: its headers are patched after writing."""
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG + bytes(30 * 1024 * 1024))])
    _patch_headers(path, "pictures/p.png", (22, 24), 4, 2048)  # the uncompressed size


def two_routines(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("other.yaml", routine_text().encode())])


def no_routine(path: Path) -> None:
    _zip(path, [("pictures/p.png", PNG), ("readme.txt", b"hello")])


def encrypted(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG)])
    _patch_headers(path, "pictures/p.png", (6, 8), 2, 0x1)  # zipfile cannot encrypt: set the flag it reads


def duplicate_names(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("pictures/P.PNG", PNG)])


def picture_not_what_it_says(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", SVG)])


def picture_reaching_out(path: Path) -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"><image href="/home/me/photo.png"/></svg>'
    routine = routine_text("Good", "- stretch: towel-calf-stretch\n    image: pictures/p.svg").encode()
    _zip(path, [("r.yaml", routine), ("pictures/p.svg", svg)])


def picture_too_big(path: Path) -> None:
    _zip(path, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG + bytes(17 * 1024 * 1024))])


HOSTILE: dict[str, tuple[Callable[[Path], None], str]] = {
    "climbing": (climbing, "entry '../evil.png' climbs out of the archive with '..'"),
    "climbing_inside": (climbing_inside, "entry 'pictures/../../evil.yaml' climbs out of the archive"),
    "climbing_with_backslashes": (climbing_with_backslashes, "climbs out of the archive with '..'"),
    "absolute": (absolute, "entry '/tmp/evil.png' is an absolute path"),
    "absolute_windows": (absolute_windows, "is an absolute path"),
    "symlink": (symlink, "entry 'pictures/p.png' is a symbolic link"),
    "device": (device, "entry 'dev' is not a plain file"),
    "too_many_entries": (too_many_entries, "the archive has 51 entries; it may have at most 50"),
    "too_big_declared": (too_big_declared, "the archive unpacks to 20.0 MiB; it may unpack to at most 20 MiB"),
    "too_big_in_pictures": (too_big_in_pictures, "unpacks to 30.0 MiB; it may unpack to at most 20 MiB"),
    "lying_sizes": (lying_sizes, "entry 'pictures/p.png' cannot be unpacked (Bad CRC-32"),
    "two_routines": (two_routines, "the archive holds 2 routines ('r.yaml', 'other.yaml')"),
    "no_routine": (no_routine, "the archive holds no routine (.yaml file)"),
    "encrypted": (encrypted, "entry 'pictures/p.png' is encrypted"),
    "duplicate_names": (duplicate_names, "entry 'pictures/P.PNG' appears twice in the archive"),
    "picture_not_what_it_says": (picture_not_what_it_says, "pictures/p.png:1: file: this picture is not PNG data"),
    "picture_reaching_out": (picture_reaching_out, "refers to another file"),
    "picture_too_big": (picture_too_big, "entry 'pictures/p.png' is 17.0 MiB unpacked; this picture may be at most"),
}
# refused on names, kinds and sizes alone: nothing of these reaches a disk, not even a temporary folder
REFUSED_UNOPENED = set(HOSTILE) - {"lying_sizes", "picture_not_what_it_says", "picture_reaching_out"}


@pytest.mark.parametrize("case", list(HOSTILE))
def test_a_hostile_archive_is_refused_with_a_one_line_reason_and_nothing_is_written(
    case: str, empty: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build, reason = HOSTILE[case]
    archive = tmp_path / "shared" / f"{case}.zip"
    archive.parent.mkdir()
    build(archive)
    if case in REFUSED_UNOPENED:
        def no_temporary_folder(*args: object, **kwargs: object) -> None:
            raise AssertionError("unpacked before the archive was checked")
        monkeypatch.setattr(share.tempfile, "TemporaryDirectory", no_temporary_folder)
    plan = read_import(empty, archive)
    assert not plan.ok
    lines = [str(problem) for problem in plan.problems]
    assert any(reason in line for line in lines), lines
    assert all("\n" not in line and line.startswith(str(archive)) for line in lines)
    with pytest.raises(ShareError):
        apply_import(empty, plan, replace=True)
    assert user_files(empty) == []
    assert sorted(path.name for path in tmp_path.rglob("*evil*")) == []
    assert sorted(path.name for path in archive.parent.iterdir()) == [archive.name]


def test_the_good_archive_the_hostile_ones_start_from_imports(empty: Library, tmp_path: Path) -> None:
    archive = tmp_path / "good.zip"
    _zip(archive, [("r.yaml", GOOD_ROUTINE), ("pictures/p.png", PNG), ("readme.txt", b"hi")])
    plan = read_import(empty, archive)
    assert plan.ok, plan.problems
    apply_import(empty, plan)
    assert user_files(empty) == ["pictures", "pictures/p.png", "r.yaml", "schema.json"]


def test_bytes_are_counted_while_unpacking_not_taken_from_the_headers(
    empty: Library, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """zipfile itself stops at the declared size (then fails the CRC); the count must not depend on that."""
    archive = tmp_path / "bomb.zip"
    lying_sizes(archive)
    real_open = zipfile.ZipFile.open

    def believing_the_data(self: zipfile.ZipFile, name: str | zipfile.ZipInfo, *args: object) -> object:
        info = self.getinfo(name) if isinstance(name, str) else name
        if info.filename == "pictures/p.png":
            return io.BytesIO(PNG + bytes(30 * 1024 * 1024))
        return real_open(self, name)

    monkeypatch.setattr(zipfile.ZipFile, "open", believing_the_data)
    plan = read_import(empty, archive)
    assert [problem.message for problem in plan.problems] == [
        "entry 'pictures/p.png' unpacks to more than the 2,048 bytes it declares; refusing the archive"]
