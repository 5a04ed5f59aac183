"""The app icon: a lower leg and foot inside a stopwatch ring, the calf in the warm accent.

Drawn on a 64-unit grid with thick shapes so it still reads at 16 px; the dark slate disc keeps it visible
on light and dark panels alike.
"""

from __future__ import annotations

import math

from .svg import ACCENT, num

DISC = "#2f3d52"
TRACK = "#4b5b73"
LEG = "#e4e9f0"


def _arc(cx: float, cy: float, r: float, a0: float, a1: float) -> str:
    """Clockwise arc from angle a0 to a1 (degrees, 0 = right, 90 = down)."""
    x0, y0 = cx + r * math.cos(math.radians(a0)), cy + r * math.sin(math.radians(a0))
    x1, y1 = cx + r * math.cos(math.radians(a1)), cy + r * math.sin(math.radians(a1))
    large = 1 if (a1 - a0) % 360 > 180 else 0
    return f"M{num(x0)} {num(y0)}A{num(r)} {num(r)} 0 {large} 1 {num(x1)} {num(y1)}"


def app_icon() -> str:
    cx, cy = 32, 35
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" width="64" height="64" viewBox="0 0 64 64">',
        # Stopwatch crown and button.
        f'<rect x="26" y="1.5" width="12" height="6" rx="2.5" fill="{DISC}"/>',
        f'<rect x="29.5" y="5" width="5" height="6" fill="{DISC}"/>',
        f'<rect x="48" y="9" width="7" height="5" rx="2" fill="{DISC}" transform="rotate(45 51.5 11.5)"/>',
        f'<circle cx="{cx}" cy="{cy}" r="28" fill="{DISC}"/>',
        f'<circle cx="{cx}" cy="{cy}" r="21" fill="none" stroke="{TRACK}" stroke-width="5"/>',
        f'<path d="{_arc(cx, cy, 21, -90, 160)}" fill="none" stroke="{ACCENT}" stroke-width="5" '
        'stroke-linecap="round"/>',
        # Lower leg and foot, facing right: calf bulge at the back, heel, toes.
        f'<path d="M27 20C21.5 26 22 33 26.5 38.5L27 41C25.8 44 26.6 47.5 30 47.5L43 47.5'
        f'C46.5 47.5 47 43 43.5 42L35.5 39.6C33.6 39 33 37.5 33 35.5L34 20Q30.5 17.5 27 20Z" fill="{LEG}"/>',
        f'<ellipse cx="26.4" cy="29.5" rx="2.5" ry="6.2" transform="rotate(-8 26.4 29.5)" fill="{ACCENT}"/>',
        "</svg>",
    ]
    return "\n".join(parts) + "\n"
