"""Shortcuts taken for speed must give exactly what MkDocs and Material give."""

from __future__ import annotations

import random


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
        env.globals["gs_text"] = plugin._Texts()
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
