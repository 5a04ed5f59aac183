"""Shared routine files are untrusted: whatever a file holds, `list` and `validate` end with exit 0 or 1,
print one located line per problem and no control characters, never hang, and every bundled routine stays
listed. Each class of attack has its reproducer and variants here."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from stretch_timer.app_data import open_library
from stretch_timer.cli import main

REPO = Path(__file__).resolve().parents[2]
BUNDLED_IDS = sorted(path.stem for path in (REPO / "routines").glob("*.yaml"))
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
PROBLEM_LINE = re.compile(r"^(?P<path>.+?):(?P<line>\d+): (?P<field>[^:]+): \S")

ROUTINE = "format: 1\nname: Mine\nsteps:\n  - stretch: wall-calf-stretch\n"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def assert_clean_output(*texts: str) -> None:
    """No terminal control anywhere: each line is one line, nothing a terminal acts on."""
    for text in texts:
        found = CONTROL.search(text)
        assert found is None, f"control character {found.group()!r} in output:\n{text!r}"


def assert_list_is_whole(out: str) -> dict[str, str]:
    rows = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    missing = [rid for rid in BUNDLED_IDS if rid not in rows]
    assert not missing, f"bundled routines missing from list: {missing}\n{out}"
    return rows


@pytest.fixture
def user(_isolated_user_home: Path) -> Path:
    folder = _isolated_user_home / "routines"
    folder.mkdir(parents=True)
    return folder


@pytest.fixture
def user_stretches(_isolated_user_home: Path) -> Path:
    folder = _isolated_user_home / "stretches"
    folder.mkdir(parents=True)
    return folder


# --- 1. one bad file never takes the library down ------------------------------------------------------

BAD_SCALARS = {
    "int-tag-on-text": ROUTINE + "    repeat: !!int two\n",
    "bool-tag-on-text": ROUTINE.replace("steps:", "cues: {halfway: !!bool maybe}\nsteps:"),
    "float-tag-on-text": ROUTINE + "    hold: !!float ten\n",
    "null-tag-on-text": ROUTINE + "    hold: !!null 30\n",
    "huge-int": ROUTINE + "    hold: 1" + "0" * 400 + "\n",
    "huge-negative-int": ROUTINE + "    hold: -1" + "0" * 400 + "\n",
    "int-past-python-limit": ROUTINE + "    hold: " + "9" * 4301 + "\n",
    "huge-float": ROUTINE + "    hold: 1e400\n",
    "huge-repeat": ROUTINE + "    repeat: 1" + "0" * 400 + "\n",
    "huge-countdown": ROUTINE.replace("steps:", "cues: {countdown: " + "9" * 500 + "}\nsteps:"),
    "huge-prepare": ROUTINE.replace("steps:", "prepare: " + "9" * 4299 + "\nsteps:"),
    "huge-breathing": "format: 1\nname: B\nsteps:\n  - stretch: mindful-breathing\n    breathe: {cycles: 1"
    + "0" * 300 + ", inhale: 1e999}\n",
    "nan-hold": ROUTINE + "    hold: .nan\n",
    "inf-rest": ROUTINE + "    rest: -.inf\n",
    "tagged-list": ROUTINE.replace("steps:", "tags: !!python/object/apply:os.system [bedtime]\nsteps:"),
    "tagged-steps": "format: 1\nname: T\nsteps: !!python/tuple\n  - stretch: wall-calf-stretch\n",
    "tagged-step": "format: 1\nname: T\nsteps:\n  - !!python/object:os.system {stretch: wall-calf-stretch}\n",
    "set": "format: 1\nname: T\nsteps:\n  - !!set {stretch: null}\n",
    "omap": "format: 1\nname: T\nsteps: !!omap [stretch: wall-calf-stretch]\n",
    "binary": ROUTINE.replace("name: Mine", "name: !!binary aGVsbG8="),
    "timestamp": ROUTINE.replace("name: Mine", "name: !!timestamp 2024-01-01"),
    "tagged-key": ROUTINE.replace("name: Mine", "!!python/name:os.system name: Mine"),
    "tagged-top": "!!python/object/new:dict\nformat: 1\n",
}


@pytest.mark.parametrize("text", list(BAD_SCALARS.values()), ids=list(BAD_SCALARS))
def test_a_routine_with_a_value_pyyaml_cannot_convert_is_a_located_problem(
    capsys: pytest.CaptureFixture[str], user: Path, text: str
) -> None:
    bad = user / "bad.yaml"
    bad.write_text(text)
    code, out, err = run(capsys, "list")
    assert code == 0, err
    assert_clean_output(out, err)
    rows = assert_list_is_whole(out)
    assert "(cannot load)" in rows["bad"]
    problems = [line.strip() for line in out.splitlines() if line.startswith(f"  {bad}:")]
    assert problems, out
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1, (out, err)
    assert_clean_output(out, err)
    assert err and all(PROBLEM_LINE.match(line) for line in err.splitlines()), err
    assert out.strip() == "0 of 1 file valid"


@pytest.mark.parametrize("text", ["hold: !!float ten\n", "hold: 1" + "0" * 400 + "\n", "hold: 1e400\n",
                                  "muscles: !!python/tuple [calf]\n", "sides: !!int both\n"])
def test_a_user_stretch_with_a_bad_value_is_a_located_problem(
    capsys: pytest.CaptureFixture[str], user_stretches: Path, text: str
) -> None:
    bad = user_stretches / "my-stretch.yaml"
    bad.write_text(f"format: 1\nname: My stretch\nmuscles: [calf]\ninstructions: Do it.\n{text}")
    code, out, err = run(capsys, "list")
    assert code == 0, err
    assert_list_is_whole(out)
    assert f"  {bad}:5: " in out, out
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1 and err.startswith(f"{bad}:5: "), (out, err)


def _special_entries(folder: Path) -> dict[str, str]:
    """Entries named ``*.yaml`` that are not regular files, and what the problem must call each."""
    (folder / "a-folder.yaml").mkdir()
    (folder / "broken-link.yaml").symlink_to(folder / "nowhere.yaml")
    os.mkfifo(folder / "a-pipe.yaml")
    (folder / "a-device.yaml").symlink_to("/dev/zero")
    (folder / "a-folder-link.yaml").symlink_to(folder / "a-folder.yaml")
    made = {
        "a-folder": "is a folder, not a file",
        "broken-link": "is a link to",
        "a-pipe": "is a named pipe, not a file",
        "a-device": "is a device, not a file",
        "a-folder-link": "is a folder, not a file",
    }
    sock = socket.socket(socket.AF_UNIX)
    try:
        sock.bind(str(folder / "a-socket.yaml"))
        made["a-socket"] = "is a socket, not a file"
    except OSError:  # a path too long for a socket address: the other kinds still count
        pass
    finally:
        sock.close()
    return made


def test_entries_that_are_not_regular_files_are_each_a_problem(
    capsys: pytest.CaptureFixture[str], user: Path, user_stretches: Path
) -> None:
    routine_entries = _special_entries(user)
    stretch_entries = _special_entries(user_stretches)
    code, out, err = run(capsys, "list")
    assert code == 0, err
    assert_clean_output(out, err)
    rows = assert_list_is_whole(out)
    for name, reason in routine_entries.items():
        assert "(cannot load)" in rows[name]
        assert f"  {user / name}.yaml:1: file: {reason}" in out, out
    for name, reason in stretch_entries.items():
        assert f"  {user_stretches / name}.yaml:1: file: {reason}" in out, out


def test_validate_on_a_pipe_a_device_or_a_folder_does_not_hang(user: Path) -> None:
    """In a child process with a timeout: reading a FIFO used to block until a writer appeared."""
    made = _special_entries(user)
    files = [name for name in made if "folder" not in name]  # a folder argument means "validate its files"
    targets = [str(user / f"{name}.yaml") for name in files]
    result = subprocess.run(
        [sys.executable, "-m", "stretch_timer", "validate", *targets],
        capture_output=True, text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(REPO)},
    )
    assert result.returncode == 1, result
    for name in files:
        assert f"{user / name}.yaml:1: file: {made[name]}" in result.stderr, result.stderr
    assert result.stdout.strip() == f"0 of {len(targets)} files valid"


@pytest.mark.parametrize("typo", ["hodl: 30", "hold: -5", "format: 1\nformat: 1", "steps: ["])
def test_a_broken_copy_of_a_bundled_relief_routine_falls_back_to_the_bundled_one(
    capsys: pytest.CaptureFixture[str], user: Path, typo: str
) -> None:
    text = (REPO / "routines" / "calf-cramp-relief.yaml").read_text(encoding="utf-8")
    lines = text.splitlines()
    at = next(index for index, line in enumerate(lines) if line.strip().startswith("- stretch:"))
    lines.insert(at + 1, "    " + typo.replace("\n", "\n    ") if not typo.startswith(("format", "steps")) else typo)
    (user / "calf-cramp-relief.yaml").write_text("\n".join(lines) + "\n")
    library = open_library()
    assert [routine.id for routine in library.relief_routines("calf")] == ["calf-cramp-relief"]
    entry = library.get("calf-cramp-relief")
    assert entry is not None and entry.routine is not None and entry.problems
    assert entry.broken_copy == user / "calf-cramp-relief.yaml"
    assert entry.routine.source == REPO / "routines" / "calf-cramp-relief.yaml"
    assert library.broken() == [entry]
    code, out, _ = run(capsys, "list")
    rows = assert_list_is_whole(out)
    assert code == 0 and "(cannot load)" not in rows["calf-cramp-relief"]
    assert rows["calf-cramp-relief"].rstrip().endswith("bundled, your copy cannot load")
    assert f"  {user / 'calf-cramp-relief.yaml'}:" in out
    backup = library.restore_bundled("calf-cramp-relief")
    assert backup.name == "calf-cramp-relief.yaml.bak" and not (user / "calf-cramp-relief.yaml").exists()
    assert library.broken() == []


# --- 2. text from a file is never terminal control, and one problem is one line -------------------------


def test_a_key_holding_a_newline_cannot_forge_a_problem_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text('format: 1\nname: Bad\n"x\\nother.yaml:1: file: all good": 1\nsteps: [{stretch: downward-dog}]\n')
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert_clean_output(out, err)
    assert err.splitlines() == [f"{bad}:3: x\\nother.yaml:1: file: all good: unknown key "
                                "'x\\nother.yaml:1: file: all good'"]


HOSTILE_NAMES = [
    "\x1b]0;pwned\x07\x1b[2J\x1b[1;1H",  # retitle the terminal, clear the screen
    "line one\nother.yaml:1: file: all good",
    "carriage\rreturn",
    "bidi \u202eevil\u202c",
    "sep\u2028arator",
    "del\x7f and c1 \x9b",
]


@pytest.mark.parametrize("name", HOSTILE_NAMES, ids=range(len(HOSTILE_NAMES)))
def test_names_and_file_names_are_printed_escaped(capsys: pytest.CaptureFixture[str], user: Path, name: str) -> None:
    quoted = name.encode("unicode_escape").decode("ascii").replace('"', '\\"')
    (user / "evil.yaml").write_text(
        f'format: 1\nname: "{quoted}"\ndescription: "{quoted}"\nsteps:\n  - name: "{quoted}"\n'
        f'    instructions: "{quoted}"\n    props: "{quoted}"\n    hold: 5\n', encoding="utf-8")
    file_name = name.replace("/", "_").replace("\x00", "") + ".yaml"
    try:
        (user / file_name).write_text("format: 1\nname: [\n")
    except OSError:
        file_name = ""
    code, out, err = run(capsys, "list")
    assert code == 0
    assert_clean_output(out, err)
    assert_list_is_whole(out)
    code, out, err = run(capsys, "show", "evil")
    assert code == 0, err
    assert_clean_output(out, err)
    if file_name:
        code, out, err = run(capsys, "validate", str(user / file_name))
        assert code == 1
        assert_clean_output(out, err)
        assert len(err.splitlines()) == 1


def test_a_file_name_with_a_newline_adds_no_row_to_list(capsys: pytest.CaptureFixture[str], user: Path) -> None:
    (user / "mine\nbedtime-legs  Forged  0:10  bundled.yaml").write_text(ROUTINE)
    code, out, _ = run(capsys, "list")
    assert code == 0
    assert_clean_output(out)
    assert sum(line.startswith("bedtime-legs") for line in out.splitlines()) == 1
    assert "mine\\nbedtime-legs  Forged" in out


# --- 3. line numbers are the editor's --------------------------------------------------------------------


def test_a_problem_after_a_pasted_line_separator_has_the_editors_line(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "pasted.yaml"
    long_text = "From a web page.\u2028" + "x" * 500
    bad.write_text(f'format: 1\nname: Pasted\ndescription: {long_text}\nsteps:\n  - stretch: nope\n  - hold: 5\n',
                   encoding="utf-8")
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 1
    assert [line.split(": ")[0] for line in err.splitlines()] == [f"{bad}:3", f"{bad}:5", f"{bad}:6"]
    assert_clean_output(err)
