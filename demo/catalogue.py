"""What the demo's loopback indexer offers for the quickstart's items, and what must happen.

Why several releases per item: the point of the demo is to show decisions, not only a grab.
For each item one release is right (it is the one transmission-daemon seeds) and the others
must be rejected for a reason a newcomer recognises: a camcorder copy, a 2160p release the
`hd` profile does not allow, the wrong year, another film's title. A rejected release has no
.torrent behind it (the indexer answers 404), so grabbing one would fail loudly.

The series is served by a loopback TVmaze with a two-episode first season, so the demo stays
short, and the movies by a loopback TMDB (their runtimes matter: size limits are MiB per
minute). The ids below are the demo's own, not the services'. The feed advertises sizes a
real release of that quality would have; the files behind them are tiny real videos.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

from tests.peers.metadata_payloads import JSON, tvmaze_episode, tvmaze_show


@dataclass(frozen=True)
class Offer:
    """One release the indexer lists."""

    release_id: str
    title: str
    kind: Literal["movie", "tv"]
    item: str  # the quickstart item it is offered for (as a reader would name it)
    seeded: bool  # the right release: real media, seeded, expected in the library
    why: str  # why it is right, or what must reject it
    season: int | None = None
    episode: int | None = None
    seeders: int = 12
    size_mib: int = 0  # what the indexer says; 0: a size usual for the quality and runtime

    @property
    def advertised_size(self) -> int:
        """About 60 MiB a minute for a movie (10 and 15 minutes here), 700 MiB an episode."""
        usual = {"Big Buck Bunny (2008)": 600, "Sintel (2010)": 900}.get(self.item, 700)
        return (self.size_mib or usual) * 1024 * 1024

    @property
    def file_name(self) -> str:
        return f"{self.title}.mkv"


MOVIE_CATEGORIES = (2000, 2040)
TV_CATEGORIES = (5000, 5040)

OFFERS: tuple[Offer, ...] = (
    Offer("bbb-web", "Big.Buck.Bunny.2008.1080p.WEB-DL.x264-DEMO", "movie", "Big Buck Bunny (2008)",
          True, "WEBDL-1080p, the profile's cutoff"),
    Offer("bbb-cam", "Big.Buck.Bunny.2008.CAM.x264-NOPE", "movie", "Big Buck Bunny (2008)",
          False, "a camcorder copy: CAM is not in the hd profile", seeders=80),
    Offer("bbb-uhd", "Big.Buck.Bunny.2008.2160p.WEB-DL.x265-UHD", "movie", "Big Buck Bunny (2008)",
          False, "2160p: not in the hd profile", seeders=40),
    Offer("sintel-br", "Sintel.2010.1080p.BluRay.x264-DEMO", "movie", "Sintel (2010)",
          True, "Bluray-1080p, allowed by the hd profile"),
    Offer("sintel-year", "Sintel.2005.1080p.BluRay.x264-OTHER", "movie", "Sintel (2010)",
          False, "the wrong year (2005)", seeders=30),
    Offer("sintel-title", "Sintel.Reborn.2010.1080p.WEB-DL.x264-OTHER", "movie", "Sintel (2010)",
          False, "another title (Sintel Reborn)", seeders=30),
    Offer("p1-e01", "Pioneer.One.S01E01.720p.WEB-DL.x264-DEMO", "tv", "Pioneer One S01E01",
          True, "WEBDL-720p, allowed by the hd profile", season=1, episode=1),
    Offer("p1-e01-dvd", "Pioneer.One.S01E01.DVDRip.XviD-LOW", "tv", "Pioneer One S01E01",
          False, "DVD quality is not in the hd profile", season=1, episode=1, seeders=50),
    Offer("p1-e02", "Pioneer.One.S01E02.720p.WEB-DL.x264-DEMO", "tv", "Pioneer One S01E02",
          True, "WEBDL-720p, allowed by the hd profile", season=1, episode=2),
    Offer("p1-e02-uhd", "Pioneer.One.S01E02.2160p.WEB-DL.x265-UHD", "tv", "Pioneer One S01E02",
          False, "2160p: not in the hd profile", season=1, episode=2, seeders=50),
)  # fmt: skip

#: What the library must hold afterwards: the *arr names of the quickstart's items.
EXPECTED_LIBRARY: tuple[str, ...] = (
    "movies/Big Buck Bunny (2008)/Big Buck Bunny (2008) WEBDL-1080p.mkv",
    "movies/Sintel (2010)/Sintel (2010) Bluray-1080p.mkv",
    "series/Pioneer One/Season 1/Pioneer One - S01E01 - Episode 1 WEBDL-720p.mkv",
    "series/Pioneer One/Season 1/Pioneer One - S01E02 - Episode 2 WEBDL-720p.mkv",
)

# --- the loopback TMDB and TVmaze ---------------------------------------------------------


def tmdb_movie(tmdb_id: int, title: str, released: str, runtime: int) -> JSON:
    """A TMDB `/movie/{id}` answer with what MediaOS reads: ids, dates, runtime, titles."""
    digital = {"certification": "", "descriptors": [], "iso_639_1": "", "note": "",
               "release_date": f"{released}T00:00:00.000Z", "type": 4}  # fmt: skip
    return {
        "adult": False,
        "id": tmdb_id,
        "imdb_id": None,
        "original_language": "en",
        "original_title": title,
        "overview": "An open movie of the Blender Foundation.",
        "popularity": 10.0,
        "release_date": released,
        "runtime": runtime,
        "status": "Released",
        "title": title,
        "video": False,
        "alternative_titles": {"titles": []},
        "external_ids": {"imdb_id": None},
        "release_dates": {"results": [{"iso_3166_1": "US", "release_dates": [digital]}]},
    }


TMDB_MOVIES: dict[int, JSON] = {
    90101: tmdb_movie(90101, "Big Buck Bunny", "2008-05-30", 10),
    90102: tmdb_movie(90102, "Sintel", "2010-09-27", 15),
}

PIONEER_ONE_ID = 90001
PIONEER_ONE: JSON = tvmaze_show(
    PIONEER_ONE_ID,
    "Pioneer One",
    kind="Scripted",
    language="English",
    genres=["Drama", "Science-Fiction"],
    status="Ended",
    premiered="2010-06-16",
    thetvdb=None,
    imdb=None,
    runtime=35,
)
PIONEER_ONE_EPISODES: list[JSON] = [
    tvmaze_episode(PIONEER_ONE_ID, 900010 + n, 1, n, date(2010, 6, 16) + date.resolution * 90 * n)
    for n in (1, 2)
]
TVMAZE_SHOWS: dict[int, JSON] = {PIONEER_ONE_ID: PIONEER_ONE}
TVMAZE_EPISODES: dict[int, tuple[list[JSON], list[JSON]]] = {
    PIONEER_ONE_ID: (PIONEER_ONE_EPISODES, [])
}


def seeded() -> tuple[Offer, ...]:
    return tuple(o for o in OFFERS if o.seeded)
