"""What a reader pays to search: Pagefind (as Gương sáng ships it) vs Material's built-in
search, on the same N synthetic profiles, measured side by side in headless Chromium.

    .venv/bin/python bench/search_cost.py --n 5000 [--out bench/results]

For each engine: the bytes downloaded from opening the search page to the first results of
a query (and the part of it the query itself fetched), and the time to first results, on a
local server. Writes search-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import http.server
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

import markdown
import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

QUERIES = ["nong thon moi", "Nguyễn Văn Hùng", "doan ket", "hop tac xa", "giáo dục"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build_pagefind(src: Path, out: Path) -> float:
    """The index and search page exactly as the plugin makes them, without the rest."""
    from guongsang import search
    from guongsang.config import read_site
    from guongsang.pages import search_filters
    from guongsang.render import Renderer
    from guongsang.site import Site
    from guongsang.validate import load_content

    t = time.perf_counter()
    si = read_site(src / "mkdocs.yml")
    content = load_content(si.site_root, si.docs_dir, si.options, si.site_url, si.site_name)
    site = Site(content.settings, content.exemplars, content.campaigns)
    md = markdown.Markdown(extensions=["tables"])
    stories = {e.id: md.reset().convert(e.body) for e in site.public}
    search.write_index(search.records(site, stories, []), out)
    body = Renderer().render("search.html", "tim-kiem/", site=site,
                             filters=search_filters(site))
    (out / "tim-kiem").mkdir(parents=True, exist_ok=True)
    (out / "tim-kiem" / "index.html").write_text(
        f'<!doctype html><html lang="vi"><head><meta charset="utf-8"><title>Tìm kiếm</title>'
        f"</head><body>{body}</body></html>", "utf-8")
    assets = Path(__import__("guongsang").__file__).parent / "mkdocs_theme" / "assets"
    (out / "assets").mkdir(exist_ok=True)
    shutil.copy(assets / "guongsang-search.js", out / "assets")
    return time.perf_counter() - t


def build_material(src: Path, out: Path) -> float:
    """Plain MkDocs + Material with its search plugin, the same pages kept out of the nav."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    docs = out.parent / "material-docs"
    (docs / "p").mkdir(parents=True)
    (docs / "index.md").write_text("# Gương sáng\n", "utf-8")
    for path in sorted((src / "content" / "exemplars").glob("*.md")):
        front, body = path.read_text("utf-8").split("\n---\n", 1)
        title = yaml.safe_load(front.removeprefix("---\n"))["title"]
        (docs / "p" / path.name).write_text(f"# {title}\n\n{body}", "utf-8")
    cfg = out.parent / "material.yml"
    cfg.write_text(yaml.safe_dump({
        "site_name": "Material", "docs_dir": str(docs), "site_dir": str(out),
        "theme": {"name": "material", "font": False}, "plugins": ["search"],
        "nav": [{"Home": "index.md"}],
        "validation": {"nav": {"omitted_files": "ignore"}},
    }), "utf-8")
    t = time.perf_counter()
    build(load_config(str(cfg)))
    return time.perf_counter() - t


def measure(browser, url: str, engine: str, query: str) -> dict:
    page = browser.new_page()
    sizes: list[tuple[float, str, int]] = []
    start = time.perf_counter()

    def on_response(resp) -> None:
        # Redirects and aborted requests have no body.
        with contextlib.suppress(Exception):
            sizes.append((time.perf_counter(), resp.url, len(resp.body())))

    page.on("response", on_response)
    if engine == "pagefind":
        page.goto(f"{url}tim-kiem/?q={query}")
        typed = time.perf_counter()
        page.wait_for_selector(".gs-result", timeout=60_000)
    else:
        page.goto(url)
        page.click("input.md-search__input")
        # Material builds its lunr index in a worker after fetching search_index.json whole.
        page.wait_for_function("!document.querySelector('.md-search-result__meta')"
                               ".textContent.includes('Initializing')", timeout=120_000)
        typed = time.perf_counter()
        page.keyboard.type(query)
        # Results, or Material's "no matching documents" (it folds no diacritics).
        page.wait_for_function("document.querySelector('.md-search-result__item') || "
                               "/No matching/.test(document.querySelector("
                               "'.md-search-result__meta').textContent)", timeout=120_000)
    done = time.perf_counter()
    found = page.locator(".gs-result, .md-search-result__item").count()
    page.wait_for_timeout(300)  # let in-flight responses land in `sizes`
    total = sum(size for t, _, size in sizes if t <= done + 0.3)
    page.close()
    files = sorted(((u.rsplit("/", 1)[-1][:40], n) for t, u, n in sizes if t <= done + 0.3),
                   key=lambda x: -x[1])
    return {"engine": engine, "query": query, "bytes_total": total, "results": found,
            "largest": files[:6],
            "seconds_to_results": round(done - start, 3),
            "seconds_after_query": round(done - typed, 3)}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    a = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="gs-search-") as tmp:
        root = Path(tmp)
        generate(root / "src", a.n)
        t_pf = build_pagefind(root / "src", root / "pf")
        t_mat = build_material(root / "src", root / "mat" / "site")
        index_bytes = (root / "mat" / "site" / "search" / "search_index.json").stat().st_size
        pf_bytes = sum(f.stat().st_size for f in (root / "pf" / "pagefind").rglob("*"))
        servers = {"pagefind": serve(root / "pf"), "material": serve(root / "mat" / "site")}
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for engine, (_, url) in servers.items():
                for q in QUERIES:
                    rows.append(measure(browser, url, engine, q))
            browser.close()
        for httpd, _ in servers.values():
            httpd.shutdown()
    summary = {}
    for engine in servers:
        mine = [r for r in rows if r["engine"] == engine]
        summary[engine] = {
            "median_bytes": statistics.median(r["bytes_total"] for r in mine),
            "max_bytes": max(r["bytes_total"] for r in mine),
            "median_seconds": statistics.median(r["seconds_to_results"] for r in mine),
            "max_seconds": max(r["seconds_to_results"] for r in mine)}
    result = {"n": a.n, "build_seconds": {"pagefind_index": round(t_pf, 1),
                                          "material_site": round(t_mat, 1)},
              "index_bytes_on_disk": {"pagefind": pf_bytes, "material": index_bytes},
              "summary": summary, "runs": rows}
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"search-{a.n}.json").write_text(json.dumps(result, indent=2), "utf-8")
    print(f"| engine (N={a.n}) | bytes to first results, median (max) | "
          f"time to first results, median (max) |\n|---|---|---|")
    for engine, s in summary.items():
        print(f"| {engine} | {s['median_bytes'] / 1024:.0f} KB ({s['max_bytes'] / 1024:.0f} KB)"
              f" | {s['median_seconds']:.2f} s ({s['max_seconds']:.2f} s) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
