"""Reading YAML files fast, and finding positions in them only when something is wrong.

Why two passes: libyaml's C parser reads a 10,000-movie config in a fraction of the time a
round-trip loader needs, but keeps no positions in the result. Positions matter only for error
messages, so a file is composed again (still in C) just when a problem in it must be located.
No YAML tree is kept in memory between the two.

The first pass also does what must happen with positions at hand: `${VAR}` interpolation
(a missing variable is reported where it is used), duplicate keys (YAML allows them, silently
keeping the last; we refuse), and making `{file: path}` secrets absolute relative to the file
that declares them.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import ryaml
import yaml
import yaml.constructor
import yaml.resolver
from yaml.cyaml import CParser  # type: ignore[attr-defined]

from mediaos.core.errors import ConfigProblem

_VARIABLE = re.compile(r"\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\})")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NODES = 2_000_000


@dataclass
class ParsedFile:
    path: Path
    data: dict[str, Any]
    problems: list[ConfigProblem] = field(default_factory=list)


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


def _interpolate(value: str, env: Mapping[str, str], missing: list[str]) -> str:
    def substitute(match: re.Match[str]) -> str:
        if match.group(1) == "$":
            return "$"
        name, default = match.group(2), match.group(3)
        if name in env:
            return env[name]
        if default is not None:
            return default
        missing.append(name)
        return ""

    return _VARIABLE.sub(substitute, value)


def _construct_str(loader: _Loader, node: yaml.ScalarNode) -> str:
    value = str(loader.construct_scalar(node))
    if "$" not in value:
        return value
    missing: list[str] = []
    value = _interpolate(value, loader.env, missing)
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
    _absolute_secret_file(mapping, loader.path)
    return mapping


def _absolute_secret_file(mapping: dict[Any, Any], path: Path) -> None:
    """`{file: x}` is read relative to the YAML file that names it."""
    if len(mapping) == 1 and isinstance(mapping.get("file"), str):
        mapping["file"] = str((path.parent / mapping["file"]).resolve())


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


def read_yaml(path: Path, env: Mapping[str, str], locator: Locator | None = None) -> ParsedFile:
    """Parse one file into plain data; problems are returned, never raised.

    The fast parser reads the file; when it refuses it (a syntax error, a duplicate key,
    several documents, an alias bomb), libyaml reads it again to say where and why."""
    parsed = ParsedFile(path, {})
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            parsed.problems.append(
                ConfigProblem("file is larger than 32 MiB", str(path), code="too_large")
            )
            return parsed
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as err:
        reason = err.strerror if isinstance(err, OSError) else "not UTF-8 text"
        parsed.problems.append(ConfigProblem(f"cannot read: {reason}", str(path), code="io"))
        return parsed
    try:
        document = ryaml.loads(text)  # type: ignore[attr-defined]
    except Exception:
        return _read_with_positions(parsed, text, env)
    if document is None:
        return parsed
    if not isinstance(document, dict):
        line, column = (locator or Locator()).position(path, ())
        parsed.problems.append(_not_a_mapping(path, line, column))
        return parsed
    missing: list[tuple[tuple[str | int, ...], str]] = []
    parsed.data = _resolve(document, (), path, env, missing)
    for loc, name in missing:
        line, column = (locator or Locator()).position(path, loc)
        parsed.problems.append(
            ConfigProblem(
                f"environment variable {name} is not set",
                str(path),
                line,
                column,
                code="missing_env",
            )
        )
    return parsed


def _resolve(
    value: Any,
    loc: tuple[str | int, ...],
    path: Path,
    env: Mapping[str, str],
    missing: list[tuple[tuple[str | int, ...], str]],
) -> Any:
    """Interpolate `${VAR}` in every string and anchor `{file: x}` to the file's folder."""
    if isinstance(value, str):
        if "$" not in value:
            return value
        names: list[str] = []
        value = _interpolate(value, env, names)
        missing.extend((loc, name) for name in names)
        return value
    if isinstance(value, dict):
        mapping = {k: _resolve(v, (*loc, k), path, env, missing) for k, v in value.items()}
        _absolute_secret_file(mapping, path)
        return mapping
    if isinstance(value, list):
        return [_resolve(v, (*loc, i), path, env, missing) for i, v in enumerate(value)]
    return value


def _read_with_positions(parsed: ParsedFile, text: str, env: Mapping[str, str]) -> ParsedFile:
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
        parsed.problems.append(_not_a_mapping(path, line, column))
        return parsed
    parsed.data = document
    return parsed


def _not_a_mapping(path: Path, line: int, column: int) -> ConfigProblem:
    return ConfigProblem(
        "the top level must be a mapping of sections (version, movies, ...), not a list or a value",
        str(path),
        line,
        column,
        code="structure",
    )


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


class Locator:
    """Finds the line and column of a key path in a file, composing it only on demand."""

    def __init__(self) -> None:
        self._roots: dict[Path, yaml.Node | None] = {}

    def _root(self, path: Path) -> yaml.Node | None:
        if path not in self._roots:
            try:
                self._roots[path] = yaml.compose(
                    path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
                )
            except (OSError, UnicodeDecodeError, yaml.YAMLError):
                self._roots[path] = None
        return self._roots[path]

    def depth(self, path: Path, loc: tuple[str | int, ...]) -> int:
        """How many elements of `loc` exist in the file."""
        return len(self._walk(path, loc)[1])

    def position(
        self, path: Path, loc: tuple[str | int, ...], *, at_key: bool = False
    ) -> tuple[int, int]:
        """1-based line and column of the deepest node of `loc` found in the file."""
        node, found, key_node = self._walk(path, loc)
        target = key_node if at_key and key_node is not None and len(found) == len(loc) else node
        if target is None:
            return (1, 1)
        return (target.start_mark.line + 1, target.start_mark.column + 1)

    def _walk(
        self, path: Path, loc: tuple[str | int, ...]
    ) -> tuple[yaml.Node | None, list[str | int], yaml.Node | None]:
        node = self._root(path)
        found: list[str | int] = []
        key_node: yaml.Node | None = None
        for element in loc:
            child: yaml.Node | None = None
            if isinstance(node, yaml.MappingNode):
                for k, v in node.value:
                    if isinstance(k, yaml.ScalarNode) and k.value == str(element):
                        child, key_node = v, k
            elif (
                isinstance(node, yaml.SequenceNode)
                and isinstance(element, int)
                and 0 <= element < len(node.value)
            ):
                child, key_node = node.value[element], None
            if child is None:
                break
            node = child
            found.append(element)
        return node, found, key_node
