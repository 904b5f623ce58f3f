"""A `SearchQuery` and an indexer's `Caps` to the query string of one API call. Pure.

Why the care (protocols.md 1.2-1.3): an id parameter the indexer did not list in caps is
either an error or silently ignored, and an ignored `tvdbid` turns into "the 100 newest
releases", which look like hits. So:

- the function follows the query's kind (`tvsearch`, `movie`, `music`, `book`); when the
  indexer does not offer it, the query degrades to `t=search` with a text built the way Sonarr
  and Radarr do ("Title S03E02", "Title 1999"), or is refused as `Unsupported` without text;
- each id is sent only when listed in `supportedParams` (several listed ids are OR-ed by
  the server, revision 1.1); IMDb ids go without `tt`; season 0 goes as `00` (NNTmux);
- `q` is sent only when no id was, so an id search is never narrowed by a title spelling;
- categories: the query's, else the indexer's configured ones, else the *arr defaults for
  the kind, narrowed to the ids the indexer lists in caps when any of them are listed;
- `extended=1` always (many newznab servers omit attributes without it).
"""

from __future__ import annotations

from collections.abc import Sequence

from mediaos.adapters.indexers.base import Caps, SearchCaps, SearchKind, SearchQuery
from mediaos.adapters.indexers.caps import DEFAULT_PARAMS, page_size
from mediaos.core.errors import Unsupported

FUNCTIONS: dict[SearchKind, str] = {
    "search": "search",
    "tv": "tvsearch",
    "movie": "movie",
    "music": "music",
    "book": "book",
}

#: What Sonarr, Radarr, Lidarr and Readarr search when the user configured nothing.
DEFAULT_CATEGORIES: dict[SearchKind, tuple[int, ...]] = {
    "search": (),
    "tv": (5030, 5040),
    "movie": (2000, 2010, 2020, 2030, 2040, 2045, 2050, 2060),
    "music": (3000, 3010, 3040),
    "book": (7000, 7020, 3030),
}

Params = list[tuple[str, str]]


def search_params(
    query: SearchQuery, caps: Caps, *, adapter: str, configured: Sequence[int] = ()
) -> Params:
    """The query string (without `apikey`) for `query` against an indexer with `caps`."""
    kind = query.kind
    offered = caps.searches.get(kind) or SearchCaps(kind == "search", DEFAULT_PARAMS[kind])
    if kind != "search" and not offered.available:
        text = fallback_text(query)
        if not text:
            raise Unsupported(
                adapter, "search", f"the indexer offers no {kind} search and the query has no text"
            )
        specific: Params = [("q", text)]
        function = "search"
    else:
        specific = _specific(query, offered.params, adapter=adapter)
        function = FUNCTIONS[kind]
    params: Params = [("t", function)]
    categories = choose_categories(query.categories or tuple(configured), kind, caps)
    if categories:
        params.append(("cat", ",".join(str(c) for c in categories)))
    params += [("extended", "1"), ("offset", str(max(query.offset, 0)))]
    params.append(("limit", str(_limit(query.limit, caps))))
    return params + specific


def rss_params(caps: Caps, categories: Sequence[int]) -> Params:
    """The latest releases: `t=search` with categories and no `q` (the RSS sync request)."""
    params: Params = [("t", "search")]
    chosen = choose_categories(tuple(categories), "search", caps)
    if chosen:
        params.append(("cat", ",".join(str(c) for c in chosen)))
    return [*params, ("extended", "1"), ("offset", "0"), ("limit", str(page_size(caps)))]


def choose_categories(wanted: tuple[int, ...], kind: SearchKind, caps: Caps) -> tuple[int, ...]:
    categories = wanted or DEFAULT_CATEGORIES[kind]
    listed = tuple(c for c in categories if c in caps.categories)
    return listed or categories


def fallback_text(query: SearchQuery) -> str | None:
    """Free text standing in for a search function the indexer lacks."""
    parts: list[str] = []
    if query.kind == "music":
        parts = [p for p in (query.artist, query.album) if p]
    elif query.kind == "book":
        parts = [p for p in (query.author, query.title) if p]
    if query.text:
        parts.insert(0, query.text)
    if not parts:
        return None
    if query.kind == "tv" and query.season is not None:
        parts.append(_episode_token(query.season, query.episode))
    elif query.kind == "movie" and query.year:
        parts.append(str(query.year))
    return " ".join(parts)


def _specific(query: SearchQuery, supported: frozenset[str], *, adapter: str) -> Params:
    ids = [(name, value) for name, value in _ids(query) if name in supported]
    params: Params = list(ids)
    kind = query.kind
    if kind == "tv" and query.season is not None:
        if "season" in supported:
            params.append(
                ("season", f"{query.season:02d}" if query.season == 0 else str(query.season))
            )
            if query.episode and "ep" in supported:
                params.append(("ep", query.episode))
        elif not ids and query.text:
            return [("q", f"{query.text} {_episode_token(query.season, query.episode)}")]
    extra = {
        "artist": query.artist,
        "album": query.album,
        "author": query.author,
        "title": query.title,
        "year": str(query.year) if query.year else None,
    }
    params += [(k, v) for k, v in extra.items() if v and k in supported]
    if not ids and query.text:
        text = query.text
        if kind == "movie" and query.year and "year" not in supported:
            text = f"{text} {query.year}"
        params.append(("q", text))
    identifying = {"q", "artist", "album", "author", "title"} | {name for name, _ in ids}
    if kind != "search" and not any(name in identifying for name, _ in params):
        raise Unsupported(
            adapter, "search", f"the indexer's {kind} search accepts none of the query's ids"
        )
    return params


def _ids(query: SearchQuery) -> list[tuple[str, str]]:
    imdb = (query.imdb_id or "").lower().removeprefix("tt")
    found = [
        ("tvdbid", query.tvdb_id),
        ("tvmazeid", query.tvmaze_id),
        ("imdbid", imdb if imdb.isdigit() and int(imdb) > 0 else None),
        ("tmdbid", query.tmdb_id),
    ]
    if query.kind not in ("tv", "movie"):
        return []
    return [(name, str(value)) for name, value in found if value]


def _episode_token(season: int, episode: str | None) -> str:
    if episode and episode.isdigit():
        return f"S{season:02d}E{int(episode):02d}"
    if episode:
        return f"{season} {episode.replace('/', ' ')}"  # daily show: "2024 01 31"
    return f"S{season:02d}"


def _limit(wanted: int | None, caps: Caps) -> int:
    if wanted is None or wanted <= 0:
        return page_size(caps)
    return min(wanted, caps.limit_max) if caps.limit_max else wanted
