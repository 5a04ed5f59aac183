"""Where the countdown ring puts its pixels: the arc laid in pieces, the box a move of its end repaints, and
the box the words' ink covers.

Split from the ring widget, which decides what is shown and when to repaint; this is the plane geometry under
that, so the ring can repaint only the small box that changed (the arc's last piece, or the digits' ink).
"""

from __future__ import annotations

import math

from PySide6.QtCore import QRectF
from PySide6.QtGui import QFontMetricsF

ARC_PIECE_DEGREES = 15
"""The arc is stroked as a path of pieces this long, laid from twelve o'clock, so a move of its end changes
the pixels of its last piece only. Qt's own ``drawArc`` fits its curves to the whole span: every step would
shift the edge pixels of a whole quadrant, and a quarter of the ring would need repainting each time."""


def arc_sweep(steps: int, of: int) -> float:
    """Degrees of arc (clockwise from twelve o'clock) for ``steps`` of ``of``."""
    return 360.0 * steps / of if of else 0.0


def arc_pieces(sweep: float) -> tuple[int, float]:
    """(whole pieces, degrees of the last, partial or whole, piece) an arc of ``sweep`` degrees is made of."""
    whole = max(0, math.ceil(sweep / ARC_PIECE_DEGREES - 1e-9) - 1)
    return whole, sweep - whole * ARC_PIECE_DEGREES


def arc_span_box(rect: QRectF, start: float, end: float, width: float) -> QRectF:
    """The box around the part of the circle inscribed in ``rect`` between angles ``start`` and ``end``
    (degrees, Qt's: counter-clockwise from three o'clock), thickened by ``width``, with room for antialiasing."""
    low, high = min(start, end), max(start, end)
    angles = [low, high] + [a for a in range(-360, 451, 90) if low < a < high]
    centre, rx, ry = rect.center(), rect.width() / 2, rect.height() / 2
    xs = [centre.x() + rx * math.cos(math.radians(a)) for a in angles]
    ys = [centre.y() - ry * math.sin(math.radians(a)) for a in angles]
    pad = width / 2 + 2  # the round cap, and antialiasing
    return QRectF(min(xs) - pad, min(ys) - pad, max(xs) - min(xs) + 2 * pad, max(ys) - min(ys) + 2 * pad)


def arc_change_box(rect: QRectF, before: float, after: float, width: float) -> QRectF:
    """What moving the arc's end from ``before`` to ``after`` degrees of sweep repaints: from the start of the
    earlier last piece (everything before it is the same path, so the same pixels) to the farther end."""
    first = min(arc_pieces(before)[0], arc_pieces(after)[0])
    return arc_span_box(rect, 90 - first * ARC_PIECE_DEGREES, 90 - max(before, after), width)


def text_ink(box: QRectF, metrics: QFontMetricsF, text: str, *, centred: bool) -> QRectF:
    """Where ``text`` drawn in ``box`` (centred both ways, or centred across from the top) puts ink: the
    glyphs' tight box, with a few pixels to spare for antialiasing."""
    if not text:
        return QRectF()
    tight = metrics.tightBoundingRect(text)
    left = box.center().x() - metrics.horizontalAdvance(text) / 2
    top = box.top() + ((box.height() - metrics.height()) / 2 if centred else 0)
    return tight.translated(left, top + metrics.ascent()).adjusted(-3, -3, 3, 3)
