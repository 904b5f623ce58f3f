"""Sidecar files (subtitles and other extras) and what their names say.

Why a module of its own: a subtitle must keep its language and flags when it is renamed
after its video (`Show.S01E01.GRP.pt-BR.forced.srt` -> `<new name>.pt-BR.forced.srt`), and
release folders spell them in many ways (`Subs/2_English.srt`, `.eng.srt`, `.en.sdh.srt`).
Media servers read the suffix, so we write it in the form they all understand:
`.<language>[.forced][.hi|.sdh|.cc].<ext>`.

Invariants a reader must not break:
- Pure. `sidecar_suffix` always returns text starting with "." and ending with the
  (lower-case) extension, made only of safe characters.
- Scene `.nfo` files become `.nfo-orig` (as Sonarr does): they are not Kodi NFO files and
  must not be read as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

SUBTITLE_EXTENSIONS = frozenset({"srt", "ass", "ssa", "sub", "idx", "vtt", "sup", "smi"})
VIDEO_EXTENSIONS = frozenset(
    {"mkv", "mp4", "m4v", "avi", "mov", "wmv", "ts", "m2ts", "webm", "mpg", "mpeg", "ogm", "divx"}
)
AUDIO_EXTENSIONS = frozenset(
    {"flac", "mp3", "m4a", "aac", "ogg", "opus", "wav", "wv", "ape", "aiff"}
)
BOOK_EXTENSIONS = frozenset({"epub", "mobi", "azw3", "azw", "pdf", "cbz", "cbr", "fb2", "djvu"})
AUDIOBOOK_EXTENSIONS = frozenset({"m4b", "mp3", "m4a", "flac", "ogg", "opus"})
IMAGE_EXTENSIONS = frozenset({"jpg", "jpeg", "png", "webp"})

_FLAGS = {"forced": "forced", "hi": "hi", "sdh": "sdh", "cc": "cc", "default": "default"}
_NAMES = {
    "english": "en", "eng": "en", "french": "fr", "fre": "fr", "fra": "fr", "german": "de",
    "ger": "de", "deu": "de", "spanish": "es", "spa": "es", "castilian": "es",
    "italian": "it", "ita": "it", "portuguese": "pt", "por": "pt", "brazilian": "pt-BR",
    "pob": "pt-BR", "dutch": "nl", "dut": "nl", "nld": "nl", "swedish": "sv", "swe": "sv",
    "norwegian": "no", "nor": "no", "danish": "da", "dan": "da", "finnish": "fi", "fin": "fi",
    "polish": "pl", "pol": "pl", "russian": "ru", "rus": "ru", "japanese": "ja", "jpn": "ja",
    "chinese": "zh", "chi": "zh", "zho": "zh", "korean": "ko", "kor": "ko", "arabic": "ar",
    "ara": "ar", "turkish": "tr", "tur": "tr", "greek": "el", "gre": "el", "ell": "el",
    "hebrew": "he", "heb": "he", "czech": "cs", "cze": "cs", "ces": "cs", "hungarian": "hu",
    "hun": "hu", "romanian": "ro", "rum": "ro", "ron": "ro", "ukrainian": "uk", "ukr": "uk",
    "vietnamese": "vi", "vie": "vi", "thai": "th", "tha": "th", "indonesian": "id",
    "ind": "id", "hindi": "hi-IN", "latin american": "es-419",
}  # fmt: skip
_REGION = re.compile(r"^([a-z]{2})[-_]([a-z]{2}|\d{3})$", re.IGNORECASE)
_TWO_LETTER = re.compile(r"^[a-z]{2}$", re.IGNORECASE)
_WORDS = re.compile(r"[^\W_]+(?:[-_][a-z]{2}\b|[-_]\d{3}\b)?", re.IGNORECASE)


def extension_of(name: str) -> str:
    """Lower-case extension without the dot ("" when none)."""
    base = name.rsplit("/", 1)[-1]
    return base.rsplit(".", 1)[1].lower() if "." in base.strip(".") else ""


def stem_of(name: str) -> str:
    base = name.rsplit("/", 1)[-1]
    ext = extension_of(base)
    return base[: -(len(ext) + 1)] if ext else base


def sidecar_suffix(rest: str, extension: str) -> str:
    """The suffix to write after a new video stem, from the text that followed the old
    stem (`.pt-BR.forced`) or a whole sidecar stem (`2_English`, `English (SDH)`)."""
    ext = extension.lower()
    if ext == "nfo":
        return ".nfo-orig"
    language, flags = read_language_and_flags(rest)
    parts = [p for p in (language, *flags) if p]
    return "".join(f".{p}" for p in parts) + f".{ext}"


def read_language_and_flags(text: str) -> tuple[str | None, tuple[str, ...]]:
    """("pt-BR", ("forced",)) from ".pt-BR.forced"; unknown words are ignored."""
    language: str | None = None
    flags: list[str] = []
    lowered = text.lower()
    for phrase, code in (("latin american", "es-419"), ("portuguese (brazil)", "pt-BR")):
        if phrase in lowered:
            language = code
    for word in _WORDS.findall(text):
        low = word.lower()
        if low in _FLAGS:
            if _FLAGS[low] not in flags:  # `.hi` is hearing-impaired, as in Sonarr
                flags.append(_FLAGS[low])
            continue
        if language is not None:
            continue
        region = _REGION.match(word)
        if region:
            language = f"{region.group(1).lower()}-{region.group(2).upper()}"
        elif low in _NAMES:
            language = _NAMES[low]
        elif _TWO_LETTER.match(word) and not word.isdigit():
            language = low
    return language, tuple(sorted(flags, key=["forced", "default", "hi", "sdh", "cc"].index))


def unique_suffixes(suffixes: Iterable[str]) -> list[str]:
    """Number repeats (`.en.srt`, `.en.1.srt`) so two sidecars never share a name."""
    seen: dict[str, int] = {}
    out: list[str] = []
    for suffix in suffixes:
        count = seen.get(suffix.lower(), 0)
        seen[suffix.lower()] = count + 1
        if count:
            head, _, ext = suffix.rpartition(".")
            suffix = f"{head}.{count}.{ext}"
        out.append(suffix)
    return out
