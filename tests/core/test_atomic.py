"""Atomic saves hold up against a second writer, ``kill -9``, odd permissions and symbolic links.

Every text written here carries its own length and checksum, so a torn file — half of one version, or two
versions mixed — is caught by parsing it, not by hoping a comparison happens to notice. The processes that
save concurrently or get killed are real processes; loops are bounded by counts, never by the clock.
"""

from __future__ import annotations

import errno
import hashlib
import os
import random
import re
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from stretch_timer.core.atomic import (
    FRESH_TEMP_SECONDS,
    UNLOCKABLE_TEMP_SECONDS,
    SaveTargetError,
    backup_path,
    remove_stale_temp_files,
    write_atomic,
)
from stretch_timer.core.library import Library

ROOT = Path(__file__).resolve().parents[2]
POSIX_ONLY = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork, SIGKILL and flock (POSIX)")
HEADER = re.compile(r"# version (\d+) length (\d+) sha256 ([0-9a-f]{64})")


def version_text(version: int) -> str:
    """A self-checking text; lengths vary (up to ~90 kB) so torn and mixed versions are visible."""
    body = "".join(f"line {n} of version {version}\n" for n in range(40 + version * 7919 % 3000))
    digest = hashlib.sha256(body.encode()).hexdigest()
    return f"# version {version} length {len(body)} sha256 {digest}\n{body}"


def parse_version(path: Path) -> int:
    """The version a file holds; fails unless the file is one whole version."""
    header, _, body = path.read_text(encoding="utf-8").partition("\n")
    match = HEADER.fullmatch(header)
    assert match, f"{path.name}: torn or foreign header {header[:80]!r}"
    assert len(body) == int(match[2]), f"{path.name}: torn, {len(body)} characters instead of {match[2]}"
    assert hashlib.sha256(body.encode()).hexdigest() == match[3], f"{path.name}: mixed versions"
    return int(match[1])


def names(folder: Path) -> list[str]:
    return sorted(os.listdir(folder))


def later(seconds: float) -> float:
    """A moment ``seconds`` from now, for asking the cleaner how the folder will look then (no sleeping)."""
    return time.time() + seconds


# --- children ----------------------------------------------------------------------------------------------
# This file doubles as the script the child processes run (see the bottom); PYTHONPATH makes them import the
# same checkout as the test, not whatever the virtualenv has installed.


def start_child(*args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, __file__, *args],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )


def wait_for_line(child: subprocess.Popen[str], expected: str) -> None:
    assert child.stdout is not None
    line = child.stdout.readline().strip()
    assert line == expected, f"child said {line!r}; stderr: {child.stderr.read() if child.stderr else ''}"


def tell(child: subprocess.Popen[str], line: str) -> None:
    assert child.stdin is not None
    child.stdin.write(line + "\n")
    child.stdin.flush()


def finish(child: subprocess.Popen[str]) -> None:
    _, errors = child.communicate(timeout=120)  # a hang-guard, not a speed requirement
    assert child.returncode == 0, errors


def _concurrent_writer(path: str, writer: str, count: str) -> None:
    """Save ``count`` versions as fast as possible once the parent says go (so both writers overlap)."""
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(int(count)):
        write_atomic(Path(path), version_text(int(writer) * 1_000_000 + n))


def _blocked_writer(path: str) -> None:
    """Save once, but stop at the first fsync — both temps exist and are locked — until the parent says go."""
    real_fsync = os.fsync
    state = {"stopped": False}

    def stop_once(fd: Any) -> None:
        if not state["stopped"]:
            state["stopped"] = True
            print("writing", flush=True)
            sys.stdin.readline()
        real_fsync(fd)

    os.fsync = stop_once
    write_atomic(Path(path), version_text(2))


# --- two writers at once -----------------------------------------------------------------------------------

def test_two_processes_saving_the_same_file_never_fail_or_tear_it(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    write_atomic(target, version_text(0))
    write_atomic(target, version_text(1))
    writers = [start_child("concurrent", str(target), str(writer), "250") for writer in (1, 2)]
    for child in writers:
        wait_for_line(child, "ready")
    for child in writers:
        tell(child, "go")
    checked = 0
    while any(child.poll() is None for child in writers):  # read alongside the writers, as a third party
        parse_version(target)
        parse_version(backup_path(target))
        checked += 1
    for child in writers:
        finish(child)
    final, backup = parse_version(target), parse_version(backup_path(target))
    assert final % 1_000_000 == 249, final  # one writer's last version won
    assert backup in {final - 1} | {writer * 1_000_000 + n for writer in (1, 2) for n in range(250)}
    assert names(tmp_path) == ["r.yaml", "r.yaml.bak"]  # every temp was renamed or removed


# --- kill -9 -----------------------------------------------------------------------------------------------

SYSCALLS = ("open", "write", "fstat", "utime", "fsync", "replace")


def _save_until_killed(target: Path, first: int, kill_at_call: int | None, ready: int) -> None:
    """In a forked child: save versions in a loop. With ``kill_at_call``, SIGKILL itself just before that
    many file-system calls have been made — a kill at an exact, varied point in the save — else tell the
    parent the first save is done and wait for its kill."""
    if kill_at_call is not None:
        calls = [0]

        def counting(original: Callable[..., Any]) -> Callable[..., Any]:
            def call(*args: Any, **kwargs: Any) -> Any:
                calls[0] += 1
                if calls[0] == kill_at_call:
                    os.kill(os.getpid(), signal.SIGKILL)
                return original(*args, **kwargs)

            return call

        for name in SYSCALLS:
            setattr(os, name, counting(getattr(os, name)))
    for n in range(100_000):
        write_atomic(target, version_text(first + n))
        if n == 0 and kill_at_call is None:
            os.write(ready, b"!")


@POSIX_ONLY
def test_kill_9_mid_save_leaves_old_or_new_and_the_cleaner_removes_the_temps(tmp_path: Path) -> None:
    target, backup = tmp_path / "r.yaml", tmp_path / "r.yaml.bak"
    write_atomic(target, version_text(0))
    write_atomic(target, version_text(1))
    rng = random.Random(9)  # fixed: the same kill points every run
    newest, cleaned = 1, 0
    for round_ in range(120):
        kill_at_call = rng.randrange(1, 40) if round_ % 2 == 0 else None  # else killed from outside
        delay = rng.uniform(0, 0.004)
        ready_read, ready_write = os.pipe()
        pid = os.fork()
        if pid == 0:
            code = 1
            try:
                os.close(ready_read)
                _save_until_killed(target, (round_ + 2) * 1_000_000, kill_at_call, ready_write)
                code = 0
            finally:
                os._exit(code)
        os.close(ready_write)
        if kill_at_call is None:
            assert os.read(ready_read, 1) == b"!"
            time.sleep(delay)  # where the kill lands varies; nothing asserted depends on it
            os.kill(pid, signal.SIGKILL)
        os.close(ready_read)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL, status

        current, previous = parse_version(target), parse_version(backup)  # old or new, never torn
        assert previous <= current and current >= newest, (previous, current, newest)
        newest = current
        leftovers = sorted(tmp_path / name for name in names(tmp_path) if name not in {"r.yaml", "r.yaml.bak"})
        assert remove_stale_temp_files(tmp_path, now=later(FRESH_TEMP_SECONDS + 1)) == leftovers
        assert names(tmp_path) == ["r.yaml", "r.yaml.bak"]
        assert (parse_version(target), parse_version(backup)) == (current, previous)
        cleaned += len(leftovers)
    assert cleaned > 0  # deterministic: the self-kills before a rename always leave a temp


# --- the cleaner's restraint -------------------------------------------------------------------------------

@POSIX_ONLY
def test_the_cleaner_leaves_the_temps_of_a_save_still_running_elsewhere(tmp_path: Path) -> None:
    target = tmp_path / "r.yaml"
    write_atomic(target, version_text(1))
    child = start_child("blocked", str(target))
    wait_for_line(child, "writing")
    temps = [name for name in names(tmp_path) if name not in {"r.yaml", "r.yaml.bak"}]
    assert len(temps) == 2, temps  # the new text's temp and the .bak copy's, both locked by the child
    assert remove_stale_temp_files(tmp_path, now=later(2 * UNLOCKABLE_TEMP_SECONDS)) == []
    assert set(temps) <= set(names(tmp_path))
    tell(child, "go")
    finish(child)
    assert parse_version(target) == 2 and parse_version(backup_path(target)) == 1
    assert names(tmp_path) == ["r.yaml", "r.yaml.bak"]


def test_a_fresh_temp_is_left_alone_an_old_unlocked_one_goes(tmp_path: Path) -> None:
    temp = tmp_path / f".r.yaml.saving-{'0123456789abcdef'}.tmp"
    temp.write_text("half a routine")
    assert remove_stale_temp_files(tmp_path) == []  # just made: its writer may not have locked it yet
    assert remove_stale_temp_files(tmp_path, now=later(FRESH_TEMP_SECONDS + 1)) == [temp]
    assert not temp.exists()


def test_only_our_own_temp_names_are_ever_removed(tmp_path: Path) -> None:
    user_file = tmp_path / "notes.txt"
    user_file.write_text("mine")
    keep = [
        ".other.tmp",
        "notes.txt",
        "r.yaml",
        "r.yaml.saving-0123456789abcdef.tmp",  # not hidden
        ".r.yaml.saving-0123456789abcde.tmp",  # 15 digits
        ".r.yaml.saving-0123456789abcdeg.tmp",  # not hex
        ".r.yaml.saving-0123456789ABCDEF.tmp",  # not ours: we write lower case
        ".r.yaml.saving-0123456789abcdef.tmp.swp",
        ".r.yaml.k3j_x9a2.tmp",  # the old mkstemp names: may be anybody's
        ".r.yaml.bak.tmp",
    ]
    for name in keep:
        if name != "notes.txt":
            (tmp_path / name).write_text("keep me")
    (tmp_path / ".d.yaml.saving-0123456789abcdef.tmp").mkdir()  # a folder by our name: not something we made
    (tmp_path / ".l.yaml.saving-0123456789abcdef.tmp").symlink_to(user_file)  # nor a link
    ours = tmp_path / ".r.yaml.saving-fedcba9876543210.tmp"
    ours.write_text("half a routine")
    before = names(tmp_path)
    assert remove_stale_temp_files(tmp_path, now=later(10 * UNLOCKABLE_TEMP_SECONDS)) == [ours]
    assert names(tmp_path) == sorted(set(before) - {ours.name})
    assert user_file.read_text() == "mine"


def test_the_cleaner_copes_with_a_missing_folder(tmp_path: Path) -> None:
    assert remove_stale_temp_files(tmp_path / "nowhere") == []


@POSIX_ONLY
def test_without_working_locks_only_an_hour_old_temp_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    import fcntl  # the very module atomic uses

    monkeypatch.setattr(fcntl, "flock", no_locks)
    temp = tmp_path / ".r.yaml.saving-0123456789abcdef.tmp"
    temp.write_text("half a routine")
    assert remove_stale_temp_files(tmp_path, now=later(60)) == []
    assert remove_stale_temp_files(tmp_path, now=later(UNLOCKABLE_TEMP_SECONDS + 1)) == [temp]


def test_without_fcntl_only_an_hour_old_temp_goes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    temp = tmp_path / ".r.yaml.saving-0123456789abcdef.tmp"
    temp.write_text("half a routine")
    monkeypatch.setattr(sys, "platform", "win32")  # the branch Windows takes; only the cleaner runs meanwhile
    assert remove_stale_temp_files(tmp_path, now=later(60)) == []
    assert remove_stale_temp_files(tmp_path, now=later(UNLOCKABLE_TEMP_SECONDS + 1)) == [temp]


# --- permissions -------------------------------------------------------------------------------------------

@POSIX_ONLY
def test_saving_keeps_the_files_permission_bits(tmp_path: Path) -> None:
    for mode in (0o644, 0o600, 0o640, 0o444):
        target = tmp_path / f"r{mode:o}.yaml"
        target.write_text("old\n")
        target.chmod(mode)
        write_atomic(target, "new\n")
        assert target.read_text() == "new\n"
        assert stat.S_IMODE(target.stat().st_mode) == mode, f"{mode:o} became {target.stat().st_mode:o}"
        assert stat.S_IMODE(backup_path(target).stat().st_mode) == mode  # the old version keeps its mode too


@POSIX_ONLY
def test_a_new_file_gets_the_usual_mode_less_the_umask(tmp_path: Path) -> None:
    old_umask = os.umask(0o027)
    try:
        write_atomic(tmp_path / "new.yaml", "new\n")
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE((tmp_path / "new.yaml").stat().st_mode) == 0o640


# --- symbolic links ----------------------------------------------------------------------------------------

@POSIX_ONLY
@pytest.mark.parametrize("relative", [True, False])
def test_saving_through_a_link_updates_its_target_and_keeps_the_link(tmp_path: Path, relative: bool) -> None:
    user, dots = tmp_path / "user", tmp_path / "dotfiles"
    user.mkdir()
    dots.mkdir()
    real = dots / "r.yaml"
    real.write_text("old\n")
    real.chmod(0o644)
    link = user / "r.yaml"
    link.symlink_to(Path("../dotfiles/r.yaml") if relative else real)
    pointing = os.readlink(link)
    write_atomic(link, "new\n")
    assert link.is_symlink() and os.readlink(link) == pointing
    assert real.read_text() == "new\n" and (dots / "r.yaml.bak").read_text() == "old\n"
    assert stat.S_IMODE(real.stat().st_mode) == 0o644
    assert names(user) == ["r.yaml"]  # no .bak and no temp beside the link
    assert names(dots) == ["r.yaml", "r.yaml.bak"]


@POSIX_ONLY
def test_a_dangling_link_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    link = tmp_path / "r.yaml"
    link.symlink_to("gone.yaml")
    with pytest.raises(SaveTargetError, match=r"r\.yaml: it is a link to gone\.yaml, which does not exist") as info:
        write_atomic(link, "new\n")
    assert isinstance(info.value, OSError) and info.value.path == link
    assert link.is_symlink() and os.readlink(link) == "gone.yaml"
    assert names(tmp_path) == ["r.yaml"]


@POSIX_ONLY
def test_a_link_to_a_folder_a_link_loop_and_a_folder_are_refused(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    (tmp_path / "to-folder.yaml").symlink_to("folder")
    (tmp_path / "loop.yaml").symlink_to("loop.yaml")
    (tmp_path / "dir.yaml").mkdir()
    before = names(tmp_path)
    with pytest.raises(SaveTargetError, match=r"which is a folder, not a file"):
        write_atomic(tmp_path / "to-folder.yaml", "new\n")
    with pytest.raises(SaveTargetError, match=r"a link that cannot be followed"):
        write_atomic(tmp_path / "loop.yaml", "new\n")
    with pytest.raises(SaveTargetError, match=r"dir\.yaml: it is a folder, not a file"):
        write_atomic(tmp_path / "dir.yaml", "new\n")
    assert names(tmp_path) == before and names(tmp_path / "folder") == []


# --- through the library -----------------------------------------------------------------------------------

STRETCH = """\
format: 1
name: Towel calf stretch
muscles: [calf]
instructions: [Sit with your legs out., Loop a towel round the foot., Pull gently.]
hold: 30
sides: both
"""


def make_library(tmp_path: Path) -> Library:
    for folder in ("bundled", "user", "stretches"):
        (tmp_path / folder).mkdir()
    (tmp_path / "stretches" / "towel-calf-stretch.yaml").write_text(STRETCH)
    (tmp_path / "bundled" / "schema.json").write_text('{"title": "routine"}')
    (tmp_path / "bundled" / "bedtime.yaml").write_text(
        "# yaml-language-server: $schema=schema.json\n"
        "format: 1\nname: Bedtime\nsteps:\n  - stretch: towel-calf-stretch\n"
    )
    return Library(tmp_path / "bundled", tmp_path / "user", (tmp_path / "stretches",)).reload()


@POSIX_ONLY
@pytest.mark.parametrize("kind", ["folder", "dangling link"])
def test_a_schema_the_user_replaced_with_a_non_file_does_not_stop_a_save(tmp_path: Path, kind: str) -> None:
    library = make_library(tmp_path)
    schema = tmp_path / "user" / "schema.json"
    if kind == "folder":
        schema.mkdir()
    else:
        schema.symlink_to("elsewhere.json")
    entry = library.get("bedtime")
    assert entry is not None and entry.routine is not None
    saved = library.save(entry.routine)
    assert saved.read_text().startswith("# yaml-language-server")
    assert schema.is_dir() if kind == "folder" else (schema.is_symlink() and not schema.exists())


@POSIX_ONLY
def test_a_linked_schema_is_updated_through_the_link(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    shared = tmp_path / "shared-schema.json"
    shared.write_text("{}")
    (tmp_path / "user" / "schema.json").symlink_to(shared)
    entry = library.get("bedtime")
    assert entry is not None and entry.routine is not None
    library.save(entry.routine)
    assert (tmp_path / "user" / "schema.json").is_symlink()
    assert shared.read_text() == '{"title": "routine"}'


@POSIX_ONLY
def test_saving_a_routine_over_a_dangling_link_says_why_it_cannot(tmp_path: Path) -> None:
    library = make_library(tmp_path)
    (tmp_path / "user" / "bedtime.yaml").symlink_to("moved-away.yaml")
    entry = library.get("bedtime")
    assert entry is not None and entry.routine is not None
    with pytest.raises(SaveTargetError, match="which does not exist"):
        library.save(entry.routine)
    assert not (tmp_path / "user" / "moved-away.yaml").exists()


if __name__ == "__main__":
    role, *arguments = sys.argv[1:]
    roles: dict[str, Callable[..., None]] = {"concurrent": _concurrent_writer, "blocked": _blocked_writer}
    roles[role](*arguments)
