"""Each rule of the desired-state models, one behaviour per test."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from mediaos.schemas.config import MediaOSConfig
from mediaos.schemas.downloads import BlackholeSpec, QBittorrentSpec, client_protocol
from mediaos.schemas.keys import book_key, movie_key, music_key, series_key, slugify, versioned
from mediaos.schemas.load import validate_data
from mediaos.schemas.media import BookSpec, MovieSpec, SeriesSpec
from mediaos.schemas.quality import ProfileSpec, QualitySpec
from mediaos.schemas.server import SchedulesSpec, UserSpec
from mediaos.schemas.types import format_duration

BASE = Path("/cfg")


def config(**sections: Any) -> MediaOSConfig:
    return validate_data({"version": 1, **sections}, BASE)


def messages(err: pytest.ExceptionInfo[ValidationError]) -> str:
    return " | ".join(str(e["msg"]) for e in err.value.errors())


@pytest.mark.parametrize(
    ("text", "seconds"),
    [
        ("90s", 90),
        ("30m", 1800),
        ("6h", 21600),
        ("7d", 604800),
        ("2w", 1209600),
        (45, 45),
        ("1.5h", 5400),
        ("10", 10),
    ],
)
def test_durations_accept_the_forms_users_write(text: object, seconds: int) -> None:
    client = QBittorrentSpec(name="q", type="qbittorrent", url="http://x:1", timeout=text)
    assert client.timeout == timedelta(seconds=seconds)


@pytest.mark.parametrize("text", ["soon", "-5", "5 minutes", "1y", True])
def test_durations_reject_anything_else(text: object) -> None:
    with pytest.raises(ValidationError):
        QBittorrentSpec(name="q", type="qbittorrent", url="http://x:1", timeout=text)


def test_durations_print_in_the_largest_whole_unit() -> None:
    assert format_duration(timedelta(days=14)) == "2w"
    assert format_duration(timedelta(hours=36)) == "36h"
    assert format_duration(timedelta(seconds=61)) == "61s"


@pytest.mark.parametrize("cron", ["*/15 * * *", "61 * * * *", "every hour", ""])
def test_bad_cron_strings_are_rejected(cron: str) -> None:
    with pytest.raises(ValidationError, match="cron"):
        SchedulesSpec(rss_sync=cron)


def test_a_schedule_can_be_disabled_with_null() -> None:
    assert SchedulesSpec(backup=None).backup is None


@pytest.mark.parametrize(
    "url", ["localhost:8080", "ftp://host/", "http://", "http://host:99999", "http://a b"]
)
def test_urls_need_a_scheme_and_a_host(url: str) -> None:
    with pytest.raises(ValidationError):
        QBittorrentSpec(name="q", type="qbittorrent", url=url)


def test_quality_aliases_from_sonarr_are_stored_canonically() -> None:
    profile = ProfileSpec(allowed=["Bluray-1080p Remux", "webdl-1080p"], cutoff="Remux-1080p")
    assert profile.allowed == ["Remux-1080p", "WEBDL-1080p"]


def test_unknown_quality_suggests_the_nearest_name() -> None:
    with pytest.raises(ValidationError, match="did you mean 'WEBDL-1080p'"):
        ProfileSpec(allowed=["WEBDL 1080p"], cutoff="WEBDL-1080p")


def test_cutoff_must_be_allowed() -> None:
    with pytest.raises(ValidationError, match="cutoff 'Bluray-2160p' is not among"):
        ProfileSpec(allowed=["WEBDL-1080p"], cutoff="Bluray-2160p")


def test_a_profile_never_mixes_media_families() -> None:
    with pytest.raises(ValidationError, match="mixes media families"):
        ProfileSpec(allowed=["WEBDL-1080p", "FLAC"], cutoff="FLAC")


def test_size_max_cannot_be_below_min() -> None:
    with pytest.raises(ValidationError, match="below min"):
        QualitySpec(sizes={"WEBDL-1080p": {"min": 10, "max": 5}})


def test_size_overrides_merge_over_arr_defaults() -> None:
    limits = QualitySpec(sizes={"WEBDL-1080p": {"min": 1, "max": 50}}).size_limits()
    assert limits["WEBDL-1080p"].max == 50
    assert limits["Bluray-1080p"].max == 155
    assert limits["Remux-2160p"].max is None


def test_plaintext_passwords_are_refused() -> None:
    with pytest.raises(ValidationError, match="must be a hash"):
        UserSpec(name="bob", role="admin", password_hash="hunter2hunter2")


def test_a_movie_needs_title_and_year_or_an_id() -> None:
    with pytest.raises(ValidationError, match="title and year"):
        MovieSpec(title="Dune")
    assert MovieSpec(tmdb=438631).key() == "movie/tmdb-438631"
    assert MovieSpec(imdb="tt1160419").key() == "movie/imdb-tt1160419"


def test_versions_of_one_item_need_distinct_names() -> None:
    from mediaos.schemas.references import check_references

    data = {
        "movies": [{"title": "Dune", "year": 2021, "versions": [{"name": "4k"}, {"name": "4k"}]}]
    }
    found = [f for f in check_references(data) if f.code == "duplicate_version"]
    assert [(f.loc, f.first) for f in found] == [
        (("movies", 0, "versions", 1, "name"), ("movies", 0, "versions", 0, "name"))
    ]


@pytest.mark.parametrize("seasons", ["all", "future", "none", [1, 2], [0]])
def test_series_seasons_forms(seasons: object) -> None:
    assert SeriesSpec(title="X", seasons=seasons).seasons == seasons


def test_negative_season_numbers_are_refused() -> None:
    with pytest.raises(ValidationError):
        SeriesSpec(title="X", seasons=[-1])


def test_a_book_needs_author_and_title_or_an_id() -> None:
    with pytest.raises(ValidationError):
        BookSpec(title="Dune")
    assert BookSpec(isbn="9780441013593").key() == "book/isbn-9780441013593"


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("The Office (US)", "the-office-us"),
        ("Amélie", "amelie"),
        ("Marvel's Agents of S.H.I.E.L.D.", "marvels-agents-of-s-h-i-e-l-d"),
        ("Law & Order: SVU", "law-and-order-svu"),
        ("千と千尋の神隠し", "千と千尋の神隠し"),
        ("  --Weird__Name--  ", "weird-name"),
    ],
)
def test_slugs_are_lower_case_words_joined_by_dashes(title: str, slug: str) -> None:
    assert slugify(title) == slug


def test_item_keys_follow_the_documented_grammar() -> None:
    assert movie_key("Dune", 2021) == "movie/dune-2021"
    assert versioned(movie_key("Dune", 2021), "2160p") == "movie/dune-2021@2160p"
    assert series_key("The Office", 2005) == "series/the-office-2005"
    assert series_key(None, tvdb=81189) == "series/tvdb-81189"
    assert music_key("Radiohead", album="OK Computer") == "music/radiohead/ok-computer"
    assert book_key("Frank Herbert", "Dune") == "book/frank-herbert/dune"


def test_blackhole_protocol_is_declared_and_clients_protocol_follows_type() -> None:
    hole = BlackholeSpec(
        name="b", type="blackhole", protocol="usenet", watch_folder="w", completed_folder="d"
    )
    assert client_protocol(hole) == "usenet"
    qbit = QBittorrentSpec(name="q", type="qbittorrent", url="http://x:1")
    assert client_protocol(qbit) == "torrent"


def test_relative_paths_resolve_against_the_config_folder() -> None:
    loaded = config(library={"roots": {"movies": "lib/movies", "series": "/abs/tv"}})
    assert loaded.library.roots.movies == BASE / "lib/movies"
    assert loaded.library.roots.series == Path("/abs/tv")
    assert loaded.data_dir == BASE / "data"


def test_secrets_are_masked_in_repr_and_dump() -> None:
    qbit = QBittorrentSpec(name="q", type="qbittorrent", url="http://x:1", password="s3cr3t!")
    assert "s3cr3t!" not in repr(qbit)
    assert "s3cr3t!" not in str(qbit.model_dump())
    assert "s3cr3t!" not in qbit.model_dump_json()
    assert qbit.password is not None and qbit.password.get_secret_value() == "s3cr3t!"


def test_secret_values_never_appear_in_validation_errors() -> None:
    with pytest.raises(ValidationError) as err:
        QBittorrentSpec(name="q", type="qbittorrent", url="http://x:1", password=["s3cr3t!"])
    assert "s3cr3t!" not in str(err.value)


def test_required_secret_cannot_be_empty() -> None:
    with pytest.raises(ValidationError, match="must not be empty"):
        config(
            download_clients=[{"name": "s", "type": "sabnzbd", "url": "http://s:1", "api_key": ""}]
        )


def test_optional_secret_that_is_empty_is_unset() -> None:
    loaded = config(metadata={"tmdb": {"api_key": ""}})
    assert loaded.metadata.tmdb.api_key is None


def test_models_are_immutable() -> None:
    movie = MovieSpec(title="Dune", year=2021)
    with pytest.raises(ValidationError):
        movie.year = 2022  # type: ignore[misc]


def test_unknown_keys_are_rejected_everywhere() -> None:
    with pytest.raises(ValidationError) as err:
        config(server={"prot": 1}, library={"naming": {"movie_fodler": "x"}})
    assert {e["type"] for e in err.value.errors()} == {"extra_forbidden"}
    assert len(err.value.errors()) == 2
