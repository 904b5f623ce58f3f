"""Value types shared by the desired-state models: durations, cron strings, URLs, secrets.

Why custom types: users write `30m` and `7d`, not ISO 8601 durations; secrets must accept
`${VAR}` (done by the loader) and `{file: path}`, and must never print; cron strings must
fail at load time, not at 3 a.m. Each type carries its own JSON Schema so editors check the
same rules the loader does.

Secret files are the one piece of I/O in `schemas`: they are read while the models
validate, so a missing file is reported at its `file:line:column` like any other error.
"""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    PlainSerializer,
    SecretStr,
    ValidationInfo,
    WithJsonSchema,
)

MAX_SECRET_FILE_BYTES = 64 * 1024


class Spec(BaseModel):
    """Base of every desired-state model: closed (unknown keys are errors) and immutable."""

    model_config = ConfigDict(
        extra="forbid",
        frozen=True,
        validate_default=False,
        hide_input_in_errors=True,
        coerce_numbers_to_str=True,  # `api_key: 4815162342`, `title: 1917` mean strings
    )


# --- paths ------------------------------------------------------------------------------------


def resolve_path(value: Path, info: ValidationInfo) -> Path:
    """Relative paths are relative to the config's base folder (the loader passes it)."""
    base = info.context.get("base_dir") if isinstance(info.context, dict) else None
    if base is not None and not value.is_absolute():
        return Path(base) / value
    return value


ConfigPath = Annotated[Path, AfterValidator(resolve_path)]

# --- durations -----------------------------------------------------------------------------

_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|m|h|d|w)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}


def parse_duration(value: object) -> object:
    if isinstance(value, bool):
        raise ValueError("a duration is a number of seconds or a string like 30m, 6h, 7d")
    if isinstance(value, int | float):
        if value < 0:
            raise ValueError("a duration cannot be negative")
        return timedelta(seconds=value)
    if isinstance(value, str):
        match = _DURATION.match(value)
        if match is None:
            raise ValueError(f"{value!r} is not a duration; write e.g. 90s, 30m, 6h, 7d or 2w")
        number, unit = match.groups()
        return timedelta(seconds=float(number) * _UNIT_SECONDS[(unit or "s").lower()])
    return value


def format_duration(value: timedelta) -> str:
    seconds = int(value.total_seconds())
    for unit in ("w", "d", "h", "m"):
        size = _UNIT_SECONDS[unit]
        if seconds and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


Duration = Annotated[
    timedelta,
    BeforeValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "pattern": r"^\s*\d+(\.\d+)?\s*([smhdwSMHDW])?\s*$"},
                {"type": "number", "minimum": 0},
            ],
            "description": "A duration: seconds, or a number with s, m, h, d or w.",
        }
    ),
]

# --- cron ------------------------------------------------------------------------------------


def check_cron(value: str) -> str:
    # Imported here: croniter (with dateutil) costs ~8 ms, and only a config that sets a
    # schedule needs it (defaults are not validated), so `diff` usually never loads it.
    from croniter import croniter

    if not croniter.is_valid(value):
        raise ValueError(f"{value!r} is not a valid cron expression (e.g. '*/15 * * * *')")
    return value


Cron = Annotated[
    str,
    AfterValidator(check_cron),
    WithJsonSchema({"type": "string", "minLength": 1, "description": "A cron expression."}),
]

# --- URLs ------------------------------------------------------------------------------------

_HTTP_URL = re.compile(r"^https?://[^\s/?#@]+(?::\d{1,5})?(?:[/?#]\S*)?$", re.IGNORECASE)
# The published schema also admits `${VAR}` forms: editors see the file before interpolation.
_HTTP_URL_SCHEMA = r"^([hH][tT][tT][pP][sS]?://[^\s/?#@]+(:[0-9]{1,5})?([/?#]\S*)?|.*\$\{.+\}.*)$"


def check_http_url(value: str) -> str:
    if not _HTTP_URL.match(value):
        raise ValueError(f"{value!r} is not an http:// or https:// URL")
    port = re.search(r"^[^:]+://[^/?#]*:(\d+)", value)
    if port and not 0 < int(port.group(1)) < 65536:
        raise ValueError(f"{value!r} has a port outside 1-65535")
    return value.rstrip("/") if value.count("/") == 3 else value


HttpUrl = Annotated[
    str,
    AfterValidator(check_http_url),
    WithJsonSchema({"type": "string", "format": "uri", "pattern": _HTTP_URL_SCHEMA}),
]

# --- secrets ---------------------------------------------------------------------------------


def read_secret(value: Any) -> Any:
    """Accept a plain string or `{file: path}`; the loader has made `path` absolute.
    An empty string (an unset `${VAR:-}`) means no secret where a secret is optional."""
    if isinstance(value, dict):
        if set(value) != {"file"} or not isinstance(value["file"], str):
            raise ValueError("a secret is a string or {file: path}")
        path = Path(value["file"])
        try:
            with path.open("rb") as handle:
                data = handle.read(MAX_SECRET_FILE_BYTES + 1)
        except OSError as err:
            raise ValueError(f"cannot read secret file {path}: {err.strerror}") from None
        if len(data) > MAX_SECRET_FILE_BYTES:
            raise ValueError(f"secret file {path} is larger than 64 KiB")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise ValueError(f"secret file {path} is not UTF-8 text") from None
        return text.rstrip("\r\n")
    return value


def _empty_is_none(value: Any) -> Any:
    return None if value == "" else value


def _not_empty(value: SecretStr) -> SecretStr:
    if not value.get_secret_value():
        raise ValueError("this secret must not be empty")
    return value


_SECRET_SCHEMA = WithJsonSchema(
    {
        "anyOf": [
            {"type": "string", "writeOnly": True},
            {
                "type": "object",
                "properties": {"file": {"type": "string", "minLength": 1}},
                "required": ["file"],
                "additionalProperties": False,
            },
        ],
        "description": "A secret: a string (use ${VAR}) or {file: path}; never shown.",
    }
)
Secret = Annotated[
    SecretStr, BeforeValidator(read_secret), AfterValidator(_not_empty), _SECRET_SCHEMA
]
OptionalSecret = Annotated[
    SecretStr | None, BeforeValidator(_empty_is_none), BeforeValidator(read_secret), _SECRET_SCHEMA
]

# --- small scalar types ------------------------------------------------------------------------

_SLUG = re.compile(r"^[a-z0-9][a-z0-9._-]*$")


def check_name(value: str) -> str:
    if not _SLUG.match(value):
        raise ValueError(
            f"{value!r} is not a valid name: use lower-case letters, digits, '.', '_' or '-'"
        )
    return value


Name = Annotated[
    str,
    AfterValidator(check_name),
    WithJsonSchema({"type": "string", "pattern": r"^[a-z0-9][a-z0-9._-]*$"}),
]

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-([A-Z]{2}|[0-9]{3}|[A-Z][a-z]{3}))?$")


def check_language(value: str) -> str:
    if not _LANGUAGE.match(value):
        raise ValueError(
            f"{value!r} is not a language code: use ISO 639-1 like 'en', "
            "with a region where it matters ('pt-BR', 'es-419')"
        )
    return value


Language = Annotated[
    str,
    AfterValidator(check_language),
    WithJsonSchema({"type": "string", "pattern": _LANGUAGE.pattern}),
]


def check_octal_mode(value: str) -> str:
    if not re.fullmatch(r"0?[0-7]{3}", value):
        raise ValueError(f"{value!r} is not an octal file mode like '0664'")
    return value.zfill(4)


FileMode = Annotated[
    str,
    AfterValidator(check_octal_mode),
    WithJsonSchema({"type": "string", "pattern": r"^0?[0-7]{3}$"}),
]
