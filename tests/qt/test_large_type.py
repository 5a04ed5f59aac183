"""Large type scales the system's font once, however many main windows a process opens (tests, screenshots,
a window opened later): each window's theme starts from the application's own font, not from the enlarged
font the last window left on the application."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QApplication, QLabel

from stretch_timer.app.settings import Settings
from stretch_timer.qt import theme as themes

from .conftest import Rig

pytestmark = pytest.mark.gui


def _settings(*, large: bool) -> Settings:
    settings = Settings()  # read from the test's own folder, where the last window saved its settings
    settings.large_type = large
    return settings


def test_a_second_window_in_large_type_gets_the_same_sizes(make_window: Callable[..., Rig]) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    first = make_window(settings=_settings(large=True))
    size, sheet = app.font().pointSizeF(), app.styleSheet()
    QApplication.processEvents()
    title = first.pages.library_page.font().pointSizeF()
    second = make_window(settings=_settings(large=True))
    assert app.font().pointSizeF() == pytest.approx(size)
    assert app.styleSheet() == sheet
    QApplication.processEvents()
    assert second.pages.library_page.font().pointSizeF() == pytest.approx(title)
    system = themes.system_font(app).pointSizeF()
    assert size == pytest.approx(system * themes.LARGE_TYPE_SCALE)


def test_normal_type_after_a_large_type_window_is_the_system_size(make_window: Callable[..., Rig]) -> None:
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    make_window(settings=_settings(large=True))
    make_window(settings=_settings(large=False))
    assert app.font().pointSizeF() == pytest.approx(themes.system_font(app).pointSizeF())


def test_text_without_a_size_of_its_own_is_large_from_the_start(make_window: Callable[..., Rig]) -> None:
    """The window is built before its theme applies large type: its hints must not stay at the system size."""
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    make_window(settings=_settings(large=False))  # the style sheet changes when the next window applies large type
    rig = make_window(settings=_settings(large=True))
    QApplication.processEvents()
    hints = [label for label in rig.pages.library_page.findChildren(QLabel) if label.property("role") == "muted"]
    assert hints
    large = themes.system_font(app).pointSizeF() * themes.LARGE_TYPE_SCALE
    assert [label.font().pointSizeF() for label in hints] == pytest.approx([large] * len(hints))
    assert rig.window.notice.font().pointSizeF() == pytest.approx(large)
