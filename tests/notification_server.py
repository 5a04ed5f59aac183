"""A tiny freedesktop notification server for tests, run as a process of its own on a private session bus.

``python notification_server.py [--invoke KEY]``: takes the name ``org.freedesktop.Notifications``, prints
``ready`` once it has, then one JSON line per ``Notify`` call (summary, body, actions, replaces_id); with
``--invoke``, it answers each notification by emitting ``ActionInvoked(id, KEY)`` as a person pressing that
button would, followed by ``NotificationClosed(id, 2)``. Built on QtDBus, so it needs nothing the venv lacks;
its ``Notify`` slot has the specification's exact signature (``susssasa{sv}i``), so a client sending the
wrong types (an ``int32`` for the ``uint32`` replaces_id) gets an error, as from a real server.
"""

from __future__ import annotations

import argparse
import json
import sys

from PySide6.QtCore import ClassInfo, QCoreApplication, QObject, QTimer, Signal, Slot
from PySide6.QtDBus import QDBusConnection


@ClassInfo({"D-Bus Interface": "org.freedesktop.Notifications"})
class FakeNotifications(QObject):
    ActionInvoked = Signal("uint", str)
    NotificationClosed = Signal("uint", "uint")

    def __init__(self, invoke: str) -> None:
        super().__init__()
        self._invoke = invoke
        self._next = 41

    @Slot(str, "uint", str, str, str, "QStringList", "QVariantMap", int, result="uint")
    def Notify(self, app: str, replaces: int, icon: str, summary: str, body: str, actions: list[str],
               hints: dict[str, object], timeout: int) -> int:
        self._next += 1
        nid = replaces or self._next
        print(json.dumps({"app": app, "replaces": replaces, "icon": icon, "summary": summary, "body": body,
                          "actions": list(actions), "timeout": timeout, "id": nid}), flush=True)
        if self._invoke:
            QTimer.singleShot(20, lambda: self._answer(nid))
        return nid

    def _answer(self, nid: int) -> None:
        self.ActionInvoked.emit(nid, self._invoke)
        self.NotificationClosed.emit(nid, 2)

    @Slot("uint")
    def CloseNotification(self, nid: int) -> None:
        self.NotificationClosed.emit(nid, 3)

    @Slot(result="QStringList")
    def GetCapabilities(self) -> list[str]:
        return ["actions", "body"]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--invoke", default="")
    args = parser.parse_args()
    app = QCoreApplication(sys.argv[:1])
    bus = QDBusConnection.sessionBus()
    server = FakeNotifications(args.invoke)
    options = QDBusConnection.RegisterOption.ExportAllSlots | QDBusConnection.RegisterOption.ExportAllSignals
    if not (bus.registerObject("/org/freedesktop/Notifications", server, options)
            and bus.registerService("org.freedesktop.Notifications")):
        print("could not take the name", file=sys.stderr, flush=True)
        return 1
    print("ready", flush=True)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
