"""Adopting from Sonarr v4 and Radarr v5 loopback servers: what is declared, how profiles are
converted, that the YAML validates, and how a wrong key, URL or server is reported."""

from __future__ import annotations

import socket
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from mediaos.adapters.arr import Radarr, Sonarr, api_key_from_env
from mediaos.adapters.http import build_client
from mediaos.core.errors import AuthRejected, BadPayload, Unreachable
from mediaos.reconcilers.adopt_arr import adopt_arr, adopt_from_arr
from mediaos.schemas.load import load_config
from mediaos.schemas.render_arr import (
    ArrAdopted,
    ArrMovieItem,
    ArrSeriesItem,
    render_arr_adopted,
)
from tests.peers.arr_servers import (
    API_KEY,
    RADARR_MOVIES,
    ArrServer,
    Film,
    NotArrServer,
    Profile,
    Show,
    radarr,
    sonarr,
)


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with build_client(timeout=5.0) as client:
        yield client


@pytest.fixture
async def adopted(http: httpx.AsyncClient) -> ArrAdopted:
    async with sonarr() as tv, radarr() as films:
        return await adopt_from_arr(
            sonarr=Sonarr(url=tv.url, api_key=API_KEY, http=http),
            radarr=Radarr(url=films.url + "/", api_key=API_KEY, http=http),
        )


def _validated(adopted: ArrAdopted, tmp_path: Path) -> str:
    text = render_arr_adopted(adopted, sources=["sonarr", "radarr"], written_on="2026-11-25")
    path = tmp_path / "adopted.yaml"
    path.write_text(text, encoding="utf-8")
    load_config([path], env={})  # raises ConfigError listing every problem
    return text


async def test_adopting_both_writes_yaml_that_validates(
    adopted: ArrAdopted, tmp_path: Path
) -> None:
    text = _validated(adopted, tmp_path)
    config = load_config([tmp_path / "adopted.yaml"], env={}).config
    assert [m.title for m in config.movies] == [
        "Amélie",
        "Avatar: Fire and Ash",
        "Dune: Part Two",
        "The 'Burbs",
        "The Matrix",
    ]
    assert config.library.roots.series == Path("/tv")
    assert config.library.roots.movies == Path("/movies")
    assert 'title: "Marvel\'s Agents of S.H.I.E.L.D. \\"Slingshot\\""' in text


async def test_unmonitored_series_movies_and_seasons_are_left_out(adopted: ArrAdopted) -> None:
    series = {(s.title, s.year): s for s in adopted.series}
    assert ("Doctor Who", 1963) not in series
    assert ("Cancelled Show", 2019) not in series
    assert "The Room" not in {m.title for m in adopted.movies}
    assert series[("The Office (US)", 2005)].seasons == tuple(range(1, 10))  # no specials
    assert series[("Jeopardy!", 1984)].seasons == (40, 41)
    assert series[("Doctor Who", 2005)].seasons == (1, 2)
    left_out = dict(adopted.unmatched)
    assert left_out["Radarr: The Room (2003)"] == "not monitored"
    assert left_out["Sonarr: Doctor Who (1963)"] == "not monitored"


async def test_series_keep_type_ids_root_and_tags(adopted: ArrAdopted, tmp_path: Path) -> None:
    _validated(adopted, tmp_path)
    loaded = load_config([tmp_path / "adopted.yaml"], env={}).config
    shows = {s.title: s for s in loaded.series}
    assert shows["Jeopardy!"].type == "daily"
    frieren = shows["Frieren: Beyond Journey's End"]
    assert (frieren.type, frieren.tvdb, frieren.tvmaze, frieren.tmdb) == (
        "anime",
        424536,
        68032,
        209867,
    )
    assert frieren.root == Path("/anime")
    assert frieren.tags == ["anime", "family-night"]
    assert shows["The Office (US)"].root is None  # lives in the main series root
    doctor = shows["Doctor Who"]
    assert (doctor.imdb, doctor.tvmaze) == (None, None)  # Sonarr's "" and 0 mean unknown
    movies = {m.title: m for m in loaded.movies}
    assert movies["Dune: Part Two"].minimum_availability == "in_cinemas"
    assert movies["Avatar: Fire and Ash"].minimum_availability == "announced"
    assert movies["The Matrix"].minimum_availability == "released"
    assert movies["The Matrix"].tags == ["4k-later"]
    assert movies["Amélie"].root == Path("/movies-foreign")


async def test_profiles_are_converted_named_and_shared(adopted: ArrAdopted, tmp_path: Path) -> None:
    _validated(adopted, tmp_path)
    quality = load_config([tmp_path / "adopted.yaml"], env={}).config.quality
    profiles = quality.profiles
    # Only profiles a declared item uses; "Any" and "SD" are not.
    assert sorted(profiles) == ["hd-720p-1080p", "radarr-hd-1080p", "sonarr-hd-1080p", "ultra-hd"]
    sonarr_hd = profiles["sonarr-hd-1080p"]
    assert sonarr_hd.allowed == ["HDTV-1080p", "WEBRip-1080p", "WEBDL-1080p", "Bluray-1080p"]
    assert sonarr_hd.cutoff == "WEBRip-1080p"  # the "WEB 1080p" group: its lowest member
    assert profiles["radarr-hd-1080p"].allowed[-1] == "Remux-1080p"
    ultra = profiles["ultra-hd"]  # the same in Sonarr and Radarr, so one profile
    assert ultra.allowed == [
        "HDTV-2160p",
        "WEBRip-2160p",
        "WEBDL-2160p",
        "Bluray-2160p",
        "Remux-2160p",
    ]
    assert ultra.cutoff == "Remux-2160p"  # Sonarr's "Bluray-2160p Remux"
    assert profiles["hd-720p-1080p"].upgrades is False
    by_title = {s.title: s.profile for s in adopted.series if isinstance(s, ArrSeriesItem)}
    by_title |= {m.title: m.profile for m in adopted.movies if isinstance(m, ArrMovieItem)}
    assert by_title["The Office (US)"] == "sonarr-hd-1080p"
    assert by_title["The Matrix"] == "radarr-hd-1080p"
    assert by_title["Dune: Part Two"] == by_title["Frieren: Beyond Journey's End"] == "ultra-hd"


async def test_unknown_qualities_and_scores_become_comments(
    adopted: ArrAdopted, tmp_path: Path
) -> None:
    text = _validated(adopted, tmp_path)
    assert '"Bluray-4320p" has no MediaOS equivalent' in text
    assert 'Radarr profile "HD-1080p": custom format scores were not adopted' in text
    assert "Sonarr 4.0.9.2244 at http://127.0.0.1:" in text
    assert "2 monitored movies have no file yet" in text
    assert API_KEY not in text


async def test_a_refused_key_is_auth_rejected(http: httpx.AsyncClient) -> None:
    async with sonarr() as tv:
        client = Sonarr(url=tv.url, api_key="wrong", http=http)
        with pytest.raises(AuthRejected) as caught:
            await adopt_from_arr(sonarr=client)
    assert "wrong" not in str(caught.value)
    assert tv.auth_failures == 1


async def test_a_server_that_is_not_sonarr_is_a_clear_bad_payload(http: httpx.AsyncClient) -> None:
    async with NotArrServer() as page:
        with pytest.raises(BadPayload, match="not a Sonarr API v3 answer"):
            await Sonarr(url=page.url, api_key=API_KEY, http=http).connect()


async def test_radarr_given_as_sonarr_says_which_product_answered(http: httpx.AsyncClient) -> None:
    async with radarr() as films:
        with pytest.raises(BadPayload, match="expected Sonarr, but Radarr answered"):
            await adopt_from_arr(sonarr=Sonarr(url=films.url, api_key=API_KEY, http=http))


async def test_a_forgotten_url_base_is_reported_as_no_api(http: httpx.AsyncClient) -> None:
    async with sonarr(url_base="/sonarr") as tv:
        root = tv.url.removesuffix("/sonarr")
        with pytest.raises(BadPayload, match="no Sonarr API v3 at this URL"):
            await Sonarr(url=root, api_key=API_KEY, http=http).connect()
        status = await Sonarr(url=tv.url, api_key=API_KEY, http=http).connect()
    assert status.url_base == "/sonarr"


async def test_nothing_listening_is_unreachable(http: httpx.AsyncClient) -> None:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with pytest.raises(Unreachable):
        await Radarr(url=f"http://127.0.0.1:{port}", api_key=API_KEY, http=http).connect()


def test_a_missing_api_key_names_the_variable() -> None:
    assert api_key_from_env("radarr", {"RADARR_API_KEY": " abc "}) == "abc"
    with pytest.raises(AuthRejected, match="SONARR_API_KEY is not set"):
        api_key_from_env("sonarr", {})


async def test_duplicate_titles_are_declared_once(http: httpx.AsyncClient, tmp_path: Path) -> None:
    twins = (
        Show(1, "Battlestar Galactica", 2004, 73545, 4, seasons={1: True}),
        Show(2, "Battlestar Galactica", 2004, 73545, 5, seasons={1: True}),
    )
    async with sonarr(items=twins) as tv:
        adopted = await adopt_from_arr(sonarr=Sonarr(url=tv.url, api_key=API_KEY, http=http))
    assert len(adopted.series) == 1
    assert adopted.unmatched == [
        ("Sonarr: Battlestar Galactica (2004)", "same title and year or id as another item")
    ]
    _validated(adopted, tmp_path)


async def test_a_movie_without_year_or_ids_is_listed_not_declared(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    untitled = Film(7, "Untitled Nolan Project", 0, 0, 4)
    async with radarr(items=(*RADARR_MOVIES[:1], untitled)) as films:
        adopted = await adopt_from_arr(radarr=Radarr(url=films.url, api_key=API_KEY, http=http))
    assert [m.title for m in adopted.movies] == ["The Matrix"]
    assert adopted.unmatched == [
        ("Radarr: Untitled Nolan Project", "no year and no TMDB or IMDb id to identify it by")
    ]
    _validated(adopted, tmp_path)


async def test_eleven_thousand_movies_render(
    http: httpx.AsyncClient,
) -> None:
    async with radarr(items=RADARR_MOVIES[:1]) as films:
        one = await adopt_from_arr(radarr=Radarr(url=films.url, api_key=API_KEY, http=http))
    snapshot_movie = one.movies[0]
    many = adopt_arr(None, None)
    many.profiles = one.profiles
    many.movies = [snapshot_movie] * 11_000
    text = render_arr_adopted(many, sources=["radarr"], written_on="2026-11-25")
    assert text.count("- title:") == 11_000


async def test_a_profile_with_no_known_quality_falls_back_to_adopted_video(
    http: httpx.AsyncClient, tmp_path: Path
) -> None:
    future = Profile(9, "8K Only", frozenset({"Bluray-4320p"}), "Bluray-4320p")
    show = Show(1, "Planet Earth III", 2023, 421436, 9, seasons={1: True})
    async with ArrServer("sonarr", items=(show,), profiles=(future,)) as tv:
        adopted = await adopt_from_arr(sonarr=Sonarr(url=tv.url, api_key=API_KEY, http=http))
    assert [p.name for p in adopted.profiles] == ["adopted-video"]
    assert 'Sonarr profile "8K Only" allows no quality MediaOS knows' in adopted.notes
    _validated(adopted, tmp_path)
    loaded = load_config([tmp_path / "adopted.yaml"], env={}).config
    assert loaded.series[0].profile == "adopted-video"
    assert loaded.quality.profiles["adopted-video"].upgrades is False
