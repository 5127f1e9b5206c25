"""One site's cold build (image caches kept) beside plain Material, Pagefind and the floor,
in the same run, ROUNDS times: the ratios of `bench/run.py` without generating a site.

    .venv/bin/python bench/cold.py SITE_DIR WORK_DIR [ROUNDS]

SITE_DIR is a site such as `bench/generate.py` makes, built once so its image caches exist.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import run as bench  # bench/run.py: this script's folder is first on the path


def main(argv: list[str]) -> int:
    if len(argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    src, work = Path(argv[0]).resolve(), Path(argv[1]).resolve()
    rounds = int(argv[2]) if len(argv) > 2 else 1
    work.mkdir(parents=True, exist_ok=True)
    cfg = bench.material_site(src, work)
    for i in range(rounds):
        (work / "trash").mkdir(exist_ok=True)
        bench.forget_all_but_images(src, work / "site", work / "trash")
        built = bench.guongsang_build(src, work / "site", work, f"cold{i}")
        ours = built["seconds_without_images"]
        material, _ = bench.run([bench.PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg)])
        pagefind, _ = bench.run([bench.PY, "-m", "pagefind", "--site",
                                 str(work / "material-site"), "--quiet"])
        floor, _ = bench.run([bench.PY, str(bench.HERE / "floor.py"), str(src),
                              str(work / "floor")])
        print(f"round {i}: ours {ours:.1f} s, Material {material:.1f} s, Pagefind {pagefind:.1f} s,"
              f" floor {floor:.1f} s: {ours / (material + pagefind):.2f}× (Material+Pagefind),"
              f" {ours / floor:.2f}× floor", flush=True)
    shutil.rmtree(work / "trash", ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
