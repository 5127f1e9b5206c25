"""Two revisions side by side: cold builds of one site (image caches kept), alternating.

    .venv/bin/python bench/ab.py REV_A REV_B SITE_DIR [ROUNDS]

SITE_DIR is a site such as `bench/generate.py` makes (build it once first, so its image
caches exist). Each revision is checked out in a temporary git worktree and run with that
worktree's `scripts/` first on the path; before every build the caches are deleted except
the images'. Prints wall and CPU seconds (user + system, child processes included) per
build and their medians: on a shared machine the order alternates so that a busy spell
weighs on both.
"""

from __future__ import annotations

import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from run import forget_all_but_images  # bench/run.py: this script's folder is on the path

HERE = Path(__file__).resolve().parent


def main(argv: list[str]) -> int:
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    revs, site = argv[:2], Path(argv[2]).resolve()
    rounds = int(argv[3]) if len(argv) > 3 else 3
    with tempfile.TemporaryDirectory(prefix="gs-ab-") as tmp:
        trees = {}
        for i, rev in enumerate(revs):
            tree = Path(tmp) / f"rev{i}"
            subprocess.run(["git", "-C", str(HERE.parent), "worktree", "add", "--detach",
                            str(tree), rev], check=True, capture_output=True)
            trees[rev] = tree
        try:
            results = {rev: [] for rev in revs}
            for n in range(rounds):
                for rev in revs if n % 2 == 0 else revs[::-1]:
                    wall, cpu = build(trees[rev], site, Path(tmp) / "site", site / TRASH)
                    results[rev].append((wall, cpu))
                    print(f"{rev}: {wall:.1f} s wall, {cpu:.1f} s CPU", flush=True)
            for rev, runs in results.items():
                print(f"{rev}: median {statistics.median(w for w, _ in runs):.2f} s wall, "
                      f"{statistics.median(c for _, c in runs):.2f} s CPU")
        finally:
            shutil.rmtree(site / TRASH, ignore_errors=True)
            for tree in trees.values():
                subprocess.run(["git", "-C", str(HERE.parent), "worktree", "remove", "--force",
                                str(tree)], capture_output=True)
    return 0


TRASH = ".bench-trash"  # what each round removes, deleted at the end (see bench/run.py)


def build(tree: Path, site: Path, out: Path, trash: Path) -> tuple[float, float]:
    trash.mkdir(exist_ok=True)
    forget_all_but_images(site, out, trash)
    env = dict(os.environ, PYTHONPATH=str(tree / "scripts"))
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run([sys.executable, "-m", "guongsang.cli", "build", "-f",
                    str(site / "mkdocs.yml"), "-d", str(out)], env=env, check=True,
                   capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
