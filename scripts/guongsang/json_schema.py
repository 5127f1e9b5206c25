"""JSON Schema (draft 2020-12) of exemplar and campaign front matter, made from `schema.py`
with the site's own choices (fields, campaigns, localities), for editors' tools.

`guongsang schema --write` refreshes `schemas/exemplar.schema.json` and
`schemas/campaign.schema.json` beside mkdocs.yml; a test keeps the demo's current. Rules that
need other files or the clock (photo files, duplicate ids, dates in the future, personal data
in the story) stay with `guongsang validate`, which remains the authority.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .schema import CAMPAIGN_KEYS, EXEMPLAR_KEYS, Key

DRAFT = "https://json-schema.org/draft/2020-12/schema"
# YAML reads an unquoted 2024-05-19 as a date; tools see it as this string.
DATE_PATTERN = r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2})?([+-]\d{2}:?\d{2}|Z)?)?$"


def _key(key: Key, choices: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {"title": key.label} if key.label else {}
    if key.help:
        out["description"] = key.help
    if key.example is not None:
        out["examples"] = [key.example]
    options = choices.get(key.choices) if isinstance(key.choices, str) else key.choices
    if key.type in ("str", "text", "enum"):
        out["type"] = "string"
        if options:
            out["enum"] = list(options)
        if key.pattern:
            out["pattern"] = key.pattern
        if key.min_len:
            out["minLength"] = key.min_len
        if key.max_len:
            out["maxLength"] = key.max_len
    elif key.type == "int":
        out["type"] = "integer"
        if key.minimum is not None:
            out["minimum"] = key.minimum
        if key.maximum is not None:
            out["maximum"] = key.maximum
    elif key.type == "bool":
        out["type"] = "boolean"
    elif key.type == "date":
        out.update(type="string", pattern=DATE_PATTERN)
    elif key.type == "list" and key.item is not None:
        out.update(type="array", items=_key(key.item, choices))
    elif key.type == "map":
        out.update(_object(key.keys, choices))
    return out


def _object(keys: tuple[Key, ...], choices: dict[str, list[str]]) -> dict[str, Any]:
    out: dict[str, Any] = {
        "type": "object",
        "properties": {k.name: _key(k, choices) for k in keys},
        "additionalProperties": False,
    }
    required = [k.name for k in keys if k.required is True]
    if required:
        out["required"] = required
    return out


def _when(condition: dict[str, Any], then: dict[str, Any]) -> dict[str, Any]:
    return {"if": {"properties": condition, "required": list(condition)}, "then": then}


def exemplar_schema(choices: dict[str, list[str]]) -> dict[str, Any]:
    personal = {"enum": ["individual", "household"]}
    schema = {"$schema": DRAFT, "title": "Hồ sơ gương điển hình (Gương sáng)",
              **_object(EXEMPLAR_KEYS, choices)}
    schema["allOf"] = [  # the conditional requirements `validate.py` enforces
        _when({"status": {"const": "published"}}, {"required": ["published"]}),
        _when({"status": {"const": "withdrawn"}}, {"required": ["withdrawn_reason"]}),
        _when({"status": {"const": "published"}, "kind": personal}, {"required": ["consent"]}),
        _when({"kind": {"const": "collective"}}, {"not": {"required": ["person"]}}),
        _when({"person": {"properties": {"minor": {"const": True}}, "required": ["minor"]}},
              {"required": ["consent"],
               "properties": {"consent": {"required": ["guardian"]}}}),
    ]
    return schema


def campaign_schema(choices: dict[str, list[str]]) -> dict[str, Any]:
    return {"$schema": DRAFT, "title": "Phong trào thi đua (Gương sáng)",
            **_object(CAMPAIGN_KEYS, choices)}


def files(choices: dict[str, list[str]]) -> dict[str, str]:
    """File name → text, stable (sorted keys) so a test can compare them byte for byte."""
    return {name: json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
            for name, schema in (("exemplar.schema.json", exemplar_schema(choices)),
                                 ("campaign.schema.json", campaign_schema(choices)))}


def write(folder: Path, choices: dict[str, list[str]]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for name, text in files(choices).items():
        (folder / name).write_text(text, "utf-8")
        out.append(folder / name)
    return out
