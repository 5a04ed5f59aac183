"""The YAML layer refuses hostile or broken input with a line, and keeps lines for every value."""

import pytest

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
    document, _ = parse_text("name: No\nwhen: 2024-01-01\n", "f.yaml")
    assert document is not None
    assert document.raw[("name",)] == "No"
    assert document.data == {"name": False, "when": "2024-01-01"}


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
