"""MusicBrainz web service v2 (JSON): artists, their release groups (albums) and tracks.

MusicBrainz is run by a non-profit and blocks clients that ignore its rules, so:

- **One request per second**, strictly: one `RateLimiter(1, 1.0)` per process serialises
  every call, and a `503`/`429` with `Retry-After` holds it for as long as asked.
- **A meaningful User-Agent** on every request: `MediaOS/0.1 ( <contact> )`, the contact
  taken from `metadata.musicbrainz.contact`.
- `fmt=json` on every request (the default is XML).

An artist is its lookup plus the release-group browse, 100 a page (a lookup with
`inc=release-groups` stops at 25). An album's tracks come from one of its releases: the
earliest official one, the choice Lidarr makes by default.
"""

from __future__ import annotations

from datetime import date
from typing import TypeVar, Unpack

from pydantic import Field

from mediaos.adapters.metadata.base import (
    AlbumMeta,
    ArtistMeta,
    TrackMeta,
    parse_partial_date,
)
from mediaos.adapters.metadata.gateway import (
    Gateway,
    GatewaySource,
    Params,
    Payload,
    Wiring,
    open_gateway,
)
from mediaos.schemas.services import MusicBrainzSpec

NAME = "musicbrainz"
PAGE = 100
MAX_PAGES = 20
_P = TypeVar("_P", bound=Payload)


def user_agent(contact: str) -> str:
    return f"MediaOS/0.1 ( {contact} )"


class _ArtistRef(Payload):
    id: str
    name: str


class _Credit(Payload):
    name: str
    joinphrase: str = ""
    artist: _ArtistRef | None = None


class _ReleaseRef(Payload):
    id: str
    status: str | None = None
    date: str | None = None


class _Group(Payload):
    id: str
    title: str
    primary_type: str | None = Field(None, alias="primary-type")
    secondary_types: list[str] = Field([], alias="secondary-types")
    first_release_date: str | None = Field(None, alias="first-release-date")
    artist_credit: list[_Credit] = Field([], alias="artist-credit")
    releases: list[_ReleaseRef] = []


class _Artist(Payload):
    id: str
    name: str
    sort_name: str | None = Field(None, alias="sort-name")


class _GroupBrowse(Payload):
    count: int = Field(0, alias="release-group-count")
    groups: list[_Group] = Field([], alias="release-groups")


class _GroupSearch(Payload):
    groups: list[_Group] = Field([], alias="release-groups")


class _ArtistSearch(Payload):
    artists: list[_Artist] = []


class _Recording(Payload):
    id: str
    length: int | None = None


class _Track(Payload):
    position: int
    title: str
    length: int | None = None
    recording: _Recording | None = None


class _Medium(Payload):
    position: int = 1
    tracks: list[_Track] = []


class _Release(Payload):
    id: str
    media: list[_Medium] = []


class MusicBrainz(GatewaySource):
    name = NAME

    def __init__(self, gateway: Gateway, *, contact: str) -> None:
        super().__init__(gateway)
        self._headers = {"User-Agent": user_agent(contact), "Accept": "application/json"}

    @classmethod
    def from_spec(cls, spec: MusicBrainzSpec, **wiring: Unpack[Wiring]) -> MusicBrainz:
        agent = {"User-Agent": user_agent(spec.contact)}
        gateway = open_gateway(NAME, spec.url, calls=1, per=1.0, wiring=wiring, headers=agent)
        return cls(gateway, contact=spec.contact)

    async def artist(self, musicbrainz: str) -> ArtistMeta:
        raw = await self._get(f"/artist/{musicbrainz}", _Artist, {})
        groups: list[_Group] = []
        for _ in range(MAX_PAGES):  # the offset counts what arrived: a server may cap `limit`
            params: Params = {"artist": musicbrainz, "limit": PAGE, "offset": len(groups)}
            chunk = await self._get("/release-group", _GroupBrowse, params)
            groups += chunk.groups
            if not chunk.groups or len(groups) >= chunk.count:
                break
        albums = tuple(to_album(g, artist=raw.name) for g in groups)
        return ArtistMeta(
            musicbrainz=raw.id,
            name=raw.name,
            sort_name=raw.sort_name,
            albums=tuple(sorted(albums, key=lambda a: (a.first_release or date.max, a.title))),
        )

    async def album(self, musicbrainz: str) -> AlbumMeta:
        group = await self._get(
            f"/release-group/{musicbrainz}", _Group, {"inc": "artist-credits releases"}
        )
        chosen = pick_release(group.releases)
        if chosen is None:
            return to_album(group)
        release = await self._get(f"/release/{chosen}", _Release, {"inc": "recordings"})
        return to_album(group, release=release)

    async def search_artists(self, name: str) -> tuple[ArtistMeta, ...]:
        found = await self._get("/artist", _ArtistSearch, {"query": f"artist:{quote(name)}"})
        return tuple(
            ArtistMeta(musicbrainz=a.id, name=a.name, sort_name=a.sort_name) for a in found.artists
        )

    async def search_albums(
        self, title: str, artist: str | None = None, year: int | None = None
    ) -> tuple[AlbumMeta, ...]:
        terms = [f"releasegroup:{quote(title)}"]
        if artist:
            terms.append(f"artist:{quote(artist)}")
        if year:
            terms.append(f"firstreleasedate:{year}")
        found = await self._get("/release-group", _GroupSearch, {"query": " AND ".join(terms)})
        return tuple(to_album(g) for g in found.groups)

    async def _get(self, path: str, model: type[_P], params: Params) -> _P:
        query: Params = {**params, "fmt": "json"}
        return await self._gw.get_json(path, model, params=query, headers=self._headers)


def quote(text: str) -> str:
    """A Lucene phrase: the text in double quotes, with backslashes and quotes escaped."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def pick_release(releases: list[_ReleaseRef]) -> str | None:
    """The earliest official release; any release when none is official."""
    official = [r for r in releases if (r.status or "").lower() == "official"] or releases
    dated = sorted(official, key=lambda r: parse_partial_date(r.date) or date.max)
    return dated[0].id if dated else None


def to_album(
    group: _Group, *, artist: str | None = None, release: _Release | None = None
) -> AlbumMeta:
    credit = "".join(c.name + c.joinphrase for c in group.artist_credit) or artist
    tracks = (
        tuple(
            TrackMeta(
                disc=medium.position,
                position=track.position,
                title=track.title,
                recording=track.recording.id if track.recording else None,
                length_ms=track.length or (track.recording.length if track.recording else None),
            )
            for medium in release.media
            for track in medium.tracks
        )
        if release
        else ()
    )
    return AlbumMeta(
        musicbrainz=group.id,
        title=group.title,
        artist=credit,
        primary_type=group.primary_type,
        secondary_types=tuple(group.secondary_types),
        first_release=parse_partial_date(group.first_release_date),
        release=release.id if release else None,
        tracks=tracks,
    )
