"""The bundled catalog's ids, in one place for every test that checks content, pictures or the schema.

These ids are permanent: routines (bundled and the users' own) refer to stretches by id, so renaming one
breaks people's files.
"""

FIRST_STRETCH_IDS = frozenset({
    "towel-calf-stretch",
    "wall-calf-stretch",
    "downward-dog",
    "reclining-leg-stretch",
    "towel-hamstring-stretch",
    "seated-toe-pull",
    "calf-massage",
    "mindful-breathing",
    "progressive-muscle-relaxation",
})
"""The first content drop's ids: already referenced from users' routines."""

STRETCH_IDS = FIRST_STRETCH_IDS | {
    "hero-pose",
    "standing-forward-fold",
    "standing-quad-stretch",
    "foot-arch-stretch",
    "ankle-circles",
    "heel-raises",
    "leg-swings",
    "knee-lift-march",
    "gentle-squats",
    "hamstring-massage",
    "foot-massage",
    "acupressure-sp6",
    "acupressure-lv3",
    "visualisation",
}
