"""The slow second reading of a YAML file: libyaml with positions, for files the fast parser
refused (a syntax error, a duplicate key, several documents, an alias bomb).

Why a module of its own: PyYAML is needed only when a file is wrong, so `yamlfiles` imports
this module (and PyYAML) only then; a valid config, as `mediaos diff` reads it, never pays
for it. The rules match the fast pass: YAML 1.2 core-schema scalars, `${VAR}` interpolation,
`{file: path}` made absolute, and a duplicate key is a problem, not a silent overwrite.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml
import yaml.constructor
import yaml.resolver
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from mediaos.core.errors import ConfigProblem
from mediaos.schemas.yamlfiles import (
    MAX_NODES,
    ParsedFile,
    absolute_secret_file,
    interpolate,
    not_a_mapping,
)


class _CoreResolver(yaml.resolver.BaseResolver):
    """YAML 1.2 core-schema scalars, as the fast parser reads them: `yes`, `on`, `0664` and
    `2024-01-01` stay strings (YAML 1.1 would make them a bool, an octal int and a date)."""


for _tag, _regex, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?(?:0|[1-9][0-9]*)|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*|[0-9]+(?:\.[0-9]*)?[eE][-+]?[0-9]+)"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    ("merge", r"^(?:<<)$", "<"),
):
    _CoreResolver.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_regex), list(_first)
    )


class _Loader(CParser, yaml.constructor.SafeConstructor, _CoreResolver):
    """libyaml parser with our constructors; holds per-file context for them."""

    def __init__(self, stream: str, *, path: Path, env: Mapping[str, str]) -> None:
        CParser.__init__(self, stream)
        yaml.constructor.SafeConstructor.__init__(self)
        _CoreResolver.__init__(self)
        self.path = path
        self.env = env
        self.problems: list[ConfigProblem] = []

    def problem(self, node: yaml.Node, message: str, code: str) -> None:
        mark = node.start_mark
        self.problems.append(
            ConfigProblem(message, str(self.path), mark.line + 1, mark.column + 1, code=code)
        )


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = str(loader.construct_scalar(node))
    if "$" not in value:
        return value
    missing: list[str] = []
    value = interpolate(value, loader.env, missing)
    for name in missing:
        loader.problem(node, f"environment variable {name} is not set", "missing_env")
    return value


def _construct_int(loader: _Loader, node: yaml.ScalarNode) -> int:
    value = str(loader.construct_scalar(node))
    return int(value, 0) if value[:2] in ("0o", "0x") else int(value, 10)


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> Any:
    seen: dict[object, yaml.Node] = {}
    for key_node, _ in node.value:
        if key_node.tag == "tag:yaml.org,2002:merge" or not isinstance(key_node, yaml.ScalarNode):
            continue
        if key_node.value in seen:
            first = seen[key_node.value].start_mark
            loader.problem(
                key_node,
                f"key {key_node.value!r} appears twice in this mapping "
                f"(first at line {first.line + 1})",
                "duplicate_key",
            )
        seen[key_node.value] = key_node
    mapping = loader.construct_mapping(node, deep=True)
    absolute_secret_file(mapping, loader.path)
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:int", _construct_int)  # type: ignore[type-var]
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)  # type: ignore[type-var]


def _expanded_size(node: yaml.Node, memo: dict[int, int]) -> int:
    """Nodes the document has once aliases are expanded; a billion-laughs file is huge."""
    known = memo.get(id(node))
    if known is not None:
        return known
    size = 1
    if isinstance(node, yaml.SequenceNode):
        size += sum(_expanded_size(child, memo) for child in node.value)
    elif isinstance(node, yaml.MappingNode):
        size += sum(_expanded_size(k, memo) + _expanded_size(v, memo) for k, v in node.value)
    memo[id(node)] = size
    return size


def read_with_positions(parsed: ParsedFile, text: str, env: Mapping[str, str]) -> ParsedFile:
    """Read `text` again with libyaml, into `parsed`: its data, or the problems that made
    the fast parser refuse it, each at its line and column."""
    path = parsed.path
    loader = _Loader(text, path=path, env=env)
    try:
        node = loader.get_single_node()
        if node is not None and _expanded_size(node, {}) > MAX_NODES:
            parsed.problems.append(
                ConfigProblem(
                    f"the document expands to more than {MAX_NODES:,} values through aliases",
                    str(path),
                    1,
                    1,
                    code="too_large",
                )
            )
            return parsed
        document = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as err:
        parsed.problems.append(_syntax_problem(err, text, path))
        return parsed
    except (yaml.YAMLError, ValueError) as err:
        parsed.problems.append(ConfigProblem(f"YAML error: {err}", str(path), code="syntax"))
        return parsed
    finally:
        loader.dispose()
    parsed.problems.extend(loader.problems)
    if document is None:
        return parsed
    if not isinstance(document, dict):
        mark = node.start_mark if node is not None else None
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        parsed.problems.append(not_a_mapping(path, line, column))
        return parsed
    parsed.data = document
    return parsed


def _syntax_problem(err: yaml.MarkedYAMLError, text: str, path: Path) -> ConfigProblem:
    """libyaml's words, made to point at the cause: an unclosed quote is reported where it
    opens, a tab as a tab."""
    mark = err.problem_mark or err.context_mark
    message = f"YAML syntax error: {err.problem or err.context}"
    context = err.context or ""
    if "quoted scalar" in context and err.context_mark is not None:
        mark = err.context_mark
        message = "YAML syntax error: this quoted string is never closed"
    elif mark is not None and 0 <= mark.index < len(text) and text[mark.index] == "\t":
        message = "YAML syntax error: a tab character; indent with spaces"
    line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
    return ConfigProblem(message, str(path), line, column, code="syntax")
