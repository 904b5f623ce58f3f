"""Reading YAML files fast, and finding positions in them only when something is wrong.

Why two passes: libyaml's C parser reads a 10,000-movie config in a fraction of the time a
round-trip loader needs, but keeps no positions in the result. Positions matter only for error
messages, so a file is composed again (still in C) just when a problem in it must be located.
No YAML tree is kept in memory between the two.

The first pass also does what must happen with positions at hand: `${VAR}` interpolation
(a missing variable is reported where it is used), duplicate keys (YAML allows them, silently
keeping the last; we refuse), and making `{file: path}` secrets absolute relative to the file
that declares them. The second pass, and PyYAML with it, live in `yamlpositions`, imported
only when a file must be read again or a position found: `diff` on a valid config skips both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ryaml

from mediaos.core.errors import ConfigProblem

if TYPE_CHECKING:
    import yaml

_VARIABLE = re.compile(r"\$(\$|\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\})")
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_NODES = 2_000_000


@dataclass
class ParsedFile:
    path: Path
    data: dict[str, Any]
    problems: list[ConfigProblem] = field(default_factory=list)


def interpolate(value: str, env: Mapping[str, str], missing: list[str]) -> str:
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


def absolute_secret_file(mapping: dict[Any, Any], path: Path) -> None:
    """`{file: x}` is read relative to the YAML file that names it."""
    if len(mapping) == 1 and isinstance(mapping.get("file"), str):
        mapping["file"] = str((path.parent / mapping["file"]).resolve())


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
        from mediaos.schemas.yamlpositions import read_with_positions  # PyYAML, errors only

        return read_with_positions(parsed, text, env)
    if document is None:
        return parsed
    if not isinstance(document, dict):
        line, column = (locator or Locator()).position(path, ())
        parsed.problems.append(not_a_mapping(path, line, column))
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
        value = interpolate(value, env, names)
        missing.extend((loc, name) for name in names)
        return value
    # Most nodes of a large config are plain scalars (titles, years, ids): they are kept as
    # they are without a call or a location tuple each (11,000 items: ~3x faster).
    if isinstance(value, dict):
        mapping = {
            k: v if _plain(v) else _resolve(v, (*loc, k), path, env, missing)
            for k, v in value.items()
        }
        absolute_secret_file(mapping, path)
        return mapping
    if isinstance(value, list):
        return [
            v if _plain(v) else _resolve(v, (*loc, i), path, env, missing)
            for i, v in enumerate(value)
        ]
    return value


_SCALARS = (int, float, bool, type(None))


def _plain(value: object) -> bool:
    """A scalar `_resolve` would return unchanged."""
    if isinstance(value, str):
        return "$" not in value
    return type(value) in _SCALARS


def not_a_mapping(path: Path, line: int, column: int) -> ConfigProblem:
    return ConfigProblem(
        "the top level must be a mapping of sections (version, movies, ...), not a list or a value",
        str(path),
        line,
        column,
        code="structure",
    )


class Locator:
    """Finds the line and column of a key path in a file, composing it only on demand.

    PyYAML is imported by the methods that compose, not by this module: a valid config
    asks for no position, so the commands that read one (`diff` above all) never load it."""

    def __init__(self) -> None:
        self._roots: dict[Path, yaml.Node | None] = {}

    def _root(self, path: Path) -> yaml.Node | None:
        import yaml

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
        import yaml

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
