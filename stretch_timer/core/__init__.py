"""The pure-Python core: routine model, loading, planning and the session engine.

Nothing in this package may import Qt; ``tests/core/test_no_qt.py`` enforces it so the core stays testable
with a fake clock and no event loop.
"""
