"""A board pack's process runs below the web workers' CPU priority (BOARD_PACK_NICENESS),
so on a busy server the pack waits, not the people using the pages. Each case runs in a
process of its own: a lowered priority cannot be raised again by an ordinary user."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
# The job's entry point with `run` replaced by one that prints the priority it runs at.
PROBE = """
import os
from dashboard.output import pack_jobs
pack_jobs.run = lambda job_id: print(os.nice(0)) or 0
raise SystemExit(pack_jobs.main(["some-job"]))
"""


def priority_of_a_job(setting: str | None) -> int:
    env = {k: v for k, v in os.environ.items() if k != "BOARD_PACK_NICENESS"}
    if setting is not None:
        env["BOARD_PACK_NICENESS"] = setting
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return int(done.stdout.strip())


@pytest.mark.parametrize("setting,lowered_by", [
    (None, 10),        # the default
    ("3", 3),
    ("0", 0),          # switched off
    ("40", 19),        # past the scale: the lowest priority there is
    ("-5", 0),         # never raised above the web workers
    ("lots", 10),      # not a number: the default
])
def test_the_pack_process_runs_at_a_lower_priority(setting, lowered_by):
    ours = os.nice(0)
    assert priority_of_a_job(setting) == min(19, ours + lowered_by)
