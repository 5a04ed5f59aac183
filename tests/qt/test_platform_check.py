"""platform_check on Wayland: which display server Qt will try, and one line when none answers (not Qt's abort)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from stretch_timer.qt.platform_check import NO_DISPLAY_MESSAGE, check_platform

REPO = Path(__file__).resolve().parents[2]
RUNTIME = {"XDG_RUNTIME_DIR": "/run/user/1000"}


def libraries_present(_name: str) -> object:
    return object()


def test_a_wayland_session_is_enough_without_an_x_display() -> None:
    asked: list[str] = []
    env = {"WAYLAND_DISPLAY": "wayland-0", **RUNTIME}
    for platform_env in ({}, {"QT_QPA_PLATFORM": "wayland"}, {"QT_QPA_PLATFORM": "wayland-egl"}):
        assert check_platform({**env, **platform_env}, load=libraries_present,
                              connect_wayland=lambda d: asked.append(d) or True, platform="linux") is None
    assert asked == ["wayland-0"] * 3


def test_a_compositor_that_does_not_answer_is_one_line() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "QT_QPA_PLATFORM": "wayland", **RUNTIME}
    message = check_platform(env, load=libraries_present, connect_wayland=lambda _d: False, platform="linux")
    assert message is not None and "\n" not in message
    assert message.startswith("stretch-timer: cannot connect to the Wayland display 'wayland-9'")


def test_wayland_failing_falls_back_to_x_where_qt_would() -> None:
    env = {"WAYLAND_DISPLAY": "wayland-9", "DISPLAY": ":5", **RUNTIME}
    x_asked: list[str] = []
    for platform_env in ({}, {"QT_QPA_PLATFORM": "wayland;xcb"}):
        assert check_platform({**env, **platform_env}, load=libraries_present, connect_wayland=lambda _d: False,
                              connect=lambda d: x_asked.append(d) or True, platform="linux") is None
    assert x_asked == [":5", ":5"]
    # Wayland only: no fallback, so the Wayland problem is the answer.
    only = check_platform({**env, "QT_QPA_PLATFORM": "wayland"}, load=libraries_present,
                          connect_wayland=lambda _d: False, connect=lambda _d: True, platform="linux")
    assert only is not None and "Wayland display 'wayland-9'" in only


def test_neither_display_names_both_variables() -> None:
    assert check_platform({}, platform="linux") == NO_DISPLAY_MESSAGE
    assert "WAYLAND_DISPLAY" in NO_DISPLAY_MESSAGE and "DISPLAY" in NO_DISPLAY_MESSAGE
    assert check_platform({"QT_QPA_PLATFORM": "wayland;xcb"}, platform="linux") == NO_DISPLAY_MESSAGE
    wayland_only = check_platform({"QT_QPA_PLATFORM": "wayland"}, platform="linux")
    assert wayland_only is not None and "WAYLAND_DISPLAY is not set" in wayland_only


def test_missing_wayland_libraries_name_the_packages() -> None:
    def load(name: str) -> object:
        if name in ("libwayland-cursor.so.0", "libwayland-egl.so.1"):
            raise OSError(name)
        return object()

    message = check_platform({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland", **RUNTIME}, load=load,
                             connect_wayland=lambda _d: True, platform="linux")
    assert message is not None
    assert "install libwayland-cursor0 libwayland-egl1: apt-get install libwayland-cursor0 libwayland-egl1" in message


def test_no_runtime_folder_for_a_relative_socket_name_is_said() -> None:
    message = check_platform({"WAYLAND_DISPLAY": "wayland-0", "QT_QPA_PLATFORM": "wayland"},
                             load=libraries_present, connect_wayland=lambda _d: True, platform="linux")
    assert message is not None and "XDG_RUNTIME_DIR is not set" in message


def test_the_real_connect_says_no_for_a_socket_nobody_listens_on(tmp_path: Path) -> None:
    """libwayland-client's own connect, in a child (it reads XDG_RUNTIME_DIR from the environment)."""
    code = ("from stretch_timer.qt.platform_check import _connect_wayland; "
            "print(_connect_wayland('no-such-compositor'))")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_RUNTIME_DIR": str(tmp_path)}
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=30,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


def test_an_unreachable_wayland_display_is_one_line_and_exit_2_not_an_abort(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "XDG_RUNTIME_DIR": str(tmp_path),
           "WAYLAND_DISPLAY": "no-such-compositor", "QT_QPA_PLATFORM": "wayland",
           "STRETCH_TIMER_HOME": str(tmp_path / "home")}
    proc = subprocess.run([sys.executable, "-m", "stretch_timer"], cwd=REPO, env=env, capture_output=True,
                          text=True, timeout=30, check=False)
    assert proc.returncode == 2, proc.stderr
    assert proc.stderr.strip().splitlines() == [
        "stretch-timer: cannot connect to the Wayland display 'no-such-compositor'; check that the desktop "
        "session (or the compositor) is running and WAYLAND_DISPLAY is right"
    ]
