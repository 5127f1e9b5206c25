"""A small-N smoke run of the scale benchmark (bench/run.py): every measurement is taken and
reported, and a rebuild with nothing changed processes no image. Times are not asserted."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_benchmark_runs_end_to_end(tmp_path: Path) -> None:
    run = subprocess.run([sys.executable, str(ROOT / "bench" / "run.py"), "--n", "12",
                          "--photos", "0.25", "--out", str(tmp_path / "results"),
                          "--work", str(tmp_path / "work")],
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    data = json.loads((tmp_path / "results" / "scale-12.json").read_text("utf-8"))
    (r,) = data["results"]
    assert r["n"] == 12 and r["photos"] >= 1
    for build in ("cold", "warm", "warm_caches", "one_edit", "cold_pages"):
        assert r[build]["seconds"] > 0
    # Memory is sampled in runs of its own: sampling slows what it measures.
    assert r["cold"]["peak_bytes"] > 10 * 2**20 and r["cold_pages"]["peak_bytes"] is None
    for other in ("material", "pagefind", "floor"):
        assert r[other]["peak_bytes"] > 2**20
    assert r["cold"]["images"]["photos"][0] == r["photos"]  # every photo made when cold…
    assert r["cold"]["images"]["share_images"][0] >= 12
    assert r["image_cost"]["made_on_warm_rebuild"] == 0  # …and none on the rebuild
    assert r["one_edit"]["images"]["share_images"][0] <= 1
    # The cold build the ratios use kept the images, and nothing else, from the first one.
    assert r["cold_pages"]["images"]["photos"][0] == 0
    assert r["cold_pages"]["images"]["share_images"][0] == 0
    assert r["cold_pages"]["phases"]["validate"] > r["warm"]["phases"]["validate"]
    # Nothing changed: the published site is kept; without it, it is made from the caches.
    assert "unchanged_check" in r["warm"]["phases"] and "pages" not in r["warm"]["phases"]
    assert "pages" in r["warm_caches"]["phases"]
    assert r["warm_caches"]["images"]["photos"] == [0, r["photos"]]
    for other in ("material", "pagefind", "floor"):
        assert r[other]["seconds"] > 0
    assert set(r["ratios"]) == {"cold_vs_material_plus_pagefind", "cold_vs_floor",
                                "warm_vs_cold", "warm_vs_cold_without_images",
                                "warm_caches_vs_cold_without_images", "one_edit_vs_cold"}
    # What the steps removed was kept aside until the end, then deleted with the rest.
    assert not (tmp_path / "work" / "trash").exists() and not (tmp_path / "work" / "n12").exists()
    table = (tmp_path / "results" / "scale-12.md").read_text("utf-8")
    assert table.startswith("| N | cold, images cached |") and "\n| 12 | " in table
