"""A private Xvfb for tests that run the real app as a person does (end-to-end, over AT-SPI, two launches)."""

from __future__ import annotations

import contextlib
import ctypes
import os
import subprocess
import time
from collections.abc import Iterator


def wait_for_display(display: str, timeout: float = 10.0) -> None:
    """Until a client can connect to ``display``; an AssertionError after ``timeout`` seconds."""
    xcb = ctypes.CDLL("libxcb.so.1")
    xcb.xcb_connect.restype = ctypes.c_void_p
    xcb.xcb_connection_has_error.argtypes = xcb.xcb_disconnect.argtypes = [ctypes.c_void_p]
    deadline = time.monotonic() + timeout
    while True:
        connection = xcb.xcb_connect(display.encode(), None)
        failed = xcb.xcb_connection_has_error(connection)
        xcb.xcb_disconnect(connection)
        if not failed:
            return
        assert time.monotonic() < deadline, f"nothing accepts connections on {display}"
        time.sleep(0.05)


@contextlib.contextmanager
def private_xvfb(screen: str = "1366x768x24") -> Iterator[str]:
    """An X server of its own, as ``":N"``. -displayfd picks a free display (no race with other servers);
    -noreset keeps it up when its last client leaves (an X server resets then and refuses connections
    meanwhile, and the app's own display check connects and leaves just before Qt connects)."""
    read_end, write_end = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_end), "-screen", "0", screen, "-noreset", "-nolisten", "tcp"],
        pass_fds=(write_end,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    os.close(write_end)
    with os.fdopen(read_end) as ready:
        number = ready.readline().strip()  # written once the server accepts connections
    try:
        assert number.isdigit(), "Xvfb did not start"
        wait_for_display(f":{number}")
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)
