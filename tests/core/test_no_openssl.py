"""Loading the routines must not load OpenSSL: ``hashlib`` (through ``secrets`` or ``hmac``) maps libcrypto
and initialises it, about 3 MiB resident in the app, and nothing on the way to a stretch needs a hash."""

from __future__ import annotations

import json
import subprocess
import sys

_LOAD_LIBRARY = """
import json, sys
from stretch_timer.app_data import open_library
import stretch_timer.core.atomic, stretch_timer.core.writer
open_library()
print(json.dumps(sorted(m for m in sys.modules if m in ("_hashlib", "hashlib", "hmac", "secrets", "ssl", "_ssl"))))
"""


def test_opening_the_library_imports_no_hashing() -> None:
    proc = subprocess.run([sys.executable, "-c", _LOAD_LIBRARY], capture_output=True, text=True, timeout=60,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout) == []
