"""Start Qt Multimedia for audio output only, without its media-playback backend.

The app uses ``QAudioSink`` and ``QMediaDevices`` and nothing else from Qt Multimedia. On the first multimedia
call Qt creates its media "integration" by loading the first backend plugin it finds; in the PySide6 wheel that
is the FFmpeg plugin, which drags in FFmpeg, Qt Quick and QML (about 12 MiB resident, a quarter of the app's
memory) for video and media playback we never do. When no backend plugin is in view, Qt falls back to its
built-in audio-only integration, which serves exactly ``QMediaDevices``, ``QAudioDevice``, ``QSoundEffect``,
``QAudioSink`` and ``QAudioSource`` through the same PulseAudio/PipeWire code.

So the integration is created once, at our first multimedia call, while the plugin folders that hold a
``multimedia/`` backend are out of Qt's library path; the path is restored straight after (other plugins, such
as the text-to-speech engines, still load as usual). Qt keeps that integration for the life of the process.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

from .. import diagnostics

_started = False

QT_AUDIO_ONLY_NOTICE = "No QtMultimedia backends found"
"""Qt's warning when it uses the audio-only integration: expected here, so not passed on to stderr."""


def start_audio_only() -> None:
    """Create Qt Multimedia's integration, audio-only; a no-op after the first call (or if Qt already did)."""
    global _started
    if _started:
        return
    from PySide6.QtCore import QCoreApplication, qInstallMessageHandler
    from PySide6.QtMultimedia import QMediaDevices

    if QCoreApplication.instance() is None:
        return  # nothing can play yet; the first call with an application does it
    _started = True
    paths = list(QCoreApplication.libraryPaths())
    with_backends = [p for p in paths if (Path(p) / "multimedia").is_dir()]
    held: list[tuple[str, str]] = []

    def hold_messages(_kind: Any, context: Any, message: str) -> None:
        # The context lives only for this call: its category is copied now, never read from a kept context.
        held.append((str(getattr(context, "category", "") or ""), message))

    previous = qInstallMessageHandler(hold_messages)
    try:
        if with_backends:
            QCoreApplication.setLibraryPaths([p for p in paths if p not in with_backends])
        QMediaDevices.audioOutputs()  # the first call creates the integration
    finally:
        if with_backends:
            QCoreApplication.setLibraryPaths(paths)
        qInstallMessageHandler(previous)
    for category, message in held:  # kept for --verbose; printed unless known noise (the notice is expected)
        if QT_AUDIO_ONLY_NOTICE in message:
            continue
        line = message if category in ("", "default") else f"{category}: {message}"
        with contextlib.suppress(Exception):
            diagnostics.record(line, category=category)


def loaded_backend_plugins() -> list[str]:
    """The Qt Multimedia backend plugins mapped into this process (Linux; for tests and benchmarks)."""
    try:
        maps = Path("/proc/self/maps").read_text()
    except OSError:
        return []
    return sorted({line.rsplit("/", 1)[-1] for line in maps.splitlines() if "/multimedia/lib" in line})
