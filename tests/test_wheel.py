"""The distributions carry the bundled data, and an installed wheel finds it inside itself.

Builds the sdist, then the wheel *from the sdist* (as pip does from PyPI), so a folder missing from the
sdist shows up as a missing file in the wheel too. Then the wheel goes into a fresh venv outside the tree, as
``pipx install`` puts it, where ``stretch-timer`` lists the routines, runs one offscreen and installs the
launcher. That venv borrows the test environment's third-party packages (PySide6 & co.) through a ``.pth``
line instead of downloading them: a ``.pth`` line only adds a folder, so the checkout's editable install there
stays inactive and only the wheel's copy of Stretch Timer can be imported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import sysconfig
import tarfile
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

REPO_ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def dists(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    out = tmp_path_factory.mktemp("dist")
    proc = subprocess.run(
        [sys.executable, "-m", "build", "--no-isolation", "-o", str(out), str(REPO_ROOT)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, f"build failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}"
    (wheel,) = out.glob("stretch_timer-*.whl")
    (sdist,) = out.glob("stretch_timer-*.tar.gz")
    return {"wheel": wheel, "sdist": sdist}


def test_sdist_has_data_docs_and_tests(dists: dict[str, Path]) -> None:
    with tarfile.open(dists["sdist"]) as tar:
        # strip the leading "stretch_timer-X.Y.Z/"
        names = {name.partition("/")[2] for name in tar.getnames()}
    for folder in ("stretch_timer/", "routines/", "assets/", "docs/", "tests/"):
        assert any(n.startswith(folder) for n in names), f"{folder} missing from the sdist"
    assert any(n.startswith("routines/") and n.endswith(".yaml") for n in names)
    assert not any("__pycache__" in n or n.startswith(".venv/") for n in names)


def test_wheel_has_bundled_data_and_entry_point(dists: dict[str, Path]) -> None:
    with zipfile.ZipFile(dists["wheel"]) as whl:
        names = whl.namelist()
        entry_points = next(whl.read(n).decode() for n in names if n.endswith(".dist-info/entry_points.txt"))
    assert any(n.startswith("stretch_timer/_data/routines/") and n.endswith(".yaml") for n in names)
    assert any(n.startswith("stretch_timer/_data/assets/") for n in names)
    assert "stretch_timer/paths.py" in names
    assert "stretch_timer/desktop_install.py" in names and "stretch_timer/cli_desktop.py" in names
    data = "stretch_timer/_data/"
    assert {f"{data}assets/desktop/stretch-timer.desktop",
            f"{data}assets/desktop/io.github.stretchtimer.StretchTimer.metainfo.xml"} <= set(names)
    assert {f"{data}assets/icons/stretch-timer-{size}.png" for size in (16, 48, 128, 512)} <= set(names)
    assert f"{data}assets/icons/stretch-timer.svg" in names
    assert {f"{data}routines/schema.json", f"{data}routines/stretch.schema.json"} <= set(names), "the schemas"
    assert not any(n.startswith(("tests/", "routines/", "assets/")) for n in names)
    assert "stretch-timer = stretch_timer.cli:main" in entry_points


def test_installed_wheel_finds_its_own_data(dists: dict[str, Path], tmp_path: Path) -> None:
    site = tmp_path / "site"
    pip = [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-warn-script-location"]
    subprocess.run([*pip, "--target", str(site), str(dists["wheel"])], check=True, timeout=120)
    # PYTHONPATH puts the installed copy ahead of the editable install of the checkout; site-packages stays
    # on the path (no -I) for platformdirs and PyYAML.
    pythonpath = [str(site), *filter(None, os.environ.get("PYTHONPATH", "").split(os.pathsep))]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(pythonpath)}
    code = (
        "import json, stretch_timer, stretch_timer.paths as p;"
        "print(json.dumps({'file': stretch_timer.__file__, 'routines': str(p.bundled_routines_dir()),"
        " 'assets': str(p.bundled_assets_dir())}))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    found = json.loads(proc.stdout)
    assert Path(found["file"]).is_relative_to(site), found
    routines = Path(found["routines"])
    assert routines == site / "stretch_timer" / "_data" / "routines"
    assert list(routines.rglob("*.yaml")), f"no routines in {routines}"
    assert Path(found["assets"]) == site / "stretch_timer" / "_data" / "assets"
    assert Path(found["assets"]).is_dir()


@pytest.fixture(scope="module")
def fresh_venv(dists: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new venv (outside the tree) with the wheel installed in it, its dependencies borrowed (see above)."""
    venv = tmp_path_factory.mktemp("fresh") / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                               capture_output=True, text=True, check=True, timeout=30).stdout.strip())
    (site / "borrowed-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q", "--no-deps", "--no-index",
                    "--disable-pip-version-check", str(dists["wheel"])], check=True, timeout=120)
    return venv


def test_a_fresh_venv_lists_runs_a_routine_and_installs_the_launcher(fresh_venv: Path, tmp_path: Path) -> None:
    command = fresh_venv / "bin" / "stretch-timer"
    assert command.is_file()
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "STRETCH_TIMER", "XDG_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(PATH=os.pathsep.join([str(fresh_venv / "bin"), "/usr/bin", "/bin"]), HOME=str(tmp_path),
               XDG_DATA_HOME=str(tmp_path / "data"), XDG_CONFIG_HOME=str(tmp_path / "config"),
               STRETCH_TIMER_HOME=str(tmp_path / "app-home"), QT_QPA_PLATFORM="offscreen",
               STRETCH_TIMER_CLOCK_SCALE="50", STRETCH_TIMER_TRACE="1", XDG_RUNTIME_DIR=str(tmp_path),
               PULSE_SERVER=f"unix:{tmp_path / 'no-such-server'}")
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([str(command), *args], cwd=tmp_path, env=env, capture_output=True, text=True,
                              timeout=60, check=False)

    where = subprocess.run([str(fresh_venv / "bin" / "python"), "-c",
                            "import stretch_timer; print(stretch_timer.__file__)"],
                           cwd=tmp_path, env=env, capture_output=True, text=True, timeout=30, check=True)
    assert Path(where.stdout.strip()).is_relative_to(fresh_venv), "the wheel's copy, not the checkout"

    listed = run("list")
    assert listed.returncode == 0, listed.stderr
    assert "calf-cramp-relief" in listed.stdout and "bedtime-legs" in listed.stdout and "problem" not in listed.stdout

    routine = run("start", "calf-cramp-relief", "--quit-when-done", "--mute", "--no-voice")
    assert routine.returncode == 0, routine.stderr
    assert "completed=True" in routine.stderr and "Traceback" not in routine.stderr

    installed = run("install-desktop")
    assert installed.returncode == 0, installed.stderr
    entry = (tmp_path / "data" / "applications" / "stretch-timer.desktop").read_text(encoding="utf-8")
    assert f"Exec={command} cramp calf" in entry and f"TryExec={command}" in entry, "this venv's own command"
    assert (tmp_path / "data" / "icons" / "hicolor" / "256x256" / "apps" / "stretch-timer.png").is_file()
    assert (tmp_path / "data" / "metainfo" / "io.github.stretchtimer.StretchTimer.metainfo.xml").is_file()
    removed = run("uninstall-desktop")
    assert removed.returncode == 0, removed.stderr
    assert not (tmp_path / "data").exists()
