"""The command line beyond validate/build: `new`, and the generated key reference."""

from __future__ import annotations

from pathlib import Path

import yaml

from conftest import ROOT, SiteDir
from guongsang import schema_docs


def test_readme_key_reference_is_current() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert schema_docs.update(readme) == readme, \
        "run: python -m guongsang.schema_docs --write README.md"


def test_new_exemplar_validates_once_filled(site: SiteDir) -> None:
    code, out = site.run("new", "exemplar", "--title", "Lê Thị Hoa", "--kind", "household",
                         "--field", "social-welfare", "--campaign", "nong-thon-moi")
    assert code == 0, out
    path = site.content / "exemplars" / "le-thi-hoa.md"
    text = path.read_text("utf-8")
    data = yaml.safe_load(text.split("---")[1])
    assert data["id"] == "le-thi-hoa" and data["kind"] == "household"
    assert data["status"] == "draft" and "consent" in data
    for heading in ("## Sơ lược lý lịch", "## Thành tích tiêu biểu xuất sắc",
                    "## Quá trình khen thưởng"):
        assert heading in text
    code, out = site.validate()
    assert code == 1 and "[locality]" in out  # the placeholder must be filled
    path.write_text(text.replace("locality: …", "locality: Xã An Bình"), "utf-8")
    code, out = site.validate()
    assert code == 0, out
    code, out = site.run("new", "exemplar", "--title", "Lê Thị Hoa", "--kind", "individual")
    assert code == 0 and Path(site.content / "exemplars" / "le-thi-hoa-2.md").is_file()


def test_new_campaign(site: SiteDir) -> None:
    code, out = site.run("new", "campaign", "--title", "Dân vận khéo")
    assert code == 0, out
    text = (site.content / "campaigns" / "dan-van-kheo.md").read_text("utf-8")
    assert "title: Dân vận khéo" in text and "period:" in text


def test_missing_config_file_is_a_clear_error(tmp_path: Path) -> None:
    from guongsang.cli import main

    assert main(["validate", "-f", str(tmp_path / "nope.yml")]) == 1
