"""Turn an untrusted name into a relative path that is safe on every filesystem.

Why: release titles and file names come from strangers (`../../etc/passwd`, control
characters, 300-byte names, `CON`). Whatever the templates or a kept release name produce,
the importer only ever joins the result of `safe_relative_path` under a library root.

Invariants a reader must not break:
- The result is relative, uses `/`, and has no empty, `.` or `..` component.
- No control characters (C0, DEL, C1), no `< > : " | ? * \\`, NFC-normalised.
- Every component is at most `MAX_COMPONENT_BYTES` bytes of UTF-8, cut on a character
  boundary, and the given extension survives the cut.
- No component ends in a dot or a space, and no component is a Windows device name.
- Pure and idempotent: `safe_relative_path(safe_relative_path(x)) == safe_relative_path(x)`.
"""

from __future__ import annotations

import re
import unicodedata

MAX_COMPONENT_BYTES = 255

#: Sonarr's replacements (protocols.md 9.2); `:` is handled by the colon rule first.
ILLEGAL_REPLACEMENTS: dict[str, str] = {
    "\\": "+",
    "/": "+",
    "<": "",
    ">": "",
    "?": "!",
    "*": "-",
    "|": "",
    '"': "",
}
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_RESERVED = re.compile(r"^(?:aux|com[0-9¹²³]|con|conin\$|conout\$|lpt[0-9¹²³]|nul|prn)$", re.I)
_SPACES = re.compile(r"\s{2,}")


class UnsafeName(ValueError):
    """Nothing usable is left of a name after sanitising (e.g. it was only `..`)."""


def safe_relative_path(path: str, *, extension: str = "") -> str:
    """Sanitise every component of `path`; `extension` (e.g. ".mkv") is kept on the last."""
    text = unicodedata.normalize("NFC", path).replace("\\", "/")
    raw_parts = [p for p in text.split("/") if p not in ("", ".")]
    parts: list[str] = []
    for index, raw in enumerate(raw_parts):
        last = index == len(raw_parts) - 1
        part = safe_component(raw, extension=extension if last else "")
        if part:
            parts.append(part)
        elif last and extension:
            raise UnsafeName(f"no usable file name is left of {path!r}")
    if not parts:
        raise UnsafeName(f"no usable name is left of {path!r}")
    return "/".join(parts)


def safe_component(name: str, *, extension: str = "") -> str:
    """One file or folder name; empty when nothing usable is left."""
    name = unicodedata.normalize("NFC", name)
    name = _CONTROL.sub("", name).replace(":", "-")
    for bad, good in ILLEGAL_REPLACEMENTS.items():
        name = name.replace(bad, good)
    name = _SPACES.sub(" ", name.replace("\t", " ")).strip(" ")
    ext = unicodedata.normalize("NFC", extension) if name.endswith(extension) else ""
    stem = name[: len(name) - len(ext)] if ext else name
    stem = stem.lstrip(" .").rstrip(" ")
    if not ext:
        stem = stem.rstrip(" .")
    if not stem:
        return ""
    head, dot, tail = stem.partition(".")
    if _RESERVED.match(head):
        stem = f"{head}_{dot}{tail}"
    return _fit(stem, ext)


def _fit(stem: str, ext: str) -> str:
    """Cut the stem on a character boundary so stem + extension fit in 255 bytes."""
    budget = MAX_COMPONENT_BYTES - len(ext.encode("utf-8"))
    if budget <= 0:
        raise UnsafeName(f"the extension {ext[:20]!r}... alone is longer than a file name")
    encoded = stem.encode("utf-8")
    if len(encoded) <= budget:
        return stem + ext
    cut = encoded[:budget].decode("utf-8", errors="ignore").rstrip(" .")
    return (cut or "_") + ext
