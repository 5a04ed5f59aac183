"""How the breathing pacer looks, and painting one frame of it: the colours, pens and laid-out words made
once per size, palette and font (:func:`make_look`), the backdrop pixmap with the guide circle
(:func:`make_backdrop`), the circle or ring itself (:func:`paint_pacer`) and the pixel square a move repaints
(:func:`square`). Nothing here holds state between frames: :class:`~.breathing_pacer.BreathingPacer` keeps
the :class:`Look` and says what to draw.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PySide6.QtCore import QPoint, QPointF, QRect, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontInfo,
    QFontMetricsF,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QStaticText,
)

from stretch_timer.core.plan import PhaseKind
from stretch_timer.qt.widgets.pacer_frames import PMR_KINDS

EDGE_MARGIN = 2
"""Pixels beyond the rim that antialiasing can touch: repainted with it."""

WORDS: dict[PhaseKind, str] = {
    PhaseKind.INHALE: "Breathe in",
    PhaseKind.BREATH_HOLD: "Hold",
    PhaseKind.EXHALE: "Breathe out",
    PhaseKind.PAUSE: "Pause",
    PhaseKind.TENSE: "Tense",
    PhaseKind.RELAX: "Relax",
}


def _mix(colour: QColor, background: QColor, amount: float) -> QColor:
    """``colour`` laid over ``background`` at ``amount`` opacity, as one opaque colour."""
    return QColor.fromRgbF(
        colour.redF() * amount + background.redF() * (1 - amount),
        colour.greenF() * amount + background.greenF() * (1 - amount),
        colour.blueF() * amount + background.blueF() * (1 - amount),
    )


INNER_MIX_LEAST = 0.55
"""The inner disc is at least this much accent over the window: softer than the accent, a step up from the halo."""
INNER_CONTRAST = 3.0
"""What the inner disc needs against the window (a drawn part of a control, WCAG 1.4.11), and what the big bold
word needs against the disc (large text, WCAG 1.4.3)."""


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _luminance(colour: QColor) -> float:
    return 0.2126 * _linear(colour.redF()) + 0.7152 * _linear(colour.greenF()) + 0.0722 * _linear(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two opaque colours."""
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def inner_amount(accent: QColor, window: QColor, text: QColor) -> float:
    """How much accent the inner disc is mixed from: the least, from :data:`INNER_MIX_LEAST` up, that stands out
    3:1 from the window while the word on it still reads 3:1 (light about 0.71, dark 0.55, bedtime 0.65).

    A fixed 55 % gave 2.3:1 in the light theme and 2.5:1 at bedtime. Measured on the colour as painted (8 bits a
    channel). If no amount gives both (a palette far from the app's themes), the one that comes closest.
    """
    best, best_score = INNER_MIX_LEAST, -1.0
    for step in range(round(INNER_MIX_LEAST * 100), 101):
        amount = step / 100
        disc = QColor(_mix(accent, window, amount).rgb())
        score = min(contrast(disc, window), contrast(text, disc))
        if score >= INNER_CONTRAST:
            return amount
        if score > best_score:
            best, best_score = amount, score
    return best


@dataclass
class Look:
    """Everything a frame paints with that depends only on the size, the palette and the font."""

    centre: QPointF
    full: float
    window: QColor
    guide_pen: QPen
    guide_dashed_pen: QPen
    outer: QBrush
    inner: QBrush
    tense_pen: QPen
    tense_brush: QBrush
    relax_pen: QPen
    relax_brush: QBrush
    text_pen: QPen
    words: dict[str, tuple[QStaticText, QPointF, QFont]]
    backdrops: dict[bool, tuple[QPoint, QPixmap, QRect]] = field(default_factory=dict)


def make_look(palette: QPalette, base_font: QFont, full: float, centre: QPointF) -> Look:
    """The colours, pens and words for a largest radius ``full`` around ``centre``."""
    window = palette.color(QPalette.ColorRole.Window)
    accent = palette.color(QPalette.ColorRole.Highlight)
    text_colour = palette.color(QPalette.ColorRole.WindowText)
    # Soft colours are mixed with the background up front: opaque fills are several times cheaper to
    # paint than translucent ones, and this repaints many times a second while breathing.
    guide = _mix(palette.color(QPalette.ColorRole.Mid), window, 0.5)
    guide_width = max(1.0, full * 0.012)
    words = {word: laid_out(base_font, word, full, centre) for word in dict.fromkeys(WORDS.values())}
    return Look(
        centre=centre, full=full, window=window,
        guide_pen=QPen(guide, guide_width, Qt.PenStyle.SolidLine),
        guide_dashed_pen=QPen(guide, guide_width, Qt.PenStyle.DashLine),
        outer=QBrush(_mix(accent, window, 0.25)),
        inner=QBrush(_mix(accent, window, inner_amount(accent, window, text_colour))),
        tense_pen=QPen(_mix(accent, window, 0.95), full * 0.16),
        tense_brush=QBrush(_mix(accent, window, 0.18)),
        relax_pen=QPen(_mix(accent, window, 0.7), full * 0.045),
        relax_brush=QBrush(_mix(accent, window, 0.08)),
        text_pen=QPen(text_colour), words=words,
    )


def laid_out(base_font: QFont, word: str, full: float, centre: QPointF) -> tuple[QStaticText, QPointF, QFont]:
    """The word in bold, sized to the circle (and narrower than it), but never smaller than half as big again as
    the widget's own type (so large type makes it larger too); laid out once; where to draw it."""
    font = QFont(base_font)
    font.setPixelSize(max(12, int(full * 0.16), round(QFontInfo(base_font).pixelSize() * 1.5)))
    font.setBold(True)
    metrics = QFontMetricsF(font)
    if metrics.horizontalAdvance(word) > full * 1.7:
        font.setPixelSize(max(10, int(font.pixelSize() * full * 1.7 / metrics.horizontalAdvance(word))))
        metrics = QFontMetricsF(font)
    text = QStaticText(word)
    text.setTextFormat(Qt.TextFormat.PlainText)
    text.setPerformanceHint(QStaticText.PerformanceHint.AggressiveCaching)
    text.prepare(font=font)
    # Where drawText(box, AlignCenter) would put one line: centred on its advance and the font's height.
    top_left = QPointF(centre.x() - metrics.horizontalAdvance(word) / 2, centre.y() - metrics.height() / 2)
    return text, top_left, font


def make_backdrop(look: Look, dashed: bool, ratio: float) -> tuple[QPoint, QPixmap, QRect]:
    """The window colour and the faint guide for the largest size (solid, or dashed for relaxation), over
    the guide's square, at device pixel ``ratio``, kept in ``look``: stroking a big circle is the costly part
    of a frame."""
    made = look.backdrops.get(dashed)
    if made is not None and made[1].devicePixelRatio() == ratio:  # not moved to a screen of another density
        return made
    area = square(look.centre, look.full + look.guide_pen.widthF() / 2 + EDGE_MARGIN)
    pixmap = QPixmap(max(1, round(area.width() * ratio)), max(1, round(area.height() * ratio)))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(look.window)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.translate(-area.topLeft())
    # A faint guide for the largest size, so the growth has something to grow towards.
    painter.setPen(look.guide_dashed_pen if dashed else look.guide_pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawEllipse(look.centre, look.full, look.full)
    painter.end()
    look.backdrops[dashed] = made = (area.topLeft(), pixmap, area)
    return made


def paint_pacer(painter: QPainter, look: Look, backdrop_made: tuple[QPoint, QPixmap, QRect], area: QRect,
                kind: PhaseKind | None, radius: float, label: str) -> None:
    """Paint the pacer's ``area``: the backdrop (from :func:`make_backdrop`, made before ``painter`` began),
    the circle (or ring for ``kind``) at ``radius``, the word."""
    origin, backdrop, backdrop_area = backdrop_made
    if not backdrop_area.contains(area):
        painter.fillRect(area, look.window)
    painter.drawPixmap(origin, backdrop)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    centre = look.centre
    if kind in PMR_KINDS:
        tense = kind is PhaseKind.TENSE
        painter.setPen(look.tense_pen if tense else look.relax_pen)
        painter.setBrush(look.tense_brush if tense else look.relax_brush)
        r = max(1.0, radius - look.full * (0.16 if tense else 0.045) / 2)
        painter.drawEllipse(centre, r, r)
    else:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(look.outer)
        painter.drawEllipse(centre, radius, radius)
        painter.setBrush(look.inner)
        painter.drawEllipse(centre, radius * 0.72, radius * 0.72)
    if label:
        text, top_left, font = look.words[label]
        painter.setFont(font)  # the font it was laid out in: drawing it then lays out nothing
        painter.setPen(look.text_pen)
        painter.drawStaticText(top_left, text)


def square(centre: QPointF, radius: float) -> QRect:
    """The pixel square around a circle."""
    return QRectF(centre.x() - radius, centre.y() - radius, 2 * radius, 2 * radius).toAlignedRect()
