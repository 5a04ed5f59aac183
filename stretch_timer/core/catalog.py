"""The stretch catalog: bundled entries first, the user's own on top (same id = the user's version wins)."""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping, Sequence
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


class LazyCatalog(Mapping[str, Stretch]):
    """The catalog :func:`load_catalog` would give, reading a stretch's files only when it is looked up.

    Starting one routine needs the few stretches it names, not all of them: the folders are listed at once
    (cheap), and each id is resolved on first use by the same rules as :func:`load_catalog` (the last folder
    whose file loads wins; when none loads, the last folder's file is the broken one). Iterating, ``len`` or
    :attr:`broken`'s keys load everything, so a did-you-mean on an unknown id sees the whole catalog.
    """

    def __init__(self, folders: Sequence[Path], image_dirs: Sequence[Path] = ()) -> None:
        self._image_dirs = image_dirs
        self._files: dict[str, list[Path]] = {}
        for folder in folders:
            for path in yaml_files(folder):
                self._files.setdefault(path.stem, []).append(path)
        self._resolved: dict[str, tuple[Stretch | None, Path | None]] = {}
        self.broken: Mapping[str, Path] = _BrokenStretches(self)

    def resolve(self, stretch_id: str) -> tuple[Stretch | None, Path | None]:
        """``(stretch, None)`` when ``stretch_id`` loads, ``(None, broken file)`` when its files do not."""
        if stretch_id not in self._resolved:
            stretch: Stretch | None = None
            broken: Path | None = None
            for path in self._files.get(stretch_id, ()):
                loaded, _problems = load_stretch_file(path, self._image_dirs)
                if loaded is not None:
                    stretch, broken = loaded, None
                elif stretch is None:
                    broken = path
            self._resolved[stretch_id] = (stretch, broken)
        return self._resolved[stretch_id]

    def ids(self) -> list[str]:
        """Every id with a file, loaded or not, in file order (nothing is read)."""
        return list(self._files)

    def __getitem__(self, stretch_id: str) -> Stretch:
        stretch = self.resolve(stretch_id)[0] if isinstance(stretch_id, str) else None
        if stretch is None:
            raise KeyError(stretch_id)
        return stretch

    def __iter__(self) -> Iterator[str]:
        return iter([stretch_id for stretch_id in self._files if self.resolve(stretch_id)[0] is not None])

    def __len__(self) -> int:
        return sum(1 for _ in self)


class _BrokenStretches(Mapping[str, Path]):
    """:attr:`Catalog.broken` for a :class:`LazyCatalog`: ids whose files all failed, with the file to name."""

    def __init__(self, catalog: LazyCatalog) -> None:
        self._catalog = catalog

    def __getitem__(self, stretch_id: str) -> Path:
        broken = self._catalog.resolve(stretch_id)[1] if isinstance(stretch_id, str) else None
        if broken is None:
            raise KeyError(stretch_id)
        return broken

    def __iter__(self) -> Iterator[str]:
        return iter([stretch_id for stretch_id in self._catalog.ids() if self._catalog.resolve(stretch_id)[1]])

    def __len__(self) -> int:
        return sum(1 for _ in self)
