"""What Qt and the libraries under it said: kept for ``--verbose`` and bug reports, off the terminal.

On a machine without a sound server, Qt Multimedia and the speech plug-in print lines of their own
("PulseAudioService: pa_context_connect() failed", a pipewire symbol it could not resolve, the speechd plug-in's
"Connection to speech-dispatcher failed"). They name a library's symptom, not what a person can do, and they
repeat what the app says better: the app prints one plain line of its own per missing part (``stretch-timer: no
sound: …``, :mod:`stretch_timer.qt.app`) and shows the same in its status line.

So Qt's messages go through a message handler (installed in :func:`stretch_timer.qt.app.run_gui` before the
application exists) into a ring buffer here, and so do the speech service's stderr lines
(:mod:`stretch_timer.media.voice_process`). The known noisy lines stop there; anything else is still printed, as
Qt would have; with ``--verbose`` every line is printed as it comes. :func:`recent` gives the buffer for a bug
report's details.

Plain Python with no Qt and no app import, so the sound layer and the views may both record here.
"""

from __future__ import annotations

import re
import sys
import threading
from collections import deque

MAX_LINES = 400
"""How many lines the buffer keeps (the oldest go first): a session's worth of warnings, a few dozen KiB."""

NOISE_CATEGORIES = (
    "qt.multimedia.symbolsresolver",  # "Couldn't load pipewire-0.3 library" and friends: no PipeWire here
    "qt.multimedia.pipewire",
    "qt.multimedia.pulseaudio",
    "qt.speech.tts.speechd",  # "Connection to speech-dispatcher failed": the voice's reason says it better
    "qt.qpa.wayland.textinput",
)
"""Qt logging categories whose messages are known noise where sound, speech or a desktop part is missing."""

NOISE_PATTERNS = re.compile(
    "|".join((
        r"^PulseAudioService: ",  # Qt Multimedia without a sound server (pa_context_connect() failed, …)
        r"No QtMultimedia backends found",  # expected: the app starts Qt Multimedia audio-only
        r"pipewire",  # libpipewire or Qt's symbol lookup of it, with no PipeWire running
        r"^qt\.multimedia\.symbolsresolver: ",
        r"^qt\.speech\.tts",
        r"speech-dispatcher|speechd|libspeechd|sd_espeak|espeak-ng",  # the speech server and its modules
        r"^ALSA lib ",  # libasound writes straight to stderr when it has no device
        r"^Expression 'alsa_",
        r"Wayland does not support QWindow::requestActivate\(\)",  # the window manager decides focus there
    )),
    re.IGNORECASE,
)
"""Message texts (as Qt prints them: ``category: message``) that are known noise."""

_lines: deque[str] = deque(maxlen=MAX_LINES)
_lock = threading.Lock()
_verbose = False


def set_verbose(on: bool) -> None:
    """``--verbose``: print every recorded line as it comes (as well as keeping it)."""
    global _verbose
    _verbose = bool(on)


def verbose() -> bool:
    return _verbose


def is_noise(line: str, category: str = "") -> bool:
    """Whether ``line`` (or its Qt logging ``category``) is one of the known noisy lines."""
    if category and category.startswith(NOISE_CATEGORIES):
        return True
    return bool(NOISE_PATTERNS.search(line))


def record(line: str, *, category: str = "", source: str = "qt", always_print: bool = False) -> bool:
    """Keep ``line``; print it to stderr with ``--verbose``, or when it is not known noise (or ``always_print``).
    Returns whether it was printed."""
    line = line.rstrip("\n")
    with _lock:
        _lines.append(f"{source}: {line}" if source else line)
    shown = _verbose or always_print or not is_noise(line, category)
    if shown:
        try:
            print(line, file=sys.stderr, flush=True)
        except (OSError, ValueError):  # stderr closed (a desktop launch may have none)
            return False
    return shown


def recent() -> list[str]:
    """The kept lines, oldest first, each prefixed with where it came from ("qt: …", "voice service: …")."""
    with _lock:
        return list(_lines)


def clear() -> None:
    """Forget the kept lines (tests)."""
    with _lock:
        _lines.clear()
