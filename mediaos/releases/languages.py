"""Spoken-language tags in release names, as ISO 639-1 codes (with a region where it matters).

Why only tags after the title: "Ita", "Dan" or "Nor" are also words and names; the parser
only hands this module the tags it found after the title ended.

Rules worth knowing (see docs/releases.md):
- "VOSTFR"/"VOST" (original version, French subtitles) counts as French, as Sonarr does;
- "German DL" (dual language) is German; "DL", "MULTi" and "DUAL" set `multi_language`
  but add no code of their own, because they do not say which languages;
- Brazilian Portuguese ("pt-BR", "Dublado") and Latin-American Spanish ("Latino", "LAT")
  keep their region, since users want them told apart from pt and es;
- "NORDiC" means the Nordic languages together (da, fi, no, sv).
"""

from __future__ import annotations

_CODES: dict[str, tuple[str, ...]] = {
    "truefrench": ("fr",), "true french": ("fr",), "french": ("fr",), "vff": ("fr",),
    "vfq": ("fr",), "vf2": ("fr",), "vfi": ("fr",), "vf": ("fr",), "vostfr": ("fr",),
    "vost": ("fr",), "fr": ("fr",), "german": ("de",), "deutsch": ("de",), "ger": ("de",),
    "ita": ("it",), "italian": ("it",), "spanish": ("es",), "castellano": ("es",),
    "esp": ("es",), "latino": ("es-419",), "lat": ("es-419",), "pt-br": ("pt-BR",),
    "dublado": ("pt-BR",), "portuguese": ("pt",), "por": ("pt",), "rus": ("ru",),
    "russian": ("ru",), "japanese": ("ja",), "jap": ("ja",), "jpn": ("ja",),
    "korean": ("ko",), "kor": ("ko",), "chinese": ("zh",), "mandarin": ("zh",),
    "cantonese": ("zh",), "chs": ("zh",), "cht": ("zh",), "hindi": ("hi",),
    "tamil": ("ta",), "telugu": ("te",), "dutch": ("nl",), "flemish": ("nl",),
    "swedish": ("sv",), "swe": ("sv",), "norwegian": ("no",), "nor": ("no",),
    "danish": ("da",), "dan": ("da",), "finnish": ("fi",), "fin": ("fi",),
    "polish": ("pl",), "pol": ("pl",), "pl": ("pl",), "czech": ("cs",), "cz": ("cs",),
    "hungarian": ("hu",), "hun": ("hu",), "greek": ("el",), "turkish": ("tr",),
    "tur": ("tr",), "arabic": ("ar",), "hebrew": ("he",), "thai": ("th",),
    "vietnamese": ("vi",), "ukrainian": ("uk",), "ukr": ("uk",), "english": ("en",),
    "eng": ("en",), "nordic": ("da", "fi", "no", "sv"),
}  # fmt: skip
_MULTI_PREFIXES = ("multi", "dual", "dl", "ml")


def languages_of(texts: list[str]) -> tuple[tuple[str, ...], bool]:
    """(codes in first-seen order, whether the name says it carries several languages)."""
    codes: list[str] = []
    multi = False
    for text in texts:
        key = text.lower()
        found = _CODES.get(key)
        if found is None:
            if key.startswith(_MULTI_PREFIXES):
                multi = True
            continue
        for code in found:
            if code not in codes:
                codes.append(code)
    return tuple(codes), multi
