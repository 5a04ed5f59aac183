"""Where a file's ``image:`` points, and why a shared routine may not point anywhere else.

A routine passed around by e-mail must not be able to make the app open arbitrary files, so image paths are
relative, never climb out with ``..``, and must still be inside the file's folder after symlinks resolve.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path, PurePosixPath, PureWindowsPath

IMAGE_SUFFIXES = (".svg", ".png", ".jpg", ".jpeg", ".webp")


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
    """The picture file for ``reference``: beside the file first, then among the bundled images."""
    relative = _check_shape(reference)
    for base in (folder, *bundled_dirs):
        candidate = base / relative
        if candidate.is_file():
            resolved, root = candidate.resolve(), base.resolve()
            if not resolved.is_relative_to(root):
                raise ImageError(f"{reference!r} is a link that leads outside its folder")
            return resolved
    raise ImageError(f"{reference!r} not found beside this file or among the bundled pictures")
