"""The Qt Multimedia cue player: one always-open audio stream per cue, the lowest latency."""

from __future__ import annotations

import contextlib
import wave
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    pass

from .cue_base import CUES, LOAD_TIMEOUT_S, _missing_sounds, _Player, _sound_path

SUSPEND_AFTER_S = 0.3
"""How long after a cue has played its stream is suspended again (a cue repeated sooner finds it running)."""


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
                self._pcm[cue] = _read_pcm16(_sound_path(self._sounds_dir, cue))
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
            # The buffer is exactly one cue: written whole, it plays from the audio buffers with no refills
            # from Python, and it fills the stream's pre-buffer, so PulseAudio starts it at once (a write
            # shorter than the pre-buffer, e.g. a 60 ms tick into a larger buffer, waits for more data).
            sink.setBufferSize(len(frames))
            io = sink.start()
            if io is None or _error_name(sink) != "NoError":
                self._close_sinks()
                self._fail("The audio output could not be opened.", "output failed")
                return
            io.write(QByteArray(bytes(len(frames))))  # prime the stream with one cue's length of silence
            sink.stateChanged.connect(self._state_changed)
            self._sinks[cue] = sink
            self._io[cue] = io
            self._quiet_timers[cue] = self._quiet_timer(cue)
            self._suspend_after_playing(cue)  # once the priming has played: also after a device change
        self._opened_on = device.id()
        self._available = True
        self._reason = self._problem = ""
        self._apply_volume()

    @property
    def ready(self) -> bool:
        """Every stream is live (has played its priming silence): a cue played now sounds at once."""
        return bool(self._sinks) and all(s.processedUSecs() > 0 for s in self._sinks.values())

    def wait_ready(self, timeout: float = LOAD_TIMEOUT_S) -> bool:
        """Run a local event loop until :attr:`ready` (at most ``timeout`` s); whether it is."""
        if not self._sinks or self.ready:
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
        frames, rate, channels = self._pcm[cue]
        seconds = len(frames) / (2 * channels * rate)
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

        default = QMediaDevices.defaultAudioOutput()
        if self._sinks and self._available and default.id() == self._opened_on:
            return
        self._open(default)  # a new default device, or the old one came back: reopen there

    def _apply_volume(self) -> None:
        for sink in self._sinks.values():
            sink.setVolume(0.0 if self._muted else self._volume)

    def play(self, cue: str) -> None:
        if not self._available or self._muted:
            return
        sink = self._sinks.get(cue)
        if sink is None:
            return
        with contextlib.suppress(Exception):  # a broken backend must never stop a stretch
            from PySide6.QtCore import QByteArray

            io = self._io[cue]
            frames = self._pcm[cue][0]
            if _state_name(sink) == "SuspendedState":
                io.write(QByteArray(frames))  # the whole cue waits in the stream, then it runs again
                sink.resume()
            else:
                if _still_sounding(sink):  # start it over
                    sink.reset()
                    io = self._io[cue] = sink.start()
                io.write(QByteArray(frames))
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

    def close(self) -> None:
        self._close_sinks()
        self._devices = None
        self._fail("Sound player closed.", "closed")


def _still_sounding(sink: Any) -> bool:
    """Part of what was written has not been played yet (each buffer holds exactly one cue)."""
    return bool(sink.bytesFree() < sink.bufferSize())


def _state_name(sink: Any) -> str:
    """The sink's state by name (``QtAudio.State`` in PySide 6.7+, ``QAudio.State`` before)."""
    return str(getattr(sink.state(), "name", sink.state()))


def _error_name(sink: Any) -> str:
    """The sink's error by name: PySide 6.7+ returns ``QtAudio.Error``, which is not ``QAudio.Error``."""
    return str(getattr(sink.error(), "name", sink.error()))


def _read_pcm16(path: Path) -> tuple[bytes, int, int]:
    """A 16-bit PCM WAV's frames (little-endian, as WAV and every audio API here expect), rate and channels."""
    with wave.open(str(path), "rb") as w:
        if w.getsampwidth() != 2:
            raise ValueError(f"{path.name}: not 16-bit PCM")
        frames = w.readframes(w.getnframes())
        return frames, w.getframerate(), w.getnchannels()


