"""A friendly rounded figure seen from the side, posed from joint angles.

``chir`` is the figure's handedness on the page. ``+1``: a figure facing right when upright (its front is
the right-hand side of its body axis; sitting and standing figures). ``-1``: the mirror image, used for a
figure lying on its back with its head to the right. Knees and elbows only ever bend the anatomical way:
a positive knee flexion turns the shin toward the back of the thigh, a positive elbow flexion turns the
forearm toward the front of the upper arm.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .svg import (
    ACCENT,
    FIGURE,
    FIGURE_FAR,
    OUTLINE,
    Canvas,
    Point,
    Segment,
    dist,
    heading,
    lerp,
    polar,
    pt,
    two_bone,
)

# Proportions (px, for a figure about 270 px tall standing).
TORSO = 78
NECK = 30  # shoulder to the centre of the head
HEAD_R = 19
THIGH, SHIN = 68, 64
UPPER, FORE = 54, 49
FOOT = 36

W_TORSO = 40
W_THIGH, W_SHIN, W_FOOT = 25, 19, 14
W_UPPER, W_FORE, W_HAND = 16, 13, 16
W_NECK = 14

SIT = 19  # a seated hip sits this far above the floor
ANKLE_UP = 13  # a foot flat on the floor has its ankle this far above the floor


@dataclass
class Limb:
    joints: dict[str, Point]
    segments: dict[str, Segment] = field(default_factory=dict)
    angles: dict[str, float] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Point:
        return self.joints[name]


class Figure:
    def __init__(self, chir: int = 1) -> None:
        self.chir = chir
        self.limbs: dict[str, Limb] = {}
        self.hip: Point = (0, 0)
        self.shoulder: Point = (0, 0)
        self.torso_ang = -90.0
        self.head_ang = -90.0
        self.head_c: Point = (0, 0)
        self.eyes = "open"
        self.highlights: list[tuple[str, str, float, float, str]] = []
        self.hidden: set[str] = set()

    # -- directions --

    def front(self, deg: float) -> float:
        """The side a segment's front faces (shin → shin bone, thigh → quadriceps)."""
        return deg - 90 * self.chir

    def back(self, deg: float) -> float:
        return deg + 90 * self.chir

    # -- body --

    def torso(self, hip: Point, deg: float, head_deg: float | None = None, eyes: str = "open") -> Point:
        self.hip, self.torso_ang = hip, deg
        self.shoulder = polar(hip, TORSO, deg)
        self.head_ang = deg if head_deg is None else head_deg
        self.head_c = polar(self.shoulder, NECK, self.head_ang)
        self.eyes = eyes
        return self.shoulder

    def leg(self, side: str, hip: Point, thigh: float, flex: float, dorsi: float = 0.0,
            foot: float | None = None) -> Limb:
        """Leg from hip: thigh angle, knee flexion (>= 0), ankle dorsiflexion (toes toward shin) or a foot angle."""
        knee = polar(hip, THIGH, thigh)
        shin = thigh + flex * self.chir
        ankle = polar(knee, SHIN, shin)
        foot_ang = shin - (90 + dorsi) * self.chir if foot is None else foot
        heel = polar(polar(ankle, 5, shin), -7, foot_ang)
        ball = polar(heel, FOOT - 9, foot_ang)
        toe = polar(heel, FOOT, foot_ang)
        limb = Limb({"hip": hip, "knee": knee, "ankle": ankle, "heel": heel, "ball": ball, "toe": toe})
        limb.segments = {
            "thigh": (hip, knee, W_THIGH),
            "shin": (knee, ankle, W_SHIN),
            "heel": (ankle, heel, W_FOOT + 1),
            "foot": (heel, toe, W_FOOT),
        }
        limb.angles = {"thigh": thigh, "shin": shin, "foot": foot_ang}
        self.limbs[side + "_leg"] = limb
        return limb

    def leg_to(self, side: str, hip: Point, ankle: Point, dorsi: float = 0.0, foot: float | None = None) -> Limb:
        """Leg whose ankle reaches ``ankle`` (or as near as it can), knee bending the right way."""
        knee = two_bone(hip, ankle, THIGH, SHIN, -self.chir)
        thigh = heading(hip, knee)
        flex = (heading(knee, ankle) - thigh) * self.chir % 360
        if flex > 180:
            flex -= 360
        return self.leg(side, hip, thigh, max(0.0, flex), dorsi, foot)

    def arm(self, side: str, upper: float, flex: float, shoulder: Point | None = None, scale: float = 1.0) -> Limb:
        """Arm from the shoulder; a ``scale`` below 1 foreshortens it (an elbow turned out of the picture)."""
        sh = self.shoulder if shoulder is None else shoulder
        elbow = polar(sh, UPPER * scale, upper)
        fore = upper - flex * self.chir
        hand = polar(elbow, FORE * scale, fore)
        limb = Limb({"shoulder": sh, "elbow": elbow, "hand": hand})
        limb.segments = {
            "upper": (sh, elbow, W_UPPER),
            "fore": (elbow, hand, W_FORE),
            "hand": (hand, hand, W_HAND),
        }
        limb.angles = {"upper": upper, "fore": fore}
        self.limbs[side + "_arm"] = limb
        return limb

    def arm_to(self, side: str, hand: Point, shoulder: Point | None = None, foreshorten: bool = False) -> Limb:
        """Arm whose hand reaches ``hand``; with ``foreshorten`` a near hand shortens the arm (elbow turned out)
        instead of folding it, leaving only a soft bend."""
        sh = self.shoulder if shoulder is None else shoulder
        scale = min(1.0, dist(sh, hand) / (UPPER + FORE) * 1.005) if foreshorten else 1.0
        elbow = two_bone(sh, hand, UPPER * scale, FORE * scale, self.chir)
        upper = heading(sh, elbow)
        flex = (upper - heading(elbow, hand)) * self.chir % 360
        if flex > 180:
            flex -= 360
        return self.arm(side, upper, max(0.0, flex), sh, scale)

    def highlight(self, limb: str, segment: str, t0: float = 0.15, t1: float = 0.8, face: str = "back") -> None:
        self.highlights.append((limb, segment, t0, t1, face))

    def translate(self, dx: float, dy: float) -> None:
        """Move the whole figure (after posing it, e.g. to stand its lowest toe on the floor)."""

        def mv(p: Point) -> Point:
            return (p[0] + dx, p[1] + dy)

        self.hip, self.shoulder, self.head_c = mv(self.hip), mv(self.shoulder), mv(self.head_c)
        for limb in self.limbs.values():
            limb.joints = {k: mv(v) for k, v in limb.joints.items()}
            limb.segments = {k: (mv(a), mv(b), w) for k, (a, b, w) in limb.segments.items()}

    # -- drawing --

    def draw_limb(self, c: Canvas, name: str) -> None:
        if name not in self.limbs or name in self.hidden:
            return
        limb = self.limbs[name]
        fill = FIGURE_FAR if name.startswith("far") else FIGURE
        c.limbs(list(limb.segments.values()), fill=fill)
        for lname, seg, t0, t1, face in self.highlights:
            if lname == name:
                self.draw_highlight(c, limb, seg, t0, t1, face)

    def draw_ghost(self, c: Canvas, name: str, opacity: float = 0.3) -> None:
        """A faint copy of a limb (where it swings to): one path, so nothing inside it doubles up."""
        limb = self.limbs[name]
        c.strokes([(a, b, 18) for a, b, _ in limb.segments.values()], FIGURE, opacity=opacity)

    def draw_highlight(self, c: Canvas, limb: Limb, seg: str, t0: float, t1: float, face: str) -> None:
        a, b, w = limb.segments[seg]
        deg = heading(a, b)
        side = {"back": self.back(deg), "front": self.front(deg), "mid": deg}[face]
        shift = 0.0 if face == "mid" else w * 0.14
        p, q = polar(lerp(a, b, t0), shift, side), polar(lerp(a, b, t1), shift, side)
        c.ellipse(lerp(p, q, 0.5), dist(p, q) / 2 + w * 0.2, w * 0.34, deg, fill=ACCENT)

    def draw_torso(self, c: Canvas) -> None:
        segs: list[Segment] = [
            (self.shoulder, self.head_c, W_NECK),
            (self.hip, self.shoulder, W_TORSO),
        ]
        c.limbs(segs)
        self.draw_head(c)

    def draw_head(self, c: Canvas) -> None:
        h, r, up = self.head_c, HEAD_R, self.head_ang
        face = up + 90 * self.chir
        c.circle(h, r + 0.5, fill=FIGURE, stroke=OUTLINE, stroke_width=5)
        # Hair: a cap over the top and back of the head, which also shows which way the face looks.
        a0 = up + 35 * self.chir
        a1 = up - 130 * self.chir
        p0, p1 = polar(h, r + 1, a0), polar(h, r + 1, a1)
        ctrl = polar(h, r * 0.25, up - 60 * self.chir)
        sweep = 0 if self.chir > 0 else 1
        c.path(f"M{pt(p0)}A{r + 1} {r + 1} 0 0 {sweep} {pt(p1)}Q{pt(ctrl)} {pt(p0)}Z", fill=OUTLINE)
        eye = polar(polar(h, r * 0.5, face), r * 0.05, up)
        if self.eyes == "closed":
            e0, e1 = polar(eye, 4, face), polar(eye, -4, face)
            ctl = polar(eye, 4, up + 180)
            c.path(f"M{pt(e0)}Q{pt(ctl)} {pt(e1)}", fill="none", stroke=OUTLINE, stroke_width=2,
                   stroke_linecap="round")
        else:
            c.circle(eye, 2.4, fill=OUTLINE)

    def draw(self, c: Canvas, order: tuple[str, ...] = ("far_leg", "far_arm", "torso", "near_leg", "near_arm"),
             hooks: dict[str, object] | None = None) -> None:
        """Paint the figure; ``hooks`` maps a part name to a callable run right after that part."""
        hooks = hooks or {}
        for part in order:
            if part == "torso":
                self.draw_torso(c)
            else:
                self.draw_limb(c, part)
            hook = hooks.get(part)
            if callable(hook):
                hook()
