"""Python's garbage collector, set for a build.

A build makes millions of small objects (Markdown trees, template contexts, pages) and few
reference cycles. With Python's defaults (a pass every 700 new objects, a full pass every
100 passes) the collector walks the young objects far more often than it finds anything:
passes 30 times rarer took ~1 s of wall time off a cold build of 10,000 profiles
(`bench/ab.py`, 3 alternating rounds). What a pass finds is freed a little later: the
benchmark's peak at 10,000 profiles stays under the 2 GB the issue allows (see the README)."""

from __future__ import annotations

import gc

THRESHOLDS = (20_000, 50, 50)


def collect_less() -> None:
    """Set once per process, before a build forks its workers (they inherit it)."""
    if gc.get_threshold()[0] < THRESHOLDS[0]:
        gc.set_threshold(*THRESHOLDS)
