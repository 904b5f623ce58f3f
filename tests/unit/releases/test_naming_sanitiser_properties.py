"""Properties of the path sanitiser on arbitrary (hostile) text, checked by hypothesis."""

from __future__ import annotations

import unicodedata

from hypothesis import example, given, settings
from hypothesis import strategies as st

from mediaos.releases.naming import NamingError, NamingValues, render_path
from mediaos.releases.safepath import MAX_COMPONENT_BYTES, UnsafeName, safe_relative_path

PIECES = st.one_of(
    st.text(alphabet=st.characters(codec="utf-8"), max_size=40),
    st.sampled_from(["/", "\\", ".", "..", " ", ":", "\x00", "\x1b", "e\u0301", "CON", "ü" * 90]),
)
NAMES = st.lists(PIECES, max_size=12).map("".join)


def _check(path: str) -> None:
    assert not path.startswith("/")
    assert unicodedata.is_normalized("NFC", path)
    for part in path.split("/"):
        assert part not in ("", ".", "..")
        assert len(part.encode("utf-8")) <= MAX_COMPONENT_BYTES
        assert not part.endswith((" ", "."))
        assert not any(ord(c) < 32 or 127 <= ord(c) < 160 for c in part)
        assert not set(part) & set('<>:"|?*\\')


@settings(max_examples=300, deadline=None)
@given(NAMES)
@example("../../etc/passwd")
@example("a/" + "ü" * 300)
@example("\x00/\x01/..")
def test_any_text_becomes_a_safe_relative_path_or_is_refused(text: str) -> None:
    try:
        path = safe_relative_path(text)
    except UnsafeName:
        return
    _check(path)
    assert safe_relative_path(path) == path


@settings(max_examples=300, deadline=None)
@given(NAMES)
def test_the_extension_always_survives(text: str) -> None:
    try:
        path = safe_relative_path(text + ".mkv", extension=".mkv")
    except UnsafeName:
        return
    _check(path.removesuffix(".mkv") + "x")
    assert path.endswith(".mkv")


LAYOUT = (
    "{Series Title}/Season {season}/{Series Title} - S{season:00}E{episode:00} - {Episode Title}"
)


@settings(max_examples=300, deadline=None)
@given(NAMES, NAMES)
def test_hostile_titles_never_change_the_folder_structure(series: str, episode: str) -> None:
    values = NamingValues(series_title=series, season=1, episodes=(1,), episode_titles=(episode,))
    try:
        path = render_path(LAYOUT, values, extension=".mkv")
    except (NamingError, UnsafeName):
        return  # refused outright: as safe as a good name
    _check(path.removesuffix(".mkv") + "x")
    assert len(path.split("/")) == 3
