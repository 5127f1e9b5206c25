"""The embedded demo: big enough to show the product, and it obeys its own rules."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path

import pytest
from PIL import Image

from conftest import ROOT, all_text
from guongsang.cli import main
from guongsang.config import read_site
from guongsang.validate import load_content


@pytest.fixture(scope="module")
def demo() -> tuple:
    site_in = read_site(ROOT / "mkdocs.yml")
    return site_in, load_content(site_in.site_root, site_in.docs_dir, site_in.options,
                                 site_in.site_url, site_in.site_name)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("demo") / "site"
    assert main(["build", "-f", str(ROOT / "mkdocs.yml"), "-d", str(out)]) == 0
    return out


def test_demo_is_valid_and_realistic(demo: tuple) -> None:
    site_in, content = demo
    assert content.problems.errors == []
    assert len(content.exemplars) >= 30
    assert len(content.campaigns) >= 6
    assert len(content.settings.localities) >= 8
    kinds = Counter(e.kind for e in content.exemplars if e.status == "published")
    assert set(kinds) == {"individual", "collective", "household"}
    assert len({e.year for e in content.exemplars}) >= 4
    statuses = Counter(e.status for e in content.exemplars)
    assert statuses["draft"] >= 1 and statuses["withdrawn"] >= 1 and statuses["review"] >= 1
    assert any(e.published and e.published.year > 2026 for e in content.exemplars)
    assert sum(1 for e in content.exemplars if e.photo) >= 15


def test_demo_builds_without_leaks(demo: tuple, built: Path) -> None:
    _, content = demo
    everything = all_text(built)
    markers = ("BẢN NHÁP NỘI BỘ", "CHỜ DUYỆT", "HẸN GIỜ CÔNG BỐ", "ĐÃ GỠ", "kết luận thanh tra")
    for marker in markers:
        assert marker not in everything, marker
    hidden = [e for e in content.exemplars if e.status in ("draft", "review")
              or (e.status == "published" and e.published.year > 2026)]
    for e in hidden:
        assert not (built / "dien-hinh" / e.slug).exists()
    public = [e for e in content.exemplars if e.status == "published" and e.published.year <= 2026]
    for e in public:
        assert (built / "dien-hinh" / e.slug / "index.html").is_file()


def test_demo_photos_are_published_clean(built: Path) -> None:
    photos = [p for p in (built / "media").rglob("*") if p.suffix in (".jpg", ".webp")]
    assert len(photos) >= 15 * 8
    for path in photos:
        with Image.open(path) as im:
            assert not im.getexif() and "exif" not in im.info and "xmp" not in im.info, path
    # Stored sideways with an orientation flag and a GPS position in the source.
    largest = max((built / "media" / "exemplars").glob("nguyen-van-an-*.jpg"),
                  key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    with Image.open(largest) as im:
        assert im.width > im.height


def test_build_is_reproducible(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    src = tmp_path / "src"
    shutil.copytree(ROOT / "content", src / "content")
    shutil.copytree(ROOT / "theme", src / "theme")
    shutil.copy(ROOT / "mkdocs.yml", src / "mkdocs.yml")
    outs = []
    for name in ("a", "b", "warm"):
        if name != "warm":  # images drawn, Markdown converted anew, nothing reused
            shutil.rmtree(src / ".cache", ignore_errors=True)
        assert main(["build", "-f", str(src / "mkdocs.yml"), "-d", str(tmp_path / name)]) == 0
        outs.append({p.relative_to(tmp_path / name): p.read_bytes()
                     for p in sorted((tmp_path / name).rglob("*")) if p.is_file()})
    # The same bytes from scratch twice, and from the caches (images, HTML, radio) too.
    index = json.loads((src / ".cache" / "guongsang" / "packs" / "index.json").read_text("utf-8"))
    assert sum(key.startswith("h") for key in index["where"]) > 30  # converted stories
    for other in outs[1:]:
        assert outs[0].keys() == other.keys()
        assert [k for k in outs[0] if outs[0][k] != other[k]] == []


def test_related_exemplars_same_campaign_then_same_field(demo: tuple) -> None:
    """The grouped lookup gives what scanning the whole site would: most shared campaigns
    first, then the same field, newest first; never the exemplar itself or a hidden one."""
    from guongsang.site import Site

    _, content = demo
    site = Site(content.settings, content.exemplars, content.campaigns)
    public = list(site.public)
    for e in public:
        def score(o, e=e):
            return (len(set(o.campaigns) & set(e.campaigns)), int(o.field == e.field))
        expected = sorted((o for o in public if o.id != e.id and any(score(o))),
                          key=score, reverse=True)[:4]
        assert list(site.related(e)) == expected, e.id
    assert any(site.related(e) for e in public)
