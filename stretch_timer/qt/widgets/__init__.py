"""Widgets the pages draw with: the countdown ring, the stretch picture, the breathing pacer and the like.

Import each from its own module (``from stretch_timer.qt.widgets.countdown_ring import CountdownRing``): this
package imports nothing itself, so the library page does not pay for the player's widgets at start-up.
"""
