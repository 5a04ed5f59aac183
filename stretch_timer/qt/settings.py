"""The app's settings: a typed wrapper over an INI file, kept under :func:`stretch_timer.paths.user_config_dir`.

Every getter tolerates what a hand-edited or half-written file can hold: a wrong type or an out-of-range value
gives the default and adds a note to :attr:`Settings.problems`, which the window shows. A file that cannot be
read at all (garbage bytes, not INI) is moved aside as ``settings.ini.corrupt`` and the app starts from
defaults, saying so; nothing here raises.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from PySide6.QtCore import QByteArray, QSettings

from stretch_timer import paths

ORGANISATION = "stretch-timer"
FILE_NAME = "settings.ini"
THEME_NAMES = ("system", "light", "dark", "bedtime")

DEFAULT_VOLUME = 80
_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}


def settings_path() -> Path:
    return paths.user_config_dir() / FILE_NAME


def _looks_like_ini(data: bytes) -> bool:
    """Text with only ``[section]``, ``key=value``, comment and blank lines: what QSettings writes."""
    if b"\0" in data:
        return False
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    for line in text.splitlines():
        stripped = line.strip()
        if not stripped or stripped[0] in ";#" or (stripped.startswith("[") and stripped.endswith("]")):
            continue
        if "=" not in stripped:
            return False
    return True


class Settings:
    """Typed access to the settings; writes go straight to the file (QSettings syncs them)."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or settings_path()
        self.problems: list[str] = []
        self._check_file()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._qs.value("_probe")  # reads the file now, so a parse failure shows in status()
        if self._qs.status() != QSettings.Status.NoError:
            self.problems.append(f"Settings file {self.path} could not be read; using defaults.")

    def _check_file(self) -> None:
        try:
            data = self.path.read_bytes()
        except FileNotFoundError:
            return
        except OSError as error:
            self.problems.append(f"Settings file could not be read ({error.strerror}); using defaults.")
            return
        if _looks_like_ini(data):
            return
        aside = self.path.with_name(self.path.name + ".corrupt")
        try:
            os.replace(self.path, aside)
            kept = f"; the damaged file was kept as {aside.name}"
        except OSError:
            kept = ""
        self.problems.append(f"Settings file was damaged, so the app started with default settings{kept}.")

    # --- typed readers ---------------------------------------------------------------------------------

    def _note(self, key: str, raw: object, default: object) -> None:
        note = f"Setting {key!r} had an unusable value {raw!r}; using {default!r}."
        if note not in self.problems:
            self.problems.append(note)

    def _bool(self, key: str, default: bool) -> bool:
        raw = self._qs.value(key)
        if raw is None:
            return default
        if isinstance(raw, bool):
            return raw
        text = str(raw).strip().lower()
        if text in _TRUE:
            return True
        if text in _FALSE:
            return False
        self._note(key, raw, default)
        return default

    def _int(self, key: str, default: int, low: int, high: int) -> int:
        raw = self._qs.value(key)
        if raw is None:
            return default
        try:
            value = int(str(raw).strip())
        except ValueError:
            self._note(key, raw, default)
            return default
        if not low <= value <= high:
            self._note(key, raw, default)
            return default
        return value

    def _str(self, key: str, default: str, allowed: tuple[str, ...] | None = None) -> str:
        raw = self._qs.value(key)
        if raw is None:
            return default
        if not isinstance(raw, str) or (allowed is not None and raw not in allowed):
            self._note(key, raw, default)
            return default
        return raw

    def _set(self, key: str, value: object) -> None:
        self._qs.setValue(key, value)

    # --- the settings ----------------------------------------------------------------------------------

    @property
    def volume(self) -> int:
        """Cue volume, 0–100."""
        return self._int("sound/volume", DEFAULT_VOLUME, 0, 100)

    @volume.setter
    def volume(self, value: int) -> None:
        self._set("sound/volume", max(0, min(100, int(value))))

    @property
    def muted(self) -> bool:
        return self._bool("sound/muted", False)

    @muted.setter
    def muted(self, value: bool) -> None:
        self._set("sound/muted", bool(value))

    @property
    def voice_enabled(self) -> bool:
        return self._bool("voice/enabled", True)

    @voice_enabled.setter
    def voice_enabled(self, value: bool) -> None:
        self._set("voice/enabled", bool(value))

    @property
    def read_instructions(self) -> bool:
        """Read the stretch's how-to aloud during get-ready."""
        return self._bool("voice/read_instructions", False)

    @read_instructions.setter
    def read_instructions(self, value: bool) -> None:
        self._set("voice/read_instructions", bool(value))

    @property
    def large_type(self) -> bool:
        return self._bool("display/large_type", False)

    @large_type.setter
    def large_type(self, value: bool) -> None:
        self._set("display/large_type", bool(value))

    @property
    def theme(self) -> str:
        """"system", "light", "dark" or "bedtime"."""
        return self._str("display/theme", "system", THEME_NAMES)

    @theme.setter
    def theme(self, value: str) -> None:
        if value not in THEME_NAMES:
            raise ValueError(f"unknown theme {value!r}")
        self._set("display/theme", value)

    @property
    def bedtime_theme_for_bedtime(self) -> bool:
        """Routines tagged ``bedtime`` switch to the bedtime theme while they are shown."""
        return self._bool("display/bedtime_theme_for_bedtime", True)

    @bedtime_theme_for_bedtime.setter
    def bedtime_theme_for_bedtime(self, value: bool) -> None:
        self._set("display/bedtime_theme_for_bedtime", bool(value))

    @property
    def geometry(self) -> QByteArray | None:
        raw = self._qs.value("window/geometry")
        if raw is None:
            return None
        if isinstance(raw, QByteArray):
            return raw
        if isinstance(raw, bytes | bytearray):
            return QByteArray(bytes(raw))
        self._note("window/geometry", raw, None)
        return None

    @geometry.setter
    def geometry(self, value: QByteArray) -> None:
        self._set("window/geometry", QByteArray(value))

    @property
    def last_routine(self) -> str:
        """Id of the routine last started ("" for none)."""
        return self._str("library/last_routine", "")

    @last_routine.setter
    def last_routine(self, value: str) -> None:
        self._set("library/last_routine", str(value))

    @property
    def disclaimer_seen(self) -> bool:
        return self._bool("general/disclaimer_seen", False)

    @disclaimer_seen.setter
    def disclaimer_seen(self, value: bool) -> None:
        self._set("general/disclaimer_seen", bool(value))

    def sync(self) -> None:
        """Write pending changes; a read-only folder is noted, not raised."""
        self._qs.sync()
        if self._qs.status() == QSettings.Status.AccessError:
            note = f"Settings could not be saved to {self.path}."
            if note not in self.problems:
                self.problems.append(note)
