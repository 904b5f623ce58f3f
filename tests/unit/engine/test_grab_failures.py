"""Which permanent grab errors blocklist the release: only those that are its own fault."""

import pytest

from mediaos.core.errors import AuthRejected, BadPayload, NotFound, PermanentError, Unsupported
from mediaos.reconcilers.grab_failures import release_failure


@pytest.mark.parametrize(
    "err",
    [
        NotFound("qbittorrent", "download .torrent", "HTTP 404: not found"),
        BadPayload("qbittorrent", "download .torrent", "more than 5 redirects"),
        NotFound("nzbget", "fetch release file", "HTTP 404: not found"),
        NotFound("acquisition", "find again", "tracker no longer offers X"),
        BadPayload("qbittorrent", "add", "the .torrent's info-hash differs from the indexer's"),
        BadPayload("nzbget", "append", "NZBGet refused the NZB"),
    ],
)
def test_a_gone_or_broken_release_is_its_own_failure(err: PermanentError) -> None:
    assert release_failure(err)


@pytest.mark.parametrize(
    "err",
    [
        NotFound("qbittorrent", "add", "no qBittorrent Web API at http://x (HTTP 404)"),
        AuthRejected("qbittorrent", "login", "refused"),
        AuthRejected("qbittorrent", "download .torrent", "HTTP 401: credentials refused"),
        BadPayload("qbittorrent", "login", "not a qBittorrent Web UI"),
        NotFound("acquisition", "grab", "no download client named qbt"),
        Unsupported("blackhole", "add", "magnet-only release and magnet_files is off"),
    ],
)
def test_a_failure_of_the_client_or_the_setup_does_not_blocklist(err: PermanentError) -> None:
    assert not release_failure(err)
