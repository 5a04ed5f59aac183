"""What the screenshots of issue 10 showed wrong, each pinned where a test can see it: views that must make
room for what they hold (large type switched on while they are open, text that arrives later)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QAbstractSpinBox, QApplication, QCheckBox, QComboBox, QWidget

from stretch_timer.app.settings import Settings

from .conftest import FakeVoice, Rig

pytestmark = pytest.mark.gui


def _squeezed(root: QWidget) -> list[str]:
    """Controls shorter than they need to show their text."""
    controls = [*root.findChildren(QComboBox), *root.findChildren(QAbstractSpinBox), *root.findChildren(QCheckBox)]
    assert controls
    return [f"{type(c).__name__} {c.accessibleName()!r}: {c.height()} < {c.minimumSizeHint().height()}"
            for c in controls if c.height() < c.minimumSizeHint().height()]


def test_the_settings_dialog_grows_when_large_type_is_switched_on_in_it(make_window: Callable[..., Rig]) -> None:
    rig = make_window()
    rig.settings.large_type = False
    rig.trigger("settings")
    dialog = rig.window.dialogs.settings_dialog
    QApplication.processEvents()
    assert _squeezed(dialog) == []
    before = dialog.height()
    dialog.control("large_type").click()  # the person turns large type on from the dialog itself
    QApplication.processEvents()
    assert rig.settings.large_type
    assert dialog.height() > before
    assert _squeezed(dialog) == []


def test_the_settings_dialog_grows_when_the_voice_says_why_it_is_off(make_window: Callable[..., Rig]) -> None:
    """Sound and voice come up after the dialog may have opened: a two-line reason must not squeeze the rows."""
    settings = Settings()
    settings.large_type = True
    rig = make_window(settings=settings)
    rig.trigger("settings")
    dialog = rig.window.dialogs.settings_dialog
    QApplication.processEvents()
    reason = "No speech engine: install speech-dispatcher and a voice for it, then open Stretch Timer again."
    dialog.set_media(rig.context.runs.cues, FakeVoice(available=False, reason=reason))
    QApplication.processEvents()
    assert dialog.voice_status.height() >= dialog.voice_status.heightForWidth(dialog.voice_status.width())
    assert _squeezed(dialog) == []
