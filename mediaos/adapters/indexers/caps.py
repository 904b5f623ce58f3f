"""`t=caps`: what an indexer can search for, parsed into `Caps` (protocols.md 1.2).

Why it matters: sending an id parameter the indexer did not list makes some servers error
and others silently ignore it and return their latest releases, which look like results.
So searches send only what `supportedParams` lists, and when the attribute is missing the
Torznab 1.1 defaults apply (search `q`, tv `q,rid,season,ep`, movie `q,imdbid`, ...).

Invariants: a missing `<searching>` block gives Sonarr's fallback caps rather than an error
(an indexer with odd caps still works for text search); `music-search` and its older
spelling `audio-search` both map to kind "music"; subcategories are flattened into the same
id -> name table as their parents. Pure: element in, `Caps` out.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element

from mediaos.adapters.indexers.base import Caps, SearchCaps, SearchKind
from mediaos.core.errors import BadPayload

#: Torznab revision 1.1: what to assume when `supportedParams` is absent.
DEFAULT_PARAMS: dict[SearchKind, frozenset[str]] = {
    "search": frozenset({"q"}),
    "tv": frozenset({"q", "rid", "season", "ep"}),
    "movie": frozenset({"q", "imdbid"}),
    "music": frozenset({"q"}),
    "book": frozenset({"q"}),
}

#: Element names under `<searching>`, in the order later spellings override earlier ones.
_SEARCH_ELEMENTS: tuple[tuple[str, SearchKind], ...] = (
    ("search", "search"),
    ("tv-search", "tv"),
    ("movie-search", "movie"),
    ("audio-search", "music"),
    ("music-search", "music"),
    ("book-search", "book"),
)

#: Sonarr's page size when caps say nothing, and the ceiling it never exceeds.
DEFAULT_PAGE_SIZE = 100

#: What Sonarr assumes when caps cannot be read: text search and basic TV search.
FALLBACK_CAPS = Caps(
    server_title=None,
    limit_max=None,
    limit_default=None,
    searches={
        "search": SearchCaps(True, DEFAULT_PARAMS["search"]),
        "tv": SearchCaps(True, DEFAULT_PARAMS["tv"]),
        "movie": SearchCaps(False, DEFAULT_PARAMS["movie"]),
        "music": SearchCaps(False, DEFAULT_PARAMS["music"]),
        "book": SearchCaps(False, DEFAULT_PARAMS["book"]),
    },
)


def parse_caps(root: Element, *, adapter: str) -> Caps:
    """`Caps` from the root of a `t=caps` answer (errors were handled by the caller)."""
    if root.tag != "caps":
        raise BadPayload(adapter, "caps", f"expected <caps>, got <{_local(root.tag)}>")
    server = root.find("server")
    limits = root.find("limits")
    searching = root.find("searching")
    searches = dict(FALLBACK_CAPS.searches) if searching is None else _searches(searching)
    return Caps(
        server_title=_title(server.get("title")) if server is not None else None,
        limit_max=_positive(limits.get("max")) if limits is not None else None,
        limit_default=_positive(limits.get("default")) if limits is not None else None,
        searches=searches,
        categories=_categories(root.find("categories")),
    )


def page_size(caps: Caps) -> int:
    """Results per page: the indexer's maximum, at most 100 (Sonarr's rule)."""
    best = max(caps.limit_default or 0, caps.limit_max or 0) or DEFAULT_PAGE_SIZE
    return min(DEFAULT_PAGE_SIZE, best)


def _searches(searching: Element) -> dict[SearchKind, SearchCaps]:
    found: dict[SearchKind, SearchCaps] = {
        kind: SearchCaps(False, params) for kind, params in DEFAULT_PARAMS.items()
    }
    for tag, kind in _SEARCH_ELEMENTS:
        element = searching.find(tag)
        if element is None:
            continue
        available = (element.get("available") or "").strip().lower() == "yes"
        if kind == "music" and found["music"].available and not available:
            continue  # Prowlarr sends both spellings; one "yes" is enough
        raw = element.get("supportedParams")
        params = DEFAULT_PARAMS[kind] if raw is None else _param_set(raw)
        found[kind] = SearchCaps(available, params)
    return found


def _param_set(raw: str) -> frozenset[str]:
    return frozenset(p.strip().lower() for p in raw.split(",") if p.strip())


def _categories(element: Element | None) -> dict[int, str]:
    table: dict[int, str] = {}
    if element is None:
        return table
    for category in element.iter("category"):
        parent_id = _positive(category.get("id"), allow_zero=True)
        parent_name = (category.get("name") or "").strip()
        if parent_id is not None:
            table[parent_id] = parent_name
        for sub in category.iter("subcat"):
            sub_id = _positive(sub.get("id"), allow_zero=True)
            name = (sub.get("name") or "").strip()
            if sub_id is None:
                continue
            if parent_name and "/" not in name:
                name = f"{parent_name}/{name}"  # nZEDb says "HD" where Jackett says "Movies/HD"
            table[sub_id] = name
    return table


def _positive(value: str | None, *, allow_zero: bool = False) -> int | None:
    if value is None or not value.strip().isdigit():
        return None
    number = int(value)
    return number if number > 0 or allow_zero else None


def _title(raw: str | None) -> str | None:
    """The server's name as shown in health messages: one line, at most 80 characters."""
    title = " ".join((raw or "").split())[:80]
    return title or None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]
