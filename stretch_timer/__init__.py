"""Stretch Timer: guided, timed stretches for leg cramps."""

__version__ = "0.1.0"
