"""The core (and paths) must never import Qt: it is tested with a fake clock and no event loop.

Two checks: importing every module in a clean interpreter pulls in no PySide6/shiboken6 (catches indirect
imports too), and no source file names Qt in an import statement (catches imports hidden in functions).
"""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import stretch_timer

QT_PREFIXES = ("PySide6", "shiboken6")
PACKAGE_DIR = Path(stretch_timer.__file__).resolve().parent
CHECKED_FILES = [*sorted((PACKAGE_DIR / "core").rglob("*.py")), PACKAGE_DIR / "paths.py"]

_IMPORT_ALL = """
import json, pkgutil, sys
import stretch_timer.core, stretch_timer.paths
names = ["stretch_timer.core", "stretch_timer.paths"]
for info in pkgutil.walk_packages(stretch_timer.core.__path__, "stretch_timer.core."):
    __import__(info.name)
    names.append(info.name)
qt = sorted(m for m in sys.modules if m.split(".")[0] in ("PySide6", "shiboken6"))
print(json.dumps({"imported": names, "qt": qt}))
"""


def _is_qt(name: str | None) -> bool:
    return name is not None and name.split(".")[0] in QT_PREFIXES


def test_importing_core_loads_no_qt() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", _IMPORT_ALL], capture_output=True, text=True, timeout=60, check=False
    )
    assert proc.returncode == 0, f"importing the core failed:\n{proc.stderr}"
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "stretch_timer.core.model" in result["imported"]
    assert result["qt"] == [], f"Qt modules loaded by the core: {result['qt']}"


def _qt_imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[str] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [f"{path.name}:{node.lineno} import {a.name}" for a in node.names if _is_qt(a.name)]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and _is_qt(node.module):
            found.append(f"{path.name}:{node.lineno} from {node.module} import ...")
        elif (
            # importlib.import_module("PySide6...") / __import__("PySide6...") with a literal name
            isinstance(node, ast.Call)
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)
            and _is_qt(node.args[0].value)
            and (
                (isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module"))
                or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module")
            )
        ):
            found.append(f"{path.name}:{node.lineno} dynamic import of {node.args[0].value}")
    return found


def test_core_sources_do_not_import_qt() -> None:
    assert PACKAGE_DIR / "core" / "model.py" in CHECKED_FILES
    offenders = [hit for path in CHECKED_FILES for hit in _qt_imports(path)]
    assert offenders == []


def test_static_check_catches_qt_imports(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "import os\n"
        "def later():\n"
        "    from PySide6.QtCore import QTimer\n"
        "    import shiboken6\n"
        "    importlib.import_module('PySide6.QtWidgets')\n",
        encoding="utf-8",
    )
    assert len(_qt_imports(sample)) == 3
