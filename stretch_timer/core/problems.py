"""Problems found in a file, in the one shape every front end prints: ``path:line: field: message``."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; ``line`` is 1-based, ``field`` a path such as ``steps[1].hold``."""

    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


FILE_FIELD = "file"
"""Field name used for problems with the file as a whole (size, encoding, YAML syntax)."""
