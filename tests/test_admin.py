"""The editors' web form at /admin/: Decap CMS from the site itself, its collections made from
the schema, and a profile written through the real form and Decap's real local backend
(decap-server) that then passes `guongsang validate` — in Debian's Chromium."""

from __future__ import annotations

import functools
import http.server
import io
import os
import re
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SiteDir, all_text
from guongsang import admin, schema_docs
from guongsang.cli import main
from guongsang.schema import EXEMPLAR_KEYS, KINDS

CHROMIUM = Path("/usr/bin/chromium")
MODULES = ROOT / "node_modules"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"]
needs_decap = pytest.mark.skipif(not (MODULES / admin.DIST / "decap-cms.js").is_file(),
                                 reason="node_modules missing: run bash scripts/setup.sh")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def serve(folder: Path) -> tuple[http.server.ThreadingHTTPServer, str]:
    class Quiet(http.server.SimpleHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

    httpd = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(Quiet, directory=str(folder)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd, f"http://127.0.0.1:{httpd.server_address[1]}/"


@pytest.fixture
def decap_env(monkeypatch: pytest.MonkeyPatch) -> int:
    port = free_port()
    monkeypatch.setenv(admin.MODULES_ENV, str(MODULES))
    monkeypatch.setenv(admin.PORT_ENV, str(port))
    return port


def _config(site_dir: Path) -> dict:
    return yaml.safe_load((site_dir / "admin" / "config.yml").read_text("utf-8"))


@needs_decap
def test_collections_follow_the_schema(site: SiteDir, decap_env: int) -> None:
    site.exemplar("nguyen-van-an", site.person())
    code, out, site_dir = site.build()
    assert code == 0, out
    config = _config(site_dir)
    exemplars = config["collections"][0]
    fields = {f["name"]: f for f in exemplars["fields"]}
    assert list(fields) == [k.name for k in EXEMPLAR_KEYS] + ["body"]
    for key in EXEMPLAR_KEYS:
        assert fields[key.name]["label"] == key.label
        assert fields[key.name]["required"] is (key.required is True), key.name
    assert [o["value"] for o in fields["kind"]["options"]] == list(KINDS)
    assert [o["value"] for o in fields["locality"]["options"]] == [
        "Xã An Bình", "Xã Đông Hòa", "Thị trấn Đà Nẵng Mới"]
    assert fields["campaigns"]["multiple"] is True
    assert [o["value"] for o in fields["campaigns"]["options"]] == ["nong-thon-moi"]
    assert fields["status"]["default"] == "draft"
    photo = {f["name"]: f for f in fields["photo"]["fields"]}
    assert photo["src"]["widget"] == "image"
    assert photo["src"]["media_folder"] == "/content/media/exemplars"
    assert photo["src"]["required"] is False  # the group is optional: validate checks it
    assert exemplars["folder"] == "content/exemplars"
    assert config["local_backend"] == {"url": f"http://127.0.0.1:{decap_env}/api/v1"}
    page = (site_dir / "admin" / "index.html").read_text("utf-8")
    assert 'name="robots" content="noindex' in page
    assert not re.search(r"(src|href)=\"(https?:)?//", page)  # nothing from a CDN
    assert (site_dir / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert not list((site_dir / "admin").glob("*.map"))
    assert "admin/" not in (site_dir / "sitemap.xml").read_text("utf-8")


def test_no_node_modules_no_admin(site: SiteDir, tmp_path: Path,
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(admin.MODULES_ENV, str(tmp_path / "empty"))
    site.exemplar("nguyen-van-an", site.person())
    code, out, site_dir = site.build()
    assert code == 0, out
    assert (site_dir / "dien-hinh" / "nguyen-van-an" / "index.html").is_file()
    assert not (site_dir / "admin").exists()


def test_admin_setting_is_checked(site: SiteDir) -> None:
    yml = site.root / "mkdocs.yml"
    yml.write_text(yml.read_text("utf-8") + "      admin:\n        backend:\n"
                   "          name: githb\n          repo: camlam\n", "utf-8")
    code, out = site.validate()
    assert code == 1
    assert "mkdocs.yml:" in out and "[admin.backend.name]" in out and "“github”" in out
    assert "[admin.backend.repo]" in out and "ubnd-camlam/guongsang" in out


@needs_decap
@pytest.mark.skipif(not CHROMIUM.exists(), reason="Debian chromium not installed")
def test_form_writes_a_profile_that_validates(site: SiteDir, decap_env: int) -> None:
    """Open /admin/ in Chromium, log in to the local backend, check the form's fields, fill
    a new collective profile and save it: decap-server writes content/exemplars/<id>.md, which
    `guongsang validate` accepts and the public build does not show (it is a draft)."""
    sync_api = pytest.importorskip("playwright.sync_api")
    site.exemplar("nguyen-van-an", site.person())
    code, out, site_dir = site.build()
    assert code == 0, out
    proxy = admin.start_server(site.root, decap_env)
    assert proxy is not None
    httpd, base = serve(site_dir)
    outside: list[str] = []
    try:
        _wait_for(f"http://127.0.0.1:{decap_env}/api/v1")
        with sync_api.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("request", lambda r: outside.append(r.url) if not r.url.startswith(
                ("http://127.0.0.1", "data:", "blob:")) else None)
            page.goto(base + "admin/")
            page.get_by_role("button", name="Đăng nhập").click()
            page.get_by_text("Nguyễn Văn An").wait_for()  # the existing profile, read from disk
            page.goto(base + "admin/#/collections/exemplars/new")
            page.get_by_label("Mã định danh").wait_for()
            labels = page.locator("label").all_inner_texts()
            for key in EXEMPLAR_KEYS:
                assert any(label.lower().startswith(key.label.lower()) for label in labels), key
            page.get_by_label("Mã định danh").fill("hoi-nong-dan-xa-an-binh")
            page.get_by_label("Tên", exact=True).fill("Hội Nông dân xã An Bình")
            _choose(page, "Loại", "Tập thể")
            page.get_by_label("Tóm tắt").fill(
                "Hội vận động hội viên hiến đất, góp công làm 3 km đường bê tông nội đồng.")
            _choose(page, "Lĩnh vực", "Nông nghiệp")
            _choose(page, "Phong trào thi đua", "nông thôn mới")
            _choose(page, "Địa bàn", "Xã An Bình")
            page.get_by_label("Năm được công nhận").fill("2025")
            page.get_by_label(re.compile("^Ngày công bố")).fill("2025-06-01")
            preview = page.frame_locator("iframe").first  # as the site will show it
            preview.get_by_text("Tập thể · Xã An Bình · Nông nghiệp, nông thôn mới").wait_for()
            preview.get_by_text("BẢN NHÁP — chưa công bố (Bản nháp)").wait_for()
            # Decap calls saving "Công bố"; here it says "Lưu": the status publishes.
            page.get_by_role("button", name="Lưu", exact=True).click()
            page.get_by_text("Lưu ngay").click()
            target = site.content / "exemplars" / "hoi-nong-dan-xa-an-binh.md"
            _wait_until(target.is_file)
            browser.close()
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)
        httpd.shutdown()
    assert outside == []
    text = target.read_text("utf-8")
    front = yaml.safe_load(text.split("---")[1])
    assert front["kind"] == "collective" and front["status"] == "draft"
    assert front["campaigns"] == ["nong-thon-moi"] and front["locality"] == "Xã An Bình"
    assert str(front["published"]) == "2025-06-01" and front["year"] == 2025
    assert "person" not in front and "photo" not in front  # untouched groups stay absent
    assert "## Sơ lược lý lịch" in text
    code, out = site.validate()
    assert code == 0, out
    assert "hoi-nong-dan-xa-an-binh.md" in out and "“…”" in out  # a reminder, not an error
    code, out, site_dir = site.build()
    assert code == 0, out
    assert not (site_dir / "dien-hinh" / "hoi-nong-dan-xa-an-binh").exists()


@needs_decap
def test_serve_admin_runs_the_local_backend_and_stops_it(site: SiteDir) -> None:
    site.exemplar("nguyen-van-an", site.person())
    port = free_port()
    env = dict(os.environ, **{admin.MODULES_ENV: str(MODULES)})
    proc = subprocess.Popen([sys.executable, "-m", "guongsang.cli", "serve", "--admin", "-a",
                             f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/config.yml",
                                            timeout=5) as r:
                    config = yaml.safe_load(r.read())
                break
            except OSError:
                assert time.monotonic() < deadline, "serve --admin did not answer"
                time.sleep(0.5)
        api = config["local_backend"]["url"]
        _wait_for(api)
        request = urllib.request.Request(api, data=b'{"action":"info"}',
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=5) as r:
            assert yaml.safe_load(r.read())["type"] == "local_fs"
    finally:
        proc.terminate()
        proc.wait(timeout=20)
    backend_port = int(api.rsplit(":", 1)[1].split("/")[0])
    with socket.socket() as s:  # the backend went with it
        assert s.connect_ex(("127.0.0.1", backend_port)) != 0


def _choose(page, label: str, option: str) -> None:
    """A react-select of Decap: focus it, type, take the highlighted option."""
    page.get_by_label(re.compile("^" + label)).first.click()
    page.keyboard.type(option)
    page.keyboard.press("Enter")


def _wait_for(url: str, timeout: float = 20) -> None:
    request = urllib.request.Request(url, data=b'{"action":"info"}',
                                     headers={"Content-Type": "application/json"})
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(request, timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.2)


def _wait_until(check, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while not check():
        assert time.monotonic() < deadline, "the form did not save the file"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    env = os.environ.pop(admin.MODULES_ENV, None)
    try:
        assert main(["build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]) == 0
    finally:
        if env is not None:
            os.environ[admin.MODULES_ENV] = env
    return out


@needs_decap
def test_demo_admin_is_built_from_the_site(demo: Path) -> None:
    """The demo's own form: its campaigns and localities, pointed at its content folder."""
    config = _config(demo)
    fields = {f["name"]: f for f in config["collections"][0]["fields"]}
    campaigns = {o["value"] for o in fields["campaigns"]["options"]}
    assert campaigns == {p.stem for p in (ROOT / "content" / "campaigns").glob("*.md")}
    assert "Xã Sơn Tân" in {o["value"] for o in fields["locality"]["options"]}
    assert config["local_backend"] == {"url": "http://127.0.0.1:8081/api/v1"}


def test_guide_is_a_page_for_editors_only(demo: Path) -> None:
    page = (demo / "huong-dan-bien-tap" / "index.html").read_text("utf-8")
    assert "<h1" in page and "Hướng dẫn biên tập" in page
    assert '<meta name="robots" content="noindex">' in page
    for key in EXEMPLAR_KEYS:  # the key table, from the one schema
        assert f"<code>{key.name}</code>" in page, key.name
    assert page.count("<table") >= 3
    assert "huong-dan-bien-tap" not in (demo / "sitemap.xml").read_text("utf-8")
    assert "huong-dan-bien-tap" not in (demo / "index.html").read_text("utf-8")  # not in nav
    assert "educaton" not in all_text(demo / "pagefind")  # its worked example is not searchable


def _blocks(text: str, heading: str) -> list[str]:
    section = text.split(heading, 1)[1]
    return re.findall(r"```(?:markdown|text)\n(.*?)```", section, re.S)


def test_guide_worked_example_is_what_validate_prints(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    """The guide's broken profile, checked against the demo's settings, prints exactly the
    errors the guide shows: the guide cannot drift from the program."""
    profile, expected = _blocks(schema_docs.GUIDE.read_text("utf-8"), "## Đọc thông báo lỗi")[:2]
    root = tmp_path / "demo"
    (root / "content" / "exemplars").mkdir(parents=True)
    (root / "mkdocs.yml").write_text((ROOT / "mkdocs.yml").read_text("utf-8"), "utf-8")
    shutil.copytree(ROOT / "content" / "campaigns", root / "content" / "campaigns")
    (root / "content" / "exemplars" / "tran-thi-mai.md").write_text(profile, "utf-8")
    out, err = io.StringIO(), io.StringIO()
    monkeypatch.chdir(root)  # paths are printed relative to it, as an editor runs it
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["validate"])
    assert code == 1
    assert out.getvalue() + err.getvalue() == expected
