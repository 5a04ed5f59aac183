"""The benchmarks' generated inputs stay valid as the catalog grows (speed itself is never tested here)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from stretch_timer import paths
from stretch_timer.core.library import Library

REPO = Path(__file__).resolve().parents[1]


def test_generated_routines_for_the_load_benchmark_all_load(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location("load_library", REPO / "benchmarks" / "load_library.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.write_routines(tmp_path, 40)
    library = Library(tmp_path, tmp_path / "user", (paths.bundled_stretches_dir(),),
                      (paths.bundled_images_dir(),)).reload()
    assert len(library.entries) == 40
    assert [entry.problems for entry in library.entries.values() if not entry.ok] == []
