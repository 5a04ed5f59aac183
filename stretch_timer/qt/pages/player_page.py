"""The player: what someone follows while stretching, often in pain, often a metre or two from the screen.

The page renders what the session driver reports and forwards what the person asks for; it never computes
time. ``phase_changed`` rewrites the words and the picture, ``display_tick`` moves the ring (and the pacer)
from ``session.remaining``, ``state_changed`` flips Pause/Resume, ``finished`` becomes ``done(summary)``.
While the pacer is shown, moving and the session runs, it moves on its own frames, reading the session, and
the ring and the time left ride on those frames (the display tick is not armed then): a breathing step wakes
the GUI thread once per frame, with one repaint for the circle and the countdown together.

Everything a person needs is big: the phase ("Hold — right leg"), the seconds, and six large buttons, of which
"Ease off" stands out; a hold held until the cramp lets go counts up, and a seventh, "It let go" (key L),
ends it and goes on. Easing off and stopping never open a dialog: a calm panel (where the how-to was) or the
stop question (where the buttons were) appears in the page, so nothing pops up over a person who is already
struggling, and neither takes room from the picture. Every button takes Return or Enter when it has the focus.

This module keeps the page itself: following the driver, the intents and their keys, and the live region for screen
readers. The rest lives next to it: the keys' binding in :mod:`~stretch_timer.qt.pages.player_keys`, the phase,
picture, ring and next-up in :mod:`~stretch_timer.qt.pages.player_info`, the buttons and the two inline panels in
:mod:`~stretch_timer.qt.pages.player_controls`, and the type scale in :mod:`~stretch_timer.qt.pages.player_sizing`.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Callable
from typing import Any

from PySide6 import QtGui
from PySide6.QtCore import QEvent, Qt, Signal, SignalInstance
from PySide6.QtGui import QAccessible, QColor, QPalette, QResizeEvent, QShortcut, QShowEvent
from PySide6.QtWidgets import QPushButton, QSizePolicy, QVBoxLayout, QWidget

from stretch_timer.core.events import LetGo
from stretch_timer.core.model import Routine
from stretch_timer.core.plan import Phase
from stretch_timer.core.session import SessionSummary, State
from stretch_timer.qt.pages.player_controls import (
    EASE_OFF_TEXT,
    STOP_QUESTION,
    PlayerControls,
    ease_off_text,
)
from stretch_timer.qt.pages.player_glyphs import glyph_icon
from stretch_timer.qt.pages.player_info import (
    PACED_KINDS,
    PlayerInfo,
    make_label,
    mirror_for,
    picture_for,
    set_text,
    side_text,
    step_text,
)
from stretch_timer.qt.pages.player_keys import COMMAND_METHODS, add_shortcuts
from stretch_timer.qt.pages.player_sizing import PlayerSizing
from stretch_timer.qt.pages.player_words import let_go_words

__all__ = [
    "COMMAND_METHODS", "EASE_OFF_TEXT", "MINIMUM_SIZE", "PACED_KINDS", "STOP_QUESTION", "PlayerPage", "ease_off_text",
    "glyph_icon", "mirror_for", "picture_for", "side_text", "step_text",
]

log = logging.getLogger(__name__)

MINIMUM_SIZE = (560, 420)
"""The page never asks the window for more than this; compact buttons keep everything in one row well below
the width the full-size controls need."""


class PlayerPage(QWidget):
    """The routine player. ``attach(driver, routine)`` to play, ``detach()`` when leaving the page."""

    done = Signal(object)
    """SessionSummary: the routine completed, or the person stopped it (after ``driver.finish()``)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("playerPage")
        self.setAccessibleName("Player")
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # the keys work as soon as the page is shown
        self._driver: Any = None
        self._routine: Routine | None = None
        self._connections: list[tuple[SignalInstance, Callable[..., Any]]] = []
        self._state: State | None = None
        self._done_sent = False
        self._build()
        self.sizing.apply()

    def _build(self) -> None:
        root = self._root = QVBoxLayout(self)
        root.setContentsMargins(28, 20, 28, 20)
        root.setSpacing(10)
        info = self.info = PlayerInfo(self, root)
        self.name_label, self.side_label, self.step_label = info.name_label, info.side_label, info.step_label
        self.total_label, self.phase_label, self.next_label = info.total_label, info.phase_label, info.next_label
        self.visual, self.pose_view, self.pacer = info.visual, info.pose_view, info.pacer
        self.instructions_label, self.ring = info.instructions_label, info.ring
        controls = self.controls = PlayerControls(self, root, self)
        info.set_how_to_panel(controls.ease_panel)
        controls.ease_panel_changed = lambda shown: info.show_how_to(not shown)
        info.header.insertWidget(info.header.indexOf(info.step_label), controls.muted_badge, 0,
                                 Qt.AlignmentFlag.AlignVCenter)
        self.muted_badge = controls.muted_badge
        self.ease_panel, self.ease_text = controls.ease_panel, controls.ease_text
        self.resume_after_ease = controls.resume_after_ease
        self.confirm_bar, self.confirm_text = controls.confirm_bar, controls.confirm_text
        self.keep_going_button, self.confirm_stop_button = controls.keep_going_button, controls.confirm_stop_button
        self.back_button, self.pause_button, self.skip_button = (
            controls.back_button, controls.pause_button, controls.skip_button)
        self.restart_button, self.ease_button, self.stop_button = (
            controls.restart_button, controls.ease_button, controls.stop_button)
        self.let_go_button = controls.let_go_button
        self.sizing = PlayerSizing(self, root, info, controls)

        # A live region for screen readers: the phase announcement (also sent as an announcement event).
        self.announcement_label = make_label(self, "Announcement", wrap=True, role="announcement")
        self.announcement_label.setFixedHeight(1)  # present for assistive technology, not drawn
        self.announcement_label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        hidden = self.announcement_label.palette()
        hidden.setColor(QPalette.ColorRole.WindowText, QColor(0, 0, 0, 0))
        self.announcement_label.setPalette(hidden)
        root.addWidget(self.announcement_label)

        self.setTabOrder(self.pause_button, self.ease_button)
        self.setFocusProxy(self.pause_button)  # focusing the page puts the keyboard on Pause (Space)
        # An explicit minimum: the window may shrink below what the full-size controls need, and then the
        # page compacts them (see PlayerSizing.fit_to) instead of holding the whole window wide.
        self.setMinimumSize(*MINIMUM_SIZE)
        self._update_buttons()
        self.shortcuts: list[QShortcut] = add_shortcuts(self)  # the player's keys, from the command table

    @property
    def control_buttons(self) -> tuple[QPushButton, ...]:
        return self.controls.buttons

    # --- type size and colours -----------------------------------------------------------------------

    def set_large_type(self, large: bool) -> None:
        """Even bigger words and buttons, for reading from across the room."""
        self.sizing.set_large(large)

    @property
    def large_type(self) -> bool:
        return self.sizing.large

    def set_muted(self, muted: bool) -> None:
        """Show (or hide) the "Muted" badge in the header: this run makes no sound (the M key, ``--mute``)."""
        self.muted_badge.setVisible(bool(muted))

    @property
    def muted(self) -> bool:
        return not self.muted_badge.isHidden()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.sizing.fit_to(event.size().width(), event.size().height())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self.sizing.pending:  # a refit asked for while hidden, and no resize came first
            self.sizing.refit()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:
            self.controls.style_ease_buttons(large=self.sizing.large)
            self.controls.apply_icons()
            self.info.render_phase_label()
            self.info.render_instructions(force=True)
        elif event.type() == QEvent.Type.FontChange:
            self.sizing.refit()

    # --- attaching to a driver -----------------------------------------------------------------------

    @property
    def driver(self) -> Any:
        return self._driver

    def attach(self, driver: Any, routine: Routine, *, autostart: bool = True) -> None:
        """Follow ``driver`` (a SessionDriver) playing ``routine``; starts it unless ``autostart`` is False."""
        self.detach()
        self._driver, self._routine, self._done_sent = driver, routine, False
        self.info.clear()
        # The type is sized once for the run, with room for its longest how-to (see PlayerSizing).
        self.info.set_run(routine)
        self.controls.set_let_go(any(step.open_ended for step in routine.steps))
        self.sizing.refit()
        self._state = None
        for signal, slot in (
            (driver.phase_changed, self._on_phase_changed),
            (driver.display_tick, self._on_display_tick),
            (driver.events_emitted, self._on_events),
            (driver.state_changed, self._on_state_changed),
            (driver.finished, self._on_finished),
            (self.pacer.animating_changed, self._on_pacer_animating),
        ):
            signal.connect(slot)
            self._connections.append((signal, slot))
        driver.set_display_due(self.info.display_due)  # wake the screen when it changes, not ten times a second
        self.info.follow(driver.session)  # the pacer moves on frames of its own, reading the session
        self.controls.hide_panels()
        session = driver.session
        self._render_phase(session.phase, announce=False)
        self._on_state_changed(session.state)
        if autostart and session.state is State.READY:
            driver.start()
        self._refresh()

    def detach(self) -> None:
        """Stop following the driver (it keeps running until its owner stops it)."""
        for signal, slot in self._connections:
            with contextlib.suppress(RuntimeError, TypeError):  # the driver is already gone
                signal.disconnect(slot)
        self._connections.clear()
        self.info.follow(None)
        self.info.set_running(False)
        if self._driver is not None:
            with contextlib.suppress(RuntimeError):
                self._driver.set_display_due(None)
        self._driver = None
        self.controls.hide_panels()
        self._update_buttons()

    # --- following the driver ------------------------------------------------------------------------

    def _on_phase_changed(self, phase: Phase) -> None:
        self._render_phase(phase, announce=True)
        self._update_buttons()  # It let go lives only in its hold
        self._refresh()

    def _render_phase(self, phase: Phase, *, announce: bool) -> None:
        following = self._driver.session.timeline.next_phase(phase.index) if self._driver is not None else None
        self.info.show_phase(phase, self._routine, following)
        if announce:
            self.announce(phase.announcement)
        else:
            set_text(self.announcement_label, phase.announcement)

    @property
    def phase_text(self) -> str:
        """The phase label as plain text ("Hold — right leg")."""
        phase = self.info.phase
        return phase.label if phase is not None else ""

    def _on_display_tick(self) -> None:
        self._refresh()

    def _on_pacer_animating(self, animating: bool) -> None:
        """The pacer's frames started or stopped: they move the ring while they run, the display tick when not."""
        if self._driver is not None:
            self._driver.display_due_changed()

    def _on_events(self, events: list[object]) -> None:
        """An intent or a poll moved the session (a skip while paused has no display tick): show where."""
        self._refresh()

    def _refresh(self) -> None:
        """Move the ring, the pacer and the time left from the session's own numbers."""
        if self._driver is None:
            return
        self.info.show_time(self._driver.session)

    def _on_state_changed(self, state: State) -> None:
        self._state = state
        if state is State.RUNNING:
            self.controls.hide_ease_panel()
        self.ring.set_paused(state is State.PAUSED, "Paused")
        self.info.set_running(state is State.RUNNING)  # a paused pacer stands still, and runs no frame timer
        self._update_buttons()
        self._refresh()

    def _update_buttons(self) -> None:
        self.controls.show_state(self._state if self._driver is not None else None)
        self.controls.show_let_go(self._driver is not None and self._driver.session.in_open_hold)

    def _on_finished(self, summary: SessionSummary) -> None:
        self.controls.hide_panels()
        self._state = State.FINISHED
        self._update_buttons()
        self._send_done(summary)

    def _send_done(self, summary: SessionSummary) -> None:
        if not self._done_sent:
            self._done_sent = True
            self.done.emit(summary)

    def announce(self, text: str) -> None:
        """Put ``text`` in the live region and ask screen readers to say it (where Qt can)."""
        set_text(self.announcement_label, text)
        if not text:
            return
        try:
            event: QtGui.QAccessibleEvent
            if hasattr(QtGui, "QAccessibleAnnouncementEvent"):  # Qt 6.8+
                event = QtGui.QAccessibleAnnouncementEvent(self.announcement_label, text)
            else:
                event = QtGui.QAccessibleEvent(self.announcement_label, QAccessible.Event.NameChanged)
            QAccessible.updateAccessibility(event)
        except Exception:  # accessibility is a bonus here, never a reason to break the player
            log.debug("accessibility announcement failed", exc_info=True)

    # --- intents -------------------------------------------------------------------------------------

    def _live(self) -> bool:
        return self._driver is not None and self._driver.session.state is not State.FINISHED

    def toggle_pause(self) -> None:
        if self._live():
            self._driver.toggle_pause()

    def skip(self) -> None:
        if self._live():
            self._driver.skip()

    def back(self) -> None:
        if self._live():
            self._driver.back()

    def restart_step(self) -> None:
        if self._live():
            self._driver.restart_step()

    def ease_off(self) -> None:
        """Pause, mark the step as eased, and show the gentle panel."""
        if not self._live() or self._driver.session.state is State.READY:
            return
        self._driver.ease_off()
        self.controls.show_ease_panel(self.info.phase)
        self.announce(ease_off_text(self.info.phase))
        self.resume_after_ease.setFocus(Qt.FocusReason.OtherFocusReason)

    def let_go(self) -> None:
        """The cramp let go: end the open hold now (the session keeps the time) and go on to the next part."""
        if not self._live() or not self._driver.session.in_open_hold:
            return
        refocus = self.let_go_button.hasFocus()
        events = self._driver.let_go()
        let_go = next((event for event in events if isinstance(event, LetGo)), None)
        if let_go is not None:
            self.announce(f"{let_go_words(let_go.seconds)}. {self.announcement_label.text()}".strip())
        self._update_buttons()
        if refocus:  # the button is off now: the keyboard goes to Pause, not nowhere
            self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _resume_after_ease(self) -> None:
        self.controls.hide_ease_panel()
        if self._live() and self._driver.session.state is State.PAUSED:
            self._driver.resume()
        self.pause_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def request_stop(self) -> None:
        """Ask before stopping: the confirm bar, with "Keep going" focused."""
        if self._driver is None or self._done_sent:
            return
        self.controls.show_stop_question(True)  # in the buttons' place; the ease-off panel goes
        self.announce(STOP_QUESTION)
        self.keep_going_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def cancel_stop(self) -> None:
        self.controls.show_stop_question(False)
        self.stop_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def confirm_stop(self) -> None:
        """End the routine early; the driver's ``finished`` becomes ``done``."""
        self.controls.show_stop_question(False)
        if self._driver is None:
            return
        session = self._driver.session
        if session.state in (State.RUNNING, State.PAUSED):
            self._driver.finish()
        else:  # never started (or already over): nothing to finish, but the person still wants out
            self._send_done(session.summary())

    def escape(self) -> None:
        """Esc: ask before stopping, or, while asking, keep going."""
        if self.controls.stop_question_shown:
            self.cancel_stop()
        else:
            self.request_stop()

    # --- for tests and the shell ---------------------------------------------------------------------

    @property
    def phase(self) -> Phase | None:
        return self.info.phase
