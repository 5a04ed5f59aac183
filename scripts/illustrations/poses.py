"""One function per stretch: each poses a Figure, adds props and returns the finished Canvas.

Every figure faces right (its front, or its head when lying down, toward the right); the app mirrors the
picture for the other side. The leg being stretched is the near leg, so its highlight is in full view.
"""

from __future__ import annotations

from . import props
from .figure import ANKLE_UP, SIT, W_FOOT, Figure
from .svg import FLOOR, Canvas, heading, lerp, polar

SEAT_Y = FLOOR - SIT  # hip height when sitting on the floor
STAND_ANKLE = FLOOR - ANKLE_UP


def _sole(f: Figure, deg: float) -> float:
    return deg + 90 * f.chir


def towel_calf_stretch() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (140, SEAT_Y)
    f.torso(hip, -84)
    near = f.leg("near", hip, 1.8, 0, dorsi=22)
    f.leg_to("far", hip, (232, STAND_ANKLE), foot=0)
    hands = (234, 222)
    far_hands = (hands[0] - 6, hands[1] + 4)
    f.arm_to("far", far_hands)
    f.arm_to("near", hands)
    f.highlight("near_leg", "shin", 0.1, 0.75)
    foot = near.angles["foot"]
    sole = _sole(f, foot)
    f.draw(c, hooks={
        "far_arm": lambda: props.towel(c, far_hands, near["ball"], sole, foot, far=True),
        "near_leg": lambda: props.towel(c, hands, near["ball"], sole, foot),
    })
    return c


def towel_hamstring_stretch() -> Canvas:
    """The in-bed version: on the back, leg raised about 65 degrees, knee straight, towel behind the heel.

    Unlike reclining-leg-stretch (leg upright, strap round the sole, arms long) the leg leans away from the
    head, the towel cups the heel and the hands hold its ends close to the chest.
    """
    c = Canvas()
    c.mat()
    props.pillow(c, 290, FLOOR - 18)
    f = Figure(chir=-1)
    hip = (200, FLOOR - 20)
    f.torso(hip, 0)
    near = f.leg("near", hip, -116, 0, dorsi=-8)
    f.leg("far", hip, 178, 0, dorsi=0)
    hands = (240, 228)
    far_hands = (hands[0] + 6, hands[1] + 3)
    f.arm_to("far", far_hands)
    f.arm_to("near", hands)
    f.highlight("near_leg", "thigh", 0.15, 0.85)
    heel = near["heel"]
    f.draw(c, hooks={
        "far_arm": lambda: props.heel_towel(c, far_hands, heel, far=True),
        "near_leg": lambda: props.heel_towel(c, hands, heel),
    })
    return c


def wall_calf_stretch() -> Canvas:
    c = Canvas()
    c.mat()
    props.wall(c, 356)
    f = Figure()
    hip = (214, 178)
    sh = f.torso(hip, -60, head_deg=-66)
    f.leg_to("near", hip, (150, STAND_ANKLE), foot=0)
    f.leg_to("far", hip, (262, STAND_ANKLE), foot=0)
    f.arm_to("far", (346, sh[1] - 4))
    f.arm_to("near", (347, sh[1] + 2))
    f.highlight("near_leg", "shin", 0.1, 0.72)
    f.draw(c)
    return c


def downward_dog() -> Canvas:
    """An inverted V: hips highest, hips-shoulders-hands in one line, the head hanging under the upper arms."""
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (200, 150)
    sh = f.torso(hip, 44, head_deg=98)
    near = f.leg("near", hip, 116, 0, foot=12)
    f.leg("far", (hip[0] - 3, hip[1]), 118, 0, foot=12)
    f.arm("far", 46, 0, polar(sh, 3, -90))
    f.arm("near", 44, 0)
    f.highlight("near_leg", "thigh", 0.2, 0.85)
    f.highlight("near_leg", "shin", 0.1, 0.7)
    # Stand the toes and the hands on the mat.
    lowest = max(near["toe"][1] + W_FOOT / 2, f.limbs["near_arm"]["hand"][1] + 8)
    f.translate(0, FLOOR - lowest)
    f.draw(c)
    return c


def reclining_leg_stretch() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure(chir=-1)
    hip = (200, FLOOR - 20)
    f.torso(hip, 0)
    near = f.leg("near", hip, -84, 0, dorsi=12)
    f.leg("far", hip, 177, 0, dorsi=0)
    hands = (228, 196)
    f.arm_to("far", (hands[0] + 6, hands[1] + 3))
    f.arm_to("near", hands)
    f.highlight("near_leg", "thigh", 0.2, 0.85)
    f.highlight("near_leg", "shin", 0.1, 0.7)
    foot = near.angles["foot"]
    sole = _sole(f, foot)
    f.draw(c, order=("far_leg", "far_arm", "torso", "near_leg", "near_arm"), hooks={
        "far_arm": lambda: props.towel(c, (hands[0] + 6, hands[1] + 3), near["ball"], sole, foot, width=6,
                                       far=True),
        "near_leg": lambda: props.towel(c, hands, near["ball"], sole, foot, width=6),
    })
    return c


def seated_toe_pull() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (140, SEAT_Y)
    f.torso(hip, -40, head_deg=-36)
    near = f.leg("near", hip, 1.8, 0, dorsi=22)
    f.leg("far", hip, -1.5, 0, dorsi=-5)
    grip = polar(near["toe"], 6, near.angles["foot"] - 90 * f.chir)
    f.arm_to("far", polar(grip, -4, 90))
    f.arm_to("near", grip)
    f.highlight("near_leg", "shin", 0.1, 0.75)
    f.draw(c)
    return c


def _stroke_arrow(c: Canvas, a: tuple[float, float], b: tuple[float, float], side: float, gap: float) -> None:
    """A double arrow beside a limb segment a-b: rub up and down here."""
    c.arrow(polar(lerp(a, b, 0.12), gap, side), polar(lerp(a, b, 0.88), gap, side), width=4, both=True)


def calf_massage() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (140, SEAT_Y)
    f.torso(hip, -68, head_deg=-52)
    near = f.leg_to("near", hip, (238, STAND_ANKLE), foot=0)
    f.leg("far", hip, 1.8, 0, dorsi=-8)
    knee, ankle = near["knee"], near["ankle"]
    back = f.back(near.angles["shin"])
    f.arm_to("far", polar(lerp(knee, ankle, 0.3), 4, back))
    f.arm_to("near", polar(lerp(knee, ankle, 0.5), 8, back))
    f.highlight("near_leg", "shin", 0.05, 0.75)
    f.draw(c)
    _stroke_arrow(c, ankle, knee, f.front(near.angles["shin"]), 30)
    return c


def mindful_breathing() -> Canvas:
    c = Canvas()
    c.mat()
    props.cushion(c, 150, 262, 96, 38)
    f = Figure()
    hip = (196, 244)
    f.torso(hip, -90, eyes="closed")
    far = f.leg("far", hip, 14, 162, foot=182)
    near = f.leg("near", hip, 18, 160, foot=180)
    f.arm_to("far", polar(far["knee"], 14, -100))
    f.arm_to("near", (hip[0] + 28, hip[1] - 34))
    del near
    f.draw(c, hooks={"torso": lambda: props.breath(c, polar(f.head_c, 26, 12), 8)})
    return c


def _lying(f: Figure, hip: tuple[float, float], eyes: str = "closed", dorsi: float = 0.0) -> None:
    f.torso(hip, 0, eyes=eyes)
    f.leg("near", hip, 177.5, 0, dorsi=dorsi)
    f.leg("far", hip, 179, 0, dorsi=dorsi - 8)
    f.arm("far", 172, 8)
    f.arm("near", 174, 10)


def progressive_muscle_relaxation() -> Canvas:
    c = Canvas()
    c.mat()
    props.pillow(c, 304, FLOOR - 18)
    f = Figure(chir=-1)
    _lying(f, (220, FLOOR - 20), dorsi=14)
    f.highlight("near_leg", "thigh", 0.15, 0.85, face="mid")
    f.highlight("near_leg", "shin", 0.1, 0.75, face="back")
    f.draw(c)
    return c


def visualisation() -> Canvas:
    c = Canvas()
    c.mat()
    props.moon(c, (380, 82), 34)
    props.cloud(c, 250, 112, 1.0)
    props.cloud(c, 128, 78, 0.75)
    props.star(c, (310, 44), 7)
    props.star(c, (190, 40), 5)
    props.star(c, (440, 150), 5)
    props.pillow(c, 304, FLOOR - 18)
    f = Figure(chir=-1)
    _lying(f, (220, FLOOR - 20), dorsi=-10)
    f.draw(c)
    return c


def hero_pose() -> Canvas:
    c = Canvas()
    c.mat()
    props.cushion(c, 190, 266, 84, 34)
    f = Figure()
    hip = (228, 247)
    f.torso(hip, -88)
    knee_at = (292, 288)
    for side, dx in (("far", -3), ("near", 0)):
        h = (hip[0] + dx, hip[1])
        deg = heading(h, knee_at)
        f.leg(side, h, deg, 180 - deg, foot=180)
    near = f.limbs["near_leg"]
    far = f.limbs["far_leg"]
    f.arm_to("far", polar(lerp(far["hip"], far["knee"], 0.62), 16, -100))
    f.arm_to("near", polar(lerp(near["hip"], near["knee"], 0.66), 15, -100))
    f.highlight("near_leg", "thigh", 0.15, 0.8, face="front")
    f.highlight("near_leg", "shin", 0.15, 0.8, face="front")
    f.draw(c)
    return c


def standing_forward_fold() -> Canvas:
    """Uttanasana: knees soft, hips over the heels, the trunk hanging in front of the thighs, head low."""
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (200, STAND_ANKLE - 130)
    near = f.leg_to("near", hip, (204, STAND_ANKLE), foot=0)
    f.leg_to("far", (hip[0] - 3, hip[1]), (201, STAND_ANKLE), foot=0)
    # The trunk hangs in front of the thighs: it starts forward of the hip joint, by about the thickness
    # of a thigh and of the trunk, and the head hangs loose below it, in front of the shins.
    base = polar(hip, 30, f.front(near.angles["thigh"]))
    sh = f.torso(base, 71, head_deg=126)
    f.arm_to("far", (sh[0] + 34, FLOOR - 8), foreshorten=True)
    f.arm_to("near", (sh[0] + 40, FLOOR - 8), foreshorten=True)
    f.highlight("near_leg", "thigh", 0.15, 0.85)
    f.draw(c, hooks={"near_leg": lambda: f.draw_head(c)})  # the hanging head in front of the shins
    return c


def standing_quad_stretch() -> Canvas:
    c = Canvas()
    c.mat()
    props.chair(c, 292, back_top=150, seat_y=238)
    f = Figure()
    hip = (200, 159)
    sh = f.torso(hip, -90)
    f.leg_to("far", hip, (204, STAND_ANKLE), foot=0)
    near = f.leg("near", hip, 97, 152, dorsi=-35)
    f.arm_to("far", (292, 146))
    f.arm_to("near", polar(near["ankle"], 6, 180))
    f.highlight("near_leg", "thigh", 0.15, 0.85, face="front")
    del sh
    f.draw(c)
    return c


def ankle_circles() -> Canvas:
    c = Canvas()
    c.mat()
    seat_top = 238
    props.chair(c, 120, back_top=150, seat_y=seat_top + 5.5, depth=78)
    f = Figure()
    hip = (150, seat_top - SIT)
    f.torso(hip, -88)
    f.leg_to("far", hip, (218, STAND_ANKLE), foot=0)
    near = f.leg("near", hip, -4, 38, dorsi=0)
    f.arm_to("far", (hip[0] + 46, hip[1] - 10))
    f.arm_to("near", (hip[0] + 52, hip[1] - 8))
    f.highlight("near_leg", "shin", 0.12, 0.75)
    centre = lerp(near["heel"], near["toe"], 0.45)
    f.draw(c)
    c.arc_arrow(centre, 34, 26, -150, 165, rot=-10)
    return c


def heel_raises() -> Canvas:
    c = Canvas()
    c.mat()
    props.chair(c, 250, back_top=142, seat_y=238)
    f = Figure()
    hip = (200, 150)
    f.torso(hip, -90)
    near = f.leg("near", hip, 90, 0, foot=42)
    f.leg("far", (hip[0] - 3, hip[1]), 90, 0, foot=42)
    lowest = near["toe"][1] + W_FOOT / 2 + 1
    f.translate(0, FLOOR - lowest)
    f.arm_to("far", (242, 138))
    f.arm_to("near", (246, 140))
    f.highlight("near_leg", "shin", 0.1, 0.72)
    f.draw(c)
    heel = f.limbs["near_leg"]["heel"]
    c.arrow((heel[0] - 40, FLOOR - 14), (heel[0] - 40, FLOOR - 72))
    return c


def leg_swings() -> Canvas:
    c = Canvas()
    c.mat()
    # The chair stands beside the figure (on its far side), so it is drawn behind it.
    props.chair(c, 198, back_top=176, seat_y=238, depth=72, facing=-1)
    f = Figure()
    hip = (220, 158)
    f.torso(hip, -90)
    f.leg_to("far", hip, (222, STAND_ANKLE), foot=0)
    ghost = Figure()
    ghost.leg("near", hip, 122, 16, dorsi=-12)
    f.leg("near", hip, 50, 6, dorsi=0)
    f.arm_to("far", (200, 170))
    f.arm("near", 100, 20)
    f.highlight("near_leg", "thigh", 0.2, 0.85)

    def behind() -> None:
        ghost.draw_ghost(c, "near_leg")
        c.arc_arrow(hip, 158, 158, 128, 62, both=True)

    f.draw(c, hooks={"torso": behind})
    return c


def knee_lift_march() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (210, 158)
    f.torso(hip, -90)
    f.leg_to("far", hip, (214, STAND_ANKLE), foot=0)
    near = f.leg("near", hip, -8, 96, dorsi=-8)
    f.arm("far", 55, 70)
    f.arm("near", 118, 25)
    f.highlight("near_leg", "thigh", 0.2, 0.85, face="front")
    f.draw(c)
    k = near["knee"]
    c.arrow((k[0] + 30, k[1] + 40), (k[0] + 30, k[1] - 12))
    return c


def gentle_squats() -> Canvas:
    c = Canvas()
    c.mat()
    props.chair(c, 92, back_top=150, seat_y=236, depth=72)
    f = Figure()
    hip = (190, 214)
    f.torso(hip, -58, head_deg=-74)
    f.leg_to("far", (hip[0] - 2, hip[1]), (238, STAND_ANKLE), foot=0)
    f.leg_to("near", hip, (242, STAND_ANKLE), foot=0)
    f.arm("far", -4, 0)
    f.arm("near", 2, 0)
    f.highlight("near_leg", "thigh", 0.15, 0.85, face="front")
    f.draw(c)
    c.arrow((300, 250), (300, 190), both=True)
    return c


def hamstring_massage() -> Canvas:
    c = Canvas()
    c.mat()
    f = Figure()
    hip = (140, SEAT_Y)
    f.torso(hip, -52, head_deg=-40)
    near = f.leg_to("near", hip, (268, STAND_ANKLE), foot=-20)
    f.leg("far", hip, 1.8, 0, dorsi=-8)
    knee = near["knee"]
    thigh = near.angles["thigh"]
    back = f.back(thigh)
    f.arm_to("far", polar(lerp(hip, knee, 0.72), 10, back))
    hand = polar(lerp(hip, knee, 0.55), 12, back)
    f.arm_to("near", hand)
    f.highlight("near_leg", "thigh", 0.2, 0.9)
    f.draw(c)
    props.rub_marks(c, polar(hand, 4, back), thigh, 26)
    return c

