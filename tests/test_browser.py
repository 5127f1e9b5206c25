"""The built demo in headless Chromium (Debian's, never a downloaded browser): search with and
without diacritics, filters, nothing unpublished found, no request off localhost, 360 px
layout and axe-core accessibility on every page type."""

from __future__ import annotations

import functools
import http.server
import io
import threading
import unicodedata
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image, ImageChops, ImageStat

from conftest import ROOT
from guongsang.cli import main

CHROMIUM = Path("/usr/bin/chromium")
pytestmark = pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
PAGES = {"home": "", "exemplar": "dien-hinh/le-thi-hoa/", "campaign": "phong-trao/nong-thon-moi/",
         "campaigns": "phong-trao/", "browse": "linh-vuc/agriculture/", "localities": "dia-ban/",
         "search": "tim-kiem/?q=nong%20thon%20moi", "statistics": "thong-ke/",
         "withdrawn": "dien-hinh/bui-van-cuong/", "downloads": "tai-lieu/"}


class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:  # keep test output readable
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    out = tmp_path_factory.mktemp("browser") / "site"
    assert main(["build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]) == 0
    handler = functools.partial(Quiet, directory=str(out))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser():
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser, server):
    """A 360×740 phone page that records every request leaving localhost."""
    context = browser.new_context(viewport={"width": 360, "height": 740}, device_scale_factor=2)
    p = context.new_page()
    p.outside = []
    p.on("request", lambda r: p.outside.append(r.url)
         if not r.url.startswith(("http://127.0.0.1", "data:", "blob:")) else None)
    yield p
    assert p.outside == [], f"requests left localhost: {p.outside}"
    context.close()


def search(page, server: str, query: str, **filters: str) -> list[str]:
    params = "&".join([f"q={quote(query)}"] + [f"{k}={quote(v)}" for k, v in filters.items()])
    page.goto(f"{server}tim-kiem/?{params}")
    page.wait_for_selector("[data-gs-search][data-state=done]", timeout=10_000)
    return page.locator(".gs-result__title a").all_inner_texts()


@pytest.mark.parametrize("query", [
    "le thi hoa", "Lê Thị Hoa", "LÊ THỊ HOA", unicodedata.normalize("NFD", "Lê Thị Hoa"),
    "lê thị hoa"])
def test_name_found_with_or_without_diacritics(page, server: str, query: str) -> None:
    assert search(page, server, query)[0] == "Lê Thị Hoa"


@pytest.mark.parametrize(("query", "expected"), [
    ("nong thon moi", "Cả nước chung sức xây dựng nông thôn mới"),
    ("doan thanh nien", "Đoàn Thanh niên xã Sơn Tân"),
    ("dang minh khoa", "Đặng Minh Khoa"),
    ("Đặng Minh Khoa", "Đặng Minh Khoa"),
    ("binh dan hoc vu so", "Đặng Minh Khoa"),
])
def test_unaccented_queries_and_d_bar(page, server: str, query: str, expected: str) -> None:
    assert expected in search(page, server, query)[:3]


def test_exact_diacritics_rank_first(page, server: str) -> None:
    """“Hòa” (the commune Cam Hòa) and “Hoa” (Lê Thị Hoa) fold to the same word."""
    results = search(page, server, "Hòa")
    assert "Lê Thị Hoa" in results  # found through folding…
    assert results.index("Trạm Y tế xã Cam Hòa") < results.index("Lê Thị Hoa")  # …ranked after
    results = search(page, server, "Thị Hoa")
    assert results[0] == "Lê Thị Hoa"


def test_filters(page, server: str) -> None:
    results = search(page, server, "", year="2022", kind="collective")
    assert sorted(results) == sorted(["Hợp tác xã Nông nghiệp Cam Hải Tây",
                                      "Chi hội Phụ nữ thôn Văn Thủy 2"])
    page.evaluate("document.querySelector('details.gs-search__more-filters').open = true")
    page.select_option("#gs-filter-kind", "individual")
    page.wait_for_function("location.search.includes('kind=individual')")
    page.wait_for_selector("[data-gs-search][data-state=done]")
    metas = page.locator(".gs-result__meta").all_inner_texts()
    assert metas and all(m.startswith("Cá nhân") and m.endswith("2022") for m in metas)
    assert search(page, server, "nong thon moi", field="education") == []


@pytest.mark.parametrize("query", ["Đinh Văn Phúc", "Hoàng Thị Thu", "HTX Dịch vụ nông nghiệp "
                                   "Cam Hiệp Bắc", "Bùi Văn Cường", "BẢN NHÁP NỘI BỘ",
                                   "kết luận thanh tra"])
def test_unpublished_profiles_are_never_found(page, server: str, query: str) -> None:
    results = search(page, server, query)
    assert not any(name in results for name in ("Hộ ông Đinh Văn Phúc", "Hoàng Thị Thu",
                                                "HTX Dịch vụ nông nghiệp Cam Hiệp Bắc",
                                                "Bùi Văn Cường"))


def test_a_result_leads_to_its_page(page, server: str) -> None:
    """The index is made from flat files: each result's address is its "url" metadata."""
    search(page, server, "Lê Thị Hoa")
    first = page.locator(".gs-result__title a").first
    href = first.get_attribute("href")
    assert href.startswith(server + "dien-hinh/") and href.endswith("/"), href
    first.click()
    page.wait_for_url(href)
    assert page.locator("h1").first.inner_text() == "Lê Thị Hoa"


def test_header_search_box_leads_to_results(page, server: str) -> None:
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(f"{server}dien-hinh/nguyen-van-an/")
    page.fill(".gs-search-box input[name=q]", "xoai")
    page.press(".gs-search-box input[name=q]", "Enter")
    page.wait_for_selector(".gs-result")
    assert "/tim-kiem/?q=xoai" in page.url
    assert "Nguyễn Văn An" in page.locator(".gs-result__title a").all_inner_texts()


@pytest.mark.parametrize("name", list(PAGES))
def test_page_types_at_360px(page, server: str, name: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(server + PAGES[name])
    if name == "search":
        page.wait_for_selector(".gs-result")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 360, f"{name}: horizontal scrolling ({width}px)"
    small = page.evaluate("""() => [...document.querySelectorAll(
        'button, select, input, .gs-pages a, .md-header__button, .gs-search-box button')]
        .filter(e => e.offsetParent !== null)
        .map(e => [e.outerHTML.slice(0, 60), e.getBoundingClientRect()])
        .filter(([, r]) => r.width < 24 || r.height < 24)""")
    assert small == [], f"{name}: tap targets under 24 px: {small}"
    violations = Axe().run(page).response["violations"]
    serious = [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3])
               for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], f"{name}: {serious}"


def _screen(browser, **options):
    context = browser.new_context(viewport={"width": 1920, "height": 1080}, **options)
    return context, context.new_page()


def test_led_screen_cycles_and_keeps_going_offline(browser, server: str) -> None:
    context, p = _screen(browser)
    requests: list[str] = []
    p.on("request", lambda r: requests.append(r.url))
    p.goto(server + "man-hinh/?giay=4", wait_until="load")
    images = p.evaluate("[...document.images].map(i => [i.complete, i.naturalWidth])")
    assert images == [[True, 1920]] * 12  # every slide is loaded with the page
    context.set_offline(True)
    seen = set()
    for _ in range(3):  # three changes of slide with the network gone
        current = p.evaluate("document.querySelector('.s.cur').getAttribute('src')")
        seen.add(current)
        p.wait_for_function(f"document.querySelector('.s.cur').getAttribute('src') !== "
                            f"'{current}'", timeout=10_000)
    p.wait_for_timeout(1200)  # the cross-fade is over
    shown = p.evaluate("[...document.images].filter(i => getComputedStyle(i).opacity === '1')"
                       ".map(i => i.getAttribute('src'))")
    assert len(shown) == 1 and shown[0] not in seen
    assert all(r.startswith(server) for r in requests), requests
    context.close()


def test_led_screen_shows_the_first_slide_without_javascript(browser, server: str) -> None:
    context, p = _screen(browser, java_script_enabled=False)
    p.goto(server + "man-hinh/", wait_until="load")
    shot = Image.open(io.BytesIO(p.screenshot())).convert("RGB")
    first = p.locator("img").first.get_attribute("src")
    context.close()
    with urllib.request.urlopen(server + "man-hinh/" + first) as r:
        slide = Image.open(io.BytesIO(r.read())).convert("RGB")
    diff = ImageStat.Stat(ImageChops.difference(shot, slide)).mean
    assert max(diff) < 4, diff  # the screen shows the first slide, not a black page
