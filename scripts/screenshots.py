"""Render every screen of the app to PNG, offscreen, in the light, dark and bedtime themes.

    .venv/bin/python scripts/screenshots.py /tmp/shots [--size 1280x800] [--themes light,dark,bedtime]

Screens: the library (and Cramp now's muscles focused), a routine's overview, the player in each kind of phase (get
ready, hold right, switch sides, hold left, rest, breathing, relaxation, paused), the summary (completed and
stopped early), the keyboard-shortcut overlay and the settings dialog. A fake clock puts the session exactly
where each picture needs it, so the pictures are the same on every run. User data goes to a throw-away
folder; nothing is written to the repository.
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
    args = parser.parse_args(argv)
    width, height = (int(part) for part in args.size.lower().split("x"))
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    os.environ["STRETCH_TIMER_HOME"] = tempfile.mkdtemp(prefix="stretch-timer-shots-")
    args.outdir.mkdir(parents=True, exist_ok=True)

    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication([sys.argv[0]])
    app.setStyle("Fusion")

    from stretch_timer.app_data import open_library
    from stretch_timer.core.clock import FakeClock
    from stretch_timer.core.plan import PhaseKind, Side
    from stretch_timer.media.voice import NullVoice
    from stretch_timer.qt.main_window import MainWindow
    from stretch_timer.qt.settings import Settings

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
        window.ensure_media()
        app.processEvents()
        shoot(window, f"{theme}-01-library")
        window.library_page.focus_cramp()  # the muscles are always there: this shows the keyboard's way in
        shoot(window, f"{theme}-02-cramp-now")
        window.toggle_help()
        shoot(window, f"{theme}-03-shortcuts")
        window.toggle_help()
        window.show_settings()
        dialog = window._settings_dialog
        dialog.adjustSize()
        shoot(dialog, f"{theme}-04-settings")
        dialog.reject()
        window.show_overview(ROUTINE)
        shoot(window, f"{theme}-05-overview")

        window.start_routine(library.get(ROUTINE).routine)
        driver = window.driver
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

        window.show_library()
        window.start_routine(library.get("calf-cramp-relief").routine)
        advance_to_relief = window.driver.session
        while advance_to_relief.position < 40:
            clock.advance(1.0)
            window.driver.poll()
        window.player_page.ease_off()
        shoot(window, f"{theme}-16-player-eased-off")
        window.player_page.confirm_stop()
        shoot(window, f"{theme}-17-summary-stopped-early")
        window.show_library()
        window.close()
        window.deleteLater()
        app.processEvents()

    for path in written:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
