"""`decide(release, parsed, wanted, profile, context) -> Decision`: judge one release, with all
its reasons.

Why every rule runs even after one rejects: users ask "why was it not grabbed?", and Sonarr
and Radarr answer with the first reason only, so fixing that one reveals the next. Here a
decision lists every reason that applies, in a fixed order (identity, quality and upgrade,
size and terms, grab conditions), and `accepted` is simply "no reason rejects".

The rules, in order (docs/releases.md explains each):
1. identity: readable name, kind, title/aliases/ids, creator, year +-1, season, episodes,
   movie minimum availability, pin;
2. worth: quality allowed by the profile, custom format score >= min_score, better than the
   held file (quality, then score, then revision; `mediaos.releases.upgrades`), cutoff;
3. fit: size limits (MiB per minute x runtime; specials skip), required and forbidden terms,
   audio language;
4. grab conditions: seeders, usenet retention, delay profile, blocklist, already grabbed.

Invariants a reader must not break: pure (time is `context.now`); `decide` never raises.
A bug in a rule becomes a rejected decision with `DECISION_ERROR` rather than a crashed
search; the property tests call `_decide` directly so such a bug still fails them.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from mediaos.core.redaction import redact
from mediaos.core.releaseinfo import ReleaseInfo
from mediaos.core.wanted import WantedUnit
from mediaos.releases.decision import Decision, DecisionContext, Verdict
from mediaos.releases.formats import (
    compile_pattern,
    fold,
    format_score,
    matching_formats,
    release_languages,
)
from mediaos.releases.matching import match_availability, match_identity, match_numbering
from mediaos.releases.model import ParsedRelease
from mediaos.releases.reasons import Reason
from mediaos.releases.upgrades import (
    Grade,
    Revision,
    UpgradeKind,
    compare,
    cutoff_met,
    quality_weights,
)
from mediaos.schemas.quality import ProfileSpec

MIB = 1024 * 1024
DEFAULT_PRIORITY = 25


def decide(
    release: ReleaseInfo,
    parsed: ParsedRelease,
    wanted: WantedUnit,
    profile: ProfileSpec,
    context: DecisionContext,
) -> Decision:
    """Judge `release` (read as `parsed`) for `wanted` under `profile`; never raises."""
    try:
        return _decide(release, parsed, wanted, profile, context)
    except Exception as err:  # deliberate: one odd release must not stop a search
        verdict = Verdict(Reason.DECISION_ERROR, f"{type(err).__name__}: {err}"[:300])
        return Decision(
            release, parsed, wanted.key, False, str(parsed.quality), 0, (), Revision(), (verdict,)
        )


def _aware(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


def _mib(size: float) -> str:
    return f"{size / MIB:,.0f} MiB"


def _decide(
    release: ReleaseInfo,
    parsed: ParsedRelease,
    wanted: WantedUnit,
    profile: ProfileSpec,
    context: DecisionContext,
) -> Decision:
    now = _aware(context.now)
    weights = quality_weights(profile)
    quality = parsed.quality
    formats = matching_formats(context.formats, parsed, release)
    score = format_score(formats, profile.scores)
    grade = Grade(quality, score, Revision.of(parsed))
    found: list[Verdict] = []
    if not (parsed.title or parsed.album or parsed.book_title or parsed.artist):
        found.append(Verdict(Reason.UNPARSEABLE, f"no title found in {release.title!r}"))
    else:
        found += match_identity(release, parsed, wanted)
        found += match_numbering(parsed, wanted)
    found += match_availability(parsed, wanted, now.date())
    found += _pin(release, wanted)
    if quality not in weights:
        found.append(
            Verdict(
                Reason.QUALITY_NOT_ALLOWED, f"{quality} is not allowed by profile {wanted.profile}"
            )
        )
    if score < profile.min_score:
        shown = ", ".join(formats) or "no formats matched"
        found.append(
            Verdict(
                Reason.BELOW_MIN_SCORE,
                f"score {score} ({shown}) is below the minimum {profile.min_score}",
            )
        )
    found += _against_existing(grade, profile, context.existing)
    limits = context.sizes.get(quality)
    runtime = wanted.runtime_minutes or 0
    found += _size(release, wanted, limits.min if limits else 0, limits.max if limits else None)
    found += _terms(release.title, profile)
    found += _language(parsed, wanted, profile)
    found += _grab_conditions(release, now, context)
    found += _delay(release, now, context, grade, weights)
    preferred = None
    if limits is not None and limits.preferred and runtime > 0:
        preferred = int(limits.preferred * MIB * runtime)
    pref_protocol = profile.protocol if profile.protocol != "any" else None
    if pref_protocol is None and context.delay is not None:
        pref_protocol = context.delay.preferred_protocol
    return Decision(
        release=release,
        parsed=parsed,
        wanted_key=wanted.key,
        accepted=not any(v.rejects for v in found),
        quality=quality,
        score=score,
        formats=formats,
        revision=grade.revision,
        reasons=tuple(found),
        quality_weight=weights.get(quality, -1),
        protocol_preferred=release.protocol == pref_protocol,
        indexer_priority=context.indexer_priority.get(release.indexer, DEFAULT_PRIORITY),
        preferred_size=preferred,
    )


def _ids(release: ReleaseInfo) -> set[str]:
    """Every form a release is known by: its guid as the indexer sent it and as the state
    stores it (redacted: a guid may carry a passkey), and its info-hash."""
    info_hash = (release.info_hash.casefold(),) if release.info_hash else ()
    return {release.guid, redact(release.guid), *info_hash}


def _pin(release: ReleaseInfo, wanted: WantedUnit) -> list[Verdict]:
    if wanted.pin is None:
        return []
    if wanted.pin in _ids(release) or wanted.pin.casefold() in _ids(release):
        return [Verdict(Reason.PINNED, f"{wanted.key} is pinned to this release")]
    return [Verdict(Reason.PINNED_TO_OTHER, f"{wanted.key} is pinned to {wanted.pin}")]


def _against_existing(grade: Grade, profile: ProfileSpec, held: Grade | None) -> list[Verdict]:
    if held is None:
        return [Verdict(Reason.NEW_FILE, "no file is held for this item yet")]
    if not profile.upgrades:
        return [
            Verdict(
                Reason.UPGRADES_DISABLED, f"the existing {held.label()} stays; upgrades are off"
            )
        ]
    comparison = compare(grade, held, profile)
    code = Reason.UPGRADE if comparison.upgrade else Reason.NOT_AN_UPGRADE
    found = [Verdict(code, comparison.why)]
    if not cutoff_met(held, profile):
        found.append(
            Verdict(Reason.CUTOFF_NOT_MET, f"the existing {held.label()} is below the cutoff")
        )
    elif comparison.kind is not UpgradeKind.REVISION or grade.quality != held.quality:
        target = profile.cutoff
        if profile.cutoff_score is not None:
            target += f" with score {profile.cutoff_score}"
        found.append(
            Verdict(Reason.CUTOFF_MET, f"the existing {held.label()} meets the cutoff {target}")
        )
    return found


def _size(
    release: ReleaseInfo, wanted: WantedUnit, low: float, high: float | None
) -> list[Verdict]:
    if release.size is None or wanted.special or (low <= 0 and high is None):
        return []
    runtime = wanted.runtime_minutes or 0
    if runtime <= 0:
        return [Verdict(Reason.UNKNOWN_RUNTIME, f"no runtime is known for {wanted.key}")]
    found = []
    if release.size < low * MIB * runtime:
        limit = _mib(low * MIB * runtime)
        detail = f"{_mib(release.size)} is below {limit} ({low:g} MiB/min x {runtime} min)"
        found.append(Verdict(Reason.TOO_SMALL, detail))
    if high is not None and release.size > high * MIB * runtime:
        limit = _mib(high * MIB * runtime)
        detail = f"{_mib(release.size)} is above {limit} ({high:g} MiB/min x {runtime} min)"
        found.append(Verdict(Reason.TOO_LARGE, detail))
    return found


def _terms(title: str, profile: ProfileSpec) -> list[Verdict]:
    found = []
    if profile.must_contain and not any(
        compile_pattern(p).search(title) for p in profile.must_contain
    ):
        shown = ", ".join(profile.must_contain)
        found.append(Verdict(Reason.MISSING_REQUIRED_TERM, f"none of {shown} is in the title"))
    hits = [p for p in profile.must_not_contain if compile_pattern(p).search(title)]
    if hits:
        found.append(Verdict(Reason.FORBIDDEN_TERM, f"the title matches {', '.join(hits)}"))
    return found


def _language(parsed: ParsedRelease, wanted: WantedUnit, profile: ProfileSpec) -> list[Verdict]:
    wanted_languages = wanted.languages or tuple(profile.languages)
    have = release_languages(parsed)
    if not wanted_languages or parsed.multi_language:  # MULTi does not list all it carries
        return []
    if {fold(code) for code in have} & {fold(code) for code in wanted_languages}:
        return []
    detail = f"{', '.join(have)}; wanted {', '.join(wanted_languages)}"
    return [Verdict(Reason.WRONG_LANGUAGE, detail)]


def _age(release: ReleaseInfo, now: datetime) -> timedelta | None:
    if release.published is None:
        return None
    return max(now - _aware(release.published), timedelta(0))


def _grab_conditions(
    release: ReleaseInfo, now: datetime, context: DecisionContext
) -> list[Verdict]:
    found = []
    if release.protocol == "torrent" and release.seeders is not None:
        need = context.min_seeders.get(release.indexer, context.default_min_seeders)
        if release.seeders < need:
            detail = f"{release.seeders} seeders; {release.indexer} requires {need}"
            found.append(Verdict(Reason.TOO_FEW_SEEDERS, detail))
    age = _age(release, now)
    retention = context.retention
    if release.protocol == "usenet" and retention and age is not None and age > retention:
        detail = f"{age.days} days old; retention is {retention.days} days"
        found.append(Verdict(Reason.TOO_OLD, detail))
    ids = _ids(release)
    if ids & context.blocklist:
        shown = ", ".join(sorted({redact(i) for i in ids & context.blocklist}))
        found.append(Verdict(Reason.BLOCKLISTED, f"{shown} is on the blocklist"))
    if ids & context.grabbed:
        shown = ", ".join(sorted({redact(i) for i in ids & context.grabbed}))
        found.append(Verdict(Reason.ALREADY_GRABBED, f"{shown} was grabbed before"))
    return found


def _delay(
    release: ReleaseInfo,
    now: datetime,
    context: DecisionContext,
    grade: Grade,
    weights: dict[str, int],
) -> list[Verdict]:
    delay = context.delay
    age = _age(release, now)
    if delay is None or age is None:
        return []
    minutes = delay.torrent if release.protocol == "torrent" else delay.usenet
    if minutes <= 0 or age >= timedelta(minutes=minutes):
        return []
    top = weights.get(grade.quality, -1) == max(weights.values(), default=-1)
    if delay.bypass_if_highest_quality and top:
        detail = f"{grade.quality} is the profile's best quality"
        return [Verdict(Reason.DELAY_BYPASSED, detail)]
    floor = delay.bypass_if_score_above
    if floor is not None and grade.score >= floor:
        return [Verdict(Reason.DELAY_BYPASSED, f"score {grade.score} reaches {floor}")]
    waited = int(age.total_seconds() // 60)
    detail = f"published {waited} min ago; the {release.protocol} delay is {minutes} min"
    return [Verdict(Reason.TOO_NEW_DELAY, detail)]
