"""``stretch-timer export`` and ``import`` as a person runs them: messages, exit codes, and nothing overwritten."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from stretch_timer.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main

REPO = Path(__file__).resolve().parents[2]
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
MINE = """\
# yaml-language-server: $schema=schema.json
# my evening one
format: 1
name: My evening
steps:
  - stretch: wall-calf-stretch
    image: pictures/me.png
"""


def run_main(capsys: pytest.CaptureFixture[str], *args: str | Path) -> tuple[int, str, str]:
    code = main([str(arg) for arg in args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def routines(_isolated_user_home: Path) -> Path:
    """The user's routines folder, holding ``my-evening`` and its own picture."""
    folder = _isolated_user_home / "routines"
    (folder / "pictures").mkdir(parents=True)
    (folder / "pictures" / "me.png").write_bytes(PNG)
    (folder / "my-evening.yaml").write_text(MINE)
    return folder


def test_export_to_zip_then_import_into_an_empty_home(
    capsys: pytest.CaptureFixture[str], routines: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    archive = tmp_path / "share" / "evening.zip"
    code, out, err = run_main(capsys, "export", "my-evening", "-o", archive)
    assert (code, err) == (EXIT_OK, "")
    assert out == f"Exported 'My evening' to {archive} (with 1 picture of its own)\n"
    with zipfile.ZipFile(archive) as opened:
        assert sorted(opened.namelist()) == ["my-evening.yaml", "pictures/me.png"]
    friend = tmp_path / "friend"
    monkeypatch.setenv("STRETCH_TIMER_HOME", str(friend))
    code, out, err = run_main(capsys, "import", archive)
    assert (code, err) == (EXIT_OK, "")
    assert out == f"Imported 'My evening' as 'my-evening' with 1 picture: {friend / 'routines' / 'my-evening.yaml'}\n"
    assert (friend / "routines" / "my-evening.yaml").read_text() == MINE
    assert (friend / "routines" / "pictures" / "me.png").read_bytes() == PNG
    code, out, _ = run_main(capsys, "list")
    assert any(line.startswith("my-evening") and line.rstrip().endswith("user") for line in out.splitlines())


def test_export_to_yaml_says_the_pictures_stay_behind(
    capsys: pytest.CaptureFixture[str], routines: Path, tmp_path: Path
) -> None:
    code, out, err = run_main(capsys, "export", "my-evening", "-o", tmp_path / "evening.yaml")
    assert (code, out) == (EXIT_OK, f"Exported 'My evening' to {tmp_path / 'evening.yaml'}\n")
    assert (tmp_path / "evening.yaml").read_text() == MINE
    assert "not in a .yaml file; export to a .zip" in err


def test_export_of_an_unknown_routine_or_to_another_kind_of_file(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    code, _, err = run_main(capsys, "export", "calf-cramp-relif", "-o", tmp_path / "x.zip")
    assert code == EXIT_PROBLEMS and "no routine 'calf-cramp-relif'; did you mean 'calf-cramp-relief'" in err
    code, _, err = run_main(capsys, "export", "calf-cramp-relief", "-o", tmp_path / "x.txt")
    assert code == EXIT_USAGE and "export to a file ending in .yaml or .zip" in err
    assert not list(tmp_path.glob("x.*"))


def test_import_of_a_taken_id_needs_replace_or_as(
    capsys: pytest.CaptureFixture[str], routines: Path, tmp_path: Path
) -> None:
    shared = tmp_path / "my-evening.yaml"
    shared.write_text(MINE.replace("My evening", "Their evening").replace("    image: pictures/me.png\n", ""))
    code, out, err = run_main(capsys, "import", shared)
    assert (code, out) == (EXIT_PROBLEMS, "")
    assert "taken by a routine of yours; use --replace to replace it, or --as ID" in err
    assert (routines / "my-evening.yaml").read_text() == MINE
    code, out, err = run_main(capsys, "import", shared, "--as", "their-evening")
    assert code == EXIT_OK and "as 'their-evening'" in out
    code, out, err = run_main(capsys, "import", shared, "--replace")
    assert code == EXIT_OK and "The previous version is kept as my-evening.yaml.bak" in out
    assert "Their evening" in (routines / "my-evening.yaml").read_text()
    assert (routines / "my-evening.yaml.bak").read_text() == MINE


def test_import_of_a_bundled_id_says_replacing_makes_a_copy(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, _isolated_user_home: Path
) -> None:
    shared = tmp_path / "calf-cramp-relief.yaml"
    shared.write_text("format: 1\nname: Mine\nsteps:\n  - stretch: wall-calf-stretch\n")
    code, _, err = run_main(capsys, "import", shared)
    assert code == EXIT_PROBLEMS and "the bundled routine 'Calf cramp — now'" in err and "--as ID" in err
    assert not (_isolated_user_home / "routines" / "calf-cramp-relief.yaml").exists()


def test_import_prints_every_problem_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, _isolated_user_home: Path
) -> None:
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as opened:
        opened.writestr("r.yaml", "format: 1\nname: Bad\nsteps:\n  - stretch: wall-calf-stretch\n    hold: 0\n")
        opened.writestr("../../evil.png", PNG)
    code, out, err = run_main(capsys, "import", archive)
    assert (code, out) == (EXIT_PROBLEMS, "")
    assert err.splitlines() == [
        f"{archive}:1: file: entry '../../evil.png' climbs out of the archive with '..'; refusing the archive",
        f"stretch-timer: nothing imported from {archive}",
    ]
    assert not (_isolated_user_home / "routines").exists()


def test_import_under_an_unusable_id_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_main(capsys, "import", tmp_path / "whatever.yaml", "--as", "../up")
    assert code == EXIT_USAGE and "cannot be a routine id" in err


def test_the_real_command_exports_and_imports(tmp_path: Path, _isolated_user_home: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("STRETCH_TIMER")}
    env.update(STRETCH_TIMER_HOME=str(_isolated_user_home), PYTHONPATH=str(REPO))
    archive = tmp_path / "calf.zip"

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "stretch_timer", *args], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=60, check=False)

    exported = run("export", "calf-cramp-relief", "-o", str(archive))
    assert exported.returncode == 0, exported.stderr
    refused = run("import", str(archive))
    assert refused.returncode == EXIT_PROBLEMS and "--replace" in refused.stderr and "--as" in refused.stderr
    imported = run("import", str(archive), "--as", "my-calf")
    assert imported.returncode == 0, imported.stderr
    assert (_isolated_user_home / "routines" / "my-calf.yaml").read_bytes() == (
        REPO / "routines" / "calf-cramp-relief.yaml").read_bytes()
