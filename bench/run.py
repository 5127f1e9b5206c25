"""The scale benchmark, one command: N synthetic profiles, Gương sáng's builds (cold, nothing
changed, one profile edited) beside plain MkDocs+Material, Pagefind and the Python floor on the
same pages, in one run, so every figure is also a ratio. Results: Markdown and JSON.

    .venv/bin/python bench/run.py                      # N = 1,000, 5,000 and 10,000
    .venv/bin/python bench/run.py --n 1000 --photos 0.1 --search

Every build runs in its own process; time is wall-clock. Memory is the peak of the summed
proportional set size (PSS) of the process and its children, sampled every 50 ms, in runs
of its own: the first cold build (image work included) and the reference tools run again;
sampling slows what it measures, a large build of several processes more than a small
one (see `run`). Image work (photo
variants, share images) is timed inside the first cold build (`guongsang build --timings`) and
reported apart from the rest, as the issue asks. "Nothing changed" is measured twice: with
the published site in place (`guongsang build` finds every input and the site as the last
build left them, and keeps the site) and with the site removed (every page, feed and image
then comes from the caches). The cold build the ratios use is a second one,
with every cache removed but the images': the first build's other work overlaps its image work
(radio scripts are made beside it), so subtracting the image phases from it would hide some of
that work. Each timed command starts with the disk flushed (`os.sync`), so none pays for the
writes of the one before. Machines vary: compare ratios, not seconds.

Nothing is deleted until every N is measured: what a step removes is moved aside, and the
reference tools run first, on the freshly generated pages. On ext4 without a journal (this
kind of machine) the kernel skips every inode freed in the last minutes when it creates a
file, so a command run after a large deletion creates files several times slower; deleting
the last build's output before the next timed one made builds 10–20 % slower, and which
tool ran after which deletion decided the ratios. Before each N the benchmark waits until
creating files is as quick as at its start (`settle`, reported as `settle_seconds`); the
preview (`serve`), which deletes its temporary site when it stops, is timed after every N.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from generate import generate  # noqa: E402

PY = sys.executable
GUONGSANG = [PY, "-m", "guongsang.cli"]


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    kids = [int(x) for x in text.split()]
    return kids + [g for k in kids for g in _children(k)]


def _pss(pid: int) -> int:
    """Proportional set size of the process tree: memory shared by forked workers (the
    build's page and check workers share the parent's pages copy-on-write) counts once,
    split between them; summing resident sizes would count it once per worker."""
    total = 0
    for p in [pid, *_children(pid)]:
        with contextlib.suppress(OSError, ValueError, IndexError):
            for line in Path(f"/proc/{p}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1]) * 1024
                    break
    return total


def run(cmd: list[str], cwd: Path | None = None, sample: bool = False
        ) -> tuple[float, int | None]:
    """(seconds, peak bytes when `sample`: the larger of the sampled PSS of the process tree and
    the largest resident size of one of its processes; else None); stops the benchmark on
    failure.

    The disk is flushed first: a build writes hundreds of megabytes, and the command timed
    next would otherwise pay for writing them back (the same for every tool measured).
    Sampling memory slows what it measures (reading a process's PSS walks its page tables:
    a cold build of 10,000 profiles took 34.0 s sampled every 50 ms, 30.6 s not), and slows
    a large multi-process build more than a small one: timed runs are not sampled, memory
    has runs of its own (see `bench`)."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]
    done = threading.Event()

    def sampling() -> None:
        while not done.is_set():
            peak[0] = max(peak[0], _pss(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sampling, daemon=True)
    if sample:
        sampler.start()
    err: list[bytes] = []
    reader = threading.Thread(target=lambda: err.append(proc.stderr.read()), daemon=True)
    reader.start()
    # Reaped here rather than by Popen, for the process's own maximum resident size.
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    reader.join()
    proc.stderr.close()
    done.set()
    if sample:
        sampler.join()
    if proc.returncode != 0:
        raise SystemExit(f"failed ({proc.returncode}): {' '.join(cmd)}\n{err[0].decode()[-3000:]}")
    if not sample:
        return seconds, None
    # Samples miss a process over in a few of them (Pagefind on a few pages takes 30 ms):
    # the largest resident size of one process of the tree (ru_maxrss, in KB) is a floor.
    return seconds, max(peak[0], usage.ru_maxrss * 1024)


def du(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files), len(files)


def material_site(src: Path, work: Path, site: str = "material-site") -> Path:
    """The same pages for plain MkDocs+Material: title + story, kept out of the nav, built
    into `work/site`."""
    import yaml

    docs = work / "material-docs"
    if not docs.is_dir():
        (docs / "p").mkdir(parents=True)
        (docs / "index.md").write_text("# Gương sáng\n", "utf-8")
        for path in sorted((src / "content" / "exemplars").glob("*.md")):
            _, front, body = path.read_text("utf-8").split("---\n", 2)
            title = yaml.safe_load(front)["title"]
            (docs / "p" / path.name).write_text(f"# {title}\n\n{body}", "utf-8")
    cfg = work / f"{site}.yml"
    cfg.write_text(yaml.safe_dump({
        "site_name": "Material", "docs_dir": str(docs), "site_dir": str(work / site),
        "theme": {"name": "material", "font": False, "language": "vi"},
        "nav": [{"Trang chủ": "index.md"}],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }, allow_unicode=True), "utf-8")
    return cfg


def guongsang_build(src: Path, out: Path, work: Path, name: str, sample: bool = False
                    ) -> dict:
    timings = work / f"timings-{name}.json"
    seconds, peak = run([*GUONGSANG, "build", "-f", str(src / "mkdocs.yml"), "-d", str(out),
                         "--timings", str(timings)], sample=sample)
    t = json.loads(timings.read_text())
    images = sum(t["phases"].get(k, 0) for k in ("photos", "share_images", "print"))
    return {"seconds": round(seconds, 2), "peak_bytes": peak,
            "image_seconds": round(images, 2),
            "seconds_without_images": round(seconds - images, 2),
            "phases": t["phases"], "images": t["images"]}


KEPT_CACHES = ("images", "print")  # image work: measured apart, kept for the second cold build


def forget_all_but_images(src: Path, out: Path, trash: Path | None = None) -> None:
    """Every cache but the images', and the output, removed — moved into `trash` when given
    (deleted later: see the module's doc)."""
    cache = src / ".cache" / "guongsang"
    gone = [p for p in cache.iterdir() if p.name not in KEPT_CACHES] if cache.is_dir() else []
    if out.exists():
        gone.append(out)
    if trash is not None:
        aside = Path(tempfile.mkdtemp(prefix="aside-", dir=trash))
        for i, path in enumerate(gone):
            with contextlib.suppress(OSError):  # another file system: deleted below
                path.rename(aside / f"{i}-{path.name}")
    for path in gone:
        if path.exists():
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def edit_one(src: Path) -> tuple[Path, str]:
    path = sorted((src / "content" / "exemplars").glob("*.md"))[len(
        list((src / "content" / "exemplars").glob("*.md"))) // 2]
    before = path.read_text("utf-8")
    path.write_text(before + "\nNăm 2025 tiếp tục giúp thêm 3 hộ thoát nghèo.\n", "utf-8")
    return path, before


def search_bytes(out: Path) -> dict:
    """Bytes to first results for the standard queries, in Chromium, served gzipped."""
    from playwright.sync_api import sync_playwright
    from search_cost import ARGS, QUERIES, measure, serve

    httpd, url = serve(out)
    rows = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            warm = browser.new_page()
            warm.goto(url)
            warm.close()
            rows = [measure(browser, url, "pagefind", q) for q in QUERIES]
            browser.close()
    finally:
        httpd.shutdown()
    return {"median_bytes": statistics.median(r["bytes_total"] for r in rows),
            "max_bytes": max(r["bytes_total"] for r in rows),
            "median_seconds": statistics.median(r["seconds_to_results"] for r in rows),
            "queries": {r["query"]: r["bytes_total"] for r in rows}}


def serve_latency(src: Path, timeout: float = 1800) -> float:
    """Seconds from saving an edited profile to the edit being served by `guongsang serve`."""
    import socket
    import urllib.request

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([*GUONGSANG, "serve", "-f", str(src / "mkdocs.yml"), "-a",
                             f"127.0.0.1:{port}"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    path = sorted((src / "content" / "exemplars").glob("*.md"))[0]
    url = f"http://127.0.0.1:{port}/dien-hinh/{path.stem}/"

    def page() -> str:
        try:
            with urllib.request.urlopen(url, timeout=10) as r:
                return r.read().decode("utf-8")
        except OSError:
            return ""

    before = path.read_text("utf-8")
    try:
        deadline = time.monotonic() + timeout
        while not page():  # the first build
            if time.monotonic() > deadline or proc.poll() is not None:
                raise SystemExit("guongsang serve did not start")
            time.sleep(0.5)
        time.sleep(2)  # let the watcher settle
        marker = f"Đã sửa lúc {time.time_ns()}"
        start = time.perf_counter()
        path.write_text(before + f"\n{marker}\n", "utf-8")
        while marker not in page():
            if time.perf_counter() - start > timeout:
                raise SystemExit("the edit never showed")
            time.sleep(0.1)
        return round(time.perf_counter() - start, 2)
    finally:
        path.write_text(before, "utf-8")
        proc.terminate()
        proc.wait(timeout=60)


PROBE_FILES = 2000


def _probe(root: Path) -> float:
    """Seconds to create PROBE_FILES small files (kept: moved into the trash, not deleted)."""
    folder = Path(tempfile.mkdtemp(prefix="probe-", dir=root / "trash"))
    start = time.perf_counter()
    for i in range(PROBE_FILES):
        (folder / str(i)).write_bytes(b"x" * 100)
    return time.perf_counter() - start


def settle(root: Path, baseline: float, limit: float = 420) -> float:
    """Wait until creating files is as quick as at the start (see the module's doc: the
    deletions of the previous N — its outputs replaced, `serve`'s temporary site — slow
    down whatever runs next for minutes); returns the seconds waited."""
    waited = 0.0
    while waited < limit and _probe(root) > 1.5 * baseline:
        time.sleep(20)
        waited += 20
    return waited


def bench(n: int, photos: float, root: Path, with_search: bool, baseline: float) -> dict:
    work = root / f"n{n}"
    trash = root / "trash"  # deleted once every N is measured (see the module's doc)
    trash.mkdir(parents=True, exist_ok=True)
    waited = settle(root, baseline)
    if work.exists():
        work.rename(Path(tempfile.mkdtemp(prefix="old-", dir=trash)) / work.name)
    src = work / "src"
    generate(src, n, photos)
    out = work / "site"
    r: dict = {"n": n, "photo_share": photos,
               "photos": len(list((src / "content" / "media").glob("*.jpg"))),
               "settle_seconds": waited}
    print(f"N={n}: plain MkDocs+Material, Pagefind, Python floor…", file=sys.stderr, flush=True)
    cfg = material_site(src, work)
    seconds, peak = run([PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg)])
    r["material"] = {"seconds": round(seconds, 2), "peak_bytes": peak}
    seconds, peak = run([PY, "-m", "pagefind", "--site", str(work / "material-site"),
                         "--quiet"])
    r["pagefind"] = {"seconds": round(seconds, 2), "peak_bytes": peak}
    seconds, peak = run([PY, str(HERE / "floor.py"), str(src), str(work / "floor")])
    r["floor"] = {"seconds": round(seconds, 2), "peak_bytes": peak}
    print(f"N={n}: cold build…", file=sys.stderr, flush=True)
    # Its peak memory, image work included, is the build's (sampled: see `run`); its time
    # is not used in a ratio, and its image phases are timed by the build itself.
    r["cold"] = guongsang_build(src, out, work, "cold", sample=True)
    print(f"N={n}: cold again, images cached…", file=sys.stderr, flush=True)
    forget_all_but_images(src, out, trash)
    r["cold_pages"] = guongsang_build(src, out, work, "cold-pages")
    print(f"N={n}: nothing changed…", file=sys.stderr, flush=True)
    r["warm"] = guongsang_build(src, out, work, "warm")
    print(f"N={n}: nothing changed, published site removed…", file=sys.stderr, flush=True)
    out.rename(Path(tempfile.mkdtemp(prefix="site-", dir=trash)) / out.name)
    r["warm_caches"] = guongsang_build(src, out, work, "warm-caches")
    path, before = edit_one(src)
    print(f"N={n}: one profile edited…", file=sys.stderr, flush=True)
    try:
        r["one_edit"] = guongsang_build(src, out, work, "edit")
    finally:
        path.write_text(before, "utf-8")
    r["output_bytes"], r["output_files"] = du(out)
    print(f"N={n}: peak memory of Material, Pagefind, the floor…", file=sys.stderr, flush=True)
    memory_runs(src, work, r)
    if with_search:
        print(f"N={n}: search bytes…", file=sys.stderr, flush=True)
        r["search"] = search_bytes(out)
    cold = r["cold_pages"]["seconds_without_images"]
    made = r["cold"]["images"]
    r["ratios"] = {
        "cold_vs_material_plus_pagefind": round(
            cold / (r["material"]["seconds"] + r["pagefind"]["seconds"]), 2),
        "cold_vs_floor": round(cold / r["floor"]["seconds"], 2),
        "warm_vs_cold": round(r["warm"]["seconds"] / r["cold"]["seconds"], 2),
        "warm_vs_cold_without_images": round(r["warm"]["seconds"] / cold, 2),
        "warm_caches_vs_cold_without_images": round(r["warm_caches"]["seconds"] / cold, 2),
        "one_edit_vs_cold": round(r["one_edit"]["seconds"] / r["cold"]["seconds"], 2),
    }
    r["image_cost"] = {
        "seconds_per_photo": round(r["cold"]["phases"].get("photos", 0) / made["photos"][0], 3)
        if made["photos"][0] else None,
        "seconds_per_share_image": round(
            r["cold"]["phases"].get("share_images", 0) / made["share_images"][0], 4)
        if made["share_images"][0] else None,
        "made_on_warm_rebuild": r["warm_caches"]["images"]["photos"][0]
        + r["warm_caches"]["images"]["share_images"][0],
    }
    return r


def memory_runs(src: Path, work: Path, r: dict) -> None:
    """The reference tools again, sampled (their timed runs were not: see `run`), each
    into a folder of its own, so that nothing is deleted before every N is measured."""
    cfg = material_site(src, work, "material-site-memory")
    _, r["material"]["peak_bytes"] = run([PY, "-m", "mkdocs", "build", "-q", "-f", str(cfg)],
                                         sample=True)
    _, r["pagefind"]["peak_bytes"] = run(
        [PY, "-m", "pagefind", "--site", str(work / "material-site-memory"), "--quiet"],
        sample=True)
    _, r["floor"]["peak_bytes"] = run([PY, str(HERE / "floor.py"), str(src),
                                       str(work / "floor-memory")], sample=True)


def fit(results: list[dict]) -> dict | None:
    """Least-squares line of the cold build (without images) against N."""
    if len(results) < 2:
        return None
    xs = [r["n"] for r in results]
    ys = [r["cold_pages"]["seconds_without_images"] for r in results]
    mx, my = statistics.mean(xs), statistics.mean(ys)
    slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum(
        (x - mx) ** 2 for x in xs)
    intercept = my - slope * mx
    ss_res = sum((y - (intercept + slope * x)) ** 2 for x, y in zip(xs, ys, strict=True))
    ss_tot = sum((y - my) ** 2 for y in ys) or 1.0
    return {"seconds_per_1000": round(slope * 1000, 2), "intercept": round(intercept, 2),
            "r2": round(1 - ss_res / ss_tot, 4)}


MB = 1024 * 1024


def table(results: list[dict], line: dict | None) -> str:
    rows = ["| N | cold, images cached | image work | nothing changed (site kept, site "
            "removed) | one edit | peak memory | output | search KB/query (median, max) "
            "| Material | Pagefind | Python floor | cold ÷ (Material+Pagefind) | cold ÷ floor "
            "| nothing changed ÷ cold (images cached: site kept, site removed; whole) |",
            "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    for r in results:
        s = r.get("search")
        search = f"{s['median_bytes'] / 1024:.0f}, {s['max_bytes'] / 1024:.0f}" if s else "–"
        peak = r["cold"]["peak_bytes"]
        q = r["ratios"]
        rows.append(
            f"| {r['n']:,} | {r['cold_pages']['seconds_without_images']:.1f} s "
            f"| {r['cold']['image_seconds']:.1f} s | {r['warm']['seconds']:.1f} s, "
            f"{r['warm_caches']['seconds']:.1f} s "
            f"| {r['one_edit']['seconds']:.1f} s | {peak / MB:,.0f} MB "
            f"| {r['output_bytes'] / MB:,.0f} MB | {search} "
            f"| {r['material']['seconds']:.1f} s | {r['pagefind']['seconds']:.1f} s "
            f"| {r['floor']['seconds']:.1f} s | {q['cold_vs_material_plus_pagefind']:.2f}× "
            f"| {q['cold_vs_floor']:.2f}× "
            f"| {q['warm_vs_cold_without_images']:.2f}×, "
            f"{q['warm_caches_vs_cold_without_images']:.2f}×; {q['warm_vs_cold']:.2f}× |")
    out = "\n".join(rows)
    cost = [f"N={r['n']:,}: {r['image_cost']['seconds_per_photo']} s per photo (5 widths × "
            f"WebP+JPEG), {r['image_cost']['seconds_per_share_image']} s per share image, "
            f"{r['image_cost']['made_on_warm_rebuild']} images made on the rebuild "
            "from the caches"
            for r in results]
    out += "\n\nImage work (both cores): " + "; ".join(cost) + "."
    served = [f"N={r['n']:,}: {r['serve_edit_seconds']} s" for r in results
              if "serve_edit_seconds" in r]
    if served:
        out += "\n\nAn edited profile shown by `guongsang serve`: " + "; ".join(served) + "."
    if line:
        out += (f"\n\nCold build (images cached) fitted against N: "
                f"{line['seconds_per_1000']} s per 1,000 profiles "
                f"{'−' if line['intercept'] < 0 else '+'} {abs(line['intercept'])} s "
                f"(R² = {line['r2']}).")
    return out


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--n", type=int, nargs="+", default=[1000, 5000, 10000])
    p.add_argument("--photos", type=float, default=0.1, help="share of profiles with a photo")
    p.add_argument("--search", action="store_true",
                   help="also measure search bytes per query in Chromium")
    p.add_argument("--serve", action="store_true",
                   help="also time an edit until `guongsang serve` shows it")
    p.add_argument("--work", type=Path, help="working folder (default: a temporary one)")
    p.add_argument("--out", type=Path, default=HERE / "results")
    a = p.parse_args(argv)
    with contextlib.ExitStack() as stack:
        root = a.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gs-b-")))
        (root / "trash").mkdir(parents=True, exist_ok=True)
        baseline = min(_probe(root) for _ in range(3))
        results = [bench(n, a.photos, root, a.search, baseline) for n in a.n]
        # Last: the preview deletes its temporary site when it stops.
        for r in results if a.serve else []:
            print(f"N={r['n']}: edit seen in guongsang serve…", file=sys.stderr, flush=True)
            r["serve_edit_seconds"] = serve_latency(root / f"n{r['n']}" / "src")
        if a.work is not None and not os.environ.get("GS_BENCH_KEEP"):
            for n in a.n:
                shutil.rmtree(root / f"n{n}", ignore_errors=True)
        shutil.rmtree(root / "trash", ignore_errors=True)
    line = fit(results)
    data = {"machine": {"cpus": os.cpu_count(), "python": sys.version.split()[0]},
            "command": "bench/run.py " + " ".join(argv), "results": results, "fit": line}
    a.out.mkdir(parents=True, exist_ok=True)
    stem = "scale-" + "-".join(str(n) for n in a.n)
    (a.out / f"{stem}.json").write_text(json.dumps(data, indent=2) + "\n", "utf-8")
    text = table(results, line)
    (a.out / f"{stem}.md").write_text(text + "\n", "utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
