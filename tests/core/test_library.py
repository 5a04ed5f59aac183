"""The library loads what it can, shadows bundled routines with the user's, and saves without losing work."""

import os
from dataclasses import replace
from pathlib import Path
from textwrap import dedent

import pytest

from stretch_timer.core.atomic import write_atomic
from stretch_timer.core.library import Library, SaveError, Source
from stretch_timer.core.model import Sides

STRETCH = """\
format: 1
name: Towel calf stretch
muscles: [calf]
props: [towel or strap]
instructions: [Sit with your legs out., Loop a towel round the foot., Pull gently.]
hold: 30
sides: both
"""


def routine_text(name: str, step: str = "- stretch: towel-calf-stretch") -> str:
    return f"# yaml-language-server: $schema=schema.json\nformat: 1\nname: {name}\nsteps:\n  {step}\n"


@pytest.fixture
def folders(tmp_path: Path) -> dict[str, Path]:
    found = {name: tmp_path / name for name in ("bundled", "user", "stretches", "user_stretches", "images")}
    for folder in found.values():
        folder.mkdir()
    (found["stretches"] / "towel-calf-stretch.yaml").write_text(STRETCH)
    (found["bundled"] / "schema.json").write_text('{"title": "routine"}')
    (found["bundled"] / "bedtime.yaml").write_text(routine_text("Bedtime"))
    (found["bundled"] / "relief.yaml").write_text(
        routine_text("Calf relief").replace("steps:", "tags: [relief]\nrelieves: [calf]\nsteps:"))
    return found


def make_library(folders: dict[str, Path]) -> Library:
    return Library(
        folders["bundled"], folders["user"], (folders["stretches"], folders["user_stretches"]), (folders["images"],)
    ).reload()


def test_bundled_and_user_routines_are_listed_with_their_source(folders: dict[str, Path]) -> None:
    (folders["user"] / "mine.yaml").write_text(routine_text("A mine"))
    library = make_library(folders)
    assert [(e.id, e.source) for e in library.entries.values()] == [
        ("mine", Source.USER), ("bedtime", Source.BUNDLED), ("relief", Source.BUNDLED)]
    assert [r.id for r in library.relief_routines("calf")] == ["relief"]
    assert library.relief_routines("hamstring") == []


def test_one_broken_file_never_stops_the_others(folders: dict[str, Path]) -> None:
    (folders["user"] / "broken.yaml").write_text("format: 1\nname: [\n")
    (folders["user"] / "binary.yaml").write_bytes(b"\x00\x01\x02")
    (folders["user_stretches"] / "wobbly.yaml").write_text("format: 1\nname: Wobbly\n")
    (folders["user"] / "uses-wobbly.yaml").write_text(routine_text("Wobbly routine", "- stretch: wobbly"))
    library = make_library(folders)
    loaded = sorted(e.id for e in library.entries.values() if e.ok)
    assert loaded == ["bedtime", "relief"]
    broken = {e.id: [p.message for p in e.problems] for e in library.entries.values() if not e.ok}
    assert broken["binary"] == ["this is a binary file, not YAML text"]
    assert broken["broken"][0].startswith("not valid YAML")
    assert broken["uses-wobbly"] == [f"stretch 'wobbly' has errors in {folders['user_stretches'] / 'wobbly.yaml'}"]
    assert len(library.problems) == 5  # two missing keys in wobbly.yaml, and one per broken routine


def test_a_user_routine_with_a_bundled_id_customises_it_and_can_be_restored(folders: dict[str, Path]) -> None:
    library = make_library(folders)
    bedtime = library.get("bedtime")
    assert bedtime is not None and bedtime.routine is not None
    path = library.save(replace(bedtime.routine, name="My bedtime"))
    entry = library.get("bedtime")
    assert entry is not None and entry.source is Source.CUSTOMISED and entry.name == "My bedtime"
    assert entry.bundled_path == folders["bundled"] / "bedtime.yaml" and path == folders["user"] / "bedtime.yaml"
    backup = library.restore_bundled("bedtime")
    assert backup.read_text().count("My bedtime") == 1 and not path.exists()
    restored = library.get("bedtime")
    assert restored is not None and restored.source is Source.BUNDLED and restored.name == "Bedtime"
    with pytest.raises(KeyError):
        library.restore_bundled("relief")


def test_save_round_trips_and_writes_tidy_yaml(folders: dict[str, Path]) -> None:
    text = dedent("""\
        format: 1
        name: Evening
        description: A short one.
        tags: [bedtime]
        relieves: [calf, hamstring]
        prepare: 8
        rest: 1m30s
        cues: {countdown: 0}
        steps:
          - stretch: towel-calf-stretch
            hold: 45
            sides: left
            repeat: 2
            rest: 0
          - name: Heel drop
            instructions: Let your heels sink.
            muscles: [calf]
            action: massage
            hold: 20
          - name: Breathe
            breathe: {inhale: 4, exhale: 6, cycles: 3}
          - name: Let go
            pmr: {tense: 4, groups: [feet, calves]}
            say: Now tense and relax.
        """)
    (folders["user"] / "evening.yaml").write_text(text)
    library = make_library(folders)
    original = library.get("evening")
    assert original is not None and original.routine is not None, original
    saved = library.save(original.routine)
    reloaded = library.get("evening")
    assert reloaded is not None and reloaded.routine == original.routine
    written = saved.read_text()
    assert written.startswith("# yaml-language-server: $schema=schema.json\nformat: 1\nname: Evening\n")
    assert "tags: [bedtime]" in written and "rest: 1m30s" in written and "  - stretch: towel-calf-stretch" in written
    assert "sides: left" in written and "instructions: Let your heels sink." in written and "action: massage" in written
    assert "breathe:\n      inhale: 4\n      exhale: 6\n      cycles: 3" in written
    assert library.save(original.routine) == saved and saved.read_text() == written  # stable: saving is idempotent
    assert (folders["user"] / "schema.json").read_text() == '{"title": "routine"}'


def test_save_keeps_the_previous_version_as_a_backup(folders: dict[str, Path]) -> None:
    library = make_library(folders)
    entry = library.get("bedtime")
    assert entry is not None and entry.routine is not None
    first = library.save(replace(entry.routine, name="One"), "copy")
    library.save(replace(entry.routine, name="Two"), "copy")
    assert "name: Two" in first.read_text()
    assert "name: One" in first.with_name("copy.yaml.bak").read_text()


def test_a_routine_that_would_not_load_back_is_not_saved(folders: dict[str, Path]) -> None:
    library = make_library(folders)
    entry = library.get("bedtime")
    assert entry is not None and entry.routine is not None
    bad = replace(entry.routine, name="x" * 200)
    with pytest.raises(SaveError, match="name: is 200 characters long"):
        library.save(bad, "bad")
    assert not (folders["user"] / "bad.yaml").exists()


def test_pictures_beside_the_old_file_travel_with_a_saved_copy(folders: dict[str, Path]) -> None:
    (folders["bundled"] / "pics").mkdir()
    (folders["bundled"] / "pics" / "heel.png").write_bytes(b"\x89PNG")
    (folders["bundled"] / "heel.yaml").write_text(
        routine_text("Heel", "- {name: Heel drop, image: pics/heel.png, sides: right}"))
    library = make_library(folders)
    entry = library.get("heel")
    assert entry is not None and entry.routine is not None, entry
    assert entry.routine.steps[0].sides is Sides.RIGHT
    library.save(entry.routine)
    assert (folders["user"] / "pics" / "heel.png").read_bytes() == b"\x89PNG"
    customised = library.get("heel")
    assert customised is not None and customised.ok


def test_an_interrupted_save_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "r.yaml"
    target.write_text("old contents\n")

    def crash(src: object, dst: object) -> None:
        raise OSError("disk pulled out")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk pulled out"):
        write_atomic(target, "new contents\n")
    assert target.read_text() == "old contents\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["r.yaml"]  # no temp file left behind


def test_every_bundled_routine_round_trips_through_a_save(tmp_path: Path) -> None:
    from stretch_timer import paths

    library = Library(
        paths.bundled_routines_dir(), tmp_path / "user",
        (paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),),
    ).reload()
    bundled = {entry.id: entry.routine for entry in library.entries.values()}
    assert bundled and all(routine is not None for routine in bundled.values())
    for routine_id, routine in bundled.items():
        assert routine is not None
        library.save(routine)
        entry = library.get(routine_id)
        assert entry is not None and entry.source is Source.CUSTOMISED
        assert entry.routine == routine, routine_id


# --- one routine without the rest (stretch-timer start) -------------------------------------------------


def every_case(folders: dict[str, Path]) -> None:
    """Folders holding each way one routine can resolve: shadowed, broken copies, broken and shadowed stretches."""
    user, bundled, stretches, user_stretches = (
        folders["user"], folders["bundled"], folders["stretches"], folders["user_stretches"])
    (user / "bedtime.yaml").write_text(routine_text("My bedtime"))  # customises a bundled routine
    (user / "relief.yaml").write_text("format: 1\nname: [\n")  # a broken copy: the bundled one stands in
    (bundled / "both-broken.yaml").write_text(routine_text("B", "- stretch: nope"))
    (user / "both-broken.yaml").write_text("format: 1\nsteps: []\n")
    (bundled / "fixed-by-user.yaml").write_text("format: 1\n")
    (user / "fixed-by-user.yaml").write_text(routine_text("Fixed"))
    (user / "typo.yaml").write_text(routine_text("Typo", "- stretch: towel-calf-strech"))
    (stretches / "wobbly.yaml").write_text("format: 1\nname: Wobbly\n")
    (user / "uses-wobbly.yaml").write_text(routine_text("Wobbly", "- stretch: wobbly"))
    (stretches / "shadowed.yaml").write_text(STRETCH.replace("Towel calf stretch", "Bundled one"))
    (user_stretches / "shadowed.yaml").write_text(STRETCH.replace("Towel calf stretch", "User's one"))
    (user / "uses-shadowed.yaml").write_text(routine_text("Shadowed", "- stretch: shadowed"))
    (stretches / "fallback.yaml").write_text(STRETCH.replace("Towel calf stretch", "Bundled fallback"))
    (user_stretches / "fallback.yaml").write_text("format: 1\nname: Broken copy\n")
    (user / "uses-fallback.yaml").write_text(routine_text("Fallback", "- stretch: fallback"))
    (stretches / "twice-broken.yaml").write_text("format: 1\n")
    (user_stretches / "twice-broken.yaml").write_text("format: 1\nname: x\n")
    (user / "uses-twice-broken.yaml").write_text(routine_text("Twice", "- stretch: twice-broken"))
    (user / ".hidden.yaml").write_text(routine_text("Hidden"))
    (user / "folder.yaml").mkdir()


def test_one_routine_loads_exactly_as_the_whole_library_decides(folders: dict[str, Path]) -> None:
    every_case(folders)
    library = make_library(folders)
    quick = Library(folders["bundled"], folders["user"], (folders["stretches"], folders["user_stretches"]),
                    (folders["images"],))
    assert quick.routine_ids() == sorted(library.entries)
    for routine_id, entry in library.entries.items():
        assert quick.load_entry(routine_id) == entry, routine_id
        assert quick.load_file_alone(entry.path) == library.load_file(entry.path), routine_id
    for missing in (".hidden", "nothing", "../user/bedtime", "bedtime.yaml"):
        assert quick.load_entry(missing) is None
    assert quick.entries == {}  # the quick way leaves the library itself unloaded
    # the cases the folders were made for, spelt out
    relief = quick.load_entry("relief")
    assert relief is not None and relief.routine is not None and relief.source is Source.BUNDLED
    assert relief.broken_copy == folders["user"] / "relief.yaml" and relief.problems
    typo = quick.load_entry("typo")
    assert typo is not None and "did you mean 'towel-calf-stretch'?" in typo.problems[0].message
    twice = quick.load_entry("uses-twice-broken")
    assert twice is not None and str(folders["user_stretches"] / "twice-broken.yaml") in twice.problems[0].message
    shadowed, fallback = quick.load_entry("uses-shadowed"), quick.load_entry("uses-fallback")
    assert shadowed is not None and shadowed.routine is not None
    assert shadowed.routine.steps[0].stretch.name == "User's one"
    assert fallback is not None and fallback.routine is not None
    assert fallback.routine.steps[0].stretch.name == "Bundled fallback"


def test_the_lazy_catalog_is_the_catalog(folders: dict[str, Path]) -> None:
    every_case(folders)
    library = make_library(folders)
    lazy = library.lazy_catalog()
    assert dict(lazy) == library.catalog.stretches
    assert dict(lazy.broken) == library.catalog.broken
    assert len(lazy) == len(library.catalog) and "wobbly" not in lazy and "shadowed" in lazy


def test_one_routine_reads_only_the_stretches_it_names(
    folders: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from stretch_timer.core import catalog

    for index in range(5):
        (folders["stretches"] / f"other-{index}.yaml").write_text(STRETCH)
    read: list[str] = []
    real = catalog.load_stretch_file
    monkeypatch.setattr(catalog, "load_stretch_file", lambda path, *a: read.append(path.name) or real(path, *a))
    entry = Library(folders["bundled"], folders["user"], (folders["stretches"], folders["user_stretches"]),
                    (folders["images"],)).load_entry("bedtime")
    assert entry is not None and entry.ok
    assert read == ["towel-calf-stretch.yaml"]
