"""Which Qt modules a layer may use: the app layer and sound use QtCore (QtNetwork, QtDBus, QtMultimedia) but
never a widget, so a second launch, the tray and the history can use them without loading any view.

The other layer rules are import-linter contracts in pyproject.toml (``lint-imports``); import-linter can
forbid an external package only as a whole ("PySide6"), so this reads the import lines through grimp, the
graph import-linter itself builds.
"""

from __future__ import annotations

import grimp
import pytest

NO_WIDGETS = ("stretch_timer.app", "stretch_timer.media")
FORBIDDEN = ("QtWidgets", "QtGui")


def widget_imports(graph: grimp.ImportGraph, package: str) -> list[str]:
    found = []
    for module in sorted({package, *graph.find_descendants(package)}):
        if "PySide6" not in graph.find_modules_directly_imported_by(module):
            continue
        for detail in graph.get_import_details(importer=module, imported="PySide6"):
            line = detail["line_contents"]
            if any(f"PySide6.{name}" in line or (line.startswith("from PySide6 import") and name in line)
                   for name in FORBIDDEN):
                found.append(f"{module}:{detail['line_number']}: {line.strip()}")
    return found


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("stretch_timer", include_external_packages=True, cache_dir=None)


@pytest.mark.parametrize("package", NO_WIDGETS)
def test_the_layer_imports_no_widgets(graph: grimp.ImportGraph, package: str) -> None:
    assert widget_imports(graph, package) == []


def test_the_check_sees_a_widget_import(graph: grimp.ImportGraph) -> None:
    assert widget_imports(graph, "stretch_timer.qt.pages"), "the pages do import widgets: the check must see them"
