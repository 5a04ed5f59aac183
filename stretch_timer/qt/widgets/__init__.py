"""Widgets the player draws with: the countdown ring, the stretch picture and the breathing pacer."""

from stretch_timer.qt.widgets.breathing_pacer import BreathingPacer, pacer_scale
from stretch_timer.qt.widgets.countdown_ring import CountdownRing
from stretch_timer.qt.widgets.pose_view import PoseView

__all__ = ["BreathingPacer", "CountdownRing", "PoseView", "pacer_scale"]
