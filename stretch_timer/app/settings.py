"""The app's settings, declared once as data, stored in an INI file under :func:`stretch_timer.paths.user_config_dir`.

Each setting is one :class:`Setting` declared on :class:`Settings`: its INI key, type, default, range or
choices, and, for the ones a person changes, the words the settings dialog shows. The dialog is built from
these declarations, readers and writers are typed, and every change (from the dialog, a menu, a key) is
announced once by ``Settings.changed(name)``, so each view that shows a setting follows it by itself.

Reading tolerates what a hand-edited or half-written file can hold: a wrong type or an out-of-range value gives
the default and adds a note to :attr:`Settings.problems`, which the window shows. A file that cannot be read at
all (garbage bytes, not INI) is moved aside as ``settings.ini.corrupt`` and the app starts from defaults,
saying so; nothing here raises. Mute is not a setting: it belongs to one run (see the app context).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from PySide6.QtCore import QByteArray, QObject, QSettings, Signal

from stretch_timer import paths

FILE_NAME = "settings.ini"
THEME_CHOICES: tuple[tuple[str, str], ...] = (
    ("system", "Follow the system (light or dark)"),
    ("light", "Light"),
    ("dark", "Dark"),
    ("bedtime", "Bedtime (very dark, warm, quieter)"),
)
THEME_NAMES = tuple(value for value, _label in THEME_CHOICES)
DEFAULT_VOLUME = 80

_TRUE = {"true", "1", "yes", "on"}
_FALSE = {"false", "0", "no", "off", ""}

T = TypeVar("T")


def settings_path() -> Path:
    return paths.user_config_dir() / FILE_NAME


class Unusable(ValueError):
    """A stored value that does not fit its setting (the reader falls back to the default)."""


@dataclass(frozen=True)
class Setting(Generic[T]):
    """One setting: where it is stored, what it holds, and how the settings dialog offers it.

    ``title`` empty means the dialog does not show it (window geometry, the last routine). ``needs`` names a
    boolean setting that must be on for this one to matter (the dialog greys it out otherwise). ``legacy_keys``
    are older keys read when ``key`` is absent, so an upgrade keeps what a person chose.
    """

    key: str
    default: T
    parse: Callable[[object], T]
    store: Callable[[T], object]
    title: str = ""
    section: str = ""
    label: str = ""
    """Short name for screen readers and tests (the dialog control's accessible name)."""
    help: str = ""
    """A sentence more, shown as the control's tooltip."""
    low: int | None = None
    high: int | None = None
    choices: tuple[tuple[str, str], ...] = ()
    needs: str = ""
    legacy_keys: tuple[str, ...] = ()
    name: str = ""

    def __set_name__(self, owner: type, name: str) -> None:
        object.__setattr__(self, "name", name)

    @overload
    def __get__(self, obj: None, owner: type) -> Setting[T]: ...
    @overload
    def __get__(self, obj: Settings, owner: type) -> T: ...
    def __get__(self, obj: Settings | None, owner: type) -> Setting[T] | T:
        if obj is None:
            return self
        return obj.get(self)

    def __set__(self, obj: Settings, value: T) -> None:
        obj.set(self, value)

    @property
    def kind(self) -> str:
        """How the dialog offers it: "bool", "int", "choice", "time" or "other"."""
        if self.choices:
            return "choice"
        if isinstance(self.default, bool):
            return "bool"
        if isinstance(self.default, int):
            return "int"
        if isinstance(self.default, dt.time):
            return "time"
        return "other"

    def check(self, value: T) -> T:
        """``value`` if it fits this setting; raises :class:`Unusable` otherwise (range, choices)."""
        if self.low is not None and isinstance(value, int) and value < self.low:
            raise Unusable(f"below {self.low}")
        if self.high is not None and isinstance(value, int) and value > self.high:
            raise Unusable(f"above {self.high}")
        if self.choices and value not in {choice for choice, _label in self.choices}:
            raise Unusable("not one of the choices")
        return value


# --- converters: stored text (or what QSettings gives back) → value ----------------------------------------


def _parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise Unusable("not true or false")


def _parse_int(raw: object) -> int:
    if isinstance(raw, bool):
        raise Unusable("not a whole number")
    try:
        return int(str(raw).strip())
    except ValueError:
        raise Unusable("not a whole number") from None


def _parse_str(raw: object) -> str:
    if not isinstance(raw, str):
        raise Unusable("not text")
    return raw


def _parse_time(raw: object) -> dt.time:
    try:
        hours, minutes = str(raw).strip().split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise Unusable("not a time of day (HH:MM)") from None


def _store_time(value: dt.time) -> str:
    return f"{value.hour:02d}:{value.minute:02d}"


def _parse_moment(raw: object) -> dt.datetime | None:
    text = str(raw).strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        raise Unusable("not a date and time") from None
    if moment.tzinfo is None:
        raise Unusable("a date and time without its offset")
    return moment


def _store_moment(value: dt.datetime | None) -> str:
    return "" if value is None else value.isoformat()


def _parse_bytes(raw: object) -> QByteArray | None:
    if isinstance(raw, QByteArray):
        return raw
    if isinstance(raw, bytes | bytearray):
        return QByteArray(bytes(raw))
    raise Unusable("not window geometry")


def _same(value: Any) -> Any:
    return value


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


def _bool(key: str, default: bool, **words: Any) -> Setting[bool]:
    return Setting(key, default, _parse_bool, bool, **words)


class Settings(QObject):
    """Typed access to the settings; each change is written at once (QSettings syncs) and announced."""

    changed = Signal(str)
    """The setting of this attribute name changed (``"volume"``, ``"theme"``…)."""

    # --- what a person chooses (the settings dialog shows these, in this order) --------------------------
    theme = Setting("display/theme", "system", _parse_str, str, title="Theme", section="Display", label="Theme",
                    choices=THEME_CHOICES)
    bedtime_theme_for_bedtime = _bool(
        "display/bedtime_theme_for_bedtime", True, section="Display",
        title="Use the bedtime theme for routines tagged “bedtime”", label="Bedtime theme for bedtime routines")
    night_relief = _bool(
        "display/night_relief", True, section="Display", title="Use the bedtime theme for cramp relief at night",
        label="Bedtime theme for relief at night",
        help="Someone woken by a cramp is not met by a bright screen.")
    night_starts = Setting("display/night_starts", dt.time(21, 0), _parse_time, _store_time, section="Display",
                           title="Night starts at", label="Night starts", needs="night_relief")
    night_ends = Setting("display/night_ends", dt.time(7, 0), _parse_time, _store_time, section="Display",
                         title="Night ends at", label="Night ends", needs="night_relief")
    large_type = _bool("display/large_type", False, section="Display", title="Large type", label="Large type")
    volume = Setting("sound/volume", DEFAULT_VOLUME, _parse_int, int, section="Sound", title="Volume",
                     label="Volume", low=0, high=100)
    voice_enabled = _bool("voice/enabled", True, section="Voice", title="Say each step out loud", label="Voice")
    read_instructions = _bool("voice/read_instructions", False, section="Voice",
                              title="Read the how-to instructions during get ready",
                              label="Read instructions during get ready", needs="voice_enabled")
    reminder_enabled = _bool("reminder/enabled", False, section="Bedtime reminder",
                             title="Remind me to do the bedtime routine", label="Bedtime reminder",
                             help="A desktop notification each evening: Start, Snooze 10 min or Not tonight.")
    reminder_time = Setting("reminder/time", dt.time(22, 0), _parse_time, _store_time, section="Bedtime reminder",
                            title="Remind me at", label="Reminder time", needs="reminder_enabled")
    autostart = _bool("startup/autostart", False, section="Startup", title="Start in the tray when I log in",
                      label="Start at login",
                      help="Writes a login entry (an XDG autostart file) now, and removes it when switched off.")

    # --- what the app remembers ------------------------------------------------------------------------
    geometry: Setting[QByteArray | None] = Setting("window/geometry", None, _parse_bytes, _same)
    last_routine = Setting("library/last_routine", "", _parse_str, str)
    # "general/…" was the old key: QSettings writes that group as [%General] and reads it back as "General/…",
    # so a new process never saw it and the disclaimer came back on every launch.
    disclaimer_seen = _bool("safety/disclaimer_seen", False, legacy_keys=("General/disclaimer_seen",))
    close_hint_shown = _bool("tray/close_hint_shown", False)
    """Closing the window once said the app keeps running in the tray; it is not said again."""
    reminder_last_fired: Setting[dt.datetime | None] = Setting("reminder/last_fired", None, _parse_moment,
                                                               _store_moment)
    """When the reminder last fired (or what "Not tonight" covers): a restart must not remind twice."""

    def __init__(self, path: Path | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.path = path or settings_path()
        self.problems: list[str] = []
        self._check_file()
        with contextlib.suppress(OSError):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        self._qs = QSettings(str(self.path), QSettings.Format.IniFormat)
        self._qs.value("_probe")  # reads the file now, so a parse failure shows in status()
        if self._qs.status() != QSettings.Status.NoError:
            self.problems.append(f"Settings file {self.path} could not be read; using defaults.")

    @classmethod
    def declared(cls) -> tuple[Setting[Any], ...]:
        """Every setting, in declaration order."""
        return tuple(value for value in vars(cls).values() if isinstance(value, Setting))

    @classmethod
    def shown(cls) -> tuple[Setting[Any], ...]:
        """The settings a person changes in the dialog, in order."""
        return tuple(setting for setting in cls.declared() if setting.title)

    @classmethod
    def named(cls, name: str) -> Setting[Any]:
        setting = vars(cls).get(name)
        if not isinstance(setting, Setting):
            raise KeyError(name)
        return setting

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

    # --- reading and writing ---------------------------------------------------------------------------

    def get(self, setting: Setting[T]) -> T:
        """The stored value, or the default (with a note in :attr:`problems`) when it does not fit."""
        raw = self._qs.value(setting.key)
        for legacy in setting.legacy_keys:
            if raw is not None:
                break
            raw = self._qs.value(legacy)
        if raw is None:
            return setting.default
        try:
            return setting.check(setting.parse(raw))
        except Unusable:
            note = f"Setting {setting.key!r} had an unusable value {raw!r}; using {setting.default!r}."
            if note not in self.problems:
                self.problems.append(note)
            return setting.default

    def set(self, setting: Setting[T], value: T) -> None:
        """Store ``value`` (a number outside the range is brought into it) and announce it if it changed."""
        if setting.low is not None and isinstance(value, int) and not isinstance(value, bool):
            value = max(setting.low, value)  # type: ignore[assignment]
        if setting.high is not None and isinstance(value, int) and not isinstance(value, bool):
            value = min(setting.high, value)  # type: ignore[assignment]
        if setting.choices and value not in {choice for choice, _label in setting.choices}:
            raise ValueError(f"{setting.name}: {value!r} is not one of the choices")
        before = self.get(setting)
        self._qs.setValue(setting.key, setting.store(value))
        if before != value:
            self.changed.emit(setting.name)

    def set_named(self, name: str, value: object) -> None:
        """``set`` by attribute name (the dialog's controls know their setting's name)."""
        self.set(self.named(name), value)

    def sync(self) -> None:
        """Write pending changes; a read-only folder is noted, not raised."""
        self._qs.sync()
        if self._qs.status() == QSettings.Status.AccessError:
            note = f"Settings could not be saved to {self.path}."
            if note not in self.problems:
                self.problems.append(note)
