"""Reading `mkdocs.yml` with line numbers, for messages that point at the right line.

MkDocs' own loader discards lines; we read the same file with our line-keeping loader,
tolerating MkDocs' extra tags (`!ENV`, `!!python/name:`) as opaque values.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from .load import LDict, LList, YamlError, parse_yaml

PLUGIN = "guongsang"


@dataclass
class SiteInput:
    config_file: Path
    site_root: Path
    docs_dir: Path
    site_url: str | None
    site_name: str
    options: LDict
    options_line: int = 0
    raw: LDict = field(default_factory=LDict)
    error: YamlError | None = None


def plugin_options(raw: LDict) -> tuple[LDict, int]:
    """The `guongsang:` block of `plugins`, in either list or mapping form."""
    plugins = raw.get("plugins")
    found = None
    line = raw.line_of("plugins")
    if isinstance(plugins, LList):
        for i, item in enumerate(plugins):
            if item == PLUGIN:
                found, line = LDict(), plugins.line_of(i)
            elif isinstance(item, LDict) and PLUGIN in item:
                found, line = item[PLUGIN], item.line_of(PLUGIN)
    elif isinstance(plugins, LDict) and PLUGIN in plugins:
        found, line = plugins[PLUGIN], plugins.line_of(PLUGIN)
    if not isinstance(found, LDict):
        found = LDict()
    if not hasattr(found, "lines"):
        found.lines = {}
    found.line = found.line or line
    return found, line


def read_site(config_file: Path) -> SiteInput:
    config_file = config_file.resolve()
    root = config_file.parent
    raw: LDict = LDict()
    raw.lines = {}
    error = None
    try:
        parsed = parse_yaml(config_file.read_text("utf-8"), first_line=1, tolerant=True)
        if isinstance(parsed, LDict):
            raw = parsed
    except YamlError as exc:
        error = exc
    except (OSError, UnicodeDecodeError) as exc:
        error = YamlError(0, f"không đọc được {config_file.name}: {exc}")
    options, line = plugin_options(raw)
    docs = raw.get("docs_dir") if isinstance(raw.get("docs_dir"), str) else "docs"
    site_url = raw.get("site_url") if isinstance(raw.get("site_url"), str) else None
    name = raw.get("site_name") if isinstance(raw.get("site_name"), str) else "Gương sáng"
    return SiteInput(config_file, root, (root / docs).resolve(), site_url, name, options, line,
                     raw, error)


def site_choices(site_in: SiteInput) -> dict[str, dict[str, str]]:
    """The site's own lists, read without validating anything: field key → label, campaign
    slugs, localities (when configured). `guongsang new` offers them; the JSON Schema
    enumerates them."""
    from .schema import DEFAULT_FIELDS

    options = site_in.options or {}
    fields = options.get("fields") if isinstance(options.get("fields"), dict) else DEFAULT_FIELDS
    out = {"fields": {str(k): str(v) for k, v in fields.items()},
           "campaigns": {p.stem: p.stem
                         for p in sorted((site_in.docs_dir / "campaigns").glob("*.md"))}}
    localities = options.get("localities")
    if isinstance(localities, list) and localities:
        out["localities"] = {str(x): str(x) for x in localities}
    return out
