"""Problems found in a file, in the one shape every front end prints: ``path:line: field: message``.

File names, keys and values come from files other people wrote, so everything printed from a problem goes
through :func:`visible`: a key holding a newline must not print a second, forged problem line, and a name
holding terminal escapes must not retitle the terminal or erase what is above it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from dataclasses import field as dataclass_field

# C0 and C1 controls, DEL, the Unicode line and paragraph separators, lone surrogates and the bidirectional
# controls that can make text read in another order than it is stored.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t", "\x1b": "\\e", "\x07": "\\a", "\x08": "\\b", "\x00": "\\0"}


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    named = _NAMED.get(char)
    if named is not None:
        return named
    code = ord(char)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str) -> str:
    """``text`` with every control character shown as an escape (``\\n``, ``\\e``, ``\\x07``…): one line,
    nothing a terminal would act on."""
    return _INVISIBLE.sub(_escape, text)


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with one file; ``line`` is 1-based, ``field`` a path such as ``steps[1].hold``.

    ``at`` is the same place as a document path (``("steps", 1, "hold")``; ``()`` for the file as a whole), so an
    editor can mark the field; it is neither printed nor compared.
    """

    path: str
    line: int
    field: str
    message: str
    at: tuple[str | int, ...] = dataclass_field(default=(), compare=False)

    def __str__(self) -> str:
        return visible(f"{self.path}:{self.line}: {self.field}: {self.message}")


FILE_FIELD = "file"
"""Field name used for problems with the file as a whole (size, encoding, YAML syntax)."""
