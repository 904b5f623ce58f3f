"""Cleaning a release name before it is read: what is not part of the release itself.

Why separate: indexers, sites and reposting tools decorate names ("[ www.site.com ] - ",
"[rarbg]", "[eztv.re]", "-GROUP-RP", "-Obfuscated", ".mkv"), and every later step would
otherwise have to know about them. Cleaning removes them once, from the ends of the name only;
it never touches the middle, so indices found later stay meaningful.

Invariant: `clean` only shortens the name at its two ends (and blanks control characters),
and returns the file extension it removed so the parser can use it as a last-resort hint.
"""

from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f]+")
#: File extensions a release name may carry; the extension is kept as `container`.
_EXTENSIONS = frozenset(
    ["mkv", "mp4", "avi", "m4v", "wmv", "mov", "mpg", "mpeg", "m2ts", "ts", "webm", "iso",
     "img", "nzb", "torrent", "par2", "srt", "flac", "mp3", "m4a", "m4b", "epub", "mobi",
     "azw3", "azw", "pdf", "cbz", "cbr", "zip", "rar"]
)  # fmt: skip
_SITE_PREFIX = re.compile(
    r"^(?:\[\s*(?:www\.)?[-a-z0-9]+(?:\.[a-z0-9]+)+\s*\]|(?:www\.)[-a-z0-9]+\.[a-z]{2,4}"
    r"|[-a-z0-9]+\.(?:com|net|org)(?![a-z0-9]))\s*[-–]?\s*",
    re.IGNORECASE,
)
_SITE_SUFFIX = re.compile(
    r"[\[\(\{]\s*(?:eztv(?:x)?(?:\.[a-z]+)?|ettv|rartv|rarbg|cttv|publichd|tgx|ethd|rbg"
    r"|torrentgalaxy(?:\.[a-z]+)?|1337x|[-a-z0-9]+\.(?:com|org|net|to|re|tv))\s*[\]\)\}]$",
    re.IGNORECASE,
)
#: Suffixes that reposting tools and indexers append after the real group ("-GROUP-RP").
_REPOSTS = frozenset(
    {"rp", "1", "nzbgeek", "obfuscated", "obfuscation", "scrambled", "sample", "pre",
     "postbot", "xpost", "whiterev", "buymore", "asrequested", "alternativetorequested",
     "gerov", "z0ids3n", "chamele0n", "4p", "4planet", "altezachen", "repackpost"}
)  # fmt: skip


def clean(raw: str) -> tuple[str, str | None]:
    """The name without control characters, extension, site tags and repost suffixes."""
    name = raw if raw.isprintable() else _CONTROL.sub(" ", raw)
    name = name.strip()
    container = None
    stem, dot, ext = name.rpartition(".")
    if dot and stem and ext.lower() in _EXTENSIONS:
        container = ext.lower()
        name = stem
    head = name[:40].lower()
    if head[:1] == "[" or head[:3] == "www" or ".com" in head or ".net" in head or ".org" in head:
        name = _SITE_PREFIX.sub("", name, count=1)
    if head[:1] == "【" and "】" in name:  # Chinese site banners: 【site】Movie.2019...
        name = name.split("】", 1)[1].lstrip(" .-")
    for _ in range(4):
        changed = False
        if name[-1:] in ")]}":
            opening = max(name.rfind("["), name.rfind("("), name.rfind("{"))
            if opening > 0 and _SITE_SUFFIX.match(name, opening):
                name, changed = name[:opening].rstrip(" .-"), True
        stem, dash, last = name.rpartition("-")
        last = last.lower()
        if dash and stem and (last in _REPOSTS or last.startswith("rakuv")):
            name, changed = stem.rstrip(), True
        if not changed:
            break
    return name.strip(), container
