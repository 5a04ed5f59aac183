"""Render every page a person sees to PNG, on the small screens people really have, to be looked at (issue 10).

    .venv/bin/python scripts/screenshots.py /tmp/shots
    .venv/bin/python scripts/screenshots.py /tmp/shots --sizes 1280x720 --themes bedtime --types large --only player
    xvfb-run -a -s "-screen 0 1366x768x24" .venv/bin/python scripts/screenshots.py /tmp/shots --sizes 1366x768

For each screen size (default 1366x768 and 1280x720), normal and large type, in a window and full screen, in
the light, dark and bedtime themes: the library, Cramp now's muscles focused, the keyboard-shortcut overlay,
the settings dialog, About, a routine's overview, the player in every kind of phase (get ready, a hold on each
side with the switch between, the longest how-to of any bundled stretch, a rest, breathing in and out, muted,
relaxation, paused, easing off, the stop question, the shortcuts over a run, the "quit while running?"
question) and the summary (completed, and stopped early). Dialogs are drawn over the window where a window
manager would centre them, on a canvas the size of the screen, so a dialog too big for the screen shows cut
off; the script says so too.

A fake clock puts the routine exactly where each picture needs it, so the pictures are the same on every run;
user data goes to a throw-away folder and nothing is written to the repository. Each size runs in a process
of its own whose offscreen screen is exactly that size, so full screen is that size; "window" is a maximised
window on it, which leaves ``WINDOW_DECOR`` pixels to the title bar and the desktop's panel. With
``QT_QPA_PLATFORM`` set (``xcb`` under Xvfb) the real screen is used, and it must be the one size given.
Files are named ``SIZE-TYPE-MODE-THEME-NN-page.png``; their paths are printed, one a line.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUTINE = "mind-body-wind-down"
"""Every kind of phase (get ready, holds on both sides with a switch, rests, breathing, relaxation) and the
longest how-to of any bundled stretch (acupressure SP6)."""

STOPPED_ROUTINE = "calf-cramp-relief"
"""Stopped part way for the "stopped early" summary: a relief routine, the one people stop when it helps."""

SIZES = "1366x768,1280x720"
WINDOW_DECOR = 64
"""Pixels a maximised window loses on a small screen: a title bar (~30) and the desktop's panel (~34)."""
TITLE_BAR = 28
"""The title bar drawn above a dialog in the pictures (the window manager's, which offscreen has none)."""


class SilentCues:
    available, reason, backend, volume, muted = True, "", "screenshots", 1.0, False

    def play(self, cue: str) -> None:
        pass

    def set_volume(self, volume: float) -> None:
        self.volume = volume

    def set_muted(self, muted: bool) -> None:
        self.muted = muted


class NoInhibitor:
    def inhibit(self, reason: str = "") -> None:
        pass

    def release(self) -> None:
        pass


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def _names(text: str, allowed: tuple[str, ...], what: str) -> list[str]:
    names = [name for name in text.split(",") if name]
    wrong = [name for name in names if name not in allowed]
    if wrong:
        raise SystemExit(f"unknown {what}: {', '.join(wrong)} (choose from {', '.join(allowed)})")
    return names


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--sizes", default=SIZES, help=f"screen sizes, WIDTHxHEIGHT,... (default {SIZES})")
    parser.add_argument("--themes", default="light,dark,bedtime")
    parser.add_argument("--types", default="normal,large", help="normal,large (default both)")
    parser.add_argument("--modes", default="window,full", help="window,full (default both)")
    parser.add_argument("--only", default="", help="only pictures whose page name contains this (e.g. player)")
    args = parser.parse_args(argv)
    _names(args.themes, ("light", "dark", "bedtime"), "theme")
    _names(args.types, ("normal", "large"), "type size")
    _names(args.modes, ("window", "full"), "mode")
    sizes = [_size(text) for text in args.sizes.split(",") if text]
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform != "offscreen":  # a screen of its own (xcb under Xvfb, or a child's sized offscreen one)
        if len(sizes) != 1:
            print("with QT_QPA_PLATFORM set, give one size (that of the screen)", file=sys.stderr)
            return 2
        return shoot_all(args, *sizes[0])
    status = 0
    for width, height in sizes:
        config = Path(tempfile.mkdtemp(prefix="stretch-timer-screen-")) / "screen.json"
        config.write_text(json.dumps({"screens": [{
            "name": "shots", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
            "logicalBaseDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        command = [sys.executable, __file__, str(args.outdir), "--sizes", f"{width}x{height}",
                   "--themes", args.themes, "--types", args.types, "--modes", args.modes, "--only", args.only]
        status = subprocess.run(command, env=env, check=False).returncode or status
    return status


class Camera:
    """Grabs widgets into PNGs named after the size, type, mode, theme and page; composes dialogs on a screen."""

    def __init__(self, app: Any, outdir: Path, screen: tuple[int, int], only: str) -> None:
        self.app = app
        self.outdir = outdir
        self.screen = screen
        self.only = only
        self.prefix = ""
        self.count = 0
        self.written: list[Path] = []
        self.warnings: list[str] = []

    def start(self, prefix: str) -> None:
        self.prefix = prefix
        self.count = 0

    def _settle(self) -> None:
        from PySide6.QtCore import QEvent

        self.app.processEvents()
        self.app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the event loop would, before painting
        self.app.processEvents()

    def _path(self, name: str) -> Path | None:
        self.count += 1
        if self.only and self.only not in name:
            return None
        return self.outdir / f"{self.prefix}-{self.count:02d}-{name}.png"

    def window(self, window: Any, name: str) -> None:
        path = self._path(name)
        if path is None:
            return
        self._settle()
        window.grab().save(str(path))
        self.written.append(path)

    def dialog(self, window: Any, dialog: Any, name: str) -> None:
        """The window with ``dialog`` centred over it (as a window manager places a transient), on the screen."""
        path = self._path(name)
        if path is None:
            return
        from PySide6.QtCore import QPoint, Qt
        from PySide6.QtGui import QColor, QImage, QPainter

        self._settle()
        width, height = self.screen
        canvas = QImage(width, height, QImage.Format.Format_RGB32)
        canvas.fill(QColor("#30343a"))  # the desktop around a window that is not full screen
        painter = QPainter(canvas)
        painter.drawPixmap(QPoint(0, 0), window.grab())
        picture = dialog.grab()
        size = picture.size() / max(1.0, picture.devicePixelRatio())
        if size.width() > width or size.height() > height - (0 if window.isFullScreen() else WINDOW_DECOR):
            self.warnings.append(f"{path.name}: the dialog is {size.width()}x{size.height()}, "
                                 f"the screen {width}x{height}")
        x = max(0, (window.width() - size.width()) // 2)
        y = max(TITLE_BAR, (window.height() - size.height()) // 2)
        # A title bar and an edge, as a window manager draws them: without, a dialog in the window's own colour
        # melts into the window behind it and the picture says nothing about where it ends.
        painter.fillRect(x - 1, y - TITLE_BAR, size.width() + 2, TITLE_BAR, QColor("#3b4048"))
        painter.setPen(QColor("#e8e8e8"))
        painter.drawText(x + 10, y - TITLE_BAR, size.width() - 20, TITLE_BAR,
                         int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft), dialog.windowTitle())
        painter.setPen(QColor("#3b4048"))
        painter.drawRect(x - 1, y - 1, size.width() + 1, size.height() + 1)
        painter.drawPixmap(QPoint(x, y), picture)
        painter.end()
        canvas.save(str(path))
        self.written.append(path)


def fresh_home() -> str:
    """A user folder of its own for a set of pictures (no "last used" carried over), removed when the script ends."""
    home = tempfile.mkdtemp(prefix="stretch-timer-shots-")
    atexit.register(shutil.rmtree, home, True)
    return home


def shoot_all(args: argparse.Namespace, width: int, height: int) -> int:
    os.environ["STRETCH_TIMER_HOME"] = fresh_home()
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    screen = app.primaryScreen().size()
    if (screen.width(), screen.height()) != (width, height):
        print(f"the screen is {screen.width()}x{screen.height()}, not {width}x{height}", file=sys.stderr)

    from stretch_timer.app_data import open_library

    library = open_library()
    camera = Camera(app, args.outdir, (width, height), args.only)
    for large in [kind == "large" for kind in args.types.split(",") if kind]:
        for full in [mode == "full" for mode in args.modes.split(",") if mode]:
            for theme in [name for name in args.themes.split(",") if name]:
                camera.start(f"{width}x{height}-{'large' if large else 'normal'}-{'full' if full else 'window'}"
                             f"-{theme}")
                shoot_window(app, library, camera, theme=theme, large=large, full=full, size=(width, height))
    for path in camera.written:
        print(path)
    for warning in camera.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return 0


def make_window(app: Any, library: Any, *, theme: str, large: bool, full: bool,
                size: tuple[int, int]) -> tuple[Any, Any]:
    """A main window on a fake clock with silent sound and no voice, in ``theme``, shown as asked."""
    from stretch_timer.app.context import AppContext
    from stretch_timer.app.settings import Settings
    from stretch_timer.core.clock import FakeClock
    from stretch_timer.media.voice import NullVoice
    from stretch_timer.qt.main_window import MainWindow

    os.environ["STRETCH_TIMER_HOME"] = fresh_home()
    settings = Settings()
    settings.disclaimer_seen = True
    settings.theme = theme
    settings.large_type = large
    settings.bedtime_theme_for_bedtime = False  # each set of pictures keeps its one theme,
    settings.night_relief = False  # whatever the time of day
    clock = FakeClock()
    context = AppContext(settings, library=library, clock=clock, cue_factory=SilentCues,
                         voice_factory=lambda: NullVoice("No speech engine: install speech-dispatcher."),
                         inhibitor=NoInhibitor())
    window = MainWindow(context, app=app)
    window.resize(size[0], size[1] - WINDOW_DECOR)
    window.show()
    if full:
        window.view.set_full_screen(True)
        app.processEvents()
        if (window.width(), window.height()) != size:  # no window manager (bare Xvfb) to make it so
            window.setGeometry(app.primaryScreen().geometry())
    context.runs.ensure_media()
    app.processEvents()
    return window, clock


def shoot_window(app: Any, library: Any, camera: Camera, *, theme: str, large: bool, full: bool,
                 size: tuple[int, int]) -> None:
    from stretch_timer.core.plan import PhaseKind, Side

    window, clock = make_window(app, library, theme=theme, large=large, full=full, size=size)
    context, pages, dialogs = window.context, window.pages, window.dialogs

    camera.window(window, "library")
    pages.library_page.focus_cramp()  # the muscles are always there: this shows the keyboard's way in
    camera.window(window, "library-cramp-now")
    dialogs.help_overlay.toggle()
    camera.window(window, "library-shortcuts")
    dialogs.help_overlay.toggle()
    context.commands.trigger("settings")
    camera.dialog(window, dialogs.settings_dialog, "settings")
    dialogs.settings_dialog.reject()
    about = dialogs.show_about()
    camera.dialog(window, about, "about")
    about.close()
    pages.show_overview(ROUTINE)
    camera.window(window, "overview")

    pages.start_routine(library.get(ROUTINE).routine)
    driver = context.runs.driver
    session = driver.session
    page = pages.player_page
    phases = session.timeline.phases

    def at(position: float) -> None:
        while session.position < position - 1e-6:
            clock.advance(min(1.0, position - session.position))
            driver.poll()
        driver.display_tick.emit()

    def first(kind: PhaseKind, side: Side | None = None, after: float = 0.0) -> Any:
        return next(p for p in phases if p.kind is kind and (side is None or p.side is side) and p.start >= after)

    def how_to_length(phase: Any) -> int:
        return sum(map(len, phase.stretch.instructions)) + len(phase.stretch.safety or "")

    def muted() -> None:
        context.set_muted(True)
        camera.window(window, "player-breathe-out-muted")
        context.set_muted(False)

    def paused() -> None:
        driver.pause()
        camera.window(window, "player-paused")
        driver.resume()

    def questions() -> None:
        page.ease_off()
        camera.window(window, "player-eased-off")
        page._resume_after_ease()  # the panel's Resume button
        page.request_stop()
        camera.window(window, "player-stop-question")
        page.cancel_stop()
        window.ask_to_quit()
        box = next(b for b in dialogs.message_boxes if b.accessibleName() == "Quit while running")
        camera.dialog(window, box, "player-quit-question")
        box.reject()
        dialogs.help_overlay.toggle()
        camera.window(window, "player-shortcuts")
        dialogs.help_overlay.toggle()

    hold_right = first(PhaseKind.HOLD, Side.RIGHT)
    longest = max((p for p in phases if p.kind is PhaseKind.HOLD and p.stretch is not None), key=how_to_length)
    wanted: list[tuple[str, Any, Callable[[], None] | None]] = [
        ("player-get-ready", phases[0], None),
        ("player-hold-right", hold_right, paused),
        ("player-switch", first(PhaseKind.SWITCH, after=hold_right.start), None),
        ("player-hold-left", first(PhaseKind.HOLD, Side.LEFT, after=hold_right.start), None),
        ("player-rest", first(PhaseKind.REST, after=hold_right.start), None),
        ("player-breathe-in", first(PhaseKind.INHALE), None),
        ("player-breathe-out", first(PhaseKind.EXHALE), muted),
        ("player-relaxation", first(PhaseKind.TENSE), None),
        ("player-longest-how-to", longest, questions),
    ]
    wanted.sort(key=lambda item: item[1].start)
    for name, phase, then in wanted:
        at(phase.start + min(phase.duration * 0.35, 4.0))
        camera.window(window, name)
        if then is not None:
            then()
    at(session.timeline.total)
    camera.window(window, "summary")

    pages.show_library()
    pages.start_routine(library.get(STOPPED_ROUTINE).routine)
    driver = context.runs.driver
    session = driver.session
    at(min(40.0, session.timeline.total / 2))
    pages.player_page.request_stop()
    pages.player_page.confirm_stop()
    camera.window(window, "summary-stopped-early")
    pages.show_library()
    window.close()
    window.deleteLater()
    app.processEvents()


if __name__ == "__main__":
    sys.exit(main())
