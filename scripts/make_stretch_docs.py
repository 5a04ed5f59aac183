"""Write docs/stretches.md from the bundled catalog and routines, so the content can be reviewed without the app.

    .venv/bin/python scripts/make_stretch_docs.py           # rewrite docs/stretches.md
    .venv/bin/python scripts/make_stretch_docs.py --check   # exit 1 if docs/stretches.md is out of date

Only bundled files are read (never the user's own), so the output is the same on every machine.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from stretch_timer import paths
from stretch_timer.core.catalog import load_catalog, yaml_files
from stretch_timer.core.durations import format_clock
from stretch_timer.core.loader import load_routine_file
from stretch_timer.core.model import Routine, Sides, Step, StepKind, Stretch
from stretch_timer.core.plan import plan

ROOT = Path(__file__).resolve().parent.parent
DOCS_DIR = ROOT / "docs"
OUTPUT = DOCS_DIR / "stretches.md"
COMMAND = "python scripts/make_stretch_docs.py"

INTRO = f"""\
# Stretches and routines

This page is generated from the stretch catalog (`routines/stretches/*.yaml`) and the bundled routines
(`routines/*.yaml`) so the content can be reviewed without running the app. Do not edit it by hand: change the
YAML files, then run `{COMMAND}`. A test fails when this page is out of date.
"""

SIDES_WORDS = {
    Sides.BOTH: "both sides (right, then left)",
    Sides.RIGHT: "right side only",
    Sides.LEFT: "left side only",
    Sides.NONE: "no set side",
}


class ContentError(RuntimeError):
    """A bundled file did not load; the page would be wrong, so nothing is written."""


def _seconds(value: float) -> str:
    """``30 s``, ``2.5 s``, ``1 min 30 s``."""
    whole = int(value)
    if value != whole:
        return f"{value:g} s"
    minutes, secs = divmod(whole, 60)
    if not minutes:
        return f"{secs} s"
    return f"{minutes} min" + (f" {secs} s" if secs else "")


def _list(items: tuple[str, ...], empty: str = "none") -> str:
    return ", ".join(items) if items else empty


def _picture(stretch: Stretch) -> str | None:
    """A Markdown image line relative to docs/, or None when the stretch has no picture."""
    if stretch.image is None:
        return None
    image = stretch.image.resolve()
    if image.is_relative_to(ROOT):
        target = Path(os.path.relpath(image, DOCS_DIR)).as_posix()
    else:  # an installed copy: point at the checkout's folder of bundled pictures
        target = f"../assets/images/{image.name}"
    return f"![{stretch.name}]({target})"


def _action(stretch: Stretch) -> str:
    """The action word, or what the timed part is for breathing and relaxation steps (which have no action)."""
    if stretch.breathe is not None:
        return "breathe"
    if stretch.pmr is not None:
        return "tense and relax"
    return stretch.action.value


def _timing(stretch: Stretch) -> str:
    if stretch.breathe is not None:
        b = stretch.breathe
        parts = [f"in {_seconds(b.inhale)}"]
        if b.hold:
            parts.append(f"hold {_seconds(b.hold)}")
        parts.append(f"out {_seconds(b.exhale)}")
        if b.pause:
            parts.append(f"pause {_seconds(b.pause)}")
        return f"paced breathing, {b.cycles} breaths ({', '.join(parts)})"
    if stretch.pmr is not None:
        r = stretch.pmr
        return (f"tense {_seconds(r.tense)} then relax {_seconds(r.relax)} for each of: "
                f"{', '.join(r.groups)}")
    return f"{_seconds(stretch.hold)}, {SIDES_WORDS[stretch.sides]}"


def render_stretch(stretch_id: str, stretch: Stretch) -> list[str]:
    title = f"## {stretch.name}"
    if stretch.sanskrit:
        title += f" — *{stretch.sanskrit}*"
    lines = [
        title,
        "",
        f"- **Id:** `{stretch_id}`",
        f"- **Muscles:** {_list(stretch.muscles)}",
        f"- **Position:** {stretch.position or 'any'}",
        f"- **Props:** {_list(stretch.props)}",
        f"- **Action:** {_action(stretch)}",
        f"- **Default timing:** {_timing(stretch)}",
        f"- **Picture faces:** {stretch.faces.value}",
        "",
    ]
    picture = _picture(stretch)
    if picture is not None:
        lines += [picture, ""]
    lines += [f"{n}. {text}" for n, text in enumerate(stretch.instructions, 1)]
    lines.append("")
    if stretch.safety:
        lines += [f"**Safety:** {stretch.safety}", ""]
    return lines


def _step_summary(step: Step) -> str:
    stretch = step.stretch
    name = f"{stretch.name} (`{step.stretch_id}`)" if step.stretch_id else f"{stretch.name} (inline)"
    if step.kind is StepKind.BREATHING:
        b = step.breathing
        assert b is not None
        detail = f"{b.cycles} breaths"
    elif step.kind is StepKind.RELAXATION:
        r = step.relaxation
        assert r is not None
        detail = f"{len(r.groups)} muscle groups"
    else:
        detail = f"{stretch.action.value} {_seconds(step.hold)}"
        if step.open_ended:
            detail = f"{stretch.action.value} until it lets go, up to {_seconds(step.hold)}"
        if step.sides is Sides.BOTH:
            detail += " each side"
        elif step.sides in (Sides.LEFT, Sides.RIGHT):
            detail += f", {step.sides.value} side"
        if step.repeat > 1:
            detail += f", {step.repeat} times"
    if step.rest_override is not None:
        detail += f"; rest after it {_seconds(step.rest_override)}"
    text = f"{name} — {detail}"
    if step.say:
        text += f". Says: “{step.say}”"
    return text


def render_routine(routine: Routine) -> list[str]:
    lines = [
        f"### {routine.name}",
        "",
        f"- **Id:** `{routine.id}`",
        f"- **Length:** {'up to ' if plan(routine).open_ended else ''}{format_clock(plan(routine).total)}",
        f"- **Tags:** {_list(routine.tags)}",
        f"- **Relieves:** {_list(routine.relieves)}",
        f"- **Have ready:** {_list(routine.props, 'nothing')}",
        f"- **Get ready / rest / switch sides:** {_seconds(routine.prepare)} / {_seconds(routine.rest)} / "
        f"{_seconds(routine.switch)}",
        "",
    ]
    if routine.description:
        lines += [routine.description, ""]
    lines += [f"{n}. {_step_summary(step)}" for n, step in enumerate(routine.steps, 1)]
    lines.append("")
    return lines


def load_bundled() -> tuple[dict[str, Stretch], list[Routine]]:
    """The bundled catalog and routines; raises ContentError listing every problem if any file is broken."""
    catalog = load_catalog([paths.bundled_stretches_dir()], [paths.bundled_images_dir()])
    problems = list(catalog.problems)
    routines: list[Routine] = []
    for path in yaml_files(paths.bundled_routines_dir()):
        routine, found = load_routine_file(path, catalog.stretches, [paths.bundled_images_dir()],
                                           broken_stretches=catalog.broken)
        problems.extend(found)
        if routine is not None:
            routines.append(routine)
    if problems:
        raise ContentError("\n".join(str(problem) for problem in problems))
    return catalog.stretches, routines


def render() -> str:
    """The whole of docs/stretches.md."""
    stretches, routines = load_bundled()
    lines = [INTRO, f"{len(stretches)} stretches, sorted by name, then the {len(routines)} bundled routines.", ""]
    for stretch_id, stretch in sorted(stretches.items(), key=lambda item: (item[1].name.lower(), item[0])):
        lines += render_stretch(stretch_id, stretch)
    lines += ["## Routines", ""]
    for routine in sorted(routines, key=lambda r: (r.name.lower(), r.id)):
        lines += render_routine(routine)
    return "\n".join(lines).rstrip("\n") + "\n"


def _display(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Generate docs/stretches.md from the bundled catalog.")
    parser.add_argument("--check", action="store_true", help="exit 1 if docs/stretches.md is out of date")
    args = parser.parse_args(argv)
    try:
        text = render()
    except ContentError as error:
        print(f"make_stretch_docs: bundled files have problems:\n{error}", file=sys.stderr)
        return 2
    current = OUTPUT.read_text(encoding="utf-8") if OUTPUT.is_file() else None
    if args.check:
        if current != text:
            print(f"{_display(OUTPUT)} is out of date; run: {COMMAND}", file=sys.stderr)
            return 1
        return 0
    if current != text:
        OUTPUT.write_text(text, encoding="utf-8", newline="\n")
        print(f"wrote {_display(OUTPUT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
