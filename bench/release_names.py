"""Deterministic generator of realistic release names, each with the fields it must parse to.

Why one generator for two jobs: `bench_parse.py` needs 100,000 names shaped like a real
indexer feed (scene and P2P TV, anime, daily shows, packs, movies, foreign releases), and the
test corpus needs names whose expected fields are known without trusting the parser. The
expected fields here follow from how each name is built, using the quality rules written
down in docs/releases.md, never from `parse` itself.

Run `python bench/release_names.py N SEED > file.tsv` to write N corpus rows.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field

SERIES = [
    "The Office US", "Breaking Bad", "Better Call Saul", "Severance", "The Bear", "Fargo",
    "Doctor Who 2005", "The Expanse", "Slow Horses", "Only Murders in the Building",
    "The Last of Us", "House of the Dragon", "Succession", "Yellowstone", "Reacher",
    "Ted Lasso", "The Boys", "Stranger Things", "Top Gear", "Taskmaster", "Blue Bloods",
    "Grey's Anatomy", "NCIS", "9-1-1", "24", "1923", "The 100", "Marvels Agents of SHIELD",
    "What We Do in the Shadows", "Its Always Sunny in Philadelphia", "Peaky Blinders",
    "The Crown", "Bluey", "Shogun", "Fallout", "The Penguin", "Andor", "Loki", "Dark",
    "Money Heist", "Lupin", "Squid Game", "The Witcher", "Wednesday", "Black Mirror",
    "Silo", "For All Mankind", "The Morning Show", "Foundation", "Invincible",
    "Rick and Morty", "Family Guy", "The Simpsons", "South Park", "Bobs Burgers",
]  # fmt: skip
MOVIES = [
    ("Inception", 2010), ("The Matrix", 1999), ("1917", 2019), ("2012", 2009),
    ("Blade Runner 2049", 2017), ("2001 A Space Odyssey", 1968), ("Dune Part Two", 2024),
    ("Oppenheimer", 2023), ("Barbie", 2023), ("The Dark Knight", 2008), ("Joker", 2019),
    ("Top Gun Maverick", 2022), ("Parasite", 2019), ("Se7en", 1995), ("300", 2006),
    ("Apollo 13", 1995), ("Ocean's Eleven", 2001), ("Wall-E", 2008), ("Up", 2009),
    ("It", 2017), ("Her", 2013), ("Us", 2019), ("Alien", 1979), ("Aliens", 1986),
    ("The Thing", 1982), ("Halloween", 2018), ("10 Cloverfield Lane", 2016),
    ("Mad Max Fury Road", 2015), ("Everything Everywhere All at Once", 2022),
    ("Spider-Man No Way Home", 2021), ("Avatar The Way of Water", 2022), ("Heat", 1995),
    ("The Godfather Part II", 1974), ("Back to the Future Part III", 1990), ("Red", 2010),
    ("Arrival", 2016), ("Interstellar", 2014), ("Gladiator", 2000), ("John Wick", 2014),
]  # fmt: skip
ANIME = [
    "Frieren", "Jujutsu Kaisen", "One Piece", "Spy x Family", "Dandadan", "Oshi no Ko",
    "Kusuriya no Hitorigoto", "Chainsaw Man", "Bocchi the Rock!", "Mob Psycho 100",
    "Made in Abyss", "Vinland Saga", "Dr Stone", "Kaguya-sama wa Kokurasetai",
]  # fmt: skip
GROUPS = [
    "NTb", "FLUX", "CMRG", "EDITH", "ETHEL", "GGWP", "KOGi", "SYNCOPY", "MiNX", "TEPES",
    "SuccessfulCrab", "NHTFS", "RARBG", "ROVERS", "SPARKS", "AMIABLE", "FGT", "EVO", "NOGRP",
    "BAE", "DEMAND", "LOL", "DIMENSION", "KILLERS", "SVA", "AFG", "TOMMY", "GLHF", "CAKES",
    "SMURF", "PSA", "ION10", "playWEB", "HONE", "DON", "CtrlHD", "W4NK3R", "BiQ", "JFF",
    "TRiToN", "FraMeSToR", "EPSiLON", "TERMiNAL", "SWTYBLZ", "NOSiViD", "ELiTE", "SiGMA",
]  # fmt: skip
SUBGROUPS = ["SubsPlease", "Erai-raws", "EMBER", "ASW", "Judas", "HorribleSubs", "Commie"]
SERVICES = ["AMZN", "NF", "DSNP", "HMAX", "ATVP", "PCOK", "HULU", "PMTP"]
AUDIO = ["DDP5.1", "DD5.1", "AAC2.0", "DDP5.1.Atmos", "AAC", "EAC3", ""]
LANGS = [("MULTi", ()), ("FRENCH", ("fr",)), ("German.DL", ("de",)), ("iTA", ("it",)),
         ("VOSTFR", ("fr",)), ("SPANiSH", ("es",)), ("", ())]  # fmt: skip


@dataclass
class Named:
    name: str
    quality: str
    season: int | None = None
    episodes: tuple[int, ...] = ()
    group: str | None = None
    title: str | None = None
    year: int | None = None
    extra: dict[str, str] = field(default_factory=dict)

    def row(self) -> str:
        extra = ";".join(f"{k}={v}" for k, v in sorted(self.extra.items()))
        cells = [
            self.name, self.quality, "" if self.season is None else str(self.season),
            ",".join(map(str, self.episodes)), self.group or "", self.title or "",
            "" if self.year is None else str(self.year), extra,
        ]  # fmt: skip
        return "\t".join(cells)


def _video_tags(rng: random.Random) -> tuple[list[str], str]:
    """Quality tokens and the quality name they mean."""
    kind = rng.choice(["webdl", "webdl", "web", "webrip", "bluray", "bluray", "hdtv", "remux",
                       "service", "bdrip", "dvd", "resonly", "sdtv"])  # fmt: skip
    res = rng.choice([720, 1080, 1080, 2160]) if kind != "hdtv" else rng.choice([720, 1080])
    r = f"{res}p"
    enc = rng.choice(["x264", "H.264", "x265", "h264"] if res < 2160 else ["x265", "H.265"])
    if kind == "webdl":
        svc = rng.choice(["", *SERVICES])
        return [t for t in (r, svc, "WEB-DL", rng.choice(AUDIO), enc) if t], f"WEBDL-{r}"
    if kind == "web":
        return [r, "WEB", enc], f"WEBDL-{r}"
    if kind == "service":
        return [r, rng.choice(SERVICES), rng.choice(AUDIO) or "DDP5.1", enc], f"WEBDL-{r}"
    if kind == "webrip":
        return [t for t in (r, rng.choice(["", *SERVICES]), "WEBRip", enc) if t], f"WEBRip-{r}"
    if kind == "bluray":
        uhd = ["UHD"] if res == 2160 and rng.random() < 0.5 else []
        return [r, *uhd, "BluRay", rng.choice(["x264", "x265"])], f"Bluray-{r}"
    if kind == "bdrip":
        if rng.random() < 0.5:
            return ["BDRip", "x264"], "Bluray-480p"
        return [r, "BDRip", "x265"], f"Bluray-{r}"
    if kind == "remux":
        res = 2160 if res == 2160 else 1080
        codec = "HEVC" if res == 2160 else "AVC"
        return [f"{res}p", "BluRay", "REMUX", codec, "DTS-HD.MA.5.1"], f"Remux-{res}p"
    if kind == "hdtv":
        if rng.random() < 0.3:
            return ["HDTV", "x264"], "SDTV"
        return [r, "HDTV", "x264"], f"HDTV-{r}"
    if kind == "dvd":
        return [rng.choice(["DVDRip", "DVD"]), rng.choice(["XviD", "x264"])], "DVD"
    if kind == "sdtv":
        return [rng.choice(["PDTV", "DSR", "TVRip"]), "XviD"], "SDTV"
    return [r, enc], f"HDTV-{r}"


def _join(rng: random.Random, words: list[str], sep: str) -> str:
    text = sep.join(w for w in words if w)
    return text.replace(" ", sep) if sep != " " else text


def _tv(rng: random.Random) -> Named:
    title = rng.choice(SERIES)
    season, episode = rng.randint(1, 12), rng.randint(1, 24)
    shape = rng.random()
    extra: dict[str, str] = {}
    if shape < 0.55:
        marker, episodes = f"S{season:02d}E{episode:02d}", (episode,)
    elif shape < 0.62:
        marker, episodes = f"s{season:02d}e{episode:02d}", (episode,)
    elif shape < 0.70:
        style = rng.choice(["S{s:02d}E{a:02d}E{b:02d}", "S{s:02d}E{a:02d}-E{b:02d}",
                            "S{s:02d}E{a:02d}-{b:02d}", "{s}x{a:02d}-{s}x{b:02d}"])  # fmt: skip
        marker = style.format(s=season, a=episode, b=episode + 1)
        episodes = (episode, episode + 1)
    elif shape < 0.76:
        marker, episodes = f"{season}x{episode:02d}", (episode,)
    elif shape < 0.86:
        marker, episodes = rng.choice([f"S{season:02d}", f"Season {season}"]), ()
        extra["full_season"] = "1"
    else:
        last = season + rng.randint(1, 3)
        marker, episodes = f"S{season:02d}-S{last:02d}", ()
        extra["multi_season"] = "1"
    tokens, quality = _video_tags(rng)
    year = None
    shown = title
    if title.endswith(" 2005"):
        shown, year = title[:-5], 2005
    return _finish(rng, shown, year, [title, marker], tokens, quality, season, episodes, extra)


def _movie(rng: random.Random) -> Named:
    title, year = rng.choice(MOVIES)
    tokens, quality = _video_tags(rng)
    extra: dict[str, str] = {}
    lang, codes = rng.choice(LANGS)
    if lang and rng.random() < 0.4:
        tokens = [lang, *tokens]
        extra["languages"] = ",".join(codes)
    if rng.random() < 0.15:
        tokens = ["EXTENDED", *tokens]
        extra["edition"] = "Extended"
    return _finish(rng, title, year, [title, str(year)], tokens, quality, None, (), extra)


def _anime(rng: random.Random) -> Named:
    group, title = rng.choice(SUBGROUPS), rng.choice(ANIME)
    number = rng.randint(1, 1100 if title == "One Piece" else 28)
    res = rng.choice([720, 1080, 1080])
    quality = f"HDTV-{res}p"
    tail = f"({res}p)"
    if rng.random() < 0.3:
        tail, quality = f"[BD {res}p]", f"Bluray-{res}p"
    digest = "".join(rng.choice("0123456789ABCDEF") for _ in range(8))
    name = f"[{group}] {title} - {number:02d} {tail} [{digest}].mkv"
    return Named(name, quality, None, (), group, title, None,
                 {"abs": str(number), "release_hash": digest})  # fmt: skip


def _finish(
    rng: random.Random, title: str, year: int | None, head: list[str], tokens: list[str],
    quality: str, season: int | None, episodes: tuple[int, ...], extra: dict[str, str],
) -> Named:  # fmt: skip
    sep = rng.choice([".", ".", ".", " ", "_"])
    if rng.random() < 0.08:
        tokens = ["PROPER", *tokens]
        extra["proper"] = "1"
    elif rng.random() < 0.06:
        tokens = ["REPACK", *tokens]
        extra["repack"] = "1"
    body = _join(rng, [*head, *tokens], sep)
    group: str | None = rng.choice(GROUPS)
    roll = rng.random()
    if roll < 0.08:
        group = None
    else:
        body = f"{body}-{group}"
        if roll < 0.16:
            body += rng.choice(["[rarbg]", "[eztv]", "[TGx]", ".mkv", "-xpost", "[EtHD]"])
    if rng.random() < 0.05:
        body = body.lower()
        group = group.lower() if group else None
        title = title.lower()
    return Named(body, quality, season, episodes, group, title, year, extra)


def generate(count: int, seed: int) -> list[Named]:
    """`count` names, the same for the same seed on every machine."""
    rng = random.Random(seed)
    makers = [_tv] * 5 + [_movie] * 3 + [_anime] * 2
    return [rng.choice(makers)(rng) for _ in range(count)]


if __name__ == "__main__":
    for item in generate(int(sys.argv[1]), int(sys.argv[2])):
        print(item.row())
