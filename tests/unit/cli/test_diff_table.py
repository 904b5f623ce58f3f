"""What the CLI prints that others wrote (release titles, paths): as it is, never as markup."""

from __future__ import annotations

import pytest

from mediaos.cli_engine import print_diff
from mediaos.core.actions import Grab, ItemKey, Search


def test_reasons_that_look_like_markup_print_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    title = "Show.S01E01.[red]1080p[/red].WEB-DL-[bold]GRP"
    grab = Grab(
        item=ItemKey("series/show-2020/s01e01"),
        reason=f"missing: {title} (WEBDL-1080p, score 0) from idx to qbt",
        guid="g",
        indexer="idx",
        client="qbt",
        title=title,
        protocol="torrent",
        info_hash=None,
    )
    search = Search(item=ItemKey("movie/dune-2021"), reason="missing, search due")
    print_diff([("acquisition", grab), ("acquisition", search)])
    printed = capsys.readouterr().out
    assert title in printed
    assert "series/show-2020/s01e01" in printed
    assert "plan: 1 grab, 1 search" in printed


def test_error_messages_print_verbatim(capsys: pytest.CaptureFixture[str]) -> None:
    import typer

    from mediaos.cli_common import fail

    with pytest.raises(typer.Exit):
        fail("cannot read /media/Movies [b]x[/b]/file.mkv")
    assert "error: cannot read /media/Movies [b]x[/b]/file.mkv" in capsys.readouterr().err
