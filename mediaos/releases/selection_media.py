"""The per-kind halves of `selection`: which media files to pick, and where sidecars go.

Why separate from `selection`: the triage (samples, junk, extras) is the same for every
kind; the picking is not (largest video for a movie, a parse per file for episodes, a track
number for albums). Keeping them apart keeps each under a screen or two.

Invariants a reader must not break:
- Pure; every media file given to a `pick_*` function comes back as a pick or a skip.
- An episode is imported from at most one file: of two files claiming it, the larger wins.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from mediaos.releases.model import ParsedRelease
from mediaos.releases.parse import parse
from mediaos.releases.selection_model import (
    DownloadFile,
    EpisodeRef,
    Pick,
    Role,
    Sidecar,
    Skip,
    WantedEpisodes,
)
from mediaos.releases.sidecars import (
    AUDIO_EXTENSIONS,
    IMAGE_EXTENSIONS,
    extension_of,
    sidecar_suffix,
    stem_of,
    unique_suffixes,
)

_TRACK = re.compile(r"^(?:(?P<disc>\d)[-.])?(?P<track>\d{1,3})(?:[ ._-]+|$)(?P<title>.*)$")
_TRACK_INSIDE = re.compile(r"(?:^|\s-\s)(?P<track>\d{2,3})\s-\s(?P<title>.+)$")
_DISC_FOLDER = re.compile(r"^(?:cd|disc|disk)[ ._-]?(?P<disc>\d{1,2})$", re.IGNORECASE)
_COVER = re.compile(r"^(?:cover|folder|front|albumart\w*)$", re.IGNORECASE)


def pick_movie(media: Sequence[DownloadFile]) -> list[Pick]:
    if not media:
        return []
    main = max(media, key=lambda f: (f.size, f.path))
    return [Pick(main, "video", parse(main.name))]


def pick_episodes(
    media: Sequence[DownloadFile], wanted: WantedEpisodes
) -> tuple[list[Pick], list[Skip], tuple[EpisodeRef, ...]]:
    claims: dict[str, tuple[DownloadFile, ParsedRelease, tuple[EpisodeRef, ...]]] = {}
    skips: list[Skip] = []
    for file in media:
        parsed = _parse_episode_file(file)
        refs = _matching_refs(parsed, wanted)
        if refs:
            claims[file.path] = (file, parsed, refs)
        elif parsed.episodes or parsed.absolute_episodes or parsed.air_date:
            skips.append(Skip(file, "unwanted", "an episode that is not wanted"))
        else:
            skips.append(Skip(file, "unmatched", "no episode number in the name"))
    owner: dict[EpisodeRef, str] = {}
    for path, (file, _, refs) in sorted(claims.items(), key=lambda kv: -kv[1][0].size):
        taken = [owner[ref] for ref in refs if ref in owner]
        if taken:
            skips.append(Skip(file, "duplicate", f"{taken[0]} already brings this episode"))
            del claims[path]
            continue
        owner.update(dict.fromkeys(refs, path))
    picks = [Pick(f, "video", p, episodes=refs) for f, p, refs in claims.values()]
    missing = tuple(ref for ref in wanted.episodes if ref not in owner)
    return picks, skips, missing


def _parse_episode_file(file: DownloadFile) -> ParsedRelease:
    """The file name first; the folder only fills numbers the file name lacks."""
    parsed = parse(file.name)
    if parsed.episodes or parsed.absolute_episodes or parsed.air_date:
        return parsed
    folder = file.path.rsplit("/", 2)[-2] if "/" in file.path else ""
    return parse(f"{folder}/{file.name}") if folder else parsed


def _matching_refs(parsed: ParsedRelease, wanted: WantedEpisodes) -> tuple[EpisodeRef, ...]:
    found: list[EpisodeRef] = []
    season = parsed.season
    absolute = set(parsed.absolute_episodes)
    if wanted.series_type == "anime" and season is None:
        absolute |= set(parsed.episodes)
    for ref in wanted.episodes:
        by_number = (
            season is not None
            and ref.season == season
            and ref.episode is not None
            and ref.episode in parsed.episodes
        )
        by_absolute = ref.absolute is not None and ref.absolute in absolute
        by_date = ref.air_date is not None and ref.air_date == parsed.air_date
        if by_number or by_absolute or by_date:
            found.append(ref)
    return tuple(found)


def pick_album(media: Sequence[DownloadFile]) -> list[Pick]:
    picks = []
    for file in media:
        disc, track, title = _track_of(file)
        picks.append(
            Pick(file, "audio", parse(file.name), track=track, disc=disc, track_title=title)
        )
    return picks


def _track_of(file: DownloadFile) -> tuple[int | None, int | None, str | None]:
    stem = stem_of(file.name).strip()
    folders = file.path.split("/")[:-1]
    disc = next((int(m.group("disc")) for f in folders if (m := _DISC_FOLDER.match(f))), None)
    match = _TRACK.match(stem) or _TRACK_INSIDE.search(stem)
    if match is None:
        return disc, None, stem or None
    groups = match.groupdict()
    if disc is None and groups.get("disc"):
        disc = int(groups["disc"])
    title = re.sub(r"^[-. ]+", "", match.group("title")).strip() or None
    return disc, int(match.group("track")), title


def pick_book(media: Sequence[DownloadFile]) -> list[Pick]:
    ebooks = [f for f in media if extension_of(f.name) not in AUDIO_EXTENSIONS | {"m4b"}]
    chosen = ebooks or list(media)
    role: Role = "book" if ebooks else "audiobook"
    return [Pick(f, role, parse(f.name)) for f in chosen]


def attach_sidecars(
    picks: list[Pick], sidecars: Sequence[DownloadFile]
) -> tuple[list[Pick], list[Sidecar], list[DownloadFile]]:
    """Give each sidecar to the pick it belongs to; album art becomes an album extra."""
    attached: dict[str, list[Sidecar]] = {p.file.path: [] for p in picks}
    album: list[Sidecar] = []
    unpaired: list[DownloadFile] = []
    stems = sorted(((stem_of(p.file.name), p) for p in picks), key=lambda sp: -len(sp[0]))
    for file in sidecars:
        ext = extension_of(file.name)
        if ext in IMAGE_EXTENSIONS:
            if picks and picks[0].role == "audio" and _COVER.match(stem_of(file.name)):
                album.append(Sidecar(file, f"cover.{ext}"))
            else:
                unpaired.append(file)
            continue
        owner, rest = _owner_of(file, stems, picks)
        if owner is None:
            unpaired.append(file)
            continue
        attached[owner.file.path].append(Sidecar(file, sidecar_suffix(rest, ext)))
    out = []
    for pick in picks:
        cars = attached[pick.file.path]
        suffixes = unique_suffixes(c.suffix for c in cars)
        out.append(
            replace(
                pick,
                sidecars=tuple(replace(c, suffix=s) for c, s in zip(cars, suffixes, strict=True)),
            )
        )
    return out, album, unpaired


def _owner_of(
    file: DownloadFile, stems: list[tuple[str, Pick]], picks: list[Pick]
) -> tuple[Pick | None, str]:
    """By stem (`<video stem>.en.srt`), by folder (`Subs/<video stem>/2_English.srt`), by
    being the only video, or by the episode numbers in the sidecar's own name."""
    stem = stem_of(file.name)
    folders = file.path.split("/")[:-1]
    for video_stem, pick in stems:
        if stem.lower() == video_stem.lower() or stem.lower().startswith(video_stem.lower() + "."):
            return pick, stem[len(video_stem) :]
        if video_stem in folders:
            return pick, stem
    tail = ".".join(stem.split(".")[-2:])
    if len(picks) == 1:
        return picks[0], tail
    parsed = parse(file.name)
    for pick in picks:
        if (
            pick.episodes
            and parsed.episodes
            and parsed.season == pick.parsed.season
            and set(parsed.episodes) == set(pick.parsed.episodes)
        ):
            return pick, tail
    return None, ""
