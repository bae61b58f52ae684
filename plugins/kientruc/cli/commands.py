"""Registry of subcommands that live in their own modules (diagram, diff, freeze, publish …).

Each feature module exposes ``register(sub)`` adding its subparser with ``set_defaults(handler=…)``;
list it here so ``cli.py`` stays small and features do not edit each other's code.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import argparse
    from collections.abc import Callable


REGISTRARS: list[Callable[[argparse._SubParsersAction[argparse.ArgumentParser]], None]] = []

from . import publish as _publish  # noqa: E402

REGISTRARS.append(_publish.register)

from ..compare import render as _diff_render  # noqa: E402
from . import versions as _versioning  # noqa: E402

REGISTRARS.append(_diff_render.register)
REGISTRARS.append(_versioning.register)

from ..draw import render as _draw  # noqa: E402

REGISTRARS.append(_draw.register)
