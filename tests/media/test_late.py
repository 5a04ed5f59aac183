"""The stand-ins a run starts with: a cue or an announcement before the real player or voice exists is late
(when still fresh) or skipped, settings made meanwhile reach the real one, and after binding everything is
forwarded. No Qt: plain fakes and a hand-moved clock."""

from __future__ import annotations

import pytest
from fakes import FakeCues, FakeVoice, SchedulingCues

from stretch_timer.media.cue_base import CuePlayer
from stretch_timer.media.late import LATE_CUE_S, LATE_SAY_S, LateCuePlayer, LateVoice


class Clock:
    def __init__(self) -> None:
        self.t = 100.0

    def __call__(self) -> float:
        return self.t


def test_a_late_cue_player_is_a_cue_player() -> None:
    player: CuePlayer = LateCuePlayer()  # mypy checks the protocol; the run checks the values
    assert player.available and player.reason == "" and player.backend == "pending"


def test_a_cue_asked_for_just_before_the_player_arrives_plays_late() -> None:
    clock = Clock()
    late = LateCuePlayer(now=clock)
    late.play("tick")
    clock.t += LATE_CUE_S / 2
    player = FakeCues()
    late.bind(player)
    assert player.plays == ["tick"] and late.late == ["tick"] and late.skipped == []


def test_a_cue_asked_for_long_before_the_player_arrives_is_skipped() -> None:
    clock = Clock()
    late = LateCuePlayer(now=clock)
    late.play("go")
    clock.t += LATE_CUE_S + 0.01
    player = FakeCues()
    late.bind(player)
    assert player.plays == [] and late.skipped == ["go"]


def test_only_the_last_waiting_cue_can_play_late() -> None:
    clock = Clock()
    late = LateCuePlayer(now=clock)
    late.play("tick")
    late.play("go")
    player = FakeCues()
    late.bind(player)
    assert player.plays == ["go"] and late.skipped == ["tick"]


def test_volume_and_mute_set_before_the_player_reach_it_and_then_pass_through() -> None:
    late = LateCuePlayer()
    late.set_volume(0.4)
    late.set_muted(True)
    assert late.volume == pytest.approx(0.4) and late.muted
    player = FakeCues()
    late.bind(player)
    assert player.volume == pytest.approx(0.4) and player.muted
    late.set_muted(False)
    late.set_volume(0.9)
    late.play("stop")
    assert not player.muted and player.volume == pytest.approx(0.9) and player.plays == ["stop"]
    player.available, player.reason, player.backend = False, "No audio output device found.", "silent"
    assert not late.available and late.reason == "No audio output device found." and late.backend == "silent"


def test_it_can_schedule_ahead_exactly_when_its_player_can() -> None:
    late = LateCuePlayer()
    assert getattr(late, "schedule", None) is None  # no player yet: the driver plays cues when due
    late.bind(FakeCues())
    assert getattr(late, "schedule", None) is None and getattr(late, "cancel_scheduled", None) is None
    other = LateCuePlayer()
    scheduling = SchedulingCues()
    other.bind(scheduling)
    assert other.schedule("tick", 0.2) is True and scheduling.scheduled == [("tick", 0.2)]
    other.cancel_scheduled()
    assert scheduling.cancelled == 1
    with pytest.raises(AttributeError):
        other.rewind  # noqa: B018  (only the optional player methods are passed through)


def test_binding_twice_keeps_the_first_player() -> None:
    late = LateCuePlayer()
    first, second = FakeCues(), FakeCues()
    late.bind(first)
    late.bind(second)
    late.play("go")
    assert first.plays == ["go"] and second.plays == []


def test_an_announcement_waits_for_the_voice_when_it_is_fresh() -> None:
    clock = Clock()
    late = LateVoice(now=clock)
    assert late.available and late.pending and late.enabled
    late.say("Get ready: calf stretch")
    clock.t += LATE_SAY_S / 2
    voice = FakeVoice()
    late.bind(voice)
    assert voice.spoken == ["Get ready: calf stretch"]
    assert not late.pending and late.engine == "fake"
    late.say("Hold")
    assert late.spoken == ["Get ready: calf stretch", "Hold"]


def test_a_stale_or_stopped_announcement_is_not_said() -> None:
    clock = Clock()
    late = LateVoice(now=clock)
    late.say("Get ready")
    clock.t += LATE_SAY_S + 0.01
    voice = FakeVoice()
    late.bind(voice)
    assert voice.spoken == []
    again = LateVoice(now=clock)
    again.say("Get ready")
    again.stop()  # a pause hushes the voice: nothing is left to say later
    other = FakeVoice()
    again.bind(other)
    assert other.spoken == []


def test_settings_made_before_the_voice_reach_it() -> None:
    late = LateVoice()
    late.set_volume(0.25)
    late.set_enabled(False)
    late.say("not now")
    voice = FakeVoice()
    late.bind(voice)
    assert voice.volume == pytest.approx(0.25) and not voice.enabled and voice.spoken == []
    late.set_enabled(True)
    late.say("now")
    assert voice.spoken == ["now"]


def test_a_voice_that_raises_never_reaches_the_caller() -> None:
    class Broken(FakeVoice):
        def say(self, text: str) -> None:
            raise RuntimeError("engine gone")

    late = LateVoice()
    late.bind(Broken())
    late.say("Hold")  # logged, not raised
