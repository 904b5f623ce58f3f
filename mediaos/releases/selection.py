"""Choose which files of a completed download to import, and what each one is.

Why pure: the importer lists a download folder once (adapter), hands the names and sizes
here, and gets back a plan it can show in `diff` and test without a disk. Release folders
are messy (samples, featurettes, RAR parts, `Subs/2_English.srt`, cover art), and a wrong
pick here is a wrong file in the library, so every file gets exactly one verdict: a pick, a
sidecar of a pick, or a skip with a reason.

Invariants a reader must not break:
- Every input file appears exactly once in the plan (picked, attached, or skipped).
- Picks and skips are sorted by path, so the same download gives the same plan.
- Nothing here reads the disk; sizes come from the caller.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from fnmatch import fnmatch
from typing import Literal, assert_never

from mediaos.releases.selection_media import (
    attach_sidecars,
    pick_album,
    pick_book,
    pick_episodes,
    pick_movie,
)
from mediaos.releases.selection_model import (
    DownloadFile,
    EpisodeRef,
    Pick,
    Role,
    SelectionPlan,
    Sidecar,
    Skip,
    SkipReason,
    Wanted,
    WantedAlbum,
    WantedBook,
    WantedEpisodes,
    WantedMovie,
)
from mediaos.releases.sidecars import (
    AUDIO_EXTENSIONS,
    BOOK_EXTENSIONS,
    IMAGE_EXTENSIONS,
    SUBTITLE_EXTENSIONS,
    VIDEO_EXTENSIONS,
)

__all__ = [
    "DownloadFile",
    "EpisodeRef",
    "Pick",
    "Role",
    "SelectionPlan",
    "Sidecar",
    "Skip",
    "SkipReason",
    "Wanted",
    "WantedAlbum",
    "WantedBook",
    "WantedEpisodes",
    "WantedMovie",
    "select_files",
]
DEFAULT_EXTRA_EXTENSIONS = ("srt", "ass", "ssa", "sub", "idx", "vtt", "nfo")

_SAMPLE = re.compile(r"(?:^|[\W_])sample(?:[\W_]|s?$)", re.IGNORECASE)
_EXTRA_FOLDER = re.compile(
    r"^(?:featurettes?|extras?|bonus(?: features)?|behind[ ._-]?the[ ._-]?scenes|"
    r"deleted[ ._-]?scenes?|interviews?|trailers?|shorts?|making[ ._-]?of|other)$",
    re.IGNORECASE,
)
#: Plex/Jellyfin extras suffixes. Words that are also release-group names (`-SCENE`,
#: `-OTHER`, `-EXTRA`, `-SHORT`) count only in lower case, as those conventions write them.
_EXTRA_SUFFIX = re.compile(
    r"(?i:[-_. ](?:trailer|featurette|behindthescenes|deleted|deletedscene|interview|"
    r"making[ ._-]?of))$|-(?:scene|other|extra|short)$"
)
_ANIME_EXTRA = re.compile(
    r"(?:^|[\W_])(?:NC(?:OP|ED)\d*|creditless|menu\d*|preview\d*|PV\d*|CM\d*)(?:[\W_]|$)",
    re.IGNORECASE,
)
_ARCHIVE = re.compile(r"^(?:rar|r\d{2,3}|zip|7z|\d{3}|tar|gz)$", re.IGNORECASE)
_JUNK_EXTENSIONS = frozenset(
    {"nfo", "txt", "exe", "url", "lnk", "sfv", "md5", "sha1", "par2", "nzb", "torrent", "db",
     "html", "htm", "bat", "cmd", "scr", "com", "ini", "diz", "rtf", "pdf"}
)  # fmt: skip
#: A video smaller than this share of the largest one is a sample even without the name.
SAMPLE_SHARE = 0.05


def select_files(
    files: Sequence[DownloadFile],
    wanted: Wanted,
    *,
    extra_extensions: Sequence[str] = DEFAULT_EXTRA_EXTENSIONS,
    ignore: Sequence[str] = (".*", "@eaDir", "*.partial~"),
) -> SelectionPlan:
    """The import plan for one download and one wanted item."""
    extras_ext = frozenset(e.lower().lstrip(".") for e in extra_extensions)
    skipped: list[Skip] = []
    media: list[DownloadFile] = []
    sidecars: list[DownloadFile] = []
    largest = max((f.size for f in files if f.extension in VIDEO_EXTENSIONS), default=0)
    for file in sorted(files, key=lambda f: f.path):
        verdict = _triage(file, wanted, extras_ext, ignore, largest)
        if isinstance(verdict, Skip):
            skipped.append(verdict)
        elif verdict == "media":
            media.append(file)
        else:
            sidecars.append(file)
    more: list[Skip] = []
    missing: tuple[EpisodeRef, ...] = ()
    match wanted:
        case WantedMovie():
            picks = pick_movie(media)
        case WantedEpisodes():
            picks, more, missing = pick_episodes(media, wanted)
        case WantedAlbum():
            picks = pick_album(media)
        case WantedBook():
            picks = pick_book(media)
        case _:
            assert_never(wanted)
    picked_paths = {p.file.path for p in picks}
    skipped.extend(more)
    skipped.extend(
        Skip(f, "extra", "a smaller video in a movie download (extra or second version)")
        for f in media
        if f.path not in picked_paths and not any(s.file.path == f.path for s in more)
    )
    picks, album_extras, unpaired = attach_sidecars(picks, sidecars)
    skipped.extend(Skip(f, "unmatched", "no imported file to travel with") for f in unpaired)
    return SelectionPlan(
        picks=tuple(sorted(picks, key=lambda p: p.file.path)),
        skipped=tuple(sorted(skipped, key=lambda s: s.file.path)),
        missing=tuple(missing),
        extras=tuple(album_extras),
    )


def _triage(
    file: DownloadFile,
    wanted: Wanted,
    extras_ext: frozenset[str],
    ignore: Sequence[str],
    largest_video: int,
) -> Skip | Literal["media", "sidecar"]:
    """First verdict on one file, from its name, folders and size alone."""
    parts = file.path.split("/")
    ext = file.extension
    is_video = ext in VIDEO_EXTENSIONS
    if any(_SAMPLE.search(p.rsplit(".", 1)[0] if i == len(parts) - 1 else p)
           for i, p in enumerate(parts)):  # fmt: skip
        return Skip(file, "sample", "named as a sample")
    if any(fnmatch(p, g) for p in parts for g in ignore):
        return Skip(file, "ignored", "matches library.ignore")
    if _ARCHIVE.match(ext) or re.search(r"\.part\d+\.rar$", file.name, re.IGNORECASE):
        return Skip(file, "archive", "archive part: the download client must extract it")
    stem = file.name.rsplit(".", 1)[0]
    if (
        any(_EXTRA_FOLDER.match(p) for p in parts[:-1])
        or _EXTRA_SUFFIX.search(stem)
        or _ANIME_EXTRA.search(stem)
    ):
        return Skip(file, "extra", "extra, featurette or trailer")
    if isinstance(wanted, WantedMovie | WantedEpisodes):
        if is_video:
            if largest_video and file.size < largest_video * SAMPLE_SHARE:
                return Skip(file, "sample", "tiny next to the main video")
            return "media"
        if ext in extras_ext or ext in SUBTITLE_EXTENSIONS & extras_ext:
            return "sidecar"
    elif isinstance(wanted, WantedAlbum):
        if ext in AUDIO_EXTENSIONS:
            return "media"
        if ext in IMAGE_EXTENSIONS or ext == "lrc":
            return "sidecar"
        if ext in {"cue", "log", "m3u", "m3u8", "accurip"}:
            return Skip(file, "extra", "rip log, cue sheet or playlist: kept in the download")
    elif ext in BOOK_EXTENSIONS or ext in {"m4b", "mp3", "m4a"}:
        return "media"
    if ext in _JUNK_EXTENSIONS or ext in IMAGE_EXTENSIONS:
        return Skip(file, "junk", f".{ext} files are not imported")
    return Skip(file, "junk", "not a media file for this item")
