"""Which Dask scheduler a build's jobs run on, if any ([build] scheduler in course.toml, ATB_SCHEDULER, or
build --scheduler): read with the configuration, so it imports nothing of Dask or the builder's jobs."""

from __future__ import annotations

import os
from typing import Callable

from builder.options import Option, address_problem

SCHEMES = ("tcp", "tls")
VARIABLE = "ATB_SCHEDULER"  # the scheduler's address, for a build not given --scheduler or [build] scheduler
OPTIONS = (Option("scheduler", "a Dask scheduler to run the build's jobs on (tcp://host:8786); \"\" = this "
                  "machine (build --scheduler, or ATB_SCHEDULER, for one build)", "", kind="address",
                  choices=SCHEMES),)


class ClusterError(Exception):
    """The cluster cannot run this build: one line saying what and how to fix it."""


def chosen_address(flag: str | None, configured: Callable[[], str]) -> str | None:
    """The scheduler a build uses: --scheduler, else ATB_SCHEDULER, else course.toml's (`configured`, asked only
    then); None for this machine. A malformed address is refused (ClusterError) before anything else is done."""
    address = flag if flag is not None else os.environ.get(VARIABLE) or configured()
    if not address:
        return None
    problem = address_problem(address, SCHEMES)
    if problem:
        source = "--scheduler" if flag is not None else VARIABLE if os.environ.get(VARIABLE) else "[build] scheduler"
        raise ClusterError(f"{source} {problem}")
    return address
