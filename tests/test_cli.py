"""The command line beyond validate/build: `new`, and the generated key reference."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import ROOT, SiteDir
from guongsang import schema_docs
from guongsang.cli import main


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


def test_validate_github_annotations(site: SiteDir) -> None:
    site.exemplar("nguyen-van-an", site.person(kind="ca-nhan"))
    code, out = site.run("validate", "--format", "github")
    assert code == 1
    line = next(x for x in out.splitlines() if x.startswith("::error "))
    assert line.startswith("::error file=content/exemplars/nguyen-van-an.md,line=4,"
                           "title=Gương sáng [kind]::“ca-nhan” không phải giá trị hợp lệ")
    assert "%0A→ Các giá trị hợp lệ: collective, household, individual." in line


def test_validate_only_what_changed_since_a_git_ref(site: SiteDir) -> None:
    import subprocess

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=site.root, check=True, capture_output=True)

    site.exemplar("htx-an-binh", site.collective(field="nong-ngiep"))  # old, already broken
    git("init", "-q")
    git("-c", "user.email=a@b", "-c", "user.name=a", "add", "-A")
    git("-c", "user.email=a@b", "-c", "user.name=a", "commit", "-qm", "start")
    code, out = site.run("validate", "--changed", "HEAD")
    assert code == 0, out  # nothing changed: the old problem is not this change's

    site.exemplar("nguyen-van-an", site.person(summary="Ngắn."))
    code, out = site.run("validate", "--changed", "HEAD")
    assert code == 1
    assert "nguyen-van-an.md" in out and "htx-an-binh.md" not in out
    code, out = site.run("validate", "--changed", "khong-co-nhanh-nay")
    assert code == 2 and "khong-co-nhanh-nay" in out


def test_shipped_hook_and_ci_examples_run_our_commands() -> None:
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text("utf-8"))
    assert hooks[0]["id"] == "guongsang-validate" and hooks[0]["entry"] == "guongsang validate"
    gh = yaml.safe_load((ROOT / "scripts/examples/github-pages.yml").read_text("utf-8"))
    steps = [s.get("run", "") for s in gh["jobs"]["check-and-build"]["steps"]]
    assert any(r.startswith("guongsang validate --format github --changed") for r in steps)
    assert "guongsang build -d site" in steps
    gl = yaml.safe_load((ROOT / "scripts/examples/gitlab-ci.yml").read_text("utf-8"))
    assert gl["pages"]["script"] == ["guongsang build -d public"]
    assert gl["check"]["script"][0].startswith("guongsang validate --changed")
    # The commands they run exist with these options.
    for args in (["validate", "--format", "github", "--changed", "HEAD"], ["build", "-d", "x"]):
        with pytest.raises(SystemExit) as exit_:
            main([*args, "--help"])
        assert exit_.value.code == 0


def test_new_exemplar_interactive_picks_a_free_id(site: SiteDir, monkeypatch) -> None:
    import io
    import sys as _sys

    # An existing profile already uses the id "le-thi-hoa" under another file name.
    site.exemplar("ho-so-cu", site.person(id="le-thi-hoa", title="Lê Thị Hoa"))
    answers = "Lê Thị Hoa\n9\n3\nxyz\n4\n1\nXã An Bình\n"  # a bad answer is asked again
    monkeypatch.setattr(_sys, "stdin", io.StringIO(answers))
    code, out = site.run("new", "exemplar", "--interactive")
    assert code == 0, out
    assert "Loại:" in out and "2. collective — Tập thể" in out and "Không có lựa chọn đó" in out
    path = site.content / "exemplars" / "le-thi-hoa-2.md"
    data = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    assert data["id"] == "le-thi-hoa-2" and data["kind"] == "household"
    assert data["campaigns"] == ["nong-thon-moi"] and data["locality"] == "Xã An Bình"
    assert data["field"] == "agriculture" and "consent" in data


def test_new_exemplar_refuses_unknown_values_with_a_suggestion(site: SiteDir) -> None:
    code, out = site.run("new", "exemplar", "--title", "Lê Văn Tám", "--field", "agriculure")
    assert code == 1 and "Có phải ý bạn là “agriculture”?" in out
    code, out = site.run("new", "exemplar", "--title", "Lê Văn Tám",
                         "--campaign", "nong-thon-moi-2030")
    assert code == 1 and "Có phải ý bạn là “nong-thon-moi”?" in out
    assert not list((site.content / "exemplars").glob("le-van-tam*.md"))
