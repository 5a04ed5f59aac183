"""How long loading 1,000 routine files takes (goal: at most 0.5 s on a 2-core machine).

Prints the figure and its ratio to the goal; it is not a test, because wall-clock speed depends on the
machine. Run: ``.venv/bin/python benchmarks/load_library.py``.
"""

from __future__ import annotations

import random
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from stretch_timer import paths
from stretch_timer.core.catalog import load_catalog
from stretch_timer.core.library import Library

GOAL_SECONDS = 0.5
FILES = 1000


def routine_text(rng: random.Random, index: int, stretch_ids: list[str], timed: set[str]) -> str:
    """A plausible routine; ``timed`` are breathing/relaxation stretches, which take no hold or repeat."""
    lines = [
        "# yaml-language-server: $schema=schema.json",
        "format: 1",
        f"name: Generated routine {index}",
        "description: A routine made up for the loading benchmark.",
        f"tags: [{rng.choice(['bedtime', 'relief', 'warm-up'])}]",
        "relieves: [calf, hamstring]",
        f"prepare: {rng.randint(0, 10)}",
        f"rest: {rng.randint(0, 20)}",
        "steps:",
    ]
    for _ in range(rng.randint(4, 12)):
        stretch = rng.choice(stretch_ids)
        lines.append(f"  - stretch: {stretch}")
        if stretch not in timed:
            lines.append(f"    hold: {rng.choice(['30', '45s', '1m', '1m30s'])}")
            lines.append(f"    repeat: {rng.randint(1, 3)}")
    return "\n".join(lines) + "\n"


def write_routines(folder: Path, count: int) -> None:
    """``count`` generated routine files naming the bundled stretches, all of them valid."""
    rng = random.Random(7)
    catalog = load_catalog([paths.bundled_stretches_dir()], [paths.bundled_images_dir()])
    stretch_ids = sorted(catalog.stretches)
    if not stretch_ids:
        sys.exit("no bundled stretches found")
    timed = {sid for sid, stretch in catalog.stretches.items() if stretch.breathe or stretch.pmr}
    for index in range(count):
        (folder / f"routine-{index:04d}.yaml").write_text(routine_text(rng, index, stretch_ids, timed))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_routines(root, FILES)
        library = Library(root, root / "user", (paths.bundled_stretches_dir(),), (paths.bundled_images_dir(),))
        timings = []
        for _ in range(5):
            started = time.perf_counter()
            library.reload()
            timings.append(time.perf_counter() - started)
        broken = [entry for entry in library.entries.values() if not entry.ok]
        if broken:
            sys.exit(f"{len(broken)} generated files failed to load: {broken[0].problems}")
    best = min(timings)
    print(f"load {FILES} routine files: best {best:.3f} s of 5 (median {sorted(timings)[2]:.3f} s); "
          f"goal {GOAL_SECONDS} s; ratio to goal {best / GOAL_SECONDS:.2f}")

if __name__ == "__main__":
    main()
