"""The stretch-timer command as a person runs it: clear messages and exit codes, never a traceback."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest

from stretch_timer.cli import main

REPO = Path(__file__).resolve().parents[2]


def run_main(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_list_shows_bundled_routines_with_length_and_source(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "list")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["ID", "NAME", "TIME", "SOURCE"]
    bedtime = next(line for line in lines if line.startswith("bedtime-legs"))
    assert "Bedtime legs" in bedtime and bedtime.rstrip().endswith("bundled")
    assert any(part.count(":") == 1 and part.replace(":", "").isdigit() for part in bedtime.split())


def test_list_shows_user_and_customised_routines_and_broken_files(
    capsys: pytest.CaptureFixture[str], _isolated_user_home: Path
) -> None:
    user = _isolated_user_home / "routines"
    user.mkdir(parents=True)
    (user / "bedtime-legs.yaml").write_text("format: 1\nname: My bedtime\nsteps:\n  - stretch: downward-dog\n")
    (user / "mine.yaml").write_text("format: 1\nname: Mine\nsteps:\n  - stretch: wall-calf-stretch\n")
    (user / "broken.yaml").write_text("format: 1\nname: Broken\nsteps:\n  - stretch: no-such-stretch\n")
    code, out, _ = run_main(capsys, "list")
    assert code == 0
    rows = {line.split()[0]: line for line in out.splitlines() if line and not line.startswith(" ")}
    assert rows["bedtime-legs"].rstrip().endswith("customised") and "My bedtime" in rows["bedtime-legs"]
    assert rows["mine"].rstrip().endswith("user")
    assert "(cannot load)" in rows["broken"]
    assert f"{user / 'broken.yaml'}:4: steps[0].stretch: unknown stretch 'no-such-stretch'" in out


def test_validate_accepts_every_bundled_file(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run_main(capsys, "validate", str(REPO / "routines"))
    assert (code, err) == (0, "")
    assert out.strip().endswith("files valid") and out.split()[0] == out.split()[2]


def test_validate_prints_every_problem_with_its_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(dedent("""\
        format: 1
        name: Bad
        steps:
          - stretch: towel-calf-stretch
            hold: -5
            hodl: 3
          - stretch: towel-calf
        """))
    good = tmp_path / "good.yaml"
    good.write_text("format: 1\nname: Good\nsteps:\n  - stretch: towel-calf-stretch\n")
    code, out, err = run_main(capsys, "validate", str(bad), str(good))
    assert code == 1
    assert err.splitlines() == [
        f"{bad}:5: steps[0].hold: must be a positive duration, got -5",
        f"{bad}:6: steps[0].hodl: unknown key 'hodl'; did you mean 'hold'?",
        f"{bad}:7: steps[1].stretch: unknown stretch 'towel-calf'; did you mean 'towel-calf-stretch'?",
    ]
    assert out.strip() == "1 of 2 files valid"


def test_validate_checks_stretch_files_and_lets_routines_use_them(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / "stretches").mkdir()
    (tmp_path / "stretches" / "heel-drop.yaml").write_text(
        "format: 1\nname: Heel drop\nmuscles: [calf]\ninstructions: Let your heels sink.\n")
    (tmp_path / "uses.yaml").write_text("format: 1\nname: Uses\nsteps:\n  - stretch: heel-drop\n")
    (tmp_path / "loose-stretch.yaml").write_text("format: 1\nname: Loose\nmuscles: [neck]\ninstructions: x\n")
    code, _, err = run_main(capsys, "validate", str(tmp_path))
    assert code == 1
    assert err.splitlines() == [f"{tmp_path / 'loose-stretch.yaml'}:3: muscles[0]: 'neck' is not one of "
                                "calf, hamstring, quadriceps, foot, shin, hip"]


def test_validate_a_missing_file_or_empty_folder(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, _, err = run_main(capsys, "validate", str(tmp_path / "nope.yaml"))
    assert code == 1 and err.startswith(f"{tmp_path / 'nope.yaml'}:1: file: cannot read the file")
    code, _, err = run_main(capsys, "validate", str(tmp_path))
    assert code == 1 and "no .yaml files found" in err


def test_show_prints_the_timeline_with_times(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run_main(capsys, "show", "calf-cramp-relief")
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Calf cramp — now  (")
    timeline = [line for line in lines if line[:6].strip().count(":") == 1]
    assert timeline[0].split()[:2] == ["0:00", "0:03"] and "Get ready" in timeline[0]
    assert "step 1/3" in timeline[1] and "Seated toe pull" in timeline[1]
    assert timeline[-1].split() == [lines[0].split("(")[1].rstrip(")"), "done"]


def test_show_by_path_and_unknown_ids(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    routine = tmp_path / "quick.yaml"
    routine.write_text("format: 1\nname: Quick\nprepare: 0\nsteps:\n  - stretch: downward-dog\n    hold: 20\n")
    code, out, _ = run_main(capsys, "show", str(routine))
    assert code == 0 and out.startswith("Quick  (0:20)")
    code, _, err = run_main(capsys, "show", "bedtime-leg")
    assert code == 1 and "no routine 'bedtime-leg'; did you mean 'bedtime-legs'?" in err


@pytest.mark.parametrize(
    "content",
    [b"\x00\x01\x02\xff" * 100, b"a: [\n", b"- 1\n- 2\n", b"&a [*a]", b"format: 1\n" + b"x" * 300_000,
     "name: caf\u00e9\n".encode("latin-1"), b"format: 1\nname: x\nsteps: 5\n", b"!!python/object:os.system x\n"],
)
def test_no_input_ever_produces_a_traceback(tmp_path: Path, content: bytes) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_bytes(content)
    result = subprocess.run(
        [sys.executable, "-m", "stretch_timer", "validate", str(bad)], capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.startswith(f"{bad}:")
