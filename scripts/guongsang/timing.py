"""Wall-clock time per build phase, for `guongsang build --timings` and the benchmark
(bench/run.py): it is how image work is measured apart from the rest of a build."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

PHASES: dict[str, float] = {}  # phase → seconds, in the order they ran


def reset() -> None:
    PHASES.clear()


@contextmanager
def phase(name: str) -> Iterator[None]:
    start = time.perf_counter()
    try:
        yield
    finally:
        PHASES[name] = PHASES.get(name, 0.0) + time.perf_counter() - start


def mark(name: str, seconds: float) -> None:
    PHASES[name] = PHASES.get(name, 0.0) + seconds
