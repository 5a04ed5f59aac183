"""Props and motifs drawn around the figure: towel, wall, chair, cushion, pillow, moon and clouds."""

from __future__ import annotations

import math

from .svg import (
    CLOUD,
    FLOOR,
    FURNITURE,
    MOTION,
    SKY,
    TOWEL,
    TOWEL_DARK,
    Canvas,
    Point,
    dist,
    heading,
    lerp,
    num,
    polar,
    pt,
)


def towel(c: Canvas, hand: Point, ball: Point, sole_deg: float, foot_deg: float, width: float = 8,
          far: bool = False) -> None:
    """A towel or strap from the hand round the sole at the ball of the foot.

    The near strand crosses the side of the foot and hooks round the sole; ``far`` draws the strand that
    runs behind the foot (paint it before the leg).
    """
    outside = polar(ball, 10.5, sole_deg)
    if far:
        c.line([hand, polar(outside, -5, foot_deg)], TOWEL_DARK, width)
        return
    tip = polar(outside, 5, foot_deg)
    mid = lerp(hand, ball, 0.5)
    c.extend(tip, width)
    c.path(f"M{pt(hand)}Q{pt(mid)} {pt(polar(ball, -6, sole_deg))}L{pt(outside)}L{pt(tip)}", fill="none",
           stroke=TOWEL, stroke_width=width, stroke_linecap="round", stroke_linejoin="round")


def heel_towel(c: Canvas, hand: Point, heel: Point, width: float = 8, far: bool = False) -> None:
    """A towel looped behind the heel, both ends running to the hands.

    ``far`` paints the loop round the back of the heel and the strand that leaves over the instep (paint it
    before the leg); the near strand then comes back over the side of the ankle.
    """
    r = 10 + width / 2  # just outside the outlined heel
    to_hand = heading(heel, hand)
    spread = math.degrees(math.acos(min(1.0, r / max(r, dist(heel, hand)))))
    near_end = polar(heel, r, to_hand + spread)
    far_end = polar(heel, r, to_hand - spread)
    if far:
        c.line([hand, far_end], TOWEL_DARK, width)
        c.extend(heel, r + width / 2)
        c.path(f"M{pt(far_end)}A{num(r)} {num(r)} 0 1 0 {pt(near_end)}", fill="none", stroke=TOWEL,
               stroke_width=width, stroke_linecap="round")
        return
    c.line([hand, near_end], TOWEL, width)


def wall(c: Canvas, x: float, top: float = 24, width: float = 26) -> None:
    c.rect(x, top, width, FLOOR + 6 - top, 6, fill=FURNITURE)


def chair(c: Canvas, back_x: float, facing: int = 1, seat_y: float = 212, back_top: float = 140,
          depth: float = 70, opacity: float = 1.0) -> None:
    """A side-view chair; its back post stands at ``back_x``, the seat runs ``facing`` (+1 right, -1 left)."""
    front_x = back_x + facing * depth
    op = opacity if opacity < 1 else None
    c.line([(back_x, back_top), (back_x, FLOOR + 4)], FURNITURE, 9, stroke_opacity=op)
    c.line([(back_x, seat_y), (front_x, seat_y)], FURNITURE, 11, stroke_opacity=op)
    c.line([(front_x, seat_y), (front_x, FLOOR + 4)], FURNITURE, 8, stroke_opacity=op)


def cushion(c: Canvas, x: float, y: float, w: float, h: float) -> None:
    c.rect(x, y, w, h, h / 2.2, fill=TOWEL)
    c.line([(x + 8, y + h * 0.5), (x + w - 8, y + h * 0.5)], TOWEL_DARK, 2, stroke_opacity=0.6)


def pillow(c: Canvas, x: float, y: float, w: float = 64, h: float = 20) -> None:
    c.rect(x, y, w, h, h / 2, fill=TOWEL, fill_opacity=0.85)


def moon(c: Canvas, center: Point, r: float) -> None:
    """A crescent: a disc with a bite taken out (two arcs)."""
    c.extend(center, r)
    top, bottom = polar(center, r, -120), polar(center, r, 120)
    c.path(f"M{pt(top)}A{r} {r} 0 1 0 {pt(bottom)}A{r * 0.78} {r * 0.78} 0 0 1 {pt(top)}Z", fill=SKY)


def star(c: Canvas, center: Point, r: float) -> None:
    c.extend(center, r)
    pts = [polar(center, r if i % 2 == 0 else r * 0.4, -90 + 45 * i) for i in range(8)]
    c.path("M" + "L".join(pt(p) for p in pts) + "Z", fill=SKY, stroke=SKY, stroke_width=1.5,
           stroke_linejoin="round")


def cloud(c: Canvas, x: float, y: float, s: float = 1.0, color: str = CLOUD) -> None:
    """A soft cloud: a rounded base and three puffs, (x, y) the middle of its flat bottom."""
    parts = [
        f'<rect x="{x - 42 * s:.1f}" y="{y - 18 * s:.1f}" width="{84 * s:.1f}" height="{18 * s:.1f}" '
        f'rx="{9 * s:.1f}"/>',
        f'<circle cx="{x - 18 * s:.1f}" cy="{y - 18 * s:.1f}" r="{14 * s:.1f}"/>',
        f'<circle cx="{x + 6 * s:.1f}" cy="{y - 24 * s:.1f}" r="{18 * s:.1f}"/>',
        f'<circle cx="{x + 26 * s:.1f}" cy="{y - 16 * s:.1f}" r="{11 * s:.1f}"/>',
    ]
    c.extend((x - 42 * s, y - 42 * s))
    c.extend((x + 42 * s, y))
    c.add(f'<g fill="{color}">{"".join(parts)}</g>')


def breath(c: Canvas, start: Point, deg: float, n: int = 3, length: float = 46) -> None:
    """Soft wavy lines drifting out from the mouth."""
    for i in range(n):
        off = (i - (n - 1) / 2) * 13
        a = polar(polar(start, off, deg + 90), 6 + abs(off) * 0.2, deg)
        b = polar(a, length - abs(off) * 0.6, deg)
        m1 = lerp(a, b, 0.25)
        c1 = polar(m1, 6, deg - 90)
        c.path(f"M{pt(a)}Q{pt(c1)} {pt(lerp(a, b, 0.5))}T{pt(b)}", fill="none", stroke=MOTION,
               stroke_width=4, stroke_linecap="round", stroke_opacity=1 - 0.2 * abs(i - (n - 1) / 2))


def rub_marks(c: Canvas, center: Point, deg: float, spread: float = 22) -> None:
    """Massage: a pair of short curved strokes either side of the hands, like ( ) along the limb."""
    for s in (-1, 1):
        mid = polar(center, spread * s, deg)
        for k, r in ((0, 9.0), (1, 15.0)):
            a = polar(polar(mid, r * 0.55, deg + 90), 5 * s * k, deg)
            b = polar(polar(mid, -r * 0.55, deg + 90), 5 * s * k, deg)
            ctl = polar(mid, r * 0.5 * s + 5 * s * k, deg)
            c.path(f"M{pt(a)}Q{pt(ctl)} {pt(b)}", fill="none", stroke=MOTION, stroke_width=3.5,
                   stroke_linecap="round")
            c.extend(a, 2)
            c.extend(b, 2)


def sparkle(c: Canvas, center: Point, r: float = 12) -> None:
    for k in range(4):
        deg = 45 + 90 * k
        c.line([polar(center, r * 0.55, deg), polar(center, r, deg)], MOTION, 3.5)


