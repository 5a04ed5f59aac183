"""The library as the app and the CLI see it: bundled folders plus the user's, from :mod:`stretch_timer.paths`."""

from __future__ import annotations

from . import paths
from .core.library import Library


def open_library() -> Library:
    """Load the bundled and user routines and stretches (user ones shadow bundled ones with the same id)."""
    return Library(
        bundled_routines=paths.bundled_routines_dir(),
        user_routines=paths.user_routines_dir(),
        stretch_folders=(paths.bundled_stretches_dir(), paths.user_stretches_dir()),
        image_dirs=(paths.bundled_images_dir(),),
    ).reload()
