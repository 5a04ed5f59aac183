"""The one-line sound and voice statuses, and why a speech engine did not start, in words that say what to do."""

from __future__ import annotations

from types import SimpleNamespace

from stretch_timer.media.status import engine_failure_reason, voice_status


def test_speechd_failures_name_the_package_that_cures_them() -> None:
    # Qt's errorString() for speechd with only its dummy module, and with no server to reach.
    no_voice = engine_failure_reason("speechd", "Configuration", "Found no modules in speech-dispatcher.")
    assert "install speech-dispatcher-espeak-ng" in no_voice
    no_server = engine_failure_reason("speechd", "Initialization", "Connection to speech-dispatcher failed")
    assert "install speech-dispatcher and speech-dispatcher-espeak-ng" in no_server


def test_other_failures_keep_the_engines_own_words() -> None:
    assert engine_failure_reason("flite", "Initialization", "No voices.") == (
        "The speech engine 'flite' did not start: No voices.")
    assert engine_failure_reason("sapi", "Configuration", "") == (
        "The speech engine 'sapi' did not start: Configuration.")


def test_voice_status_passes_the_reason_on() -> None:
    reason = engine_failure_reason("speechd", "Configuration", "")
    assert voice_status(SimpleNamespace(available=False, reason=reason)) == f"Voice unavailable: {reason}"
    assert voice_status(SimpleNamespace(available=True, reason="", engine="speechd")) == (
        "Voice works (engine: speechd).")
    assert voice_status(None, disabled_by_option=True) == "Voice is off for this run (--no-voice)."
