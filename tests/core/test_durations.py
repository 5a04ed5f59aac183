import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from stretch_timer.core.durations import DurationError, format_clock, format_duration, parse_duration


@pytest.mark.parametrize(
    ("text", "seconds"),
    [(30, 30), (2.5, 2.5), ("45s", 45), ("1m", 60), ("1m30s", 90), ("2m 5s", 125), ("30", 30),
     (" 90 ", 90), ("1 min 30 sec", 90), ("3 seconds", 3), ("0", 0)],
)
def test_parses_the_forms_people_write(text: object, seconds: float) -> None:
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("bad", ["", "abc", "-5", True, None, [], "5 m s", "1.2.3s", float("inf")])
def test_refuses_what_is_not_a_duration(bad: object) -> None:
    with pytest.raises(DurationError, match=r"duration|finite"):
        parse_duration(bad)


def test_hours_are_refused_with_a_reason() -> None:
    with pytest.raises(DurationError, match="hours are not accepted"):
        parse_duration("1h")


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
