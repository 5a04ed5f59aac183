"""The words the timer shows and says.

Kept apart from the planner so wording can change (or be translated later) without touching timing code.
Screen labels are short enough for a large font; announcements are whole phrases for text-to-speech.
"""

from __future__ import annotations

import math


def duration_words(seconds: float) -> str:
    """Speakable duration, rounded to whole seconds: "1 second", "30 seconds", "1 minute 30 seconds"."""
    total = max(0, math.floor(seconds + 0.5))
    minutes, secs = divmod(total, 60)
    parts = []
    if minutes:
        parts.append(f"{minutes} minute" + ("" if minutes == 1 else "s"))
    if secs or not minutes:
        parts.append(f"{secs} second" + ("" if secs == 1 else "s"))
    return " ".join(parts)


def side_words(side: str | None, limb: str = "leg") -> str:
    """ "right leg" / "left foot", or "" for a step that works no particular side."""
    return f"{side} {limb}" if side else ""


def capitalised(text: str) -> str:
    """Upper-case only the first letter (``str.capitalize`` would lower-case stretch names)."""
    return text[:1].upper() + text[1:]


def hold_words(side: str | None, set_index: int, set_count: int, *, new_set: bool, limb: str = "leg") -> str:
    """What distinguishes one hold of a step from another: "set 2 of 3, left leg" (lower-case)."""
    parts = []
    if new_set and set_count > 1:
        parts.append(f"set {set_index} of {set_count}")
    if side:
        parts.append(side_words(side, limb))
    return ", ".join(parts)


def join_words(*parts: str) -> str:
    """Comma-join the non-empty parts and capitalise the result."""
    return capitalised(", ".join(p for p in parts if p))


# --- screen labels -------------------------------------------------------------------------------------

PREPARE_LABEL = "Get ready"
SWITCH_LABEL = "Switch sides"
REST_LABEL = "Rest"
INHALE_LABEL = "Breathe in"
BREATH_HOLD_LABEL = "Hold your breath"
EXHALE_LABEL = "Breathe out"
PAUSE_LABEL = "Pause"
FINISH_PREVIEW = "Next: finish"


def hold_label(side: str | None, verb: str = "Hold", limb: str = "leg") -> str:
    """ "Hold — right leg"; dynamic moves, massage and acupressure say "Move", "Massage", "Press"."""
    return f"{verb} — {side_words(side, limb)}" if side else verb


def tense_label(group: str) -> str:
    return f"Tense — {group}"


def relax_label(group: str) -> str:
    return f"Relax — {group}"


def next_label(what: str) -> str:
    """The preview line under the timer: "Next: Wall calf stretch"."""
    return f"Next: {what}"


# --- announcements -------------------------------------------------------------------------------------

SWITCH_SAY = "Switch sides"
REST_SAY = "Rest"
BREATH_HOLD_SAY = "Hold"
PAUSE_SAY = "Pause"


def prepare_say(stretch_name: str, props: tuple[str, ...] = ()) -> str:
    return f"Get ready: {stretch_name}{props_words(props)}"


def rest_before_say(stretch_name: str, props: tuple[str, ...] = ()) -> str:
    """The rest that leads into a new step names it, so nobody has to look at the screen to know."""
    return f"Rest. Next: {stretch_name}{props_words(props)}"


def props_words(props: tuple[str, ...]) -> str:
    """ ". Have a towel or strap ready." — a nudge to fetch props while there is still time."""
    if not props:
        return ""
    listed = props[0] if len(props) == 1 else ", ".join(props[:-1]) + " and " + props[-1]
    return f". Have {_with_article(listed)} ready."


def _with_article(text: str) -> str:
    if text.split(" ", 1)[0] in ("a", "an", "the", "some", "your"):
        return text
    return f"an {text}" if text[:1].lower() in "aeiou" else f"a {text}"


def tense_say(group: str) -> str:
    return f"Tense your {group}"


def relax_say(group: str) -> str:
    return f"Relax your {group}"
