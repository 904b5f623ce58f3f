import json

from hypothesis import given
from hypothesis import strategies as st

from mediaos.core.actions import revision_of

SPEC = {"title": "Dune", "year": 2021, "profile": "hd", "tags": ["sci-fi"]}


def test_revision_ignores_key_order_and_whitespace() -> None:
    reordered = json.dumps(dict(reversed(SPEC.items())), indent=4)
    assert revision_of(json.dumps(SPEC)) == revision_of(reordered)


def test_revision_changes_when_the_spec_changes() -> None:
    assert revision_of(json.dumps(SPEC)) != revision_of(json.dumps({**SPEC, "profile": "uhd"}))


def test_revision_is_a_short_stable_hex_string() -> None:
    revision = revision_of(json.dumps(SPEC))
    assert revision == revision_of(json.dumps(SPEC))
    assert len(revision) == 16 and int(revision, 16) >= 0


def test_secrets_at_any_depth_do_not_change_the_revision() -> None:
    with_secret = {**SPEC, "indexer": {"url": "http://idx", "api_key": "s3cret"}}
    other_secret = {**SPEC, "indexer": {"url": "http://idx", "api_key": "another"}}
    without = {**SPEC, "indexer": {"url": "http://idx"}}
    revisions = {revision_of(json.dumps(s)) for s in (with_secret, other_secret, without)}
    assert len(revisions) == 1


json_leaf = st.none() | st.booleans() | st.integers() | st.text(max_size=5)
json_values = st.recursive(
    json_leaf,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=10,
)


@given(json_values)
def test_revision_of_any_json_is_deterministic_and_survives_a_round_trip(value: object) -> None:
    text = json.dumps(value)
    assert revision_of(text) == revision_of(json.dumps(json.loads(text), sort_keys=True))
