"""Durations as people write them: ``30``, ``2.5``, ``"45s"``, ``"1.5m"``, ``"1m30s"``, ``"2m 5s"``.

A duration is a number of seconds, or a string in one of three forms (spaces between the parts are optional):

* seconds: ``30``, ``2.5``, ``45s``, ``90 sec`` (units ``s``, ``sec``, ``secs``, ``second``, ``seconds``);
* minutes alone: ``1m``, ``1.5 min`` (units ``m``, ``min``, ``mins``, ``minute``, ``minutes``);
* whole minutes, then seconds under 60: ``1m30s``, ``2m 5s``, ``2m5`` (the seconds' unit may be left out).

Numbers in a string are plain decimals: digits, optionally a point and at most three more digits (to the
millisecond); no signs, exponents or digit separators. Hours are deliberately not accepted: no single phase of a
stretching routine should come near one.

:func:`duration_pattern` writes the same grammar, limited to a field's range, as a regular expression that
JSON Schema validators (ECMA-262 regexes, as editors run them) and Python's :mod:`re` read alike; the schemas in
``routines/`` carry its output, and the tests keep the two in step.
"""

from __future__ import annotations

import math
import re

MAX_DECIMALS = 3
"""Digits after the point in a duration string: enough for milliseconds, and few enough that the bounds the
loader checks on the float it computes are exactly the bounds :func:`duration_pattern` writes."""

_SPACE = "[ \\t\\r\\n]*"  # not \s, which Python and ECMA-262 define differently
_SECOND_UNIT = "(?:s|secs?|seconds?)"  # s, sec, secs, second, seconds
_MINUTE_UNIT = "(?:m|mins?|minutes?)"  # m, min, mins, minute, minutes
_DECIMAL = "[0-9]+(?:\\.[0-9]+)?"  # decimals are counted after matching, for a clearer message

_FORMS = re.compile(
    f"{_SPACE}(?:"
    f"(?P<minutes>{_DECIMAL}){_SPACE}{_MINUTE_UNIT}(?:{_SPACE}(?P<seconds>{_DECIMAL})(?:{_SPACE}{_SECOND_UNIT})?)?"
    f"|(?P<alone>{_DECIMAL})(?:{_SPACE}{_SECOND_UNIT})?"
    f"){_SPACE}"
)
_HOURS = re.compile("[0-9][ \\t\\r\\n]*h")
_CLOCK = re.compile("[ \\t]*(?P<minutes>[0-9]{1,4}):(?P<seconds>[0-5][0-9])[ \\t]*")

EXAMPLES = 'such as 30, "45s", "1.5m" or "1m30s"'


class DurationError(ValueError):
    """A value that is not a duration; the message is written for the person who typed it."""


def _shown(value: object) -> str:
    """``value`` as the message quotes it, cut short so a pasted novel does not become the message."""
    text = repr(value)
    return text if len(text) <= 40 else text[:36] + "…" + text[-3:]


def parse_duration(value: object) -> float:
    """Seconds from a number or a duration string; raises :class:`DurationError`, and nothing else, otherwise.

    The range a field allows (more than 0, at most an hour, …) is the caller's to check.
    """
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise DurationError(f"must be a duration {EXAMPLES}, got {_describe(value)}")
    if isinstance(value, str):
        seconds = _parse_text(value)
    else:
        try:
            seconds = float(value)
        except (ArithmeticError, ValueError, TypeError):  # 10**400 is an int too big for a float
            raise DurationError(f"is far too long to be a duration, got {_shown(value)}") from None
    if math.isnan(seconds):
        raise DurationError(f"must be a number of seconds, got {_shown(value)}")
    if math.isinf(seconds):
        raise DurationError(f"must be a finite number of seconds, got {_shown(value)}")
    return seconds


def _describe(value: object) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (a yes/no value)"
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    return _shown(value)


def _parse_text(text: str) -> float:
    match = _FORMS.fullmatch(text)
    if match is None:
        if _HOURS.search(text):
            raise DurationError(f"hours are not accepted here; write minutes and seconds, got {_shown(text)}")
        clock = _CLOCK.fullmatch(text)
        if clock is not None:  # 1:30, as a clock shows it: YAML 1.2 (and editors) read it as text, not 90
            total = int(clock["minutes"]) * 60.0 + int(clock["seconds"])
            raise DurationError(f"must be a duration {EXAMPLES}, got {_shown(text)}; write {_two_ways(total)}")
        raise DurationError(f"must be a duration {EXAMPLES}, got {_shown(text)}")
    numbers = [number for number in match.group("minutes", "seconds", "alone") if number is not None]
    if any(len(number.partition(".")[2]) > MAX_DECIMALS for number in numbers):
        raise DurationError(f"use at most {MAX_DECIMALS} digits after the point, got {_shown(text)}")
    minutes, seconds, alone = match.group("minutes", "seconds", "alone")
    if alone is not None:
        return _finite(float(alone), text)
    if seconds is None:
        return _finite(float(minutes) * 60, text)
    whole, seconds_whole = minutes.partition(".")[0], seconds.partition(".")[0]
    total = float(minutes) * 60 + float(seconds)
    if whole != minutes:
        raise DurationError(
            f"minutes followed by seconds must be whole minutes, got {_shown(text)}; write {_two_ways(total)}"
        )
    seconds_whole = seconds_whole.lstrip("0")
    if len(seconds_whole) > 2 or int(seconds_whole or "0") >= 60:
        raise DurationError(
            f"the seconds after the minutes must be under 60, got {_shown(text)}; write {_two_ways(total)}"
        )
    return _finite(total, text)


def _finite(seconds: float, text: str) -> float:
    if math.isinf(seconds):  # digits past what a float holds
        raise DurationError(f"is far too long to be a duration, got {_shown(text)}")
    return seconds


def _two_ways(total: float) -> str:
    """``'2m30s' or '150s'``: the same length written the two ways the message can offer."""
    if not total < 10**9:  # also inf, from a number too long for a float
        return "a shorter time"
    thousandths = round(total * 10**MAX_DECIMALS)
    minutes, rest = divmod(thousandths, 60 * 10**MAX_DECIMALS)
    alone = _thousandths(thousandths) + "s"
    if minutes == 0:
        return repr(alone)
    split = f"{minutes}m{_thousandths(rest)}s" if rest else f"{minutes}m"
    return f"{split!r} or {alone!r}"


def _thousandths(count: int) -> str:
    whole, part = divmod(count, 10**MAX_DECIMALS)
    return f"{whole}.{part:0{MAX_DECIMALS}d}".rstrip("0").rstrip(".")


# --- the same grammar, as a bounded regular expression ------------------------------------------------------


def duration_pattern(maximum: int, *, positive: bool) -> str:
    """The regular expression matching exactly the duration strings worth ``0`` to ``maximum`` seconds (more
    than 0 when ``positive``), for JSON Schema's ``pattern``.

    The result is anchored (``^…$``) and uses only what ECMA-262 (with or without the ``u`` flag) and Python's
    :mod:`re` read the same way: no lookbehind, no ``\\s`` or ``\\d``, and a whitespace class that includes
    ``\\n``, so Python's ``$`` (which also matches before a final newline) gives the same verdict. "More than
    0" is a lookahead for a digit other than 0: in this grammar that is exactly a value above zero.
    ``maximum`` is a whole number of seconds, at least 1.
    """
    if isinstance(maximum, bool) or not isinstance(maximum, int) or maximum < 1:
        raise ValueError(f"maximum must be a whole number of seconds, at least 1, got {maximum!r}")
    scale = 10**MAX_DECIMALS
    whole_minutes, last_seconds = divmod(maximum, 60)
    # (whole minutes, seconds under 60) pairs: fewer minutes than the maximum holds take any seconds under 60.
    split = [(f"0*{whole_minutes}" if whole_minutes else "0+", _decimal_at_most(last_seconds * scale))]
    if whole_minutes >= 1:
        split.insert(0, (_whole_up_to(whole_minutes - 1), _decimal_at_most(60 * scale - 1)))
    pairs = "|".join(f"{minutes}{_SPACE}{_MINUTE_UNIT}{_SPACE}{seconds}" for minutes, seconds in split)
    forms = (
        f"{_decimal_at_most(maximum * scale)}(?:{_SPACE}{_SECOND_UNIT})?",
        # Minutes are in range when 60 times them is: with at most MAX_DECIMALS digits after the point, a bound
        # on whole thousandths of a minute.
        f"{_decimal_at_most(maximum * scale // 60)}{_SPACE}{_MINUTE_UNIT}",
        f"(?:{pairs})(?:{_SPACE}{_SECOND_UNIT})?",
    )
    nonzero = "(?=[^1-9]*[1-9])" if positive else ""
    return f"^{nonzero}{_SPACE}(?:{'|'.join(forms)}){_SPACE}$"


def _decimal_at_most(thousandths: int) -> str:
    """Decimals (leading zeros allowed, at most MAX_DECIMALS digits after the point) worth at most
    ``thousandths`` / 10**MAX_DECIMALS."""
    scale = 10**MAX_DECIMALS
    whole, part = divmod(thousandths, scale)
    if part == scale - 1:  # every fraction of the last whole number is in range too
        return f"{_whole_up_to(whole)}(?:\\.{_fraction_up_to(part)})?"
    last = f"{'0+' if whole == 0 else f'0*{whole}'}(?:\\.{_fraction_up_to(part)})?"
    if whole == 0:
        return last
    return f"(?:{_whole_up_to(whole - 1)}(?:\\.{_fraction_up_to(scale - 1)})?|{last})"


def _whole_up_to(high: int) -> str:
    """Whole numbers from 0 to ``high``, as digits with any number of leading zeros."""
    if high == 0:
        return "0+"
    digits = str(high)
    width = len(digits)
    if width == 1:
        return f"0*{_digit('0', digits)}"
    # Leading zeros go to ``0*``: the shorter numbers, then those of ``width`` digits up to ``high``.
    shorter = _any_digits(1) if width == 2 else f"[0-9]{{1,{width - 1}}}"
    longest = _fixed_width("1" + "0" * (width - 1), digits)
    if longest == [_digit("1", "9") + _any_digits(width - 1)]:
        return f"0*[0-9]{{1,{width}}}"
    if width == 2 and len(longest) == 1 and longest[0].endswith("[0-9]"):  # 0–59: [1-5]?[0-9]
        return f"0*{longest[0][: -len('[0-9]')]}?[0-9]"
    return "0*(?:" + "|".join([shorter, *longest]) + ")"


def _fraction_up_to(high: int) -> str:
    """Digits after the point (1 to MAX_DECIMALS of them) worth at most ``high`` thousandths.

    ``5`` is 500 thousandths and ``05`` is 50: a fraction of ``n`` digits ``f`` is in range when
    ``f * 10**(3-n) <= high``.
    """
    if high == 10**MAX_DECIMALS - 1:
        return f"[0-9]{{1,{MAX_DECIMALS}}}"
    options: list[str] = []
    for digits in range(1, MAX_DECIMALS + 1):
        last = high // 10 ** (MAX_DECIMALS - digits)
        options.extend(_fixed_width("0" * digits, str(last).zfill(digits)))
    if options == ["0" * n for n in range(1, MAX_DECIMALS + 1)]:
        return f"0{{1,{MAX_DECIMALS}}}"
    return options[0] if len(options) == 1 else f"(?:{'|'.join(options)})"


def _fixed_width(low: str, high: str) -> list[str]:
    """Alternatives matching the digit strings of ``len(low)`` digits from ``low`` to ``high`` (same length)."""
    assert len(low) == len(high) and low <= high
    if not low:
        return [""]
    if low[0] == high[0]:
        return [low[0] + rest for rest in _fixed_width(low[1:], high[1:])]
    tail = len(low) - 1
    parts: list[str] = []
    start, stop = low[0], high[0]
    if low[1:] != "0" * tail:  # the first digit of ``low`` with only some of what may follow it
        parts.extend(low[0] + rest for rest in _fixed_width(low[1:], "9" * tail))
        start = chr(ord(start) + 1)
    if high[1:] != "9" * tail:
        stop = chr(ord(stop) - 1)
    if start <= stop:
        full = (start, stop) == ("0", "9")
        parts.append(_any_digits(tail + 1) if full else _digit(start, stop) + _any_digits(tail))
    if high[1:] != "9" * tail:
        parts.extend(high[0] + rest for rest in _fixed_width("0" * tail, high[1:]))
    return parts


def _digit(low: str, high: str) -> str:
    """One digit from ``low`` to ``high``."""
    if low == high:
        return low
    return f"[{low}{high}]" if ord(high) == ord(low) + 1 else f"[{low}-{high}]"


def _any_digits(count: int) -> str:
    if count == 0:
        return ""
    return "[0-9]" if count == 1 else f"[0-9]{{{count}}}"


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
