"""speech-dispatcher for one test, inside a private PulseAudio server's environment (tests/pulse_server.py).

Started explicitly rather than autospawned by libspeechd, so the test holds its process handle and ends it:
``speech-dispatcher -s`` (single, no daemonizing) ``-t 0`` (no idle shutdown while the app is still starting),
listening where libspeechd looks by default, ``$XDG_RUNTIME_DIR/speech-dispatcher/speechd.sock``. The app
under test therefore finds it exactly as it finds a desktop's autospawned one.

A user configuration in the private HOME (``~/.config/speech-dispatcher/speechd.conf``) names what Debian's
system configuration arrives at anyway, espeak-ng through the pulse output, and loads nothing else: the
system one also probes espeak-ng-mbrola (which fails and lingers as a zombie) and starts sd_dummy (another idle
PulseAudio stream). espeak-ng still reads the system's module file, /etc/speech-dispatcher/modules/espeak-ng.conf.
The output module is the server's child; if it is still there after the server ends, it is ended by its id.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

from pulse_server import stop

PROGRAMS = ("speech-dispatcher", "espeak-ng")
MODULE_DIRS = ("/usr/lib/speech-dispatcher-modules", "/usr/lib/x86_64-linux-gnu/speech-dispatcher-modules",
               "/usr/libexec/speech-dispatcher-modules")


class SpeechUnavailable(RuntimeError):
    """speech-dispatcher did not come up."""


def missing_programs() -> list[str]:
    missing = [p for p in PROGRAMS if shutil.which(p) is None]
    if not any(Path(d, "sd_espeak-ng").exists() for d in MODULE_DIRS):
        missing.append("sd_espeak-ng (speech-dispatcher-espeak-ng)")
    return missing


USER_CONFIG = """\
AudioOutputMethod "pulse"
AddModule "espeak-ng" "sd_espeak-ng" "espeak-ng.conf"
DefaultModule espeak-ng
"""


def socket_path(env: dict[str, str]) -> Path:
    """Where libspeechd connects when nothing says otherwise (no SPEECHD_ADDRESS)."""
    return Path(env["XDG_RUNTIME_DIR"]) / "speech-dispatcher" / "speechd.sock"


def children_of(pid: int) -> dict[int, bytes]:
    """Process id -> command line of each child of ``pid``."""
    found = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                # the field after the parenthesised command name: state, then the parent's id
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == pid:
                    found[int(entry.name)] = (entry / "cmdline").read_bytes()
    return found


@contextlib.contextmanager
def private_speech_dispatcher(env: dict[str, str], timeout: float = 20) -> Iterator[Path]:
    """Run speech-dispatcher in ``env`` (a private PulseAudio environment); yield its log folder."""
    env = {k: v for k, v in env.items() if k != "SPEECHD_ADDRESS"}
    sock = socket_path(env)
    logs = Path(env["XDG_RUNTIME_DIR"]) / "speechd-logs"
    logs.mkdir(exist_ok=True)
    config = Path(env["HOME"]) / ".config" / "speech-dispatcher"
    config.mkdir(parents=True, exist_ok=True)
    (config / "speechd.conf").write_text(USER_CONFIG)
    server = subprocess.Popen(
        ["speech-dispatcher", "-s", "-t", "0", "-c", "unix_socket", "-S", str(sock), "-L", str(logs)],
        env=env, stdout=subprocess.DEVNULL, stderr=(logs / "stderr.log").open("wb"),
    )
    modules: dict[int, bytes] = {}
    try:
        deadline = time.monotonic() + timeout
        while not sock.exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SpeechUnavailable(f"speech-dispatcher did not start: {log_tail(logs)}")
            time.sleep(0.05)
        modules.update(children_of(server.pid))
        yield logs
    finally:
        if server.poll() is None:
            modules.update(children_of(server.pid))
        stop(server)
        for pid, cmdline in modules.items():  # its output modules normally go with it; make sure
            with contextlib.suppress(OSError):
                if Path(f"/proc/{pid}/cmdline").read_bytes() == cmdline:  # still that module, not a reused id
                    os.kill(pid, signal.SIGTERM)


def processes_mentioning(text: str) -> list[str]:
    """Command lines of running processes that contain ``text`` (a private runtime folder, say)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            with contextlib.suppress(OSError):
                args = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
                if text in args:
                    found.append(f"{entry.name}: {args.strip()}")
    return found


def log_tail(logs: Path, chars: int = 2000) -> str:
    parts = []
    for name in ("stderr.log", "speech-dispatcher.log", "espeak-ng.log"):
        with contextlib.suppress(OSError):
            parts.append(f"--- {name}\n{(logs / name).read_text(errors='replace')[-chars:]}")
    return "\n".join(parts)
