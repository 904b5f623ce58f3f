"""Outside services MediaOS talks to besides indexers and clients: metadata, subtitles, media
servers and notifications.

Every service has an overridable `url`, so the same code talks to the real service in
production and to a loopback server speaking its protocol in tests.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated, Literal

from pydantic import Field

from mediaos.schemas.types import Duration, HttpUrl, Language, Name, OptionalSecret, Secret, Spec


class TVmazeSpec(Spec):
    enabled: bool = True
    """TVmaze needs no key; it is the default source for series."""
    url: HttpUrl = "https://api.tvmaze.com"
    """API base URL."""


class TMDBSpec(Spec):
    enabled: bool = True
    """Used only when an api_key is set."""
    url: HttpUrl = "https://api.themoviedb.org/3"
    """API base URL."""
    api_key: OptionalSecret = None
    """TMDB v3 API key or v4 read access token."""
    language: str = "en-US"
    """Language of titles and overviews."""


class TVDBSpec(Spec):
    enabled: bool = True
    """Used only when an api_key is set."""
    url: HttpUrl = "https://api4.thetvdb.com/v4"
    """API base URL."""
    api_key: OptionalSecret = None
    """TheTVDB v4 project API key."""
    pin: OptionalSecret = None
    """Subscriber PIN, for user-supported keys."""


class MusicBrainzSpec(Spec):
    enabled: bool = True
    """MusicBrainz needs no key; one request per second."""
    url: HttpUrl = "https://musicbrainz.org/ws/2"
    """API base URL."""
    contact: str = "https://github.com/mediaos"
    """Contact URL or e-mail sent in the User-Agent, as MusicBrainz asks."""


class OpenLibrarySpec(Spec):
    enabled: bool = True
    """Open Library needs no key."""
    url: HttpUrl = "https://openlibrary.org"
    """API base URL."""


class MetadataSpec(Spec):
    series_source: Literal["tvmaze", "tmdb", "tvdb"] = "tvmaze"
    """Where series, seasons and episodes come from."""
    movie_source: Literal["tmdb", "none"] = "tmdb"
    """Where movies come from; with none (or no TMDB key) title and year are enough."""
    cache_ttl: Duration = timedelta(hours=12)
    """How long a metadata response is reused before it is fetched again."""
    tvmaze: TVmazeSpec = TVmazeSpec()
    """TVmaze."""
    tmdb: TMDBSpec = TMDBSpec()
    """The Movie Database."""
    tvdb: TVDBSpec = TVDBSpec()
    """TheTVDB."""
    musicbrainz: MusicBrainzSpec = MusicBrainzSpec()
    """MusicBrainz."""
    openlibrary: OpenLibrarySpec = OpenLibrarySpec()
    """Open Library."""


class SubtitleProviderSpec(Spec):
    name: Name
    """Unique name of this provider."""
    type: Literal["opensubtitles", "podnapisi"]
    """Provider protocol."""
    url: HttpUrl | None = None
    """API base URL; the provider's public one when absent."""
    api_key: OptionalSecret = None
    """API key (OpenSubtitles.com consumer key)."""
    username: str | None = None
    """Account user, for higher download quotas."""
    password: OptionalSecret = None
    """Account password."""
    enabled: bool = True
    """Disabled providers are not searched."""
    daily_quota: int | None = Field(None, ge=0)
    """Downloads per day the account allows; none lets the provider say."""


class SubtitlesSpec(Spec):
    languages: list[Language] = []
    """Wanted subtitle languages, in order of preference; empty wants none."""
    hearing_impaired: Literal["prefer", "avoid", "only", "any"] = "any"
    """Preference for subtitles for the deaf and hard of hearing."""
    forced: Literal["include", "only", "exclude"] = "exclude"
    """Forced (foreign parts only) subtitles: also fetch them, fetch only them, or never."""
    skip_if_audio_matches: bool = True
    """Skip a language when the video already has audio in it."""
    skip_if_embedded: bool = True
    """Skip a language when the video already carries a subtitle stream in it."""
    min_score: int = Field(60, ge=0, le=100)
    """Subtitles scoring below this (0-100: hash, release group, source...) are not taken."""
    upgrade_window: Duration = timedelta(days=7)
    """For this long after a subtitle is fetched, a better-scoring one replaces it."""
    providers: list[SubtitleProviderSpec] = []
    """Subtitle providers, searched in order."""


class MediaServerSpec(Spec):
    name: Name
    """Unique name of this media server."""
    type: Literal["jellyfin", "emby", "plex"]
    """Server product."""
    url: HttpUrl
    """Server address, e.g. http://jellyfin:8096."""
    api_key: Secret
    """Jellyfin/Emby API key or Plex token."""
    enabled: bool = True
    """Disabled servers are not told about imports."""
    path_mappings: dict[str, str] = {}
    """Local library path prefix -> the same folder as the server sees it."""


NotificationEvent = Literal["grab", "import", "upgrade", "failure", "health", "request", "removal"]


class WebhookSpec(Spec):
    name: Name
    """Unique name of this notification."""
    type: Literal["webhook"]
    """A JSON POST to a URL."""
    url: HttpUrl
    """Where the JSON is posted."""
    events: list[NotificationEvent] = ["import", "failure", "health"]
    """Events that trigger this notification."""
    template: str | None = None
    """Body template with {event}, {item}, {title}, {message}; the JSON event when absent."""
    headers: dict[str, Secret] = {}
    """Extra HTTP headers (e.g. Authorization); values are secrets."""
    enabled: bool = True
    """Disabled notifications are not sent."""


class AppriseSpec(Spec):
    name: Name
    """Unique name of this notification."""
    type: Literal["apprise"]
    """Any service Apprise supports (Discord, Telegram, ntfy, e-mail...)."""
    urls: list[Secret] = Field(min_length=1)
    """Apprise URLs; they embed tokens, so they are secrets."""
    events: list[NotificationEvent] = ["import", "failure", "health"]
    """Events that trigger this notification."""
    enabled: bool = True
    """Disabled notifications are not sent."""


NotificationSpec = Annotated[WebhookSpec | AppriseSpec, Field(discriminator="type")]
