"""The distributions carry the bundled data, and an installed wheel finds it inside itself.

Builds the sdist, then the wheel *from the sdist* (as pip does from PyPI), so a folder missing from the
sdist shows up as a missing file in the wheel too.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
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
