"""Small SVG drawing kit for the stretch pictures: points, a canvas, rounded limbs, arrows.

Angles are in degrees on screen (y points down): 0 is right, 90 is down, -90 is up.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

Point = tuple[float, float]

WIDTH, HEIGHT = 480, 360
FLOOR = 300  # top of the mat

# Palette: mid-tones that read on white, on #1e1e1e and on the bedtime #140c08.
FIGURE = "#7a8aa0"
FIGURE_FAR = "#65758b"  # limbs on the far side of the body, a shade darker
OUTLINE = "#4d5b6e"
ACCENT = "#e07a5f"  # the stretched muscle, acupressure points
TOWEL = "#c9a227"  # towel, strap, cushion
TOWEL_DARK = "#a8861c"
FURNITURE = "#8d8f94"  # wall, chair
MOTION = "#4fa3a5"  # arrows, breath, motion arcs
MAT = "#8e9bb0"
SKY = "#e3c36a"  # moon, stars
CLOUD = "#9fb0c6"

OUT = 2.5  # outline thickness on each side of a limb


# --- geometry ------------------------------------------------------------------------------------------------


def polar(p: Point, length: float, deg: float) -> Point:
    r = math.radians(deg)
    return (p[0] + length * math.cos(r), p[1] + length * math.sin(r))


def add(a: Point, b: Point) -> Point:
    return (a[0] + b[0], a[1] + b[1])


def lerp(a: Point, b: Point, t: float) -> Point:
    return (a[0] + (b[0] - a[0]) * t, a[1] + (b[1] - a[1]) * t)


def dist(a: Point, b: Point) -> float:
    return math.hypot(b[0] - a[0], b[1] - a[1])


def heading(a: Point, b: Point) -> float:
    """Angle of the direction from a to b."""
    return math.degrees(math.atan2(b[1] - a[1], b[0] - a[0]))


def two_bone(root: Point, target: Point, l1: float, l2: float, bend: int) -> Point:
    """The middle joint of a two-bone chain from root reaching target; bend (+1/-1) picks the side.

    A target out of reach straightens the chain toward it.
    """
    d = max(abs(l1 - l2) + 1e-3, min(dist(root, target), l1 + l2 - 1e-3))
    cos_a = (l1 * l1 + d * d - l2 * l2) / (2 * l1 * d)
    alpha = math.degrees(math.acos(max(-1.0, min(1.0, cos_a))))
    return polar(root, l1, heading(root, target) + bend * alpha)


# --- output --------------------------------------------------------------------------------------------------


def num(v: float) -> str:
    s = f"{v:.1f}"
    if s.endswith(".0"):
        s = s[:-2]
    return "0" if s == "-0" else s


def num3(v: float) -> str:
    return f"{v:.3f}".rstrip("0").rstrip(".")


def pt(p: Point) -> str:
    return f"{num(p[0])} {num(p[1])}"


def attrs(**kw: object) -> str:
    parts = []
    for key, value in kw.items():
        if value is None:
            continue
        name = key.rstrip("_").replace("_", "-")
        parts.append(f'{name}="{num(value) if isinstance(value, float) else value}"')
    return " ".join(parts)


Segment = tuple[Point, Point, float]


class Canvas:
    """Collects SVG elements in painting order."""

    def __init__(self, width: int = WIDTH, height: int = HEIGHT, max_zoom: float | None = 1.35) -> None:
        self.width, self.height = width, height
        self.items: list[str] = []
        self.box = [math.inf, math.inf, -math.inf, -math.inf]
        self.floor: tuple[float, float] | None = None  # mat margins left and right of the content
        self.max_zoom = max_zoom

    def add(self, element: str) -> None:
        self.items.append(element)

    def extend(self, p: Point, r: float = 0.0) -> None:
        """Grow the content box by a point (and a radius round it)."""
        b = self.box
        b[0], b[1] = min(b[0], p[0] - r), min(b[1], p[1] - r)
        b[2], b[3] = max(b[2], p[0] + r), max(b[3], p[1] + r)

    def svg(self, margin: float = 22) -> str:
        """The document, with the content zoomed and centred to fill the frame (up to ``max_zoom``).

        A ``max_zoom`` of None leaves everything where it was drawn.
        """
        head = (
            f'<svg xmlns="http://www.w3.org/2000/svg" width="{self.width}" height="{self.height}" '
            f'viewBox="0 0 {self.width} {self.height}">'
        )
        if self.max_zoom is None:  # drawn in place, e.g. a close-up that runs off the edge on purpose
            return "\n".join([head, *self.items, "</svg>"]) + "\n"
        x0, y0, x1, y1 = self.box
        mat_h = 14.0
        if self.floor is not None:
            x0, x1 = x0 - self.floor[0], x1 + self.floor[1]
            y1 = max(y1, FLOOR + mat_h)
        zoom = min(self.max_zoom, (self.width - 2 * margin) / (x1 - x0), (self.height - 2 * margin) / (y1 - y0))
        dx = (self.width - zoom * (x0 + x1)) / 2
        dy = (self.height - zoom * (y0 + y1)) / 2
        body = [head]
        if self.floor is not None:
            left, right = max(8.0, dx + zoom * x0), min(self.width - 8.0, dx + zoom * x1)
            h = mat_h * zoom
            body.append(
                f'<rect x="{num(left)}" y="{num(dy + zoom * FLOOR)}" width="{num(right - left)}" height="{num(h)}" '
                f'rx="{num(h / 2)}" fill="{MAT}" fill-opacity="0.35"/>'
            )
        body.append(f'<g transform="matrix({num3(zoom)} 0 0 {num3(zoom)} {num(dx)} {num(dy)})">')
        body.extend(self.items)
        body.append("</g>")
        body.append("</svg>")
        return "\n".join(body) + "\n"

    # -- primitives --

    def path(self, d: str, **kw: object) -> None:
        self.add(f'<path d="{d}" {attrs(**kw)}/>')

    def circle(self, c: Point, r: float, **kw: object) -> None:
        self.extend(c, r + 2)
        self.add(f'<circle cx="{num(c[0])}" cy="{num(c[1])}" r="{num(r)}" {attrs(**kw)}/>')

    def ellipse(self, c: Point, rx: float, ry: float, rot: float = 0.0, **kw: object) -> None:
        self.extend(c, max(rx, ry))
        transform = f' transform="rotate({num(rot)} {pt(c)})"' if abs(rot) > 0.05 else ""
        self.add(
            f'<ellipse cx="{num(c[0])}" cy="{num(c[1])}" rx="{num(rx)}" ry="{num(ry)}"{transform} {attrs(**kw)}/>'
        )

    def rect(self, x: float, y: float, w: float, h: float, r: float = 0, **kw: object) -> None:
        self.extend((x, y))
        self.extend((x + w, y + h))
        self.add(
            f'<rect x="{num(x)}" y="{num(y)}" width="{num(w)}" height="{num(h)}" rx="{num(r)}" {attrs(**kw)}/>'
        )

    def strokes(self, segments: Iterable[Segment], color: str, extra: float = 0.0, opacity: float = 1.0) -> None:
        """Round-capped thick lines, grouped by width to keep the file small."""
        by_width: dict[float, list[str]] = {}
        for a, b, w in segments:
            self.extend(a, (w + extra) / 2)
            self.extend(b, (w + extra) / 2)
            by_width.setdefault(round(w + extra, 1), []).append(f"M{pt(a)}L{pt(b)}")
        op = f' stroke-opacity="{num(opacity)}"' if opacity < 1 else ""
        body = "".join(f'<path d="{"".join(ds)}" stroke-width="{num(w)}"/>' for w, ds in by_width.items())
        self.add(f'<g fill="none" stroke="{color}" stroke-linecap="round" stroke-linejoin="round"{op}>{body}</g>')

    def limbs(self, segments: Sequence[Segment], fill: str = FIGURE, outline: str = OUTLINE) -> None:
        """Outlined capsules: all outlines first, then all fills, so joints inside one group stay seamless."""
        self.strokes(segments, outline, extra=2 * OUT)
        self.strokes(segments, fill)

    def capsule(self, a: Point, b: Point, w: float, color: str, opacity: float = 1.0) -> None:
        self.strokes([(a, b, w)], color, opacity=opacity)

    def line(self, points: Sequence[Point], color: str, width: float, **kw: object) -> None:
        for p in points:
            self.extend(p, width / 2)
        d = "M" + "L".join(pt(p) for p in points)
        self.path(d, fill="none", stroke=color, stroke_width=width, stroke_linecap="round",
                  stroke_linejoin="round", **kw)

    # -- scenery --

    def mat(self, left: float = 40, right: float = 40) -> None:
        """A soft floor under the figure, reaching ``left`` and ``right`` beyond the content (drawn last, behind)."""
        self.floor = (left, right)

    def arrowhead(self, tip: Point, deg: float, color: str, size: float = 13) -> None:
        a = polar(tip, size, deg + 180 - 28)
        b = polar(tip, size, deg + 180 + 28)
        for p in (a, b, tip):
            self.extend(p, 2)
        self.path(f"M{pt(a)}L{pt(tip)}L{pt(b)}Z", fill=color, stroke=color, stroke_width=3,
                  stroke_linejoin="round")

    def arrow(self, a: Point, b: Point, color: str = MOTION, width: float = 5, both: bool = False) -> None:
        deg = heading(a, b)
        end = polar(b, -8, deg)
        start = polar(a, 8, deg) if both else a
        self.line([start, end], color, width)
        self.arrowhead(b, deg, color)
        if both:
            self.arrowhead(a, deg + 180, color)

    def arc_arrow(self, c: Point, rx: float, ry: float, a0: float, a1: float, color: str = MOTION,
                  width: float = 5, both: bool = False, rot: float = 0.0) -> None:
        """An elliptical arc from angle a0 to a1 (degrees around the centre) with an arrowhead at a1."""

        def at(t: float) -> Point:
            r, q = math.radians(t), math.radians(rot)
            x, y = rx * math.cos(r), ry * math.sin(r)
            return (c[0] + x * math.cos(q) - y * math.sin(q), c[1] + x * math.sin(q) + y * math.cos(q))

        step = 1 if a1 > a0 else -1
        trim = 9 * step * 360 / (2 * math.pi * max(rx, ry))  # leave room for the head(s)
        s0 = a0 + trim if both else a0
        n = 24
        pts = [at(s0 + (a1 - trim - s0) * i / n) for i in range(n + 1)]
        self.line(pts, color, width)
        tip = at(a1)
        self.arrowhead(tip, heading(at(a1 - 4 * step), tip), color)
        if both:
            tip0 = at(a0)
            self.arrowhead(tip0, heading(at(a0 + 4 * step), tip0), color)
