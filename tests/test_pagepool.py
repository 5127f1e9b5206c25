"""Pages rendered outside MkDocs' loop (worker processes, the page cache, `serve` showing a
story edit alone) must give exactly the pages MkDocs' own way gives."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from conftest import BODY, SiteDir
from guongsang.pagepool import WORKERS_ENV


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _small_site(site: SiteDir, n: int = 6) -> SiteDir:
    for i in range(n):
        data = site.person(id=f"nguoi-{i}", title=f"Nguyễn Văn Tên{i}",
                           summary=f"Người thứ {i} làm kinh tế giỏi, giúp bà con thoát nghèo.")
        site.exemplar(f"nguoi-{i}", data, BODY + f"\nSTORYMARKER{i} câu chuyện riêng.\n")
    site.exemplar("htx", site.collective())
    return site


def test_workers_write_the_same_bytes_as_one_process(site: SiteDir, monkeypatch) -> None:
    _small_site(site)
    # A worker lets go of a page's text once written; the page's title in the navigation of
    # every page made after it must not go with it.
    (site.content / "pages" / "gioi-thieu.md").write_text(
        "---\ntitle: Trang GIOITHIEU\n---\n\nNội dung.\n", "utf-8")
    outputs = []
    for workers in ("1", "2", "3"):
        monkeypatch.setenv(WORKERS_ENV, workers)
        for cache in (site.root / ".cache").glob("guongsang/packs"):  # render every page
            __import__("shutil").rmtree(cache)
        out = site.root / f"site-{workers}"
        code, log = site.run("build", "-d", str(out))
        assert code == 0, log
        assert "Page skipped" not in log
        outputs.append(_files(out))
    assert len(outputs[0]) > 50
    assert "STORYMARKER3" in outputs[0]["dien-hinh/nguoi-3/index.html"].decode()
    assert outputs[0] == outputs[1] == outputs[2]
    profiles = [k for k in outputs[0] if re.fullmatch(r"dien-hinh/[^/]+/index\.html", k)]
    assert len(profiles) == 7
    for name in profiles:
        assert "Trang GIOITHIEU" in outputs[0][name].decode(), name


def test_shortcuts_change_no_byte(site: SiteDir, monkeypatch) -> None:
    """One Markdown converter per worker (its inline patterns pruned by `mdprune`, its tree
    read for the radio scripts), Material's navigation, header (but its title), footer,
    settings blocks and partials below the story and our profile cards kept per folder are
    shortcuts: the same site built without them is the same, byte for byte."""
    from guongsang import converter, navcache, radio
    from guongsang.render import Renderer

    assert converter.matches_mkdocs(), "MkDocs changed Page.render: review converter.py"
    _small_site(site)
    # Stories that would show state left behind by the page before: the same headings (ids),
    # a table, a link to another page and to an anchor.
    site.exemplar("bang", site.person(id="bang", title="Trần Thị Bảng"),
                  "## Sơ lược lý lịch\n\n| Năm | Hộ |\n|---|---|\n| 2023 | 5 |\n\n"
                  "## Sơ lược lý lịch\n\nXem [người thứ nhất](nguoi-1.md#so-luoc-ly-lich).\n")
    renders: list[str] = []
    kept = navcache._kept

    def counting(render, name, *args, **kwargs):
        def counted(context):
            renders.append(name)
            yield from render(context)
        return kept(counted, name, *args, **kwargs)

    monkeypatch.setattr(navcache, "_kept", counting)
    titled = navcache._kept_titled

    def counting_titled(render, name, *args):
        def counted(context):
            renders.append(name)
            yield from render(context)
        return titled(counted, name, *args)

    monkeypatch.setattr(navcache, "_kept_titled", counting_titled)
    reused: list[str] = []
    reuse = radio._reused_blocks

    def counting_reuse(text: str):
        blocks = reuse(text)
        if blocks is not None:
            reused.append(text)
        return blocks

    monkeypatch.setattr(radio, "_reused_blocks", counting_reuse)
    cards: list[bool] = []  # made (False) or reused (True) by `Renderer._card_memo`
    memo = Renderer._card_memo

    def counting_cards(self, e, caller, *args):
        made: list[int] = []
        html = memo(self, e, lambda: made.append(1) or caller(), *args)
        cards.append(not made)
        return html

    monkeypatch.setattr(Renderer, "_card_memo", counting_cards)
    radio._SCRIPTS.clear()  # scripts an earlier test made in this process
    code, log = site.run("build", "-d", str(site.root / "fast"))
    assert code == 0, log
    fast = _files(site.root / "fast")
    pages = [k for k in fast if k.endswith("index.html")]
    for kept in ("partials/nav.html", "partials/footer.html", "base.html#config",
                 "base.html#styles", "base.html#scripts", "partials/source-file.html",
                 "partials/header.html"):
        assert 0 < renders.count(kept) <= len(pages) - 7, kept  # 8 profiles: 1 render
    assert len(reused) >= 5  # radio scripts read from their pages' trees (`StoryCapture`)
    assert cards.count(True) >= 20 and cards.count(False) >= 5  # cards kept per folder

    monkeypatch.setattr(converter, "matches_mkdocs", lambda: False)
    monkeypatch.setattr(navcache, "install", lambda *args: None)
    monkeypatch.setattr(Renderer, "_card_memo", lambda self, e, caller, *args: caller())
    for cache in ("packs", "scripts"):  # pages and radio scripts made again, the plain way
        __import__("shutil").rmtree(site.root / ".cache" / "guongsang" / cache)
    radio._SCRIPTS.clear()
    code, log = site.run("build", "-d", str(site.root / "plain"))
    assert code == 0, log
    assert fast == _files(site.root / "plain")
    assert "id=\"so-luoc-ly-lich_1\"" in fast["dien-hinh/bang/index.html"].decode()


def _packs(site: SiteDir) -> Path:
    return site.root / ".cache" / "guongsang" / "packs"


def _page_entries(site: SiteDir) -> int:
    """Finished pages the cache keeps (their keys start with "p")."""
    index = json.loads((_packs(site) / "index.json").read_text("utf-8"))
    return sum(key.startswith("p") for key in index["where"])


def _entry_of(site: SiteDir, marker: str) -> tuple[Path, str]:
    from guongsang.packs import load_pack

    found = [(pack, key) for pack in _packs(site).glob("*.pack")
             for key, entry in load_pack(pack.read_bytes()).items()
             if key.startswith("p") and marker.encode() in entry["page"]]
    assert len(found) == 1, found
    return found[0]


def _plant(where: tuple[Path, str], marker: str) -> None:
    from guongsang.packs import dump_pack, load_pack

    pack, key = where
    entries = load_pack(pack.read_bytes())
    entries[key]["page"] = entries[key]["page"].replace(b"</body>", f"{marker}</body>".encode())
    pack.write_bytes(dump_pack(entries))


def test_page_cache_reuses_only_what_did_not_change(site: SiteDir) -> None:
    _small_site(site)
    code, log, out = site.build()
    assert code == 0, log
    first = _page_entries(site)
    # Mark the kept copies of two pages: a rebuild that reuses them shows the mark.
    _plant(_entry_of(site, "STORYMARKER1"), "KEPTCOPY1")
    _plant(_entry_of(site, "STORYMARKER2"), "KEPTCOPY2")
    site.touch()  # built again from the caches, not kept as it is
    code, log, out = site.build()
    assert code == 0, log
    assert "KEPTCOPY1" in (out / "dien-hinh/nguoi-1/index.html").read_text("utf-8")
    assert "KEPTCOPY2" in (out / "dien-hinh/nguoi-2/index.html").read_text("utf-8")
    # A story edit renders that page again, and no other.
    path = site.content / "exemplars" / "nguoi-1.md"
    path.write_text(path.read_text("utf-8") + "\nEDITEDSTORY thêm một đoạn.\n", "utf-8")
    code, log, out = site.build()
    assert code == 0, log
    page1 = (out / "dien-hinh/nguoi-1/index.html").read_text("utf-8")
    assert "EDITEDSTORY" in page1 and "KEPTCOPY1" not in page1
    assert "KEPTCOPY2" in (out / "dien-hinh/nguoi-2/index.html").read_text("utf-8")
    # A front matter edit may change any list or related card: every page is rendered.
    path = site.content / "exemplars" / "nguoi-4.md"
    path.write_text(path.read_text("utf-8").replace("Nguyễn Văn Tên4", "Trần Thị RENAMED"),
                    "utf-8")
    code, log, out = site.build()
    assert code == 0, log
    assert "KEPTCOPY2" not in (out / "dien-hinh/nguoi-2/index.html").read_text("utf-8")
    assert "Trần Thị RENAMED" in (out / "index.html").read_text("utf-8")
    # Each such edit would leave a copy of every page behind: only two digests are kept.
    for name in ("Một", "Hai", "Ba"):
        path.write_text(path.read_text("utf-8").replace("Trần Thị ", f"Trần Thị {name} "),
                        "utf-8")
        code, log, out = site.build()
        assert code == 0, log
    kept = _page_entries(site)
    assert first <= kept <= 2 * first, (first, kept)
    # …and only the packs they are in.
    index = json.loads((_packs(site) / "index.json").read_text("utf-8"))
    assert {p.name for p in _packs(site).iterdir()} == {"index.json", *index["where"].values()}


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.read().decode("utf-8")
    except OSError:
        return ""


def _page(served: str) -> str:
    """The page as built: the preview's reload script carries a build counter."""
    return re.sub(r"livereload\(\d+, \d+\)", "livereload()", served)


def _wait(check, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return True
        time.sleep(0.1)
    return False


@contextmanager
def _serving(site: SiteDir) -> Iterator[tuple[int, Callable[[], str]]]:
    """`guongsang serve` on the small site, once its first build is served: (port, log)."""
    _small_site(site)
    port = _free_port()
    log_path = site.root / "serve.log"
    tmp = site.root / "tmp"  # where MkDocs puts the preview's site
    tmp.mkdir()
    with log_path.open("w") as log_file:
        proc = subprocess.Popen(
            [sys.executable, "-m", "guongsang.cli", "serve", "-a", f"127.0.0.1:{port}", "-f",
             str(site.root / "mkdocs.yml")], stdout=log_file, stderr=subprocess.STDOUT,
            env={**os.environ, "TMPDIR": str(tmp)})
    log = lambda: log_path.read_text("utf-8")  # noqa: E731
    try:
        assert _wait(lambda: "STORYMARKER1" in _get(
            f"http://127.0.0.1:{port}/dien-hinh/nguoi-1/")), log()
        time.sleep(1)  # the watcher starts after the first build
        assert [p.name for p in tmp.iterdir() if p.name.startswith("mkdocs_")]
        yield port, log
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    # A plain `kill` stops it as Ctrl+C does: its temporary site is deleted.
    assert proc.returncode == 0, log()
    assert not [p.name for p in tmp.iterdir() if p.name.startswith("mkdocs_")]


def test_serve_shows_a_story_edit_without_a_full_build(site: SiteDir) -> None:
    with _serving(site) as (port, log):
        url = f"http://127.0.0.1:{port}/dien-hinh/nguoi-1/"
        path = site.content / "exemplars" / "nguoi-1.md"
        path.write_text(path.read_text("utf-8") + "\nQUICKEDIT một đoạn mới.\n", "utf-8")
        assert _wait(lambda: "QUICKEDIT" in _get(url), 30), log()
        assert "Đã cập nhật 1 trang hồ sơ" in log()
        quick = _get(url)
        # The same page after a full build (mkdocs.yml touched) is byte for byte the same.
        builds = log().count("Building documentation")
        config = site.root / "mkdocs.yml"
        config.write_text(config.read_text("utf-8") + "\n# sửa cấu hình\n", "utf-8")
        assert _wait(lambda: log().count("Building documentation") > builds
                     and log().rstrip().endswith("Reloading browsers"), 60), log()
        assert _page(_get(url)) == _page(quick)
        # A front matter change is not a story edit: the whole site is built.
        builds = log().count("Building documentation")
        path.write_text(path.read_text("utf-8").replace("Nguyễn Văn Tên1", "Lê Thị NEWNAME"),
                        "utf-8")
        assert _wait(lambda: "Lê Thị NEWNAME" in _get(f"http://127.0.0.1:{port}/"), 60), log()
        assert log().count("Building documentation") > builds
        assert log().count("Đã cập nhật") == 1


@pytest.mark.parametrize("change", ["new file", "bad story"])
def test_serve_builds_everything_for_other_changes(site: SiteDir, change: str) -> None:
    with _serving(site) as (port, log):
        builds = log().count("Building documentation")
        if change == "new file":
            site.exemplar("nguoi-moi", site.person(id="nguoi-moi", title="Phạm Văn NEWPROFILE"))
            assert _wait(lambda: "NEWPROFILE" in _get(
                f"http://127.0.0.1:{port}/dien-hinh/nguoi-moi/"), 60), log()
        else:  # a phone number in the story: the full build stops and says where
            path = site.content / "exemplars" / "nguoi-1.md"
            path.write_text(path.read_text("utf-8") + "\nLiên hệ 0905123456.\n", "utf-8")
            assert _wait(lambda: "0905123456" in log(), 60), log()
            assert log().count("Building documentation") > builds
        assert "Đã cập nhật" not in log()


@pytest.mark.parametrize("workers", ["1", "2"])
@pytest.mark.parametrize("template", ["exemplar.html", "guide.html"])
def test_a_broken_theme_override_stops_the_build_with_its_reason(
        site: SiteDir, monkeypatch, workers: str, template: str) -> None:
    """A list page's template breaking too: the search index is being made by then (more
    profiles than a worker's share of pages, so that the lists come in a later share); it is
    stopped, and leaves no file behind."""
    import tempfile

    from guongsang import plugin

    _small_site(site, 30 if template == "guide.html" else 6)
    started: list[bool] = []
    real_start = plugin._Indexing.start
    monkeypatch.setattr(plugin._Indexing, "start",
                        lambda self, *a: started.append(True) or real_start(self, *a))
    temp = site.root / "temp"
    temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(temp))
    monkeypatch.setenv(WORKERS_ENV, workers)
    override = site.root / "theme" / "guongsang" / template
    override.parent.mkdir(parents=True)
    override.write_text("<p>{{ khong_co_bien.x }}</p>", "utf-8")
    code, log = site.run("build", "-d", str(site.root / "site"))
    assert code == 1
    assert "lỗi mẫu giao diện" in log and "khong_co_bien" in log and "theme/" in log
    assert "Traceback" not in log
    # With workers, the guide (a late page) fails once the index was started.
    assert bool(started) == (template == "guide.html" and workers == "2")
    assert list(temp.iterdir()) == []
    cache = site.root / ".cache" / "guongsang" / "search"
    assert not [p for p in cache.glob("*") if p.name.startswith(("index-", "pagefind-"))]
    assert not (site.root / "site").exists()  # nothing published


def test_a_pack_that_cannot_be_written_is_only_a_miss(tmp_path: Path) -> None:
    from guongsang.packs import Packs

    blocked = tmp_path / "packs"
    blocked.write_text("a file where the folder should be", "utf-8")
    packs = Packs(blocked)
    packs.put("pkey", {"page": "<p>trang</p>"})
    assert packs.get("pkey") == {"page": "<p>trang</p>"}
    packs.flush()  # no exception: the page is rendered again next time
    assert packs.get("pkey") is None and packs.take_written() == {}
    fine = Packs(tmp_path / "ok")
    fine.put("pkey", {"page": "<p>trang</p>"})
    fine.flush()
    written = fine.take_written()
    assert set(written) == {"pkey"} and Packs(tmp_path / "ok").get("pkey") is None  # no index
    fine.learn(written)  # as the build does with what a worker wrote
    fine.save("digest", ["pkey"])
    assert Packs(tmp_path / "ok").get("pkey") == {"page": "<p>trang</p>"}


def test_a_pack_gives_back_what_was_put_and_a_damaged_one_nothing(tmp_path: Path) -> None:
    from guongsang.packs import MAGIC, Packs, dump_pack, load_pack

    long = "Câu chuyện \"dài\"\nnhiều dòng, có \\ và </p>. " * 40  # kept after the JSON line
    entries = {"p1": {"page": "<p>é</p>".encode() * 100, "story": long, "words": ["a", "đ"],
                      "radio": {"k": 12}, "none": None},
               "h2": {"html": "ngắn", "toc": [], "anchors": ["x"]},
               "s3": {"text": long + "\n"}}
    data = dump_pack(entries)
    assert data.startswith(MAGIC) and data.count(b"\n", len(MAGIC)) >= 1
    assert load_pack(data) == entries
    packs = Packs(tmp_path / "packs")
    for key, entry in entries.items():
        packs.put(key, entry)
    packs.flush()
    packs.save("digest", list(entries))
    again = Packs(tmp_path / "packs")
    assert {key: again.get(key) for key in entries} == entries
    (name,) = {again.where[key] for key in entries}
    pack = tmp_path / "packs" / name
    for damaged in (data[:len(data) // 2], b"{}", data.replace(MAGIC, b"GSPACK1\n"),
                    data[:len(MAGIC) + 20] + b"\n" + data[len(MAGIC) + 20:]):
        pack.write_bytes(damaged)
        fresh = Packs(tmp_path / "packs")
        assert [fresh.get(key) for key in entries] in ([None] * 3,
                                                       [None, entries["h2"], None]), damaged[:40]


def test_a_card_is_made_once_and_reads_right_on_every_page() -> None:
    """`Renderer._card_memo` makes a profile's card once, as a form whose blanks are its
    addresses; every page gets the card the macro itself would make there, addresses read
    from that page (into the card's own folder too) and escaped as the macro escapes them."""
    from jinja2 import ChoiceLoader, DictLoader

    from guongsang.render import Renderer

    card = ('<a href="{{ url(\'dien-hinh/\' ~ e.slug ~ \'/\') }}">{{ e.title }}</a>'
            '{% if e.photo %}<img src="{{ url(e.photo) }}" srcset="{{ url(e.photo) }} 2x">'
            '{% endif %}<a href="{{ url(\'\') }}">{{ made() }}</a>')
    renderer, made = Renderer(), []
    renderer.env.loader = ChoiceLoader([DictLoader({
        "memo.html": "{% for e in items %}{% call card_memo(e) %}" + card + "{% endcall %}"
                     "{% endfor %}",
        "plain.html": "{% for e in items %}" + card + "{% endfor %}"}), renderer.env.loader])

    class P:
        def __init__(self, slug: str, title: str, photo: str = "") -> None:
            self.slug, self.title, self.photo = slug, title, photo

    items = [P("b", "Bà <Ba> & “Tư”", "media/exemplars/b&c'd-640.webp"), P("a", "Ông A"),
             P("x", "Chứa \x00 lạ")]
    pages = ["dien-hinh/a/", "dien-hinh/b/", "dien-hinh/b/trang-2/", "linh-vuc/x/", "media/",
             "media/exemplars/", "", "index.html", "phong-trao/p/trang/2/", "404.html",
             # as deep as pages before: kept cards, unless an address enters the first folder
             "dia-ban/z/", "dien-hinh/c/", "media/exemplars/trang/2/", "nam/2021/trang/3/"]
    for page in pages:
        expected = renderer.render("plain.html", page, items=items, made=lambda: "")
        shown = renderer.render("memo.html", page, items=items,
                                made=lambda page=page: made.append(page) or "")
        assert shown == expected, page
    # Each card made once, as a form; the one whose own text holds "\x00" is then made on
    # every page the plain way (on the first, twice).
    assert made.count(pages[0]) == 4 and len(made) == 4 + len(pages) - 1
    renderer.forget()
    renderer.render("memo.html", "dien-hinh/c/", items=items[:1], made=lambda: made.append(1))
    assert made[-1] == 1  # a new build makes its cards again


def test_results_start_the_next_step_once_the_first_pages_are_handed_over() -> None:
    """The search index starts when the profiles are made, while the lists still are."""
    from concurrent.futures import Future

    from guongsang.pagepool import Job, Rendered, Run

    class Pool:
        def shutdown(self, **_: object) -> None:
            events.append("shutdown")

    def chunk(start: int) -> Future:
        f: Future = Future()
        f.set_result(([Rendered(f"p{i}", None, None, False) for i in range(start, start + 3)],
                      {}, {}))
        return f

    events: list[str] = []
    for first, after in [(4, 6), (6, 6), (0, 0), (99, 9)]:
        events.clear()
        run = Run(Job(None, None, None, None, None, None, {}, frozenset()), [], 2, first)
        run.pool, run.futures = Pool(), [chunk(0), chunk(3), chunk(6)]
        run.results(lambda r: events.append(r.src_uri), lambda: events.append("then"))
        assert events.index("then") == after, (first, events)
        assert events.count("then") == 1 and events[-1] == "shutdown"


def test_workers_past_the_indexed_pages_step_back(monkeypatch) -> None:
    """Pages after the first `first` (the lists) are rendered at a lower priority: the search
    index, started once the first are made, is what the build waits for."""
    from guongsang import pagepool

    tasks: list[tuple[int, bool]] = []

    class Pool:
        def __init__(self, *_: object, **__: object) -> None:
            pass

        def submit(self, fn, chunk, behind):
            tasks.append((len(chunk), behind))

        def shutdown(self, **_: object) -> None:
            pass

    monkeypatch.setattr(pagepool, "ProcessPoolExecutor", Pool)
    c = pagepool.CHUNK
    run = pagepool.Run(pagepool.Job(None, None, None, None, None, None, {}, frozenset()),
                       [f"p{i}" for i in range(5 * c - 1)], 2, first=2 * c + 3)
    run.start()
    run.stop()
    assert tasks == [(c, False), (c, False), (c, False), (c, True), (c - 1, True)]
    code = ("from guongsang.pagepool import BEHIND, _step_back; import os; "
            "_step_back(); _step_back(); print(os.nice(0) == BEHIND)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == "True"
