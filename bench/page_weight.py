"""The weight of each page type without photos, as a phone downloads it from a local server
that gzips text like any static host: bytes on the wire, and uncompressed.

    .venv/bin/python bench/page_weight.py [SITE_DIR]   # default: builds the demo into a temp dir
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from search_cost import ARGS, serve  # noqa: E402

PAGES = {"home": "", "exemplar": "dien-hinh/le-thi-hoa/",
         "campaign": "phong-trao/nong-thon-moi/", "browse": "linh-vuc/agriculture/",
         "search (with a query)": "tim-kiem/?q=nong%20thon%20moi", "statistics": "thong-ke/"}


def weigh(site_dir: Path) -> list[tuple[str, int, int, int]]:
    from playwright.sync_api import sync_playwright

    httpd, url = serve(site_dir)
    rows = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for name, path in PAGES.items():
            page = browser.new_page(viewport={"width": 360, "height": 740})
            sizes: list[tuple[str, int, int]] = []
            page.on("response", lambda r, s=sizes: s.append((
                r.request.resource_type, r.request.sizes()["responseBodySize"],
                len(r.body() or b""))))
            page.goto(url + path, wait_until="networkidle")
            wire = sum(n for kind, n, _ in sizes if kind != "image")
            raw = sum(n for kind, _, n in sizes if kind != "image")
            images = sum(n for kind, n, _ in sizes if kind == "image")
            rows.append((name, wire, raw, images))
            page.close()
        browser.close()
    httpd.shutdown()
    return rows


def main(argv: list[str]) -> int:
    if argv:
        rows = weigh(Path(argv[0]))
    else:
        from guongsang.cli import main as cli

        root = Path(__file__).resolve().parent.parent
        with tempfile.TemporaryDirectory() as tmp:
            cli(["build", "-f", str(root / "mkdocs.yml"), "-d", f"{tmp}/site"])
            rows = weigh(Path(tmp) / "site")
    print("| page type | without photos, gzip | uncompressed | photos |\n|---|---|---|---|")
    for name, wire, raw, images in rows:
        print(f"| {name} | {wire / 1024:.0f} KB | {raw / 1024:.0f} KB | {images / 1024:.0f} KB |")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
