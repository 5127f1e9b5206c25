"""What print outputs cost a build: the demo built side by side with them on and off, cold
(empty cache) then warm (from the caches: nothing changed, the published site removed, or the
build would keep it as it is), alternating so a busy moment hits both; then the page count and
size of every booklet.

    .venv/bin/python bench/print_cost.py [--runs 2]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OFF = "      print:\n        booklets: false\n        posters: false\n        slides: false\n"
PLUGIN_END = "      timezone: Asia/Ho_Chi_Minh\n"


def copy_demo(target: Path, prints: bool) -> None:
    for name in ("content", "theme"):
        shutil.copytree(ROOT / name, target / name)
    yml = (ROOT / "mkdocs.yml").read_text("utf-8")
    if not prints:
        assert PLUGIN_END in yml
        yml = yml.replace(PLUGIN_END, PLUGIN_END + OFF)
    (target / "mkdocs.yml").write_text(yml, "utf-8")


def build(folder: Path) -> float:
    start = time.perf_counter()
    subprocess.run([str(ROOT / ".venv" / "bin" / "guongsang"), "build", "-d",
                    str(folder / "site")], cwd=folder, check=True, capture_output=True)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=2)
    args = parser.parse_args()
    times: dict[tuple[str, str], list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        folders = {"with print": Path(tmp) / "on", "without": Path(tmp) / "off"}
        copy_demo(folders["with print"], True)
        copy_demo(folders["without"], False)
        for _ in range(args.runs):
            for label, folder in folders.items():
                shutil.rmtree(folder / ".cache", ignore_errors=True)
                times.setdefault((label, "cold"), []).append(build(folder))
                shutil.rmtree(folder / "site")
                times.setdefault((label, "warm"), []).append(build(folder))
        print("| demo build | cold (median) | warm (median) |\n|---|---|---|")
        for label in folders:
            cold = statistics.median(times[(label, "cold")])
            warm = statistics.median(times[(label, "warm")])
            print(f"| {label} | {cold:.1f} s | {warm:.1f} s |")
        site = folders["with print"] / "site"
        print("\n| booklet | pages | size |\n|---|---|---|")
        for path in sorted((site / "tai-lieu").glob("*.pdf")):
            info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
            pages = next(line.split()[-1] for line in info.splitlines()
                         if line.startswith("Pages:"))
            print(f"| tai-lieu/{path.name} | {pages} | {path.stat().st_size / 1024:.0f} KB |")
        posters = list((site / "tai-lieu" / "ap-phich").glob("*.pdf"))
        slides = list((site / "man-hinh").glob("*.png"))
        for what, files in (("posters", posters), ("slides", slides)):
            sizes = [p.stat().st_size for p in files]
            print(f"{len(files)} {what}: {sum(sizes) / 1024:.0f} KB in all, "
                  f"{statistics.mean(sizes) / 1024:.0f} KB each on average")
    return 0


if __name__ == "__main__":
    sys.exit(main())
