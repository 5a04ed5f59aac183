"""WCAG contrast of every themed colour pair, and of real controls rendered in each theme (issue 10).

Text needs 4.5:1 against what it sits on (3:1 for large text the app makes large on purpose: the pacer's word);
the edges and states of controls need 3:1 against their neighbours (WCAG 1.4.3 and 1.4.11). The colours come
from the theme itself: its palette, its fields and the rules of its style sheet, so a colour added later is
checked too. Where the Fusion style draws a control from the palette, the control is rendered offscreen and
its pixels are measured: that is how the bedtime check boxes turned out to be outlined at 1.1:1.
"""

from __future__ import annotations

import math
import re
import statistics
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, QRect, Qt
from PySide6.QtGui import QColor, QFont, QImage, QPalette
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QLineEdit,
    QPushButton,
    QRadioButton,
    QSlider,
    QSpinBox,
    QStyle,
    QStyleOptionButton,
    QStyleOptionSlider,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from stretch_timer.qt import theme as themes
from stretch_timer.qt.pages.thumbnail import Thumbnail
from stretch_timer.qt.widgets.countdown_ring import CountdownRing
from stretch_timer.qt.widgets.pacer_drawing import make_look

THEMES = (themes.LIGHT, themes.DARK, themes.BEDTIME)
TEXT = 4.5
LARGE_TEXT = 3.0
UI = 3.0
ROOT = Path(__file__).resolve().parents[2]


def _linear(channel: float) -> float:
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def luminance(colour: QColor | str) -> float:
    """WCAG relative luminance of an opaque colour."""
    c = QColor(colour)
    return 0.2126 * _linear(c.redF()) + 0.7152 * _linear(c.greenF()) + 0.0722 * _linear(c.blueF())


def contrast(a: QColor | str, b: QColor | str) -> float:
    la, lb = luminance(a), luminance(b)
    return (max(la, lb) + 0.05) / (min(la, lb) + 0.05)


def over(colour: QColor, background: QColor, alpha: float) -> QColor:
    """``colour`` at ``alpha`` over ``background``, as the painter blends it (in sRGB values)."""
    return QColor.fromRgbF(*(getattr(colour, f)() * alpha + getattr(background, f)() * (1 - alpha)
                             for f in ("redF", "greenF", "blueF")))


def test_the_formula_matches_wcag() -> None:
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the well-known just-failing grey
    assert contrast("#ffffff", "#ffffff") == pytest.approx(1.0)


# --- the theme's own data --------------------------------------------------------------------------------

def _pairs_failing(pairs: list[tuple[str, QColor | str, QColor | str, float]]) -> list[str]:
    return [f"{name}: {contrast(fg, bg):.2f}:1 < {need}:1 ({QColor(fg).name()} on {QColor(bg).name()})"
            for name, fg, bg, need in pairs if contrast(fg, bg) < need]


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_palette_text_role_reads_against_its_background(theme: themes.Theme) -> None:
    palette = themes.palette_for(theme)
    r, g = QPalette.ColorRole, QPalette.ColorGroup
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = [
        (f"{fg.name} on {bg.name}", palette.color(fg), palette.color(bg), TEXT) for fg, bg in (
            (r.WindowText, r.Window), (r.WindowText, r.Base), (r.Text, r.Base), (r.ButtonText, r.Button),
            (r.PlaceholderText, r.Base), (r.HighlightedText, r.Highlight), (r.ToolTipText, r.ToolTipBase),
            (r.Link, r.Window), (r.Link, r.Base), (r.LinkVisited, r.Window), (r.Text, r.AlternateBase),
        )
    ]
    pairs += [  # disabled text: still readable, a setting greyed out must say what it is
        (f"disabled {fg.name} on {bg.name}", palette.color(g.Disabled, fg), palette.color(g.Disabled, bg), TEXT)
        for fg, bg in ((r.WindowText, r.Window), (r.Text, r.Base), (r.ButtonText, r.Button))
    ]
    assert _pairs_failing(pairs) == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_text_colour_of_the_theme_reads_where_it_is_used(theme: themes.Theme) -> None:
    t = theme
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = [
        ("text on the window", t.text, t.window, TEXT), ("text on cards and panels", t.text, t.surface, TEXT),
        ("headings (text) on panels", t.text, t.surface, TEXT),
        ("muted on the window (times, the notice line, status bar)", t.muted, t.window, TEXT),
        ("muted on panels", t.muted, t.surface, TEXT), ("disabled button text", t.muted, t.button, TEXT),
        ("button text", t.button_text, t.button, TEXT), ("pressed button text", t.button_text, t.track, TEXT),
        ("links and side words (accent) on the window", t.accent, t.window, TEXT),
        ("accent on panels", t.accent, t.surface, TEXT),
        ("Start (primary) button", t.accent_text, t.accent, TEXT),
        ("Cramp now button", t.urgent_text, t.urgent, TEXT), ("Cramp now, checked", t.text, t.surface, TEXT),
        ("problems on the window", t.problem, t.window, TEXT), ("problems on panels", t.problem, t.surface, TEXT),
    ]
    assert _pairs_failing(pairs) == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_the_players_own_text_colours_read(theme: themes.Theme) -> None:
    """The player softens some text from the palette: the instructions (68 % text, player_info), the ring's
    caption (70 % text, countdown_ring), and puts the pacer's big bold word on the pacer's inner disc."""
    window, text = QColor(theme.window), QColor(theme.text)
    palette = themes.palette_for(theme)
    look = make_look(palette, QFont(), 120.0, QPointF(130, 130))
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = [
        ("instructions", over(text, window, 0.68), window, TEXT),
        ("countdown caption", over(text, window, 0.7), window, TEXT),
        ("countdown digits", text, window, TEXT),
        ("pacer word on the inner disc (large, bold)", look.text_pen.color(), look.inner.color(), LARGE_TEXT),
        ("pacer word on the halo (large, bold)", look.text_pen.color(), look.outer.color(), LARGE_TEXT),
    ]
    assert _pairs_failing(pairs) == []


_RULE = re.compile(r"([^{}]+)\{([^{}]*)\}")
_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")


def _rules(sheet: str) -> Iterator[tuple[str, dict[str, str]]]:
    for selector, body in _RULE.findall(sheet):
        props = {}
        for declaration in body.split(";"):
            if ":" in declaration:
                key, value = declaration.split(":", 1)
                props[key.strip()] = value.strip()
        yield " ".join(selector.split()), props


def _backgrounds_of(selector: str, theme: themes.Theme) -> list[str]:
    """Where text of a rule without its own background sits."""
    if selector.startswith("QPushButton"):
        return [theme.button]
    if selector.startswith(("QMenu ", "QMenu{", "QToolTip")) or selector == "QMenu":
        return [theme.surface]
    return [theme.window, theme.surface]  # labels sit on the page and on panels


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_style_sheet_text_colour_reads_on_its_background(theme: themes.Theme) -> None:
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = []
    for selector, props in _rules(themes.stylesheet(theme, 10.0)):
        for fg_key, bg_key in (("color", "background"), ("selection-color", "selection-background-color")):
            fg = _COLOUR.fullmatch(props.get(fg_key, ""))
            if fg is None:
                continue
            bg = _COLOUR.fullmatch(props.get(bg_key, ""))
            for background in [bg.group()] if bg else _backgrounds_of(selector, theme):
                pairs.append((f"{selector} {fg_key}", fg.group(), background, TEXT))
    assert len(pairs) > 20
    assert _pairs_failing(pairs) == []


DECORATIVE_EDGES = ('role="panel"', 'role="chip"', "QMenu", "QToolTip", "QSlider::handle")
"""Edges that identify nothing: panels and chips are grouping, menus and tooltips float over everything, and
the slider handle's edge is a gap around the (measured) handle."""


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_every_control_edge_in_the_style_sheet_stands_out_from_the_page(theme: themes.Theme) -> None:
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = []
    for selector, props in _rules(themes.stylesheet(theme, 10.0)):
        if any(word in selector for word in DECORATIVE_EDGES):
            continue
        for key in ("border", "border-color"):
            for colour in _COLOUR.findall(props.get(key, "")):
                pairs += [(f"{selector} {key}", colour, theme.window, UI), (f"{selector} {key}", colour,
                                                                             theme.surface, UI)]
        if selector.startswith("QSlider::"):
            for colour in _COLOUR.findall(props.get("background", "")):
                pairs.append((f"{selector} background", colour, theme.window, UI))
    assert len(pairs) > 20
    assert _pairs_failing(pairs) == []


@pytest.mark.parametrize("theme", THEMES, ids=lambda t: t.name)
def test_states_and_drawn_progress_stand_out(theme: themes.Theme) -> None:
    t = theme
    palette = themes.palette_for(theme)
    look = make_look(palette, QFont(), 120.0, QPointF(130, 130))
    pairs: list[tuple[str, QColor | str, QColor | str, float]] = [
        ("focus ring on the page", t.accent, t.window, UI), ("focus ring around a button", t.accent, t.button, UI),
        ("focus ring of Start and Cramp now", t.text, t.window, UI),
        ("countdown arc on the page", t.accent, t.window, UI), ("countdown arc on its track", t.accent, t.track, UI),
        ("check mark on a checked box", t.accent_text, t.accent, UI),
        ("checked box and radio dot on the page", t.accent, t.window, UI),
        ("slider's filled part on the page", t.accent, t.window, UI),
        ("Cramp now's edge on the page", t.urgent_border, t.window, UI),
        ("pacer's inner disc on the page", look.inner.color(), look.window, UI),
    ]
    assert _pairs_failing(pairs) == []


@pytest.mark.parametrize(("theme", "amount"), [(themes.LIGHT, 0.71), (themes.DARK, 0.55), (themes.BEDTIME, 0.65)],
                         ids=lambda value: getattr(value, "name", str(value)))
def test_the_pacers_inner_disc_is_as_soft_as_it_can_be_and_still_stand_out(theme: themes.Theme,
                                                                           amount: float) -> None:
    """The least accent that reaches 3:1 against the window (a step softer would not), the word still 3:1 on it."""
    look = make_look(themes.palette_for(theme), QFont(), 120.0, QPointF(130, 130))
    disc, window, word = look.inner.color(), look.window, look.text_pen.color()
    assert disc.name() == over(QColor(theme.accent), window, amount).name()
    assert contrast(disc, window) >= UI and contrast(word, disc) >= LARGE_TEXT
    if amount > 0.55:
        softer = QColor(over(QColor(theme.accent), window, amount - 0.01).name())
        assert min(contrast(softer, window), contrast(word, softer)) < UI


def test_bedtime_stays_dark_and_calm() -> None:
    """Meeting the ratios must not light up the bedroom: the window stays near black, and nothing is brighter
    than the text, which is itself dimmer than the day themes' text on their pages."""
    b = themes.BEDTIME
    assert luminance(b.window) < 0.01
    shown = {k: v for k, v in b._asdict().items() if isinstance(v, str) and v.startswith("#") and k != "picture_tint"}
    brightest = max(luminance(v) for v in shown.values())
    assert brightest <= max(luminance(b.text), luminance(b.urgent_text))
    assert luminance(b.text) < 0.5 and contrast(b.text, b.window) < contrast(themes.DARK.text, themes.DARK.window)


# --- rendered controls ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def themed(qapp: QApplication) -> Iterator[Callable[[themes.Theme], None]]:
    """Apply a theme to the application for the test; everything it changed is put back afterwards."""
    saved = (qapp.palette(), qapp.font(), qapp.styleSheet(), qapp.property(themes.PICTURE_TINT_PROPERTY))

    def apply(theme: themes.Theme) -> None:
        themes.apply_theme(qapp, theme, appearance=themes.Appearance(base_font=QFont(saved[1])))

    yield apply
    palette, font, sheet, tint = saved
    qapp.setStyleSheet(sheet)
    qapp.setPalette(palette)
    qapp.setFont(font)
    qapp.setProperty(themes.PICTURE_TINT_PROPERTY, tint)


def _grab(widget: QWidget, qapp: QApplication) -> QImage:
    widget.show()
    qapp.processEvents()
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    image.setDevicePixelRatio(1.0)
    return image


def _pixel(image: QImage, x: float, y: float, ratio: float) -> QColor:
    px = min(max(int(x * ratio), 0), image.width() - 1)
    py = min(max(int(y * ratio), 0), image.height() - 1)
    return image.pixelColor(px, py)


def edge_contrast(image: QImage, rect: QRect, background: QColor, ratio: float, *, samples: int = 48) -> float:
    """How well the outline of the shape in ``rect`` stands out: in each of ``samples`` directions from the
    centre, the best contrast against ``background`` over the outer 45 % of the way in; the median of those,
    so most of the way round must contrast, not a lucky corner (and not every antialiased pixel of a rounded
    corner, where a 1-pixel line is blended with the page)."""
    cx, cy = rect.x() + rect.width() / 2, rect.y() + rect.height() / 2
    best = []
    for k in range(samples):
        angle = 2 * math.pi * k / samples
        dx, dy = math.cos(angle), math.sin(angle)
        reach = min(rect.width() / 2 / max(abs(dx), 1e-9), rect.height() / 2 / max(abs(dy), 1e-9))
        # One (logical) pixel at a time from just inside the edge, so a 1-pixel line is never stepped over.
        best.append(max(
            contrast(_pixel(image, cx + dx * (reach - 0.5 - i), cy + dy * (reach - 0.5 - i), ratio), background)
            for i in range(max(4, int(reach * 0.45)))
        ))
    return statistics.median(best)


class Rig:
    """A page of controls in the current theme, rendered once: check boxes, radios, a slider, buttons, fields."""

    def __init__(self, qapp: QApplication) -> None:
        page = self.page = QWidget()
        page.setAutoFillBackground(True)
        column = QVBoxLayout(page)
        row1, row2, row3 = QHBoxLayout(), QHBoxLayout(), QHBoxLayout()
        for row in (row1, row2, row3):
            column.addLayout(row)
        self.check = QCheckBox("Speak the steps")
        self.checked = QCheckBox("Sound on")
        self.checked.setChecked(True)
        self.radio = QRadioButton("Light")
        self.chosen = QRadioButton("Bedtime")
        self.chosen.setChecked(True)
        self.dummy_focus = QPushButton("First")  # takes the focus, so nothing measured draws a focus ring
        for w in (self.dummy_focus, self.check, self.checked, self.radio, self.chosen):
            row1.addWidget(w)
        self.slider = QSlider(Qt.Orientation.Horizontal)
        self.slider.setValue(40)
        self.slider.setMinimumWidth(200)
        self.button = QPushButton("Back")
        self.primary = QPushButton("Start")
        self.primary.setProperty("role", "primary")
        self.urgent = QPushButton("Cramp now")
        self.urgent.setProperty("role", "urgent")
        for w in (self.slider, self.button, self.primary, self.urgent):
            row2.addWidget(w)
        self.line = QLineEdit("Routine name")
        self.spin = QSpinBox()
        self.spin.setValue(5)
        self.combo = QComboBox()
        self.combo.addItems(["Follow the system", "Bedtime"])
        self.time = QTimeEdit()
        self.time_off = QTimeEdit()
        self.time_off.setEnabled(False)
        for w in (self.line, self.spin, self.combo, self.time, self.time_off):
            row3.addWidget(w)
        page.resize(900, 200)
        page.show()
        self.dummy_focus.setFocus()
        self.image = _grab(page, qapp)
        self.ratio = page.devicePixelRatioF()
        self.window = page.palette().color(QPalette.ColorRole.Window)

    def rect_of(self, widget: QWidget, inner: QRect | None = None) -> QRect:
        rect = inner if inner is not None else widget.rect()
        return rect.translated(widget.mapTo(self.page, rect.topLeft()) - rect.topLeft())

    def indicator(self, box: QCheckBox | QRadioButton) -> QRect:
        """The indicator's rectangle in ``box``'s own coordinates."""
        option = QStyleOptionButton()
        option.initFrom(box)
        element = (QStyle.SubElement.SE_CheckBoxIndicator if isinstance(box, QCheckBox)
                   else QStyle.SubElement.SE_RadioButtonIndicator)
        return box.style().subElementRect(element, option, box)

    def edge(self, widget: QWidget, inner: QRect | None = None) -> float:
        return edge_contrast(self.image, self.rect_of(widget, inner), self.window, self.ratio)


@pytest.fixture(scope="module", params=THEMES, ids=lambda t: t.name)
def rig(request: pytest.FixtureRequest, qapp: QApplication, themed: Callable[[themes.Theme], None]) -> Iterator[Rig]:
    """One page per theme, shared by the tests that measure it (module-scoped, so qtbot cannot own it)."""
    themed(request.param)
    made = Rig(qapp)
    yield made
    made.page.close()
    made.page.deleteLater()
    qapp.processEvents()


def test_rendered_check_box_and_radio_outlines_stand_out_from_the_window(rig: Rig) -> None:
    measured = {name: rig.edge(box, rig.indicator(box)) for name, box in (
        ("check box", rig.check), ("checked check box", rig.checked), ("radio", rig.radio),
        ("chosen radio", rig.chosen))}
    assert min(measured.values()) >= UI, measured


def test_rendered_check_mark_and_radio_dot_show_the_state(rig: Rig) -> None:
    """Checked must look checked: something inside the indicator contrasts with its fill."""
    for box in (rig.checked, rig.chosen):
        rect = rig.rect_of(box, rig.indicator(box)).adjusted(3, 3, -3, -3)
        colours = [rig.image.pixelColor(int(x * rig.ratio), int(y * rig.ratio))
                   for x in range(rect.left(), rect.right() + 1) for y in range(rect.top(), rect.bottom() + 1)]
        darkest, lightest = min(colours, key=luminance), max(colours, key=luminance)
        assert contrast(darkest, lightest) >= UI, box.text()


def test_rendered_slider_handle_and_groove_stand_out(rig: Rig) -> None:
    slider = rig.slider
    option = QStyleOptionSlider()
    slider.initStyleOption(option)
    style = slider.style()
    handle = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderHandle, slider)
    groove = style.subControlRect(QStyle.ComplexControl.CC_Slider, option, QStyle.SubControl.SC_SliderGroove, slider)
    handle_rect, groove_rect = rig.rect_of(slider, handle), rig.rect_of(slider, groove)
    y = groove_rect.center().y()
    centre = handle_rect.center()
    assert contrast(_pixel(rig.image, centre.x(), centre.y(), rig.ratio), rig.window) >= UI  # the handle
    for x in (groove_rect.left() + 6, groove_rect.right() - 6):  # the filled part, then the empty part
        assert not handle_rect.adjusted(-2, 0, 2, 0).contains(x, y)
        assert contrast(_pixel(rig.image, x, y, rig.ratio), rig.window) >= UI, x


def test_rendered_buttons_are_outlined_against_the_page(rig: Rig) -> None:
    measured = {w.text(): rig.edge(w) for w in (rig.button, rig.primary, rig.urgent)}
    assert min(measured.values()) >= UI, measured


def test_rendered_fields_are_framed_against_the_page(rig: Rig) -> None:
    measured = {type(w).__name__: rig.edge(w) for w in (rig.line, rig.spin, rig.combo, rig.time)}
    assert min(measured.values()) >= UI, measured


def test_rendered_spin_arrows_and_the_combo_arrow_stand_out(rig: Rig, qapp: QApplication) -> None:
    """The night hours' up and down arrows, and the theme list's arrow, are seen against the field (3:1)."""
    surface = rig.page.palette().color(QPalette.ColorRole.Base)
    for widget in (rig.time, rig.combo):
        rect = rig.rect_of(widget)
        colours = [_pixel(rig.image, x, y, rig.ratio) for x in range(rect.right() - 24, rect.right() - 2)
                   for y in range(rect.top() + 3, rect.bottom() - 2)]
        assert max(contrast(colour, surface) for colour in colours) >= UI, type(widget).__name__


def _top_edge(rig: Rig, widget: QWidget) -> list[QColor]:
    rect = rig.rect_of(widget)
    return [_pixel(rig.image, x, rect.top() + 0.5, rig.ratio) for x in range(rect.left() + 8, rect.right() - 8)]


def test_a_disabled_field_is_dashed_and_an_enabled_one_is_not(rig: Rig) -> None:
    """The night hours are off until night relief is on: that must show in the frame, not in the text alone."""
    def gaps(widget: QWidget) -> float:
        edge = _top_edge(rig, widget)
        return sum(contrast(colour, rig.window) < 1.5 for colour in edge) / len(edge)

    assert gaps(rig.time) < 0.05
    assert 0.2 < gaps(rig.time_off) < 0.8


def test_rendered_focus_ring_stands_out(rig: Rig, qapp: QApplication) -> None:
    rig.button.setFocus(Qt.FocusReason.TabFocusReason)
    qapp.processEvents()
    image = _grab(rig.page, qapp)
    rig.dummy_focus.setFocus()
    rect = rig.rect_of(rig.button)
    ring = edge_contrast(image, rect, rig.window, rig.ratio)
    fill = _pixel(image, rect.center().x(), rect.top() + rect.height() * 0.8, rig.ratio)
    assert ring >= UI
    ring_colour = _pixel(image, rect.center().x(), rect.top() + 0.5, rig.ratio)
    assert contrast(ring_colour, fill) >= UI, (ring_colour.name(), fill.name())


def test_rendered_countdown_arc_stands_out_from_its_track_and_the_page(
    qapp: QApplication, themed: Callable[[themes.Theme], None], rig: Rig
) -> None:
    ring = CountdownRing()
    try:
        ring.resize(220, 220)
        ring.set_time(5.0, 10.0)
        image = _grab(ring, qapp)
        ratio = ring.devicePixelRatioF()
        rect = ring.ring_rect()
        centre, radius = rect.center(), rect.width() / 2
        colours = [_pixel(image, centre.x() + radius * math.sin(a), centre.y() - radius * math.cos(a), ratio)
                   for a in (2 * math.pi * k / 72 for k in range(72))]
        window = ring.palette().color(QPalette.ColorRole.Window)
        highlight = ring.palette().color(QPalette.ColorRole.Highlight)
        arc = [c for c in colours if contrast(c, highlight) < 1.2]
        track = [c for c in colours if contrast(c, highlight) >= 1.2]
        assert len(arc) > 10 and len(track) > 10  # half the turn is left: both are drawn
        assert min(contrast(c, window) for c in arc) >= UI
        assert min(contrast(a, b) for a in arc for b in track) >= UI
    finally:
        ring.close()
        ring.deleteLater()


@pytest.mark.parametrize("picture", ["wall-calf-stretch", "calf-massage", "downward-dog"])
def test_rendered_thumbnails_are_readable_and_calm_at_bedtime(
    qapp: QApplication, themed: Callable[[themes.Theme], None], rig: Rig, picture: str
) -> None:
    """The figure in a library thumbnail stands out from its plate: its upper quartile of pixels (its strokes
    and main fills, not the faint shading and antialiased edges) at least 3:1; the bedtime tint used to leave
    it at about 2.4:1. At bedtime no pixel of it is brighter than the text, nor than the dark theme's."""
    theme = next(t for t in THEMES if QColor(t.window) == rig.window)
    thumb = Thumbnail(ROOT / "assets" / "images" / f"{picture}.svg", 96)
    assert thumb.has_picture
    try:
        image = _grab(thumb, qapp)
        plate = rig.window
        pixels = [image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height())]
        figure = [contrast(c, plate) for c in pixels if contrast(c, plate) > 1.15]
        assert len(figure) > 300
        assert statistics.quantiles(figure, n=4)[2] >= UI
        if theme is themes.BEDTIME:
            assert max(luminance(c) for c in pixels) <= min(luminance(theme.text), 0.31)  # the dark theme: 0.31
    finally:
        thumb.close()
        thumb.deleteLater()
