"""Payloads for the metadata loopback servers, shaped like the real services' JSON.

Written by hand from the providers' documented shapes (protocols.md section 6): field
names, nesting, `null`s, empty strings for unknown dates, specials with `number: null`,
per-country release dates, MusicBrainz's hyphenated keys. Long episode lists are generated
so the file stays readable; every list is still a real list of real-looking objects.

The fixtures:
- a standard show with specials: Breaking Bad (TVmaze 169, TVDB 81189, TMDB 1396);
- a daily show: The Daily Show (TVmaze 249), season = year, weekday air dates;
- an anime with absolute numbers: Frieren (TVmaze 68542, TVDB 424536), season 2 announced;
- a movie with release dates per country and alternative titles: The Matrix (TMDB 603);
- an artist with release groups of every kind: Radiohead;
- a book with ISBNs: The Hobbit (OL262758W).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

JSON = dict[str, Any]

# --- TVmaze ----------------------------------------------------------------------------------


def tvmaze_episode(
    show: int,
    ep_id: int,
    season: int,
    number: int | None,
    day: date | None,
    *,
    special: bool = False,
) -> JSON:
    stamp = f"{day.isoformat()}T02:00:00+00:00" if day else None
    return {
        "id": ep_id,
        "url": f"https://www.tvmaze.com/episodes/{ep_id}",
        "name": f"Episode {number}" if number else "Special",
        "season": season,
        "number": number,
        "type": "significant_special" if special else "regular",
        "airdate": day.isoformat() if day else "",
        "airtime": "22:00",
        "airstamp": stamp,
        "runtime": 47,
        "rating": {"average": 8.9},
        "image": None,
        "summary": "<p>Walter makes a decision.</p>",
        "_links": {"self": {"href": f"https://api.tvmaze.com/episodes/{ep_id}"}},
    }


def tvmaze_show(
    show_id: int,
    name: str,
    *,
    kind: str,
    language: str,
    genres: list[str],
    status: str,
    premiered: str,
    thetvdb: int | None,
    imdb: str | None,
    runtime: int | None,
) -> JSON:
    return {
        "id": show_id,
        "url": f"https://www.tvmaze.com/shows/{show_id}",
        "name": name,
        "type": kind,
        "language": language,
        "genres": genres,
        "status": status,
        "runtime": runtime,
        "averageRuntime": runtime or 24,
        "premiered": premiered,
        "ended": None,
        "officialSite": None,
        "schedule": {"time": "22:00", "days": ["Sunday"]},
        "rating": {"average": 9.2},
        "weight": 99,
        "network": {
            "id": 20,
            "name": "AMC",
            "country": {"name": "United States", "code": "US", "timezone": "America/New_York"},
        },
        "webChannel": None,
        "externals": {"tvrage": 18164, "thetvdb": thetvdb, "imdb": imdb},
        "image": {"medium": "https://static.tvmaze.com/x.jpg", "original": None},
        "summary": "<p>A show.</p>",
        "updated": 1704794122,
        "_links": {"self": {"href": f"https://api.tvmaze.com/shows/{show_id}"}},
    }


BREAKING_BAD = tvmaze_show(
    169,
    "Breaking Bad",
    kind="Scripted",
    language="English",
    genres=["Drama", "Crime", "Thriller"],
    status="Ended",
    premiered="2008-01-20",
    thetvdb=81189,
    imdb="tt0903747",
    runtime=60,
)
BREAKING_BAD_EPISODES = [
    tvmaze_episode(169, 1000 + 10 * s + n, s, n, date(2008 + s - 1, 1, 20) + timedelta(weeks=n - 1))
    for s in (1, 2)
    for n in range(1, 8)
]
BREAKING_BAD_SPECIALS = [
    tvmaze_episode(169, 1900, 2, None, date(2009, 2, 17), special=True),  # aired in season 2
    tvmaze_episode(169, 1901, 1, None, date(2008, 12, 1), special=True),
]

DAILY_SHOW = tvmaze_show(
    249,
    "The Daily Show",
    kind="Talk Show",
    language="English",
    genres=["Comedy"],
    status="Running",
    premiered="1996-07-22",
    thetvdb=71256,
    imdb="tt0115147",
    runtime=30,
)
_WEEKDAYS = [date(2024, 1, 8) + timedelta(days=d) for d in range(14) if (d % 7) < 4]
DAILY_SHOW_EPISODES = [
    tvmaze_episode(249, 5000 + i, 2024, i, day) for i, day in enumerate(_WEEKDAYS, start=1)
]

FRIEREN = tvmaze_show(
    68542,
    "Frieren: Beyond Journey's End",
    kind="Animation",
    language="Japanese",
    genres=["Anime", "Adventure", "Fantasy"],
    status="Running",
    premiered="2023-09-29",
    thetvdb=424536,
    imdb="tt22248376",
    runtime=25,
)
FRIEREN_EPISODES = [
    tvmaze_episode(68542, 7000 + n, 1, n, date(2023, 9, 29) + timedelta(weeks=max(n - 4, 0)))
    for n in range(1, 29)
] + [tvmaze_episode(68542, 7100 + n, 2, n, None) for n in range(1, 4)]  # announced, no date

TVMAZE_SHOWS = {169: BREAKING_BAD, 249: DAILY_SHOW, 68542: FRIEREN}
TVMAZE_EPISODES = {
    169: (BREAKING_BAD_EPISODES, BREAKING_BAD_SPECIALS),
    249: (DAILY_SHOW_EPISODES, []),
    68542: (FRIEREN_EPISODES, []),
}

# --- TMDB ------------------------------------------------------------------------------------

TMDB_KEY = "0123456789abcdef0123456789abcdef"
TMDB_TOKEN = "eyJhbGciOiJIUzI1NiJ9.eyJhdWQiOiJ0ZXN0In0.c2lnbmF0dXJlLW9mLXRoZS10b2tlbg"


def _dated(kind: int, day: str, cert: str = "") -> JSON:
    return {
        "certification": cert,
        "descriptors": [],
        "iso_639_1": "",
        "note": "",
        "release_date": f"{day}T00:00:00.000Z",
        "type": kind,
    }


MATRIX: JSON = {
    "adult": False,
    "backdrop_path": "/fNG7i7RqMErkcqhohV2a6cV1Ehy.jpg",
    "belongs_to_collection": {"id": 2344, "name": "The Matrix Collection"},
    "budget": 63000000,
    "genres": [{"id": 28, "name": "Action"}, {"id": 878, "name": "Science Fiction"}],
    "id": 603,
    "imdb_id": "tt0133093",
    "original_language": "en",
    "original_title": "The Matrix",
    "overview": "Set in the 22nd century, The Matrix tells the story of a computer hacker...",
    "popularity": 86.2,
    "release_date": "1999-03-30",
    "revenue": 463517383,
    "runtime": 136,
    "status": "Released",
    "title": "The Matrix",
    "video": False,
    "vote_average": 8.2,
    "vote_count": 24000,
    "alternative_titles": {
        "titles": [
            {"iso_3166_1": "DE", "title": "Matrix", "type": ""},
            {"iso_3166_1": "RU", "title": "Матрица", "type": ""},
            {"iso_3166_1": "US", "title": "The Matrix", "type": ""},
        ]
    },
    "external_ids": {"imdb_id": "tt0133093", "wikidata_id": "Q83495", "facebook_id": None},
    "release_dates": {
        "results": [
            {"iso_3166_1": "AU", "release_dates": [_dated(3, "1999-04-08", "M")]},
            {
                "iso_3166_1": "DE",
                "release_dates": [_dated(3, "1999-06-17", "16"), _dated(5, "1999-11-29")],
            },
            {
                "iso_3166_1": "US",
                "release_dates": [
                    _dated(1, "1999-03-24"),
                    _dated(3, "1999-03-31", "R"),
                    _dated(4, "1999-09-21"),
                    _dated(5, "1999-09-21", "R"),
                ],
            },
            {"iso_3166_1": "GB", "release_dates": [_dated(5, "1999-08-01", "15")]},
        ]
    },
}
MATRIX_SEARCH_HIT: JSON = {
    k: MATRIX[k] for k in ("adult", "id", "original_title", "release_date", "title", "popularity")
}
RELOADED_SEARCH_HIT: JSON = {
    "adult": False,
    "id": 604,
    "original_title": "The Matrix Reloaded",
    "release_date": "2003-05-15",
    "title": "The Matrix Reloaded",
    "popularity": 40.1,
}
UNRELEASED_SEARCH_HIT: JSON = {
    "id": 999001,
    "title": "The Matrix 5",
    "release_date": "",
    "adult": False,
}

TMDB_TV: JSON = {
    "id": 1396,
    "name": "Breaking Bad",
    "original_name": "Breaking Bad",
    "original_language": "en",
    "first_air_date": "2008-01-20",
    "last_air_date": "2013-09-29",
    "status": "Ended",
    "type": "Scripted",
    "genres": [{"id": 18, "name": "Drama"}, {"id": 80, "name": "Crime"}],
    "episode_run_time": [45, 47],
    "number_of_seasons": 2,
    "number_of_episodes": 14,
    "networks": [{"id": 174, "name": "AMC"}],
    "seasons": [
        {
            "id": 3577,
            "season_number": 0,
            "episode_count": 2,
            "air_date": "2009-02-17",
            "name": "Specials",
        },
        {
            "id": 3572,
            "season_number": 1,
            "episode_count": 3,
            "air_date": "2008-01-20",
            "name": "Season 1",
        },
        {
            "id": 3573,
            "season_number": 2,
            "episode_count": 3,
            "air_date": "2009-03-08",
            "name": "Season 2",
        },
    ],
    "external_ids": {"imdb_id": "tt0903747", "tvdb_id": 81189, "tvrage_id": 18164},
    "alternative_titles": {
        "results": [{"iso_3166_1": "MX", "title": "Relaciones peligrosas", "type": ""}]
    },
}


def tmdb_season(number: int, count: int, first: date) -> JSON:
    return {
        "id": 3570 + number,
        "season_number": number,
        "air_date": first.isoformat(),
        "episodes": [
            {
                "id": 62000 + number * 100 + n,
                "episode_number": n,
                "season_number": number,
                "name": f"Episode {n}",
                "air_date": (first + timedelta(weeks=n - 1)).isoformat() if n < count else "",
                "runtime": 47 if n < count else None,
                "episode_type": "standard",
            }
            for n in range(1, count + 1)
        ],
    }


TMDB_SEASONS = {
    0: tmdb_season(0, 2, date(2009, 2, 17)),
    1: tmdb_season(1, 3, date(2008, 1, 20)),
    2: tmdb_season(2, 3, date(2009, 3, 8)),
}

# --- TheTVDB v4 ------------------------------------------------------------------------------

TVDB_KEY = "tvdb-project-key-5f3a"
TVDB_PIN = "SUBSCRIBER1"
TVDB_SERIES: dict[int, JSON] = {
    424536: {
        "id": 424536,
        "name": "Frieren: Beyond Journey's End",
        "slug": "frieren-beyond-journeys-end",
        "year": "2023",
        "firstAired": "2023-09-29",
        "originalLanguage": "jpn",
        "averageRuntime": 25,
        "status": {"id": 1, "name": "Continuing", "recordType": "series", "keepUpdated": False},
        "genres": [{"id": 27, "name": "Anime", "slug": "anime"}, {"id": 2, "name": "Adventure"}],
        "aliases": [
            {"language": "jpn", "name": "Sousou no Frieren"},
            {"language": "eng", "name": "Frieren"},
        ],
        "remoteIds": [
            {"id": "tt22248376", "type": 2, "sourceName": "IMDB"},
            {"id": "209867", "type": 12, "sourceName": "TheMovieDB.com"},
            {"id": "68542", "type": 18, "sourceName": "TV Maze"},
        ],
    }
}


def tvdb_episode(
    series: int, season: int, number: int, absolute: int | None, day: date | None
) -> JSON:
    return {
        "id": 9_000_000 + season * 1000 + number,
        "seriesId": series,
        "name": f"Episode {number}",
        "aired": day.isoformat() if day else None,
        "runtime": 25,
        "nameTranslations": ["eng", "jpn"],
        "overview": "...",
        "image": "/banners/x.jpg",
        "imageType": 11,
        "isMovie": 0,
        "number": number,
        "absoluteNumber": absolute,
        "seasonNumber": season,
        "lastUpdated": "2024-03-23 01:14:08",
        "finaleType": None,
        "year": str(day.year) if day else None,
    }


# Season 2 continues the absolute count from 29 (TheTVDB numbers across seasons).
TVDB_EPISODES = {
    424536: [tvdb_episode(424536, 0, 1, None, date(2024, 3, 1))]
    + [tvdb_episode(424536, 1, n, n, date(2023, 9, 29) + timedelta(weeks=n)) for n in range(1, 29)]
    + [tvdb_episode(424536, 2, n, 28 + n, None) for n in range(1, 4)]
}

# --- MusicBrainz -----------------------------------------------------------------------------

RADIOHEAD = "a74b1b7f-71a5-4011-9441-d0b5e4122711"
OK_COMPUTER = "b1392450-e666-3926-a536-22c65f834433"
OK_COMPUTER_GB = "0b6b4ba0-d36f-47bd-b4ea-6a5b91842d29"
OK_COMPUTER_US = "52709206-8816-3c12-9ff6-f957f2f1eecf"
OK_COMPUTER_BOOT = "1e1c4c25-5a4b-4d3a-a0b8-1c3c2a0f9a11"


def _group(mbid: str, title: str, primary: str, secondary: list[str], first: str) -> JSON:
    return {
        "id": mbid,
        "title": title,
        "primary-type": primary,
        "primary-type-id": "f529b476-6e62-324f-b0aa-1f3e33d313fc",
        "secondary-types": secondary,
        "secondary-type-ids": [],
        "first-release-date": first,
        "disambiguation": "",
    }


RADIOHEAD_GROUPS = [
    _group(OK_COMPUTER, "OK Computer", "Album", [], "1997-05-21"),
    _group("f8b6a1e6-2b0e-3b8a-a4a5-7a0a3bd0f6a1", "Kid A", "Album", [], "2000-10-02"),
    _group("6e335887-60ba-38f0-95af-fae7774336bf", "In Rainbows", "Album", [], "2007-10-10"),
    _group(
        "d4a2a8c5-6e0e-3a6f-8e6b-3d0b8a3a1f01", "Airbag / How Am I Driving?", "EP", [], "1998-04-21"
    ),
    _group(
        "1b0cd6ae-2f8e-3e0c-9b3f-5e6f6b5a7c02",
        "I Might Be Wrong: Live Recordings",
        "Album",
        ["Live"],
        "2001-11-12",
    ),
    _group("3e4ab4e0-7c4e-3f4e-8a31-0c1d8b0e9d03", "Creep", "Single", [], "1992-09-21"),
    _group("9a5f1c1e-1d1b-4a8e-9d3a-2b5d0c7e1f04", "A Moon Shaped Pool", "Album", [], "2016-05-08"),
]
RADIOHEAD_ARTIST = {
    "id": RADIOHEAD,
    "name": "Radiohead",
    "sort-name": "Radiohead",
    "type": "Group",
    "country": "GB",
    "disambiguation": "",
    "life-span": {"begin": "1991", "ended": False, "end": None},
}
_CREDIT = [
    {
        "name": "Radiohead",
        "joinphrase": "",
        "artist": {"id": RADIOHEAD, "name": "Radiohead", "sort-name": "Radiohead"},
    }
]
OK_COMPUTER_GROUP = {
    **_group(OK_COMPUTER, "OK Computer", "Album", [], "1997-05-21"),
    "artist-credit": _CREDIT,
    "releases": [
        {
            "id": OK_COMPUTER_BOOT,
            "title": "OK Computer",
            "status": "Bootleg",
            "date": "1997-01-01",
            "country": "XW",
        },
        {
            "id": OK_COMPUTER_US,
            "title": "OK Computer",
            "status": "Official",
            "date": "1997-07-01",
            "country": "US",
        },
        {
            "id": OK_COMPUTER_GB,
            "title": "OK Computer",
            "status": "Official",
            "date": "1997-05-21",
            "country": "GB",
        },
    ],
}
_OK_TRACKS = [
    ("Airbag", 284_000), ("Paranoid Android", 383_000), ("Subterranean Homesick Alien", 267_000),
    ("Exit Music (For a Film)", 264_000), ("Let Down", 299_000), ("Karma Police", 261_000),
    ("Fitter Happier", 117_000), ("Electioneering", 230_000), ("Climbing Up the Walls", 285_000),
    ("No Surprises", 228_000), ("Lucky", 259_000), ("The Tourist", 324_000),
]  # fmt: skip
OK_COMPUTER_RELEASE = {
    "id": OK_COMPUTER_GB,
    "title": "OK Computer",
    "status": "Official",
    "date": "1997-05-21",
    "country": "GB",
    "media": [
        {
            "position": 1,
            "format": "CD",
            "track-count": len(_OK_TRACKS),
            "track-offset": 0,
            "tracks": [
                {
                    "id": f"5a1b2c3d-0000-4000-8000-{n:012d}",
                    "number": str(n),
                    "position": n,
                    "title": title,
                    "length": length,
                    "recording": {
                        "id": f"7e8f9a0b-0000-4000-8000-{n:012d}",
                        "title": title,
                        "length": length,
                    },
                }
                for n, (title, length) in enumerate(_OK_TRACKS, start=1)
            ],
        }
    ],
}

# --- Open Library ----------------------------------------------------------------------------

HOBBIT_WORK = {
    "key": "/works/OL262758W",
    "title": "The Hobbit",
    "authors": [{"author": {"key": "/authors/OL26320A"}, "type": {"key": "/type/author_role"}}],
    "type": {"key": "/type/work"},
    "first_publish_date": "September 21, 1937",
    "subjects": ["Fantasy", "Dragons"],
    "covers": [14627509],
    "latest_revision": 212,
    "revision": 212,
    "created": {"type": "/type/datetime", "value": "2009-10-15T11:34:21.437031"},
}
TOLKIEN = {"key": "/authors/OL26320A", "name": "J.R.R. Tolkien", "birth_date": "3 January 1892"}
HOBBIT_EDITIONS = [
    {
        "key": "/books/OL7354170M",
        "title": "The Hobbit",
        "works": [{"key": "/works/OL262758W"}],
        "isbn_10": ["0261102214"],
        "isbn_13": ["9780261102217"],
        "publish_date": "1999",
        "publishers": ["HarperCollins"],
    },
    {
        "key": "/books/OL25433130M",
        "title": "The Hobbit",
        "works": [{"key": "/works/OL262758W"}],
        "isbn_13": ["9780547928227"],
        "publish_date": "Sep 18, 2012",
    },
]
HOBBIT_SEARCH_DOC = {
    "key": "/works/OL262758W",
    "title": "The Hobbit",
    "author_name": ["J.R.R. Tolkien"],
    "first_publish_year": 1937,
    "isbn": ["9780261102217", "0261102214", "9780547928227"],
}
