"""The safety note shown on first run and in About; one text so the app, the docs and the README agree."""

DISCLAIMER_TITLE = "Before you start"

DISCLAIMER_TEXT = (
    "Stretch Timer guides gentle stretches and relaxation. It is not medical advice and does not replace a "
    "doctor. Stretch only as far as feels comfortable, and ease off if a cramp gets worse.\n\n"
    "See a doctor if your cramps are frequent or severe, if they come with swelling, redness, warmth or muscle "
    "weakness, if they do not ease with stretching, or if they began with a new medicine."
)
