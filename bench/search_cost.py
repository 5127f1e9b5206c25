"""What a reader pays to search: Gương sáng as it ships (Pagefind) vs Material's built-in
search, on the same N synthetic profiles, measured side by side in headless Chromium.

    .venv/bin/python bench/search_cost.py --n 5000 [--photos 0.2] [--out bench/results]

The Gương sáng side is a full `guongsang build` of the synthetic site: the search page with
its theme, Pagefind's script, WebAssembly, index chunks, fragments and result thumbnails.
Both sites are served from one local server that gzips text the way every static host does
(GitHub Pages, Netlify, nginx `gzip on`); bytes are what travels (Chromium's encoded body
sizes), with the uncompressed total beside them. Time runs from navigation to the first
result on screen. Writes search-<N>.json and prints a Markdown table.
"""

from __future__ import annotations

import argparse
import contextlib
import functools
import gzip
import http.server
import io
import json
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent))
from generate import generate  # noqa: E402

QUERIES = ["nong thon moi", "Nguyễn Văn Hùng", "doan ket", "hop tac xa", "giáo dục"]
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
TEXT = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".map"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    """Static files, text gzipped when the browser asks for it (as real hosts do)."""

    def log_message(self, *args) -> None:
        pass

    def send_head(self):  # noqa: ANN201 - the base class's contract
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in TEXT or not path.is_file()
                or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not self.path.split("?")[0].endswith(("/", path.name))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return io.BytesIO(body)


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


def build_guongsang(src: Path, out: Path) -> float:
    """The whole site, exactly as `guongsang build` makes it."""
    from guongsang.cli import main as cli

    t = time.perf_counter()
    with contextlib.redirect_stdout(None), contextlib.redirect_stderr(None):
        code = cli(["build", "-f", str(src / "mkdocs.yml"), "-d", str(out)])
    if code != 0:
        raise SystemExit(f"guongsang build failed ({code})")
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
            raw = len(resp.body())
            wire = resp.request.sizes()["responseBodySize"]
            sizes.append((time.perf_counter(), resp.url, wire, raw))

    page.on("response", on_response)
    if engine == "pagefind":
        page.goto(f"{url}tim-kiem/?q={urllib.parse.quote(query)}")
        typed = time.perf_counter()
        # Results, or the page's "no results" line.
        page.wait_for_function("document.querySelector('.gs-result') || /Không tìm thấy/.test("
                               "document.querySelector('.gs-search__status').textContent)",
                               timeout=60_000)
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
    kept = [(u, wire, raw) for t, u, wire, raw in sizes if t <= done + 0.3]
    page.close()
    files = sorted(((u.rsplit("/", 1)[-1][:40], wire) for u, wire, _ in kept),
                   key=lambda x: -x[1])
    return {"engine": engine, "query": query, "bytes_total": sum(w for _, w, _ in kept),
            "bytes_uncompressed": sum(r for _, _, r in kept), "results": found,
            "largest": files[:6],
            "seconds_to_results": round(done - start, 3),
            "seconds_after_query": round(done - typed, 3)}


def main(argv: list[str]) -> int:
    p = argparse.ArgumentParser(description=__doc__)
    p.add_argument("--n", type=int, default=5000)
    p.add_argument("--photos", type=float, default=0.2)
    p.add_argument("--repeat", type=int, default=3, help="runs of every query per engine")
    p.add_argument("--out", type=Path, default=Path(__file__).parent / "results")
    p.add_argument("--work", type=Path, help="keep the built sites here and reuse them on the "
                   "next run (the search script is refreshed from the package each time)")
    a = p.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with contextlib.ExitStack() as stack:
        root = a.work or Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="gs-")))
        t_pf = t_mat = 0.0
        if not (root / "done").exists():
            generate(root / "src", a.n, a.photos)
            t_pf = build_guongsang(root / "src", root / "pf")
            t_mat = build_material(root / "src", root / "mat" / "site")
            (root / "done").write_text(json.dumps([t_pf, t_mat]))
        t_pf, t_mat = json.loads((root / "done").read_text())
        script = Path(__import__("guongsang").__file__).parent / "mkdocs_theme" / "assets"
        shutil.copy(script / "guongsang-search.js", root / "pf" / "assets")
        index_bytes = (root / "mat" / "site" / "search" / "search_index.json").stat().st_size
        pf_bytes = sum(f.stat().st_size for f in (root / "pf" / "pagefind").rglob("*"))
        servers = {"pagefind": serve(root / "pf"), "material": serve(root / "mat" / "site")}
        rows = []
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
            for _, url in servers.values():  # a fresh browser's first page pays its start-up
                warm = browser.new_page()
                warm.goto(url)
                warm.close()
            for _ in range(a.repeat):
                for q in QUERIES:  # engines alternate, so a noisy moment hits both alike
                    for engine, (_, url) in servers.items():
                        rows.append(measure(browser, url, engine, q))
                        time.sleep(1)  # let the previous page's workers wind down
            browser.close()
        for httpd, _ in servers.values():
            httpd.shutdown()
    summary = {}
    for engine in servers:
        mine = [r for r in rows if r["engine"] == engine]
        summary[engine] = {
            "median_bytes": statistics.median(r["bytes_total"] for r in mine),
            "median_uncompressed": statistics.median(r["bytes_uncompressed"] for r in mine),
            "max_bytes": max(r["bytes_total"] for r in mine),
            "median_seconds": statistics.median(r["seconds_to_results"] for r in mine),
            "max_seconds": max(r["seconds_to_results"] for r in mine)}
    result = {"n": a.n, "build_seconds": {"guongsang_site": round(t_pf, 1),
                                          "material_site": round(t_mat, 1)},
              "index_bytes_on_disk": {"pagefind": pf_bytes, "material": index_bytes},
              "summary": summary, "runs": rows}
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / f"search-{a.n}.json").write_text(json.dumps(result, indent=2), "utf-8")
    print(f"| engine (N={a.n}) | bytes to first results, gzip: median (max) | uncompressed "
          f"median | time to first results, median (max) |\n|---|---|---|---|")
    for engine, s in summary.items():
        print(f"| {engine} | {s['median_bytes'] / 1024:.0f} KB ({s['max_bytes'] / 1024:.0f} KB)"
              f" | {s['median_uncompressed'] / 1024:.0f} KB"
              f" | {s['median_seconds']:.2f} s ({s['max_seconds']:.2f} s) |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
