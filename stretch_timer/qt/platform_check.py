"""Can Qt open a window here? Asked before QApplication exists, because Qt's own answer is an abort.

When Qt's platform plugin cannot load (no display, or a missing system library such as ``libxcb-cursor0``, the
classic PySide6 trap) Qt prints a paragraph and calls ``abort()``: a core dump instead of a message. These checks
find the same conditions first and turn each into one line naming the fix. They are cheap (a few ``dlopen``
calls of libraries Qt would load anyway) and import nothing from Qt.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping

EXIT_NO_DISPLAY = 2

NO_DISPLAY_MESSAGE = (
    "stretch-timer: no display found (DISPLAY is not set); run it on a desktop, "
    "or set QT_QPA_PLATFORM=offscreen for a headless check"
)

# What Qt's xcb platform plugin (and QtGui under it) loads, and the Debian 12 package that ships each library.
XCB_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libxcb-cursor.so.0", "libxcb-cursor0"),
    ("libxkbcommon-x11.so.0", "libxkbcommon-x11-0"),
    ("libxcb-icccm.so.4", "libxcb-icccm4"),
    ("libxcb-keysyms.so.1", "libxcb-keysyms1"),
    ("libxcb-shape.so.0", "libxcb-shape0"),
    ("libxcb-randr.so.0", "libxcb-randr0"),
    ("libxcb-render-util.so.0", "libxcb-render-util0"),
    ("libxcb-image.so.0", "libxcb-image0"),
    ("libxcb-util.so.1", "libxcb-util1"),
    ("libxcb-xkb.so.1", "libxcb-xkb1"),
    ("libX11-xcb.so.1", "libx11-xcb1"),
    ("libEGL.so.1", "libegl1"),
    ("libGL.so.1", "libgl1"),
    ("libfontconfig.so.1", "libfontconfig1"),
    ("libdbus-1.so.3", "libdbus-1-3"),
)

# Libraries whose absence makes ``import PySide6.QtGui`` itself fail, whatever the platform.
_GUI_LIBRARIES: dict[str, str] = {
    "libEGL.so.1": "libegl1",
    "libGL.so.1": "libgl1",
    "libOpenGL.so.0": "libopengl0",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
    "libX11.so.6": "libx11-6",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libpulse.so.0": "libpulse0",
    **dict(XCB_LIBRARIES),
}

Loader = Callable[[str], object]


def install_hint(packages: list[str]) -> str:
    names = " ".join(dict.fromkeys(packages))
    return f"install {names}: apt-get install {names}"


def _platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order, from ``QT_QPA_PLATFORM`` ("xcb", "wayland;xcb", "offscreen:…")."""
    value = env.get("QT_QPA_PLATFORM", "").strip()
    return [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]


def _missing_libraries(load: Loader) -> list[tuple[str, str]]:
    missing = []
    for library, package in XCB_LIBRARIES:
        try:
            load(library)
        except OSError:
            missing.append((library, package))
    return missing


def _load_library(name: str) -> object:
    """``ctypes.CDLL(name)``; ctypes is imported only when there is an X display to check."""
    import ctypes

    return ctypes.CDLL(name)


def _connect_x(display: str) -> bool:
    """Whether an X server answers on ``display`` (libxcb's own connect; False if it refuses)."""
    import ctypes

    try:
        xcb = ctypes.CDLL("libxcb.so.1")
    except OSError:
        return True  # the library check reports what is missing
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connect.argtypes = [ctypes.c_char_p, ctypes.c_void_p]
    xcb.xcb_connection_has_error.argtypes = [ctypes.c_void_p]
    xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    connection = xcb.xcb_connect(display.encode(), None)
    try:
        return bool(connection) and xcb.xcb_connection_has_error(connection) == 0
    finally:
        if connection:
            xcb.xcb_disconnect(connection)


def check_platform(
    env: Mapping[str, str] | None = None,
    *,
    load: Loader = _load_library,
    connect: Callable[[str], bool] = _connect_x,
    platform: str = sys.platform,
) -> str | None:
    """None when Qt should be able to open a window; otherwise the one-line message to print (exit code 2)."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    platforms = _platforms(env)
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if platforms and platforms[0] not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, minimal, vnc, eglfs…: no display server needed
    if not platforms:
        if not display and not wayland:
            return NO_DISPLAY_MESSAGE
        if wayland:
            return None  # Qt prefers Wayland there, and falls back to xcb by itself
    elif platforms[0] != "xcb":
        if not wayland and "xcb" not in platforms:
            return (
                "stretch-timer: QT_QPA_PLATFORM asks for Wayland but WAYLAND_DISPLAY is not set; "
                "unset QT_QPA_PLATFORM or run it in a Wayland session"
            )
        return None
    elif not display:
        return NO_DISPLAY_MESSAGE
    missing = _missing_libraries(load)
    if missing:
        libraries = ", ".join(library for library, _ in missing)
        return (
            f"stretch-timer: Qt cannot open a window: {libraries} missing; "
            f"{install_hint([package for _, package in missing])}"
        )
    if not connect(display):
        return (
            f"stretch-timer: cannot connect to the X display {display!r}; "
            "check that the desktop session (or Xvfb) is running and DISPLAY is right"
        )
    return None


def explain_import_error(error: ImportError) -> str:
    """One line for ``import PySide6.QtWidgets`` failing, naming the Debian package when a library is missing."""
    text = str(error)
    match = re.search(r"(lib[\w.+-]+\.so(?:\.\d+)*)", text)
    if match:
        library = match.group(1)
        package = _GUI_LIBRARIES.get(library)
        if package:
            return f"stretch-timer: Qt cannot start: {library} is missing; {install_hint([package])}"
        return f"stretch-timer: Qt cannot start: {library} is missing (install the package that provides it)"
    return f"stretch-timer: Qt cannot start: {text}; reinstall with: pip install --force-reinstall PySide6"
