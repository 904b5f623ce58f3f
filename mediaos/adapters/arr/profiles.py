"""*arr quality profiles in MediaOS terms: allowed qualities in order, a cutoff, upgrades.

Why a translation of its own: Sonarr and Radarr describe a profile as rows running lowest
to highest, some rows being groups ("WEB 1080p") whose members they treat as equal, and a
cutoff that names a quality or a group by id. MediaOS profiles are a flat ordered list of
canonical quality names (`mediaos.core.qualities`) and a cutoff quality. So:

- names go through `canonical_quality` ("Bluray-1080p Remux" becomes "Remux-1080p"); a name
  MediaOS does not know, or one outside the video ladder, is left out and noted;
- a group becomes its members in ladder order (WEBRip before WEBDL), at the group's place;
- a cutoff naming a group becomes the group's lowest member, so any member still meets it;
- custom format scores are not converted (MediaOS formats are declared differently): noted.

Pure: values in, values out.
"""

from __future__ import annotations

from dataclasses import dataclass

from mediaos.adapters.arr.payloads import ArrProfileItem, ArrQuality, ArrQualityProfile
from mediaos.core.qualities import BY_NAME, RANK, MediaFamily, canonical_quality


@dataclass(frozen=True, slots=True)
class ConvertedProfile:
    allowed: tuple[str, ...]
    cutoff: str
    upgrades: bool
    notes: tuple[str, ...]


def convert_profile(profile: ArrQualityProfile, app: str) -> ConvertedProfile | None:
    """A *arr profile as MediaOS allowed/cutoff, or None when no allowed quality is known."""
    allowed: list[str] = []
    cutoff: list[str] = []
    notes: list[str] = []
    for row in profile.items:
        names: list[str] = []
        for quality in _qualities(row):
            canonical = canonical_quality(quality.name)
            if canonical is None or BY_NAME[canonical].family is not MediaFamily.VIDEO:
                if row.allowed:
                    notes.append(
                        f'{app} profile "{profile.name}": quality "{quality.name}" has no '
                        "MediaOS equivalent and was left out"
                    )
            elif canonical not in names and canonical not in allowed:
                names.append(canonical)
        names.sort(key=RANK.__getitem__)
        if row.allowed:
            allowed += names
        row_id = row.quality.id if row.quality is not None and not row.items else row.id
        if row_id == profile.cutoff:
            cutoff = names
    if not allowed:
        return None
    chosen = next((q for q in cutoff if q in allowed), None)
    if chosen is None:
        chosen = allowed[-1]
        notes.append(f'{app} profile "{profile.name}": cutoff not convertible, using {chosen}')
    if profile.min_format_score or profile.cutoff_format_score:
        notes.append(f'{app} profile "{profile.name}": custom format scores were not adopted')
    return ConvertedProfile(tuple(allowed), chosen, profile.upgrade_allowed, tuple(notes))


def _qualities(row: ArrProfileItem) -> list[ArrQuality]:
    """The qualities of `row`: its own, or a group's members' (at any depth)."""
    if not row.items:
        return [row.quality] if row.quality is not None else []
    return [leaf for item in row.items for leaf in _qualities(item)]
