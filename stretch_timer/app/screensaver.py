"""Keep the screen from blanking while a routine runs: the XDG desktop portal where there is one, else the
``org.freedesktop.ScreenSaver`` interface, over D-Bus.

The portal (``org.freedesktop.portal.Inhibit`` on ``org.freedesktop.portal.Desktop``) is the only way inside
Flatpak and the one GNOME and KDE keep working on Wayland; ``Inhibit(window "", flags 8 = idle, {reason})``
returns a request handle, and calling ``Close`` on the ``org.freedesktop.portal.Request`` object at that handle
ends the inhibition. Where the portal is neither running nor activatable on the session bus (or answers with an
error), the ScreenSaver interface is used, as desktops without the portal have it. Where there is no session
bus or neither service (a bare machine, another desktop), inhibiting quietly does nothing: the routine matters
more than the screen.

Nothing here waits on the GUI thread, so a slow bus never delays the first cue: the questions to the bus and
the ScreenSaver call are asynchronous (each bounded by :data:`TIMEOUT_MS`), and QtDBus is imported only when
the first routine starts. The portal's ``Inhibit`` alone is a blocking call, made on a thread of its own
(:class:`_PortalWorker`): its ``flags`` argument is a D-Bus ``uint32``, which PySide6 can only send through a
``QDBusInterface`` whose introspected method carries the types (a Python int in a plain message goes out as
``int32``, which the portal, like every GLib service, refuses).

Releasing: ``UnInhibit`` takes the cookie as a ``uint32`` too. So each inhibition is made on its own private
bus connection, and releasing also closes that connection: the screensaver services (KDE, GNOME's proxy, Xfce)
and the portal drop every inhibition of a client whose bus name goes away. ``Close`` (and ``UnInhibit``) are
still sent first, for services that take them.
"""

from __future__ import annotations

import atexit
import itertools
import os
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot

SERVICE = "org.freedesktop.ScreenSaver"
OBJECT_PATH = "/org/freedesktop/ScreenSaver"
INTERFACE = "org.freedesktop.ScreenSaver"

PORTAL_SERVICE = "org.freedesktop.portal.Desktop"
PORTAL_PATH = "/org/freedesktop/portal/desktop"
PORTAL_INTERFACE = "org.freedesktop.portal.Inhibit"
REQUEST_INTERFACE = "org.freedesktop.portal.Request"
INHIBIT_IDLE = 8
"""The portal's flag for "do not blank or lock the screen for being idle" (1 logout, 2 user switch, 4 suspend)."""

TIMEOUT_MS = 3000
"""How long any one call to the bus may take before the inhibitor gives up on that service."""

ACTIVATION_TIMEOUT_MS = 10000
"""How long the bus may take to start the portal (it starts its desktop's back ends first)."""

_names = itertools.count(1)


def session_bus_configured(env: dict[str, str] | None = None) -> bool:
    """Whether a session bus can be reached without libdbus trying to autolaunch one (slow, spawns X tools)."""
    env = dict(os.environ) if env is None else env
    if env.get("DBUS_SESSION_BUS_ADDRESS"):
        return True
    runtime = env.get("XDG_RUNTIME_DIR", "")
    return bool(runtime) and Path(runtime, "bus").exists()


def request_path(unique_name: str, token: str) -> str:
    """Where the portal puts the request for ``token`` asked by ``unique_name`` (``:1.42`` → ``1_42``)."""
    return f"{PORTAL_PATH}/request/{unique_name.lstrip(':').replace('.', '_')}/{token}"


SHAPE_PATH = "/org/stretch_timer/PortalInhibitShape"
"""Where the app exports, for a moment, an object with the portal's Inhibit interface (see :func:`_prime`)."""

_shape_class: Any = None


def _prime(connection: Any) -> None:
    """Teach ``connection`` the portal's Inhibit interface without asking the portal.

    A ``QDBusInterface`` learns its methods' types by introspecting the remote object, a blocking call in its
    constructor; and while a PySide6 object is being constructed, the GUI thread cannot run a Python slot, so a
    portal slow to answer (starting up) would freeze the window even from another thread. QtDBus caches what it
    learnt per connection and interface name, so the interface is learnt from an object of our own with the same
    shape, introspected locally (no bus round trip), and the portal's interface is then made from that cache."""
    global _shape_class
    from PySide6.QtCore import ClassInfo
    from PySide6.QtDBus import QDBusConnection, QDBusInterface, QDBusObjectPath

    if _shape_class is None:

        class InhibitShape(QObject):
            @Slot(str, "uint", "QVariantMap", result=QDBusObjectPath)
            def Inhibit(self, window: str, flags: int, options: dict[str, Any]) -> Any:
                return QDBusObjectPath("/")

        # ClassInfo names the D-Bus interface; its stubs do not know the dictionary form PySide6 takes.
        _shape_class = ClassInfo({"D-Bus Interface": PORTAL_INTERFACE})(InhibitShape)  # type: ignore[call-arg,operator]
    shape = _shape_class()
    if connection.registerObject(SHAPE_PATH, shape, QDBusConnection.RegisterOption.ExportAllSlots):
        QDBusInterface(connection.baseService(), SHAPE_PATH, PORTAL_INTERFACE, connection)
        connection.unregisterObject(SHAPE_PATH)


class _PortalWorker(QObject):
    """The portal's ``Inhibit`` calls, on the portal thread: a ``QDBusInterface`` (whose introspected method
    carries the ``uint32``) is made there, and the call is queued to it, so both block only that thread's C++ event
    loop. A direct call from Python would hold the GIL for as long as the portal takes, freezing the GUI thread
    too; the interface's constructor lets go of it while it introspects. One worker for the process, made with
    the thread; each call is known by its handle token."""

    answered = Signal(str, str, str)
    """(token, request handle, "") or (token, "", why not)."""

    def __init__(self) -> None:
        super().__init__()
        self._calls: dict[str, tuple[Any, str]] = {}

    @Slot(str, str, str)
    def inhibit(self, connection_name: str, reason: str, token: str) -> None:
        from PySide6.QtCore import Q_ARG, QMetaObject, Qt
        from PySide6.QtDBus import QDBusConnection, QDBusInterface

        connection = QDBusConnection(connection_name)
        if not connection.isConnected():
            self.answered.emit(token, "", "the bus connection closed")
            return
        interface = QDBusInterface(PORTAL_SERVICE, PORTAL_PATH, PORTAL_INTERFACE, connection, self)
        if not interface.isValid():
            self.answered.emit(token, "", interface.lastError().message()
                               or "the desktop portal has no Inhibit interface")
            interface.deleteLater()
            return
        interface.setTimeout(TIMEOUT_MS)
        # The portal makes the request where the handle_token says: no need for the reply's object path (which
        # a queued call cannot return).
        self._calls[token] = (interface, request_path(connection.baseService(), token))
        options = {"reason": reason, "handle_token": token}
        try:
            QMetaObject.invokeMethod(interface, "Inhibit", Qt.ConnectionType.QueuedConnection, Q_ARG(str, ""),
                                     Q_ARG("uint", INHIBIT_IDLE), Q_ARG("QVariantMap", options))
        except (RuntimeError, TypeError) as failure:  # no such method, or other types: not the portal we know
            self._finish(token, str(failure) or "the desktop portal's Inhibit has another signature")
            return
        QMetaObject.invokeMethod(self, "called", Qt.ConnectionType.QueuedConnection, Q_ARG(str, token))

    @Slot(str)
    def called(self, token: str) -> None:
        """Queued after the call itself, so it runs once the portal answered (or the call timed out)."""
        interface = self._calls[token][0]
        error = interface.lastError()
        self._finish(token, (error.message() or error.name()) if error.isValid() else "")

    def _finish(self, token: str, error: str) -> None:
        interface, handle = self._calls.pop(token)
        interface.deleteLater()
        self.answered.emit(token, "" if error else handle, error)


_portal: tuple[Any, _PortalWorker] | None = None


def _portal_worker() -> _PortalWorker:
    """The worker on the one portal thread, both made on first use; the thread ends when the application quits."""
    global _portal
    if _portal is None:
        from PySide6.QtCore import QCoreApplication, QThread

        thread = QThread()
        thread.setObjectName("screensaver-portal")
        worker = _PortalWorker()
        worker.moveToThread(thread)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(_stop_portal_thread)
        atexit.register(_stop_portal_thread)  # a QThread destroyed while it runs aborts the process
        thread.start()
        _portal = (thread, worker)
    return _portal[1]


def _stop_portal_thread() -> None:
    global _portal
    if _portal is not None:
        thread = _portal[0]
        thread.quit()
        thread.wait(TIMEOUT_MS + 500)
        _portal = None


class ScreenSaverInhibitor(QObject):
    """``inhibit(reason)`` while a routine runs, ``release()`` when it ends; both safe to call repeatedly."""

    def __init__(self, app_name: str = "Stretch Timer", parent: QObject | None = None, *,
                 bus_address: str | None = None) -> None:
        super().__init__(parent)
        self.app_name = app_name
        self.bus_address = bus_address
        """A private bus to use instead of the session bus (tests)."""
        self._connection: Any = None
        self._connection_name = ""
        self._cookie: int | None = None
        self._wanted = False
        self._pending = False
        self._handle: str | None = None
        self._token = ""
        self._wanted_reason = ""
        self.available: bool | None = None
        """None until first tried; then whether a session bus was there."""
        self.reason = ""
        self.method = ""
        """How the screen is kept awake now: "portal", "screensaver", or "" (not inhibiting)."""

    _ask_portal = Signal(str, str, str)
    """(connection name, reason, handle token) to the portal worker, on the portal thread."""

    @property
    def active(self) -> bool:
        """Inhibiting now (the portal answered with a request handle, or the screensaver with a cookie)."""
        return self._cookie is not None or self._handle is not None

    def _connect(self) -> Any:
        if self.available is False:
            return None
        if self.bus_address is None and not session_bus_configured():
            self.available, self.reason = False, "no D-Bus session bus"
            return None
        try:
            from PySide6.QtDBus import QDBusConnection
        except ImportError as error:  # pragma: no cover - QtDBus ships with PySide6
            self.available, self.reason = False, f"QtDBus unavailable: {error}"
            return None
        name = f"stretch-timer-screensaver-{os.getpid()}-{next(_names)}"
        if self.bus_address is None:
            connection = QDBusConnection.connectToBus(QDBusConnection.BusType.SessionBus, name)
        else:
            connection = QDBusConnection.connectToBus(self.bus_address, name)
        if not connection.isConnected():
            QDBusConnection.disconnectFromBus(name)
            self.available, self.reason = False, "could not connect to the D-Bus session bus"
            return None
        self.available = True
        self._connection, self._connection_name = connection, name
        return connection

    def inhibit(self, reason: str = "A stretching routine is running") -> None:
        self._wanted = True
        if self.active or self._pending:
            return
        connection = self._connect()
        if connection is None:
            return
        self._wanted_reason = reason
        self._pending = True
        self._ask_bus(connection, "NameHasOwner", [PORTAL_SERVICE], self._on_portal_owner)

    def _ask_bus(self, connection: Any, method: str, arguments: list[Any], answered: Any) -> None:
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        message = QDBusMessage.createMethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                "org.freedesktop.DBus", method)
        message.setArguments(arguments)
        watcher = QDBusPendingCallWatcher(connection.asyncCall(message, TIMEOUT_MS), self)
        watcher.finished.connect(answered)

    @staticmethod
    def _first_answer(watcher: Any) -> Any:
        watcher.deleteLater()
        if watcher.isError():
            return None
        reply = watcher.reply()
        arguments = reply.arguments() if reply is not None else []
        return arguments[0] if arguments else None

    def _on_portal_owner(self, watcher: Any) -> None:
        if self._first_answer(watcher) is True:
            self._start_portal()
        elif self._connection is not None:  # not running: the bus may start it on the first call
            self._ask_bus(self._connection, "ListActivatableNames", [], self._on_activatable)
        else:
            self._pending = False

    def _on_activatable(self, watcher: Any) -> None:
        names = self._first_answer(watcher)
        if isinstance(names, list) and PORTAL_SERVICE in names and self._connection is not None:
            # Started by the bus on a first call: a Ping, answered once it runs (the portal may take seconds).
            from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

            ping = QDBusMessage.createMethodCall(PORTAL_SERVICE, PORTAL_PATH, "org.freedesktop.DBus.Peer", "Ping")
            started = QDBusPendingCallWatcher(self._connection.asyncCall(ping, ACTIVATION_TIMEOUT_MS), self)
            started.finished.connect(self._on_portal_started)
        else:
            self._screensaver_inhibit()

    def _on_portal_started(self, watcher: Any) -> None:
        watcher.deleteLater()
        if watcher.isError():
            self.reason = f"desktop portal: {watcher.error().message() or 'it did not start'}"
            self._screensaver_inhibit()
        else:
            self._start_portal()

    def _start_portal(self) -> None:
        """The portal's Inhibit on the portal thread; its answer comes back to ``_on_portal_answer``."""
        if self._connection is None:
            self._pending = False
            return
        _prime(self._connection)
        worker = _portal_worker()
        self._token = f"stretch_timer_{os.getpid()}_{next(_names)}"
        worker.answered.connect(self._on_portal_answer)
        self._ask_portal.connect(worker.inhibit)
        self._ask_portal.emit(self._connection_name, self._wanted_reason, self._token)
        self._ask_portal.disconnect(worker.inhibit)

    @Slot(str, str, str)
    def _on_portal_answer(self, token: str, handle: str, error: str) -> None:
        if token != self._token:
            return  # another inhibitor's call
        worker = _portal[1] if _portal is not None else None
        if worker is not None:
            worker.answered.disconnect(self._on_portal_answer)
        self._token = ""
        self._portal_answered(handle, error)

    def _portal_answered(self, handle: str, error: str) -> None:
        self._pending = False
        if handle:
            self._handle, self.method = handle, "portal"
            if not self._wanted:  # released while the call was under way
                self.release()
            return
        self.reason = f"desktop portal: {error}" if error else "the desktop portal did not inhibit"
        if self._connection is not None:
            self._screensaver_inhibit()

    def _screensaver_inhibit(self) -> None:
        connection = self._connection
        if connection is None:
            self._pending = False
            return
        from PySide6.QtDBus import QDBusMessage, QDBusPendingCallWatcher

        message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, INTERFACE, "Inhibit")
        message.setArguments([self.app_name, self._wanted_reason])
        watcher = QDBusPendingCallWatcher(connection.asyncCall(message, TIMEOUT_MS), self)
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
        self.method = "screensaver"
        if not self._wanted:  # released while the call was under way
            self.release()

    def release(self) -> None:
        self._wanted = False
        if self._pending:
            return  # the answer's handler releases when it comes
        if self._connection is not None:
            from PySide6.QtDBus import QDBusMessage

            if self._handle is not None:
                self._connection.send(QDBusMessage.createMethodCall(PORTAL_SERVICE, self._handle,
                                                                    REQUEST_INTERFACE, "Close"))
            if self._cookie is not None:
                message = QDBusMessage.createMethodCall(SERVICE, OBJECT_PATH, INTERFACE, "UnInhibit")
                message.setArguments([self._cookie])
                self._connection.send(message)
        self._cookie = self._handle = None
        self.method = ""
        self._disconnect()

    def _disconnect(self) -> None:
        if self._connection_name:
            from PySide6.QtDBus import QDBusConnection

            QDBusConnection.disconnectFromBus(self._connection_name)
        self._connection, self._connection_name = None, ""
