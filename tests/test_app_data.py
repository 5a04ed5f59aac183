"""``open_one_routine`` (the quick way in for ``stretch-timer start``) finds what the whole library would."""

from __future__ import annotations

from pathlib import Path

import pytest

from stretch_timer import app_data, paths


def test_every_bundled_routine_is_the_same_routine_through_the_quick_way() -> None:
    library = app_data.open_library()
    assert library.entries
    for routine_id, entry in library.entries.items():
        found = app_data.open_one_routine(routine_id)
        assert found.entry == entry and found.routine == entry.routine and found.routine is not None, routine_id
        assert found.problems == () and not found.missing


def test_a_broken_user_copy_starts_the_bundled_routine_and_says_why() -> None:
    bundled = sorted(app_data.open_library().entries)[0]
    user = paths.user_routines_dir()
    user.mkdir(parents=True)
    (user / f"{bundled}.yaml").write_text("format: 1\nname: [\n")
    found = app_data.open_one_routine(bundled)
    expected = app_data.open_library().get(bundled)
    assert expected is not None and expected.broken_copy is not None
    assert found.entry == expected and found.routine == expected.routine is not None
    assert found.problems == expected.problems and found.problems[0].message.startswith("not valid YAML")


def test_an_unknown_id_gives_the_ids_for_a_did_you_mean() -> None:
    found = app_data.open_one_routine("calf-cramp-relif")
    assert found.missing and found.routine is None
    assert list(found.known_ids) == sorted(app_data.open_library().entries)


@pytest.mark.parametrize("good", [True, False])
def test_a_path_loads_against_the_same_catalog(tmp_path: Path, good: bool) -> None:
    stretch = "seated-toe-pull" if good else "seated-toe-pul"
    path = tmp_path / "mine.yaml"
    path.write_text(f"format: 1\nname: Mine\nsteps:\n  - stretch: {stretch}\n")
    found = app_data.open_one_routine(str(path))
    routine, problems = app_data.open_library().load_file(path)
    assert found.is_path and not found.missing
    assert (found.routine, list(found.problems)) == (routine, problems)
    assert (routine is not None) is good
