"""The muscles a cramp strikes, as routines name them (``relieves: [calf]``) and as people read them.

One list for everything that offers relief by muscle: the Cramp now buttons, the routine cards' chips, the
overview, and ``stretch-timer cramp MUSCLE``, which must check a muscle before anything else is loaded.
"""

from __future__ import annotations

MUSCLE_NAMES: dict[str, str] = {
    "calf": "Calf",
    "hamstring": "Hamstring",
    "foot": "Foot",
    "quadriceps": "Front of thigh",
    "shin": "Shin",
    "hip": "Hip",
}

CRAMP_MUSCLES: tuple[str, ...] = ("calf", "hamstring", "foot", "quadriceps")
"""Always offered under Cramp now, in this order; other muscles appear when a relief routine covers them."""


def muscle_name(muscle: str) -> str:
    return MUSCLE_NAMES.get(muscle, muscle.capitalize())
