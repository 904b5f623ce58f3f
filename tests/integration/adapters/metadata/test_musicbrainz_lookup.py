from __future__ import annotations

import itertools
from datetime import date

import pytest

from mediaos.adapters.metadata.musicbrainz import MusicBrainz
from mediaos.adapters.metadata.pacing import RateLimiter
from mediaos.core.errors import NotFound, PeerBusy, RateLimited
from mediaos.schemas.services import MusicBrainzSpec
from mediaos.state.metadata_cache import SqliteMetadataCache
from tests.integration.adapters.metadata.conftest import FakeClock, gateway
from tests.peers import metadata_payloads as p
from tests.peers.metadata_servers import MetadataServer

CONTACT = "mailto:ops@example.org"


def adapter(
    server: MetadataServer, clock: FakeClock, cache: SqliteMetadataCache | None = None
) -> MusicBrainz:
    return MusicBrainz(gateway(server, clock, cache, calls=1, per=1.0), contact=CONTACT)


async def test_artist_has_every_release_group_over_browse_pages(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    artist = await adapter(musicbrainz, clock).artist(p.RADIOHEAD)
    assert (artist.name, artist.sort_name) == ("Radiohead", "Radiohead")
    assert len(artist.albums) == 7  # 5 + 2 on the second page
    assert [a.title for a in artist.albums][:2] == ["Creep", "OK Computer"]  # by release date
    live = next(a for a in artist.albums if a.secondary_types)
    assert (live.primary_type, live.secondary_types) == ("Album", ("Live",))
    assert musicbrainz.paths() == [f"/artist/{p.RADIOHEAD}", "/release-group", "/release-group"]
    assert [s.query.get("offset") for s in musicbrainz.requests[1:]] == ["0", "5"]


async def test_every_request_sends_the_user_agent_and_asks_for_json(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    await adapter(musicbrainz, clock).search_artists("Radiohead")
    seen = musicbrainz.requests[0]
    assert seen.headers["User-Agent"] == f"MediaOS/0.1 ( {CONTACT} )"
    assert seen.query["fmt"] == "json"
    assert seen.query["query"] == 'artist:"Radiohead"'


async def test_album_tracks_come_from_the_earliest_official_release(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    album = await adapter(musicbrainz, clock).album(p.OK_COMPUTER)
    assert album.release == p.OK_COMPUTER_GB  # not the earlier bootleg, not the later US one
    assert (album.artist, album.first_release) == ("Radiohead", date(1997, 5, 21))
    assert len(album.tracks) == 12
    assert (album.tracks[1].title, album.tracks[1].length_ms) == ("Paranoid Android", 383_000)
    assert musicbrainz.requests[0].query["inc"] == "artist-credits releases"
    assert musicbrainz.requests[1].query["inc"] == "recordings"


async def test_requests_are_paced_at_one_per_second(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(musicbrainz, clock)
    await source.artist(p.RADIOHEAD)  # three requests
    await source.album(p.OK_COMPUTER)  # two more
    arrivals = [s.at for s in musicbrainz.requests]
    gaps = [later - earlier for earlier, later in itertools.pairwise(arrivals)]
    assert len(arrivals) == 5
    assert all(gap >= 1.0 for gap in gaps), gaps
    assert arrivals[-1] - arrivals[0] == pytest.approx(4.0)


async def test_a_503_with_retry_after_holds_every_later_request(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    source = adapter(musicbrainz, clock)
    musicbrainz.faults.status, musicbrainz.faults.retry_after = 503, "30"
    with pytest.raises(RateLimited):
        await source.album(p.OK_COMPUTER)
    musicbrainz.faults.status = None
    await source.search_artists("Radiohead")
    assert musicbrainz.requests[1].at - musicbrainz.requests[0].at >= 30
    musicbrainz.faults.status, musicbrainz.faults.retry_after = 503, None
    with pytest.raises(PeerBusy):
        await source.search_artists("Radiohead")


async def test_search_albums_builds_a_lucene_query(
    musicbrainz: MetadataServer, clock: FakeClock
) -> None:
    found = await adapter(musicbrainz, clock).search_albums("OK Computer", "Radiohead", 1997)
    assert [a.musicbrainz for a in found] == [p.OK_COMPUTER]
    assert musicbrainz.requests[0].query["query"] == (
        'releasegroup:"OK Computer" AND artist:"Radiohead" AND firstreleasedate:1997'
    )


async def test_unknown_ids_are_not_found(musicbrainz: MetadataServer, clock: FakeClock) -> None:
    with pytest.raises(NotFound):
        await adapter(musicbrainz, clock).album("00000000-0000-0000-0000-000000000000")


async def test_from_spec_sends_the_configured_contact(musicbrainz: MetadataServer) -> None:
    spec = MusicBrainzSpec(url=musicbrainz.url, contact="https://example.org/me")
    source = MusicBrainz.from_spec(spec, limiter=RateLimiter(10, 1.0))
    await source.search_artists("Radiohead")
    assert musicbrainz.requests[0].headers["User-Agent"] == "MediaOS/0.1 ( https://example.org/me )"
    await source.aclose()
