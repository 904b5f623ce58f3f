from pathlib import PurePosixPath

from mediaos.core.actions import (
    Blocklist,
    Cancel,
    Grab,
    Import,
    ItemKey,
    Prune,
    Remove,
    Search,
    guid_digest,
)

DUNE = ItemKey("movie/dune-2021")
HASH = "ABCDEF0123456789ABCDEF0123456789ABCDEF01"


def grab(**changes: object) -> Grab:
    fields: dict[str, object] = {
        "item": DUNE, "reason": "Best accepted release.", "guid": "https://idx/t/1?passkey=s3cret",
        "indexer": "nyaa", "client": "qbit", "title": "Dune.2021.1080p", "protocol": "torrent",
        "info_hash": HASH,
    }  # fmt: skip
    fields.update(changes)
    return Grab(**fields)  # type: ignore[arg-type]


def test_a_grab_key_is_verb_item_and_lower_case_info_hash() -> None:
    assert grab().key == f"grab:movie/dune-2021:{HASH.lower()}"
    assert grab().verb == "grab"


def test_a_key_does_not_depend_on_the_reason_or_client() -> None:
    assert grab(reason="Another sentence.", client="transmission").key == grab().key


def test_a_usenet_grab_uses_a_guid_digest_and_never_the_guid_itself() -> None:
    action = grab(protocol="usenet", info_hash=None)
    assert action.key == f"grab:movie/dune-2021:{guid_digest(action.guid)}"
    assert "s3cret" not in action.key
    assert guid_digest(action.guid) == guid_digest("https://idx/t/1?passkey=s3cret")


def test_every_verb_has_a_content_derived_key() -> None:
    path = PurePosixPath("/library/Movies/Dune (2021)/Dune (2021).mkv")
    actions = [
        Search(item=DUNE, reason="Missing."),
        Import(item=DUNE, reason="Finished.", client="qbit", download_id=HASH,
               source=PurePosixPath("/dl/Dune.mkv"), destination=path),
        Cancel(item=DUNE, reason="Not wanted.", client="qbit", download_id=HASH),
        Remove(item=DUNE, reason="Seeded.", client="qbit", download_id=HASH),
        Prune(item=DUNE, reason="Prune is on.", path=path),
        Blocklist(item=DUNE, reason="Failed.", guid="g1", indexer="nyaa", info_hash=HASH),
    ]  # fmt: skip
    assert [a.key for a in actions] == [
        "search:movie/dune-2021",
        f"import:movie/dune-2021:{HASH.lower()}",
        f"cancel:movie/dune-2021:{HASH.lower()}",
        f"remove:movie/dune-2021:{HASH.lower()}",
        f"prune:movie/dune-2021:{path}",
        f"blocklist:movie/dune-2021:{HASH.lower()}",
    ]


def test_actions_are_frozen_values_equal_by_content() -> None:
    assert grab() == grab()
    assert hash(grab()) == hash(grab())
