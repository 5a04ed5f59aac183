"""docs/stretches.md is generated from the bundled catalog and routines, and must match what is committed."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "make_stretch_docs.py"
DOC = ROOT / "docs" / "stretches.md"


def _load_script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("make_stretch_docs", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_stretch_docs_are_up_to_date() -> None:
    expected = _load_script().render()
    current = DOC.read_text(encoding="utf-8") if DOC.is_file() else ""
    assert current == expected, (
        "docs/stretches.md is out of date with routines/; run: .venv/bin/python scripts/make_stretch_docs.py"
    )


def test_stretch_docs_cover_every_stretch_and_routine() -> None:
    script = _load_script()
    stretches, routines = script.load_bundled()
    text = script.render()
    for stretch_id, stretch in stretches.items():
        assert f"`{stretch_id}`" in text and f"## {stretch.name}" in text
        picture = f"![{stretch.name}]("
        assert (picture in text) == (stretch.image is not None), stretch_id
    for routine in routines:
        assert f"### {routine.name}" in text and f"`{routine.id}`" in text


def test_check_mode_reports_a_stale_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    script = _load_script()
    stale = tmp_path / "stretches.md"
    stale.write_text("old\n", encoding="utf-8")
    monkeypatch.setattr(script, "OUTPUT", stale)
    assert script.main(["--check"]) == 1
    assert script.main([]) == 0 and stale.read_text(encoding="utf-8") == script.render()
    assert script.main(["--check"]) == 0
