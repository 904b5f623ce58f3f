"""Checks that span sections: references between names, unique names, duplicate items.

Why these run on the merged raw data and not on the validated model: a user with a typo in
one key and a dangling profile name in another must see both at once. So every check here
reads plain YAML values defensively, skips what is malformed (the model reports that), and
returns findings located by their path in the merged data, which the loader turns into
`file:line:column`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator
from dataclasses import dataclass

from mediaos.core.qualities import BY_NAME, MediaFamily, canonical_quality
from mediaos.schemas.keys import book_key, movie_key, music_key, series_key

Loc = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Finding:
    loc: Loc
    message: str
    code: str
    first: Loc | None = None  # where the other half of a duplicate was declared
    at_key: bool = False  # point at the key itself rather than its value


KIND_FAMILY = {
    "movies": MediaFamily.VIDEO,
    "series": MediaFamily.VIDEO,
    "music": MediaFamily.AUDIO,
    "books": MediaFamily.BOOK,
}
_NAMED_LISTS = ("indexers", "download_clients", "media_servers", "notifications", "users")


def _map(value: object) -> dict[str, object]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[object]:
    return value if isinstance(value, list) else []


def _str(value: object) -> str | None:
    return value if isinstance(value, str) and value else None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def check_references(data: dict[str, object]) -> list[Finding]:
    """All cross-section problems of a merged config, in document order."""
    findings: list[Finding] = []
    findings.extend(_profile_references(data))
    findings.extend(_roots(data))
    findings.extend(_unique_names(data))
    findings.extend(_duplicate_items(data))
    findings.extend(_path_mapping_clients(data))
    findings.extend(_unique_versions(data))
    return findings


def _profile_families(data: dict[str, object]) -> dict[str, MediaFamily | None]:
    families: dict[str, MediaFamily | None] = {}
    for name, profile in _map(_map(data.get("quality")).get("profiles")).items():
        allowed = [
            canonical_quality(q) for q in _list(_map(profile).get("allowed")) if isinstance(q, str)
        ]
        known = {BY_NAME[q].family for q in allowed if q is not None}
        families[name] = known.pop() if len(known) == 1 else None
    return families


def _profile_references(data: dict[str, object]) -> Iterator[Finding]:
    quality = _map(data.get("quality"))
    families = _profile_families(data)
    scores_known = set(_map(quality.get("formats")))
    for name, profile in _map(quality.get("profiles")).items():
        for fmt in _map(_map(profile).get("scores")):
            if fmt not in scores_known:
                near = difflib.get_close_matches(fmt, sorted(scores_known), n=1)
                yield Finding(
                    ("quality", "profiles", name, "scores", fmt),
                    f"custom format {fmt!r} is not defined in quality.formats"
                    + (f"; did you mean {near[0]!r}?" if near else ""),
                    "unknown_format",
                    at_key=True,
                )
    default = _str(quality.get("default_profile"))
    if default is not None and default not in families:
        yield _unknown_profile(("quality", "default_profile"), default, families)
    requested = _str(_map(data.get("requests")).get("default_profile"))
    if requested is not None and requested not in families:
        yield _unknown_profile(("requests", "default_profile"), requested, families)
    if default is None and len(families) == 1:
        default = next(iter(families))
    for kind, family in KIND_FAMILY.items():
        for index, item in enumerate(_list(data.get(kind))):
            item = _map(item)
            own = _str(item.get("profile"))
            versions, albums = _list(item.get("versions")), _list(item.get("albums"))
            if own is None and not versions and not albums:
                # The common item names no profile anywhere: nothing to resolve (a fast path
                # over 11,000 items).
                if default is None and item:
                    yield _no_profile(kind, index, families)
                continue
            refs: list[tuple[Loc, str | None]] = [((kind, index, "profile"), own)]
            for v_index, version in enumerate(versions):
                refs.append(
                    (
                        (kind, index, "versions", v_index, "profile"),
                        _str(_map(version).get("profile")),
                    )
                )
            for a_index, album in enumerate(albums):
                refs.append(
                    ((kind, index, "albums", a_index, "profile"), _str(_map(album).get("profile")))
                )
            for loc, ref in refs:
                if ref is None:
                    continue
                if ref not in families:
                    yield _unknown_profile(loc, ref, families)
                elif families[ref] not in (None, family):
                    yield Finding(
                        loc,
                        f"profile {ref!r} allows {families[ref]} qualities, "
                        f"but {kind} need {family.value} qualities",
                        "profile_family",
                    )
            if own is None and default is None and item:
                yield _no_profile(kind, index, families)


def _no_profile(kind: str, index: int, families: dict[str, MediaFamily | None]) -> Finding:
    return Finding(
        (kind, index),
        "no quality profile: set profile here or quality.default_profile"
        if families
        else "no quality profile: define one under quality.profiles",
        "no_profile",
    )


def _unknown_profile(loc: Loc, name: str, families: dict[str, MediaFamily | None]) -> Finding:
    known = ", ".join(sorted(families)) or "none defined"
    return Finding(loc, f"unknown quality profile {name!r} (known: {known})", "unknown_profile")


def _roots(data: dict[str, object]) -> Iterator[Finding]:
    roots = _map(_map(data.get("library")).get("roots"))
    for kind in KIND_FAMILY:
        if roots.get(kind) is not None:
            continue
        for index, item in enumerate(_list(data.get(kind))):
            item = _map(item)
            versions = [_map(v) for v in _list(item.get("versions"))]
            has_root = item.get("root") is not None or (
                bool(versions) and all(v.get("root") is not None for v in versions)
            )
            if item and not has_root:
                yield Finding(
                    (kind, index),
                    f"no library folder for this item: set library.roots.{kind} or root here",
                    "no_root",
                )


def _unique_names(data: dict[str, object]) -> Iterator[Finding]:
    lists: list[tuple[Loc, list[object]]] = [((s,), _list(data.get(s))) for s in _NAMED_LISTS]
    lists.append((("subtitles", "providers"), _list(_map(data.get("subtitles")).get("providers"))))
    for loc, entries in lists:
        seen: dict[str, int] = {}
        for index, entry in enumerate(entries):
            name = _str(_map(entry).get("name"))
            if name is None:
                continue
            if name in seen:
                yield Finding(
                    (*loc, index, "name"),
                    f"name {name!r} is used twice in {'.'.join(map(str, loc))}",
                    "duplicate_name",
                    first=(*loc, seen[name], "name"),
                )
            else:
                seen[name] = index


_ID_FIELDS = ("tmdb", "imdb", "tvdb", "tvmaze", "musicbrainz", "isbn", "openlibrary")


def identities(kind: str, item: dict[str, object]) -> list[str]:
    """Every token that identifies an item: its key and each of its ids."""
    ids: list[str] = []
    for field in _ID_FIELDS:
        # Most items declare one id or none: skip absent fields before the type tests
        # (11,000 items x 7 fields is a visible share of loading the config).
        value = item.get(field)
        if value is not None and (_str(value) or _int(value)):
            ids.append(f"{kind}:{field}:{value}")
    if kind == "movies":
        title, year = _str(item.get("title")), _int(item.get("year"))
        if title and year:
            ids.append(movie_key(title, year))
    elif kind == "series" and (title := _str(item.get("title"))):
        ids.append(series_key(title, _int(item.get("year"))))
    elif kind == "music" and (artist := _str(item.get("artist"))):
        ids.append(music_key(artist))
    elif kind == "books" and (author := _str(item.get("author"))):
        ids.append(book_key(author, _str(item.get("title"))))
    return ids


def _duplicate_items(data: dict[str, object]) -> Iterator[Finding]:
    for kind in KIND_FAMILY:
        seen: dict[str, int] = {}
        for index, item in enumerate(_list(data.get(kind))):
            tokens = identities(kind, _map(item))
            shared = None
            for token in tokens:
                if token in seen:
                    shared = token
                    break
            if shared is None:
                for token in tokens:
                    seen[token] = index
                continue
            label = next((t for t in tokens if "/" in t), shared)
            why = "" if "/" in shared else " (same {} id {})".format(*shared.split(":")[1:])
            yield Finding(
                (kind, index),
                f"{label} is declared twice{why}",
                "duplicate_item",
                first=(kind, seen[shared]),
            )


def _unique_versions(data: dict[str, object]) -> Iterator[Finding]:
    for kind in KIND_FAMILY:
        for index, item in enumerate(_list(data.get(kind))):
            seen: dict[str, int] = {}
            for v_index, version in enumerate(_list(_map(item).get("versions"))):
                name = _str(_map(version).get("name"))
                if name is None:
                    continue
                if name in seen:
                    yield Finding(
                        (kind, index, "versions", v_index, "name"),
                        f"version {name!r} is declared twice for this item",
                        "duplicate_version",
                        first=(kind, index, "versions", seen[name], "name"),
                    )
                else:
                    seen[name] = v_index


def _path_mapping_clients(data: dict[str, object]) -> Iterator[Finding]:
    clients = {_str(_map(c).get("name")) for c in _list(data.get("download_clients"))}
    mappings = _list(_map(data.get("library")).get("path_mappings"))
    for index, mapping in enumerate(mappings):
        client = _str(_map(mapping).get("client"))
        if client is not None and client not in clients:
            yield Finding(
                ("library", "path_mappings", index, "client"),
                f"unknown download client {client!r}",
                "unknown_client",
            )
