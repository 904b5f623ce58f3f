"""Field docstrings read on demand give what pydantic's `use_attribute_docstrings` gave.

The oracle is pydantic itself: one module source is imported twice, once with the flag on
(pydantic reads the docstrings) and once with it off (our reader does), and the two JSON
Schemas and description maps must be equal.
"""

from __future__ import annotations

import importlib.util
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest
from pydantic import BaseModel

from mediaos.schemas.export import FieldDocsJsonSchema
from mediaos.schemas.field_docs import field_description, field_descriptions, module_docs
from mediaos.schemas.types import Spec

SOURCE = '''
from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema


class Base(BaseModel):
    model_config = ConfigDict(extra="forbid", use_attribute_docstrings=FLAG)

    shared: int = 0
    """Declared once here,
        indented text cleaned like inspect.cleandoc does."""


class Leaf(Base):
    """A leaf."""

    name: str = "x"
    """The name."""

    undocumented: int = 1
    _plain = 3
    """No field's docstring: it follows a plain assignment."""

    spaced: int = 2

    "Blank lines do not matter: the statement before this one is still `spaced`."

    explicit: str = Field("e", description="Explicit text wins.")
    """Loses to the explicit description."""

    aliased: int = Field(0, alias="with-alias")
    """Found under its alias in the schema."""

    typed: Annotated[str, WithJsonSchema({"type": "string", "description": "type text"})] = ""
    """Replaces the type's own description."""

    class Inner(BaseModel):
        model_config = ConfigDict(use_attribute_docstrings=FLAG)

        depth: int = 0
        """A nested class's field."""


class Root(Base):
    leaf: Leaf = Field(default_factory=Leaf)
    """A leaf."""

    other: Leaf | None = None
    """Another leaf, optional."""

    inner: Leaf.Inner = Field(default_factory=Leaf.Inner)
    """The inner model."""

    shared: int = 5

    def method(self) -> None:
        x: int = 1
        """Inside a function: ignored."""
'''


def _load(tmp_path: Path, flag: bool) -> Iterator[ModuleType]:
    name = f"_field_docs_case_{str(flag).lower()}"
    path = tmp_path / f"{name}.py"
    path.write_text(SOURCE.replace("FLAG", str(flag)))
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
        yield module
    finally:
        del sys.modules[name]
        module_docs.cache_clear()


@pytest.fixture
def with_flag(tmp_path: Path) -> Iterator[ModuleType]:
    yield from _load(tmp_path, True)


@pytest.fixture
def without_flag(tmp_path: Path) -> Iterator[ModuleType]:
    yield from _load(tmp_path, False)


def _models(module: ModuleType) -> list[type[BaseModel]]:
    return [module.Base, module.Leaf, module.Leaf.Inner, module.Root]


def test_descriptions_match_pydantic(with_flag: ModuleType, without_flag: ModuleType) -> None:
    for on, off in zip(_models(with_flag), _models(without_flag), strict=True):
        expected = {n: f.description for n, f in on.model_fields.items()}
        assert {n: field_description(off, n) for n in off.model_fields} == expected
        assert all(f.description is None or n == "explicit" for n, f in off.model_fields.items())


def test_the_rules_pydantic_follows(without_flag: ModuleType) -> None:
    leaf = field_descriptions(without_flag.Leaf)
    assert leaf["shared"].startswith("Declared once here,\nindented text")
    assert leaf["explicit"] == "Explicit text wins."
    assert "undocumented" not in leaf
    assert "_plain" not in leaf
    assert leaf["spaced"].startswith("Blank lines do not matter")
    assert "shared" not in field_descriptions(without_flag.Root)  # redeclared bare: no text
    assert field_descriptions(without_flag.Leaf.Inner) == {"depth": "A nested class's field."}


def test_json_schema_matches_pydantic(with_flag: ModuleType, without_flag: ModuleType) -> None:
    expected = with_flag.Root.model_json_schema(mode="validation")
    got = without_flag.Root.model_json_schema(
        mode="validation", schema_generator=FieldDocsJsonSchema
    )
    assert json.dumps(got) == json.dumps(expected)  # key order included
    assert got["$defs"]["Leaf"]["properties"]["with-alias"]["description"]
    assert "description" not in without_flag.Root.model_json_schema()["properties"]["leaf"]


def test_the_config_models_do_not_read_docstrings_at_import() -> None:
    """The flag costs every process a source parse per model; `field_docs` replaces it."""
    assert not Spec.model_config.get("use_attribute_docstrings")
