"""``python -m stretch_timer``: the same front door as the ``stretch-timer`` command."""

import sys

from .cli import main

sys.exit(main())
