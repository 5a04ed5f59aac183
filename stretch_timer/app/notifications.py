"""Desktop notifications (freedesktop ``org.freedesktop.Notifications`` over the session bus) for the reminder.

The reminder offers the bedtime routine with three answers, Start / Snooze 10 min / Not tonight, as the
notification's actions; which one was pressed comes back as ``action_invoked("start" | "snooze" |
"not-tonight")``. Where no notification service is on the bus, :attr:`Notifier.available` is False and the
view falls back to the tray icon's balloon.

All D-Bus traffic happens on a worker thread, never on the GUI thread: connecting to the bus, asking whether
the service is there, and the ``Notify`` call itself are blocking calls (each bounded by :data:`TIMEOUT_MS`).
They are blocking because PySide6 cannot mark a Python int as D-Bus ``uint32`` in a plain message (it sends
``int32``, which GLib-based servers reject), so ``Notify`` goes through a ``QDBusInterface`` whose
introspected slot carries the types (``Q_ARG("uint", …)``), and such a call waits for its reply. A server that
hangs costs the worker two seconds, never a frame.
"""

from __future__ import annotations

import os

from PySide6.QtCore import Q_ARG, Q_RETURN_ARG, SLOT, QCoreApplication, QMetaObject, QObject, Qt, QThread, Signal, Slot
from PySide6.QtDBus import QDBus, QDBusConnection, QDBusInterface, QDBusMessage, QDBusServiceWatcher

SERVICE = "org.freedesktop.Notifications"
PATH = "/org/freedesktop/Notifications"
INTERFACE = "org.freedesktop.Notifications"
TIMEOUT_MS = 2000
APP_NAME = "Stretch Timer"
ACTIONS: tuple[tuple[str, str], ...] = (("start", "Start"), ("snooze", "Snooze 10 min"), ("not-tonight", "Not tonight"))
"""(key, button text), in the order the buttons show."""


class _Worker(QObject):
    """The D-Bus side, living on the worker thread (its slots run there)."""

    availability = Signal(bool)
    sent = Signal(int)
    action = Signal(int, str)
    closed = Signal(int, int)

    def __init__(self, address: str | None) -> None:
        super().__init__()
        self._address = address
        self._bus: QDBusConnection | None = None
        self._iface: QDBusInterface | None = None
        self._watcher: QDBusServiceWatcher | None = None

    @Slot()
    def start(self) -> None:
        try:
            self._start()
        except Exception:  # whatever the bus does, the reminder still has its balloon
            self.availability.emit(False)
            raise

    def _start(self) -> None:
        if self._address is None:
            bus = QDBusConnection.sessionBus()
        else:
            bus = QDBusConnection.connectToBus(self._address, f"stretch-timer-notify-{id(self)}")
        if not bus.isConnected():
            self.availability.emit(False)
            return
        self._bus = bus
        self._watcher = QDBusServiceWatcher(SERVICE, bus, QDBusServiceWatcher.WatchModeFlag.WatchForOwnerChange, self)
        self._watcher.serviceOwnerChanged.connect(self._owner_changed)
        # The bindings take SLOT()'s text (their stubs say bytes, which they refuse at run time).
        bus.connect(SERVICE, PATH, INTERFACE, "ActionInvoked", self,  # type: ignore[call-overload]
                    SLOT("_on_action(uint,QString)"))
        bus.connect(SERVICE, PATH, INTERFACE, "NotificationClosed", self,  # type: ignore[call-overload]
                    SLOT("_on_closed(uint,uint)"))
        self.availability.emit(self._service_there(bus))

    def _service_there(self, bus: QDBusConnection) -> bool:
        """Running now, or started by the bus on the first call (notification daemons often are)."""
        for method in ("NameHasOwner", "ListActivatableNames"):
            call = QDBusMessage.createMethodCall("org.freedesktop.DBus", "/org/freedesktop/DBus",
                                                 "org.freedesktop.DBus", method)
            if method == "NameHasOwner":
                call.setArguments([SERVICE])
            reply = bus.call(call, QDBus.CallMode.Block, TIMEOUT_MS)
            if reply.type() != QDBusMessage.MessageType.ReplyMessage or not reply.arguments():
                continue
            answer = reply.arguments()[0]
            if answer is True or (isinstance(answer, list) and SERVICE in answer):
                return True
        return False

    def _owner_changed(self, _name: str, _old: str, new: str) -> None:
        self._iface = None  # a new server: introspect it afresh
        self.availability.emit(bool(new) or (self._bus is not None and self._service_there(self._bus)))

    @Slot(str, str, int)
    def notify(self, title: str, body: str, replaces: int) -> None:
        if self._bus is None:
            return
        if self._iface is None or not self._iface.isValid():
            self._iface = QDBusInterface(SERVICE, PATH, INTERFACE, self._bus, self)
            self._iface.setTimeout(TIMEOUT_MS)
        actions = [word for pair in ACTIONS for word in pair]
        hints = {"desktop-entry": "stretch-timer", "category": "presence"}
        try:
            nid = QMetaObject.invokeMethod(
                self._iface, "Notify", Qt.ConnectionType.DirectConnection, Q_RETURN_ARG("uint"),
                Q_ARG(str, APP_NAME), Q_ARG("uint", max(0, replaces)), Q_ARG(str, "stretch-timer"), Q_ARG(str, title),
                Q_ARG(str, body), Q_ARG("QStringList", actions), Q_ARG("QVariantMap", hints), Q_ARG(int, 0))
        except (RuntimeError, TypeError):  # the interface has no such slot: not a notification server
            nid = None
        self.sent.emit(int(nid) if isinstance(nid, int) else 0)

    @Slot(int)
    def close(self, nid: int) -> None:
        if self._iface is not None and nid:
            QMetaObject.invokeMethod(self._iface, "CloseNotification", Qt.ConnectionType.DirectConnection,
                                     Q_ARG("uint", nid))

    @Slot("uint", str)
    def _on_action(self, nid: int, key: str) -> None:
        self.action.emit(int(nid), key)

    @Slot("uint", "uint")
    def _on_closed(self, nid: int, reason: int) -> None:
        self.closed.emit(int(nid), int(reason))


class Notifier(QObject):
    """The reminder's notification. ``bus_address`` picks a private bus (tests); None is the session bus."""

    available_changed = Signal(bool)
    """Whether a notification service is there: first once the worker has asked, then on each change."""
    action_invoked = Signal(str)
    """An answer to our notification: ``"start"``, ``"snooze"`` or ``"not-tonight"``."""
    closed = Signal()
    """Our notification went away (dismissed, expired, or answered)."""
    failed = Signal()
    """A notification could not be shown: show the balloon instead."""
    _ask_notify = Signal(str, str, int)
    _ask_close = Signal(int)

    def __init__(self, bus_address: str | None = None, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._available = False
        self._answered = False
        self._current = 0
        self._thread: QThread | None = None
        if bus_address is None and not os.environ.get("DBUS_SESSION_BUS_ADDRESS"):
            return  # no session bus: nothing to start, the balloon it is
        self._thread = QThread()
        self._thread.setObjectName("notifications")
        self._worker = _Worker(bus_address)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.start)
        self._worker.availability.connect(self._set_available)
        self._worker.sent.connect(self._sent)
        self._worker.action.connect(self._action)
        self._worker.closed.connect(self._closed)
        self._ask_notify.connect(self._worker.notify)
        self._ask_close.connect(self._worker.close)
        self._thread.finished.connect(self._worker.deleteLater)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.stop)
        self._thread.start()

    @property
    def available(self) -> bool:
        """A notification service is on the bus (False until the worker has asked, a few ms after start)."""
        return self._available

    def show_reminder(self, title: str, body: str) -> bool:
        """Ask for the notification (replacing ours if one shows); False when there is no service."""
        if not self._available:
            return False
        self._ask_notify.emit(title, body, self._current)
        return True

    def withdraw(self) -> None:
        """Take our notification away (the routine was started some other way)."""
        if self._current:
            self._ask_close.emit(self._current)

    def stop(self) -> None:
        if self._thread is not None:
            self._thread.quit()
            self._thread.wait(TIMEOUT_MS + 500)
            self._thread = None
            self._available = False

    def _set_available(self, on: bool) -> None:
        if on != self._available or not self._answered:
            self._answered = True
            self._available = on
            self.available_changed.emit(on)

    def _sent(self, nid: int) -> None:
        if nid:
            self._current = nid
        else:
            self.failed.emit()

    def _action(self, nid: int, key: str) -> None:
        if nid and nid == self._current and key in {k for k, _ in ACTIONS}:
            self.action_invoked.emit(key)

    def _closed(self, nid: int, _reason: int) -> None:
        if nid and nid == self._current:
            self._current = 0
            self.closed.emit()
