"""Load the desired state from files and folders, reporting every problem at once.

A config path is a file or a folder of `*.yaml`/`*.yml` files (read in name order, hidden files
skipped). Files merge: list sections (movies, series, indexers, ...) concatenate and each
element must be unique by identity; mapping sections merge key by key, and a value set in two
files to different values is an error naming both places.

Every problem is reported as `file:line:column: message (at path)`, all of them in one go:
YAML syntax, unknown keys (with the nearest valid key), wrong types, broken references between
sections, duplicates. Secrets never appear in a message: pydantic is told to hide inputs,
and our own messages name keys, never values of secret fields.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from mediaos.core.errors import ConfigError, ConfigProblem
from mediaos.schemas.config import LIST_SECTIONS, MediaOSConfig
from mediaos.schemas.references import Finding, check_references
from mediaos.schemas.yamlfiles import Locator, ParsedFile, read_yaml

Loc = tuple[str | int, ...]
_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True)
class LoadedConfig:
    config: MediaOSConfig
    files: tuple[Path, ...]
    base_dir: Path


def expand_paths(paths: Sequence[Path]) -> tuple[list[Path], list[ConfigProblem]]:
    files: list[Path] = []
    problems: list[ConfigProblem] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p
                for p in path.rglob("*")
                if p.suffix in _SUFFIXES
                and p.is_file()
                and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
            if not found:
                problems.append(ConfigProblem("folder holds no .yaml or .yml file", str(path)))
            files.extend(found)
        elif path.is_file():
            files.append(path)
        else:
            problems.append(ConfigProblem("no such file or folder", str(path), code="io"))
    unique: dict[Path, Path] = {}
    for file in files:
        unique.setdefault(file.resolve(), file)
    return list(unique.values()), problems


@dataclass
class _Merged:
    data: dict[str, Any]
    origins: dict[str, list[tuple[int, int]]]  # list section -> (file index, index in file)


def _merge(parsed: list[ParsedFile], locator: Locator) -> tuple[_Merged, list[ConfigProblem]]:
    merged = _Merged({}, {})
    problems: list[ConfigProblem] = []
    owners: dict[Loc, int] = {}  # leaf path of a mapping section -> file index that set it
    for file_index, part in enumerate(parsed):
        for section, value in part.data.items():
            if section in LIST_SECTIONS and isinstance(value, list):
                target = merged.data.setdefault(section, [])
                if isinstance(target, list):
                    target.extend(value)
                    merged.origins.setdefault(section, []).extend(
                        (file_index, i) for i in range(len(value))
                    )
                    continue
            _merge_value(merged.data, section, value, (section,), file_index, owners)
    for loc, (first, second) in _conflicts(parsed, owners).items():
        line, column = locator.position(parsed[second].path, loc, at_key=True)
        f_line, f_column = locator.position(parsed[first].path, loc, at_key=True)
        problems.append(
            ConfigProblem(
                f"{_dotted(loc)} is also set in {parsed[first].path}:{f_line}:{f_column}",
                str(parsed[second].path),
                line,
                column,
                _dotted(loc),
                "conflict",
            )
        )
    return merged, problems


def _merge_value(
    target: dict[str, Any],
    key: str,
    value: Any,
    loc: Loc,
    file_index: int,
    owners: dict[Loc, int],
) -> None:
    if isinstance(value, dict) and isinstance(target.get(key), dict):
        for sub_key, sub_value in value.items():
            _merge_value(target[key], sub_key, sub_value, (*loc, sub_key), file_index, owners)
        return
    if key in target and target[key] != value:
        owners.setdefault(("conflict", *loc), owners.get(loc, file_index))
        owners[("conflict-with", *loc)] = file_index
        return
    if key in target:
        return  # the same value in two files says the same thing twice: no conflict
    target[key] = value
    _mark_owner(value, loc, file_index, owners)


def _mark_owner(value: Any, loc: Loc, file_index: int, owners: dict[Loc, int]) -> None:
    owners[loc] = file_index
    if isinstance(value, dict):
        for sub_key, sub_value in value.items():
            _mark_owner(sub_value, (*loc, sub_key), file_index, owners)


def _conflicts(parsed: list[ParsedFile], owners: dict[Loc, int]) -> dict[Loc, tuple[int, int]]:
    return {
        loc[1:]: (first, owners[("conflict-with", *loc[1:])])
        for loc, first in owners.items()
        if loc and loc[0] == "conflict"
    }


def _dotted(loc: Sequence[str | int]) -> str:
    text = ""
    for element in loc:
        text += f"[{element}]" if isinstance(element, int) else (f".{element}" if text else element)
    return text


class _Placer:
    """Turns a path in the merged data into a file and a position in that file."""

    def __init__(self, parsed: list[ParsedFile], merged: _Merged, locator: Locator) -> None:
        self.parsed, self.merged, self.locator = parsed, merged, locator

    def place(
        self, loc: Loc, message: str, code: str, *, at_key: bool = False, path: Loc | None = None
    ) -> ConfigProblem:
        file, local = self.source(loc)
        line, column = self.locator.position(file, local, at_key=at_key)
        shown = local if path is None else self.source(path)[1]
        return ConfigProblem(message, str(file), line, column, _dotted(shown), code)

    def source(self, loc: Loc) -> tuple[Path, Loc]:
        if loc and loc[0] in self.merged.origins and len(loc) > 1 and isinstance(loc[1], int):
            origins = self.merged.origins[str(loc[0])]
            if loc[1] < len(origins):
                file_index, index = origins[loc[1]]
                return self.parsed[file_index].path, (loc[0], index, *loc[2:])
        best = max(
            range(len(self.parsed)),
            key=lambda i: (self.locator.depth(self.parsed[i].path, loc), -i),
        )
        return self.parsed[best].path, loc


_ABSENT = object()


def _child(node: Any, element: str | int) -> Any:
    if isinstance(node, dict):
        return node.get(element, _ABSENT)
    if isinstance(node, list) and isinstance(element, int) and 0 <= element < len(node):
        return node[element]
    return _ABSENT


def _clean_loc(raw: Any, loc: Sequence[str | int]) -> tuple[Loc, bool]:
    """Drop pydantic's union and function tags from `loc`, keeping only real keys and
    indexes; the flag says whether the error is about a mapping key itself."""
    clean: list[str | int] = []
    node = raw
    about_key = False
    for element in loc:
        if element == "[key]":
            about_key = True
            break
        child = _child(node, element)
        if child is not _ABSENT:
            clean.append(element)
            node = child
        elif isinstance(node, dict) and element == loc[-1]:
            clean.append(element)  # a missing or unknown key: name it
    return tuple(clean), about_key


def _unwrap(tp: Any, raw: Any) -> Any:
    """The model class behind an annotation, picking a union member by the data's `type`."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            models = [m for m in members if isinstance(m, type) and issubclass(m, BaseModel)]
            chosen = next(
                (
                    m
                    for m in models
                    if isinstance(raw, dict)
                    and "type" in m.model_fields
                    and raw.get("type") in typing.get_args(m.model_fields["type"].annotation)
                ),
                models[0] if models else members[0],
            )
            if chosen is tp:
                return tp
            tp = chosen
        else:
            return tp


def valid_keys(root: type[BaseModel], raw: Any, loc: Loc) -> list[str]:
    """Field names of the model found at `loc` (the path of a mapping) in the data."""
    tp: Any = root
    node = raw
    for element in loc:
        tp = _unwrap(tp, node)
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            field = tp.model_fields.get(str(element))
            if field is None:
                return []
            tp = field.annotation
        else:
            args = typing.get_args(tp)
            tp = args[-1] if args else None
        node = _child(node, element)
    tp = _unwrap(tp, node)
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return list(tp.model_fields)
    return []


def _describe(error: Mapping[str, Any], raw: Any, placer: _Placer) -> ConfigProblem:
    loc, about_key = _clean_loc(raw, error["loc"])
    kind = error["type"]
    message = str(error["msg"])
    if message.startswith(("Value error, ", "Assertion failed, ")):
        message = message.split(", ", 1)[1]
    else:
        message = message[:1].lower() + message[1:]
    at_key = about_key
    if kind == "extra_forbidden":
        key = str(loc[-1])
        near = difflib.get_close_matches(key, valid_keys(MediaOSConfig, raw, loc[:-1]), n=1)
        message = f"unknown key {key!r}" + (f"; did you mean {near[0]!r}?" if near else "")
        at_key = True
    elif kind == "missing":
        message = f"missing required key {loc[-1]!r}"
        return placer.place(loc[:-1], message, kind, path=loc)
    elif kind in ("union_tag_invalid", "union_tag_not_found"):
        expected = str(error.get("ctx", {}).get("expected_tags", ""))
        tags = [t.strip(" '") for t in expected.split(",")]
        node = _value_at(raw, loc)
        given = node.get("type") if isinstance(node, dict) else None
        if given is None:
            return placer.place(loc, f"missing required key 'type' (one of {expected})", kind)
        near = difflib.get_close_matches(str(given), tags, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        return placer.place(
            (*loc, "type"), f"unknown type {given!r}{hint} (one of {expected})", kind
        )
    elif kind in ("model_type", "dict_type", "model_attributes_type"):
        message = f"expected a mapping of keys, found {_kind_of(_value_at(raw, loc))}"
    elif kind == "list_type":
        message = f"expected a list, found {_kind_of(_value_at(raw, loc))}"
    elif kind == "literal_error" and loc == ("version",):
        message = (
            f"unsupported config version {_value_at(raw, loc)!r}; this MediaOS reads version 1"
        )
    elif kind == "literal_error":
        expected_text = str(error.get("ctx", {}).get("expected", ""))
        options = [o.strip(" '") for o in expected_text.replace(" or ", ",").split(",")]
        given = _value_at(raw, loc)
        folded = {_fold(o): o for o in options}
        close = difflib.get_close_matches(str(given), options, n=1)
        suggestion = folded.get(_fold(str(given))) or (close[0] if close else None)
        message = f"{given!r} is not one of {expected_text}" + (
            f"; did you mean {suggestion!r}?" if suggestion else ""
        )
    return placer.place(loc, message, kind, at_key=at_key)


def _fold(text: str) -> str:
    return text.casefold().replace("_", "").replace("-", "").replace(" ", "")


def _kind_of(value: Any) -> str:
    if value is None or value is _ABSENT:
        return "nothing (is the indentation of the next lines right?)"
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "a list"
    return "a mapping"


def _drop_union_noise(errors: list[Any], raw: Any) -> list[Any]:
    """A value checked against `'all' | list[int]` fails both members; when the value is a
    list, the literal's complaint is noise and the list's item errors are the news."""
    kept = []
    for error in errors:
        loc, _ = _clean_loc(raw, error["loc"])
        value = _value_at(raw, loc)
        if error["type"] in _SCALAR_ERRORS and isinstance(value, list | dict):
            deeper = any(
                _clean_loc(raw, other["loc"])[0][: len(loc)] == loc
                and len(_clean_loc(raw, other["loc"])[0]) > len(loc)
                for other in errors
            )
            if deeper:
                continue
        kept.append(error)
    return kept


_SCALAR_ERRORS = {"literal_error", "string_type", "int_type", "bool_type", "float_type"}


def _value_at(raw: Any, loc: Loc) -> Any:
    node = raw
    for element in loc:
        node = _child(node, element)
    return node


#: A check the layers above `schemas` add (naming templates are checked by the renderer in
#: `mediaos.releases`): it returns (path in the config, message) for each problem.
ExtraCheck = Callable[[MediaOSConfig], list[tuple[Loc, str]]]


def load_config(
    paths: Sequence[Path], env: Mapping[str, str], *, extra_checks: Sequence[ExtraCheck] = ()
) -> LoadedConfig:
    """Load, merge and validate; raise ConfigError listing every problem found."""
    files, problems = expand_paths(paths)
    locator = Locator()
    parsed = [read_yaml(path, env, locator) for path in files]
    for part in parsed:
        problems.extend(part.problems)
    if any(p.code in ("syntax", "io", "too_large", "structure") for p in problems) or not parsed:
        raise ConfigError(problems or [ConfigProblem("no config file given")])
    merged, merge_problems = _merge(parsed, locator)
    problems.extend(merge_problems)
    placer = _Placer(parsed, merged, locator)
    env_missing = {(p.file, p.line, p.column) for p in problems if p.code == "missing_env"}
    base_dir = paths[0] if paths[0].is_dir() else paths[0].parent
    config: MediaOSConfig | None = None
    try:
        config = MediaOSConfig.model_validate(merged.data, context={"base_dir": base_dir.resolve()})
    except ValidationError as err:
        seen: dict[tuple[str, int | None, int | None, str], int] = {}
        errors = _drop_union_noise(err.errors(include_input=False, include_url=False), merged.data)
        for error in errors:
            problem = _describe(error, merged.data, placer)
            if (problem.file, problem.line, problem.column) in env_missing:
                continue  # the missing variable is the problem, not the empty value
            identity = (problem.file or "", problem.line, problem.column, problem.path)
            if identity in seen:  # one value failing each member of a union: one message
                index = seen[identity]
                alternative = problem.message.removeprefix("input should be ")
                problems[index] = replace(
                    problems[index], message=f"{problems[index].message}, or {alternative}"
                )
                continue
            seen[identity] = len(problems)
            problems.append(problem)
    problems.extend(_place_finding(f, placer) for f in check_references(merged.data))
    if config is not None:
        for check in extra_checks:
            problems.extend(
                placer.place(loc, message, "invalid", at_key=False)
                for loc, message in check(config)
            )
    if problems or config is None:
        order = {str(p.path): i for i, p in enumerate(parsed)}
        problems.sort(key=lambda p: (order.get(p.file or "", -1), p.line or 0, p.column or 0))
        raise ConfigError(problems)
    return LoadedConfig(config, tuple(files), base_dir.resolve())


def _place_finding(finding: Finding, placer: _Placer) -> ConfigProblem:
    problem = placer.place(finding.loc, finding.message, finding.code, at_key=finding.at_key)
    if finding.first is None:
        return problem
    first = placer.place(finding.first, "", finding.code)
    message = f"{finding.message}; first declared at {first.file}:{first.line}:{first.column}"
    return ConfigProblem(
        message, problem.file, problem.line, problem.column, problem.path, problem.code
    )


def validate_data(data: Mapping[str, Any], base_dir: Path) -> MediaOSConfig:
    """Validate already-parsed data (API bodies, tests); positions are not available."""
    return MediaOSConfig.model_validate(dict(data), context={"base_dir": base_dir})
