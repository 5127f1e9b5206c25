"""The editors' JSON Schema: generated from the one schema, current in the repository, and in
agreement with `guongsang validate` on a table of valid and invalid front matter."""

from __future__ import annotations

import copy
import json
import re
import subprocess
from pathlib import Path

import pytest
import yaml
from jsonschema import Draft202012Validator

from conftest import ROOT, SiteDir, dump_front
from guongsang import json_schema
from guongsang.cli import schema_choices
from guongsang.config import read_site


def as_json(data: dict) -> dict:
    """Front matter as an editor's tool sees it: YAML dates are strings there."""
    return json.loads(json.dumps(data, default=lambda o: o.isoformat()))


def validator(root: Path, kind: str = "exemplar") -> Draft202012Validator:
    schema = json.loads(json_schema.files(schema_choices(read_site(root / "mkdocs.yml")))[
        f"{kind}.schema.json"])
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema)


def test_shipped_schemas_are_current() -> None:
    choices = schema_choices(read_site(ROOT / "mkdocs.yml"))
    for name, text in json_schema.files(choices).items():
        assert (ROOT / "schemas" / name).read_text("utf-8") == text, \
            "run: .venv/bin/guongsang schema --write"


def test_every_demo_file_passes_the_schema() -> None:
    for kind, folder in (("exemplar", "exemplars"), ("campaign", "campaigns")):
        check = validator(ROOT, kind)
        for path in sorted((ROOT / "content" / folder).glob("*.md")):
            front = path.read_text("utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
            errors = [e.message for e in check.iter_errors(as_json(yaml.safe_load(front)))]
            assert errors == [], (path.name, errors)


def _set(data: dict, dotted: str, value: object) -> None:
    *parents, last = dotted.split(".")
    for p in parents:
        data = data.setdefault(p, {})
    if value is _DROP:
        data.pop(last, None)
    else:
        data[last] = value


_DROP = object()
CASES = [  # (what changes, whether both must accept it)
    ({}, True),
    ({"status": "draft", "consent": _DROP}, True),
    ({"tags": ["xoài", "hiến đất"], "featured": True}, True),
    ({"kind": "ca-nhan"}, False),
    ({"title": _DROP}, False),
    ({"tittle": "Nguyễn Văn An"}, False),
    ({"summary": "Ngắn quá."}, False),
    ({"year": 1800}, False),
    ({"id": "AB"}, False),
    ({"field": "giao-duc"}, False),
    ({"campaigns": ["nong-thon-moi-2030"]}, False),
    ({"consent": _DROP}, False),
    ({"status": "withdrawn"}, False),
    ({"status": "published", "published": _DROP}, False),
    ({"person.minor": True}, False),
    ({"person.minor": True, "consent.guardian": "Bà Lê Thị Hạnh (mẹ)"}, True),
    ({"awards": [{"title": "Bằng khen", "level": "planet", "date": "2023-01-01"}]}, False),
    ({"consent.scope": ["name", "story", "fingerprint"]}, False),
]


@pytest.mark.parametrize(("changes", "ok"), CASES, ids=[str(c[0]) for c in CASES])
def test_schema_and_validate_agree(site: SiteDir, changes: dict, ok: bool) -> None:
    data = copy.deepcopy(site.person())
    for key, value in changes.items():
        _set(data, key, value)
    site.exemplar("nguyen-van-an", dump_front(data))
    code, out = site.validate()
    schema_errors = [e.message for e in validator(site.root).iter_errors(as_json(data))]
    assert (code == 0) is ok, out
    assert (not schema_errors) is ok, schema_errors


def test_collective_with_person_is_refused_by_both(site: SiteDir) -> None:
    data = site.collective(person={"position": "Giám đốc"})
    site.exemplar("htx-an-binh", dump_front(data))
    assert site.validate()[0] == 1
    assert list(validator(site.root).iter_errors(as_json(data)))


REMARK = ROOT / "node_modules" / ".bin" / "remark"


@pytest.mark.skipif(not REMARK.exists(), reason="node_modules missing: run bash scripts/setup.sh")
def test_editor_check_as_you_type_uses_the_shipped_schema(tmp_path: Path) -> None:
    """VS Code's remark extension runs the repository's .remarkrc.mjs; the same engine on the
    command line flags the wrong lines of a broken profile and passes the demo's."""
    for name in (".remarkrc.mjs", "schemas", "node_modules"):
        (tmp_path / name).symlink_to(ROOT / name)
    folder = tmp_path / "content" / "exemplars"
    folder.mkdir(parents=True)
    good = (ROOT / "content" / "exemplars" / "le-thi-hoa.md").read_text("utf-8")
    (folder / "le-thi-hoa.md").write_text(good, "utf-8")
    bad = good.replace("field: education", "field: educaton", 1)
    assert bad != good
    (folder / "sai.md").write_text(bad, "utf-8")
    run = subprocess.run([str(REMARK), "--no-stdout", "--no-color", "content/exemplars/"],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    report = run.stderr
    assert "le-thi-hoa.md: no issues found" in report
    line = next(i for i, t in enumerate(bad.split("\n"), 1) if t.startswith("field:"))
    assert re.search(rf"^{line}:\d+-{line}:\d+\s+warning\s+Must be equal to one of the allowed",
                     report.split("sai.md", 1)[1], re.M), report
