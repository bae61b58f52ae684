"""``python -m kientruc.cli``: the same as the ``kientruc`` command."""

from __future__ import annotations

import sys

from . import main

sys.exit(main())
