"""What music files and ebooks say about themselves: audio tags (mutagen) and EPUB metadata.

Why before names: a music library is rarely named the *arr way, but nearly every file Picard,
beets or a store touched carries artist, album, track and MusicBrainz ids; an EPUB carries its
title, author and often its ISBN in its OPF package file. The scanner asks these first and
falls back to folder and file names (`mediaos.releases.identify`) when they say nothing.

Invariants a reader must not break:
- Nothing here raises on a bad file. A truncated FLAC, an MP3 with a broken ID3 frame, a zip
  that is not one, or a zip bomb gives `Read(None, reason)`, and the file is identified by
  its name instead. Only the exception types a corrupt file produces are caught.
- EPUBs are read with bounded effort: at most `MAX_ZIP_MEMBERS` entries, and the two members
  read (container.xml, the OPF) at most `MAX_XML_BYTES` each, whatever their headers claim.
  XML goes through defusedxml (no entity expansion, no external references).
- Audio quality comes from the stream (codec, bit depth, bitrate, LAME preset), never from
  the name: a file called "320" may be 128 kbps. The names are `mediaos.core.qualities`'s.
- Reading is blocking file I/O, like `walk`: the scanner calls these through
  `asyncio.to_thread` with bounded concurrency and caches by (inode, size, mtime).
"""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET  # type: ignore[import-untyped, unused-ignore]
import mutagen  # type: ignore[import-untyped, unused-ignore]
from defusedxml import DefusedXmlException  # type: ignore[import-untyped, unused-ignore]
from mutagen.id3 import ID3  # type: ignore[import-untyped, unused-ignore]
from mutagen.mp4 import MP4Tags  # type: ignore[import-untyped, unused-ignore]

_T = TypeVar("_T")
_MBID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
_NUMBER = re.compile(r"^\s*(\d{1,4})\s*(?:/\s*(\d{1,4}))?")
_YEAR = re.compile(r"(1[89]\d\d|20\d\d|2100)")
_LAME_VBR = re.compile(r"-V\s*(\d)")
MAX_TEXT = 1000
_CORRUPT = (
    mutagen.MutagenError,
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
    try:
        audio = mutagen.File(str(path))
    except _CORRUPT as err:
        return Read(None, f"unreadable audio file: {type(err).__name__}")
    if audio is None:
        return Read(None, "not an audio format mutagen knows")
    try:
        return Read(_tags_of(audio))
    except _CORRUPT as err:
        return Read(None, f"unreadable tags: {type(err).__name__}")


def _tags_of(audio: object) -> AudioTags:
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


# --- EPUB ------------------------------------------------------------------------------------

MAX_ZIP_MEMBERS = 10_000
MAX_XML_BYTES = 1024 * 1024
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
}
_OPF_ATTR = "{" + _NS["opf"] + "}"
_EPUB_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    OSError,
    EOFError,
    ValueError,
    KeyError,
    NotImplementedError,  # a compression method zipfile does not have
    RuntimeError,  # an encrypted member
    ParseError,
    DefusedXmlException,
)


class _Refused(Exception):
    """A bound was hit; the message is the reason shown to users."""


@dataclass(frozen=True, slots=True)
class EbookMetadata:
    title: str | None
    authors: tuple[str, ...]
    date: str | None
    year: int | None
    isbn: str | None  # digits only (and X), checksum verified
    language: str | None

    @property
    def author(self) -> str | None:
        return self.authors[0] if self.authors else None


def read_epub(path: Path) -> Read[EbookMetadata]:
    """Title, authors, date, ISBN and language from an EPUB's OPF (blocking, bounded)."""
    try:
        with zipfile.ZipFile(path) as archive:
            if len(archive.infolist()) > MAX_ZIP_MEMBERS:
                return Read(None, f"more than {MAX_ZIP_MEMBERS:,} zip members: refused")
            container = _xml(archive, "META-INF/container.xml")
            rootfile = container.find("c:rootfiles/c:rootfile", _NS)
            opf_path = rootfile.get("full-path") if rootfile is not None else None
            if not opf_path:
                return Read(None, "container.xml names no OPF package file")
            return Read(_metadata(_xml(archive, opf_path)))
    except _Refused as err:
        return Read(None, str(err))
    except _EPUB_ERRORS as err:
        return Read(None, f"unreadable EPUB: {type(err).__name__}")


def _xml(archive: zipfile.ZipFile, name: str) -> Element:
    try:
        info = archive.getinfo(name)
    except KeyError:
        raise _Refused(f"no {name} in the archive: not an EPUB") from None
    if info.file_size > MAX_XML_BYTES:
        raise _Refused(f"{name} claims {info.file_size:,} bytes: refused")
    with archive.open(info) as member:
        data = member.read(MAX_XML_BYTES + 1)  # headers can lie; the read cannot
    if len(data) > MAX_XML_BYTES:
        raise _Refused(f"{name} is larger than {MAX_XML_BYTES:,} bytes: refused")
    root: Element = SafeET.fromstring(data)
    return root


def _metadata(opf: Element) -> EbookMetadata:
    meta = opf.find("opf:metadata", _NS)
    if meta is None:
        meta = opf  # some EPUB 2 files wrap it in dc-metadata; search the whole package
    roles = {
        (m.get("refines") or "").lstrip("#"): (m.text or "").strip()
        for m in meta.iter("{" + _NS["opf"] + "}meta")
        if m.get("property") == "role"
    }
    creators = [
        (_text(c), c.get(_OPF_ATTR + "role") or roles.get(c.get("id") or "", ""))
        for c in meta.iter("{" + _NS["dc"] + "}creator")
    ]
    authors = tuple(name for name, role in creators if name and role in ("", "aut"))
    dates = list(meta.iter("{" + _NS["dc"] + "}date"))
    published = [d for d in dates if d.get(_OPF_ATTR + "event") in (None, "publication")]
    date = _text(published[0]) if published else _text(dates[0]) if dates else None
    title = next((t for t in map(_text, meta.iter("{" + _NS["dc"] + "}title")) if t), None)
    language = next((t for t in map(_text, meta.iter("{" + _NS["dc"] + "}language")) if t), None)
    return EbookMetadata(
        title=title,
        authors=authors or tuple(name for name, _ in creators if name),
        date=date,
        year=_year(date),
        isbn=_isbn(meta),
        language=language,
    )


def _text(element: Element) -> str | None:
    text = " ".join("".join(element.itertext()).split())
    return text[:MAX_TEXT] or None


def _isbn(meta: Element) -> str | None:
    """The first identifier that is a valid ISBN: marked as one (opf:scheme, urn:isbn:), or
    else any 13-digit 978/979 number with a valid checksum."""
    marked: list[str] = []
    other: list[str] = []
    for element in meta.iter("{" + _NS["dc"] + "}identifier"):
        text = (_text(element) or "").lower()
        scheme = (element.get(_OPF_ATTR + "scheme") or "").lower()
        is_marked = scheme == "isbn" or text.startswith(("urn:isbn:", "isbn:"))
        digits = re.sub(r"[^0-9x]", "", text.rpartition(":")[2]).upper()
        (marked if is_marked else other).append(digits)
    for digits in marked:
        if _valid_isbn(digits):
            return digits
    return next(
        (d for d in other if len(d) == 13 and d[:3] in ("978", "979") and _valid_isbn(d)), None
    )


def _valid_isbn(digits: str) -> bool:
    if re.fullmatch(r"\d{13}", digits):
        total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
        return total % 10 == 0
    if re.fullmatch(r"\d{9}[\dX]", digits):
        values = [10 if d == "X" else int(d) for d in digits]
        return sum(v * (10 - i) for i, v in enumerate(values)) % 11 == 0
    return False
