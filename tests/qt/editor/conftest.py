"""The editor tests' rig: an EditorPage on a real AppContext, over the bundled routines and an empty user folder.

The bundled catalog is read once per session; each test gets its own user folder (the autouse
``STRETCH_TIMER_HOME`` of tests/conftest.py), so saving writes only there.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

import pytest
from fakes import FakeCues, FakeInhibitor, FakeVoice
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from stretch_timer import paths
from stretch_timer.app.context import AppContext
from stretch_timer.app.settings import Settings
from stretch_timer.core.library import Library
from stretch_timer.qt.editor.editor_page import EditorPage

pytestmark = pytest.mark.gui


@pytest.fixture(scope="session")
def bundled_library() -> Library:
    return Library(paths.bundled_routines_dir(), paths.user_routines_dir(), (paths.bundled_stretches_dir(),),
                   (paths.bundled_images_dir(),)).reload()


@pytest.fixture
def library(bundled_library: Library) -> Library:
    """The bundled routines and catalog with this test's own (empty) user routines folder."""
    return Library(bundled_library.bundled_routines, paths.user_routines_dir(), bundled_library.stretch_folders,
                   bundled_library.image_dirs, catalog=bundled_library.catalog,
                   entries=dict(bundled_library.entries))


@pytest.fixture
def page(qtbot: Any, library: Library) -> Iterator[EditorPage]:
    context = AppContext(Settings(), library=library, cue_factory=FakeCues, voice_factory=FakeVoice,
                         inhibitor=FakeInhibitor())
    editor = EditorPage(context)
    qtbot.addWidget(editor)
    editor.resize(1366, 700)
    editor.show()
    QApplication.processEvents()
    yield editor
    editor.undo_stack.setClean()  # no question on the way out
    context.shut_down()


def find(root: QWidget, name: str, kind: type[QWidget] = QWidget) -> Any:
    """The visible widget under ``root`` with accessibleName ``name``."""
    for widget in [root, *root.findChildren(kind)]:
        if isinstance(widget, kind) and widget.accessibleName() == name and widget.isVisible():
            return widget
    names = sorted({w.accessibleName() for w in root.findChildren(QWidget) if w.accessibleName()})
    raise LookupError(f"no visible {kind.__name__} named {name!r}; have: {names}")


def click(qtbot: Any, root: QWidget, name: str) -> None:
    widget = find(root, name)
    assert widget.isEnabled(), f"{name!r} is disabled"
    qtbot.mouseClick(widget, Qt.MouseButton.LeftButton)


def answer_next_question(button_text: str, seen: list[str] | None = None) -> None:
    """When the next QMessageBox shows, click its button ``button_text`` (and note the box's text)."""

    def attempt() -> None:
        boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if not boxes:
            QTimer.singleShot(5, attempt)
            return
        box = boxes[0]
        if seen is not None:
            seen.append(box.text())
        texts = [b.text() for b in box.buttons()]
        button = next((b for b in box.buttons() if b.text() == button_text), None)
        assert button is not None, f"no button {button_text!r} in {texts}"
        button.click()

    QTimer.singleShot(0, attempt)


Answer = Callable[[str], None]
