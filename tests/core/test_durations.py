"""Durations: the grammar ``parse_duration`` reads, and the bounded regexes ``duration_pattern`` writes for it.

The schemas carry those regexes, so "the regex accepts a string" must mean exactly "parse_duration reads it and
the value is within the field's range" — checked here with hypothesis, on strings drawn from the grammar, on
near misses, and (when node is installed) in a real ECMA-262 engine.
"""

from __future__ import annotations

import functools
import json
import math
import re
import shutil
import subprocess

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from stretch_timer.core.durations import (
    MAX_DECIMALS,
    DurationError,
    duration_pattern,
    format_clock,
    format_duration,
    parse_duration,
)

# The duration fields' ranges (see test_schema.py, which ties them to the loader), and a few awkward others.
FIELD_BOUNDS = [(3600, True), (600, False), (60, True), (60, False), (120, True)]
OTHER_BOUNDS = [(1, True), (1, False), (59, False), (61, True), (90, False), (100, True), (7, False), (3601, True)]
BOUNDS = FIELD_BOUNDS + OTHER_BOUNDS

# --- the grammar ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        (30, 30), (2.5, 2.5), (0, 0), (-5, -5),  # numbers pass through; the range is the caller's to check
        ("30", 30), ("0", 0), ("2.5", 2.5), ("1.125", 1.125), ("007", 7), (" 90 ", 90), ("\t45 s\n", 45),
        ("45s", 45), ("45 sec", 45), ("45secs", 45), ("1 second", 1), ("3 seconds", 3),
        ("1m", 60), ("1.5m", 90), ("0.5 min", 30), ("2mins", 120), ("1 minute", 60), ("10 minutes", 600),
        ("1m30s", 90), ("2m 5s", 125), ("2m5", 125), ("1 min 30 sec", 90), ("2 minutes 3 seconds", 123),
        ("1m05s", 65), ("0m0s", 0), ("59m59.999s", 3599.999), ("01m 30", 90), ("60m0s", 3600),
    ],
)
def test_parses_the_forms_people_write(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("", "such as"), (" ", "such as"), ("abc", "such as"), ("m", "such as"), ("s", "such as"),
        ("-5", "such as"), ("+5", "such as"), (".5", "such as"), ("5.", "such as"), ("1,5", "such as"),
        ("1e3", "such as"), ("1_000", "such as"), ("0x1F", "such as"), ("1:30", "such as"), ("inf", "such as"),
        ("nan", "such as"), ("5 m s", "such as"), ("1ms", "such as"), ("1.2.3s", "such as"), ("1M", "such as"),
        ("30S", "such as"), ("30 s s", "such as"), ("1m 2m", "such as"), ("30s 1m", "such as"),
        ("٣٠", "such as"), ("３０", "such as"), ("30\u00a0s", "such as"), ("30\u2003", "such as"),
        ("1h", "hours are not accepted"), ("1h30m", "hours are not accepted"), ("2 hours", "hours are not accepted"),
        ("1m90s", "under 60.*'2m30s' or '150s'"), ("1m60s", "under 60.*'2m' or '120s'"),
        ("0m60.5s", "under 60.*'1m0.5s' or '60.5s'"), ("1.5m30s", "whole minutes.*'2m' or '120s'"),
        ("1.2345s", "at most 3 digits"), ("1.0001m", "at most 3 digits"), ("1m1.0001s", "at most 3 digits"),
    ],
)
def test_refuses_what_is_not_a_duration(bad: str, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_duration(bad)


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (True, "yes/no"), (False, "yes/no"), (None, "nothing"), ([], "a list"), ({}, "a mapping"), (b"30", "such as"),
        (float("inf"), "finite"), (float("-inf"), "finite"), (float("nan"), "number of seconds"),
        (10**400, "far too long"), (-(10**400), "far too long"), ("9" * 400, "far too long"),
        ("9" * 400 + "m", "far too long"), ("1" * 100_000 + "x", "such as"),
    ],
    ids=lambda value: repr(value)[:20],
)
def test_refuses_other_values_with_a_duration_error_only(bad: object, message: str) -> None:
    with pytest.raises(DurationError, match=message):
        parse_duration(bad)


def test_messages_quote_long_values_briefly() -> None:
    with pytest.raises(DurationError) as caught:
        parse_duration("x" * 10_000)
    assert len(str(caught.value)) < 120


values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary()
    | st.integers(min_value=10**300, max_value=10**500),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=3), inner, max_size=3),
    max_leaves=5,
)


@given(values)
def test_never_raises_anything_but_duration_error(value: object) -> None:
    try:
        seconds = parse_duration(value)
    except DurationError:
        return
    assert isinstance(seconds, float) and math.isfinite(seconds)


# --- strings from the grammar, and near misses ----------------------------------------------------------------

SPACE = st.sampled_from(["", "", "", " ", "  ", "\t", "\n", "\r\n"])
SECOND_UNITS = ["s", "sec", "secs", "second", "seconds"]
MINUTE_UNITS = ["m", "min", "mins", "minute", "minutes"]


@st.composite
def decimals(draw: st.DrawFn, largest: int = 4000) -> str:
    """A decimal as written (maybe with leading zeros, and up to MAX_DECIMALS + 1 digits after the point)."""
    number = "0" * draw(st.sampled_from([0, 0, 0, 1, 2])) + str(draw(st.integers(0, largest)))
    digits = draw(st.sampled_from([0, 0, 1, 2, MAX_DECIMALS, MAX_DECIMALS + 1]))
    fraction = "".join(draw(st.lists(st.sampled_from("0123456789"), min_size=digits, max_size=digits)))
    return f"{number}.{fraction}" if fraction else number


@st.composite
def duration_texts(draw: st.DrawFn) -> str:
    """A string in the grammar's shape; some break its rules (seconds over 59, too many decimals, ...)."""
    form = draw(st.sampled_from(["seconds", "minutes", "split"]))
    if form == "seconds":
        number = draw(decimals())
        unit = draw(st.sampled_from(["", "", *SECOND_UNITS]))
        return f"{draw(SPACE)}{number}{draw(SPACE) if unit else ''}{unit}{draw(SPACE)}"
    if form == "minutes":
        number = draw(decimals(70))
        return f"{draw(SPACE)}{number}{draw(SPACE)}{draw(st.sampled_from(MINUTE_UNITS))}{draw(SPACE)}"
    minutes = draw(decimals(70))
    seconds = draw(decimals(99))
    unit = draw(st.sampled_from(["", *SECOND_UNITS]))
    return (
        f"{draw(SPACE)}{minutes}{draw(SPACE)}{draw(st.sampled_from(MINUTE_UNITS))}{draw(SPACE)}{seconds}"
        f"{draw(SPACE) if unit else ''}{unit}{draw(SPACE)}"
    )


@st.composite
def near_misses(draw: st.DrawFn) -> str:
    """A grammar string with one character inserted, removed or replaced."""
    text = draw(duration_texts())
    where = draw(st.integers(0, len(text)))
    change = draw(st.sampled_from(["insert", "delete", "replace"]))
    char = draw(st.sampled_from("0123456789.:,+-_eEhHmMsS hx\u00a0\u0663\x0b\x0c"))
    if change == "insert":
        return text[:where] + char + text[where:]
    if change == "delete":
        return text[:where] + text[where + 1 :]
    return text[:where] + char + text[where + 1 :]


def _bound_texts(maximum: int) -> list[str]:
    """The edges of a range, written every way the grammar allows."""
    minutes, seconds = divmod(maximum, 60)
    edges = [f"{maximum}", f"{maximum}.0", f"{maximum}.000", f"{maximum}.001", f"{maximum - 1}.999", "0", "0.0",
             "0.001", "0.000", "0000", f"0{maximum}", f"{maximum + 1}"]
    texts = [*edges, *(f"{edge}s" for edge in edges)]
    texts += [f"{minutes}m{seconds}s", f"{minutes}m{seconds}.001s", f"{minutes}m {seconds + 1}", f"{minutes}m",
              f"{maximum / 60:.3f}m", f"{maximum / 60 + 0.001:.3f}m", f"{maximum / 60 - 0.001:.3f}m", "0m0s", "0m",
              "0.001m", "0m0.001s", f"{minutes + 1}m", f"{minutes}m59.999s", f"{max(minutes - 1, 0)}m59.999s"]
    return texts


def _in_range(text: str, maximum: int, positive: bool) -> bool:
    """What the loader decides (core/checker.py's duration check): parse, then compare the float."""
    try:
        seconds = parse_duration(text)
    except DurationError:
        return False
    return (seconds > 0 if positive else seconds >= 0) and seconds <= maximum


@functools.cache
def _compiled(maximum: int, positive: bool) -> re.Pattern[str]:
    return re.compile(duration_pattern(maximum, positive=positive))


def _matches(text: str, maximum: int, positive: bool) -> bool:
    # re.search, as JSON Schema's pattern (and the jsonschema package) has it: the pattern anchors itself.
    return _compiled(maximum, positive).search(text) is not None


@given(st.one_of(duration_texts(), near_misses(), st.text(alphabet="0123456789. msecinutoh\t\n", max_size=16)),
       st.sampled_from(BOUNDS))
@example("3600.0000000000001", (3600, True))
@example("0." + "0" * 400 + "1", (3600, True))
@example("1m90s", (3600, True))
@example("30\n", (600, False))
def test_pattern_accepts_exactly_what_parses_within_the_range(text: str, bound: tuple[int, bool]) -> None:
    maximum, positive = bound
    assert _matches(text, maximum, positive) == _in_range(text, maximum, positive), (text, maximum, positive)


@pytest.mark.parametrize(("maximum", "positive"), BOUNDS)
def test_pattern_agrees_at_the_edges_of_its_range(maximum: int, positive: bool) -> None:
    texts = _bound_texts(maximum)
    texts += [f"{a}{unit_a}{b}{unit_b}" for a in ("", " ") for b in ("", " ") for unit_a in ("", "s", "m")
              for unit_b in ("", "s") if a or b] + [" " + text + "\n" for text in texts]
    wrong = [text for text in texts if _matches(text, maximum, positive) != _in_range(text, maximum, positive)]
    assert not wrong


@given(st.integers(0, 3600) | st.integers(0, 3_600_000).map(lambda n: n / 1000))
def test_what_the_writer_writes_back_the_schema_accepts(seconds: float) -> None:
    """format_duration's strings (routines saved by the app) match the pattern of the field they came from."""
    written = format_duration(seconds)
    if isinstance(written, str):
        assert _matches(written, 3600, positive=seconds > 0)
        assert parse_duration(written) == seconds


@pytest.mark.parametrize(("maximum", "positive"), BOUNDS)
def test_pattern_is_plain_ecma_262(maximum: int, positive: bool) -> None:
    pattern = duration_pattern(maximum, positive=positive)
    assert pattern.startswith("^") and pattern.endswith("$")
    for construct in ("(?<", "(?P", "\\s", "\\d", "\\w", "\\Z", "\\A", "(?i", "*+", "++", "?+"):
        assert construct not in pattern, construct


@pytest.mark.parametrize("maximum", [0, -1, 1.5, True, "60"])
def test_pattern_needs_a_whole_positive_maximum(maximum: object) -> None:
    with pytest.raises(ValueError, match="whole number"):
        duration_pattern(maximum, positive=True)  # type: ignore[arg-type]


def test_pattern_in_an_ecma_262_engine() -> None:
    """node's RegExp (what ajv and the YAML language server run; with the 'u' flag, as ajv compiles patterns) gives
    the same verdicts as Python's re on the edges and on a few thousand drawn strings."""
    node = shutil.which("node")
    if node is None:
        pytest.skip("node is not installed")
    texts = sorted({text for maximum, _ in BOUNDS for text in _bound_texts(maximum)} | set(_drawn_texts(3000)))
    script = """
        const {patterns, texts} = JSON.parse(require("fs").readFileSync(0, "utf8"));
        const out = patterns.map(p => [new RegExp(p, "u"), new RegExp(p)]).map(
            ([u, plain]) => texts.map(t => { const a = u.test(t); return a === plain.test(t) ? a : "differs"; }));
        process.stdout.write(JSON.stringify(out));
    """
    patterns = [duration_pattern(maximum, positive=positive) for maximum, positive in BOUNDS]
    result = subprocess.run(
        [node, "-e", script], input=json.dumps({"patterns": patterns, "texts": texts}),
        capture_output=True, text=True, check=True, timeout=60,
    )
    verdicts = json.loads(result.stdout)
    for (maximum, positive), row in zip(BOUNDS, verdicts, strict=True):
        wrong = [(text, verdict) for text, verdict in zip(texts, row, strict=True)
                 if verdict != _in_range(text, maximum, positive)]
        assert not wrong, (maximum, positive, wrong[:10])


def _drawn_texts(count: int) -> list[str]:
    """Strings from the strategies above, drawn outside a hypothesis test (deterministic: a fixed seed)."""
    import random

    rng = random.Random(20240601)
    pieces = ["0", "00", "1", "5", "9", "10", "59", "60", "61", "99", "119", "120", "599", "600", "3599", "3600",
              "3601", ".", ".0", ".5", ".001", ".999", ".0001", "m", "min", "mins", "minute", "minutes", "s", "sec",
              "secs", "second", "seconds", " ", "\t", "\n", "h", ":", "e", "_", "-", "+", ","]
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 6))) for _ in range(count)]


# --- writing back, and the clock -----------------------------------------------------------------------------


@given(st.integers(min_value=0, max_value=3600))
def test_format_is_the_inverse_of_parse(seconds: int) -> None:
    assert parse_duration(format_duration(seconds)) == seconds


def test_format_duration_is_tidy() -> None:
    assert format_duration(90) == "1m30s"
    assert format_duration(120) == "2m"
    assert format_duration(45) == 45
    assert format_duration(2.5) == 2.5


def test_clock_rounds_up_so_time_left_never_shows_zero() -> None:
    assert format_clock(29.01) == "0:30"
    assert format_clock(0.2) == "0:01"
    assert format_clock(0) == "0:00"
    assert format_clock(-3) == "0:00"
    assert format_clock(600) == "10:00"
    assert not math.isnan(parse_duration("0.5"))


@pytest.mark.parametrize(
    ("text", "fix"),
    [("1:30", "write '1m30s' or '90s'"), ("0:45", "write '45s'"), (" 12:05 ", "write '12m5s' or '725s'")],
)
def test_a_clock_style_time_is_refused_with_the_way_to_write_it(text: str, fix: str) -> None:
    """YAML 1.1 read 1:30 as 90 (sexagesimal); editors read it as text, so the app does too, and says how."""
    with pytest.raises(DurationError) as refused:
        parse_duration(text)
    assert str(refused.value).endswith(fix)
