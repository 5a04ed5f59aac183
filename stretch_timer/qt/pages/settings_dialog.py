"""Settings: theme, large type, sound (volume, mute, and why there is none), voice (and why it is off).

Every change applies at once and is saved; there is no OK/Cancel to get wrong half-asleep. The dialog is
modeless to the rest of the app's logic (opened with ``open()``), so nothing blocks while it is up.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.media.status import sound_status, voice_status
from stretch_timer.qt.settings import Settings
from stretch_timer.qt.theme import THEME_CHOICES
from stretch_timer.qt.widgets.labels import role_label


class SettingsDialog(QDialog):
    """Edits :class:`Settings` in place; ``changed(key)`` after each change so the window can apply it."""

    changed = Signal(str)

    def __init__(self, settings: Settings, *, cues: Any | None = None, voice: Any | None = None,
                 voice_disabled_by_option: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings — Stretch Timer")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)

        # --- display
        display = QGroupBox("Display")
        form = QFormLayout(display)
        self.theme = QComboBox()
        self.theme.setAccessibleName("Theme")
        for value, label in THEME_CHOICES:
            self.theme.addItem(label, value)
        self.theme.setCurrentIndex(max(0, self.theme.findData(settings.theme)))
        self.theme.currentIndexChanged.connect(self._theme_changed)
        form.addRow("Theme:", self.theme)
        self.bedtime_auto = QCheckBox("Use the bedtime theme for routines tagged “bedtime”")
        self.bedtime_auto.setAccessibleName("Bedtime theme for bedtime routines")
        self.bedtime_auto.setChecked(settings.bedtime_theme_for_bedtime)
        self.bedtime_auto.toggled.connect(lambda on: self._set("bedtime_theme_for_bedtime", on))
        form.addRow(self.bedtime_auto)
        self.large_type = QCheckBox("Large type")
        self.large_type.setAccessibleName("Large type")
        self.large_type.setChecked(settings.large_type)
        self.large_type.toggled.connect(lambda on: self._set("large_type", on))
        form.addRow(self.large_type)
        layout.addWidget(display)

        # --- sound
        sound = QGroupBox("Sound")
        form = QFormLayout(sound)
        row = QHBoxLayout()
        self.volume = QSlider(Qt.Orientation.Horizontal)
        self.volume.setAccessibleName("Volume")
        self.volume.setRange(0, 100)
        self.volume.setPageStep(10)
        self.volume.setValue(settings.volume)
        self.volume_value = role_label(f"{settings.volume} %")
        self.volume_value.setMinimumWidth(48)
        self.volume.valueChanged.connect(self._volume_changed)
        row.addWidget(self.volume, 1)
        row.addWidget(self.volume_value)
        form.addRow("Volume:", row)
        self.mute = QCheckBox("Mute the cue sounds")
        self.mute.setAccessibleName("Mute")
        self.mute.setChecked(settings.muted)
        self.mute.toggled.connect(lambda on: self._set("muted", on))
        form.addRow(self.mute)
        # The backends' own words (error messages among them): plain text, as role_label makes every label.
        self.sound_status = role_label(sound_status(cues), "muted", wrap=True)
        self.sound_status.setAccessibleName("Sound status")
        form.addRow(self.sound_status)
        layout.addWidget(sound)

        # --- voice
        voice_box = QGroupBox("Voice")
        form = QFormLayout(voice_box)
        self.voice = QCheckBox("Say each step out loud")
        self.voice.setAccessibleName("Voice")
        self.read_instructions = QCheckBox("Read the how-to instructions during get ready")
        self.read_instructions.setAccessibleName("Read instructions during get ready")
        self.read_instructions.setChecked(settings.read_instructions)
        self.read_instructions.toggled.connect(lambda on: self._set("read_instructions", on))
        self.voice.toggled.connect(self._voice_toggled)
        self.voice_status = role_label("", "muted", wrap=True)
        self.voice_status.setAccessibleName("Voice status")
        form.addRow(self.voice)
        form.addRow(self.read_instructions)
        form.addRow(self.voice_status)
        layout.addWidget(voice_box)
        self._voice_disabled_by_option = voice_disabled_by_option
        self.set_media(cues, voice)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close settings")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def set_media(self, cues: Any | None, voice: Any | None) -> None:
        """Show what the sound and voice backends say (they are created lazily, maybe after the dialog)."""
        self.sound_status.setText(sound_status(cues))
        usable = not self._voice_disabled_by_option and (voice is None or voice.available)
        self.voice.blockSignals(True)
        self.voice.setChecked(usable and self.settings.voice_enabled)
        self.voice.blockSignals(False)
        self.voice.setEnabled(usable)
        self.read_instructions.setEnabled(usable and self.settings.voice_enabled)
        self.voice_status.setText(voice_status(voice, disabled_by_option=self._voice_disabled_by_option))

    def _set(self, key: str, value: object) -> None:
        setattr(self.settings, key, value)
        self.changed.emit(key)

    def _theme_changed(self, index: int) -> None:
        self._set("theme", self.theme.itemData(index))

    def _volume_changed(self, value: int) -> None:
        self.volume_value.setText(f"{value} %")
        self._set("volume", value)

    def _voice_toggled(self, on: bool) -> None:
        self.read_instructions.setEnabled(on)
        self._set("voice_enabled", on)
