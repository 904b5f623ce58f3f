"""The published JSON Schema, generated from the models.

Why generated: editors (via the `# yaml-language-server: $schema=` line of each example) and
tools validate against the same rules as `mediaos validate`, minus the cross-section checks
JSON Schema cannot express. A test fails when the committed file drifts from the models.
"""

from __future__ import annotations

import json
from typing import Any

from mediaos.schemas.config import MediaOSConfig

SCHEMA_ID = "https://mediaos.dev/schemas/mediaos.schema.json"


def _close_objects(node: Any) -> None:
    """Every object in the schema rejects unknown keys, like the models do."""
    if isinstance(node, dict):
        if node.get("type") == "object" and "properties" in node:
            node.setdefault("additionalProperties", False)
        for value in node.values():
            _close_objects(value)
    elif isinstance(node, list):
        for value in node:
            _close_objects(value)


def json_schema() -> dict[str, Any]:
    schema = MediaOSConfig.model_json_schema(mode="validation")
    _close_objects(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
