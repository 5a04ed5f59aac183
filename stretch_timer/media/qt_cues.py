"""The Qt Multimedia cue player: one always-open audio stream per cue, the lowest latency."""

from __future__ import annotations

import contextlib
import wave
from pathlib import Path
from typing import Any

from . import pulse_engine
from .cue_base import CUES, LOAD_TIMEOUT_S, _missing_sounds, _Player, _sound_path
from .pcm import bytes_for, read_pcm16

SUSPEND_AFTER_S = 0.3
"""How long after a cue has played its stream is suspended again (a cue repeated sooner finds it running)."""

MAX_LEAD_S = 0.5
"""How far ahead a cue may be scheduled: each stream's buffer has room for this much silence before its cue."""

SERVER_CHECK_S = 1.0
"""While the sound server is gone: how often the player looks whether Qt's audio engine has one again."""

SERVER_LOST_REASON = "The sound server stopped; cues are silent until it comes back."


class QtCuePlayer(_Player):
    """One preloaded, always-open ``QAudioSink`` stream per cue on the default output; needs a QCoreApplication.

    Why not ``QSoundEffect``: in Qt 6.10–6.12 with PulseAudio, QSoundEffect destroys its finished "voices" on
    the real-time audio thread, which deletes a main-thread QSocketNotifier; the main loop then spins at full
    CPU printing "QSocketNotifier: Invalid socket N" (seen here within a few cues, every few runs). A sink per
    cue, opened once and fed the whole cue in one write, keeps the same shape (one preloaded instance per cue,
    no decoding or stream set-up when a cue plays) without that bug, and once written a cue plays from the
    audio buffers however busy the event loop is.

    Construction decodes the WAVs (stdlib ``wave``), opens the streams, primes each with silence and waits (in
    a local event loop, at most ``load_timeout`` s) until every stream has taken it: a freshly opened
    PulseAudio stream drops what it is given for its first 0.4–1.7 s, so the first cues would be lost.

    Between cues each stream is suspended (corked): an open, drained stream keeps the audio thread waking to
    report underruns, about 1 % of a core per stream, all the time, even on the library. A cue is written into
    its suspended stream and the stream resumed, which sounds within a few milliseconds; ``SUSPEND_AFTER_S``
    after the cue has played, the stream is suspended again.

    When the sound server stops (killed, restarted, crashed) Qt tells the application nothing, and starting a
    stream then aborts the whole process inside libpulse (see :mod:`stretch_timer.media.pulse_engine`). So the
    player looks, before every cue and every ``QAudioSink.start()``, whether Qt's engines still hold a
    connection; once they do not, it lets its streams go and is unavailable with ``SERVER_LOST_REASON``
    (``status_changed`` is emitted). Only then does it look every ``SERVER_CHECK_S`` (and on every change of
    the device list) whether they hold one again (Qt reconnects by itself if a server answers when it
    retries), and once they do it opens new streams, is available again and stops looking. No timer runs
    while sound works: the app idle on its library wakes for nothing. None of it waits: a routine goes on,
    silent, through the gap.
    """

    backend = "qt"

    def __init__(self, sounds_dir: Path, *, load_timeout: float = LOAD_TIMEOUT_S) -> None:
        super().__init__()
        self._sounds_dir = Path(sounds_dir)
        self._pcm: dict[str, tuple[bytes, int, int]] = {}  # cue -> (frames, rate, channels)
        self._sinks: dict[str, Any] = {}
        self._io: dict[str, Any] = {}
        self._devices: Any = None
        self._opened_on: Any = None
        self._quiet_timers: dict[str, Any] = {}
        self._buffer_bytes: dict[str, int] = {}
        self._onsets: dict[str, float] = {}  # cue -> monotonic time its last written sound starts
        self._watch: pulse_engine.EngineWatch | None = None  # once streams are open (Qt's engines exist then)
        self._server_timer: Any = None
        self._server_lost = False
        from PySide6.QtCore import QCoreApplication
        from PySide6.QtMultimedia import QMediaDevices

        if QCoreApplication.instance() is None:
            self._fail("Sound needs the application to be running.", "no application")
            return
        if not QMediaDevices.audioOutputs():
            self._fail("No audio output device found.", "no audio device")
            return
        missing = _missing_sounds(self._sounds_dir)
        if missing:
            self._fail(f"Cue sounds are missing ({', '.join(missing)}).", "sound files missing")
            return
        broken = []
        for cue in CUES:
            try:
                self._pcm[cue] = read_pcm16(_sound_path(self._sounds_dir, cue))
            except (OSError, EOFError, ValueError, wave.Error):
                broken.append(f"{cue}.wav")
        if broken:
            self._fail(f"Could not load cue sounds ({', '.join(broken)}).", "sounds failed to load")
            return
        self._open(QMediaDevices.defaultAudioOutput())
        if not self._available:
            return
        if self.wait_ready(load_timeout):
            for cue in self._sinks:
                self._suspend(cue)
        # Follow the default output when devices come and go (headphones plugged in, a sink removed).
        self._devices = QMediaDevices()
        self._devices.audioOutputsChanged.connect(self._outputs_changed)

    def _open(self, device: Any) -> None:
        """Open one stream per cue on ``device`` and prime each with a little silence."""
        from PySide6.QtCore import QByteArray
        from PySide6.QtMultimedia import QAudioFormat, QAudioSink

        if not self._streams_safe():
            self._lose_server()
            return
        self._close_sinks()
        if device.isNull():
            self._fail("No audio output device found.", "no audio device")
            return
        for cue, (frames, rate, channels) in self._pcm.items():
            fmt = QAudioFormat()
            fmt.setSampleRate(rate)
            fmt.setChannelCount(channels)
            fmt.setSampleFormat(QAudioFormat.SampleFormat.Int16)
            if not device.isFormatSupported(fmt):
                self._close_sinks()
                self._fail("The audio device cannot play the cue sounds' format.", "format not supported")
                return
            sink = QAudioSink(device, fmt)
            # The buffer holds one cue and up to MAX_LEAD_S of silence before it, and is always written whole:
            # it plays from the audio buffers with no refills from Python, and it fills the stream's
            # pre-buffer, so PulseAudio starts it at once (a shorter write would wait for more data).
            size = len(frames) + bytes_for(MAX_LEAD_S, rate, channels)
            sink.setBufferSize(size)
            io = sink.start()
            if io is None or _error_name(sink) != "NoError":
                self._close_sinks()
                self._fail("The audio output could not be opened.", "output failed")
                return
            io.write(QByteArray(bytes(size)))  # prime the stream with one buffer of silence
            sink.stateChanged.connect(self._state_changed)
            self._sinks[cue] = sink
            self._io[cue] = io
            self._buffer_bytes[cue] = size
            self._quiet_timers[cue] = self._quiet_timer(cue)
            self._suspend_after_playing(cue)  # once the priming has played: also after a device change
        self._opened_on = device.id()
        self._server_lost = False
        self._recover()
        self._apply_volume()
        self._watch_server()

    @property
    def ready(self) -> bool:
        """Every stream is live (has played its priming silence): a cue played now sounds at once."""
        return bool(self._sinks) and all(s.processedUSecs() > 0 for s in self._sinks.values())

    def wait_ready(self, timeout: float = LOAD_TIMEOUT_S) -> bool:
        """Run a local event loop until :attr:`ready` (at most ``timeout`` s); whether it is.

        ``timeout`` 0 (``load_timeout=0``: the app, after its first paint) runs no loop and answers at once."""
        if not self._sinks or self.ready or timeout <= 0:
            return self.ready
        from PySide6.QtCore import QEventLoop, QTimer

        loop = QEventLoop()
        poll = QTimer()
        poll.setInterval(10)
        guard = QTimer()
        guard.setSingleShot(True)

        def check() -> None:
            if self.ready:
                loop.quit()

        poll.timeout.connect(check)
        guard.timeout.connect(loop.quit)
        poll.start()
        guard.start(round(timeout * 1000))
        loop.exec()
        poll.stop()
        guard.stop()
        return self.ready

    def _quiet_timer(self, cue: str) -> Any:
        from PySide6.QtCore import QTimer

        timer = QTimer()
        timer.setSingleShot(True)
        timer.timeout.connect(lambda: self._suspend(cue))
        return timer

    def _suspend_after_playing(self, cue: str) -> None:
        """Suspend ``cue``'s stream ``SUSPEND_AFTER_S`` after what was just written to it has played."""
        _, rate, channels = self._pcm[cue]
        seconds = self._buffer_bytes[cue] / (2 * channels * rate)
        self._quiet_timers[cue].start(round((seconds + SUSPEND_AFTER_S) * 1000))

    def _suspend(self, cue: str) -> None:
        sink = self._sinks.get(cue)
        if sink is None or _state_name(sink) == "SuspendedState":
            return
        if _still_sounding(sink):
            self._quiet_timers[cue].start(round(SUSPEND_AFTER_S * 1000))  # look again later
            return
        with contextlib.suppress(Exception):
            sink.suspend()

    @property
    def suspended(self) -> list[str]:
        """The cues whose streams are suspended now (all of them between cues); for tests and benchmarks."""
        return [cue for cue, sink in self._sinks.items() if _state_name(sink) == "SuspendedState"]

    def _state_changed(self) -> None:
        try:
            failed = any(_error_name(s) in ("OpenError", "FatalError") for s in self._sinks.values())
        except RuntimeError:  # the sinks are being torn down (application exit)
            return
        if failed:
            self._fail("The audio output stopped working.", "audio output failed")

    def _outputs_changed(self) -> None:
        from PySide6.QtMultimedia import QMediaDevices

        if not self._streams_safe():
            return  # the device list's engine reconnected before the streams' one: the server check reopens
        default = QMediaDevices.defaultAudioOutput()
        if self._sinks and self._available and default.id() == self._opened_on:
            return
        self._open(default)  # a new default device, or the old one came back: reopen there

    def _apply_volume(self) -> None:
        for sink in self._sinks.values():
            sink.setVolume(0.0 if self._muted else self._volume)

    def play(self, cue: str) -> None:
        self._write(cue, 0.0)

    def schedule(self, cue: str, delay: float) -> bool:
        """Sound ``cue`` ``delay`` seconds from now, on the sample: silence, then the cue, written at once.

        Once written, the onset no longer depends on the event loop, so a cue scheduled a few hundred
        milliseconds early sounds on time however busy the GUI thread is when it falls due. False when the
        delay is beyond ``MAX_LEAD_S`` (schedule it later) or negative (play it now), and while the stream
        has not come alive yet: a fresh PulseAudio stream drops what it is given for its first moments, so the
        cue is better played when due, by which time the stream may be live.
        """
        sink = self._sinks.get(cue)
        if not 0.0 <= delay <= MAX_LEAD_S or sink is None:
            return False
        with contextlib.suppress(Exception):
            if sink.processedUSecs() <= 0:
                return False
        self._write(cue, delay)
        return True

    def cancel_scheduled(self) -> None:
        """Drop every scheduled cue that has not started sounding (the session was paused, skipped, …)."""
        import time

        now = time.monotonic()
        for cue, onset in list(self._onsets.items()):
            if onset <= now:
                continue
            del self._onsets[cue]
            sink = self._sinks.get(cue)
            if sink is None:
                continue
            if not self._streams_safe():
                self._lose_server()
                return
            with contextlib.suppress(Exception):
                sink.reset()
                self._io[cue] = sink.start()
                self._suspend(cue)

    def _write(self, cue: str, delay: float) -> None:
        """Fill ``cue``'s stream buffer: ``delay`` seconds of silence, the cue, silence to the end."""
        if not self._available or self._muted:
            return
        if not self._server_still_there():
            return
        sink = self._sinks.get(cue)
        if sink is None:
            return
        with contextlib.suppress(Exception):  # a broken backend must never stop a stretch
            import time

            from PySide6.QtCore import QByteArray

            frames, rate, channels = self._pcm[cue]
            size = self._buffer_bytes[cue]
            lead = min(size - len(frames), bytes_for(delay, rate, channels))
            data = bytes(lead) + frames + bytes(size - lead - len(frames))
            io = self._io[cue]
            # A whole buffer each time: it fills the stream's pre-buffer, so PulseAudio starts it at once.
            if _state_name(sink) == "SuspendedState":
                io.write(QByteArray(data))  # the whole cue waits in the stream, then it runs again
                sink.resume()
            else:
                if _still_sounding(sink):  # start it over
                    if not self._streams_safe():
                        self._lose_server()
                        return
                    sink.reset()
                    io = self._io[cue] = sink.start()
                io.write(QByteArray(data))
            self._onsets[cue] = time.monotonic() + delay
            self._suspend_after_playing(cue)

    def _close_sinks(self) -> None:
        for timer in self._quiet_timers.values():
            timer.stop()
        self._quiet_timers.clear()
        for sink in self._sinks.values():
            with contextlib.suppress(Exception):
                sink.stateChanged.disconnect(self._state_changed)
                sink.stop()
        self._sinks.clear()
        self._io.clear()
        self._onsets.clear()

    # --- the sound server going away and coming back ------------------------------------------------------

    @property
    def server_lost(self) -> bool:
        """Qt's audio engine lost the sound server; the player is silent until it has one again."""
        return self._server_lost

    def _streams_safe(self) -> bool:
        """Whether ``QAudioSink.start()`` may be called now without aborting the process (see pulse_engine)."""
        return pulse_engine.streams_safe()

    def _watch_server(self) -> None:
        """Once streams are open: note Qt's engines; while the server is lost, look every ``SERVER_CHECK_S``
        for its return (and not otherwise: each cue looks first, see :meth:`_server_still_there`)."""
        if self._watch is None:
            self._watch = pulse_engine.shared_watch()
        if not (self._server_lost and self._watch.watching):
            if self._server_timer is not None:
                self._server_timer.stop()
            return
        if self._server_timer is None:
            from PySide6.QtCore import QTimer

            self._server_timer = QTimer()
            self._server_timer.setInterval(round(SERVER_CHECK_S * 1000))
            self._server_timer.timeout.connect(self._check_server)
        if not self._server_timer.isActive():
            self._server_timer.start()

    def _server_still_there(self) -> bool:
        """Before a cue: whether Qt's engines still hold the server; if not, go silent now (and say why)."""
        if self._watch is None or self._watch.connected():
            return True
        self._lose_server()
        return False

    def _check_server(self) -> None:
        """Every ``SERVER_CHECK_S`` while the server is lost: reopen once Qt's engines have one again."""
        if self._watch is None or not self._server_lost:
            if self._server_timer is not None:
                self._server_timer.stop()
            return
        if self._watch.connected():
            from PySide6.QtMultimedia import QMediaDevices

            self._server_lost = False  # one try per return; a device change tries again
            self._open(QMediaDevices.defaultAudioOutput())
            self._watch_server()  # stops the timer if the streams opened, keeps it if the server went again

    def _lose_server(self) -> None:
        """Let the dead streams go (safe: they only fail inside libpulse) and say why cues are silent."""
        self._server_lost = True
        self._close_sinks()
        self._opened_on = None
        self._fail(SERVER_LOST_REASON, "sound server stopped")
        self._watch_server()  # a player made while the server was gone still looks for its return

    def close(self) -> None:
        if self._server_timer is not None:
            self._server_timer.stop()
            self._server_timer = None
        self._watch = None
        self._close_sinks()
        self._devices = None
        self._fail("Sound player closed.", "closed")


def _still_sounding(sink: Any) -> bool:
    """Part of what was written has not been played yet (each write fills the buffer)."""
    return bool(sink.bytesFree() < sink.bufferSize())


def _state_name(sink: Any) -> str:
    """The sink's state by name (``QtAudio.State`` in PySide 6.7+, ``QAudio.State`` before)."""
    return str(getattr(sink.state(), "name", sink.state()))


def _error_name(sink: Any) -> str:
    """The sink's error by name: PySide 6.7+ returns ``QtAudio.Error``, which is not ``QAudio.Error``."""
    return str(getattr(sink.error(), "name", sink.error()))
