"""Checking and saving a draft as the file it will become, and taking in a picture the person chose.

A save never writes what the app would refuse: the text is loaded back first, at its target path, with the
library's catalog. It goes through the core's atomic write, so the file on disk is always the old version or
the new one (never torn, even under ``kill -9``), and the old one is kept as ``.bak``. Pictures a customised
bundled routine names beside its bundled file are copied along, as :meth:`Library.save` does.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

from .atomic import write_atomic
from .images import IMAGE_SUFFIXES, ImageError, check_picture, read_picture_bytes, resolve_image
from .loader import load_routine_text
from .model import Routine
from .problems import Problem

if TYPE_CHECKING:
    from .draft import RoutineDraft
    from .library import Library

PICTURE_FOLDER = "pictures"
"""Where pictures the person picks are copied, inside their routines folder."""


def target_path(library: Library, routine_id: str) -> Path:
    return library.user_routines / f"{routine_id}.yaml"


def _picture_dirs(library: Library) -> tuple[Path, ...]:
    """A draft's pictures are found beside its future file, then as bundled pictures."""
    return tuple(library.image_dirs)


def check_text(library: Library, draft: RoutineDraft, text: str) -> tuple[Routine | None, list[Problem]]:
    """Load ``text`` as the draft's saved file would load (pictures beside its source count too)."""
    dirs = _picture_dirs(library)
    if draft.source is not None and draft.source.parent != library.user_routines:
        dirs = (draft.source.parent, *dirs)  # a customised bundled routine: its pictures are copied on save
    return load_routine_text(
        text,
        target_path(library, draft.routine_id),
        library.catalog.stretches,
        dirs,
        broken_stretches=library.catalog.broken,
    )


def _own_pictures(draft: RoutineDraft) -> list[str]:
    references = []
    for index in range(draft.step_count()):
        reference = draft.step(index).get("image")
        if isinstance(reference, str):
            references.append(reference)
    return references


def _copy_pictures_beside(library: Library, draft: RoutineDraft) -> None:
    """Copy pictures the draft names from its source folder to the user's folder, when not already there."""
    if draft.source is None or draft.source.parent == library.user_routines:
        return
    for reference in _own_pictures(draft):
        try:
            found = resolve_image(reference, draft.source.parent)
        except ImageError:
            continue  # a bundled picture name, or a problem the check reports
        target = library.user_routines / reference
        if not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
            shutil.copyfile(found, temp)
            os.replace(temp, target)


def save_draft(library: Library, draft: RoutineDraft, routine_id: str | None = None) -> Path:
    """Write the draft to the user's folder as ``routine_id`` (its own id by default; another id saves a
    copy). Raises :class:`~.library.SaveError` with the loader's problems, writing nothing, when it would not
    load back."""
    from .library import SaveError

    text = draft.to_yaml()
    saving_as = routine_id or draft.routine_id
    as_target = draft
    if saving_as != draft.routine_id:
        from .draft import RoutineDraft

        as_target = RoutineDraft(saving_as, draft.data, source=draft.source, saved_text=draft.saved_text)
    routine, problems = check_text(library, as_target, text)
    if routine is None:
        raise SaveError(problems)
    _copy_pictures_beside(library, draft)
    target = target_path(library, saving_as)
    library.user_routines.mkdir(parents=True, exist_ok=True)
    write_atomic(target, text)
    library.install_schema()
    library.reload()
    if saving_as == draft.routine_id or draft.source is None:
        draft.mark_saved(target, text)
    return target


_SAFE = re.compile(r"[^a-z0-9]+")


def picture_reference(picture: Path, data: bytes) -> str:
    """``pictures/<hash>-<name>.<ext>``: the same picture chosen twice is stored once, and two different
    pictures with one name never overwrite each other."""
    stem = _SAFE.sub("-", picture.stem.lower()).strip("-")[:40] or "picture"
    digest = hashlib.sha256(data).hexdigest()[:10]
    return f"{PICTURE_FOLDER}/{digest}-{stem}{picture.suffix.lower()}"


def add_picture(library: Library, picture: Path) -> str:
    """Check a picture the person picked (the rules every routine's pictures follow) and copy it into their
    routines folder; raises ``ValueError`` with a message for them when it cannot be used."""
    if picture.suffix.lower() not in IMAGE_SUFFIXES:
        raise ValueError(f"{picture.name} is not a picture the app can show ({', '.join(IMAGE_SUFFIXES)})")
    try:
        data = read_picture_bytes(picture)
    except (ImageError, OSError) as error:
        raise ValueError(f"{picture.name}: {error}") from None
    reference = picture_reference(picture, data)
    target = library.user_routines / reference
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temp.write_bytes(data)
        os.replace(temp, target)
    try:
        check_picture(target)  # the copy, as the loader will read it
    except ImageError as error:
        raise ValueError(f"{picture.name}: {error}") from None
    return reference

