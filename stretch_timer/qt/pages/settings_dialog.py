"""Settings: one control per setting the settings declare (theme, type, night hours, volume, voice), and what
sound and voice can do on this machine.

The controls are made from :meth:`Settings.shown`, so a setting declared there appears here with its own
words, range and choices, and nothing is listed twice. Every change applies at once and is saved; there is no
OK/Cancel to get wrong half-asleep. The dialog follows ``Settings.changed`` too, so a change from a menu or a
key shows here while it is open. It is opened with ``open()``: nothing blocks while it is up.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, Qt, QTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QSlider,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.app.settings import Setting, Settings
from stretch_timer.media.status import sound_status, voice_status
from stretch_timer.qt.widgets.labels import role_label


class SettingsDialog(QDialog):
    """Edits :class:`Settings` in place; each change is announced by the settings themselves."""

    def __init__(self, settings: Settings, *, cues: Any | None = None, voice: Any | None = None,
                 voice_disabled_by_option: bool = False, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.settings = settings
        self.setWindowTitle("Settings — Stretch Timer")
        self.setAccessibleName("Settings")
        self.setMinimumWidth(520)
        layout = QVBoxLayout(self)
        layout.setSpacing(14)
        self.controls: dict[str, QWidget] = {}
        """The control of each shown setting, by the setting's name."""
        self._refreshers: dict[str, Any] = {}
        forms: dict[str, QFormLayout] = {}
        for setting in settings.shown():
            form = forms.get(setting.section)
            if form is None:
                box = QGroupBox(setting.section)
                form = forms[setting.section] = QFormLayout(box)
                layout.addWidget(box)
            self._add(form, setting)
        # The backends' own words (error messages among them): plain text, as role_label makes every label.
        self.sound_status = role_label(sound_status(cues), "muted", wrap=True)
        self.sound_status.setObjectName("sound-status")  # no accessible name: it would hide the words
        forms["Sound"].addRow(self.sound_status)
        self.voice_status = role_label("", "muted", wrap=True)
        self.voice_status.setObjectName("voice-status")
        forms["Voice"].addRow(self.voice_status)
        self._voice_disabled_by_option = voice_disabled_by_option
        self._voice_usable = True
        self.set_media(cues, voice)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close settings")
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        settings.changed.connect(self._setting_changed)

    def event(self, event: QEvent) -> bool:
        handled = super().event(event)
        if event.type() == QEvent.Type.LayoutRequest and self.isVisible():
            self.grow_to_fit()
        return handled

    def grow_to_fit(self) -> None:
        """Grow (never shrink) to what the contents ask for: large type switched on here, or the sound and voice
        status arriving after the dialog opened (in two lines), squeezed the rows and clipped the fields'
        text; Qt does not grow a shown window by itself."""
        layout = self.layout()
        width = max(self.width(), self.sizeHint().width())
        wanted = self.sizeHint().height()
        if layout is not None and layout.hasHeightForWidth():
            wanted = layout.totalHeightForWidth(width)
        height = max(self.height(), wanted)
        if (width, height) != (self.width(), self.height()):
            self.resize(width, height)

    # --- one control per setting -----------------------------------------------------------------------

    def _add(self, form: QFormLayout, setting: Setting[Any]) -> None:
        settings, name = self.settings, setting.name
        control: QWidget
        if setting.kind == "bool":
            box = QCheckBox(setting.title)
            box.toggled.connect(lambda on, n=name: settings.set_named(n, bool(on)))
            self._refreshers[name] = lambda: _quietly(box, box.setChecked, bool(settings.get(setting)))
            form.addRow(box)
            control = box
        elif setting.kind == "choice":
            combo = QComboBox()
            for value, label in setting.choices:
                combo.addItem(label, value)
            combo.currentIndexChanged.connect(lambda i, n=name, c=combo: settings.set_named(n, c.itemData(i)))
            self._refreshers[name] = lambda: _quietly(combo, combo.setCurrentIndex,
                                                      max(0, combo.findData(settings.get(setting))))
            form.addRow(f"{setting.title}:", combo)
            control = combo
        elif setting.kind == "int":
            control = self._slider(form, setting)
        elif setting.kind == "time":
            edit = QTimeEdit()
            edit.setDisplayFormat("HH:mm")
            edit.timeChanged.connect(lambda t, n=name: settings.set_named(n, dt.time(t.hour(), t.minute())))

            def show_time(edit: QTimeEdit = edit, setting: Setting[Any] = setting) -> None:
                value = settings.get(setting)
                _quietly(edit, edit.setTime, QTime(value.hour, value.minute))

            self._refreshers[name] = show_time
            form.addRow(f"{setting.title}:", edit)
            control = edit
        else:
            raise TypeError(f"no control for setting {name!r}")
        control.setAccessibleName(setting.label or setting.title)
        if setting.help:
            control.setToolTip(setting.help)
        self.controls[name] = control
        self._refreshers[name]()

    def _slider(self, form: QFormLayout, setting: Setting[Any]) -> QSlider:
        settings, name = self.settings, setting.name
        row = QHBoxLayout()
        slider = QSlider(Qt.Orientation.Horizontal)
        slider.setRange(setting.low if setting.low is not None else 0, setting.high if setting.high is not None
                        else 100)
        slider.setPageStep(10)
        value_label = role_label("")
        value_label.setMinimumWidth(48)
        value_label.setAccessibleName(f"{setting.label} value")

        def moved(value: int) -> None:
            value_label.setText(f"{value} %")
            settings.set_named(name, value)

        def show() -> None:
            value = settings.get(setting)
            _quietly(slider, slider.setValue, value)
            value_label.setText(f"{value} %")

        slider.valueChanged.connect(moved)
        self._refreshers[name] = show
        row.addWidget(slider, 1)
        row.addWidget(value_label)
        form.addRow(f"{setting.title}:", row)
        return slider

    def control(self, name: str) -> Any:
        return self.controls[name]

    def _setting_changed(self, name: str) -> None:
        refresh = self._refreshers.get(name)
        if refresh is not None:
            refresh()
        self._update_enabled()

    def _update_enabled(self) -> None:
        for setting in self.settings.shown():
            control = self.controls[setting.name]
            usable = True
            if setting.name in ("voice_enabled", "read_instructions"):
                usable = self._voice_usable
            if setting.needs:
                usable = usable and bool(self.settings.get(Settings.named(setting.needs)))
            control.setEnabled(usable)

    # --- what the machine can do -----------------------------------------------------------------------

    def set_media(self, cues: Any | None, voice: Any | None) -> None:
        """Show what the sound and voice backends say (they are created lazily, maybe after the dialog)."""
        self.sound_status.setText(sound_status(cues))
        self._voice_usable = not self._voice_disabled_by_option and (voice is None or voice.available)
        voice_box = self.controls["voice_enabled"]
        assert isinstance(voice_box, QCheckBox)
        _quietly(voice_box, voice_box.setChecked, self._voice_usable and self.settings.voice_enabled)
        self._update_enabled()
        self.voice_status.setText(voice_status(voice, disabled_by_option=self._voice_disabled_by_option))


def _quietly(widget: QWidget, setter: Any, value: Any) -> None:
    """Show ``value`` without the control reporting it back as a change."""
    widget.blockSignals(True)
    setter(value)
    widget.blockSignals(False)
