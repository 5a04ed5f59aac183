"""What a screen reader is told about the app: its accessibility tree, read through AT-SPI as Orca reads it.

Run by tests/e2e/test_screen_reader.py with the system's python3 (pyatspi is a Debian package, python3-pyatspi,
not a wheel), inside a private D-Bus session and an X server::

    xvfb-run -a dbus-run-session -- /usr/bin/python3 tests/atspi_dump.py --wait REGEX --out FILE -- APP...

It starts APP_COMMAND (the app, with QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 so Qt joins the accessibility bus
without a screen reader running), walks the desktop's tree for that process until every REGEX (``--wait`` may
be given more than once) matches the name or text of some node on screen (the page shows what the test
wants) or the time is up, writes the last walk to FILE as JSON lines (``{"depth", "role", "name",
"description", "text", "states"}``; not stdout, which the bus's services started on demand share), and stops
the app. Everything it reads comes from the AT-SPI client library, never from Qt: what it prints is what
assistive technology gets.

``--press NAME`` then presses the push button named NAME through its AT-SPI action, as a screen reader's user
does, and the walk goes on until every ``--then-wait`` REGEX matches too (e.g. the ease-off panel's words).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import time
from typing import Any

import pyatspi  # type: ignore[import-not-found]  # the system's python3 only

STATES = ("checked", "checkable", "pressed", "expandable", "expanded", "focusable", "focused", "enabled",
          "showing", "sensitive")
"""The states worth printing (pyatspi.STATE_<NAME>): what a screen reader says besides role and name."""

MAX_NODES = 2000


def text_of(node: Any) -> str:
    """The node's text as the Text interface gives it (a label's words, an edit's contents), or ""."""
    try:
        text = node.queryText()
    except NotImplementedError:
        return ""
    except Exception:  # GLib.GError and kin: a node that went away while being read
        return ""
    count = text.characterCount
    return str(text.getText(0, count)) if count > 0 else ""


def states_of(node: Any) -> list[str]:
    try:
        state_set = node.getState()
    except Exception:
        return []
    return [name for name in STATES if state_set.contains(getattr(pyatspi, f"STATE_{name.upper()}"))]


def walk(node: Any, depth: int, out: list[dict[str, Any]]) -> None:
    if len(out) >= MAX_NODES:
        return
    try:
        row = {"depth": depth, "role": node.getRoleName(), "name": node.name or "",
               "description": node.description or "", "text": text_of(node), "states": states_of(node)}
    except Exception:
        return
    out.append(row)
    try:
        children = [node.getChildAtIndex(i) for i in range(node.childCount)]
    except Exception:
        return
    for child in children:
        if child is not None:
            walk(child, depth + 1, out)


def app_node(pid: int) -> Any | None:
    desktop = pyatspi.Registry.getDesktop(0)
    for index in range(desktop.childCount):
        app = desktop.getChildAtIndex(index)
        try:
            if app is not None and app.get_process_id() == pid:
                return app
        except Exception:
            continue
    return None


def on_screen(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows showing, with every ancestor showing (a hidden panel's children may say "showing" too)."""
    result: list[dict[str, Any]] = []
    hidden_below: int | None = None
    for row in rows:
        if hidden_below is not None and row["depth"] > hidden_below:
            continue
        hidden_below = None
        if "showing" not in row["states"] and row["role"] != "application":
            hidden_below = row["depth"]
            continue
        result.append(row)
    return result


def dump(pid: int, waits: list[re.Pattern[str]], timeout: float) -> tuple[list[dict[str, Any]], bool]:
    """The app's tree once each of ``waits`` matches a name or text on screen (True), or the last one at the
    timeout (False)."""
    deadline = time.monotonic() + timeout
    rows: list[dict[str, Any]] = []
    while True:
        app = app_node(pid)
        rows = []
        if app is not None:
            walk(app, 0, rows)
            showing = on_screen(rows)
            if all(any(wait.search(row["name"]) or wait.search(row["text"]) for row in showing) for wait in waits):
                return rows, True
        if time.monotonic() > deadline:
            return rows, False
        time.sleep(0.2)


def press(pid: int, name: str) -> bool:
    """Press the showing push button named ``name`` through its first action ("Press"); False if none is there."""
    app = app_node(pid)
    found: list[Any] = []

    def look(node: Any) -> None:
        if found or node is None:
            return
        try:
            if (node.getRoleName() == "push button" and node.name == name
                    and node.getState().contains(pyatspi.STATE_SHOWING)):
                found.append(node)
                return
            children = [node.getChildAtIndex(i) for i in range(node.childCount)]
        except Exception:
            return
        for child in children:
            look(child)

    look(app)
    if not found:
        return False
    try:
        return bool(found[0].queryAction().doAction(0))
    except Exception:
        return False


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--wait", required=True, action="append",
                        help="regex: dump once a node's name or text matches it (each one given)")
    parser.add_argument("--out", required=True, help="where to write the tree (JSON lines)")
    parser.add_argument("--timeout", type=float, default=8.0)
    parser.add_argument("--press", help="then press the push button with this name (its AT-SPI action)")
    parser.add_argument("--then-wait", action="append", default=[],
                        help="with --press: regex that must match after the press (each one given)")
    parser.add_argument("command", nargs=argparse.REMAINDER, help="-- then the app's command line")
    args = parser.parse_args()
    command = args.command[1:] if args.command[:1] == ["--"] else args.command
    if not command:
        parser.error("no app command given")
    env = dict(os.environ, QT_LINUX_ACCESSIBILITY_ALWAYS_ON="1", QT_QPA_PLATFORM="xcb")
    app = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        rows, found = dump(app.pid, [re.compile(wait) for wait in args.wait], args.timeout)
        if found and args.press:
            waits = [re.compile(wait) for wait in args.then_wait]
            if not press(app.pid, args.press):
                print(f"atspi_dump: no showing push button named {args.press!r} to press", file=sys.stderr)
                found = False
            else:
                rows, found = dump(app.pid, waits, args.timeout)
    finally:
        app.terminate()
        try:
            _, errors = app.communicate(timeout=5)
        except subprocess.TimeoutExpired:
            app.kill()
            _, errors = app.communicate()
    with open(args.out, "w", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
    if not found:
        print(f"atspi_dump: nothing matched {args.wait + args.then_wait!r} within {args.timeout} s "
              f"({len(rows)} nodes); the app said:\n{errors}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
