"""The examples, the published JSON Schema and the generated docs never drift from the models."""

from __future__ import annotations

import json
import typing
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from pydantic import BaseModel

from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.export import json_schema, json_schema_text
from mediaos.schemas.field_docs import field_description
from mediaos.schemas.load import load_config
from mediaos.schemas.reference import MARKER, merged_example, regenerate

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = sorted(p for p in (ROOT / "examples").iterdir() if p.is_dir())
SCHEMA_FILE = ROOT / "schemas" / "mediaos.schema.json"


def _merged_raw(folder: Path) -> dict[str, Any]:
    merged: dict[str, Any] = {}
    for file in sorted(folder.rglob("*.yaml")):
        for key, value in (yaml.safe_load(file.read_text()) or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            elif isinstance(value, dict):
                merged.setdefault(key, {}).update(value)
            else:
                merged[key] = value
    return merged


@pytest.mark.parametrize("example", EXAMPLES, ids=lambda p: p.name)
def test_example_loads_with_the_models(example: Path) -> None:
    loaded = load_config([example], {})
    assert loaded.config.version == 1


@pytest.mark.parametrize(
    "file", sorted((ROOT / "examples").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_example_file_passes_the_published_json_schema(file: Path) -> None:
    schema = json.loads(SCHEMA_FILE.read_text())
    data = yaml.safe_load(file.read_text())
    errors = sorted(
        jsonschema.Draft202012Validator(schema).iter_errors(data), key=lambda e: e.json_path
    )
    assert [f"{e.json_path}: {e.message}" for e in errors] == []


@pytest.mark.parametrize(
    "file", sorted((ROOT / "examples").rglob("*.yaml")), ids=lambda p: str(p.relative_to(ROOT))
)
def test_example_file_declares_the_schema_for_editors(file: Path) -> None:
    first = file.read_text().splitlines()[0]
    assert first.startswith("# yaml-language-server: $schema=")
    target = first.split("$schema=", 1)[1]
    assert (file.parent / target).resolve() == SCHEMA_FILE


def test_published_schema_equals_the_models() -> None:
    assert SCHEMA_FILE.read_text() == json_schema_text(), "run `make schema`"


def test_published_schema_is_valid_draft_2020_12() -> None:
    jsonschema.Draft202012Validator.check_schema(json_schema())


def test_every_object_in_the_schema_rejects_unknown_keys() -> None:
    def objects(node: Any) -> typing.Iterator[dict[str, Any]]:
        if isinstance(node, dict):
            if node.get("type") == "object" and "properties" in node:
                yield node
            for value in node.values():
                yield from objects(value)
        elif isinstance(node, list):
            for value in node:
                yield from objects(value)

    found = list(objects(json_schema()))
    assert len(found) > 40
    assert all(o.get("additionalProperties") is False for o in found)


def test_schema_rejects_a_typo_that_the_models_reject() -> None:
    bad = {"version": 1, "library": {"import_mod": "copy"}}
    assert list(jsonschema.Draft202012Validator(json_schema()).iter_errors(bad))


def _field_paths(model: type[BaseModel], prefix: str) -> typing.Iterator[tuple[str, Any]]:
    for name, field in model.model_fields.items():
        yield f"{prefix}{name}", field


def _models_in(annotation: Any) -> list[type[BaseModel]]:
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return [annotation]
    return [m for a in typing.get_args(annotation) for m in _models_in(a)]


def _owner(model: type[BaseModel], name: str) -> str:
    """The class that declares a field, so inherited fields count once."""
    for klass in model.__mro__:
        if name in getattr(klass, "__annotations__", {}):
            return f"{klass.__name__}.{name}"
    return f"{model.__name__}.{name}"


def _coverage(model: type[BaseModel], data: Any, declared: set[str], covered: set[str]) -> None:
    """Record every field of `model` (and nested models), and those that `data` sets."""
    instances = [d for d in (data if isinstance(data, list) else [data]) if isinstance(d, dict)]
    if "type" in model.model_fields:
        tags = typing.get_args(model.model_fields["type"].annotation)
        instances = [d for d in instances if d.get("type") in tags]
    for name, field in model.model_fields.items():
        declared.add(_owner(model, name))
        values = [d[name] for d in instances if name in d]
        if values:
            covered.add(_owner(model, name))
        for sub in _models_in(field.annotation):
            nested: list[Any] = []
            for value in values:
                if typing.get_origin(field.annotation) is dict and isinstance(value, dict):
                    nested.extend(value.values())
                elif isinstance(value, list):
                    nested.extend(value)
                else:
                    nested.append(value)
            if sub is not model:
                _coverage(sub, nested, declared, covered)


def test_every_model_field_appears_in_the_full_example() -> None:
    declared: set[str] = set()
    covered: set[str] = set()
    _coverage(MediaOSConfig, _merged_raw(ROOT / "examples" / "full"), declared, covered)
    assert len(declared) > 250
    assert sorted(declared - covered) == []


def test_every_field_has_a_description() -> None:
    seen: set[type[BaseModel]] = set()

    def undocumented(model: type[BaseModel]) -> typing.Iterator[str]:
        if model in seen:
            return
        seen.add(model)
        for name, field in model.model_fields.items():
            if not (field_description(model, name) or "").strip():
                yield f"{model.__name__}.{name}"
            for sub in _models_in(field.annotation):
                yield from undocumented(sub)

    assert list(undocumented(MediaOSConfig)) == []


def test_configuration_reference_is_current() -> None:
    doc = ROOT / "docs" / "configuration.md"
    text = doc.read_text()
    assert MARKER in text
    for heading in ("## Files and folders", "## Environment variables and secrets", "## Item keys"):
        assert heading in text.split(MARKER)[0], "the hand-written part was lost"
    expected = regenerate(doc, merged_example(ROOT / "examples" / "full"))
    assert doc.read_text() == expected, "run `make docs`"
