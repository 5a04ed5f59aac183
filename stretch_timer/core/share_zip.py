"""Zip archives from someone else, read as hostile; and the archives Stretch Timer writes for sharing.

:mod:`.share` plans an import from what this module lets through. An archive is refused, with one line per
reason, when it holds paths that climb out (``..``), absolute paths, links or devices, encrypted entries, more
than :data:`MAX_ENTRIES` entries, or more than :data:`MAX_UNPACKED_BYTES` unpacked: the sizes it declares and
the bytes it really gives, counted while reading (a zip bomb can lie). Nothing here writes an entry to disk;
the names, kinds and sizes are all checked first.
"""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import BinaryIO

from .images import MAX_BITMAP_BYTES
from .problems import FILE_FIELD, Problem, visible
from .svg_refs import MAX_SVG_BYTES, MiB
from .yamldoc import MAX_FILE_BYTES

__all__ = [
    "MAX_ARCHIVE_BYTES",
    "MAX_ENTRIES",
    "MAX_UNPACKED_BYTES",
    "Budget",
    "Member",
    "Refused",
    "declared_entries",
    "picture_limit",
    "read_entries",
    "read_member",
    "screen_entries",
    "write_zip",
]

MAX_ENTRIES = 50
MAX_UNPACKED_BYTES = 20 * MiB
MAX_ARCHIVE_BYTES = MAX_UNPACKED_BYTES + MiB
"""Stored entries plus zip headers cannot be much bigger than what they unpack to."""
_IGNORED_PREFIXES = ("__MACOSX/",)  # what macOS's Archive Utility adds beside every file
_CHUNK = 1 << 16


def _problem(file: Path | str, message: str) -> Problem:
    return Problem(str(file), 1, FILE_FIELD, message)


def write_zip(target: Path, members: Sequence[tuple[str, bytes]]) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    temp = target.with_name(f".{target.name}.exporting-{os.urandom(8).hex()}.tmp")
    try:
        with open(temp, "xb") as stream:
            with zipfile.ZipFile(stream, "w", zipfile.ZIP_DEFLATED) as archive:
                for name, content in members:
                    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
                    info.external_attr = (stat.S_IFREG | 0o644) << 16
                    info.compress_type = zipfile.ZIP_DEFLATED
                    archive.writestr(info, content)
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


@dataclass
class Member:
    info: zipfile.ZipInfo
    name: str
    """The entry's path, ``/``-separated and checked: relative, no ``..``, no empty or ``.`` parts."""


def declared_entries(stream: BinaryIO) -> int | None:
    """The entry count the archive's end record declares, read before zipfile builds its whole list."""
    end = stream.seek(0, os.SEEK_END)
    tail_size = min(end, 22 + 0xFFFF)
    stream.seek(end - tail_size)
    tail = stream.read(tail_size)
    stream.seek(0)
    at = tail.rfind(b"PK\x05\x06")
    if at < 0 or len(tail) < at + 22:
        return None  # zipfile says what is wrong with it
    count: int = struct.unpack("<H", tail[at + 10 : at + 12])[0]
    return None if count == 0xFFFF else count  # ZIP64: zipfile reads the real count



def screen_entries(file: Path, infos: Sequence[zipfile.ZipInfo]) -> tuple[list[Member], list[Problem]]:
    """The archive's files, and a problem for each rule it breaks: too many entries (then nothing else is
    looked at), an unsafe entry, or too many bytes declared in all."""
    if len(infos) > MAX_ENTRIES:
        return [], [_problem(file, f"the archive has {len(infos)} entries; it may have at most {MAX_ENTRIES}")]
    members, problems = _check_entries(file, infos)
    declared = sum(info.file_size for info in infos)
    if declared > MAX_UNPACKED_BYTES:
        problems.append(_problem(file, f"the archive unpacks to {declared / MiB:.1f} MiB; it may unpack to at "
                                       f"most {MAX_UNPACKED_BYTES // MiB} MiB"))
    return members, problems


def _check_entries(file: Path, infos: Sequence[zipfile.ZipInfo]) -> tuple[list[Member], list[Problem]]:
    """The archive's files (folders and macOS extras left out), and a problem for each entry that is unsafe."""
    members: list[Member] = []
    problems: list[Problem] = []
    seen: set[str] = set()
    for info in infos:
        raw = info.orig_filename
        shown = repr(visible(raw))
        reason = _unsafe_name(raw)
        kind = stat.S_IFMT(info.external_attr >> 16)
        if reason is not None:
            problems.append(_problem(file, f"entry {shown} {reason}; refusing the archive"))
            continue
        if kind == stat.S_IFLNK:
            problems.append(_problem(file, f"entry {shown} is a symbolic link; an archive may hold only files"))
            continue
        if kind not in (0, stat.S_IFREG, stat.S_IFDIR):
            problems.append(_problem(file, f"entry {shown} is not a plain file (a device or pipe); refusing it"))
            continue
        if info.flag_bits & 0x1:
            problems.append(_problem(file, f"entry {shown} is encrypted; export the routine again without a password"))
            continue
        name = "/".join(part for part in raw.replace("\\", "/").split("/") if part not in ("", "."))
        if name.casefold() in seen:
            problems.append(_problem(file, f"entry {shown} appears twice in the archive"))
            continue
        seen.add(name.casefold())
        if info.is_dir() or kind == stat.S_IFDIR or not name:
            continue
        if name.startswith(_IGNORED_PREFIXES) or PurePosixPath(name).name.startswith("._"):
            continue
        members.append(Member(info, name))
    return members, problems


def _unsafe_name(name: str) -> str | None:
    if not name or "\x00" in name or any(ord(char) < 0x20 or ord(char) == 0x7F for char in name):
        return "has control characters in its name"
    posix = name.replace("\\", "/")
    if posix.startswith("/") or (len(posix) > 1 and posix[1] == ":") or posix.startswith("~"):
        return "is an absolute path"
    if ".." in posix.split("/"):
        return "climbs out of the archive with '..'"
    return None


def picture_limit(name: str) -> int:
    return MAX_SVG_BYTES if name.lower().endswith(".svg") else MAX_BITMAP_BYTES


class Refused(Exception):
    """An entry or archive that is refused while reading; ``message`` is the one line saying why."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


@dataclass
class Budget:
    """Bytes unpacked so far, across the whole archive."""

    used: int = 0


def read_member(archive: zipfile.ZipFile, member: Member, limit: int, budget: Budget) -> bytes:
    """The entry's bytes, counted as they come: never more than ``limit`` for it, nor more than it declared,
    nor more than :data:`MAX_UNPACKED_BYTES` for the archive."""
    shown = repr(visible(member.name))
    declared = member.info.file_size
    if declared > limit:
        what = "a routine file" if limit == MAX_FILE_BYTES else "this picture"
        raise Refused(f"entry {shown} is {declared / MiB:.1f} MiB unpacked; {what} may be at most "
                       f"{limit / MiB:.2f} MiB".replace(".00 MiB", " MiB"))
    chunks: list[bytes] = []
    size = 0
    try:
        with archive.open(member.info) as stream:
            while chunk := stream.read(_CHUNK):
                size += len(chunk)
                budget.used += len(chunk)
                if size > declared:
                    raise Refused(f"entry {shown} unpacks to more than the {declared:,} bytes it declares; "
                                   "refusing the archive")
                if budget.used > MAX_UNPACKED_BYTES:
                    raise Refused(f"the archive unpacks to more than {MAX_UNPACKED_BYTES // MiB} MiB; refusing it")
                chunks.append(chunk)
    except Refused:
        raise
    except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, RuntimeError, ValueError, OSError) as error:
        raise Refused(f"entry {shown} cannot be unpacked ({visible(str(error)) or type(error).__name__})") from None
    if size != declared:
        raise Refused(f"entry {shown} unpacks to {size:,} bytes, not the {declared:,} it declares; refusing it")
    return b"".join(chunks)


def read_entries(archive: zipfile.ZipFile, routine: Member,
                 pictures: Sequence[Member]) -> tuple[bytes, list[tuple[Member, bytes]]]:
    """The routine's bytes and each picture's, all counted against one budget; :class:`Refused` on the first
    entry that breaks a limit."""
    budget = Budget()
    routine_data = read_member(archive, routine, MAX_FILE_BYTES, budget)
    return routine_data, [(member, read_member(archive, member, picture_limit(member.name), budget))
                          for member in pictures]
