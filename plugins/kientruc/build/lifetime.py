"""Processes that must not outlive the build that started them.

``kill -9`` gives a process no chance to stop its children, so each child asks the kernel to
kill it when its parent dies (Linux ``PR_SET_PDEATHSIG``). Elsewhere this does nothing: only
Linux forks the build, and other systems clean up the scratch files on the next start.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import signal
import sys
from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = ["die_with_parent", "prepare"]

_PR_SET_PDEATHSIG = 1


@cache
def _prctl() -> Callable[..., int] | None:
    if sys.platform != "linux":
        return None
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
    except OSError:
        return None
    function: Callable[..., int] = libc.prctl
    return function


def die_with_parent(parent: int) -> None:
    """In a child process: be killed when ``parent`` dies; exit now if it already has.

    Call it first thing after ``fork`` (or as a ``preexec_fn``). The check of the parent's
    id closes the race where the parent dies before the request is made.
    """
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:
        os._exit(1)


def prepare() -> None:
    """Load libc before forking, so that the child only makes one system call."""
    _prctl()
