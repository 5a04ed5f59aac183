"""A fake XDG desktop portal (``org.freedesktop.portal.Inhibit``) and screensaver for tests, on a private bus.

``python portal_server.py [--portal] [--screensaver] [--hang SECONDS] [--slow-inhibit SECONDS]``: takes
``org.freedesktop.portal.Desktop`` (with ``--portal``) and ``org.freedesktop.ScreenSaver`` (with
``--screensaver``), prints ``ready``, then one JSON line per event: ``inhibit`` (the portal's window, flags,
reason, and the request handle it made), ``close`` (a request's ``Close``), ``screensaver-inhibit`` (application,
reason), ``gone`` (a client that had inhibited left the bus). The methods have the specification's exact
signatures (``Inhibit(s u a{sv}) → o``), so a client that sends an ``int32`` for the flags gets an error, as from
the real portal. With ``--hang``, the server's event loop is stuck for that long just after ``ready``: every call
waits, as with a portal that is slow to start; with ``--slow-inhibit``, only ``Inhibit`` takes that long.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from typing import Any

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QTimer, Slot
from PySide6.QtDBus import QDBusConnection, QDBusMessage, QDBusObjectPath, QDBusServiceWatcher

PORTAL_PATH = "/org/freedesktop/portal/desktop"


def say(**event: Any) -> None:
    print(json.dumps(event), flush=True)


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Request"})
class Request(QObject):
    def __init__(self, bus: QDBusConnection, path: str) -> None:
        super().__init__()
        self.bus, self.path = bus, path

    @Slot()
    def Close(self) -> None:
        say(event="close", handle=self.path)
        self.bus.unregisterObject(self.path)


class Clients:
    """Who inhibited, watched so that a client leaving the bus is said (the portal ends its requests then)."""

    def __init__(self, bus: QDBusConnection) -> None:
        self.watcher = QDBusServiceWatcher()
        self.watcher.setConnection(bus)
        self.watcher.setWatchMode(QDBusServiceWatcher.WatchModeFlag.WatchForUnregistration)
        self.watcher.serviceUnregistered.connect(lambda name: say(event="gone", client=name))

    def add(self, name: str) -> None:
        if name not in self.watcher.watchedServices():
            self.watcher.addWatchedService(name)


@ClassInfo({"D-Bus Interface": "org.freedesktop.portal.Inhibit"})
class Portal(QObject):
    def __init__(self, bus: QDBusConnection, clients: Clients, slow: float) -> None:
        super().__init__()
        self.bus, self.clients, self.slow = bus, clients, slow
        self.requests: list[Request] = []

    # A last QDBusMessage parameter is QtDBus's way to hand a slot the call (not part of the D-Bus signature);
    # QDBusContext, the other way, crashes under PySide6.
    @Slot(str, "uint", "QVariantMap", QDBusMessage, result=QDBusObjectPath)
    def Inhibit(self, window: str, flags: int, options: dict[str, Any], message: QDBusMessage) -> QDBusObjectPath:
        if self.slow:
            time.sleep(self.slow)  # a portal that takes its time over this call (its loop stuck meanwhile)
        sender = message.service()
        token = str(options.get("handle_token") or f"t{len(self.requests)}")
        path = f"{PORTAL_PATH}/request/{sender.lstrip(':').replace('.', '_')}/{token}"
        request = Request(self.bus, path)
        self.bus.registerObject(path, request, QDBusConnection.RegisterOption.ExportAllSlots)
        self.requests.append(request)
        self.clients.add(sender)
        say(event="inhibit", window=window, flags=int(flags), reason=str(options.get("reason", "")), handle=path)
        return QDBusObjectPath(path)


@ClassInfo({"D-Bus Interface": "org.freedesktop.ScreenSaver"})
class ScreenSaver(QObject):
    def __init__(self, clients: Clients) -> None:
        super().__init__()
        self.clients = clients

    @Slot(str, str, QDBusMessage, result="uint")
    def Inhibit(self, application: str, reason: str, message: QDBusMessage) -> int:
        self.clients.add(message.service())
        say(event="screensaver-inhibit", application=application, reason=reason)
        return 7


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--portal", action="store_true")
    parser.add_argument("--screensaver", action="store_true")
    parser.add_argument("--hang", type=float, default=0.0)
    parser.add_argument("--slow-inhibit", type=float, default=0.0)
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    clients = Clients(bus)
    kept: list[QObject] = []
    services = []
    if args.portal:
        portal = Portal(bus, clients, args.slow_inhibit)
        kept.append(portal)
        services.append((PORTAL_PATH, portal, "org.freedesktop.portal.Desktop"))
    if args.screensaver:
        saver = ScreenSaver(clients)
        kept.append(saver)
        services.append(("/org/freedesktop/ScreenSaver", saver, "org.freedesktop.ScreenSaver"))
    for path, service, name in services:
        if not (bus.registerObject(path, service, QDBusConnection.RegisterOption.ExportAllSlots)
                and bus.registerService(name)):
            print(f"could not take {name}", file=sys.stderr, flush=True)
            return 1
    print("ready", flush=True)
    if args.hang:
        QTimer.singleShot(0, lambda: time.sleep(args.hang))
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
