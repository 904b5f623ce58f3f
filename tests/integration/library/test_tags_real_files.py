# mypy: disable-error-code="no-untyped-call"
# (mutagen's frame and tag constructors are not annotated)
"""Tags and EPUB metadata read from real files: FLAC, MP3 and M4A made by ffmpeg and tagged
with mutagen the way Picard tags them, EPUBs zipped here, and files that are broken on purpose
(truncated, random bytes, a zip bomb, an entity bomb, 10,001 zip members)."""

from __future__ import annotations

import struct
import subprocess
import zipfile
from pathlib import Path

import pytest
from mutagen.flac import FLAC
from mutagen.id3 import ID3, TALB, TDRC, TIT2, TPE1, TPE2, TPOS, TRCK, TXXX, UFID
from mutagen.mp4 import MP4, MP4FreeForm

from mediaos.adapters.library.epub import MAX_ZIP_MEMBERS, identify_book, read_epub
from mediaos.adapters.library.tags import audio_quality, identify_track, read_audio_tags
from mediaos.releases.identify import identify

pytestmark = pytest.mark.peer("ffmpeg")

ARTIST_ID = "a74b1b7f-71a5-4011-9441-d0b5e4122711"  # Radiohead
GROUP_ID = "b1392450-e666-3926-a536-22c65f834433"  # OK Computer
RELEASE_ID = "0b6b4ba0-d36f-47bd-b4ea-6a5b91842d29"
RECORDING_ID = "6f3bd66b-3d9b-4cb4-8bea-4ba8b6d6ec61"
NOISE = "aevalsrc=exprs=random(0)*2-1|random(1)*2-1:s=44100:d=2"


def encode(folder: Path, name: str, *codec: str, source: str = NOISE) -> Path:
    target = folder / name
    subprocess.run(
        ["ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", source, *codec, str(target)],
        check=True,
        timeout=60,
    )
    return target


def as_lame_v0(path: Path) -> Path:
    """Rewrite the LAME tag ffmpeg writes ("Lavc59.37", VBR method and quality unset) the way
    the lame CLI writes it for `-V 0` ("LAME3.100", method vbr-mtrh, Xing quality 97): Debian's
    ffmpeg links libmp3lame but writes its own tag, and the lame CLI is not installed."""
    data = bytearray(path.read_bytes())
    xing = data.find(b"Xing")
    flags = struct.unpack(">I", data[xing + 4 : xing + 8])[0]
    scale = xing + 8 + (4 if flags & 1 else 0) + (4 if flags & 2 else 0) + (100 if flags & 4 else 0)
    assert flags & 8 and data[scale + 4 : scale + 8] == b"Lavc"
    data[scale : scale + 4] = struct.pack(">I", 97)
    data[scale + 4 : scale + 13] = b"LAME3.100"
    data[scale + 13] = 0x04
    path.write_bytes(bytes(data))
    return path


def test_flac_vorbis_comments_and_bit_depth_are_read(tmp_path: Path) -> None:
    path = encode(tmp_path, "01.flac", "-c:a", "flac", "-sample_fmt", "s16")
    tags = FLAC(path)
    tags.update(
        {
            "artist": "Radiohead",
            "albumartist": "Radiohead",
            "album": "OK Computer",
            "title": "Airbag",
            "tracknumber": "1",
            "tracktotal": "12",
            "discnumber": "1",
            "totaldiscs": "2",
            "date": "2017-06-23",
            "originaldate": "1997-05-21",
            "musicbrainz_artistid": ARTIST_ID,
            "musicbrainz_releasegroupid": GROUP_ID,
            "musicbrainz_albumid": RELEASE_ID,
            "musicbrainz_trackid": RECORDING_ID,
        }
    )
    tags.save()
    read = read_audio_tags(path)
    assert read.value is not None, read.reason
    found = read.value
    assert (found.artist, found.album, found.title) == ("Radiohead", "OK Computer", "Airbag")
    assert (found.track, found.track_total, found.disc, found.disc_total) == (1, 12, 1, 2)
    assert found.year == 1997  # the original release, not the remaster's date
    assert found.musicbrainz_artist_id == ARTIST_ID
    assert found.musicbrainz_release_group_id == GROUP_ID
    assert found.musicbrainz_album_id == RELEASE_ID
    assert found.musicbrainz_recording_id == RECORDING_ID
    assert (found.codec, found.bits_per_sample, found.quality) == ("flac", 16, "FLAC")
    by_name = identify("music", "Downloads/01 airbag.flac")  # not in Artist/Album/
    assert by_name.kind == "unmatched"
    by_tags = identify_track(by_name, found)
    assert (by_tags.kind, by_tags.item_key) == ("track", "music/radiohead/ok-computer")
    assert (by_tags.title, by_tags.year, by_tags.track, by_tags.quality) == (
        "OK Computer",
        1997,
        1,
        "FLAC",
    )


def test_a_24_bit_flac_is_flac_24bit(tmp_path: Path) -> None:
    path = encode(
        tmp_path, "hi.flac", "-c:a", "flac", "-sample_fmt", "s32", "-bits_per_raw_sample", "24"
    )
    read = read_audio_tags(path)
    assert read.value is not None
    assert (read.value.bits_per_sample, read.value.quality) == (24, "FLAC 24bit")
    assert read.value.artist is None  # no tags at all is not an error


def test_mp3_id3_frames_and_cbr_320(tmp_path: Path) -> None:
    path = encode(tmp_path, "03.mp3", "-c:a", "libmp3lame", "-b:a", "320k")
    id3 = ID3()
    id3.add(TPE1(encoding=3, text=["Radiohead"]))
    id3.add(TPE2(encoding=3, text=["Radiohead"]))
    id3.add(TALB(encoding=3, text=["OK Computer"]))
    id3.add(TIT2(encoding=3, text=["Subterranean Homesick Alien"]))
    id3.add(TRCK(encoding=3, text=["3/12"]))
    id3.add(TPOS(encoding=3, text=["1/1"]))
    id3.add(TDRC(encoding=3, text=["1997-05-21"]))
    id3.add(TXXX(encoding=3, desc="MusicBrainz Artist Id", text=[ARTIST_ID]))
    id3.add(TXXX(encoding=3, desc="MusicBrainz Release Group Id", text=[GROUP_ID]))
    id3.add(TXXX(encoding=3, desc="MusicBrainz Album Id", text=[RELEASE_ID]))
    id3.add(UFID(owner="http://musicbrainz.org", data=RECORDING_ID.encode()))
    id3.save(path)
    read = read_audio_tags(path)
    assert read.value is not None, read.reason
    found = read.value
    assert (found.album_artist_or_artist, found.album, found.track, found.track_total) == (
        "Radiohead",
        "OK Computer",
        3,
        12,
    )
    assert (found.year, found.disc) == (1997, 1)
    assert (found.musicbrainz_release_group_id, found.musicbrainz_recording_id) == (
        GROUP_ID,
        RECORDING_ID,
    )
    assert (found.codec, found.bitrate, found.quality) == ("mp3", 320_000, "MP3-320")


def test_a_lame_v0_tag_makes_mp3_vbr_v0_and_a_bare_vbr_is_judged_by_average(
    tmp_path: Path,
) -> None:
    bare = encode(tmp_path, "bare.mp3", "-c:a", "libmp3lame", "-q:a", "0")
    bare_read = read_audio_tags(bare)
    assert bare_read.value is not None
    # ffmpeg's own tag carries no preset; white noise averages well under V0's ~245 kbps.
    assert bare_read.value.quality == "MP3-VBR-V2"
    v0 = as_lame_v0(encode(tmp_path, "v0.mp3", "-c:a", "libmp3lame", "-q:a", "0"))
    read = read_audio_tags(v0)
    assert read.value is not None
    assert read.value.quality == "MP3-VBR-V0"


def test_m4a_atoms_aac_and_alac(tmp_path: Path) -> None:
    path = encode(tmp_path, "05.m4a", "-c:a", "aac", "-b:a", "256k")
    tags = MP4(path)
    tags["\xa9ART"] = ["Radiohead"]
    tags["aART"] = ["Radiohead"]
    tags["\xa9alb"] = ["OK Computer"]
    tags["\xa9nam"] = ["Let Down"]
    tags["trkn"] = [(5, 12)]
    tags["disk"] = [(1, 1)]
    tags["\xa9day"] = ["1997"]
    mb = "----:com.apple.iTunes:MusicBrainz "
    tags[mb + "Artist Id"] = [MP4FreeForm(ARTIST_ID.encode())]
    tags[mb + "Release Group Id"] = [MP4FreeForm(GROUP_ID.encode())]
    tags[mb + "Track Id"] = [MP4FreeForm(RECORDING_ID.encode())]
    tags.save()
    read = read_audio_tags(path)
    assert read.value is not None, read.reason
    found = read.value
    assert (found.artist, found.album, found.title, found.track, found.track_total) == (
        "Radiohead",
        "OK Computer",
        "Let Down",
        5,
        12,
    )
    assert (found.musicbrainz_artist_id, found.musicbrainz_release_group_id) == (
        ARTIST_ID,
        GROUP_ID,
    )
    assert found.musicbrainz_recording_id == RECORDING_ID
    assert (found.codec, found.quality) == ("aac", "AAC-256")
    alac = read_audio_tags(encode(tmp_path, "06.m4a", "-c:a", "alac"))
    assert alac.value is not None and alac.value.quality == "ALAC"


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("truncated.flac", None),
        ("random.mp3", bytes(range(256)) * 64),
        ("empty.flac", b""),
        ("text.m4a", b"this is not an mp4 file at all"),
    ],
)
def test_a_corrupt_audio_file_gives_none_and_a_reason(
    tmp_path: Path, name: str, content: bytes | None
) -> None:
    if content is None:
        whole = encode(tmp_path, "whole.flac", "-c:a", "flac").read_bytes()
        content = whole[:60]
    path = tmp_path / name
    path.write_bytes(content)
    read = read_audio_tags(path)
    assert read.value is None
    assert read.reason


def test_quality_names_cover_the_ladder() -> None:
    assert audio_quality("mp3", 256_000, None) == "MP3-256"
    assert audio_quality("mp3", 224_000, None) == "MP3-192"
    assert audio_quality("mp3", 96_000, None) == "Unknown Audio"
    assert audio_quality("mp3", 150_000, None, lame_preset=2) == "MP3-VBR-V2"
    assert audio_quality("mp3", 250_000, None, vbr=True) == "MP3-VBR-V0"
    assert audio_quality("aac", 320_000, None) == "AAC-320"
    assert audio_quality("vorbis", 320_000, None) == "OGG-320"
    assert audio_quality("opus", 160_000, None) == "Unknown Audio"


# --- EPUB ------------------------------------------------------------------------------------

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>"""

OPF2 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" unique-identifier="BookId" version="2.0">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:opf="http://www.idpf.org/2007/opf">
    <dc:title>Dune</dc:title>
    <dc:creator opf:role="edt" opf:file-as="Editor, Some">Some Editor</dc:creator>
    <dc:creator opf:role="aut" opf:file-as="Herbert, Frank">Frank Herbert</dc:creator>
    <dc:date opf:event="modification">2019-01-01</dc:date>
    <dc:date opf:event="publication">1965-08-01</dc:date>
    <dc:identifier id="BookId" opf:scheme="UUID">urn:uuid:1c3e4f5a-0000-4000-8000</dc:identifier>
    <dc:identifier opf:scheme="ISBN">978-0-441-01359-3</dc:identifier>
    <dc:language>en</dc:language>
  </metadata>
  <manifest><item id="c1" href="c1.xhtml" media-type="application/xhtml+xml"/></manifest>
  <spine><itemref idref="c1"/></spine>
</package>"""

OPF3 = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="pub-id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="pub-id">urn:isbn:9780143111580</dc:identifier>
    <dc:title id="t1">Le Petit Prince</dc:title>
    <dc:creator id="c1">Antoine de Saint-Exupéry</dc:creator>
    <meta refines="#c1" property="role" scheme="marc:relators">aut</meta>
    <dc:creator id="c2">Richard Howard</dc:creator>
    <meta refines="#c2" property="role" scheme="marc:relators">trl</meta>
    <dc:date>1943-04-06T00:00:00Z</dc:date>
    <dc:language>fr</dc:language>
    <meta property="dcterms:modified">2020-01-01T00:00:00Z</meta>
  </metadata>
  <manifest/><spine/>
</package>"""

ENTITY_BOMB = """<?xml version="1.0"?>
<!DOCTYPE package [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;"><!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">]>
<package xmlns="http://www.idpf.org/2007/opf"><metadata
 xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>&d;</dc:title></metadata></package>"""


def make_epub(path: Path, opf: str | bytes, *, container: str | None = CONTAINER) -> Path:
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            zipfile.ZipInfo("mimetype"), "application/epub+zip", compress_type=zipfile.ZIP_STORED
        )
        if container is not None:
            archive.writestr("META-INF/container.xml", container)
        archive.writestr("OEBPS/content.opf", opf)
        archive.writestr("OEBPS/c1.xhtml", "<html><body><p>Chapter 1</p></body></html>")
    return path


def test_epub2_metadata_is_read_from_the_opf(tmp_path: Path) -> None:
    read = read_epub(make_epub(tmp_path / "dune.epub", OPF2))
    assert read.value is not None, read.reason
    book = read.value
    assert (book.title, book.author, book.authors) == ("Dune", "Frank Herbert", ("Frank Herbert",))
    assert (book.date, book.year) == ("1965-08-01", 1965)  # publication, not modification
    assert (book.isbn, book.language) == ("9780441013593", "en")
    by_name = identify("books", "Unsorted/dune-ebook-final.epub")
    by_opf = identify_book(by_name, book)
    assert (by_opf.kind, by_opf.item_key, by_opf.year) == ("book", "book/frank-herbert/dune", 1965)


def test_epub3_roles_by_refinement_and_urn_isbn(tmp_path: Path) -> None:
    read = read_epub(make_epub(tmp_path / "prince.epub", OPF3))
    assert read.value is not None, read.reason
    book = read.value
    assert (book.title, book.authors) == ("Le Petit Prince", ("Antoine de Saint-Exupéry",))
    assert (book.year, book.isbn, book.language) == (1943, "9780143111580", "fr")


def test_a_bad_checksum_is_not_an_isbn(tmp_path: Path) -> None:
    opf = OPF2.replace("978-0-441-01359-3", "978-0-441-01359-4")
    read = read_epub(make_epub(tmp_path / "typo.epub", opf))
    assert read.value is not None and read.value.isbn is None


def test_broken_epubs_give_none_and_a_reason(tmp_path: Path) -> None:
    corrupt = tmp_path / "corrupt.epub"
    corrupt.write_bytes(b"PK\x03\x04" + bytes(200))
    not_epub = make_epub(tmp_path / "plain.zip", OPF2, container=None)
    no_opf = make_epub(tmp_path / "noopf.epub", OPF2, container=CONTAINER.replace("OEBPS/", "X/"))
    bad_xml = make_epub(tmp_path / "badxml.epub", "<package><metadata>")
    reasons = {}
    for path in (corrupt, not_epub, no_opf, bad_xml):
        read = read_epub(path)
        assert read.value is None
        reasons[path.name] = read.reason
    assert reasons["corrupt.epub"] == "unreadable EPUB: BadZipFile"
    assert reasons["plain.zip"] == "no META-INF/container.xml in the archive: not an EPUB"
    assert reasons["noopf.epub"] == "no X/content.opf in the archive: not an EPUB"
    assert reasons["badxml.epub"] == "unreadable EPUB: ParseError"


def test_a_zip_bomb_is_refused_without_inflating_it(tmp_path: Path) -> None:
    huge = b"<!-- " + b" " * (20 * 1024 * 1024) + b" -->"  # 20 MB of spaces, ~20 KB zipped
    path = make_epub(tmp_path / "bomb.epub", huge)
    assert path.stat().st_size < 100 * 1024
    read = read_epub(path)
    assert read.value is None
    assert read.reason == "OEBPS/content.opf claims 20,971,529 bytes: refused"


def test_an_entity_bomb_is_refused(tmp_path: Path) -> None:
    read = read_epub(make_epub(tmp_path / "laughs.epub", ENTITY_BOMB))
    assert read.value is None
    assert read.reason == "unreadable EPUB: EntitiesForbidden"


def test_too_many_members_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "many.epub"
    with zipfile.ZipFile(path, "w") as archive:
        for index in range(MAX_ZIP_MEMBERS + 1):
            archive.writestr(f"OEBPS/{index}.xhtml", "")
    read = read_epub(path)
    assert read.value is None
    assert read.reason == "more than 10,000 zip members: refused"
