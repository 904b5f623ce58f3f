"""The published JSON Schema, generated from the models.

Why generated: editors (via the `# yaml-language-server: $schema=` line of each example) and
tools validate against the same rules as `mediaos validate`, minus the cross-section checks
JSON Schema cannot express. A test fails when the committed file drifts from the models.
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import BaseModel
from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue
from pydantic_core import core_schema

from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.field_docs import field_descriptions

SCHEMA_ID = "https://mediaos.dev/schemas/mediaos.schema.json"


class FieldDocsJsonSchema(GenerateJsonSchema):
    """Gives each property its field's attribute docstring (see `field_docs`) at the point
    pydantic applies a field's own description: under the field's explicit keys, which win,
    and before the `$ref` sibling clean-up, so the output is what `use_attribute_docstrings`
    produced."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._models: list[type[BaseModel]] = []
        # id of a model-field core schema -> (that schema, kept alive so the id stays its own;
        # its docstring)
        self._docs: dict[int, tuple[core_schema.ModelField, str]] = {}

    def model_schema(self, schema: core_schema.ModelSchema) -> JsonSchemaValue:
        self._models.append(schema["cls"])
        try:
            return super().model_schema(schema)
        finally:
            self._models.pop()

    def model_fields_schema(self, schema: core_schema.ModelFieldsSchema) -> JsonSchemaValue:
        if self._models:
            model = self._models[-1]
            docs = field_descriptions(model)
            for name, field in schema["fields"].items():
                if name in docs and model.model_fields[name].description is None:
                    self._docs[id(field)] = (field, docs[name])
        return super().model_fields_schema(schema)

    def model_field_schema(self, schema: core_schema.ModelField) -> JsonSchemaValue:
        json_schema = super().model_field_schema(schema)
        found = self._docs.get(id(schema))
        return json_schema if found is None else {**json_schema, "description": found[1]}


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
    schema = MediaOSConfig.model_json_schema(
        mode="validation", schema_generator=FieldDocsJsonSchema
    )
    _close_objects(schema)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def json_schema_text() -> str:
    return json.dumps(json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"
