"""Close-ups of the foot and lower leg: arch stretch, foot massage and the two acupressure points.

They share the figure's colours; a soft disc behind each marks it as a detail view. The side views show the
inside of the foot with the toes to the right, matching the figures that face right.
"""

from __future__ import annotations

from .svg import (
    ACCENT,
    FIGURE,
    FIGURE_FAR,
    MAT,
    MOTION,
    OUT,
    OUTLINE,
    Canvas,
    Point,
    polar,
)


def _backdrop(c: Canvas, center: Point, r: float) -> None:
    c.circle(center, r, fill=MAT, fill_opacity=0.22)


def _shape(c: Canvas, d: str, fill: str = FIGURE, points: tuple[Point, ...] = ()) -> None:
    for p in points:
        c.extend(p)
    c.path(d, fill=fill, stroke=OUTLINE, stroke_width=2 * OUT, stroke_linejoin="round")


def _target(c: Canvas, p: Point) -> None:
    """The acupressure point: a warm dot in a ring."""
    c.circle(p, 17, fill="none", stroke=ACCENT, stroke_width=4)
    c.circle(p, 8, fill=ACCENT, stroke=OUTLINE, stroke_width=2)


def _hand(c: Canvas, wrist: Point, deg: float, length: float = 58, width: float = 40,
          fill: str = FIGURE_FAR) -> Point:
    """A mitten-shaped hand from the wrist along ``deg``; returns the fingertip end."""
    tip = polar(wrist, length, deg)
    c.limbs([(wrist, tip, width)], fill=fill)
    return tip


# --- side view of the inner foot ------------------------------------------------------------------------------

# Inner (medial) side of a foot and lower leg, toes to the right, sole on the floor at y≈300.
_LEG_BACK = "M96 -6C98 70 122 150 118 206"
_HEEL = "C114 226 88 246 96 276C102 298 124 302 146 300"
_ARCH = "C190 297 214 282 250 284C282 286 300 300 330 300"
_TOES_FLAT = "C356 300 392 302 398 288C402 276 392 270 380 268C360 264 346 262 336 256"
_TOES_UP = "C352 296 366 284 378 266C388 250 398 232 400 220C402 208 392 200 382 206C372 214 356 236 336 250"
_DORSUM = "C300 236 244 212 214 190C204 150 200 60 198 -6Z"


def _inner_foot(c: Canvas, toes_up: bool) -> None:
    toes = _TOES_UP if toes_up else _TOES_FLAT
    d = _LEG_BACK + _HEEL + _ARCH + toes + _DORSUM
    _shape(c, d, points=((88, -6), (402, 302)))
    # Inner ankle bone.
    c.circle((166, 196), 15, fill=FIGURE, stroke=OUTLINE, stroke_width=3, stroke_opacity=0.7)


def foot_arch_stretch() -> Canvas:
    c = Canvas(max_zoom=None)
    _backdrop(c, (250, 170), 168)
    _inner_foot(c, toes_up=True)
    # The sole's long band (plantar fascia) being stretched.
    c.ellipse((236, 284), 92, 8, -2, fill=ACCENT)
    # A hand flat against the underside of the toes, pushing them back toward the shin.
    c.limbs([((372, 300), (452, 372), 40)], fill=FIGURE_FAR)
    c.limbs([((380, 294), (380, 294), 46), ((380, 294), (414, 232), 28)], fill=FIGURE_FAR)
    c.arc_arrow((330, 292), 140, 140, -18, -58)
    return c

def acupressure_sp6() -> Canvas:
    c = Canvas(max_zoom=None)
    _backdrop(c, (240, 160), 172)
    _inner_foot(c, toes_up=False)
    # Back edge of the shin bone, faint, running down to the ankle bone.
    c.path("M182 -2C182 80 176 140 172 178", fill="none", stroke=OUTLINE, stroke_width=3, stroke_opacity=0.5,
           stroke_dasharray="2 7", stroke_linecap="round")
    # Four fingers laid across the leg just above the ankle bone, the hand at the front of the shin.
    c.ellipse((262, 146), 40, 44, fill=FIGURE_FAR, stroke=OUTLINE, stroke_width=2 * OUT)
    top = 178
    for i, reach in enumerate((102, 116, 110, 96)):
        y = top - 9 - 18 * i
        c.limbs([((246, y), (246 - reach, y - 2), 16.0)], fill=FIGURE_FAR)
    _target(c, (164, top - 4 * 18 - 16))
    return c

# --- foot from above / below ----------------------------------------------------------------------------------

# A right foot seen from below (sole toward us, big toe on the right). Mirrored, it is the top of a right
# foot seen from above, big toe on the left.
_SOLE = (
    "M238 344C206 344 190 322 192 290C194 250 190 226 186 196C182 168 176 146 178 124"
    "C180 100 198 88 222 84L292 78C312 80 320 100 316 126C312 156 290 180 288 214"
    "C286 246 290 270 288 296C286 326 268 344 238 344Z"
)
_TOES = ((286, 50, 23, 29), (246, 46, 14, 19), (220, 54, 12, 17), (198, 66, 11, 15), (181, 84, 10, 13))


def _sole_outline(c: Canvas, mirror: bool = False, fill: str = FIGURE) -> None:
    g = ' transform="matrix(-1 0 0 1 480 0)"' if mirror else ""
    c.add(f'<g{g} stroke="{OUTLINE}" stroke-width="{2 * OUT}" stroke-linejoin="round" fill="{fill}">')
    for x, y, rx, ry in _TOES:
        c.ellipse((x, y), rx, ry)
    c.add(f'<path d="{_SOLE}"/>')
    c.add("</g>")
    for x, y in ((170, 20), (330, 350)):
        c.extend((x, y))


def foot_massage() -> Canvas:
    c = Canvas(max_zoom=None)
    _backdrop(c, (240, 190), 172)
    # Hands hold the sides of the foot, fingers round the top (behind it), thumbs on the sole.
    for wrist, palm, deg in (((60, 344), (150, 262), -40), ((420, 300), (330, 206), -140)):
        c.limbs([(wrist, palm, 40)], fill=FIGURE_FAR)
        c.ellipse(palm, 44, 33, deg, fill=FIGURE_FAR, stroke=OUTLINE, stroke_width=2 * OUT)
    _sole_outline(c)
    c.ellipse((240, 200), 34, 74, 4, fill=ACCENT)
    thumbs = (((170, 252), (218, 234)), ((310, 196), (262, 168)))
    c.limbs([(a, b, 20) for a, b in thumbs], fill=FIGURE_FAR)
    for _, tip in thumbs:
        c.arc_arrow(tip, 27, 27, 200, 470, width=4)
    return c

def acupressure_lv3() -> Canvas:
    c = Canvas(max_zoom=None)
    _backdrop(c, (240, 190), 172)
    _sole_outline(c, mirror=True)
    # Shin and ankle in front of the back of the foot (we look down at our own foot).
    c.limbs([((240, 318), (240, 420), 118)])
    for x, y, rx, ry in _TOES:
        c.ellipse((480 - x, y - ry * 0.3), rx * 0.55, ry * 0.4, fill="#9aa8bb")
    # Long toe bones, faint: big toe and second toe meet near the middle of the foot.
    bones = "M196 96L222 200M238 92L236 196M262 98L250 196M286 110L264 196"
    c.path(bones, fill="none", stroke=OUTLINE, stroke_width=3, stroke_opacity=0.4, stroke_linecap="round")
    # Slide from the web between the toes up to the hollow.
    c.arrow((218, 82), (226, 140), width=4)
    _target(c, (229, 164))
    return c


__all__ = ["MOTION", "acupressure_lv3", "acupressure_sp6", "foot_arch_stretch", "foot_massage"]
