"""What music files say about themselves: tags and stream quality, read with mutagen.

Why before names: a music library is rarely named the *arr way, but nearly every file Picard,
beets or a store touched carries artist, album, track and MusicBrainz ids. The scanner asks
the tags first (`identify_track`) and keeps what folder and file names said
(`mediaos.releases.identify`) when the tags say nothing. Ebooks: `mediaos.adapters.library.epub`.

Invariants a reader must not break:
- Nothing here raises on a bad file. A truncated FLAC, an MP3 with a broken ID3 frame or a
  text file named .m4a gives `Read(None, reason)`, and the file is identified by its name
  instead. Only the exception types a corrupt file produces are caught.
- Audio quality comes from the stream (codec, bit depth, bitrate, LAME preset), never from
  the name: a file called "320" may be 128 kbps. The names are `mediaos.core.qualities`'s.
- Reading is blocking file I/O, like `walk`: the scanner calls these through
  `asyncio.to_thread` with bounded concurrency and caches by (inode, size, mtime).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Generic, TypeVar

from mediaos.releases.identify import Identified
from mediaos.schemas.keys import music_key

_T = TypeVar("_T")
_MBID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*(?:/\s*(\d{1,4}))?")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
_LAME_VBR = re.compile(r"-V\s*(\d)")
MAX_TEXT = 1000
#: With mutagen's own `MutagenError`, added where mutagen is imported (see `read_audio_tags`).
_CORRUPT: tuple[type[Exception], ...] = (
    OSError,
    ValueError,
    EOFError,
    IndexError,
    KeyError,
    OverflowError,
)

_MB = "----:com.apple.iTunes:MusicBrainz "
#: Our field -> (Vorbis comment, ID3 frame, MP4 atom), as MusicBrainz Picard writes them.
_FIELDS: dict[str, tuple[str | None, str | None, str | None]] = {
    "artist": ("artist", "TPE1", "\xa9ART"),
    "album_artist": ("albumartist", "TPE2", "aART"),
    "album": ("album", "TALB", "\xa9alb"),
    "title": ("title", "TIT2", "\xa9nam"),
    "date": ("date", "TDRC", "\xa9day"),
    "original_date": ("originaldate", "TDOR", None),
    "track": ("tracknumber", "TRCK", None),  # MP4: the trkn pair
    "disc": ("discnumber", "TPOS", None),  # MP4: the disk pair
    "track_total": ("tracktotal", None, None),
    "disc_total": ("disctotal", None, None),
    "mb_artist_id": ("musicbrainz_artistid", "TXXX:MusicBrainz Artist Id", _MB + "Artist Id"),
    "mb_album_id": ("musicbrainz_albumid", "TXXX:MusicBrainz Album Id", _MB + "Album Id"),
    "mb_release_group_id": (
        "musicbrainz_releasegroupid",
        "TXXX:MusicBrainz Release Group Id",
        _MB + "Release Group Id",
    ),
    "mb_recording_id": ("musicbrainz_trackid", "UFID:http://musicbrainz.org", _MB + "Track Id"),
}


@dataclass(frozen=True, slots=True)
class Read(Generic[_T]):
    """What was read, or `value=None` and why not (shown to users: one short sentence)."""

    value: _T | None
    reason: str = ""


@dataclass(frozen=True, slots=True)
class AudioTags:
    artist: str | None
    album_artist: str | None
    album: str | None
    title: str | None
    track: int | None
    track_total: int | None
    disc: int | None
    disc_total: int | None
    year: int | None  # from the original date when present (a 2011 remaster of a 1997 album)
    musicbrainz_artist_id: str | None
    musicbrainz_release_group_id: str | None
    musicbrainz_album_id: str | None  # the release
    musicbrainz_recording_id: str | None
    codec: str  # flac | alac | mp3 | aac | vorbis | opus | other
    bitrate: int | None  # bits per second
    bits_per_sample: int | None
    quality: str  # a name of the audio ladder in mediaos.core.qualities

    @property
    def album_artist_or_artist(self) -> str | None:
        return self.album_artist or self.artist


def audio_quality(
    codec: str,
    bitrate: int | None,
    bits_per_sample: int | None,
    *,
    vbr: bool = False,
    lame_preset: int | None = None,
) -> str:
    """The ladder name for a stream. A LAME `-V n` preset in the file's LAME tag wins; without
    one a VBR MP3 is judged by its average (LAME V0 averages ~245 kbps, V2 ~190 on music);
    constant bitrates round down (224 kbps is MP3-192)."""
    kbps = (bitrate or 0) // 1000
    if codec == "flac":
        return "FLAC 24bit" if (bits_per_sample or 16) >= 24 else "FLAC"
    if codec == "alac":
        return "ALAC"
    if codec == "mp3":
        if lame_preset is not None and lame_preset <= 3:
            return "MP3-VBR-V0" if lame_preset <= 1 else "MP3-VBR-V2"
        if vbr and lame_preset is None and kbps >= 140:
            return "MP3-VBR-V0" if kbps >= 200 else "MP3-VBR-V2"
        for floor, name in ((310, "MP3-320"), (250, "MP3-256"), (185, "MP3-192"), (120, "MP3-128")):
            if kbps >= floor:
                return name
    if codec == "aac" and kbps >= 192:
        return "AAC-320" if kbps >= 288 else "AAC-256"
    if codec == "vorbis" and kbps >= 288:
        return "OGG-320"
    return "Unknown Audio"


def read_audio_tags(path: Path) -> Read[AudioTags]:
    """Tags and stream quality of a FLAC, Ogg/Opus, MP3 or MP4/M4A file (blocking)."""
    # Imported here, not at the top: the scanner is the only reader, and an offline `diff`
    # (which imports this module with the reconcilers) never scans; mutagen costs ~6 ms.
    import mutagen  # type: ignore[import-untyped, unused-ignore]

    corrupt: tuple[type[Exception], ...] = (mutagen.MutagenError, *_CORRUPT)
    try:
        audio = mutagen.File(str(path))
    except corrupt as err:
        return Read(None, f"unreadable audio file: {type(err).__name__}")
    if audio is None:
        return Read(None, "not an audio format mutagen knows")
    try:
        return Read(_tags_of(audio))
    except corrupt as err:
        return Read(None, f"unreadable tags: {type(err).__name__}")


def _tags_of(audio: object) -> AudioTags:
    from mutagen.id3 import ID3  # type: ignore[import-untyped, unused-ignore]
    from mutagen.mp4 import MP4Tags  # type: ignore[import-untyped, unused-ignore]

    kind = type(audio).__name__  # FLAC, MP3, MP4, OggVorbis, OggOpus, AIFF, ...
    info = getattr(audio, "info", None)
    raw = getattr(audio, "tags", None)
    column = 1 if isinstance(raw, ID3) else 2 if isinstance(raw, MP4Tags) else 0
    values = {name: _value(raw, spec[column], column) for name, spec in _FIELDS.items()}
    if column == 0:  # both spellings are common in Vorbis comments
        values["track_total"] = values["track_total"] or _value(raw, "totaltracks", 0)
        values["disc_total"] = values["disc_total"] or _value(raw, "totaldiscs", 0)
    track, track_total = _numbers(values["track"])
    disc, disc_total = _numbers(values["disc"])
    if column == 2:
        get = getattr(raw, "get", None)
        if callable(get):
            track, track_total = _pair(get("trkn"))
            disc, disc_total = _pair(get("disk"))
    codec = _codec(kind, info)
    bitrate = _int(getattr(info, "bitrate", None))
    bits = _int(getattr(info, "bits_per_sample", None))
    preset = _lame_preset(info) if codec == "mp3" else None
    vbr = "VBR" in str(getattr(info, "bitrate_mode", ""))  # mutagen's BitrateMode.VBR
    year = _year(values["original_date"]) or _year(values["date"])
    return AudioTags(
        artist=values["artist"],
        album_artist=values["album_artist"],
        album=values["album"],
        title=values["title"],
        track=track,
        track_total=track_total or _numbers(values["track_total"])[0],
        disc=disc,
        disc_total=disc_total or _numbers(values["disc_total"])[0],
        year=year,
        musicbrainz_artist_id=_mbid(values["mb_artist_id"]),
        musicbrainz_release_group_id=_mbid(values["mb_release_group_id"]),
        musicbrainz_album_id=_mbid(values["mb_album_id"]),
        musicbrainz_recording_id=_mbid(values["mb_recording_id"]),
        codec=codec,
        bitrate=bitrate,
        bits_per_sample=bits,
        quality=audio_quality(codec, bitrate, bits, vbr=vbr, lame_preset=preset),
    )


def _value(raw: object, key: str | None, column: int) -> str | None:
    """First text value of a Vorbis comment, ID3 frame or MP4 atom, bounded in length."""
    get = getattr(raw, "get", None)
    found = get(key) if key is not None and callable(get) else None
    if found is None:
        return None
    if column == 1:  # an ID3 frame: text frames have .text, UFID has .data
        data = getattr(found, "data", None)
        items = [data] if isinstance(data, bytes) else list(getattr(found, "text", []))
    else:
        items = list(found) if isinstance(found, list) else [found]
    for item in items:
        text = item.decode("utf-8", "replace") if isinstance(item, bytes) else str(item)
        text = text.replace("\x00", "").strip()
        if text:
            return text[:MAX_TEXT]
    return None


def _codec(kind: str, info: object) -> str:
    if kind == "FLAC":
        return "flac"
    if kind in ("MP3", "EasyMP3"):
        return "mp3"
    if kind == "OggVorbis":
        return "vorbis"
    if kind == "OggOpus":
        return "opus"
    if kind == "MP4":
        codec = str(getattr(info, "codec", ""))
        return "alac" if codec == "alac" else "aac" if codec.startswith("mp4a") else "other"
    return "other"


def _lame_preset(info: object) -> int | None:
    match = _LAME_VBR.search(str(getattr(info, "encoder_settings", "") or ""))
    return int(match.group(1)) if match else None


def _numbers(text: str | None) -> tuple[int | None, int | None]:
    match = _NUMBER.match(text or "")
    if match is None:
        return None, None
    return int(match.group(1)) or None, int(match.group(2)) if match.group(2) else None


def _pair(value: object) -> tuple[int | None, int | None]:
    if isinstance(value, list) and value and isinstance(value[0], tuple) and len(value[0]) == 2:
        first, total = value[0]
        return _int(first) or None, _int(total) or None
    return None, None


def _int(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _year(text: str | None) -> int | None:
    match = _YEAR.search(text or "")
    return int(match.group(1)) if match else None


def _mbid(text: str | None) -> str | None:
    match = _MBID.search((text or "").lower())
    return match.group(0) if match else None


def identify_track(found: Identified, tags: AudioTags) -> Identified:
    """Tags first, names second: the album artist and album from the tags when both are
    there (a track outside Artist/Album/ folders is then identified too); the stream's
    quality always, since it is measured rather than guessed from a name."""
    artist, album = tags.album_artist_or_artist, tags.album
    if not (artist and album):
        return replace(found, quality=tags.quality) if found.kind == "track" else found
    key = music_key(artist, tags.musicbrainz_artist_id, album, tags.musicbrainz_release_group_id)
    return replace(
        found,
        kind="track",
        item_key=key,
        title=album,
        year=tags.year or found.year,
        track=tags.track or found.track,
        quality=tags.quality,
        reason="",
    )
