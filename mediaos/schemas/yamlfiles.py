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

import yaml

from mediaos.core.errors import ConfigProblem

_VARIABLE = re.compile(r"\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\})")
MAX_FILE_BYTES = 32 * 1024 * 1024


@dataclass
class ParsedFile:
    path: Path
    data: dict[str, Any]
    problems: list[ConfigProblem] = field(default_factory=list)


class _Loader(yaml.CSafeLoader):
    """libyaml parser with our constructors; holds per-file context for them."""

    def __init__(self, stream: str, *, path: Path, env: Mapping[str, str]) -> None:
        super().__init__(stream)
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

    def substitute(match: re.Match[str]) -> str:
        if match.group(1) == "$":
            return "$"
        name, default = match.group(2), match.group(3)
        if name in loader.env:
            return loader.env[name]
        if default is not None:
            return default
        loader.problem(node, f"environment variable {name} is not set", "missing_env")
        return ""

    return _VARIABLE.sub(substitute, value)


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
    if set(mapping) == {"file"} and isinstance(mapping["file"], str):
        mapping["file"] = str((loader.path.parent / mapping["file"]).resolve())
    return mapping


_Loader.add_constructor("tag:yaml.org,2002:str", _construct_str)
_Loader.add_constructor("tag:yaml.org,2002:map", _construct_map)


def read_yaml(path: Path, env: Mapping[str, str]) -> ParsedFile:
    """Parse one file into plain data; syntax errors become problems, never exceptions."""
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
    loader = _Loader(text, path=path, env=env)
    try:
        document = loader.get_single_data()
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        message = f"YAML syntax error: {err.problem or err.context}"
        line, column = (mark.line + 1, mark.column + 1) if mark else (None, None)
        parsed.problems.append(ConfigProblem(message, str(path), line, column, code="syntax"))
        return parsed
    except yaml.YAMLError as err:
        parsed.problems.append(ConfigProblem(f"YAML error: {err}", str(path), code="syntax"))
        return parsed
    finally:
        loader.dispose()
    parsed.problems.extend(loader.problems)
    if document is None:
        return parsed
    if not isinstance(document, dict):
        parsed.problems.append(
            ConfigProblem("the top level must be a mapping of sections", str(path), 1, 1, "type")
        )
        return parsed
    parsed.data = document
    return parsed


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
