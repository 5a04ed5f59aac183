"""Starting the GUI: check that Qt can open a window, create the application, show the main window.

``run_gui`` is what ``stretch-timer``, ``stretch-timer start ROUTINE`` and ``stretch-timer cramp`` call
(lazily: the CLI's other commands never import Qt) when no app runs yet. It makes this app the single
instance: just after the first paint (the channel costs ~15 ms the first paint need not wait for), it listens
for later launches (:class:`~stretch_timer.app.ipc.IpcServer`) and passes their requests to
:class:`~stretch_timer.app.requests.RequestHandler`, which the window follows. A launch that lost the race to
another (both found no app running) hands its request to the winner and closes its window.

Before any Qt import, :mod:`platform_check` turns a missing display (X11 or Wayland) or a missing
system library into one line and exit code 2, instead of Qt's abort and core dump.

The terminal gets plain lines of the app's own: one per missing part (``stretch-timer: no sound: …``,
``stretch-timer: no voice: …``), said once. Qt's own messages go through a message handler, installed before the
application exists, into :mod:`stretch_timer.diagnostics` (kept for ``--verbose``, which prints them as they
come, and for bug reports); the known noisy ones (no sound server, no PipeWire, the speechd plug-in) are not
printed, anything else still is.

Two environment variables exist for tests, demos and benchmarks (not for everyday use):

* ``STRETCH_TIMER_CLOCK_SCALE=50`` runs the app's clock 50 times faster than real time, so a two-minute
  routine ends in a few seconds (``tests/e2e/test_gui_cli.py``, ``benchmarks/resources.py``).
* ``STRETCH_TIMER_TRACE=1`` prints milestones to stderr as ``stretch-timer-trace: NAME WALLTIME``
  (``time.time()``): ``first-paint``, ``library-painted`` (the routine cards on screen), ``run-started``
  (with the routine's id), ``first-event`` (the session's first event, e.g. the get-ready's PhaseStarted),
  ``sound`` (the cue player was made, after the first paint: its backend), ``voice`` (the voice is ready or
  gave up: its engine or why not), ``voice-off`` (a voice that was ready turned off later, and why),
  ``first-cue`` (the first sound played, and when it was due: ``due=`` seconds after the run started),
  ``run-finished``, ``platform`` (Qt's platform plugin: ``xcb``, ``wayland``, ``offscreen``), ``listening``
  (later launches can hand their requests over from now on), ``request`` (a second launch's request arrived:
  its action and argument), ``exit`` with the peak RSS; the benchmarks read them. ``run-started``,
  ``first-event`` and ``first-cue`` come once per run.
"""

from __future__ import annotations

import linecache
import os
import sys
import time
from typing import TYPE_CHECKING, Any

from stretch_timer.core.clock import MonotonicClock
from stretch_timer.qt.platform_check import EXIT_NO_DISPLAY, check_platform, explain_import_error

if TYPE_CHECKING:
    from stretch_timer.app.ipc import IpcServer
    from stretch_timer.app.ipc_messages import Request
    from stretch_timer.core.library import Library
    from stretch_timer.core.model import Routine

CLOCK_SCALE_ENV = "STRETCH_TIMER_CLOCK_SCALE"
TRACE_ENV = "STRETCH_TIMER_TRACE"


class ScaledClock(MonotonicClock):
    """A monotonic clock running ``rate`` times faster than real time (for tests and demos only)."""

    def __init__(self, rate: float) -> None:
        self.rate = rate
        self._origin = time.monotonic()

    def now(self) -> float:
        real = time.monotonic()
        return self._origin + (real - self._origin) * self.rate


def clock_from_env(env: dict[str, str] | os._Environ[str] | None = None) -> MonotonicClock:
    env = os.environ if env is None else env
    raw = env.get(CLOCK_SCALE_ENV, "").strip()
    if raw:
        try:
            rate = float(raw)
        except ValueError:
            rate = 1.0
        if rate > 0 and rate != 1.0:
            return ScaledClock(rate)
    return MonotonicClock()


def trace(name: str, detail: str = "") -> None:
    if os.environ.get(TRACE_ENV):
        print(f"stretch-timer-trace: {name} {time.time():.6f} {detail}".rstrip(), file=sys.stderr, flush=True)


def peak_rss_kib() -> int:
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def run_gui(
    routine: Routine | None = None,
    *,
    library: Library | None = None,
    mute: bool = False,
    no_voice: bool = False,
    quit_when_done: bool = False,
    fullscreen: bool = False,
    cramp_choice: bool = False,
    tray: bool = False,
    single_instance: Request | None = None,
    argv: list[str] | None = None,
) -> int:
    """Open the window (on the library, or straight into the player on ``routine``; ``cramp_choice``: on the
    library with the muscles focused); return the exit code.

    With ``single_instance`` (this launch's request, which the CLI found no running app for), the app listens
    for later launches' requests from just after its first paint; when another launch became the app in the
    meantime, the request goes to that one instead, and this window closes (exit code 0)."""
    problem = check_platform()
    if problem is not None:
        print(problem, file=sys.stderr)
        return EXIT_NO_DISPLAY
    try:
        from PySide6.QtCore import Qt
        from PySide6.QtGui import QGuiApplication
        from PySide6.QtWidgets import QApplication
    except ImportError as error:
        print(explain_import_error(error), file=sys.stderr)
        return EXIT_NO_DISPLAY

    install_message_handler()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app: Any = QApplication.instance()
    if app is None:
        # Fusion by its command-line option rather than app.setStyle(), which returns the style to Python and so
        # builds the QStyle wrapper and its many enums (~8 ms) before the first paint; last, so it wins as before.
        app = QApplication([sys.argv[0], *(argv or []), "-style", "Fusion"])
    else:
        app.setStyle("Fusion")
    app.setApplicationName("stretch-timer")
    app.setApplicationDisplayName("Stretch Timer")
    app.setOrganizationName("stretch-timer")
    app.setDesktopFileName("stretch-timer")

    from stretch_timer.app.context import AppContext, LaunchOptions
    from stretch_timer.app.settings import Settings
    from stretch_timer.qt.main_window import MainWindow

    linecache.clearcache()  # see _forget_module_sources

    options = LaunchOptions(mute=mute, no_voice=no_voice, quit_when_done=quit_when_done, fullscreen=fullscreen,
                            tray=tray)
    # Without a routine to start, the window paints first and loads the routines right after.
    context = AppContext(Settings(), library=library, options=options, clock=clock_from_env())
    tracing = bool(os.environ.get(TRACE_ENV))
    context.media_changed.connect(_MissingParts(context))
    if tracing:
        trace("platform", app.platformName())
        _trace_runs(context)  # before the window: a run's first events come while the player attaches to it
    window = MainWindow(context, app=app)
    window.after_next_paint(lambda: _set_icon(app))  # the window manager shows it; the first paint need not wait
    if tracing:
        _install_tracing(window)
    servers: list[IpcServer] = []
    if single_instance is not None:  # first in line after the first paint: nothing on screen waits for it
        window.after_next_paint(lambda: _serve_later_launches(window, single_instance, servers, tracing))
    if routine is not None:
        context.start(routine)
    hidden = tray and routine is None and not cramp_choice and window.start_in_tray()
    if hidden:  # no first paint to wait for: later launches are listened to at once
        if single_instance is not None:
            _serve_later_launches(window, single_instance, servers, tracing)
    elif fullscreen:
        window.view.set_full_screen(True)
    else:
        window.show()
    if cramp_choice:
        window.pages.show_cramp_choice()
    _forget_module_sources(window)
    try:
        code = app.exec()
    finally:
        for server in servers:
            server.close()  # the window closed it already, unless the app ended another way
    if tracing:
        trace("exit", f"peak_rss_kib={peak_rss_kib()}")
    return code if code else window.exit_code


def install_message_handler() -> None:
    """Qt's messages into :mod:`stretch_timer.diagnostics` from now on (once per process): kept, and printed
    unless they are known noise (all of them with ``--verbose``). Before QApplication, which has things to say."""
    from PySide6.QtCore import QtMsgType, qInstallMessageHandler

    from stretch_timer import diagnostics

    global _message_handler
    if _message_handler is not None:
        return

    def handle(kind: Any, context: Any, message: str) -> None:
        category = getattr(context, "category", "") or ""
        line = message if category in ("", "default") else f"{category}: {message}"
        diagnostics.record(line, category=category, always_print=kind == QtMsgType.QtFatalMsg)

    _message_handler = handle  # PySide6 keeps no reference of its own: without this one, a crash at the next message
    qInstallMessageHandler(handle)


_message_handler: Any = None


class _MissingParts:
    """One plain line on the terminal per part that is missing (sound, voice), once, when it is known.

    Called on each ``media_changed``; the voice is known once its service answered or gave up. A voice turned
    off on purpose (``--no-voice``) is not missing."""

    def __init__(self, context: Any) -> None:
        self.context = context
        self.said: set[str] = set()

    def __call__(self) -> None:
        runs = self.context.runs
        cues, voice = runs.cues, runs.voice
        if cues is not None and not cues.available and "sound" not in self.said:
            self.said.add("sound")
            self._say("no sound", cues.reason, "Sound unavailable:")
        if (voice is not None and not getattr(voice, "pending", False) and not voice.available
                and not runs.no_voice and "voice" not in self.said):
            self.said.add("voice")
            self._say("no voice", voice.reason, "Voice unavailable:")

    @staticmethod
    def _say(what: str, reason: str, prefix: str) -> None:
        reason = (reason or "").strip()
        if reason.lower().startswith(prefix.lower()):
            reason = reason[len(prefix):].strip()
        reason = reason.rstrip(".")
        if reason[:1].isupper() and not reason[1:2].isupper():
            reason = reason[0].lower() + reason[1:]
        print(f"stretch-timer: {what}: {reason}" if reason else f"stretch-timer: {what}", file=sys.stderr,
              flush=True)


def _serve_later_launches(window: Any, request: Request, servers: list[IpcServer], tracing: bool) -> None:
    """Become the single instance (just after the first paint, which the channel's ~15 ms need not delay),
    or, when another launch became it since the CLI looked, hand ``request`` to that one and close."""
    server, handed_over = _become_the_instance(request)
    if handed_over:
        window.close_without_asking()  # the other app shows the request; this window goes, its run with it
        return
    if server is None:
        return
    from stretch_timer.app.requests import RequestHandler

    requests = RequestHandler(window.context)
    window.follow_requests(requests)
    if tracing:
        server.request_received.connect(lambda request: trace("request", f"{request.action} {request.argument}"))
        trace("listening")
    requests.serve(server)
    servers.append(server)


def _become_the_instance(request: Request) -> tuple[IpcServer | None, bool]:
    """Listen for later launches (the server, False), or hand ``request`` to an app that started meanwhile
    (None, True). When the channel cannot be used, the app runs without it (None, False), and says why."""
    from stretch_timer.app.ipc import IpcServer, IpcUnavailable, send_request

    server = IpcServer()
    try:
        if server.listen():
            return server, False
    except IpcUnavailable as error:
        print(f"stretch-timer: opening without single-instance handling: {error}", file=sys.stderr)
        return None, False
    sent = send_request(request)  # another launch won the race to become the app
    if sent:
        return None, True
    print(f"stretch-timer: another Stretch Timer runs but did not take the request ({sent.reason}); "
          "opening a second one", file=sys.stderr)
    return None, False


def _forget_module_sources(window: Any) -> None:
    """Let go of the source lines PySide6's import hook reads, now and after each later wave of imports.

    PySide6 reads the source of every module imported after it (looking for ``from __feature__ import``), and
    ``linecache`` keeps every line of every such file for good: about 4 MiB here, a tenth of the app's own
    memory. Nothing needs them; a traceback reads its lines again.
    """
    linecache.clearcache()
    context = window.context
    context.library_changed.connect(lambda: linecache.clearcache())
    context.run_started.connect(lambda _driver, _routine: linecache.clearcache())
    context.run_finished.connect(lambda _record: linecache.clearcache())


def _set_icon(app: Any) -> None:
    from stretch_timer import paths

    icons = paths.bundled_assets_dir() / "icons"
    files = sorted(icons.glob("stretch-timer*.png")) or sorted(icons.glob("stretch-timer.svg"))
    if not files:
        return
    from PySide6.QtGui import QIcon

    icon = QIcon()
    for file in files:
        icon.addFile(str(file))
    app.setWindowIcon(icon)


def _trace_runs(context: Any) -> None:
    """Each run's ``run-started``, ``first-event`` and ``first-cue`` (with when it was due, in seconds after
    the start). Connected before the window's player, which starts the session as it attaches: connected after
    it, these would miss the run's first batch of events (the get-ready's start, a cue due at once)."""

    def started(driver: Any, routine: Any) -> None:
        trace("run-started", routine.id)
        seen: set[str] = set()
        start: list[float] = []  # when the session started, on its clock: its first event's planned time

        def cue(name: str, planned: float) -> None:
            if "cue" not in seen:
                seen.add("cue")
                due = planned - start[0] if start else 0.0
                trace("first-cue", f"{name} due={max(0.0, due):.3f}")

        def events(batch: list[Any]) -> None:
            if "event" not in seen and batch:
                seen.add("event")
                start.append(batch[0].planned_at)
                trace("first-event", type(batch[0]).__name__)

        driver.cue_played.connect(cue)
        driver.events_emitted.connect(events)

    context.run_started.connect(started)


def _install_tracing(window: Any) -> None:
    from PySide6.QtCore import QEvent, QObject

    class FirstPaint(QObject):
        def eventFilter(self, watched: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                watched.removeEventFilter(self)
                trace("first-paint")
            return False

    window._trace_filter = FirstPaint(window)
    window.installEventFilter(window._trace_filter)

    media_seen: set[str] = set()
    context = window.context

    def media() -> None:
        """Sound and voice are made after the first paint; the voice is ready (or off) later still."""
        cues, voice = context.runs.cues, context.runs.voice
        if cues is not None and "sound" not in media_seen:
            media_seen.add("sound")
            trace("sound", f"backend={cues.backend} available={cues.available}")
        if voice is None or getattr(voice, "pending", False):
            return
        if "voice" not in media_seen:
            media_seen.add("voice")
            trace("voice", f"engine={voice.engine}" if voice.available else f"off: {voice.reason}")
        elif not voice.available and "voice-off" not in media_seen:  # it was ready, then gave up
            media_seen.add("voice-off")
            trace("voice-off", voice.reason)

    context.media_changed.connect(media)

    def loaded() -> None:
        class NextPaint(QObject):
            def eventFilter(self, watched: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint:
                    watched.removeEventFilter(self)
                    trace("library-painted")
                return False

        window._trace_loaded = NextPaint(window)
        window.pages.library_page.installEventFilter(window._trace_loaded)

    context.library_changed.connect(loaded)
    context.run_finished.connect(lambda record: trace("run-finished", f"completed={record.completed}"))
