"""Render every screen of the app to PNG, offscreen, in the light, dark and bedtime themes.

    .venv/bin/python scripts/screenshots.py /tmp/shots [--size 1280x800] [--themes light,dark,bedtime]
    .venv/bin/python scripts/screenshots.py /tmp/shots --player-set [--sizes 1366x768,1280x720]

Screens: the library (and Cramp now's muscles focused), a routine's overview, the player in each kind of phase (get
ready, hold right, switch sides, hold left, rest, breathing, relaxation, paused), the summary (completed and
stopped early), the keyboard-shortcut overlay and the settings dialog. A fake clock puts the session exactly
where each picture needs it, so the pictures are the same on every run. User data goes to a throw-away
folder; nothing is written to the repository.

``--player-set`` shoots the player instead, on the small screens people really have: for each size, normal
and large type, in a window and full screen, in each theme, the phases where space runs out first (get
ready, the longest how-to of any bundled stretch, a rest, breathing, relaxation, easing off, the stop
question, a muted run, the summary). Each size runs in a process of its own whose offscreen screen is exactly
that size, so full screen is that size too; "window" is a maximised window on it, which leaves
``WINDOW_DECOR`` pixels to the title bar and the desktop's panel. With ``QT_QPA_PLATFORM`` set (``xcb`` under
Xvfb), the real screen is used and it must be the one size given.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

ROUTINE = "bedtime-legs"
"""Has every kind of phase: get ready, holds on both sides with a switch, rests, breathing and relaxation."""

PLAYER_ROUTINE = "mind-body-wind-down"
"""Breathing, relaxation, rests, and the longest how-to of any bundled stretch (acupressure SP6)."""

PLAYER_SIZES = "1366x768,1280x720"
WINDOW_DECOR = 64
"""Pixels a maximised window loses on a small screen: a title bar (~30) and the desktop's panel (~34)."""


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--size", default="1280x800", help="window size, WIDTHxHEIGHT (default 1280x800)")
    parser.add_argument("--themes", default="light,dark,bedtime")
    parser.add_argument("--player-set", action="store_true",
                        help="the player at each of --sizes: normal and large type, window and full screen")
    parser.add_argument("--sizes", default=PLAYER_SIZES, help=f"with --player-set (default {PLAYER_SIZES})")
    args = parser.parse_args(argv)
    if args.player_set:
        return player_set(args)
    width, height = (int(part) for part in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["STRETCH_TIMER_HOME"] = tempfile.mkdtemp(prefix="stretch-timer-shots-")
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")

    from stretch_timer.app.settings import Settings
    from stretch_timer.app_data import open_library
    from stretch_timer.core.clock import FakeClock
    from stretch_timer.core.plan import PhaseKind, Side
    from stretch_timer.media.voice import NullVoice
    from stretch_timer.qt.main_window import MainWindow

    library = open_library()
    written: list[Path] = []

    def shoot(widget: Any, name: str) -> None:
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as the event loop would, before painting
        app.processEvents()
        path = args.outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    for theme in args.themes.split(","):
        settings = Settings()
        settings.disclaimer_seen = True
        settings.theme = theme
        settings.bedtime_theme_for_bedtime = False  # each set of pictures keeps its one theme
        clock = FakeClock()
        window = MainWindow(library, settings, clock=clock, cue_factory=SilentCues,
                            voice_factory=lambda: NullVoice("No speech engine: install speech-dispatcher."),
                            inhibitor=NoInhibitor())
        window.resize(width, height)
        window.show()
        window.context.runs.ensure_media()
        app.processEvents()
        shoot(window, f"{theme}-01-library")
        window.pages.library_page.focus_cramp()  # the muscles are always there: this shows the keyboard's way in
        shoot(window, f"{theme}-02-cramp-now")
        window.dialogs.help_overlay.toggle()
        shoot(window, f"{theme}-03-shortcuts")
        window.dialogs.help_overlay.toggle()
        window.context.commands.trigger("settings")
        dialog = window.dialogs.settings_dialog
        dialog.adjustSize()
        shoot(dialog, f"{theme}-04-settings")
        dialog.reject()
        window.pages.show_overview(ROUTINE)
        shoot(window, f"{theme}-05-overview")

        window.pages.start_routine(library.get(ROUTINE).routine)
        driver = window.context.runs.driver
        session = driver.session
        phases = session.timeline.phases

        def first(kind: PhaseKind, side: Side | None = None, after: float = 0.0, phases: Any = phases) -> Any:
            return next(p for p in phases if p.kind is kind and (side is None or p.side is side) and p.start >= after)

        hold_right = first(PhaseKind.HOLD, Side.RIGHT)
        wanted = [
            ("06-player-get-ready", phases[0]),
            ("07-player-hold-right", hold_right),
            ("08-player-switch", first(PhaseKind.SWITCH, after=hold_right.start)),
            ("09-player-hold-left", first(PhaseKind.HOLD, Side.LEFT, after=hold_right.start)),
            ("10-player-rest", first(PhaseKind.REST, after=hold_right.start)),
            ("11-player-breathe-in", first(PhaseKind.INHALE)),
            ("12-player-breathe-out", first(PhaseKind.EXHALE)),
            ("13-player-relaxation", first(PhaseKind.TENSE)),
        ]
        wanted.sort(key=lambda item: item[1].start)

        def advance_to(position: float, session: Any = session, clock: Any = clock, driver: Any = driver) -> None:
            while session.position < position - 1e-6:
                clock.advance(min(1.0, position - session.position))
                driver.poll()
            driver.display_tick.emit()

        for name, phase in wanted:
            advance_to(phase.start + min(phase.duration * 0.35, 4.0))
            shoot(window, f"{theme}-{name}")
        driver.pause()
        shoot(window, f"{theme}-14-player-paused")
        driver.resume()
        advance_to(session.timeline.total)
        shoot(window, f"{theme}-15-summary")

        window.pages.show_library()
        window.pages.start_routine(library.get("calf-cramp-relief").routine)
        advance_to_relief = window.context.runs.driver.session
        while advance_to_relief.position < 40:
            clock.advance(1.0)
            window.context.runs.driver.poll()
        window.pages.player_page.ease_off()
        shoot(window, f"{theme}-16-player-eased-off")
        window.pages.player_page.confirm_stop()
        shoot(window, f"{theme}-17-summary-stopped-early")
        window.pages.show_library()
        window.close()
        window.deleteLater()
        app.processEvents()

    for path in written:
        print(path)
    return 0


def _size(text: str) -> tuple[int, int]:
    width, height = (int(part) for part in text.lower().split("x"))
    return width, height


def player_set(args: argparse.Namespace) -> int:
    """One process per size, each with an offscreen screen of exactly that size (or the real screen)."""
    import json
    import subprocess

    sizes = [_size(text) for text in args.sizes.split(",") if text]
    platform = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    if platform != "offscreen":  # a screen of its own (xcb under Xvfb, or a child's sized offscreen one)
        if len(sizes) != 1:
            print("with QT_QPA_PLATFORM set, give one size (that of the screen)", file=sys.stderr)
            return 2
        return _player_shots(args, *sizes[0])
    status = 0
    for width, height in sizes:
        config = Path(tempfile.mkdtemp(prefix="stretch-timer-screen-")) / "screen.json"
        config.write_text(json.dumps({"screens": [{
            "name": "shots", "x": 0, "y": 0, "width": width, "height": height, "logicalDpi": 96,
            "logicalBaseDpi": 96, "dpr": 1}]}))
        env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}"}
        command = [sys.executable, __file__, str(args.outdir), "--player-set", "--sizes", f"{width}x{height}",
                   "--themes", args.themes]
        status = subprocess.run(command, env=env, check=False).returncode or status
    return status


def _player_shots(args: argparse.Namespace, width: int, height: int) -> int:
    os.environ["STRETCH_TIMER_HOME"] = tempfile.mkdtemp(prefix="stretch-timer-shots-")
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")
    screen = app.primaryScreen().size()
    if (screen.width(), screen.height()) != (width, height):
        print(f"the screen is {screen.width()}x{screen.height()}, not {width}x{height}", file=sys.stderr)

    from stretch_timer.app.settings import Settings
    from stretch_timer.app_data import open_library
    from stretch_timer.core.clock import FakeClock
    from stretch_timer.core.plan import PhaseKind
    from stretch_timer.media.voice import NullVoice
    from stretch_timer.qt.main_window import MainWindow

    library = open_library()
    routine = library.get(PLAYER_ROUTINE).routine
    written: list[Path] = []
    system_font = QFont(app.font())  # each window's theme scales the font it finds: give each the system's

    def shoot(widget: Any, name: str) -> None:
        app.processEvents()
        app.sendPostedEvents(None, QEvent.Type.DeferredDelete)
        app.processEvents()
        path = args.outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    for large in (False, True):
        for full in (False, True):
            for theme in args.themes.split(","):
                prefix = (f"player-{width}x{height}-{'large' if large else 'normal'}-"
                          f"{'full' if full else 'window'}-{theme}")
                app.setFont(system_font)
                settings = Settings()
                settings.disclaimer_seen = True
                settings.theme = theme
                settings.large_type = large
                settings.bedtime_theme_for_bedtime = False
                clock = FakeClock()
                window = MainWindow(library, settings, clock=clock, cue_factory=SilentCues,
                                    voice_factory=lambda: NullVoice("No speech engine."), inhibitor=NoInhibitor())
                window.resize(width, height - WINDOW_DECOR)
                window.show()
                if full:
                    window.set_full_screen(True)
                    app.processEvents()
                    if window.size() != screen:  # no window manager (bare Xvfb) to make it so
                        window.setGeometry(app.primaryScreen().geometry())
                window.context.runs.ensure_media()
                app.processEvents()
                window.pages.start_routine(routine)
                driver = window.context.runs.driver
                session = driver.session
                phases = session.timeline.phases
                page = window.pages.player_page

                def at(position: float, session: Any = session, clock: Any = clock, driver: Any = driver) -> None:
                    while session.position < position - 1e-6:
                        clock.advance(min(1.0, position - session.position))
                        driver.poll()
                    driver.display_tick.emit()

                def first(kind: PhaseKind, after: float = 0.0, phases: Any = phases) -> Any:
                    return next(p for p in phases if p.kind is kind and p.start >= after)

                longest = max((p for p in phases if p.kind is PhaseKind.HOLD and p.stretch is not None),
                              key=lambda p: sum(map(len, p.stretch.instructions)) + len(p.stretch.safety or ""))
                wanted = [
                    ("01-get-ready", phases[0]),
                    ("02-breathe-in", first(PhaseKind.INHALE)),
                    ("03-hold-longest-how-to", longest),
                    ("04-rest", first(PhaseKind.REST, after=longest.start)),
                    ("05-relaxation", first(PhaseKind.TENSE)),
                ]
                for name, phase in wanted:
                    at(phase.start + min(phase.duration * 0.35, 4.0))
                    shoot(window, f"{prefix}-{name}")
                    if name == "03-hold-longest-how-to":
                        page.ease_off()
                        shoot(window, f"{prefix}-06-hold-eased-off")
                        page.request_stop()
                        shoot(window, f"{prefix}-07-hold-stop-question")
                        page.cancel_stop()
                        page.toggle_pause()
                if hasattr(page, "set_muted"):
                    page.set_muted(True)
                    first_breath = first(PhaseKind.EXHALE, after=phases[-1].start - 60)
                    at(first_breath.start + 1)
                    shoot(window, f"{prefix}-08-breathe-out-muted")
                    page.set_muted(False)
                at(session.timeline.total)
                shoot(window, f"{prefix}-09-summary")
                window.pages.show_library()
                window.close()
                window.deleteLater()
                app.processEvents()
    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
