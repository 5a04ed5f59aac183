"""Sound and speech for a run: cue players (Qt Multimedia streams / playsound3 / silent) and the voice.

Nothing here imports Qt Multimedia or Qt TextToSpeech at import time: the factories do, lazily, so starting the
app (or the CLI) never pays for them, and a machine without ``libpulse`` still starts, just silently.
"""
