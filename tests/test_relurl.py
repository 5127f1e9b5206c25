"""`relurl.relative_url` must give exactly what MkDocs' own `get_relative_url` gives."""

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
        assert tuple(_norm_parts(url)) == relurl._parts(url), url
        assert relurl.relative_url(url, other) == original(url, other), (url, other)
    assert relurl._FAR  # targets outside the page's first folder were remembered
