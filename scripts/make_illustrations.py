#!/usr/bin/env python3
"""Write the stretch illustrations (assets/images/<id>.svg) and the app icon (assets/icons/).

    python scripts/make_illustrations.py                 # write every SVG and the icon PNGs
    python scripts/make_illustrations.py --png /tmp/look # also render previews to look at
    python scripts/make_illustrations.py --only downward-dog --png /tmp/look

The pictures are drawn by code (scripts/illustrations/), so a change of style is one edit and a rerun.
Previews show each picture on the light, dark and bedtime backgrounds side by side, at full size and at
120 px wide, plus a contact sheet of everything at 120 px.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from illustrations import closeups, icon, poses
from illustrations.svg import Canvas

ROOT = Path(__file__).resolve().parent.parent
IMAGES = ROOT / "assets" / "images"
ICONS = ROOT / "assets" / "icons"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
BACKGROUNDS = ("#ffffff", "#1e1e1e", "#140c08")  # light, dark, bedtime themes

PICTURES: dict[str, Callable[[], Canvas]] = {
    "towel-calf-stretch": poses.towel_calf_stretch,
    "towel-hamstring-stretch": poses.towel_hamstring_stretch,
    "wall-calf-stretch": poses.wall_calf_stretch,
    "downward-dog": poses.downward_dog,
    "reclining-leg-stretch": poses.reclining_leg_stretch,
    "seated-toe-pull": poses.seated_toe_pull,
    "calf-massage": poses.calf_massage,
    "mindful-breathing": poses.mindful_breathing,
    "progressive-muscle-relaxation": poses.progressive_muscle_relaxation,
    "hero-pose": poses.hero_pose,
    "standing-forward-fold": poses.standing_forward_fold,
    "standing-quad-stretch": poses.standing_quad_stretch,
    "foot-arch-stretch": closeups.foot_arch_stretch,
    "ankle-circles": poses.ankle_circles,
    "heel-raises": poses.heel_raises,
    "leg-swings": poses.leg_swings,
    "knee-lift-march": poses.knee_lift_march,
    "gentle-squats": poses.gentle_squats,
    "hamstring-massage": poses.hamstring_massage,
    "foot-massage": closeups.foot_massage,
    "acupressure-sp6": closeups.acupressure_sp6,
    "acupressure-lv3": closeups.acupressure_lv3,
    "visualisation": poses.visualisation,
}


def write_svgs(only: list[str] | None) -> list[Path]:
    IMAGES.mkdir(parents=True, exist_ok=True)
    written = []
    for name, draw in PICTURES.items():
        if only and name not in only:
            continue
        path = IMAGES / f"{name}.svg"
        path.write_text(draw().svg(), encoding="utf-8")
        written.append(path)
    return written


def write_icon() -> Path:
    ICONS.mkdir(parents=True, exist_ok=True)
    path = ICONS / "stretch-timer.svg"
    path.write_text(icon.app_icon(), encoding="utf-8")
    return path


# --- rendering (Qt) ------------------------------------------------------------------------------------------


def _qt():  # type: ignore[no-untyped-def]
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QGuiApplication

    app = QGuiApplication.instance() or QGuiApplication([])
    return app


def render(svg: Path, width: int, height: int, background: str | None = None):  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise SystemExit(f"{svg}: not a valid SVG for Qt")
    image = QImage(width, height, QImage.Format.Format_ARGB32_Premultiplied)
    image.fill(QColor(background) if background else QColor(Qt.GlobalColor.transparent))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    return image


def strip(svg: Path, width: int, height: int):  # type: ignore[no-untyped-def]
    """The picture on each theme background, side by side."""
    from PySide6.QtGui import QImage, QPainter

    sheet = QImage(width * len(BACKGROUNDS), height, QImage.Format.Format_ARGB32_Premultiplied)
    painter = QPainter(sheet)
    for i, bg in enumerate(BACKGROUNDS):
        painter.drawImage(i * width, 0, render(svg, width, height, bg))
    painter.end()
    return sheet


def write_icon_pngs(svg: Path) -> list[Path]:
    _qt()
    out = []
    for size in ICON_SIZES:
        path = ICONS / f"stretch-timer-{size}.png"
        image = render(svg, size, size)
        if not image.save(str(path)):
            raise SystemExit(f"could not write {path}")
        out.append(path)
    return out


def previews(svgs: list[Path], icon_svg: Path, folder: Path) -> None:
    from PySide6.QtGui import QColor, QImage, QPainter

    _qt()
    folder.mkdir(parents=True, exist_ok=True)
    for svg in svgs:
        strip(svg, 480, 360).save(str(folder / f"{svg.stem}.png"))
        strip(svg, 120, 90).save(str(folder / f"{svg.stem}-120.png"))
    # Contact sheets: every picture at 120 px, one sheet per theme.
    cols = 6
    rows = (len(svgs) + cols - 1) // cols
    for theme, bg in zip(("light", "dark", "bedtime"), BACKGROUNDS, strict=True):
        sheet = QImage(cols * 124, rows * 94, QImage.Format.Format_ARGB32_Premultiplied)
        sheet.fill(QColor("#808080"))
        painter = QPainter(sheet)
        for i, svg in enumerate(svgs):
            painter.drawImage((i % cols) * 124 + 2, (i // cols) * 94 + 2, render(svg, 120, 90, bg))
        painter.end()
        sheet.save(str(folder / f"_sheet-{theme}.png"))
    # The icon at every size on every background.
    total = sum(ICON_SIZES[:-1]) + 8 * len(ICON_SIZES)
    icons = QImage(total, (256 + 8) * len(BACKGROUNDS), QImage.Format.Format_ARGB32_Premultiplied)
    icons.fill(QColor("#808080"))
    painter = QPainter(icons)
    for k, bg in enumerate(BACKGROUNDS):
        x = 4
        for size in ICON_SIZES[:-1]:
            painter.fillRect(x - 2, k * 264 + 2, size + 4, size + 4, QColor(bg))
            painter.drawImage(x, k * 264 + 4, render(icon_svg, size, size))
            x += size + 8
    painter.end()
    icons.save(str(folder / "_icon.png"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--png", type=Path, metavar="DIR", help="also render PNG previews into DIR")
    parser.add_argument("--only", nargs="+", metavar="ID", help="write only these pictures")
    args = parser.parse_args(argv)
    unknown = set(args.only or ()) - set(PICTURES)
    if unknown:
        parser.error(f"unknown picture id(s): {', '.join(sorted(unknown))}")
    svgs = write_svgs(args.only)
    icon_svg = write_icon()
    write_icon_pngs(icon_svg)
    for path in svgs:
        size = path.stat().st_size
        print(f"{path.relative_to(ROOT)}  {size / 1024:.1f} KB")
    if args.png:
        previews(svgs, icon_svg, args.png)
        print(f"previews in {args.png}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
