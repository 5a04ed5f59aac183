"""Can Qt open a window here? Asked before QApplication exists, because Qt's own answer is an abort.

When Qt's platform plugin cannot load (no display: neither ``WAYLAND_DISPLAY`` nor ``DISPLAY``; a Wayland compositor
or X server that does not answer; a missing system library such as ``libxcb-cursor0``, the classic PySide6 trap)
Qt prints a paragraph and calls ``abort()``: a core dump instead of a message. These checks find the same
conditions first and turn each into one line naming the fix. They are cheap (a few ``dlopen`` calls of libraries
Qt would load anyway, one connection to the display server) and import nothing from Qt.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Mapping

EXIT_NO_DISPLAY = 2

NO_DISPLAY_MESSAGE = (
    "stretch-timer: no display found (neither WAYLAND_DISPLAY nor DISPLAY is set); run it on a desktop, "
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

# What Qt's wayland platform plugin loads beyond QtGui's own libraries, with the Debian 12 packages.
WAYLAND_LIBRARIES: tuple[tuple[str, str], ...] = (
    ("libwayland-client.so.0", "libwayland-client0"),
    ("libwayland-cursor.so.0", "libwayland-cursor0"),
    ("libwayland-egl.so.1", "libwayland-egl1"),
    ("libxkbcommon.so.0", "libxkbcommon0"),
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
    **dict(WAYLAND_LIBRARIES),
}

Loader = Callable[[str], object]


def install_hint(packages: list[str]) -> str:
    names = " ".join(dict.fromkeys(packages))
    return f"install {names}: apt-get install {names}"


def _platforms(env: Mapping[str, str]) -> list[str]:
    """The platform plugins Qt will try, in order, from ``QT_QPA_PLATFORM`` ("xcb", "wayland;xcb", "offscreen:…")."""
    value = env.get("QT_QPA_PLATFORM", "").strip()
    return [part.split(":", 1)[0].strip().lower() for part in value.split(";") if part.strip()]


def _missing_libraries(load: Loader, libraries: tuple[tuple[str, str], ...] = XCB_LIBRARIES,
                       ) -> list[tuple[str, str]]:
    missing = []
    for library, package in libraries:
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


def _connect_wayland(display: str) -> bool:
    """Whether a Wayland compositor answers on ``display`` (libwayland-client's own connect, which finds a
    relative name under ``XDG_RUNTIME_DIR`` as Qt will)."""
    import ctypes

    try:
        client = ctypes.CDLL("libwayland-client.so.0")
    except OSError:
        return True  # the library check reports what is missing
    client.wl_display_connect.restype = ctypes.c_void_p
    client.wl_display_connect.argtypes = [ctypes.c_char_p]
    client.wl_display_disconnect.argtypes = [ctypes.c_void_p]
    connection = client.wl_display_connect(display.encode())
    if not connection:
        return False
    client.wl_display_disconnect(connection)
    return True


def _library_problem(missing: list[tuple[str, str]]) -> str:
    libraries = ", ".join(library for library, _ in missing)
    return (
        f"stretch-timer: Qt cannot open a window: {libraries} missing; "
        f"{install_hint([package for _, package in missing])}"
    )


def _wayland_problem(wayland: str, env: Mapping[str, str], load: Loader,
                     connect: Callable[[str], bool]) -> str | None:
    """None when Qt's wayland plugin should open a window on ``wayland``; else why not, in one line."""
    missing = _missing_libraries(load, WAYLAND_LIBRARIES)
    if missing:
        return _library_problem(missing)
    if not os.path.isabs(wayland) and not env.get("XDG_RUNTIME_DIR"):
        return (f"stretch-timer: cannot connect to the Wayland display {wayland!r}: XDG_RUNTIME_DIR is not set; "
                "run it inside the desktop session")
    if not connect(wayland):
        return (f"stretch-timer: cannot connect to the Wayland display {wayland!r}; check that the desktop "
                "session (or the compositor) is running and WAYLAND_DISPLAY is right")
    return None


def check_platform(
    env: Mapping[str, str] | None = None,
    *,
    load: Loader = _load_library,
    connect: Callable[[str], bool] = _connect_x,
    connect_wayland: Callable[[str], bool] = _connect_wayland,
    platform: str = sys.platform,
) -> str | None:
    """None when Qt should be able to open a window; otherwise the one-line message to print (exit code 2).

    Wayland first where Qt would try it first (``QT_QPA_PLATFORM=wayland``, or unset with ``WAYLAND_DISPLAY``
    set); when it does not answer and Qt may fall back to X (``wayland;xcb``, or unset), X is checked next."""
    env = os.environ if env is None else env
    if not platform.startswith("linux"):
        return None
    platforms = _platforms(env)
    display, wayland = env.get("DISPLAY", ""), env.get("WAYLAND_DISPLAY", "")
    if platforms and platforms[0] not in ("xcb", "wayland", "wayland-egl"):
        return None  # offscreen, minimal, vnc, eglfs…: no display server needed
    try_wayland = (not platforms and bool(wayland)) or (bool(platforms) and platforms[0] != "xcb")
    x_fallback = not platforms or "xcb" in platforms
    if try_wayland:
        if not wayland and not x_fallback:
            return (
                "stretch-timer: QT_QPA_PLATFORM asks for Wayland but WAYLAND_DISPLAY is not set; "
                "unset QT_QPA_PLATFORM or run it in a Wayland session"
            )
        problem = _wayland_problem(wayland, env, load, connect_wayland) if wayland else NO_DISPLAY_MESSAGE
        if problem is None:
            return None
        if not x_fallback or not display:
            return problem
    elif not display:
        return NO_DISPLAY_MESSAGE
    missing = _missing_libraries(load)
    if missing:
        return _library_problem(missing)
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
