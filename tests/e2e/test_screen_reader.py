"""What a screen reader hears: the real app's accessibility tree, read over AT-SPI as Orca reads it.

Widget tests see accessible names through Qt; this reads what Qt actually sends to assistive technology. The
app runs for real (on an Xvfb server of its own, in a private D-Bus session whose accessibility bus at-spi2-core
starts on demand), and tests/atspi_dump.py walks its tree with pyatspi, the client library screen
readers use, under the system's python3 (python3-pyatspi is a Debian package; scripts/test installs it). A
label's accessible name replaces its text there, and a checkable button is a check box: both were bugs here.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from private_display import private_xvfb

from stretch_timer.app_data import open_library
from stretch_timer.core.muscles import CRAMP_MUSCLES, MUSCLE_NAMES

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = "/usr/bin/python3"
BUS_LAUNCHER = "/usr/libexec/at-spi-bus-launcher"
TIME_LEFT = r"^\d+:\d\d left$"
EASE_WORDS = r"^Ease off\. .+ Resume when you are ready\.$"

pytestmark = pytest.mark.gui


def missing_tools() -> str:
    """Why the AT-SPI tree cannot be read here ("" when it can)."""
    for tool in ("Xvfb", "dbus-run-session"):
        if shutil.which(tool) is None:
            return f"{tool} is not installed (Debian: xvfb, dbus-daemon)"
    if not Path(BUS_LAUNCHER).exists():
        return "at-spi2-core is not installed"
    probe = subprocess.run([SYSTEM_PYTHON, "-c", "import pyatspi"], capture_output=True, check=False) \
        if Path(SYSTEM_PYTHON).exists() else None
    if probe is None or probe.returncode != 0:
        return "pyatspi is not installed for /usr/bin/python3 (Debian: python3-pyatspi)"
    return ""


@dataclass(frozen=True)
class Node:
    depth: int
    role: str
    name: str
    description: str
    text: str
    states: tuple[str, ...]

    @property
    def said(self) -> str:
        """What a screen reader says for the node: its name, else its text."""
        return self.name or self.text


def read_tree(display: str, home: Path, out: Path, app_args: list[str], waits: list[str], *,
              press: str = "", then_waits: tuple[str, ...] = ()) -> list[Node]:
    """Start the app with ``app_args`` and read its tree once every pattern in ``waits`` is on screen (and, with
    ``press``, once that button was pressed over AT-SPI and every pattern in ``then_waits`` is on screen)."""
    env = {key: value for key, value in os.environ.items()
           if not key.startswith(("QT_", "STRETCH_TIMER", "DBUS_", "AT_SPI", "XAUTHORITY"))}
    env.update(PYTHONPATH=str(REPO), STRETCH_TIMER_HOME=str(home), DISPLAY=display)
    command = ["dbus-run-session", "--",
               SYSTEM_PYTHON, str(REPO / "tests" / "atspi_dump.py"), "--out", str(out), "--timeout", "10"]
    for wait in waits:
        command += ["--wait", wait]
    if press:
        command += ["--press", press]
        for wait in then_waits:
            command += ["--then-wait", wait]
    command += ["--", sys.executable, "-m", "stretch_timer", *app_args, "--no-voice", "--mute"]
    proc = subprocess.run(command, cwd=REPO, env=env, capture_output=True, text=True, timeout=40, check=False)
    # 1: the patterns never showed up; the tree read last is there, and the tests say what it lacks.
    assert proc.returncode in (0, 1) and out.exists(), proc.stderr[-3000:]
    rows = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert rows, f"the app never showed up on the accessibility bus: {proc.stderr[-3000:]}"
    return [Node(row["depth"], row["role"], row["name"], row["description"], row["text"], tuple(row["states"]))
            for row in rows]


def shown(tree: list[Node]) -> list[Node]:
    """The nodes on screen: showing, and every ancestor showing (a hidden page's children say "showing" too)."""
    result: list[Node] = []
    hidden_below: int | None = None
    for node in tree:
        if hidden_below is not None and node.depth > hidden_below:
            continue
        hidden_below = None
        if "showing" not in node.states and node.role != "application":
            hidden_below = node.depth
            continue
        result.append(node)
    return result


def said_by(nodes: list[Node], role: str) -> list[str]:
    return [node.said for node in nodes if node.role == role]


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    """An X server for this module's app runs; -displayfd picks a free display (no race with other servers)."""
    reason = missing_tools()
    if reason:
        pytest.skip(reason)
    with private_xvfb() as number:
        yield number


@pytest.fixture(scope="module")
def library_tree(display: str, tmp_path_factory: pytest.TempPathFactory) -> list[Node]:
    folder = tmp_path_factory.mktemp("library")
    return shown(read_tree(display, folder / "home", folder / "tree.jsonl", [], ["^Calf$", "^Routine: "]))


@pytest.fixture(scope="module")
def player_tree(display: str, tmp_path_factory: pytest.TempPathFactory) -> list[Node]:
    folder = tmp_path_factory.mktemp("player")
    first = open_library().get("calf-cramp-relief").routine.steps[0].stretch
    return shown(read_tree(display, folder / "home", folder / "tree.jsonl", ["start", "calf-cramp-relief"],
                           [TIME_LEFT, f"^{re.escape(first.name)}$"]))


@pytest.fixture(scope="module")
def eased_tree(display: str, tmp_path_factory: pytest.TempPathFactory) -> list[Node]:
    """The player just after its Ease off button was pressed, as a screen reader's user presses it."""
    folder = tmp_path_factory.mktemp("eased")
    first = open_library().get("calf-cramp-relief").routine.steps[0].stretch
    return shown(read_tree(display, folder / "home", folder / "tree.jsonl", ["start", "calf-cramp-relief"],
                           [TIME_LEFT, f"^{re.escape(first.name)}$"], press="Ease off",
                           then_waits=(EASE_WORDS, "^Resume after easing off$")))


def below(tree: list[Node], name: str) -> list[Node]:
    """The nodes inside the first node named ``name``."""
    start = next(index for index, node in enumerate(tree) if node.name == name)
    inside: list[Node] = []
    for node in tree[start + 1:]:
        if node.depth <= tree[start].depth:
            break
        inside.append(node)
    return inside


def test_the_library_reads_the_muscles_as_buttons_then_the_cards(library_tree: list[Node]) -> None:
    buttons = said_by(library_tree, "push button")
    muscles = [MUSCLE_NAMES[muscle] for muscle in CRAMP_MUSCLES]
    assert buttons[:len(muscles)] == muscles, "Cramp now's muscles are the first buttons, pressed in one go"
    cards = [f"Routine: {entry.name}" for entry in open_library().entries.values() if entry.ok]
    assert set(cards) <= set(buttons)
    assert max(buttons.index(name) for name in muscles) < min(buttons.index(card) for card in cards)
    calf = next(node for node in library_tree if node.role == "push button" and node.name == "Calf")
    assert "Calf cramp" in calf.description and "minute" in calf.description, calf


def test_cramp_now_is_no_check_box_and_labels_say_their_words(library_tree: list[Node]) -> None:
    assert not [node for node in library_tree if node.role in ("check box", "toggle button")], \
        "nothing on the library is a toggle: Cramp now's muscles are plain buttons"
    labels = said_by(library_tree, "label")
    assert "Cramp now: where does it hurt?" in labels
    assert "Routines" in labels


def test_the_player_reads_the_stretch_the_time_left_and_the_how_to(player_tree: list[Node]) -> None:
    stretch = open_library().get("calf-cramp-relief").routine.steps[0].stretch
    labels = said_by(player_tree, "label")
    assert stretch.name in labels, labels
    assert any(re.match(TIME_LEFT, label) for label in labels), labels
    assert any(label.startswith("Step 1 of 3") for label in labels), labels
    how_to = next((label for label in labels if stretch.instructions[0] in label), "")
    assert all(line in how_to for line in stretch.instructions), (how_to, stretch.instructions)
    assert any(label.startswith("Next: ") for label in labels), labels
    fields = {"Stretch name", "Step progress", "Time left", "Instructions", "Next up", "Phase", "Announcement"}
    assert not fields & set(labels), "a label's field name would be read instead of its words"


def test_the_players_controls_are_named_buttons(player_tree: list[Node]) -> None:
    buttons = said_by(player_tree, "push button")
    for name in ("Pause or resume", "Skip", "Back", "Stop", "Ease off"):
        assert name in buttons, buttons


def test_the_status_line_reads_its_words(player_tree: list[Node]) -> None:
    """Started with --mute: the status line says so, in its own words (it once read "Notices" instead)."""
    labels = said_by(player_tree, "label")
    assert any(label.startswith("Muted for this run") for label in labels), labels
    assert "Notices" not in labels


def test_the_ease_off_message_reads_its_words(eased_tree: list[Node]) -> None:
    """Pressing Ease off shows a panel whose message is read as its words, plain (its first sentence is bold)."""
    panel = below(eased_tree, "Easing off")
    labels = said_by(panel, "label")
    words = [label for label in labels if re.match(EASE_WORDS, label)]
    assert words, labels
    assert "<" not in words[0] and "  " not in words[0], words[0]
    assert "Resume after easing off" in said_by(panel, "push button")
    assert not [node for node in eased_tree if node.said in ("Ease off message", "Stop question")]
