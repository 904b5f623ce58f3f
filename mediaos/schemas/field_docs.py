"""The attribute docstrings of the models, read from their source only when text needs them.

Why not pydantic's `use_attribute_docstrings`: it finds and parses each model's source while
the class is created, so every process (each CLI command, the daemon) paid ~30 ms of import
for text that only the published JSON Schema and the reference docs show. Here a module's
source is parsed once, on the first request. The rules are pydantic's own (2.x), so both
outputs stay byte-identical: the docstring of a field is a string statement right after its
annotated assignment in the class body, cleaned with `inspect.cleandoc`; an inherited field
keeps the text of the class that declared it; a description given explicitly
(`Field(description=...)`) wins. Only classes at module level or nested in classes are found
(the models are all there); a class defined inside a function has no docstrings here.
"""

from __future__ import annotations

import ast
import functools
import inspect
import sys
from typing import Any

from pydantic import BaseModel


def _class_docs(node: ast.ClassDef) -> dict[str, str]:
    """Field name -> docstring in one class body."""
    found: dict[str, str] = {}
    _scan(node.body, found)
    return found


def _scan(body: list[ast.stmt], found: dict[str, str]) -> None:
    """A string statement documents the annotated name assigned by the statement just
    before it in the same block; `if` blocks of the class body are read the same way (as
    pydantic does), nested classes and functions are other scopes and are not."""
    previous: ast.stmt | None = None
    for statement in body:
        if isinstance(statement, ast.If):
            _scan(statement.body, found)
            _scan(statement.orelse, found)
        elif (
            isinstance(previous, ast.AnnAssign)
            and isinstance(previous.target, ast.Name)
            and isinstance(statement, ast.Expr)
            and isinstance(statement.value, ast.Constant)
            and isinstance(statement.value.value, str)
        ):
            found[previous.target.id] = inspect.cleandoc(statement.value.value)
        previous = statement


def _collect(body: list[ast.stmt], prefix: str, out: dict[str, dict[str, str]]) -> None:
    for node in body:
        if isinstance(node, ast.ClassDef):
            qualname = f"{prefix}{node.name}"
            out[qualname] = _class_docs(node)
            _collect(node.body, f"{qualname}.", out)


@functools.cache
def module_docs(module_name: str) -> dict[str, dict[str, str]]:
    """Class `__qualname__` -> {field name: docstring} for the classes of a module (module level
    and nested in classes), from one parse of its source."""
    module = sys.modules.get(module_name)
    if module is None:
        return {}
    try:
        source = inspect.getsource(module)
    except (OSError, TypeError):
        return {}  # no source (frozen, interactive): pydantic would find no docstrings either
    out: dict[str, dict[str, str]] = {}
    _collect(ast.parse(source).body, "", out)
    return out


def _declaring_class(model: type[BaseModel], name: str) -> type[Any] | None:
    for cls in model.__mro__:
        if name in inspect.get_annotations(cls):
            return cls
    return None


def field_description(model: type[BaseModel], name: str) -> str | None:
    """The description pydantic would give field `name` of `model` with attribute docstrings
    on: the explicit one, else the docstring in the class that declares the field."""
    explicit = model.model_fields[name].description
    if explicit is not None:
        return explicit
    owner = _declaring_class(model, name)
    if owner is None:
        return None
    return module_docs(owner.__module__).get(owner.__qualname__, {}).get(name)


def field_descriptions(model: type[BaseModel]) -> dict[str, str]:
    """Field name -> description for every field of `model` that has one."""
    found = {name: field_description(model, name) for name in model.model_fields}
    return {name: text for name, text in found.items() if text is not None}
