"""The daemon's own settings: schedules, HTTP server, users, requests and backups.

Why only hashes for users: the YAML is kept in Git, often public; a plaintext password or API
key there is a leak, so it is refused at load time rather than warned about.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, WithJsonSchema

from mediaos.schemas.types import ConfigPath, Cron, Name, OptionalSecret, Spec


class SchedulesSpec(Spec):
    rss_sync: Cron | None = "*/15 * * * *"
    """Read every indexer's RSS feed and match new releases; none disables."""
    search_missing: Cron | None = "0 */6 * * *"
    """Search for missing and below-cutoff items; none disables."""
    library_scan: Cron | None = "30 */12 * * *"
    """Rescan library folders for changes made outside MediaOS; none disables."""
    metadata_refresh: Cron | None = "0 4 * * *"
    """Refresh metadata (new episodes, dates, runtimes); none disables."""
    downloads: Cron | None = "* * * * *"
    """Check download clients for finished or failed downloads; none disables."""
    subtitles: Cron | None = "0 */3 * * *"
    """Search wanted subtitles; none disables."""
    backup: Cron | None = "0 3 * * 0"
    """Back up the state database; none disables."""


class RateLimitsSpec(Spec):
    requests_per_minute: int = Field(600, ge=1)
    """API requests one client address may make per minute."""
    logins_per_minute: int = Field(5, ge=1)
    """Failed logins one client address may make per minute before it is slowed."""


def _check_base_path(value: str) -> str:
    if not value.startswith("/"):
        raise ValueError(f"base_path must start with '/' (e.g. '/{value}')")
    if not re.fullmatch(r"/([A-Za-z0-9._~-]+/?)*", value):
        raise ValueError("base_path may hold only letters, digits, '.', '_', '~', '-' and '/'")
    return value.rstrip("/") or "/"


BasePath = Annotated[
    str,
    AfterValidator(_check_base_path),
    WithJsonSchema({"type": "string", "pattern": r"^/([A-Za-z0-9._~-]+/?)*$"}),
]


class ServerSpec(Spec):
    host: str = "127.0.0.1"
    """Address the HTTP server listens on; 0.0.0.0 inside a container."""
    port: int = Field(8686, ge=1, le=65535)
    """Port the HTTP server listens on."""
    base_path: BasePath = "/"
    """URL path prefix when served behind a reverse proxy (e.g. /mediaos)."""
    cors_origins: list[str] = []
    """Origins allowed to call the API from a browser."""
    rate_limits: RateLimitsSpec = RateLimitsSpec()
    """Per-address request limits."""
    anonymous_read: bool = False
    """Allow reading status without logging in (the page and GET endpoints)."""
    ical_token: OptionalSecret = None
    """Token that unlocks the read-only iCal calendar feed URL."""
    trusted_proxies: list[str] = []
    """Addresses whose X-Forwarded-For header is believed."""
    max_body_kb: int = Field(256, ge=1, le=65536)
    """Largest request body the API accepts, in KiB."""


_PASSWORD_HASH = re.compile(
    r"^(\$argon2(id|i|d)\$v=\d+\$m=\d+,t=\d+,p=\d+\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+"
    r"|\$2[aby]\$\d\d\$[./A-Za-z0-9]{53}"
    r"|\$scrypt\$ln=\d+,r=\d+,p=\d+\$[A-Za-z0-9+/=]+\$[A-Za-z0-9+/=]+"
    r"|pbkdf2_sha256\$\d+\$[^$]+\$[A-Za-z0-9+/=]+)$"
)
_KEY_HASH = re.compile(r"^(sha256:[0-9a-f]{64}|" + _PASSWORD_HASH.pattern[2:-2] + r")$")


def _check_hash(pattern: re.Pattern[str], what: str) -> AfterValidator:
    def check(value: str) -> str:
        if not pattern.match(value):
            raise ValueError(
                f"{what} must be a hash (argon2, bcrypt, scrypt or pbkdf2_sha256), never the "
                "secret itself; create one with `mediaos hash-password`"
            )
        return value

    return AfterValidator(check)


PasswordHash = Annotated[
    str,
    _check_hash(_PASSWORD_HASH, "password_hash"),
    WithJsonSchema({"type": "string", "pattern": _PASSWORD_HASH.pattern}),
]
ApiKeyHash = Annotated[
    str,
    _check_hash(_KEY_HASH, "api_key_hash"),
    WithJsonSchema({"type": "string", "pattern": _KEY_HASH.pattern}),
]

Role = Literal["viewer", "requester", "admin"]


class UserSpec(Spec):
    name: Name
    """Login name."""
    role: Role
    """viewer reads; requester also asks for media; admin also approves and triggers."""
    password_hash: PasswordHash | None = None
    """Hash of the password (mediaos hash-password); plaintext is refused."""
    api_key_hash: ApiKeyHash | None = None
    """Hash of an API key (mediaos hash-password --api-key); plaintext is refused."""


class QuotasSpec(Spec):
    movies: int | None = Field(None, ge=0)
    """Movies a requester may ask for per period; none is unlimited."""
    series: int | None = Field(None, ge=0)
    """Series a requester may ask for per period; none is unlimited."""
    music: int | None = Field(None, ge=0)
    """Albums or artists a requester may ask for per period; none is unlimited."""
    books: int | None = Field(None, ge=0)
    """Books a requester may ask for per period; none is unlimited."""
    period_days: int = Field(7, ge=1)
    """Length of the quota period in days."""


class RequestsSpec(Spec):
    path: ConfigPath = Field(Path("requests.yaml"), validate_default=True)
    """YAML file approved requests are written to (comments and order kept), relative to
    the config's folder; it is part of the desired state."""
    auto_approve: list[Role] = ["admin"]
    """Requests from users with these roles are approved without review."""
    quotas: QuotasSpec = QuotasSpec()
    """How much each requester may ask for."""
    default_profile: Name | None = None
    """Quality profile given to requested items; the default profile when absent."""


class BackupSpec(Spec):
    retention: int = Field(7, ge=1)
    """How many database backups are kept."""
    path: ConfigPath | None = None
    """Folder for backups; data_dir/backups when absent."""
