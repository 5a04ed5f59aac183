"""The launcher as a person gets it: ``stretch-timer install-desktop`` into temporary XDG folders, its files
checked by the desktop's own validators, each right-click action's ``Exec`` line run as the desktop would run
it (and checked to start the right routine, also when the app is open already), then ``uninstall-desktop``
leaving nothing behind. Also the trust rules: installing twice writes the same bytes, a file that is not ours
is never overwritten or removed, and the desktop's caches are refreshed only where they exist.

The clock runs 50 times faster, so each action ends in a few seconds (the bedtime action's home has a short
bedtime routine of its own: the bundled ones take 7:30 and more).
"""

from __future__ import annotations

import os
import queue
import shlex
import shutil
import struct
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from stretch_timer import desktop_install as desk

REPO = Path(__file__).resolve().parents[2]
TRACE = "stretch-timer-trace:"

pytestmark = [pytest.mark.gui, pytest.mark.slow]

ACTIONS = {  # the launcher's right-click menu: its name, and the routine it must start in a fresh home
    "calf-cramp": ("Calf cramp now", "calf-cramp-relief"),
    "hamstring-cramp": ("Hamstring cramp now", "hamstring-cramp-relief"),
    "foot-cramp": ("Foot cramp now", "foot-cramp-relief"),
    "thigh-cramp": ("Thigh cramp now", "thigh-cramp-relief"),
    "bedtime-routine": ("Bedtime routine", "mind-body-wind-down"),
}
QUICK_BEDTIME = ("format: 1\nname: Quick bedtime\ntags: [bedtime]\nprepare: 2\nsteps:\n"
                 "  - stretch: wall-calf-stretch\n    hold: 18\n    sides: none\n")
"""Shorter than the bundled bedtime routines (7:30 and 9:30), so the bedtime action starts it."""


def make_env(root: Path) -> dict[str, str]:
    env = {key: value for key, value in os.environ.items() if not key.startswith(("QT_", "STRETCH_TIMER", "XDG_"))}
    env.update(
        XDG_DATA_HOME=str(root / "data"), XDG_CONFIG_HOME=str(root / "config"), HOME=str(root / "home"),
        STRETCH_TIMER_HOME=str(root / "app-home"), STRETCH_TIMER_RUNTIME_DIR=str(root / "run"),
        QT_QPA_PLATFORM="offscreen", STRETCH_TIMER_CLOCK_SCALE="50", STRETCH_TIMER_TRACE="1",
        PYTHONPATH=str(REPO), PULSE_SERVER=f"unix:{root / 'no-such-server'}", XDG_RUNTIME_DIR=str(root),
    )
    env.pop("DBUS_SESSION_BUS_ADDRESS", None)
    return env


def cli(env: dict[str, str], *args: str, timeout: float = 30) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "stretch_timer", *args], cwd=env["HOME"], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def parse_entry(text: str) -> dict[str, dict[str, str]]:
    groups: dict[str, dict[str, str]] = {}
    group: dict[str, str] = {}
    for line in text.splitlines():
        if line.startswith("[") and line.endswith("]"):
            group = groups.setdefault(line[1:-1], {})
        elif "=" in line and not line.startswith("#"):
            key, _, value = line.partition("=")
            group[key] = value
    return groups


def exec_argv(value: str) -> list[str]:
    """An ``Exec`` value as the desktop runs it: the string escapes undone, then the quoting (the spec's
    double-quote rules are POSIX shell's), then ``%%`` (no field codes are used)."""
    unescaped = value.replace("\\\\", "\x00").replace("\\s", " ").replace("\x00", "\\")
    return [arg.replace("%%", "%") for arg in shlex.split(unescaped)]


def tree(root: Path) -> dict[str, bytes]:
    return {str(path.relative_to(root)): path.read_bytes() for path in sorted(root.rglob("*")) if path.is_file()}


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict[str, str], Path]:
    root = tmp_path_factory.mktemp("desktop")
    env = make_env(root)
    Path(env["HOME"]).mkdir()
    proc = cli(env, "install-desktop")
    assert proc.returncode == 0, proc.stderr
    assert "Stretch Timer is in your desktop's launcher." in proc.stdout
    return env, root


def entry_of(root: Path) -> dict[str, dict[str, str]]:
    return parse_entry((root / "data" / "applications" / "stretch-timer.desktop").read_text(encoding="utf-8"))


# --- the files --------------------------------------------------------------------------------------------


def test_the_launcher_names_the_window_and_offers_the_cramp_actions(installed: tuple[dict[str, str], Path]) -> None:
    _, root = installed
    groups = entry_of(root)
    main = groups["Desktop Entry"]
    assert main["Name"] == "Stretch Timer" and main["Icon"] == "stretch-timer" and main["Type"] == "Application"
    assert main["StartupWMClass"] == "stretch-timer", "Qt's WM_CLASS class is the application name"
    assert main["Actions"].rstrip(";").split(";") == list(ACTIONS)
    assert {groups[f"Desktop Action {action}"]["Name"] for action in ACTIONS} == {n for n, _ in ACTIONS.values()}
    program = exec_argv(main["Exec"])[0]
    assert os.path.isabs(program) and os.access(program, os.X_OK), "the full path: a session's PATH may lack it"
    assert main["TryExec"] == program
    source = (REPO / "stretch_timer" / "qt" / "app.py").read_text(encoding="utf-8")
    assert 'setDesktopFileName("stretch-timer")' in source, "the window and the launcher must share one id"


def test_desktop_file_validate_passes(installed: tuple[dict[str, str], Path]) -> None:
    tool = shutil.which("desktop-file-validate")
    if tool is None:
        pytest.skip("desktop-file-validate is not installed (Debian: desktop-file-utils)")
    _, root = installed
    for path in (REPO / "assets" / "desktop" / "stretch-timer.desktop",
                 root / "data" / "applications" / "stretch-timer.desktop"):
        proc = subprocess.run([tool, str(path)], capture_output=True, text=True, timeout=30, check=False)
        assert proc.returncode == 0 and not proc.stdout.strip(), proc.stdout + proc.stderr


def test_appstreamcli_validate_passes(installed: tuple[dict[str, str], Path]) -> None:
    tool = shutil.which("appstreamcli")
    if tool is None:
        pytest.skip("appstreamcli is not installed (Debian: appstream)")
    _, root = installed
    path = root / "data" / "metainfo" / desk.METAINFO_NAME
    proc = subprocess.run([tool, "validate", "--no-net", "--explain", str(path)], capture_output=True, text=True,
                          timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_the_metainfo_matches_the_app_and_its_screenshots_are_in_the_repo() -> None:
    import xml.etree.ElementTree as ET

    from stretch_timer import __version__

    component = ET.parse(REPO / "assets" / "desktop" / desk.METAINFO_NAME).getroot()
    assert component.findtext("id") == desk.COMPONENT_ID
    assert component.find("launchable[@type='desktop-id']").text == desk.DESKTOP_ID
    assert component.findtext("provides/binary") == "stretch-timer"
    assert component.find("content_rating").get("type") == "oars-1.1"
    assert component.find("releases/release").get("version") == __version__, "the newest release is this version"
    images = [image.text for image in component.iter("image")]
    assert len(images) >= 2
    for url in images:
        shot = REPO / "docs" / "screenshots" / url.rsplit("/", 1)[1]
        assert url.endswith(f"/docs/screenshots/{shot.name}") and shot.is_file(), url
        assert png_size(shot) == (1366, 768)


def test_the_icons_are_in_every_hicolor_size(installed: tuple[dict[str, str], Path]) -> None:
    _, root = installed
    hicolor = root / "data" / "icons" / "hicolor"
    for size in desk.ICON_SIZES:
        assert png_size(hicolor / f"{size}x{size}" / "apps" / "stretch-timer.png") == (size, size)
    assert (hicolor / "scalable" / "apps" / "stretch-timer.svg").read_bytes().lstrip().startswith((b"<svg", b"<?xml"))


# --- the actions -------------------------------------------------------------------------------------------


def traced(stderr: str) -> list[str]:
    """``name detail`` per trace line, without the time."""
    lines = []
    for line in stderr.splitlines():
        if line.startswith(TRACE):
            parts = line.split(maxsplit=3)
            lines.append(" ".join([parts[1], *parts[3:]]).strip())
    return lines


@pytest.mark.parametrize("action", list(ACTIONS))
def test_each_action_starts_its_routine(installed: tuple[dict[str, str], Path], action: str) -> None:
    env, root = installed
    argv = exec_argv(entry_of(root)[f"Desktop Action {action}"]["Exec"])
    home = root / f"home-{action}"
    env = dict(env, STRETCH_TIMER_HOME=str(home))
    expected = ACTIONS[action][1]
    if action == "bedtime-routine":  # the shortest bedtime routine is the one to start: a 20-second one here
        expected = "quick-bedtime"
        (home / "routines").mkdir(parents=True)
        (home / "routines" / f"{expected}.yaml").write_text(QUICK_BEDTIME, encoding="utf-8")
    proc = subprocess.run([*argv, "--quit-when-done", "--mute", "--no-voice"], cwd=env["HOME"], env=env,
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stderr
    trace = traced(proc.stderr)
    assert f"run-started {expected}" in trace, trace
    assert trace.count("run-finished completed=True") == 1, trace
    assert "Traceback" not in proc.stderr


class App:
    """A running app whose stderr trace is read as it comes."""

    def __init__(self, env: dict[str, str]) -> None:
        self.proc = subprocess.Popen([sys.executable, "-m", "stretch_timer", "--mute", "--no-voice"],
                                     cwd=env["HOME"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                     text=True)
        self.trace: list[str] = []
        self._lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self._lines.put(line)
        self._lines.put(None)

    def wait_for(self, wanted: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while wanted not in self.trace:
            try:
                line = self._lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                pytest.fail(f"no {wanted!r} within {timeout} s; trace: {self.trace}")
            if line is None:
                pytest.fail(f"the app ended before {wanted!r}; trace: {self.trace}")
            self.trace.extend(traced(line))

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.kill()
        self.proc.wait(timeout=10)


def test_an_action_goes_to_the_app_that_is_open_already(installed: tuple[dict[str, str], Path]) -> None:
    env, root = installed
    env = dict(env, STRETCH_TIMER_HOME=str(root / "home-open"), STRETCH_TIMER_RUNTIME_DIR=str(root / "run-open"))
    groups = entry_of(root)
    app = App(env)
    try:
        app.wait_for("listening")
        for action in ("bedtime-routine", "calf-cramp"):
            argv = exec_argv(groups[f"Desktop Action {action}"]["Exec"])
            second = subprocess.run(argv, cwd=env["HOME"], env=env, capture_output=True, text=True, timeout=30,
                                    check=False)
            assert second.returncode == 0, second.stderr
            app.wait_for(f"run-started {ACTIONS[action][1]}")
        assert "request bedtime" in app.trace and "request cramp calf" in app.trace
        assert "run-finished completed=False" in app.trace, "the cramp's relief replaced the bedtime run at once"
        assert app.proc.poll() is None, "the open app runs on"
    finally:
        app.stop()


# --- install twice, uninstall, and files that are not ours --------------------------------------------------


def enable_login_entry(env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """Switch on "Start in the tray when I log in" in the settings file the subprocess will read."""
    from stretch_timer.app.settings import Settings, settings_path

    monkeypatch.setenv("STRETCH_TIMER_HOME", env["STRETCH_TIMER_HOME"])
    Settings(settings_path()).autostart = True  # written at once; only the app itself writes the entry then


@pytest.fixture
def fresh(tmp_path: Path) -> Iterator[tuple[dict[str, str], Path]]:
    env = make_env(tmp_path)
    Path(env["HOME"]).mkdir()
    yield env, tmp_path


def test_install_twice_is_harmless_and_uninstall_leaves_nothing(
    fresh: tuple[dict[str, str], Path], monkeypatch: pytest.MonkeyPatch, qapp: object
) -> None:
    env, root = fresh
    enable_login_entry(env, monkeypatch)
    first = cli(env, "install-desktop")
    assert first.returncode == 0, first.stderr
    data, config = root / "data", root / "config"
    after_first = {**tree(data), **{f"config/{k}": v for k, v in tree(config).items()}}
    login = config / "autostart" / "stretch-timer.desktop"
    assert login.is_file() and exec_argv(parse_entry(login.read_text())["Desktop Entry"]["Exec"])[-1] == "--tray"
    assert "login entry:" in first.stdout
    mtimes = {path: path.stat().st_mtime_ns for path in data.rglob("*") if path.is_file()}

    second = cli(env, "install-desktop")
    assert second.returncode == 0, second.stderr
    assert "(nothing changed)" in second.stdout
    assert {**tree(data), **{f"config/{k}": v for k, v in tree(config).items()}} == after_first, "the same bytes"
    assert {path: path.stat().st_mtime_ns for path in data.rglob("*") if path.is_file()} == mtimes, "not rewritten"

    gone = cli(env, "uninstall-desktop")
    assert gone.returncode == 0, gone.stderr
    assert f"Removed {len(after_first) - 1} files" in gone.stdout, gone.stdout  # and the manifest
    assert not data.exists() and not (config / "autostart").exists(), "every file and folder install made is gone"
    again = cli(env, "uninstall-desktop")
    assert again.returncode == 0 and "Nothing to remove" in again.stdout


def test_only_the_users_xdg_folders_are_written(fresh: tuple[dict[str, str], Path]) -> None:
    env, root = fresh
    before = {path for path in root.rglob("*")}
    proc = cli(env, "install-desktop")
    assert proc.returncode == 0, proc.stderr
    new = {path for path in root.rglob("*")} - before
    assert new and all(path.is_relative_to(root / "data") for path in new), sorted(new)


def test_a_launcher_of_someone_elses_is_neither_overwritten_nor_removed(fresh: tuple[dict[str, str], Path]) -> None:
    env, root = fresh
    theirs = root / "data" / "applications" / "stretch-timer.desktop"
    theirs.parent.mkdir(parents=True)
    theirs.write_text("[Desktop Entry]\nType=Application\nName=My own\nExec=true\n", encoding="utf-8")
    proc = cli(env, "install-desktop")
    assert proc.returncode == 1
    assert "was not written by Stretch Timer, so it was left as it is" in proc.stderr
    assert "Name=My own" in theirs.read_text(encoding="utf-8")
    assert (root / "data" / "icons" / "hicolor" / "48x48" / "apps" / "stretch-timer.png").is_file(), "the rest is"

    icon = root / "data" / "icons" / "hicolor" / "16x16" / "apps" / "stretch-timer.png"
    icon.write_bytes(b"changed by hand")
    proc = cli(env, "uninstall-desktop")
    assert proc.returncode == 1 and "has changed since it was installed" in proc.stderr
    assert "Name=My own" in theirs.read_text(encoding="utf-8") and icon.read_bytes() == b"changed by hand"
    assert sorted(str(p.relative_to(root / "data")) for p in (root / "data").rglob("*") if p.is_file()) == [
        "applications/stretch-timer.desktop", "icons/hicolor/16x16/apps/stretch-timer.png",
        "stretch-timer/desktop-install.json",
    ], "only theirs, the changed icon and the record of it are left"
    icon.unlink()
    proc = cli(env, "uninstall-desktop")
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in (root / "data").rglob("*") if p.is_file()) == ["stretch-timer.desktop"]


# --- in process: the pieces --------------------------------------------------------------------------------


def test_exec_lines_quote_a_path_with_spaces_as_the_spec_asks(tmp_path: Path) -> None:
    template = (REPO / "assets" / "desktop" / "stretch-timer.desktop").read_text(encoding="utf-8")
    program = "/home/ana/My Apps/100% venv/bin/stretch-timer"
    groups = parse_entry(desk.desktop_entry(template, [program]))
    assert exec_argv(groups["Desktop Action calf-cramp"]["Exec"]) == [program, "cramp", "calf"]
    assert exec_argv(groups["Desktop Action bedtime-routine"]["Exec"]) == [program, "bedtime"]
    assert groups["Desktop Entry"]["TryExec"] == program
    python = desk.desktop_entry(template, ["/usr/bin/python3", "-m", "stretch_timer"])
    assert exec_argv(parse_entry(python)["Desktop Action foot-cramp"]["Exec"]) == [
        "/usr/bin/python3", "-m", "stretch_timer", "cramp", "foot"]


def test_the_launcher_runs_this_installs_own_script(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bin_dir = tmp_path / "venv" / "bin"
    bin_dir.mkdir(parents=True)
    script = bin_dir / "stretch-timer"
    script.write_text("#!/bin/sh\n")
    script.chmod(0o755)
    monkeypatch.setattr(sys, "executable", str(bin_dir / "python"))
    assert desk.launcher_command() == [str(script)]
    script.unlink()
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desk.launcher_command() == [str(bin_dir / "python"), "-m", "stretch_timer"], "the last resort"


def test_caches_are_refreshed_only_where_they_exist(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ran: list[list[str]] = []
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in ("update-desktop-database", "gtk-update-icon-cache"):
        (tools / name).write_text("#!/bin/sh\n")
        (tools / name).chmod(0o755)
    monkeypatch.setenv("PATH", str(tools))
    data = tmp_path / "data"
    assert desk.refresh_caches(data, run=lambda argv: ran.append(list(argv))) == [] and ran == []
    (data / "applications").mkdir(parents=True)
    (data / "applications" / "mimeinfo.cache").write_text("[MIME Cache]\n")
    (data / "icons" / "hicolor").mkdir(parents=True)
    (data / "icons" / "hicolor" / "icon-theme.cache").write_bytes(b"")
    desk.refresh_caches(data, run=lambda argv: ran.append(list(argv)))
    assert [Path(command[0]).name for command in ran] == ["update-desktop-database", "gtk-update-icon-cache"]
    assert ran[1][-1] == str(data / "icons" / "hicolor")

    def broken(argv: object) -> None:
        raise OSError("no such tool")

    desk.refresh_caches(data, run=broken)  # never raises
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    assert desk.refresh_caches(data, run=broken) == [], "tools not installed: nothing to run, nothing fails"


def test_a_damaged_manifest_makes_only_identical_files_ours(tmp_path: Path) -> None:
    data, config = tmp_path / "data", tmp_path / "config"
    argv = ["/opt/stretch-timer"]
    assert desk.install(data, config, argv, autostart=False, run=lambda _argv: None).ok
    desk.manifest_path(data).write_text("{not json", encoding="utf-8")
    icon = data / "icons" / "hicolor" / "32x32" / "apps" / "stretch-timer.png"
    icon.write_bytes(b"someone else's")
    report = desk.uninstall(data, config, argv, run=lambda _argv: None)
    assert report.ok and icon.read_bytes() == b"someone else's"
    left = sorted(str(p.relative_to(data)) for p in data.rglob("*") if p.is_file())
    assert left == ["icons/hicolor/32x32/apps/stretch-timer.png"]
    assert not desk.manifest_path(data).exists(), "nothing is on record any more"


def test_the_actions_commands_take_quit_when_done_and_make_their_requests() -> None:
    from stretch_timer.cli import build_parser
    from stretch_timer.launch import app_request

    parser = build_parser()
    bedtime = parser.parse_args(["bedtime", "--quit-when-done", "--no-voice"])
    cramp = parser.parse_args(["cramp", "calf", "--quit-when-done"])
    assert (bedtime.quit_when_done, bedtime.no_voice, cramp.quit_when_done) == (True, True, True)
    request = app_request(bedtime)
    assert (request.action, request.argument, request.option("quit_when_done")) == ("bedtime", "", True)
    assert app_request(cramp).action == "cramp"
