"""One file, one meaning: the app reads YAML as editors do, and the schemas refuse what the loader refuses.

Editors check routines with the YAML language server, which reads YAML 1.2; the app reads them with its own
reader (``stretch_timer.core.yamldoc``), which types plain scalars by the YAML 1.2 core schema too. Here:

* scalars: the app's reader gives the core schema's value for every plain scalar (a table, and hypothesis), and
  ruamel.yaml in 1.2 mode (our stand-in for the editor) does too, except where it deviates (listed below);
* every bundled file and every case of the corpus below: (a) the app's plain data equals ruamel's, and (b) the
  JSON Schema's verdict on that data equals the loader's, except for the rules only the loader can check:

  loader-only: an unknown stretch id; a picture that does not exist; a key that does not apply to the kind of
  the catalog stretch a step names (hold/sides/repeat on a breathing or relaxation stretch, breathe on a
  relaxation stretch, pmr on a breathing one); and NaN (``.nan``), which is no JSON value, so JSON Schema's
  minimum/maximum cannot refuse it (the jsonschema package lets it through).

ruamel.yaml's deviations from the core schema (0.19, ``YAML(typ="safe", pure=True)``, version 1.2 by default):
digit separators (``1_000`` → 1000, ``0x_1F`` → 31; ``._`` raises ValueError), binary (``0b101`` → 5), signed
hex/octal (``+0x1F`` → 31, ``-0o17`` → -15), YAML 1.1 timestamps (``2024-01-01`` → a date; ``2024-13-45`` raises
ValueError), ``.5e3`` left as text, and ``=`` (YAML 1.1's value key) raising an error. Corpus cases holding
such a scalar say so (``ruamel=``), and the schema judges the app's data for them instead, which the scalar
tests hold to the core schema.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from ajv_check import run_ajv
from hypothesis import assume, example, given
from hypothesis import strategies as st
from jsonschema import Draft202012Validator
from yaml_editor import YAMLError, editor_load, may_deviate, same

from stretch_timer.core.yamldoc import parse_text

ROOT = Path(__file__).resolve().parents[2]
IMAGES_DIR = ROOT / "assets" / "images"
ROUTINES_DIR = ROOT / "routines"
STRETCHES_DIR = ROUTINES_DIR / "stretches"
SCHEMAS = {"routine": ROUTINES_DIR / "schema.json", "stretch": ROUTINES_DIR / "stretch.schema.json"}
BUNDLED = [("routine", path) for path in sorted(ROUTINES_DIR.glob("*.yaml"))] + [
    ("stretch", path) for path in sorted(STRETCHES_DIR.glob("*.yaml"))
]

INF, NAN = float("inf"), float("nan")

# --- the YAML 1.2 core schema (https://yaml.org/spec/1.2.2/#1032-tag-resolution), written out ----------------


def core_value(text: str) -> object:
    """The value the YAML 1.2 core schema gives a plain scalar."""
    if re.fullmatch(r"~|null|Null|NULL|", text):
        return None
    if re.fullmatch(r"true|True|TRUE|false|False|FALSE", text):
        return text.lower() == "true"
    if re.fullmatch(r"[-+]?[0-9]+", text):
        return int(text, 10)
    if re.fullmatch(r"0o[0-7]+", text):
        return int(text[2:], 8)
    if re.fullmatch(r"0x[0-9a-fA-F]+", text):
        return int(text[2:], 16)
    if re.fullmatch(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?", text):
        return float(text)
    if re.fullmatch(r"[-+]?\.(?:inf|Inf|INF)", text):
        return -INF if text.startswith("-") else INF
    if re.fullmatch(r"\.(?:nan|NaN|NAN)", text):
        return NAN
    return text


# (plain scalar, its core-schema value, what ruamel gives when it deviates)
SCALARS: list[tuple[str, object, object]] = [
    ("yes", "yes", None), ("no", "no", None), ("on", "on", None), ("off", "off", None), ("y", "y", None),
    ("Yes", "Yes", None), ("No", "No", None), ("true", True, None), ("True", True, None), ("TRUE", True, None),
    ("false", False, None), ("False", False, None), ("FALSE", False, None), ("tRue", "tRue", None),
    ("", None, None), ("~", None, None), ("null", None, None), ("Null", None, None), ("NULL", None, None),
    ("nUll", "nUll", None), ("None", "None", None),
    ("2024", 2024, None), ("017", 17, None), ("0o17", 15, None), ("0x1F", 31, None), ("0x1f", 31, None),
    ("+5", 5, None), ("-5", -5, None), ("-0", 0, None), ("00", 0, None), ("0X1F", "0X1F", None),
    ("0O17", "0O17", None), ("0o8", "0o8", None), ("0xG", "0xG", None), ("0o", "0o", None), ("0x", "0x", None),
    ("1e3", 1000.0, None), ("1E3", 1000.0, None), ("1e+3", 1000.0, None), ("1.0E-3", 0.001, None),
    (".5", 0.5, None), ("-.5", -0.5, None), ("+.5", 0.5, None), ("5.", 5.0, None), ("0.", 0.0, None),
    ("+12e03", 12000.0, None), ("12e", "12e", None), ("e3", "e3", None), ("1.2.3", "1.2.3", None),
    ("1,000", "1,000", None), (".inf", INF, None), (".Inf", INF, None), (".INF", INF, None), ("+.inf", INF, None),
    ("-.inf", -INF, None), (".nan", NAN, None), (".NaN", NAN, None), (".NAN", NAN, None), ("NaN", "NaN", None),
    ("inf", "inf", None), ("-.nan", "-.nan", None), ("1:30", "1:30", None), ("190:20:30", "190:20:30", None),
    ("1m30s", "1m30s", None),
    # ruamel's deviations
    ("1_000", "1_000", 1000), ("1__0", "1__0", 10), ("0x_1F", "0x_1F", 31), ("1_0.5", "1_0.5", 10.5),
    ("0b101", "0b101", 5), ("+0x1F", "+0x1F", 31), ("-0o17", "-0o17", -15), (".5e3", 500.0, ".5e3"),
    ("2024-01-01", "2024-01-01", "a date"), ("2024-01-01 10:00:00", "2024-01-01 10:00:00", "a datetime"),
    ("=", "=", "an error"),  # YAML 1.1's value key, which ruamel's safe loader cannot construct
]


def app_value(text: str) -> object:
    document, problems = parse_text(f"k: {text}\n", "scalar.yaml")
    assert document is not None and not problems, [str(p) for p in problems]
    assert isinstance(document.data, dict)
    return document.data["k"]


def ruamel_value(text: str) -> object:
    data = editor_load(f"k: {text}\n")
    assert isinstance(data, dict)
    return data["k"]


@pytest.mark.parametrize(("text", "value", "ruamel"), SCALARS, ids=[repr(s[0]) for s in SCALARS])
def test_the_table_is_the_core_schema(text: str, value: object, ruamel: object) -> None:
    assert same(core_value(text), value)


@pytest.mark.parametrize(("text", "value", "ruamel"), SCALARS, ids=[repr(s[0]) for s in SCALARS])
def test_app_reads_scalars_by_the_core_schema(text: str, value: object, ruamel: object) -> None:
    assert same(app_value(text), value)


@pytest.mark.parametrize(("text", "value", "ruamel"), SCALARS, ids=[repr(s[0]) for s in SCALARS])
def test_ruamel_reads_scalars_by_the_core_schema_but_its_deviations(text: str, value: object, ruamel: object) -> None:
    if ruamel == "an error":
        assert may_deviate(text)
        with pytest.raises(YAMLError):
            ruamel_value(text)
        return
    got = ruamel_value(text)
    if ruamel is None:
        assert same(got, value)
    else:  # still deviating: when ruamel is fixed, drop the case's third column (and its may_deviate pattern)
        assert may_deviate(text)
        assert not same(got, value)
        if ruamel in ("a date", "a datetime"):
            assert type(got).__name__ == ruamel[2:]
        else:
            assert same(got, ruamel)


def _plain_scalar(text: str) -> bool:
    """Whether ``k: <text>`` is a mapping whose value is the plain scalar ``text`` (not a syntax error, a
    comment, a flow collection, ...)."""
    try:
        node = yaml.compose(f"k: {text}\n")
    except yaml.YAMLError:
        return False
    if not isinstance(node, yaml.MappingNode) or len(node.value) != 1:
        return False
    value = node.value[0][1]
    return isinstance(value, yaml.ScalarNode) and value.style is None and value.value == text


CORE_LIKE = st.one_of(
    st.text(alphabet="0123456789+-._eExXoObBaAcCdDfFiInNtTrRuUlLsS~:", max_size=8),
    st.from_regex(r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?", fullmatch=True),
    st.from_regex(r"[-+]?[0-9]{1,12}|0o[0-7]{1,8}|0x[0-9a-fA-F]{1,8}|[-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN)",
                  fullmatch=True),
    st.sampled_from(["true", "True", "TRUE", "false", "False", "FALSE", "~", "null", "Null", "NULL", "yes", "No"]),
)


@given(CORE_LIKE)
@example("0o_")
@example("2024-13-45")
def test_app_and_ruamel_read_any_plain_scalar_by_the_core_schema(text: str) -> None:
    assume(_plain_scalar(text))
    expected = core_value(text)
    assert same(app_value(text), expected), text
    if may_deviate(text):
        return
    assert same(ruamel_value(text), expected), text


# --- the loader and the schemas --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def catalog() -> Any:
    from stretch_timer.core.catalog import load_catalog

    return load_catalog([STRETCHES_DIR], [IMAGES_DIR])


@pytest.fixture(scope="module")
def validators() -> dict[str, Draft202012Validator]:
    import json

    return {kind: Draft202012Validator(json.loads(path.read_text(encoding="utf-8"))) for kind, path in SCHEMAS.items()}


def loader_problems(kind: str, text: str, name: str, catalog: Any) -> list[str]:
    from stretch_timer.core.loader import load_routine_text, load_stretch_text

    if kind == "routine":
        result, problems = load_routine_text(text, ROUTINES_DIR / f"{name}.yaml", catalog.stretches, [IMAGES_DIR])
    else:
        result, problems = load_stretch_text(text, STRETCHES_DIR / f"{name}.yaml", [IMAGES_DIR])
    assert (result is None) == bool(problems)
    return [str(problem) for problem in problems]


@pytest.mark.parametrize(("kind", "path"), BUNDLED, ids=[f"{kind}:{path.name}" for kind, path in BUNDLED])
def test_bundled_file_means_the_same_to_app_and_editor(
    kind: str, path: Path, catalog: Any, validators: dict[str, Draft202012Validator]
) -> None:
    text = path.read_text(encoding="utf-8")
    document, problems = parse_text(text, str(path))
    assert document is not None and not problems
    editor = editor_load(text)
    assert same(document.data, editor)
    assert validators[kind].is_valid(editor)
    assert loader_problems(kind, text, path.stem, catalog) == []


# --- the corpus ---------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Case:
    kind: str
    text: str
    accept: bool
    loader_only: str | None = None
    """Why the schema cannot see what the loader refuses (the schema accepts, the loader refuses)."""
    ruamel: str | None = None
    """How ruamel.yaml deviates from the core schema here (the schema then judges the app's data)."""


def _lines(fields: dict[str, str | None]) -> str:
    return "".join(f"{key}:{' ' + value if value else ''}\n" for key, value in fields.items() if value is not None)


def routine(step: str = "stretch: towel-calf-stretch", **top: str | None) -> str:
    """A routine with one step; ``step`` is the step's lines, ``top`` overrides or adds top-level keys."""
    fields: dict[str, str | None] = {"format": "1", "name": "Corpus routine", **top}
    return _lines(fields) + "steps:\n  - " + step.replace("\n", "\n    ") + "\n"


def inline(step: str) -> str:
    """A routine with one inline step (no catalog stretch), plus ``step``'s lines."""
    return routine("name: Inline stretch\n" + step)


def stretch(**fields: str | None) -> str:
    """A catalog stretch file; ``fields`` override or add keys (None leaves a default key out)."""
    return _lines({"format": "1", "name": "Corpus stretch", "muscles": "[calf]", "instructions": "Stretch.", **fields})


def hold(value: str) -> str:
    return routine(f"stretch: towel-calf-stretch\nhold: {value}")


def breathe(body: str) -> str:
    return routine(f"stretch: mindful-breathing\nbreathe: {{{body}}}")


def pmr(body: str) -> str:
    return routine(f"stretch: progressive-muscle-relaxation\npmr: {{{body}}}")


def step(lines: str) -> str:
    return routine("stretch: towel-calf-stretch\n" + lines)


ACCEPT, REFUSE = True, False
NAN_NOTE = "NaN is no JSON value: JSON Schema's minimum/maximum cannot refuse it"
UNDERSCORE = "ruamel reads digit separators (1_000 → 1000); the core schema has none"
DATE = "ruamel reads 2024-01-01 as a YAML 1.1 timestamp; the core schema has none"

CORPUS: dict[str, Case | Any] = {
    # durations: the brief's cases
    "hold-sexagesimal-1:30": Case("routine", hold("1:30"), REFUSE),
    "hold-90m": Case("routine", hold("90m"), REFUSE),
    "rest-11m": Case("routine", routine(rest="11m"), REFUSE),
    "hold-60m": Case("routine", hold("60m"), ACCEPT),
    "hold-59m59s": Case("routine", hold("59m59s"), ACCEPT),
    "hold-1m90s": Case("routine", hold("1m90s"), REFUSE),
    "hold-0": Case("routine", hold("0"), REFUSE),
    "hold-0s": Case("routine", hold("0s"), REFUSE),
    "hold-0m0s-quoted": Case("routine", hold('"0m0s"'), REFUSE),
    "rest-0": Case("routine", routine(rest="0"), ACCEPT),
    "hold-1e3": Case("routine", hold("1e3"), ACCEPT),
    "hold-.5": Case("routine", hold(".5"), ACCEPT),
    "hold-0x1F": Case("routine", hold("0x1F"), ACCEPT),
    "hold-0o17": Case("routine", hold("0o17"), ACCEPT),
    "hold-017-is-seventeen": Case("routine", hold("017"), ACCEPT),
    "hold-1_000": Case("routine", hold("1_000"), REFUSE, ruamel=UNDERSCORE),
    "hold-.inf": Case("routine", hold(".inf"), REFUSE),
    "hold-.nan": Case("routine", hold(".nan"), REFUSE, loader_only=NAN_NOTE),
    # durations: more
    "hold-1m30s": Case("routine", hold("1m30s"), ACCEPT),
    "hold-1m30s-quoted": Case("routine", hold('"1m30s"'), ACCEPT),
    "hold-59m-59s": Case("routine", hold("59m 59s"), ACCEPT),
    "hold-2m5": Case("routine", hold("2m5"), ACCEPT),
    "hold-1-min-30-sec": Case("routine", hold("1 min 30 sec"), ACCEPT),
    "hold-30-s": Case("routine", hold("30 s"), ACCEPT),
    "hold-2.5m": Case("routine", hold("2.5m"), ACCEPT),
    "hold-0.5m-quoted": Case("routine", hold('"0.5m"'), ACCEPT),
    "hold-1.5m30s": Case("routine", hold("1.5m30s"), REFUSE),
    "hold-1e4": Case("routine", hold("1e4"), REFUSE),
    "hold-5.": Case("routine", hold("5."), ACCEPT),
    "hold-+30": Case("routine", hold("+30"), ACCEPT),
    "hold--5": Case("routine", hold("-5"), REFUSE),
    "hold--5-quoted": Case("routine", hold('"-5"'), REFUSE),
    "hold--.inf": Case("routine", hold("-.inf"), REFUSE),
    "hold-3600": Case("routine", hold("3600"), ACCEPT),
    "hold-3600.001": Case("routine", hold("3600.001"), REFUSE),
    "hold-3600.001s": Case("routine", hold("3600.001s"), REFUSE),
    "hold-60.001m": Case("routine", hold("60.001m"), REFUSE),
    "hold-60m0s": Case("routine", hold("60m0s"), ACCEPT),
    "hold-60m1s": Case("routine", hold("60m1s"), REFUSE),
    "hold-1h": Case("routine", hold("1h"), REFUSE),
    "hold-1.2345s": Case("routine", hold("1.2345s"), REFUSE),
    "hold-arabic-digits": Case("routine", hold("٣٠"), REFUSE),
    "hold-true": Case("routine", hold("true"), REFUSE),
    "hold-yes": Case("routine", hold("yes"), REFUSE),
    "hold-empty": Case("routine", hold(""), REFUSE),
    "hold-list": Case("routine", hold("[30]"), REFUSE),
    "rest-0m0s": Case("routine", routine(rest="0m0s"), ACCEPT),
    "rest-0o1130-is-600": Case("routine", routine(rest="0o1130"), ACCEPT),
    "rest-0x259-is-601": Case("routine", routine(rest="0x259"), REFUSE),
    "prepare-10m": Case("routine", routine(prepare="10m"), ACCEPT),
    "switch-600.5": Case("routine", routine(switch="600.5"), REFUSE),
    "switch-10m0.5s": Case("routine", routine(switch="10m0.5s"), REFUSE),
    "step-rest-0": Case("routine", step("rest: 0"), ACCEPT),
    "step-rest-10m": Case("routine", step("rest: 10m"), ACCEPT),
    "step-rest-601": Case("routine", step("rest: 601"), REFUSE),
    "breathe-inhale-60": Case("routine", breathe("inhale: 60"), ACCEPT),
    "breathe-inhale-1m": Case("routine", breathe("inhale: 1m"), ACCEPT),
    "breathe-inhale-61": Case("routine", breathe("inhale: 61"), REFUSE),
    "breathe-inhale-1m1s": Case("routine", breathe("inhale: 1m1s"), REFUSE),
    "breathe-inhale-0": Case("routine", breathe("inhale: 0"), REFUSE),
    "breathe-exhale-0.5m": Case("routine", breathe("exhale: 0.5m"), ACCEPT),
    "breathe-hold-0": Case("routine", breathe("hold: 0"), ACCEPT),
    "breathe-pause-1m": Case("routine", breathe("pause: 1m"), ACCEPT),
    "breathe-pause-1m-1s": Case("routine", breathe("pause: 1m 1s"), REFUSE),
    "breathe-cycles-6.0": Case("routine", breathe("cycles: 6.0"), ACCEPT),
    "pmr-tense-2m": Case("routine", pmr("tense: 2m"), ACCEPT),
    "pmr-relax-2m1s": Case("routine", pmr("relax: 2m1s"), REFUSE),
    "pmr-relax-120.5": Case("routine", pmr("relax: 120.5"), REFUSE),
    "pmr-tense-0s": Case("routine", pmr("tense: 0s"), REFUSE),
    "stretch-hold-60m": Case("stretch", stretch(hold="60m"), ACCEPT),
    "stretch-hold-1h": Case("stretch", stretch(hold="1h"), REFUSE),
    "stretch-hold-1m90s": Case("stretch", stretch(hold='"1m90s"'), REFUSE),
    "stretch-breathe-inhale-61": Case("stretch", stretch(muscles="[]", breathe="{inhale: 61}"), REFUSE),
    # whole numbers
    "repeat-2.0": Case("routine", step("repeat: 2.0"), ACCEPT),
    "repeat-2.5": Case("routine", step("repeat: 2.5"), REFUSE),
    "repeat-quoted": Case("routine", step('repeat: "2"'), REFUSE),
    "repeat-0x2": Case("routine", step("repeat: 0x2"), ACCEPT),
    "repeat-true": Case("routine", step("repeat: true"), REFUSE),
    "countdown-3.0": Case("routine", routine(cues="{countdown: 3.0}"), ACCEPT),
    "countdown-010-is-ten": Case("routine", routine(cues="{countdown: 010}"), ACCEPT),
    "countdown-0o12": Case("routine", routine(cues="{countdown: 0o12}"), ACCEPT),
    "countdown-1e1": Case("routine", routine(cues="{countdown: 1e1}"), ACCEPT),
    "countdown-11": Case("routine", routine(cues="{countdown: 11}"), REFUSE),
    "format-1.0": Case("routine", routine(format="1.0"), ACCEPT),
    "format-01": Case("routine", routine(format="01"), ACCEPT),
    "format-0x1": Case("routine", routine(format="0x1"), ACCEPT),
    "format-quoted": Case("routine", routine(format='"1"'), REFUSE),
    "format-true": Case("routine", routine(format="true"), REFUSE),
    "format-2": Case("routine", routine(format="2"), REFUSE),
    # booleans
    **{f"halfway-{word}": Case("routine", routine(cues=f"{{halfway: {word}}}"), REFUSE)
       for word in ("yes", "no", "on", "off", "y", "1", '"true"')},
    **{f"halfway-{word}": Case("routine", routine(cues=f"{{halfway: {word}}}"), ACCEPT)
       for word in ("True", "TRUE", "false")},
    "halfway-empty": Case("routine", routine(cues="{halfway: }"), REFUSE),
    # text
    "name-No": Case("routine", routine(name="No"), ACCEPT),
    "name-Yes": Case("routine", routine(name="Yes"), ACCEPT),
    "name-on": Case("routine", routine(name="on"), ACCEPT),
    "name-2024": Case("routine", routine(name="2024"), REFUSE),
    "name-2024-quoted": Case("routine", routine(name='"2024"'), ACCEPT),
    "name-2024-01-01": Case("routine", routine(name="2024-01-01"), ACCEPT, ruamel=DATE),
    "name-1e3": Case("routine", routine(name="1e3"), REFUSE),
    "name-0x1F": Case("routine", routine(name="0x1F"), REFUSE),
    "name-.inf": Case("routine", routine(name=".inf"), REFUSE),
    "name-true": Case("routine", routine(name="true"), REFUSE),
    "name-null": Case("routine", routine(name="null"), REFUSE),
    "name-tilde": Case("routine", routine(name="~"), REFUSE),
    "name-empty": Case("routine", routine(name=""), REFUSE),
    "name-blank-quoted": Case("routine", routine(name='"   "'), REFUSE),
    "name-1_000": Case("routine", routine(name="1_000"), ACCEPT, ruamel=UNDERSCORE),
    "name-1:30": Case("routine", routine(name="1:30"), ACCEPT),
    "name-str-tag": Case("routine", routine(name="!!str 2024"), ACCEPT),
    "description-empty": Case("routine", routine(description=""), ACCEPT),
    "description-tilde": Case("routine", routine(description="~"), ACCEPT),
    "description-quoted-empty": Case("routine", routine(description='""'), ACCEPT),
    "description-No": Case("routine", routine(description="No"), ACCEPT),
    "description-2024": Case("routine", routine(description="2024"), REFUSE),
    "step-name-2024": Case("routine", routine("name: 2024"), REFUSE),
    "step-sanskrit-empty": Case("routine", step("sanskrit:"), ACCEPT),
    "step-safety-empty": Case("routine", step("safety:"), ACCEPT),
    "step-safety-12": Case("routine", step("safety: 12"), REFUSE),
    "step-say-2024": Case("routine", step("say: 2024"), REFUSE),
    "step-say-empty": Case("routine", step("say:"), REFUSE),
    "step-stretch-id-2024": Case("routine", routine("stretch: 2024"), REFUSE),
    "step-image-2024": Case("routine", step("image: 2024"), REFUSE),
    "step-instructions-number": Case("routine", inline("instructions: [Bend the knee., 2]"), REFUSE),
    "step-props-number": Case("routine", step("props: [towel, 3]"), REFUSE),
    "tags-number": Case("routine", routine(tags="[bedtime, 2024]"), REFUSE),
    "tags-number-quoted": Case("routine", routine(tags='[bedtime, "2024"]'), ACCEPT),
    "pmr-groups-number": Case("routine", pmr("groups: [calves, 3]"), REFUSE),
    "stretch-name-2024": Case("stretch", stretch(name="2024"), REFUSE),
    "stretch-sanskrit-empty": Case("stretch", stretch(sanskrit=""), ACCEPT),
    "stretch-safety-empty": Case("stretch", stretch(safety=""), ACCEPT),
    "stretch-safety-2024": Case("stretch", stretch(safety="2024"), REFUSE),
    # words from closed lists: written exactly, lower case
    "relieves-Calf": Case("routine", routine(relieves="Calf"), REFUSE),
    "relieves-calf-Hamstring": Case("routine", routine(relieves="[calf, Hamstring]"), REFUSE),
    "relieves-padded": Case("routine", routine(relieves='" calf "'), REFUSE),
    "sides-Both": Case("routine", step("sides: Both"), REFUSE),
    "sides-padded": Case("routine", step('sides: " both "'), REFUSE),
    "sides-both": Case("routine", step("sides: both"), ACCEPT),
    "sides-no": Case("routine", step("sides: no"), REFUSE),
    "sides-None": Case("routine", step("sides: None"), REFUSE),
    "sides-none": Case("routine", step("sides: none"), ACCEPT),
    "sides-empty": Case("routine", step("sides:"), REFUSE),
    "position-Standing": Case("routine", inline("position: Standing"), REFUSE),
    "position-standing": Case("routine", inline("position: standing"), ACCEPT),
    "faces-Left": Case("routine", step("faces: Left"), REFUSE),
    "action-Move": Case("routine", step("action: Move"), REFUSE),
    "stretch-muscles-CALF": Case("stretch", stretch(muscles="[CALF]"), REFUSE),
    "stretch-position-Lying": Case("stretch", stretch(position="Lying"), REFUSE),
    # lists: a single value, or nothing
    "tags-bedtime-scalar": Case("routine", routine(tags="bedtime"), ACCEPT),
    "tags-Bedtime-free-text": Case("routine", routine(tags="Bedtime"), ACCEPT),
    "tags-empty": Case("routine", routine(tags=""), ACCEPT),
    "tags-20": Case("routine", routine(tags="[" + ", ".join(f"t{i}" for i in range(20)) + "]"), ACCEPT),
    "tags-21": Case("routine", routine(tags="[" + ", ".join(f"t{i}" for i in range(21)) + "]"), REFUSE),
    "tags-blank": Case("routine", routine(tags='[" "]'), REFUSE),
    "relieves-calf-scalar": Case("routine", routine(relieves="calf"), ACCEPT),
    "relieves-empty": Case("routine", routine(relieves=""), ACCEPT),
    "relieves-12-repeats": Case("routine", routine(relieves="[" + ", ".join(["calf"] * 12) + "]"), ACCEPT),
    "relieves-13-repeats": Case("routine", routine(relieves="[" + ", ".join(["calf"] * 13) + "]"), REFUSE),
    "stretch-muscles-scalar": Case("stretch", stretch(muscles="calf"), ACCEPT),
    "step-muscles-scalar": Case("routine", step("muscles: calf"), ACCEPT),
    "step-muscles-Calf": Case("routine", step("muscles: Calf"), REFUSE),
    "stretch-muscles-empty": Case("stretch", stretch(muscles=""), ACCEPT),
    "stretch-muscles-missing": Case("stretch", stretch(muscles=None), REFUSE),
    "stretch-props-scalar": Case("stretch", stretch(props="wall"), ACCEPT),
    "stretch-props-11": Case("stretch", stretch(props="[" + ", ".join(f"p{i}" for i in range(11)) + "]"), REFUSE),
    "stretch-instructions-empty": Case("stretch", stretch(instructions=""), REFUSE),
    "stretch-instructions-none": Case("stretch", stretch(instructions="[]"), REFUSE),
    "stretch-instructions-9": Case("stretch", stretch(instructions="[a, b, c, d, e, f, g, h, i]"), REFUSE),
    "pmr-groups-scalar": Case("routine", pmr("groups: calves"), ACCEPT),
    "pmr-groups-empty": Case("routine", pmr("groups: []"), REFUSE),
    # YAML itself
    "duplicate-key": Case("routine", routine(name="A") + "name: B\n", REFUSE),
    "custom-tag": Case("routine", routine(name="!shout hello"), REFUSE),
    "float-tag": Case("routine", hold("!!float 30"), ACCEPT),
    "key-yes": Case("routine", routine(yes="1"), REFUSE),
    "key-number": Case("routine", routine(**{"1": "x"}), REFUSE),
    "alias": Case("routine", "format: 1\nname: A\nsteps:\n  - &s {stretch: towel-calf-stretch}\n  - *s\n", ACCEPT),
    "merge-key": Case(
        "routine",
        "format: 1\nname: A\nsteps:\n  - &s {stretch: towel-calf-stretch, hold: 30}\n  - <<: *s\n    sides: left\n",
        ACCEPT,
    ),
    "document-start": Case("routine", "---\n" + routine(), ACCEPT),
    "two-documents": Case("routine", routine() + "---\n" + routine(), REFUSE),
    "breathe-and-pmr-on-one-step": Case(
        "routine", routine("name: Both\nbreathe: {cycles: 3}\npmr: {groups: [calves]}"), REFUSE
    ),
    "hold-on-a-breathing-step": Case("routine", routine("stretch: mindful-breathing\nbreathe: {cycles: 3}\nhold: 5"),
                                     REFUSE),
    # what only the loader can check
    "unknown-stretch": Case("routine", routine("stretch: no-such-stretch"), REFUSE,
                            loader_only="whether a stretch id is in the catalog"),
    "missing-picture": Case("routine", step("image: no-such-picture.svg"), REFUSE,
                            loader_only="whether a picture exists"),
    "stretch-missing-picture": Case("stretch", stretch(image="no-such-picture.png"), REFUSE,
                                    loader_only="whether a picture exists"),
    "hold-on-a-breathing-stretch": Case("routine", routine("stretch: mindful-breathing\nhold: 30"), REFUSE,
                                        loader_only="the kind of the catalog stretch a step names"),
    "sides-on-a-relaxation-stretch": Case(
        "routine", routine("stretch: progressive-muscle-relaxation\nsides: both"), REFUSE,
        loader_only="the kind of the catalog stretch a step names",
    ),
    "breathe-on-a-relaxation-stretch": Case(
        "routine", routine("stretch: progressive-muscle-relaxation\nbreathe: {cycles: 3}"), REFUSE,
        loader_only="the kind of the catalog stretch a step names (breathe + pmr)",
    ),
    "pmr-on-a-breathing-stretch": Case(
        "routine", routine("stretch: mindful-breathing\npmr: {tense: 5}"), REFUSE,
        loader_only="the kind of the catalog stretch a step names (breathe + pmr)",
    ),
}



def _case(value: Case | Any) -> Case:
    """The case itself, also from a ``pytest.param`` that marks it."""
    case = value if isinstance(value, Case) else value.values[0]
    assert isinstance(case, Case)
    return case


CASES = [
    pytest.param(value, id=name) if isinstance(value, Case) else pytest.param(*value.values, marks=value.marks, id=name)
    for name, value in CORPUS.items()
]


def _readings(case: Case) -> tuple[bool, object, bool]:
    """(the app read it, the data the schema judges, an editor reads it without a YAML error)."""
    document, problems = parse_text(case.text, "corpus.yaml")
    app_read = document is not None and not problems
    try:
        editor: object = editor_load(case.text)
    except (YAMLError, ValueError):
        assert not app_read, "ruamel refused YAML the app read"
        return False, None, False
    assert app_read, [str(p) for p in problems]
    assert document is not None
    if case.ruamel is None:
        assert same(document.data, editor), (document.data, editor)
        return True, editor, True
    assert not same(document.data, editor), "ruamel no longer deviates here: drop the case's ruamel note"
    return True, document.data, True


@pytest.mark.parametrize("case", CASES)
def test_corpus_means_the_same_to_app_and_editor(
    case: Case, request: pytest.FixtureRequest, catalog: Any, validators: dict[str, Draft202012Validator]
) -> None:
    _, data, editor_read = _readings(case)
    schema_accepts = editor_read and validators[case.kind].is_valid(data)
    problems = loader_problems(case.kind, case.text, f"corpus-{request.node.callspec.id}", catalog)
    loader_accepts = not problems
    assert loader_accepts == case.accept, problems or "the loader accepted it"
    if case.loader_only is not None:
        assert schema_accepts and not loader_accepts, "the schema refuses it too: it is not loader-only"
    else:
        errors = [] if not editor_read else [e.message for e in validators[case.kind].iter_errors(data)]
        assert schema_accepts == loader_accepts, errors or "the schema accepted it"


def _json_safe(data: object) -> bool:
    if isinstance(data, float):
        return math.isfinite(data)
    if isinstance(data, dict):
        return all(_json_safe(value) for value in data.values())
    if isinstance(data, list):
        return all(_json_safe(value) for value in data)
    return True


@pytest.mark.slow
def test_ajv_gives_the_corpus_the_same_verdicts(validators: dict[str, Draft202012Validator]) -> None:
    """The same data through ajv (strict, draft 2020-12), as editors' tooling validates it (JSON has no NaN or
    infinity, so those cases stay out)."""
    documents: list[tuple[str, Any]] = []
    expected: list[bool] = []
    for value in CORPUS.values():
        case = _case(value)
        _, data, editor_read = _readings(case)
        if editor_read and _json_safe(data):
            documents.append((case.kind, data))
            expected.append(validators[case.kind].is_valid(data))
    result = run_ajv(SCHEMAS, documents)
    assert result["warnings"] == {"routine": [], "stretch": []}
    assert result["valid"] == expected
