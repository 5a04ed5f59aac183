"""The history: every run and every cramp the person logs, kept on their machine for themselves and a doctor."""
