"""Rules of the config loader: interpolation, secrets, merging, paths, and how problems are
reported (all at once, located, never showing a secret)."""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from mediaos.core.errors import ConfigError, ConfigProblem
from mediaos.schemas.load import LoadedConfig, load_config
from mediaos.schemas.passwords import hash_api_key, hash_password, verify_password

SECRET = "s3cr3t-Value-42"

HEADER = """\
version: 1
library:
  roots:
    movies: /data/media/movies
    series: /data/media/tv
quality:
  profiles:
    hd:
      allowed: [WEBDL-1080p, Bluray-1080p]
      cutoff: Bluray-1080p
"""


Write = Callable[..., Path]


@pytest.fixture
def write(tmp_path: Path) -> Write:
    """Write a dedented YAML file under tmp_path and return its path."""

    def _write(text: str, name: str = "mediaos.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return _write


def load(path: Path, env: Mapping[str, str] | None = None) -> LoadedConfig:
    return load_config([path], env or {})


def problems(path: Path, env: Mapping[str, str] | None = None) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_config([path], env or {})
    return caught.value.problems


def where(problem: ConfigProblem) -> tuple[str, int | None, int | None]:
    return (Path(problem.file or "").name, problem.line, problem.column)


# --- environment interpolation --------------------------------------------------------------


def test_env_variable_is_substituted(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          host: ${BIND_HOST}
          ical_token: ${ICAL_TOKEN}
    """)
    config = load(path, {"BIND_HOST": "0.0.0.0", "ICAL_TOKEN": SECRET}).config
    assert config.server.host == "0.0.0.0"
    assert config.server.ical_token is not None
    assert config.server.ical_token.get_secret_value() == SECRET


def test_env_variable_inside_a_longer_string(write: Write) -> None:
    path = write("""\
        version: 1
        indexers:
          - name: prowlarr
            type: torznab
            url: http://${PROWLARR_HOST}:9696/1/api
    """)
    config = load(path, {"PROWLARR_HOST": "prowlarr.lan"}).config
    assert config.indexers[0].url == "http://prowlarr.lan:9696/1/api"


def test_env_default_used_only_when_variable_is_missing(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          host: ${BIND_HOST:-127.0.0.1}
    """)
    assert load(path, {}).config.server.host == "127.0.0.1"
    assert load(path, {"BIND_HOST": "0.0.0.0"}).config.server.host == "0.0.0.0"


def test_env_empty_default(write: Write) -> None:
    path = write("""\
        version: 1
        library:
          naming:
            movie_file: "{Movie Title}${SUFFIX:-}"
    """)
    assert load(path).config.library.naming.movie_file == "{Movie Title}"


def test_double_dollar_is_a_literal_dollar(write: Write) -> None:
    path = write("""\
        version: 1
        library:
          naming:
            movie_folder: "$${NOT_A_VARIABLE} costs $$5 ${A}${B:-b}"
    """)
    folder = load(path, {"A": "a", "NOT_A_VARIABLE": "wrong"}).config.library.naming.movie_folder
    assert folder == "${NOT_A_VARIABLE} costs $5 ab"


def test_missing_env_variable_is_located(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          host: ${BIND_HOST}
    """)
    (problem,) = problems(path)
    assert where(problem) == ("mediaos.yaml", 3, 9)
    assert problem.message == "environment variable BIND_HOST is not set"


def test_env_is_taken_from_the_mapping_given_not_os_environ(
    write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("BIND_HOST", "10.0.0.1")
    path = write("""\
        version: 1
        server:
          host: ${BIND_HOST}
    """)
    assert "BIND_HOST" in problems(path, {})[0].message


def test_interpolation_leaves_other_scalars_alone(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          port: 8686
          anonymous_read: true
        library:
          naming:
            movie_file: "{Movie Title} $ {Quality Full} $5"
    """)
    config = load(path).config
    assert (config.server.port, config.server.anonymous_read) == (8686, True)
    assert config.library.naming.movie_file == "{Movie Title} $ {Quality Full} $5"


# --- secrets from files ----------------------------------------------------------------------


def test_secret_file_is_read_relative_to_the_yaml_file(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    write("version: 1\n", "config/00-base.yaml")
    clients = write(
        """\
        download_clients:
          - name: qbit
            type: qbittorrent
            url: http://qbittorrent:8080
            password: {file: qbit.secret}
        """,
        "config/clients/qbit.yaml",
    )
    (clients.parent / "qbit.secret").write_text(SECRET + "\n", encoding="utf-8")
    (tmp_path / "config" / "qbit.secret").write_text("wrong: base folder", encoding="utf-8")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "qbit.secret").write_text("wrong: working folder", encoding="utf-8")
    monkeypatch.chdir(elsewhere)

    config = load_config([tmp_path / "config"], {}).config

    password = config.download_clients[0].password
    assert password is not None
    assert password.get_secret_value() == SECRET  # trailing newline stripped


def test_secret_file_may_climb_to_a_sibling_folder(tmp_path: Path, write: Write) -> None:
    path = write(
        """\
        version: 1
        server:
          ical_token: {file: ../secrets/ical}
        """,
        "config/mediaos.yaml",
    )
    (tmp_path / "secrets").mkdir()
    (tmp_path / "secrets" / "ical").write_text(SECRET, encoding="utf-8")
    token = load(path).config.server.ical_token
    assert token is not None
    assert token.get_secret_value() == SECRET


def test_missing_secret_file_is_located(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          ical_token: {file: nowhere/ical}
    """)
    (problem,) = problems(path)
    assert where(problem) == ("mediaos.yaml", 3, 15)
    assert "cannot read secret file" in problem.message
    assert "nowhere" in problem.message


# --- secrets never shown -------------------------------------------------------------------


def _all_text(error: ConfigError) -> str:
    return "\n".join([str(error), repr(error), *(repr(p) for p in error.problems)])


def test_secret_is_masked_in_repr_str_and_json(write: Write) -> None:
    path = write("""\
        version: 1
        indexers:
          - name: prowlarr
            type: torznab
            url: http://prowlarr:9696/1/api
            api_key: ${PROWLARR_API_KEY}
        download_clients:
          - name: qbit
            type: qbittorrent
            url: http://qbittorrent:8080
            password: ${QBIT_PASSWORD}
    """)
    loaded = load(path, {"PROWLARR_API_KEY": SECRET, "QBIT_PASSWORD": SECRET})
    config = loaded.config
    for text in (repr(config), str(config), repr(loaded), config.model_dump_json()):
        assert SECRET not in text
    assert "**********" in repr(config.indexers[0])
    assert "**********" in str(config.download_clients[0])
    api_key = config.indexers[0].api_key
    assert api_key is not None
    assert api_key.get_secret_value() == SECRET


def test_secret_of_the_wrong_type_is_not_echoed(write: Write) -> None:
    path = write(f"""\
        version: 1
        indexers:
          - name: prowlarr
            type: torznab
            url: http://prowlarr:9696/1/api
            api_key: [{SECRET}]
    """)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert where(caught.value.problems[0]) == ("mediaos.yaml", 6, 14)
    assert SECRET not in _all_text(caught.value)


def test_bad_secret_file_content_is_not_echoed(tmp_path: Path, write: Write) -> None:
    (tmp_path / "latin1.secret").write_bytes(b"caf\xe9-" + SECRET.encode())
    (tmp_path / "huge.secret").write_text(SECRET * 10_000, encoding="utf-8")
    path = write("""\
        version: 1
        server:
          ical_token: {file: latin1.secret}
        download_clients:
          - name: qbit
            type: qbittorrent
            url: http://qbittorrent:8080
            password: {file: huge.secret}
    """)
    with pytest.raises(ConfigError) as caught:
        load(path)
    found = caught.value.problems
    assert [where(p) for p in found] == [("mediaos.yaml", 3, 15), ("mediaos.yaml", 8, 15)]
    assert "not UTF-8" in found[0].message
    assert "larger than 64 KiB" in found[1].message
    assert SECRET not in _all_text(caught.value)


def test_secret_under_a_misspelt_key_is_not_echoed(write: Write) -> None:
    path = write(f"""\
        version: 1
        download_clients:
          - name: qbit
            type: qbittorrent
            url: http://qbittorrent:8080
            pasword: {SECRET}
    """)
    with pytest.raises(ConfigError) as caught:
        load(path)
    (problem,) = caught.value.problems
    assert problem.message == "unknown key 'pasword'; did you mean 'password'?"
    assert SECRET not in _all_text(caught.value)


def test_plaintext_password_is_not_echoed(write: Write) -> None:
    path = write(f"""\
        version: 1
        users:
          - name: alice
            role: admin
            password_hash: {SECRET}
    """)
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert SECRET not in _all_text(caught.value)


# --- password and API key hashes -------------------------------------------------------------


@pytest.fixture(scope="module")
def password_hash() -> str:
    return hash_password("correct horse battery staple")


def test_password_hash_is_accepted(write: Write, password_hash: str) -> None:
    key_hash = hash_api_key("0123456789abcdef0123456789abcdef")
    path = write(f"""\
        version: 1
        users:
          - name: alice
            role: admin
            password_hash: '{password_hash}'
            api_key_hash: '{key_hash}'
          - name: bob
            role: viewer
            password_hash: '$2b$12$KIXQJQJQJQJQJQJQJQJQJOQJQJQJQJQJQJQJQJQJQJQJQJQJQJQJQ'
    """)
    users = load(path).config.users
    assert users[0].password_hash == password_hash
    assert users[0].api_key_hash == key_hash
    assert verify_password("correct horse battery staple", users[0].password_hash)
    assert users[1].role == "viewer"


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("password_hash", "correct horse battery staple"),
        ("password_hash", "$scrypt$not-a-real-hash"),
        ("api_key_hash", "0123456789abcdef0123456789abcdef"),
    ],
)
def test_plaintext_password_or_key_is_refused(write: Write, key: str, value: str) -> None:
    path = write(f"""\
        version: 1
        users:
          - name: alice
            role: admin
            {key}: '{value}'
    """)
    (problem,) = problems(path)
    assert where(problem) == ("mediaos.yaml", 5, len(key) + 7)
    assert problem.message.startswith(f"{key} must be a hash")
    assert problem.path == f"users[0].{key}"


def test_password_key_suggests_password_hash(write: Write) -> None:
    path = write("""\
        version: 1
        users:
          - name: alice
            role: admin
            password: hunter2
    """)
    (problem,) = problems(path)
    assert problem.message == "unknown key 'password'; did you mean 'password_hash'?"
    assert "hunter2" not in problem.render()


# --- duplicate keys, merging -------------------------------------------------------------------


def test_duplicate_yaml_key_is_an_error(write: Write) -> None:
    path = write("""\
        version: 1
        server:
          port: 8686
          host: 0.0.0.0
          port: 9000
    """)
    (problem,) = problems(path)
    assert where(problem) == ("mediaos.yaml", 5, 3)
    assert problem.code == "duplicate_key"
    assert "'port' appears twice" in problem.message
    assert "first at line 3" in problem.message


def test_duplicate_top_level_section(write: Write) -> None:
    path = write(HEADER + "movies:\n  - {title: Dune, year: 2021}\nmovies:\n  - {tmdb: 329865}\n")
    found = problems(path)
    assert [(where(p), p.code) for p in found] == [(("mediaos.yaml", 13, 1), "duplicate_key")]


def test_folder_of_files_merges(tmp_path: Path, write: Write) -> None:
    write(HEADER, "config/00-base.yaml")
    write(
        "library:\n  import_mode: copy\nmovies:\n  - {title: Dune, year: 2021}\n",
        "config/10-movies.yaml",
    )
    write("movies:\n  - {title: Arrival, year: 2016}\n", "config/20-more.yml")
    write("version: 1\nseries:\n  - {title: Severance}\n", "config/tv/series.yaml")
    write("movies:\n  - {title: Ignored, year: 2000}\n", "config/.hidden.yaml")
    write("movies:\n  - {title: Ignored, year: 2001}\n", "config/.git/old.yaml")
    write("not: [yaml, at all\n", "config/README.md")

    loaded = load_config([tmp_path / "config"], {})

    config = loaded.config
    assert [m.title for m in config.movies] == ["Dune", "Arrival"]  # file-name order
    assert [s.title for s in config.series] == ["Severance"]
    assert config.library.import_mode == "copy"  # mapping merged key by key...
    assert config.library.roots.movies == Path("/data/media/movies")  # ...keeping the rest
    assert loaded.base_dir == (tmp_path / "config").resolve()
    assert [p.name for p in loaded.files] == [
        "00-base.yaml",
        "10-movies.yaml",
        "20-more.yml",
        "series.yaml",
    ]


def test_same_scalar_in_two_files_is_a_conflict(tmp_path: Path, write: Write) -> None:
    write("version: 1\nserver:\n  port: 8686\n", "config/a.yaml")
    write("server:\n  host: 0.0.0.0\n  port: 9000\n", "config/b.yaml")
    (problem,) = problems(tmp_path / "config")
    assert where(problem) == ("b.yaml", 3, 3)
    assert problem.code == "conflict"
    assert problem.message.startswith("server.port is also set in ")
    assert problem.message.endswith("a.yaml:3:3")


def test_duplicate_item_across_files_names_both(tmp_path: Path, write: Write) -> None:
    write(HEADER + "movies:\n  - {title: Dune, year: 2021}\n", "config/a.yaml")
    write(
        "movies:\n  - {title: Arrival, year: 2016}\n  - {tmdb: 1, title: Dune, year: 2021}\n",
        "config/b.yaml",
    )
    (problem,) = problems(tmp_path / "config")
    assert where(problem) == ("b.yaml", 3, 5)
    assert problem.code == "duplicate_item"
    assert problem.message.endswith("a.yaml:12:5")


def test_several_paths_are_merged(tmp_path: Path, write: Write) -> None:
    base = write(HEADER, "base.yaml")
    extra = write("movies:\n  - {title: Dune, year: 2021}\n", "extra/movies.yaml")
    loaded = load_config([base, extra.parent], {})
    assert [m.title for m in loaded.config.movies] == ["Dune"]
    assert loaded.base_dir == tmp_path.resolve()


# --- unknown keys -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "position", "message"),
    [
        (
            "version: 1\nschedule:\n  rss_sync: null\n",
            (2, 1),
            "'schedule'; did you mean 'schedules'?",
        ),
        (
            "version: 1\nquality:\n  profiles:\n    hd:\n      allowed: [DVD]\n      cutof: DVD\n",
            (6, 7),
            "'cutof'; did you mean 'cutoff'?",
        ),
        (
            # the suggestion comes from the member of the union picked by `type`
            "version: 1\ndownload_clients:\n  - name: q\n    type: qbittorrent\n"
            "    url: http://q:8080\n    save_pth: /downloads\n",
            (6, 5),
            "'save_pth'; did you mean 'save_path'?",
        ),
        ("version: 1\nserver:\n  zzz: 1\n", (3, 3), "unknown key 'zzz'"),
    ],
)
def test_unknown_key_is_located_with_a_suggestion(
    write: Write, text: str, position: tuple[int, int], message: str
) -> None:
    found = [p for p in problems(write(text)) if p.code == "extra_forbidden"]
    assert len(found) == 1
    assert (found[0].line, found[0].column) == position
    assert message in found[0].message


def test_no_suggestion_when_nothing_is_close(write: Write) -> None:
    (problem,) = problems(write("version: 1\nserver:\n  zzz: 1\n"))
    assert problem.message == "unknown key 'zzz'"


# --- every problem at once --------------------------------------------------------------------


def test_three_errors_give_three_problems_in_file_order(write: Write) -> None:
    path = write(
        HEADER
        + """\
        server:
          host: ${BIND_HOST}
          prot: 8686
        movies:
          - title: Dune
            year: 2021
            profile: uhd
    """.replace("        ", "")
    )
    found = problems(path)
    assert [(p.line, p.column, p.code) for p in found] == [
        (12, 9, "missing_env"),
        (13, 3, "extra_forbidden"),
        (17, 14, "unknown_profile"),
    ]


def test_errors_in_several_files_are_all_reported(tmp_path: Path, write: Write) -> None:
    write("version: 1\nserver:\n  port: 0\n", "config/a.yaml")
    write("library:\n  import_mode: symlink\n", "config/b.yaml")
    found = problems(tmp_path / "config")
    assert [where(p) for p in found] == [("a.yaml", 3, 9), ("b.yaml", 2, 16)]


def test_syntax_errors_in_several_files_are_all_reported(tmp_path: Path, write: Write) -> None:
    write("version: 1\nserver:\n  host: a\n port: 1\n", "config/a.yaml")
    write("version: 1\nmovies: [\n", "config/b.yaml")
    found = problems(tmp_path / "config")
    assert [Path(p.file or "").name for p in found] == ["a.yaml", "b.yaml"]
    assert all(p.code == "syntax" for p in found)


def test_config_error_str_is_every_rendered_problem(write: Write) -> None:
    path = write("version: 2\nserver:\n  port: -1\n")
    with pytest.raises(ConfigError) as caught:
        load(path)
    assert len(caught.value.problems) == 2
    assert str(caught.value) == "\n".join(p.render() for p in caught.value.problems)


def test_render_format(write: Write) -> None:
    path = write("version: 1\nserver:\n  port: 99999\n")
    (problem,) = problems(path)
    assert problem.render() == (
        f"{path}:3:9: input should be less than or equal to 65535 (at server.port)"
    )


# --- YAML syntax, odd shapes, empty input ------------------------------------------------------


def test_yaml_syntax_error_position(write: Write) -> None:
    path = write("version: 1\nserver:\n  host: 0.0.0.0\n port: 8686\n")
    (problem,) = problems(path)
    assert where(problem) == ("mediaos.yaml", 4, 2)
    assert problem.code == "syntax"
    assert problem.message.startswith("YAML syntax error: ")


def test_yaml_syntax_error_in_flow_mapping(write: Write) -> None:
    path = write("version: 1\nmovies:\n  - {title: Dune, year: 2021\n  - {title: Arrival}\n")
    (problem,) = problems(path)
    assert problem.code == "syntax"
    assert problem.line == 4


def test_empty_folder(tmp_path: Path) -> None:
    (tmp_path / "config").mkdir()
    (tmp_path / "config" / "notes.txt").write_text("not yaml", encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path / "config"], {})
    (problem,) = caught.value.problems
    assert problem.message == "folder holds no .yaml or .yml file"
    assert problem.file == str(tmp_path / "config")


def test_missing_path(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config([tmp_path / "nope.yaml"], {})
    (problem,) = caught.value.problems
    assert problem.message == "no such file or folder"


def test_no_paths_at_all() -> None:
    with pytest.raises(ConfigError) as caught:
        load_config([], {})
    assert caught.value.problems


def test_empty_file_lacks_version(write: Write) -> None:
    (problem,) = problems(write(""))
    assert problem.message == "missing required key 'version'"


def test_comment_only_file_lacks_version(write: Write) -> None:
    (problem,) = problems(write("# nothing yet\n"))
    assert problem.message == "missing required key 'version'"


@pytest.mark.parametrize("text", ["- version: 1\n- movies: []\n", "just a sentence\n", "42\n"])
def test_top_level_must_be_a_mapping(write: Write, text: str) -> None:
    found = problems(write(text))
    assert len(found) == 1
    (top,) = found
    assert top.message.startswith("the top level must be a mapping of sections")
    assert Path(top.file or "").name == "mediaos.yaml"
    assert top.line == 1


def test_file_that_is_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "mediaos.yaml"
    path.write_bytes(b"version: 1\nserver:\n  host: caf\xe9\n")
    (problem,) = problems(path)
    assert problem.message == "cannot read: not UTF-8 text"


def test_valid_config_loads(write: Write) -> None:
    path = write(
        HEADER + "movies:\n  - {title: Dune, year: 2021}\nseries:\n  - {title: Severance}\n"
    )
    config = load(path).config
    assert config.version == 1
    assert config.movies[0].key() == "movie/dune-2021"


# --- relative paths -----------------------------------------------------------------------


def test_relative_paths_resolve_against_the_config_folder(
    tmp_path: Path, write: Write, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write(
        """\
        version: 1
        data_dir: state
        library:
          roots:
            movies: media/movies
            series: /srv/tv
          path_mappings:
            - remote: /downloads
              local: ../downloads
        backup:
          path: state/backups
        """,
        "config/mediaos.yaml",
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)

    loaded = load(path)

    base = (tmp_path / "config").resolve()
    config = loaded.config
    assert loaded.base_dir == base
    assert config.data_dir == base / "state"
    assert config.library.roots.movies == base / "media" / "movies"
    assert config.library.roots.series == Path("/srv/tv")
    assert config.library.path_mappings[0].local == base / ".." / "downloads"
    assert config.backup.path == base / "state" / "backups"


def test_default_paths_of_a_given_section_resolve(write: Write) -> None:
    path = write("version: 1\nrequests:\n  auto_approve: [admin]\n", "config/mediaos.yaml")
    assert load(path).config.requests.path == path.parent.resolve() / "requests.yaml"


def test_default_paths_of_an_absent_section_resolve(write: Write) -> None:
    path = write("version: 1\n", "config/mediaos.yaml")
    assert load(path).config.requests.path == path.parent.resolve() / "requests.yaml"


def test_relative_paths_in_a_folder_resolve_against_that_folder(
    tmp_path: Path, write: Write
) -> None:
    write("version: 1\n", "config/base.yaml")
    write("library:\n  roots:\n    movies: media/movies\n", "config/deep/er/library.yaml")
    config = load_config([tmp_path / "config"], {}).config
    assert config.library.roots.movies == (tmp_path / "config").resolve() / "media" / "movies"


@pytest.mark.parametrize(
    ("yaml_text", "check"),
    [
        ("library:\n  mode: 0664\n", lambda c: c.library.mode == "0664"),
        ("subtitles:\n  languages: [en, no]\n", lambda c: c.subtitles.languages == ["en", "no"]),
        (
            "indexers:\n  - {name: n, type: newznab, url: 'http://n:1', api_key: 4815162342}\n",
            lambda c: c.indexers[0].api_key.get_secret_value() == "4815162342",
        ),
        (
            "library: {roots: {movies: m}}\nquality: {profiles: {hd: {allowed: [SDTV], "
            "cutoff: SDTV}}}\nmovies:\n  - {title: 1917, year: 2019}\n",
            lambda c: c.movies[0].title == "1917",
        ),
        ("library:\n  naming:\n    rename: yes\n", lambda c: c.library.naming.rename is True),
    ],
    ids=[
        "octal-mode-stays-text",
        "norway-stays-a-language",
        "digit-api-key",
        "numeric-title",
        "yes-is-true-for-booleans",
    ],
)
def test_yaml_1_2_scalars_mean_what_users_wrote(
    write: Write, yaml_text: str, check: Callable[[Any], bool]
) -> None:
    path = write("version: 1\n" + yaml_text, "c.yaml")
    assert check(load(path).config)
