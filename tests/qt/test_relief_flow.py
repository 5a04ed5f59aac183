"""Relief that follows the cramp, in the window: Cramp now → a hold that counts up until the cramp lets go →
"It let go" (button or L) → the gentle follow-up → the summary's Again and its one quick diary question.

Driven on the fake clock through the real widgets, found by their accessible names.
"""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt

from stretch_timer.core.history.records import CrampAnswer, CrampRow, SessionRow
from stretch_timer.core.plan import PhaseKind
from stretch_timer.core.run_record import RunRecord

from .conftest import Rig

PREPARE = 3  # the calf routine's get-ready
BOUND = 90  # its open hold's upper bound


def the_stored_session_and_cramp(rig: Rig) -> tuple[SessionRow, CrampRow]:
    """The one run and the one cramp in the diary on disk, once the history's writes are done."""
    from stretch_timer import paths
    from stretch_timer.core.history.store import HistoryStore

    assert rig.context.history.wait_idle()
    store, _notices = HistoryStore.open(paths.history_path())
    try:
        (session,) = store.sessions()
        (cramp,) = store.cramps()
    finally:
        store.close()
    return session, cramp


def into_the_hold(rig: Rig, seconds: float) -> Any:
    rig.click("Calf")
    rig.advance(PREPARE + seconds)
    player = rig.player
    assert player.phase is not None and player.phase.open_ended
    return player


def shown(rig: Rig) -> Any:
    """The ring as the next display tick paints it (the display timer runs on real time, not the fake clock)."""
    rig.driver.display_tick.emit()
    return rig.player.ring


def records(rig: Rig) -> list[RunRecord]:
    got: list[RunRecord] = []
    rig.context.run_finished.connect(got.append)
    return got


def test_cramp_now_holds_until_it_lets_go_counting_up(rig: Rig) -> None:
    player = into_the_hold(rig, 12)
    assert player.phase_text == "Hold until it lets go"
    assert player.phase_label.text() == "Hold until it lets go"
    assert (shown(rig).digits, player.ring.caption) == ("12", "up to 1:30")
    assert player.ring.accessibleDescription() == "12 seconds so far"
    button = rig.find("It let go")
    assert button.isEnabled() and button.height() == player.pause_button.height()
    assert button.accessibleDescription()  # says what it does
    rig.advance(50)
    assert shown(rig).digits == "1:02"


def test_it_let_go_ends_the_hold_keeps_the_time_and_goes_on_to_the_follow_up(rig: Rig) -> None:
    got = records(rig)
    player = into_the_hold(rig, 48)
    rig.click("It let go")
    session = rig.driver.session
    assert session.time_to_relief == pytest.approx(48)
    assert player.phase.kind is PhaseKind.REST and not rig.find("It let go").isEnabled()
    assert rig.cues.plays[-1] == "breath-out"  # the soft let-go cue
    assert rig.voice.spoken[-1].startswith("It let go. Well done.")
    assert player.announcement_label.text().startswith("It let go after 0:48.")
    rig.advance(5)
    assert player.phase.stretch.id == "calf-massage" and player.phase_text == "Massage"
    assert shown(rig).digits == "30"  # a timed phase counts down again
    rig.run_to_end()
    summary = rig.pages.summary_page
    assert rig.pages.current_page() is summary
    assert rig.find("Time to relief").text() == "It let go after 0:48"
    assert [record.time_to_relief for record in got] == [pytest.approx(48)]


def test_l_lets_go_too(rig: Rig) -> None:
    player = into_the_hold(rig, 20)
    rig.qtbot.keyClick(player, Qt.Key.Key_L)
    assert rig.driver.session.time_to_relief == pytest.approx(20)
    assert player.phase.kind is PhaseKind.REST
    rig.qtbot.keyClick(player, Qt.Key.Key_L)  # nothing to let go of in the rest
    assert player.phase.kind is PhaseKind.REST


def test_l_does_nothing_outside_an_open_hold(rig: Rig) -> None:
    rig.click("Calf")
    rig.advance(1)  # still getting ready
    rig.qtbot.keyClick(rig.player, Qt.Key.Key_L)
    assert rig.player.phase.kind is PhaseKind.PREPARE and not rig.find("It let go").isEnabled()


def test_ease_off_stays_in_the_open_hold_and_a_pause_does_not_count(rig: Rig) -> None:
    player = into_the_hold(rig, 10)
    rig.click("Ease off")
    assert player.ease_panel.isVisible()
    rig.clock.advance(120)  # eased off for two minutes: not running time
    rig.click("Resume after easing off")
    rig.advance(5)
    assert shown(rig).digits == "15"
    rig.click("It let go")
    assert rig.driver.session.time_to_relief == pytest.approx(15)


def test_reaching_the_upper_bound_goes_on_as_planned(rig: Rig) -> None:
    got = records(rig)
    player = into_the_hold(rig, BOUND - 1)
    assert rig.find("It let go").isEnabled()
    rig.advance(1.5)
    assert player.phase.kind is PhaseKind.REST and not rig.find("It let go").isEnabled()
    assert rig.cues.plays.count("tick") == 2, "the get-ready's 2-1 only: no countdown before an unknown end"
    assert rig.driver.session.time_to_relief is None
    rig.run_to_end()
    assert not rig.find("Time to relief", visible=False).isVisible()
    assert rig.find("Still cramping? Again").isVisible()
    assert [record.time_to_relief for record in got] == [None]


def to_the_summary(rig: Rig) -> Any:
    into_the_hold(rig, 30)
    rig.click("It let go")
    rig.run_to_end()
    assert rig.pages.current_page() is rig.pages.summary_page
    return rig.pages.summary_page


def test_the_summary_asks_one_quick_question_and_saves_it_to_the_diary(rig: Rig) -> None:
    summary = to_the_summary(rig)
    answers: list[object] = []
    summary.cramp_answered.connect(answers.append)
    assert not rig.find("Save to diary").isEnabled()  # nothing tapped yet: nothing to save
    rig.click("Left leg")
    rig.click("Severity 3")
    rig.click("Severity 6")  # a change of mind: one answer per question
    rig.click("It did not help")
    rig.click("It helped")
    assert not rig.find("Severity 3").isChecked() and rig.find("Severity 6").isChecked()
    assert (rig.find("Left leg").text(), rig.find("Severity 3").text()) == ("✓ Left", "3")  # not by colour alone
    rig.click("Save to diary")
    assert answers == [CrampAnswer(muscle="calf", side="left", severity=6, helped=True)]
    assert not rig.find("Save to diary").isEnabled() and not rig.find("Left leg").isEnabled()
    rig.click("Back to library")
    assert len(answers) == 1, "saved once"


def test_every_answer_is_optional_and_a_second_tap_takes_it_back(rig: Rig) -> None:
    summary = to_the_summary(rig)
    answers: list[object] = []
    summary.cramp_answered.connect(answers.append)
    rig.click("Right leg")
    rig.click("Severity 8")
    rig.click("Severity 8")  # taken back
    rig.click("Back to library")  # leaving after a tap keeps it: no forgotten button loses it
    assert answers == [CrampAnswer(muscle="calf", side="right", severity=None, helped=None)]


def test_leaving_without_a_tap_saves_nothing(rig: Rig) -> None:
    summary = to_the_summary(rig)
    answers: list[object] = []
    summary.cramp_answered.connect(answers.append)
    rig.click("Back to library")
    assert answers == []


def test_still_cramping_asks_for_the_same_routine_again(rig: Rig) -> None:
    summary = to_the_summary(rig)
    answers: list[object] = []
    summary.cramp_answered.connect(answers.append)
    rig.click("Left leg")
    with rig.qtbot.waitSignal(summary.again_requested, timeout=1000):
        rig.click("Still cramping? Again")
    assert answers == [CrampAnswer(muscle="calf", side="left")]


def test_the_foot_routine_asks_which_foot(rig: Rig) -> None:
    rig.click("Foot")
    rig.advance(PREPARE + 5)
    rig.click("It let go")
    rig.run_to_end()
    summary = rig.pages.summary_page
    answers: list[object] = []
    summary.cramp_answered.connect(answers.append)
    rig.click("Right foot")
    rig.click("Save to diary")
    assert answers == [CrampAnswer(muscle="foot", side="right")]


def test_a_routine_that_is_not_for_relief_asks_nothing(rig: Rig) -> None:
    routine = rig.context.routine("bedtime-legs")
    assert routine is not None
    rig.pages.start_routine(routine)
    rig.player.confirm_stop()
    assert rig.pages.current_page() is rig.pages.summary_page
    for name in ("Still cramping? Again", "Cramp diary question", "Time to relief"):
        assert not rig.find(name, visible=False).isVisible()
    assert rig.pages.summary_page.answer() is None


def test_the_answer_goes_to_the_diary_linked_to_the_run_and_again_starts_it_over(rig: Rig) -> None:
    to_the_summary(rig)
    rig.click("Right leg")
    rig.click("Severity 8")
    rig.click("Save to diary")
    session, cramp = the_stored_session_and_cramp(rig)
    assert (cramp.muscle, cramp.side, cramp.severity, cramp.session_id) == ("calf", "right", 8, session.id)
    assert session.time_to_relief == pytest.approx(30)
    rig.click("Still cramping? Again")
    running = rig.context.running_routine
    assert running is not None and running.id == "calf-cramp-relief"
    assert rig.pages.current_page() is rig.player
    rig.pages.stop_run()


@pytest.mark.parametrize("way", ["tray", "second launch"])
def test_from_the_tray_or_stretch_timer_cramp_calf_to_it_let_go_to_the_diary(rig: Rig, way: str) -> None:
    """The whole cramp flow: Cramp now from the tray's menu, or ``stretch-timer cramp calf`` handed to the
    running app, then It let go, then the diary row with the time it took."""
    from stretch_timer.app.ipc_messages import Request
    from stretch_timer.app.requests import RequestHandler

    if way == "tray":
        assert rig.trigger("cramp.calf")
    else:
        rig.window.follow_requests(handler := RequestHandler(rig.context))
        handler.handle(Request("cramp", "calf", {}))
    running = rig.context.running_routine
    assert running is not None and running.id == "calf-cramp-relief"
    rig.advance(PREPARE + 41)
    rig.click("It let go")
    rig.run_to_end()
    rig.click("Left leg")
    rig.click("Severity 5")
    rig.click("Save to diary")
    session, cramp = the_stored_session_and_cramp(rig)
    assert session.time_to_relief == pytest.approx(41)
    assert (cramp.muscle, cramp.side, cramp.severity, cramp.session_id) == ("calf", "left", 5, session.id)
