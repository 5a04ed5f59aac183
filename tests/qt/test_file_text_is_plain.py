"""Text from a routine or stretch file shows as plain text on every screen: markup in it is never rendered.

Routine files are shared between people, so their text is untrusted. A QLabel left on Qt's default AutoText
renders a name like ``<img src="/home/me/photo.png">`` as that picture, and ``<img src="/dev/zero">`` makes Qt
read /dev/zero until it runs out of memory and aborts. Here every text field of two routines (and of the stretch
steps in them) carries markup: bold, a local picture and, in a child process, /dev/zero. The library (a card and
Cramp now), the overview, every phase of the player and the summary must show that markup literally, load no
picture and keep memory flat.

The /dev/zero run happens in a child process (this same test file, run by pytest with an environment variable),
so code that still renders markup fails the test cleanly instead of taking the test run down with it.
"""

from __future__ import annotations

import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from PySide6 import QtGui
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QKeySequence, QTextDocumentFragment
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QWidget

from stretch_timer import paths
from stretch_timer.app_data import open_library
from stretch_timer.core.session import State
from stretch_timer.qt.pages.library_page import LibraryPage

pytestmark = pytest.mark.gui

CHILD_ENV = "STRETCH_TIMER_TEST_DEV_ZERO_CHILD"
"""Set in the child process that renders the /dev/zero markup."""
PICTURE_ENV = "STRETCH_TIMER_TEST_PICTURE_MARKUP"
"""The parent's picture markup, for the child (whose clean-up would not run should it abort)."""

BOLD = "<b>b</b>"
ZERO = '<img src="/dev/zero">'
TALL = 4000
"""The local picture's height in pixels: a label that rendered it would be at least this tall."""
MEMORY_LIMIT_KIB = 64 * 1024
"""Peak memory may grow by less than this while the screens render (reading /dev/zero grows it to 2 GiB)."""


@pytest.fixture
def picture_markup() -> Iterator[str]:
    """``<img src="…">`` naming a real local picture, 8 × 4000 pixels, in a short path (names are ≤ 80 chars)."""
    if os.environ.get(CHILD_ENV) == "1" and os.environ.get(PICTURE_ENV):
        yield os.environ[PICTURE_ENV]
        return
    folder = Path(tempfile.mkdtemp(prefix="s", dir="/tmp" if os.path.isdir("/tmp") else None))
    image = QImage(8, TALL, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(folder / "t.png"))
    yield f'<img src="{folder / "t.png"}">'
    shutil.rmtree(folder, ignore_errors=True)


def routine_yaml(title: str, hold: int, marks: Sequence[str], short_marks: Sequence[str]) -> str:
    """A relief routine for the calf whose every text field ends in ``marks``: an inline hold step, a catalog
    stretch with every text overridden, a breathing step and a relaxation step (tags and muscle groups are
    short fields: they carry ``short_marks``). JSON strings are YAML double-quoted scalars."""

    def text(words: str) -> str:
        return json.dumps(" ".join([words, *marks]))

    def short(words: str) -> str:
        return json.dumps(" ".join([words, *short_marks]))

    name = f"{title} & [*] {' '.join(marks)}"
    assert len(name) <= 80, f"the routine name is over the loader's limit: {name!r}"
    return "\n".join([
        "format: 1",
        f"name: {json.dumps(name)}",
        f"description: {text('Description')}",
        f"tags: [relief, {', '.join(json.dumps(mark) for mark in short_marks)}]",
        "relieves: [calf]",
        "prepare: 2",
        "rest: 1",
        "switch: 1",
        "steps:",
        f"  - name: {text('Inline')}",
        "    position: sitting",
        f"    props: [{text('Prop')}]",
        f"    instructions: [{text('First')}, {text('Second')}]",
        f"    safety: {text('Safety')}",
        f"    say: {text('Say')}",
        f"    hold: {hold}",
        "  - stretch: towel-calf-stretch",
        f"    name: {text('Towel')}",
        f"    props: [{text('Towel prop')}]",
        f"    instructions: [{text('Pull')}]",
        f"    safety: {text('Careful')}",
        f"    say: {text('Say towel')}",
        "    sides: both",
        f"    hold: {hold}",
        f"  - name: {text('Breathing')}",
        f"    instructions: [{text('Breathe')}]",
        f"    say: {text('Say breathe')}",
        "    breathe: {cycles: 1, inhale: 2, exhale: 2}",
        f"  - name: {text('Relaxing')}",
        f"    say: {text('Say relax')}",
        f"    pmr: {{tense: 2, relax: 2, groups: [{short('Group')}]}}",
        "",
    ])


def write_routines(marks: Sequence[str], short_marks: Sequence[str]) -> None:
    """A short routine (the one Calf starts under Cramp now), a long one (offered under "Also:") and a broken
    file whose problem quotes markup."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "short.yaml").write_text(routine_yaml("Short", 2, marks, short_marks), encoding="utf-8")
    (folder / "long.yaml").write_text(routine_yaml("Long", 300, marks, short_marks), encoding="utf-8")
    (folder / "<b>broken.yaml").write_text(
        f"format: 1\nname: Broken\nsteps:\n  - stretch: {json.dumps(' '.join(short_marks))}\n", encoding="utf-8")


# --- what a screen shows ----------------------------------------------------------------------------------

might_be_rich: Callable[[str], bool] = QtGui.Qt.mightBeRichText
"""Qt's own guess (QtGui's, not QtCore's Qt): what AutoText labels and tooltips render as rich text."""


def renders_markup(label: QLabel) -> bool:
    """Whether Qt lays ``label`` out as rich text (AutoText does when its text looks like markup)."""
    text_format = label.textFormat()
    return text_format == Qt.TextFormat.RichText or (
        text_format == Qt.TextFormat.AutoText and might_be_rich(label.text()))


def shown_text(label: QLabel) -> str:
    """The words a person sees on ``label`` (call only once the label is known to hold no file markup); a
    one-line label cut with "…" on purpose shows the whole text in its tooltip."""
    if label.text().endswith("…") and label.toolTip():
        return QTextDocumentFragment.fromHtml(label.toolTip()).toPlainText()
    return QTextDocumentFragment.fromHtml(label.text()).toPlainText() if renders_markup(label) else label.text()


def check_screen(window: QWidget, screen: str, marks: Sequence[str]) -> list[str]:
    """Problems with what ``window`` shows now: file markup rendered, a label as tall as the picture, a button
    whose file text became a keyboard mnemonic, or no label showing the markup at all (a vacuous pass)."""
    problems = []
    labels = [label for label in window.findChildren(QLabel) if label.isVisible()]
    literal = False
    for label in labels:
        name = label.accessibleName() or label.objectName() or type(label.parentWidget()).__name__
        raw = [mark for mark in marks if mark in label.text()]
        if raw and renders_markup(label):
            problems.append(f"{screen}: {name!r} renders file markup as rich text: {label.text()!r}")
        elif all(mark in shown_text(label) for mark in marks):
            literal = True
        if label.sizeHint().height() >= TALL // 2:
            problems.append(f"{screen}: {name!r} is {label.sizeHint().height()} px tall: it drew the picture")
    if not literal:
        problems.append(f"{screen}: no label shows the file's markup literally; labels: "
                        f"{[label.text() for label in labels]}")
    buttons = [button for button in window.findChildren(QAbstractButton)
               if button.isVisible() and any(mark in button.text() for mark in marks)]
    for button in buttons:  # "&&" shows one "&"; a lone "&" would underline the next letter and make a shortcut
        if not QKeySequence.mnemonic(button.text()).isEmpty() or "& [*]" not in button.text().replace("&&", "&"):
            problems.append(f"{screen}: button {button.text()!r} made a shortcut of the file's '&'")
    return problems


def walk_every_screen(rig: Any, marks: Sequence[str]) -> list[str]:
    """The library (card, Cramp now), the short routine's overview, each phase of its run and the summary."""
    window = rig.window
    problems = check_screen(window, "library", marks)  # Cramp now's muscles and "Also:" are on it

    window.pages.show_overview("short")
    QApplication.processEvents()
    assert window.pages.current_page() is window.pages.overview_page
    problems += check_screen(window, "overview", marks)
    title = window.windowHandle().title()
    if "Short & [*] " + " ".join(marks) not in title:
        problems.append(f"window title {title!r} does not show the routine's name as written")

    rig.click("Start")
    driver = window.context.runs.driver
    assert driver is not None
    session = driver.session
    while session.state is not State.FINISHED:
        phase = session.phase
        QApplication.processEvents()
        problems += check_screen(window, f"player: {phase.kind.value} {phase.label!r}", marks)
        rig.advance(max(session.remaining, 0.0) + 0.05, step=0.5)
    QApplication.processEvents()
    assert window.pages.current_page() is window.pages.summary_page
    problems += check_screen(window, "summary", marks)
    return problems


def peak_rss_kib() -> int:
    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def virtual_memory_bytes() -> int:
    """This process's address space now (0 where /proc does not say)."""
    status = Path("/proc/self/status")
    lines = status.read_text().splitlines() if status.exists() else []
    return next((int(line.split()[1]) * 1024 for line in lines if line.startswith("VmSize:")), 0)


# --- tests ------------------------------------------------------------------------------------------------


def test_markup_in_a_routine_shows_literally_on_every_screen(
        make_window: Callable[..., Any], picture_markup: str) -> None:
    """Bold and a local picture in every field: shown as written, the picture never loaded."""
    marks = (BOLD, picture_markup)
    write_routines(marks, (BOLD,))
    rig = make_window()
    assert rig.window.context.library.get("short").ok, rig.window.context.library.get("short").problems
    assert "<b>broken" in rig.window.pages.library_page.broken
    before = peak_rss_kib()
    problems = walk_every_screen(rig, marks)
    assert not problems, "\n".join(problems)
    assert peak_rss_kib() - before < MEMORY_LIMIT_KIB


def test_dev_zero_in_a_routine_neither_aborts_nor_eats_memory(
        make_window: Callable[..., Any], picture_markup: str) -> None:
    """``<img src="/dev/zero">`` in every field as well: every screen renders, and memory stays flat."""
    if os.environ.get(CHILD_ENV) != "1":
        # Here: run this test again in a child, where a Qt that reads /dev/zero can only take itself down.
        root = Path(__file__).resolve().parents[2]
        child = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "--no-header", "-p", "no:cacheprovider",
             f"{Path(__file__).resolve()}::test_dev_zero_in_a_routine_neither_aborts_nor_eats_memory"],
            cwd=root, env={**os.environ, CHILD_ENV: "1", PICTURE_ENV: picture_markup}, capture_output=True,
            text=True, timeout=300, check=False)
        output = (child.stdout + child.stderr)[-6000:]
        assert child.returncode == 0, f"the child exited with {child.returncode} (-6 is SIGABRT):\n{output}"
        assert "1 passed" in child.stdout, output
        return
    marks = (BOLD, picture_markup, ZERO)
    write_routines(marks, (BOLD, ZERO))
    rig = make_window()
    assert rig.window.context.library.get("short").ok, rig.window.context.library.get("short").problems
    # Should /dev/zero be read after all, fail at 1 GiB more rather than at Qt's 2 GiB on a shared machine.
    limits = resource.getrlimit(resource.RLIMIT_AS)
    address_space = virtual_memory_bytes()
    if address_space:
        hard = limits[1]
        soft = address_space + 2**30 if hard == resource.RLIM_INFINITY else min(address_space + 2**30, hard)
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))
    try:
        before = peak_rss_kib()
        problems = walk_every_screen(rig, marks)
        grown = peak_rss_kib() - before
    finally:
        resource.setrlimit(resource.RLIMIT_AS, limits)
    assert not problems, "\n".join(problems)
    assert grown < MEMORY_LIMIT_KIB, f"peak memory grew by {grown // 1024} MiB while the screens rendered"


def test_a_picture_problem_in_the_tooltip_names_the_file_literally(qtbot: Any) -> None:
    """A card's tooltip says why its picture is missing, naming the file: that name is the file's text too."""
    folder = paths.user_routines_dir()
    folder.mkdir(parents=True, exist_ok=True)
    picture = folder / "<b>Pic.png"
    image = QImage(4, 4, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(picture), "PNG")
    (folder / "pictured.yaml").write_text(
        'format: 1\nname: Pictured\nsteps:\n  - name: Stand\n    image: "<b>Pic.png"\n    hold: 5\n',
        encoding="utf-8")
    library = open_library()
    assert library.get("pictured").ok, library.get("pictured").problems
    picture.unlink()  # gone after loading: the card says so
    page = LibraryPage(library)
    qtbot.addWidget(page)
    tip = page.cards["pictured"].toolTip()
    shown = QTextDocumentFragment.fromHtml(tip).toPlainText() if might_be_rich(tip) else tip
    assert shown == "Picture not found: <b>Pic.png", tip
