"""``stretch-timer start calf-cramp-relief`` → the first cue event (goal ≤ 1 s), with and without sound and speech.

Wall time from spawning the command to the session's first event reaching the driver (the get-ready's
PhaseStarted: the screen changes and its announcement is asked for), and to the player's first paint, read
from the app's ``STRETCH_TIMER_TRACE`` milestones; the first sound played and the moment the voice joined
(or gave up) are shown as well (the first countdown tick comes seconds later by design). Medians of several
runs after a warm-up; not a test.

``--setup`` picks what the machine offers, because sound and speech are what used to hold up the first paint:

* ``machine`` (the default): whatever this machine has, sound and voice on, as a person would have them;
* ``none``: no sound server, ``--no-voice``;
* ``pulse``: a private PulseAudio server with a null sink (``tests/pulse_server.py``), ``--no-voice``;
* ``speechd``: no sound server, voice on (speech-dispatcher, when installed, has nowhere to speak);
* ``both``: the private PulseAudio server and the voice;
* ``all``: the four above, one after the other.

Each of the four gets its own ``XDG_RUNTIME_DIR``, so the speech-dispatcher the app starts is a private one
(kept for the setup's runs, as a desktop keeps it, and ended afterwards: ``tests/speech_leftovers.py``). A
run that does not reach a milestone within ``--timeout`` seconds is counted as timed out, not waited for.

    .venv/bin/python benchmarks/start_to_first_cue.py [--runs 5] [--xvfb] [--setup all] [--timeout 20]
"""

from __future__ import annotations

import argparse
import contextlib
import shutil
import statistics
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from launch import Run, app_command, base_env, display
from speech_leftovers import end_speech_processes

GOAL_SECONDS = 1.0
ROUTINE = "calf-cramp-relief"
SETUPS = ("none", "pulse", "speechd", "both")
VOICE_OFF = ("none", "pulse")
WITH_PULSE = ("pulse", "both")


@contextlib.contextmanager
def setup_env(name: str) -> Iterator[dict[str, str]]:
    """The extra environment for one setup (nothing for ``machine``); its servers stopped afterwards."""
    if name == "machine":
        yield {}
        return
    if name in WITH_PULSE:
        from pulse_server import private_pulse_server

        with private_pulse_server() as pulse:
            runtime = Path(pulse["XDG_RUNTIME_DIR"])
            try:
                yield {k: pulse[k] for k in ("XDG_RUNTIME_DIR", "PULSE_SERVER")}
            finally:
                end_speech_processes(runtime)
        return
    runtime = Path(tempfile.mkdtemp(prefix="st-bench-"))
    runtime.chmod(0o700)
    try:
        yield {"XDG_RUNTIME_DIR": str(runtime), "PULSE_SERVER": f"unix:{runtime}/no-such-server"}
    finally:
        end_speech_processes(runtime)
        shutil.rmtree(runtime, ignore_errors=True)


def _median_ms(values: list[float], runs: int) -> str:
    if not values:
        return f"  none within the timeout ({runs} runs)"
    timed_out = runs - len(values)
    text = f"{statistics.median(values) * 1000:6.0f} ms (min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
    return text + (f", {timed_out} of {runs} runs timed out" if timed_out else "")


def measure_setup(name: str, runs: int, timeout: float, env: dict[str, str]) -> None:
    args = ["start", ROUTINE] + (["--no-voice"] if name in VOICE_OFF else [])
    first_event: list[float] = []
    first_paint: list[float] = []
    voice: list[str] = []
    for index in range(runs + 1):
        run = Run(app_command(*args), env)
        event = paint = None
        try:
            with contextlib.suppress(TimeoutError, RuntimeError):
                event = run.wait_for("first-event", timeout=timeout)
            with contextlib.suppress(TimeoutError, RuntimeError):
                paint = run.wait_for("first-paint", timeout=timeout if event is not None else 1.0)
            if name not in VOICE_OFF and paint is not None:
                with contextlib.suppress(TimeoutError, RuntimeError):
                    joined = run.wait_for("voice", timeout=timeout)
                    voice.append(f"{joined:.2f} s ({run.details.get('voice', '?')})")
        finally:
            run.stop()
        if index:  # the first run warms the caches (and starts the speech service)
            if event is not None:
                first_event.append(event)
            if paint is not None:
                first_paint.append(paint)
    # One more run, long enough for the first sound (the countdown before the first hold).
    run = Run(app_command(*args), env)
    try:
        cue = run.wait_for("first-cue", timeout=max(15.0, timeout))
        sound = f"{run.details.get('first-cue', '?')} at {cue:.2f} s"
    except (TimeoutError, RuntimeError) as error:
        sound = f"none ({str(error).splitlines()[0]})"
    finally:
        run.stop()
    median = statistics.median(first_event) if first_event else float("inf")
    print(f"[{name}] stretch-timer {' '.join(args)}; {runs} runs, medians")
    print(f"  spawn → first cue event (get ready starts): {_median_ms(first_event, runs)} "
          f"goal ≤ {GOAL_SECONDS * 1000:.0f} ms {'OK' if median <= GOAL_SECONDS else 'OVER GOAL'}")
    print(f"  spawn → player painted: {_median_ms(first_paint, runs)}")
    if name not in VOICE_OFF:
        print(f"  voice joined or gave up: {'; '.join(voice[-runs:]) if voice else 'no voice milestone'}")
    print(f"  first sound played: {sound} (the routine's 3 s get-ready ends with a countdown)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--xvfb", action="store_true")
    parser.add_argument("--setup", choices=("machine", *SETUPS, "all"), default="machine")
    parser.add_argument("--timeout", type=float, default=20.0, help="seconds to wait for each milestone")
    args = parser.parse_args()
    setups = SETUPS if args.setup == "all" else (args.setup,)
    with tempfile.TemporaryDirectory(prefix="stretch-timer-bench-") as home, display(args.xvfb) as extra:
        for name in setups:
            with setup_env(name) as setup:
                env = {**base_env(Path(home)), **extra, **setup}
                measure_setup(name, args.runs, args.timeout, env)


if __name__ == "__main__":
    main()
