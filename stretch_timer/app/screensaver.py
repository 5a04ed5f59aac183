"""Keep the screen from blanking while a routine runs: ``org.freedesktop.ScreenSaver.Inhibit`` over D-Bus.

Where there is no session bus or no screensaver service (a bare machine, another desktop), inhibiting quietly
does nothing: the routine matters more than the screen. Calls are asynchronous so a slow bus never delays the
first cue, and QtDBus is imported only when the first routine starts.

Releasing: ``UnInhibit`` takes the cookie as a D-Bus ``uint32``, which PySide6 cannot send (a Python int goes
out as ``int32``, and strict services refuse it). So each inhibition is made on its own private bus
connection, and releasing also closes that connection: the screensaver services (KDE, GNOME's proxy, Xfce)
drop every inhibition of a client whose bus name goes away. The ``UnInhibit`` call is still sent first for
services that accept it.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject

SERVICE = "org.freedesktop.ScreenSaver"
OBJECT_PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"

_names = itertools.count(1)


def session_bus_configured(env: dict[str, str] | None = None) -> bool:
    """Whether a session bus can be reached without libdbus trying to autolaunch one (slow, spawns X tools)."""
    env = dict(os.environ) if env is None else env
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "bus").exists()


class ScreenSaverInhibitor(QObject):
    """``inhibit(reason)`` while a routine runs, ``release()`` when it ends; both safe to call repeatedly."""

    def __init__(self, app_name: str = "Stretch Timer", parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self._connection: Any = None
        self._connection_name = ""
        self._cookie: int | None = None
        self._wanted = False
        self._pending = False
        self.available: bool | None = None
        """None until first tried; then whether a session bus was there."""
        self.reason = ""

    @property
    def active(self) -> bool:
        """Inhibiting now (the service answered with a cookie)."""
        return self._cookie is not None

    def _connect(self) -> Any:
        if self.available is False:
            return None
        if not session_bus_configured():
            self.available, self.reason = False, "no D-Bus session bus"
            return None
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError as error:  # pragma: no cover - QtDBus ships with PySide6
            self.available, self.reason = False, f"QtDBus unavailable: {error}"
            return None
        name = f"stretch-timer-screensaver-{os.getpid()}-{next(_names)}"
        connection = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        if not connection.isConnected():
            QDBusConnection.disconnectFromBus(name)
            self.available, self.reason = False, "could not connect to the D-Bus session bus"
            return None
        self.available = True
        self._connection, self._connection_name = connection, name
        return connection

    def inhibit(self, reason: str = "A stretching routine is running") -> None:
        self._wanted = True
        if self._cookie is not None or self._pending:
            return
        connection = self._connect()
        if connection is None:
            return
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, INTERFACE, "Inhibit")
        message.setArguments([self.app_name, reason])
        watcher = QDBusPendingCallWatcher(connection.asyncCall(message, 3000), self)
        watcher.finished.connect(self._on_inhibited)
        self._pending = True

    def _on_inhibited(self, watcher: Any) -> None:
        self._pending = False
        watcher.deleteLater()
        if watcher.isError():
            self.reason = watcher.error().message() or "the screensaver service did not answer"
            self._disconnect()
            return
        reply = watcher.reply()
        arguments = reply.arguments() if reply is not None else []
        try:
            self._cookie = int(arguments[0])
        except (IndexError, TypeError, ValueError):
            self._disconnect()
            return
        if not self._wanted:  # released while the call was under way
            self.release()

    def release(self) -> None:
        self._wanted = False
        if self._pending:
            return  # _on_inhibited releases when the answer comes
        if self._cookie is not None and self._connection is not None:
            from PySide6.QtDBus import QDBusMessage

            message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, INTERFACE, "UnInhibit")
            message.setArguments([self._cookie])
            self._connection.send(message)
        self._cookie = None
        self._disconnect()

    def _disconnect(self) -> None:
        if self._connection_name:
            from PySide6.QtDBus import QDBusConnection

            QDBusConnection.disconnectFromBus(self._connection_name)
        self._connection, self._connection_name = None, ""
