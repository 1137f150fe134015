"""scripts/setup-system: installing what is missing, and waiting for a package lock another program holds."""

from __future__ import annotations

import fcntl
import os
import subprocess
import time

import pytest

from tests.conftest import ROOT

LOCK = "/var/lib/dpkg/lock-frontend"


@pytest.mark.skipif(os.geteuid() != 0 or not os.path.exists(LOCK), reason="holding the dpkg lock needs root on "
                    "Debian or Ubuntu (CI runs as root)")
def test_a_held_package_lock_is_waited_for_with_a_message_then_reported():
    with open(LOCK, "w") as lock:  # what unattended-upgrades does while it works
        fcntl.lockf(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        started = time.monotonic()
        done = subprocess.run(["bash", str(ROOT / "scripts" / "setup-system"), "atb-no-such-package"],
                              capture_output=True, text=True, timeout=120, env={**os.environ, "APT_LOCK_WAIT": "3"})
        waited = time.monotonic() - started
    assert done.returncode == 1
    assert "Another program is installing packages (often automatic updates): waiting up to 1 minute(s)" in done.stdout
    assert "Waiting for cache lock" in done.stdout  # apt's own progress, shown while it waits
    assert "error: the package system stayed busy for 3 seconds" in done.stderr and "run make again" in done.stderr
    assert 3 <= waited < 60


def test_nothing_missing_means_nothing_run():
    done = subprocess.run(["bash", str(ROOT / "scripts" / "setup-system"), "bash", "coreutils"], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0 and done.stdout == "" and done.stderr == ""
