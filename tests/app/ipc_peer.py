"""A stand-in for a launch of the app, for the two-process IPC tests: QtCore only, no window.

    python tests/app/ipc_peer.py serve NAME            # listen on NAME (exit 1 if a live server is there)
    python tests/app/ipc_peer.py launch NAME ACTION [ARGUMENT]   # what the real CLI does: hand the request
                                                       # over, or become the server and serve it and others
    python tests/app/ipc_peer.py send NAME ACTION [ARGUMENT]     # client only; exit 0 when delivered

Each line on stdout is one event, flushed at once so a test can read it while the process runs:
``listening``, ``not-server``, ``received <action> <argument> <options as JSON>``, ``refused <reason>``,
``sent <outcome> <reason>``, and for ``send`` a last line ``modules <JSON list of loaded PySide6 modules>``.
A server quits after ``--quit-after N`` requests (default: runs until killed). ``--slow-check MS`` pauses between
"is a server there?" and listening (printing ``checked``), to open the window two racing launches could meet in.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # this worktree's stretch_timer, as in the tests

from stretch_timer.app import ipc
from stretch_timer.app.ipc import IpcServer, send_request
from stretch_timer.app.ipc_messages import Request


def say(*words: str) -> None:
    print(" ".join(words), flush=True)


def serve(name: str, quit_after: int, first: Request | None = None) -> int:
    from PySide6.QtCore import QCoreApplication

    app = QCoreApplication(sys.argv[:1])
    server = IpcServer(name)
    if not server.listen():
        say("not-server")
        if first is None:
            return 1
        sent = send_request(first, name=name)  # another launch won the race: hand the request to it
        say("sent", sent.outcome.name, sent.reason)
        return 0 if sent else 1
    say("listening")
    count = 0

    def received(request: Request) -> None:
        nonlocal count
        say("received", request.action, request.argument or "-", json.dumps(dict(request.options)))
        count += 1
        if quit_after and count >= quit_after:
            server.close()
            app.quit()

    server.request_received.connect(received)
    server.refused.connect(lambda reason: say("refused", reason))
    if first is not None:
        received(first)
    if quit_after and count >= quit_after:
        return 0
    app.exec()
    return 0


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("mode", choices=("serve", "launch", "send"))
    parser.add_argument("name")
    parser.add_argument("action", nargs="?", default="show")
    parser.add_argument("argument", nargs="?", default="")
    parser.add_argument("--mute", action="store_true")
    parser.add_argument("--quit-after", type=int, default=0)
    parser.add_argument("--slow-check", type=int, default=0)
    args = parser.parse_args()
    if args.slow_check:
        answers = ipc._server_answers

        def slow_answers(name: str) -> bool:
            alive = answers(name)
            say("checked")
            time.sleep(args.slow_check / 1000)
            return alive

        ipc._server_answers = slow_answers
    if args.mode == "serve":
        return serve(args.name, args.quit_after)
    request = Request(args.action, args.argument, {"mute": True} if args.mute else {})
    sent = send_request(request, name=args.name)
    say("sent", sent.outcome.name, sent.reason)
    if args.mode == "send":
        from PySide6.QtCore import QCoreApplication

        say("app-instance", str(QCoreApplication.instance() is not None))
        say("modules", json.dumps(sorted(m for m in sys.modules if m.startswith("PySide6.Qt"))))
        return 0 if sent else 1
    if sent:
        return 0
    return serve(args.name, args.quit_after, first=request)


if __name__ == "__main__":
    sys.exit(main())
