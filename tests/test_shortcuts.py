"""Shortcuts taken for speed must give exactly what MkDocs and Material give."""

from __future__ import annotations

import logging
import random
import shutil
from pathlib import Path

import pytest

from conftest import SiteDir, make_jpeg


def test_the_same_addresses_as_mkdocs() -> None:
    from mkdocs.utils import _norm_parts

    from guongsang import relurl

    original = relurl._mkdocs_relative_url  # MkDocs' own, whether or not installed
    rnd = random.Random(5)
    segments = ["a", "b", "dien-hinh", "x.html", "..", ".", "", "media", "img.png", "c.d", "/"]

    def path() -> str:
        middle = "/".join(rnd.choice(segments) for _ in range(rnd.randint(0, 5)))
        return rnd.choice(["", "/"]) + middle + rnd.choice(["", "/"])

    pages = ["", "index.html", "dien-hinh/a/", "dien-hinh/b/", "linh-vuc/x/trang/2/", "404.html"]
    targets = ["assets/x.css", "dien-hinh/a/", "dien-hinh/c/", "./", ".", "", "tim-kiem/"]
    pairs = [(t, p) for t in targets for p in pages] * 2  # the second time from memory
    pairs += [(path(), path()) for _ in range(50_000)]
    for url, other in pairs:
        assert tuple(_norm_parts(url)) == relurl.parts(url), url
        assert relurl.relative_url(url, other) == original(url, other), (url, other)
    assert relurl._FAR  # targets outside the page's first folder were remembered


def test_the_theme_texts_are_materials() -> None:
    """Our partials/language.html looks each text up once per build; every text of every
    language reads as with Material's own partial (the fallback to English included)."""
    import re
    from pathlib import Path
    from types import SimpleNamespace

    import material
    from jinja2 import Environment, FileSystemLoader

    from guongsang import plugin

    material_dir = Path(material.__file__).parent / "templates"
    keys = set()
    for path in (material_dir / "partials" / "languages").glob("*.html"):
        keys |= set(re.findall(r'^  "([^"]+)":', path.read_text("utf-8"), re.MULTILINE))
    assert len(keys) > 50
    page = ('{% import "partials/language.html" as lang with context %}'
            '{% for k in keys %}{{ lang.t(k) }}|{{ lang.t(k) }}\n{% endfor %}')

    def texts(dirs: list[str], language: str) -> str:
        env = Environment(loader=FileSystemLoader(dirs))
        env.globals["gs_text"] = plugin._Texts(env, language)
        config = SimpleNamespace(theme={"language": language})
        return env.from_string(page).render(keys=sorted(keys) + ["no.such.key"], config=config)

    for language in ("vi", "en", "fr", "zh-TW"):
        ours = texts([str(plugin.THEME_DIR), str(material_dir)], language)
        assert ours == texts([str(material_dir)], language), language
        if language == "vi":
            assert "\nMục lục|Mục lục\n" in ours and "\nno.such.key|no.such.key\n" in ours


def test_a_build_collects_garbage_less_often() -> None:
    """The thresholds are raised for `guongsang` and for a plain `mkdocs build` (the
    plugin's on_config), and never lowered where someone set them higher."""
    import gc
    from pathlib import Path

    from mkdocs.config import load_config

    from guongsang.collect import THRESHOLDS, collect_less

    saved = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)  # Python's defaults
        config = load_config(str(Path(__file__).parents[1] / "mkdocs.yml"))
        config.plugins.on_config(config)
        assert gc.get_threshold() == THRESHOLDS
        gc.set_threshold(10 * THRESHOLDS[0], 5, 5)
        collect_less()
        assert gc.get_threshold() == (10 * THRESHOLDS[0], 5, 5)
    finally:
        gc.set_threshold(*saved)


KEPT = "Không có gì thay đổi kể từ lần dựng trước"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _radio_warnings(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records
            if r.levelno == logging.WARNING and "kịch bản phát thanh" in r.getMessage()]


def test_a_rebuild_with_nothing_changed_keeps_the_site_and_shows_its_warnings(
        site: SiteDir, caplog: pytest.LogCaptureFixture) -> None:
    long_story = "## Câu chuyện\n\n" + "Ông An cùng bà con trong thôn làm đường bê tông. " * 400
    site.exemplar("nguyen-van-an", site.person(), body=long_story)
    code, out, site_dir = site.build()
    assert code == 0 and KEPT not in out, out
    first = _radio_warnings(caplog)
    assert len(first) == 1 and "nguyen-van-an.md" in first[0]
    before, folder = _files(site_dir), site_dir.stat().st_ino
    caplog.clear()
    code, out, _ = site.build()
    assert code == 0 and KEPT in out, out
    assert _radio_warnings(caplog) == first  # the editor still sees what needs fixing
    assert site_dir.stat().st_ino == folder and _files(site_dir) == before


def test_any_changed_input_or_output_builds_again(site: SiteDir,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    site.exemplar("nguyen-van-an", site.person())
    shared = site.root / "giao-dien-chung"  # theme overrides kept elsewhere, linked in
    shared.mkdir()
    (shared / "chung.html").write_text("<!-- mẫu chung -->\n", "utf-8")
    (site.root / "theme").mkdir()
    (site.root / "theme" / "guongsang").symlink_to(shared)
    code, out, site_dir = site.build()
    assert code == 0 and KEPT not in out, out
    published = _files(site_dir)
    page = site_dir / "dien-hinh" / "nguyen-van-an" / "index.html"
    theme = site.root / "theme" / "guongsang"  # written through the link

    def changes():
        yield "a profile saved again", site.touch
        yield "a page of the site edited by hand", lambda: page.write_text("hỏng", "utf-8")
        yield "a file of the site removed", (site_dir / "feeds" / "rss.xml").unlink
        yield "the site removed", lambda: shutil.rmtree(site_dir)
        yield "a template of the site's theme", lambda: (
            theme.mkdir(parents=True, exist_ok=True), (theme / "ghi-chu.html").write_text(
                "<!-- mẫu riêng của trang -->\n", "utf-8"))
        yield "mkdocs.yml", lambda: (site.root / "mkdocs.yml").write_text(
            (site.root / "mkdocs.yml").read_text("utf-8") + "# ghi chú\n", "utf-8")
        yield "the build's date pinned", lambda: monkeypatch.setenv("SOURCE_DATE_EPOCH",
                                                                    "1767225600")
        yield "a photo added", lambda: make_jpeg(site.content / "media" / "moi.jpg")
        yield "a file in a linked theme folder", lambda: (shared / "chung.html").write_text(
            "<!-- mẫu chung, sửa lại -->\n", "utf-8")

    for what, change in changes():
        change()
        code, out, _ = site.build()
        assert code == 0 and KEPT not in out, what
        assert _files(site_dir)["dien-hinh/nguyen-van-an/index.html"] == published[
            "dien-hinh/nguyen-van-an/index.html"], what  # built again, as it was
        code, out, _ = site.build()
        assert code == 0 and KEPT in out, what  # …and kept by the build after


def test_a_profile_whose_date_comes_is_published_without_any_file_changed(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    import datetime as dt

    from guongsang import site as site_mod

    now = [dt.datetime(2030, 2, 27, 8, 0)]  # the same year throughout: only the date counts
    monkeypatch.setattr(site_mod, "build_time", lambda tz: now[0].replace(tzinfo=tz))
    site.exemplar("nguyen-van-an", site.person())
    site.exemplar("htx-an-binh", site.collective(published="2030-03-01"))
    code, out, site_dir = site.build()
    assert code == 0 and not (site_dir / "dien-hinh" / "htx-an-binh").exists()
    code, out, _ = site.build()
    assert KEPT in out
    now[0] = dt.datetime(2030, 3, 2, 8, 0)
    code, out, _ = site.build()
    assert code == 0 and KEPT not in out, out
    assert (site_dir / "dien-hinh" / "htx-an-binh" / "index.html").is_file()


def test_kept_compiled_templates_give_the_same_site_and_damaged_ones_are_compiled_again(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from jinja2 import Environment

    monkeypatch.setenv("GUONGSANG_PAGE_WORKERS", "1")  # every page made in this process
    compiled = []
    original = Environment.compile

    def counting(self, *args, **kwargs):
        compiled.append(1)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Environment, "compile", counting)
    site.exemplar("nguyen-van-an", site.person())
    code, out, site_dir = site.build()
    assert code == 0, out
    first, cold = _files(site_dir), len(compiled)
    folder = site.root / ".cache" / "guongsang" / "templates"
    kept = sorted(folder.rglob("__jinja2_*.cache"))
    assert cold > 20 and len(kept) == cold
    assert {p.relative_to(folder).parts[0] for p in kept} == {"guongsang", "mkdocs"}

    def rebuild() -> int:
        compiled.clear()
        site.touch()
        code, out, _ = site.build()
        assert code == 0 and KEPT not in out, out
        assert _files(site_dir) == first
        return len(compiled)

    assert rebuild() == 0  # every template read back, none compiled
    for path in kept:
        path.write_bytes(path.read_bytes()[:40])  # cut short: unreadable
    again = rebuild()
    # Each damaged template the build used was compiled once and kept again, whole (those
    # left are used by the first build's share images only).
    assert again == sum(len(p.read_bytes()) > 40 for p in kept) > 20
    assert rebuild() == 0


def test_a_profile_saved_while_the_site_is_built_is_built_by_the_next_build(
        site: SiteDir, monkeypatch: pytest.MonkeyPatch) -> None:
    from guongsang import cli

    path = site.exemplar("nguyen-van-an", site.person())
    real_load = cli.load_content

    def saved_meanwhile(*args, **kwargs):  # just after the profiles were read
        content = real_load(*args, **kwargs)
        path.write_text(path.read_text("utf-8").replace("Trưởng thôn", "Bí thư chi bộ"),
                        "utf-8")
        return content

    monkeypatch.setattr(cli, "load_content", saved_meanwhile)
    code, out, site_dir = site.build()
    assert code == 0, out
    page = site_dir / "dien-hinh" / "nguyen-van-an" / "index.html"
    assert "Trưởng thôn" in page.read_text("utf-8")  # what was read
    monkeypatch.setattr(cli, "load_content", real_load)
    code, out, _ = site.build()
    assert code == 0 and KEPT not in out, out
    assert "Bí thư chi bộ" in page.read_text("utf-8")
