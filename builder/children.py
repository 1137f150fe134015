"""Processes forked by the build end when the process that forked them does, even when it is killed outright:
otherwise a killed build leaves a child (liblouis's, waiting on a pipe it holds both ends of) running for ever."""

from __future__ import annotations

import os

from builder.outputs import let_go_of_locks


def end_with_parent(parent: int) -> None:
    """In a child just forked from `parent`: Linux sends it SIGTERM when the parent ends (PR_SET_PDEATHSIG). It
    holds none of the build's locks on the output folder, so that the next build may start as soon as a killed
    one is gone."""
    import ctypes
    import signal

    let_go_of_locks()
    try:
        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: a killed build's idle children are left to the system
    if os.getppid() != parent:  # the parent ended before this child asked
        os._exit(1)
