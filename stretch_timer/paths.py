"""Where things live: the data shipped with the app, and the user's own data and settings.

Bundled routines and assets sit at the top of the repository so authors can edit them in place; the wheel
copies them into ``stretch_timer/_data`` (see ``pyproject.toml``). Looking in the package first and the
checkout second makes the same code work installed, editable and straight from a clone.

``STRETCH_TIMER_HOME`` moves every user path under one folder, so tests and portable setups never touch the
real user directories. Nothing here creates a directory: callers that write make the folders they need.
"""

from __future__ import annotations

import os
from pathlib import Path

APP_NAME = "stretch-timer"
HOME_ENV = "STRETCH_TIMER_HOME"

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def _bundled(name: str) -> Path:
    """The bundled folder ``name``: inside the installed package if it is there, else in the checkout."""
    if Path(__file__).is_file():  # a package on disk: resources.files() would give this folder; skip its import
        packaged: object = Path(__file__).parent / "_data" / name
    else:
        from importlib import resources

        packaged = resources.files("stretch_timer") / "_data" / name
    # Only a real directory on disk will do: callers hand these paths to open() and Path.glob().
    if isinstance(packaged, Path) and packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def bundled_routines_dir() -> Path:
    """Routines that ship with the app (read-only; the user's copies go to :func:`user_routines_dir`)."""
    return _bundled("routines")


def bundled_stretches_dir() -> Path:
    """The bundled stretch catalog that routines refer to by id."""
    return bundled_routines_dir() / "stretches"


def bundled_assets_dir() -> Path:
    """Images and sounds that ship with the app."""
    return _bundled("assets")


def bundled_images_dir() -> Path:
    """Stretch illustrations (SVG)."""
    return bundled_assets_dir() / "images"


def bundled_sounds_dir() -> Path:
    """Cue sounds (WAV)."""
    return bundled_assets_dir() / "sounds"


def _home_override() -> Path | None:
    """``STRETCH_TIMER_HOME`` as an absolute path, or None when unset or empty."""
    value = os.environ.get(HOME_ENV, "")
    if not value:
        return None
    return Path(os.path.abspath(os.path.expanduser(value)))


def user_data_dir() -> Path:
    """The user's data: their routines, stretches and history."""
    home = _home_override()
    if home is not None:
        return home
    import platformdirs  # only without STRETCH_TIMER_HOME

    return platformdirs.user_data_path(APP_NAME, appauthor=False)


def user_routines_dir() -> Path:
    """Routines the user made or edited; they sit beside, and may shadow, the bundled ones."""
    return user_data_dir() / "routines"


def user_stretches_dir() -> Path:
    """Stretches the user added to the catalog."""
    return user_data_dir() / "stretches"


def history_path() -> Path:
    """The history of runs and the cramp diary (one SQLite file, see ``core.history.store``)."""
    return user_data_dir() / "history.sqlite3"


def user_config_dir() -> Path:
    """Settings, kept apart from data as each platform expects."""
    home = _home_override()
    if home is not None:
        return home / "config"
    import platformdirs  # only without STRETCH_TIMER_HOME

    return platformdirs.user_config_path(APP_NAME, appauthor=False)
