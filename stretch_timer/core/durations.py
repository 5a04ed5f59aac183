"""Durations as people write them: ``30``, ``2.5``, ``"45s"``, ``"1m"``, ``"1m30s"``, ``"2m 5s"``.

Hours are deliberately not accepted: no single phase of a stretching routine should come near one.
"""

from __future__ import annotations

import math
import re

_UNITS = re.compile(
    r"^\s*(?:(?P<min>\d+(?:\.\d+)?)\s*(?:m|min|mins|minutes?)\s*)?"
    r"(?:(?P<sec>\d+(?:\.\d+)?)\s*(?:s|sec|secs|seconds?)?\s*)?$"
)


class DurationError(ValueError):
    """A value that is not a duration; the message is written for the person who typed it."""


def parse_duration(value: object) -> float:
    """Seconds from a number or a string with units; raises :class:`DurationError` otherwise."""
    if isinstance(value, bool):
        raise DurationError(f"must be a duration such as 30, \"45s\" or \"1m30s\", got {value!r}")
    if isinstance(value, int | float):
        seconds = float(value)
    elif isinstance(value, str):
        if re.search(r"\d\s*h", value):
            raise DurationError(f"hours are not accepted here; write minutes and seconds, got {value!r}")
        match = _UNITS.match(value)
        if not value.strip() or match is None or not (match["min"] or match["sec"]):
            raise DurationError(f"must be a duration such as 30, \"45s\" or \"1m30s\", got {value!r}")
        seconds = float(match["min"] or 0) * 60 + float(match["sec"] or 0)
    else:
        raise DurationError(f"must be a duration such as 30, \"45s\" or \"1m30s\", got {value!r}")
    if math.isnan(seconds) or math.isinf(seconds):
        raise DurationError(f"must be a finite number of seconds, got {value!r}")
    return seconds


def format_duration(seconds: float) -> int | float | str:
    """The tidiest way to write ``seconds`` back into a file (inverse of :func:`parse_duration`)."""
    if seconds != int(seconds):
        return seconds
    whole = int(seconds)
    if whole < 60:
        return whole
    minutes, rest = divmod(whole, 60)
    return f"{minutes}m{rest}s" if rest else f"{minutes}m"


def format_clock(seconds: float) -> str:
    """``m:ss`` for screens and listings; rounds up so a countdown never shows 0:00 while time is left."""
    whole = max(0, math.ceil(seconds - 1e-9))
    minutes, rest = divmod(whole, 60)
    return f"{minutes}:{rest:02d}"
