"""Where a file's ``image:`` points, and why a shared routine may not point anywhere else.

A routine passed around by e-mail must not be able to make the app open arbitrary files, so image paths are
relative, never climb out with ``..``, and must still be inside the file's folder after symlinks resolve. The
picture itself must not reach further either: an SVG must be self-contained (see :mod:`.svg_refs`), and a
picture is read once, size-capped, so the bytes checked are the bytes drawn. A bitmap must really be the
format its suffix names, or Qt would sniff an SVG (and its references) out of a file called ``.png``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

from .readfile import ReadError, TooBigError, read_regular_file
from .svg_refs import MAX_SVG_BYTES, MiB, SvgError, check_svg

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")
MAX_BITMAP_BYTES = 16 * MiB  # a phone photo fits; Qt's own decoder caps the pixels it allocates

# The format each bitmap suffix promises, and how its data starts.
_BITMAPS: dict[str, tuple[str, Callable[[bytes], bool]]] = {
    ".png": ("PNG", lambda data: data.startswith(b"\x89PNG\r\n\x1a\n")),
    ".jpg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".jpeg": ("JPEG", lambda data: data.startswith(b"\xff\xd8\xff")),
    ".webp": ("WebP", lambda data: data[:4] == b"RIFF" and data[8:12] == b"WEBP"),
}


class ImageError(ValueError):
    """The image reference is unsafe or names no picture; the message is for the file's author."""


def _check_shape(reference: str) -> PurePosixPath:
    if not reference.strip():
        raise ImageError("must name a picture file")
    posix, windows = PurePosixPath(reference), PureWindowsPath(reference)
    if posix.is_absolute() or windows.is_absolute() or windows.drive or reference.startswith("~"):
        raise ImageError(f"{reference!r} is an absolute path; give a path relative to this file's folder")
    if ".." in posix.parts or ".." in windows.parts:
        raise ImageError(f"{reference!r} climbs out of this file's folder with '..'; keep pictures beside it")
    if posix.suffix.lower() not in IMAGE_SUFFIXES:
        raise ImageError(f"{reference!r} is not a picture; use {', '.join(IMAGE_SUFFIXES)}")
    return PurePosixPath(reference.replace("\\", "/"))


def resolve_image(reference: str, folder: Path, bundled_dirs: Sequence[Path] = ()) -> Path:
    """The picture file for ``reference``: beside the file first, then among the bundled images; it must also
    pass :func:`check_picture`."""
    relative = _check_shape(reference)
    for base in (folder, *bundled_dirs):
        candidate = base / relative
        if candidate.is_file():
            resolved, root = candidate.resolve(), base.resolve()
            if not resolved.is_relative_to(root):
                raise ImageError(f"{reference!r} is a link that leads outside its folder")
            try:
                check_picture(resolved)
            except ImageError as error:
                raise ImageError(f"{reference!r} {error}") from None
            return resolved
    raise ImageError(f"{reference!r} not found beside this file or among the bundled pictures")


def _limit(suffix: str) -> tuple[int, str]:
    if suffix == ".svg":
        return MAX_SVG_BYTES, "an SVG picture"
    return MAX_BITMAP_BYTES, "a PNG, JPEG or WebP picture"


def _too_big(size: int, suffix: str) -> ImageError:
    limit, kind = _limit(suffix)
    return ImageError(f"is {size / MiB:.1f} MiB; {kind} may be at most {limit // MiB} MiB")


def check_picture(path: Path) -> None:
    """What loading a routine checks: the size, and that an SVG is self-contained.

    A bitmap's contents are left to :func:`read_picture_bytes` when it is shown (a broken one is a placeholder,
    not an error in the routine).
    """
    suffix = path.suffix.lower()
    if suffix == ".svg":
        read_picture_bytes(path)
        return
    try:
        size = path.stat().st_size
    except OSError as error:
        raise ImageError(f"cannot be read ({error.strerror or error})") from None
    if size > _limit(suffix)[0]:
        raise _too_big(size, suffix)


def read_picture_bytes(path: Path) -> bytes:
    """The picture's bytes, read once and checked: a regular file under the size limit, an SVG self-contained,
    a bitmap really of the format its suffix names. Raises :class:`ImageError` ("is …", "refers to …")."""
    suffix = path.suffix.lower()
    if suffix not in IMAGE_SUFFIXES:
        raise ImageError(f"is not a picture; use {', '.join(IMAGE_SUFFIXES)}")
    limit = _limit(suffix)[0]
    try:
        data = read_regular_file(path, limit)
    except TooBigError as error:
        raise _too_big(error.size, suffix) from None
    except ReadError as error:  # "is a folder, not a file", or "cannot read the file: <reason>"
        reason = str(error)
        if reason.startswith("cannot read the file: "):
            reason = f"cannot be read ({reason.removeprefix('cannot read the file: ')})"
        raise ImageError(reason) from None
    if suffix == ".svg":
        try:
            check_svg(data)
        except SvgError as error:
            raise ImageError(str(error)) from None
    else:
        name, looks_right = _BITMAPS[suffix]
        if not looks_right(data):
            raise ImageError(f"is not {name} data")
    return data
