"""A private PulseAudio server with a null sink called "test": for the real-audio test and the benchmarks.

Its own XDG_RUNTIME_DIR and HOME (a short temporary folder: the socket path must fit in 108 bytes), so it
never meets a desktop's server; stopped and removed on exit.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

PROGRAMS = ("pulseaudio", "parec", "pactl")


class PulseUnavailable(RuntimeError):
    """The programs are missing or the server did not come up."""


def runtime_prefix() -> str:
    """How the name of every private runtime folder this process makes begins: ``st-pulse-<pid>-``. Parallel
    test workers (pytest-xdist) and other checkouts' runs have servers of their own at the same time; a check
    for leftovers looks for this process's folders only."""
    return f"st-pulse-{os.getpid()}-"


def processes_using(text: str) -> list[str]:
    """Command lines of running processes whose arguments or environment mention ``text`` (a runtime folder):
    a server, ``parec``, or a speech-dispatcher autospawned there. Others' processes we cannot read are skipped."""
    needle = text.encode()
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit() and entry.name != str(os.getpid()):
            with contextlib.suppress(OSError):
                args = (entry / "cmdline").read_bytes()
                if needle in args or needle in (entry / "environ").read_bytes():
                    line = args.replace(b"\0", b" ").decode(errors="replace").strip()
                    found.append(f"{entry.name}: {line}")
    return found


def missing_programs() -> list[str]:
    return [p for p in PROGRAMS if shutil.which(p) is None]


def stop(process: subprocess.Popen[bytes]) -> None:
    """End a process we started (by its own handle), politely first."""
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextlib.contextmanager
def private_pulse_server() -> Iterator[dict[str, str]]:
    """Run the server; yield the environment that reaches it (and only it)."""
    missing = missing_programs()
    if missing:
        raise PulseUnavailable(f"needs {', '.join(missing)} (apt-get install pulseaudio pulseaudio-utils)")
    runtime = Path(tempfile.mkdtemp(prefix=runtime_prefix()))
    runtime.chmod(0o700)
    env = dict(os.environ)
    env.update({
        "XDG_RUNTIME_DIR": str(runtime),
        "HOME": str(runtime),  # the server's cookie and config stay in here
        "PULSE_SERVER": f"unix:{runtime}/pulse/native",
    })
    env.pop("PULSE_SINK", None)
    log = (runtime / "pulseaudio.log").open("wb")
    server = subprocess.Popen(
        ["pulseaudio", "--daemonize=no", "--exit-idle-time=-1", "-n", "--use-pid-file=no",
         "--load=module-null-sink sink_name=test", "--load=module-native-protocol-unix"],
        env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 15
        while True:
            info = subprocess.run(["pactl", "info"], env=env, capture_output=True, timeout=10)
            if info.returncode == 0:
                break
            if server.poll() is not None or time.monotonic() > deadline:
                raise PulseUnavailable(f"pulseaudio did not start: {(runtime / 'pulseaudio.log').read_text()[-2000:]}")
            time.sleep(0.1)
        subprocess.run(["pactl", "set-default-sink", "test"], env=env, check=True, timeout=10)
        yield env
    finally:
        stop(server)
        log.close()
        shutil.rmtree(runtime, ignore_errors=True)
