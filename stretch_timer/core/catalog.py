"""The stretch catalog: bundled entries first, the user's own on top (same id = the user's version wins)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from .loader import load_stretch_file
from .model import Stretch
from .problems import Problem


@dataclass
class Catalog:
    """Every stretch that loaded, plus what went wrong with those that did not."""

    stretches: dict[str, Stretch] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)
    broken: dict[str, Path] = field(default_factory=dict)
    """Ids whose only files failed to load, so a routine naming one can say why instead of "unknown"."""

    def get(self, stretch_id: str) -> Stretch | None:
        return self.stretches.get(stretch_id)

    def __contains__(self, stretch_id: object) -> bool:
        return stretch_id in self.stretches

    def __len__(self) -> int:
        return len(self.stretches)


def yaml_files(folder: Path) -> list[Path]:
    """Every ``*.yaml`` entry directly in ``folder``, sorted, skipping hidden and editor temp files.

    Entries that are not regular files (a folder named ``x.yaml``, a broken link, a pipe, a device) are
    listed too: loading one gives a problem saying what it is, so nothing in the folder goes unmentioned.
    """
    try:
        names = [entry.name for entry in os.scandir(folder)]
    except OSError:
        return []
    return sorted(folder / name for name in names if name.endswith(".yaml") and not name.startswith((".", "#")))


def load_catalog(folders: Sequence[Path], image_dirs: Sequence[Path] = ()) -> Catalog:
    """Load every stretch file in ``folders``; later folders override earlier ones by id."""
    catalog = Catalog()
    for folder in folders:
        for path in yaml_files(folder):
            stretch, problems = load_stretch_file(path, image_dirs)
            if stretch is None:
                catalog.problems.extend(problems)
                if path.stem not in catalog.stretches:
                    catalog.broken[path.stem] = path
                continue
            catalog.stretches[stretch.id] = stretch
            catalog.broken.pop(stretch.id, None)
    return catalog
