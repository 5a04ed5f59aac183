"""The YAML layer refuses hostile or broken input with a line, and keeps lines for every value."""

import pytest

from stretch_timer.core import yaml12, yamldoc
from stretch_timer.core.yamldoc import MAX_FILE_BYTES, parse_bytes, parse_text


def only_problem(text: str) -> str:
    document, problems = parse_text(text, "f.yaml")
    assert document is None or problems, "expected a problem"
    assert len(problems) == 1, problems
    return str(problems[0])


def test_lines_are_kept_for_every_value() -> None:
    document, problems = parse_text("format: 1\nname: x\nsteps:\n  - stretch: a\n    hold: 30\n", "f.yaml")
    assert document is not None and not problems
    assert document.line(("steps", 0, "hold")) == 5
    assert document.line(("steps", 0, "missing")) == 4  # falls back to the enclosing mapping


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("a: 1\n---\nb: 2\n", "f.yaml:2: file: the file holds more than one YAML document"),
        ("- 1\n- 2\n", "f.yaml:1: file: expected key: value lines, got a list"),
        ("hello\n", "f.yaml:1: file: expected key: value lines, got a single text value"),
        ("", "f.yaml:1: file: the file is empty"),
        ("# only a comment\n", "f.yaml:1: file: the file is empty"),
        ("a: [1, 2\nb: 3\n", "f.yaml:2: file: not valid YAML"),
        ("a: b: c\n", "f.yaml:1: file: not valid YAML: mapping values are not allowed"),
        ("a: 1\n\tb: 2\n", "f.yaml:2: file: not valid YAML"),
        ("a: 1\na: 2\n", "f.yaml:2: a: duplicate key 'a'"),
        ("a: !!python/object:os.system x\n", "f.yaml:1: a: unsupported YAML tag"),
        ("a: !custom 3\n", "f.yaml:1: a: unsupported YAML tag '!custom'"),
        ("a: &a [*a]\n", "f.yaml:1: file: aliases expand beyond 32 levels of nesting"),
    ],
)
def test_bad_documents_get_one_clear_problem(text: str, expected: str) -> None:
    assert only_problem(text).startswith(expected)


def test_alias_bomb_is_refused_quickly() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for name, prev in zip("bcdefghi", "abcdefgh", strict=True):
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{prev}"] * 10) + "]")
    assert "aliases expand beyond 10,000 values" in only_problem("\n".join(lines) + "\n")


def test_small_aliases_and_merge_keys_are_fine() -> None:
    document, problems = parse_text("base: &b {hold: 3, rest: 1}\nstep:\n  <<: *b\n  hold: 5\n", "f.yaml")
    assert not problems and document is not None
    assert document.data == {"base": {"hold": 3, "rest": 1}, "step": {"rest": 1, "hold": 5}}


def test_scalars_remember_how_they_were_written() -> None:
    document, _ = parse_text("name: No\nwhen: 2024-01-01\ncount: 017\n", "f.yaml")
    assert document is not None
    assert document.raw[("name",)] == "No" and document.raw[("count",)] == "017"


@pytest.mark.parametrize(
    ("written", "value"),
    [
        # YAML 1.2 core schema, as editors read it; PyYAML's YAML 1.1 would give True, 90, a date, 15, 1000, ...
        ("yes", "yes"), ("No", "No"), ("on", "on"), ("1:30", "1:30"), ("2024-01-01", "2024-01-01"),
        ("017", 17), ("0o17", 15), ("0x1F", 31), ("1_000", "1_000"), ("=", "="), ("0b11", "0b11"),
        ("true", True), ("False", False), ("TRUE", True), ("tRue", "tRue"),
        ("~", None), ("null", None), ("", None), ("NuLL", "NuLL"),
        ("-12", -12), ("+3", 3), ("1.5", 1.5), (".5", 0.5), ("-.5", -0.5), ("1e3", 1000.0), ("1.", 1.0),
        (".inf", float("inf")), ("-.Inf", float("-inf")), ("1e", "1e"), ("1.2.3", "1.2.3"),
        ('"yes"', "yes"), ("'017'", "017"), ("!!str 5", "5"), ("!!float 1", 1.0), ("!!int 0x10", 16),
    ],
)
def test_values_are_read_by_yaml_1_2_core_rules(written: str, value: object) -> None:
    document, problems = parse_text(f"key: {written}\n", "f.yaml")
    assert not problems and document is not None
    got = document.data["key"]  # type: ignore[index]
    assert got == value and type(got) is type(value)


def test_nan_is_a_float() -> None:
    document, _ = parse_text("key: .nan\n", "f.yaml")
    assert document is not None and document.data["key"] != document.data["key"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("repeat: !!int two\n", "f.yaml:1: repeat: 'two' is not a whole number, as its tag !!int requires"),
        ("cues: {halfway: !!bool maybe}\n", "f.yaml:1: cues.halfway: 'maybe' is not true or false"),
        ("hold: !!float ten\n", "f.yaml:1: hold: 'ten' is not a number, as its tag !!float requires"),
        ("a: !!null x\n", "f.yaml:1: a: 'x' is not null"),
        ("a: !!int 1_000\n", "f.yaml:1: a: '1_000' is not a whole number"),
        ("hold: " + "1" * 4301 + "\n", "f.yaml:1: hold: is a number 4,301 digits long"),
        ("hold: 0." + "1" * 4301 + "\n", "f.yaml:1: hold: is a number 4,303 digits long"),
        ("a: !!timestamp 2024-01-01\n", "f.yaml:1: a: unsupported YAML tag '!!timestamp'"),
        ("a: !!binary aGVsbG8=\n", "f.yaml:1: a: unsupported YAML tag '!!binary'"),
        ("tags: !!python/object/apply:os.system [bedtime]\n", "f.yaml:1: tags: unsupported YAML tag"),
        ("steps: !!python/tuple\n  - a\n", "f.yaml:1: steps: unsupported YAML tag '!!python/tuple'"),
        ("a: !!set {x: null}\n", "f.yaml:1: a: unsupported YAML tag '!!set'; write plain key: value lines"),
        ("a: !!omap [x: 1]\n", "f.yaml:1: a: unsupported YAML tag '!!omap'; write a plain list"),
        ("a: !local [1]\n", "f.yaml:1: a: unsupported YAML tag '!local'"),
        ("!!python/tuple [a]\n", "f.yaml:1: (top): unsupported YAML tag '!!python/tuple'"),
        ("!!python/name:os.system a: 1\n", "f.yaml:1: a: unsupported YAML tag '!!python/name:os.system'"),
    ],
)
def test_a_value_that_does_not_fit_its_tag_is_a_located_problem(text: str, expected: str) -> None:
    assert only_problem(text).startswith(expected)


def test_a_huge_whole_number_is_a_value_not_a_crash() -> None:
    document, problems = parse_text("hold: 1" + "0" * 400 + "\n", "f.yaml")
    assert not problems and document is not None and document.data == {"hold": 10**400}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # a control character: its own line, one line of message (PyYAML says "position N" on a second line)
        ("a: 1\nb: x\x07y\n", "f.yaml:2: file: holds a control character (U+0007)"),
        ("a: 1\r\nb: 2\r\nc: \x1b[2J\r\n", "f.yaml:3: file: holds a control character (U+001B)"),
        ("a: 1\nb: \x7f\n", "f.yaml:2: file: holds a control character (U+007F)"),
        ("a: \ud800\n", "f.yaml:1: file: holds a surrogate code point (U+D800)"),
        # U+2028 and friends are no line breaks to an editor (nor to YAML 1.2)
        ("name: x\ndescription: a\u2028b\u2029c\x85d\nsteps: [\n", "f.yaml:3: file: not valid YAML"),
        ("a: x\u2028\u2028\u2028\u2028\nb: 1\nb: 2\n", "f.yaml:3: b: duplicate key 'b'"),
        # no final newline: the end of the file is its last line, not one past it
        ("a: 1\nb: [1, 2", "f.yaml:2: file: not valid YAML"),
        ("a: 1\nb: 'open", "f.yaml:2: file: not valid YAML"),
        ("a: 1\nb: [1, 2\n", "f.yaml:2: file: not valid YAML"),
    ],
)
def test_problems_point_at_the_line_an_editor_shows(text: str, expected: str) -> None:
    problem = only_problem(text)
    assert problem.startswith(expected) and "\n" not in problem


def test_unicode_line_separators_stay_in_the_text() -> None:
    document, problems = parse_text("a: x\u2028y\nb: 'p\u2029q'\nc: r\x85s\n", "f.yaml")
    assert not problems and document is not None
    assert document.data == {"a": "x\u2028y", "b": "p\u2029q", "c": "r\x85s"}
    assert document.line(("c",)) == 3


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\xff\xfeabc", "f.yaml:1: file: not UTF-8 text (byte 0xff at offset 0)"),
        (b"a: 1\nb: \xe9t\xe9\n", "f.yaml:2: file: not UTF-8 text"),
        (b"a: 1\n\0\0", "f.yaml:2: file: this is a binary file"),
        (b"a: 1\n" + b"#" * MAX_FILE_BYTES, "f.yaml:1: file: file is 256 KiB; routine files may be at most 256 KiB"),
    ],
)
def test_bytes_that_are_not_small_utf8_text_are_refused(data: bytes, expected: str) -> None:
    document, problems = parse_bytes(data, "f.yaml")
    assert document is None
    assert str(problems[0]).startswith(expected)


def test_utf8_bom_is_accepted() -> None:
    document, problems = parse_bytes("\ufeffname: Étirement\n".encode(), "f.yaml")
    assert not problems and document is not None and document.data == {"name": "Étirement"}


@pytest.mark.parametrize(
    "text",
    [
        "name: x\ndescription: a\u2028b\nsteps: [\n",
        "a: yes\nb: 017\nc: 1:30\nd: .inf\ne: !!int two\nf: ~\n",
        "a: 1\nb: [1, 2",
        "a: &x {b: 1}\nc:\n  <<: *x\n  d: 2\n",
    ],
)
def test_the_pure_python_parser_reads_like_the_c_one(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Some PyYAML builds lack libyaml; the fallback must type values and count lines the same way."""
    with_c = parse_text(text, "f.yaml")
    monkeypatch.setattr(yamldoc, "_Loader", yaml12.PyLoader)
    pure = parse_text(text, "f.yaml")
    assert (pure[0] and pure[0].data, pure[1]) == (with_c[0] and with_c[0].data, with_c[1]) or (
        [(p.line, p.field) for p in pure[1]] == [(p.line, p.field) for p in with_c[1]]
    )
