"""The offline `diff` path leaves out the heavy modules it does not use.

`mediaos diff` must answer in under a second on a 10,000-movie config, and a third of that
went to imports. The modules below are needed only online, only when a file is wrong, or
only when the library is scanned, so the command and the engine import them where they are
used; and `mediaos.cli` itself leaves the config models and the state database to the
commands. Importing one at module level again fails here (which modules load, not a timing).
"""

from __future__ import annotations

import json
import subprocess
import sys

#: Never loaded by `import mediaos.cli, mediaos.daemon.engine`, with why they stay out.
NOT_ON_THE_OFFLINE_PATH = {
    "httpx": "HTTP: adapters are built inside `open_runtime` only when online",
    "aiohttp": "HTTP",
    "yaml": "PyYAML: the second, positioned reading of a config that has a problem",
    "croniter": "validating a schedule the config sets (defaults are not validated)",
    "mutagen": "reading audio tags while the library is scanned",
    "defusedxml": "reading EPUB metadata while the library is scanned",
    "sqlite_utils": "sqlite-utils: a write's `atomic()` and migrations that run (mediaos.state)",
    "mediaos.reconcilers.importing": "importing a finished download (the downloads loop)",
    "mediaos.reconcilers.library": "scanning the library (`apply`, `diff --refresh`)",
    "mediaos.adapters.filesystem.importer": "the file importer, loaded on first use",
    "mediaos.adapters.filesystem.health": "the import health probes, loaded on first use",
}


def loaded_modules(*modules: str) -> set[str]:
    code = (
        "import importlib, json, sys\n"
        f"for name in {list(modules)!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted(sys.modules)))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stdout))


def test_the_offline_diff_path_imports_no_heavy_optional_module() -> None:
    loaded = loaded_modules("mediaos.cli", "mediaos.daemon.engine")
    assert "mediaos.daemon.engine" in loaded  # the probe ran
    present = {
        name: why
        for name, why in NOT_ON_THE_OFFLINE_PATH.items()
        if any(m == name or m.startswith(name + ".") for m in loaded)
    }
    assert present == {}


def test_the_command_module_leaves_config_models_and_state_to_the_commands() -> None:
    # `diff` turns the cyclic collector off before it loads the config; models built at
    # `import mediaos.cli` would be built with it on (and `--help` would wait for them).
    loaded = loaded_modules("mediaos.cli")
    assert "mediaos.cli" in loaded
    early = {"pydantic", "sqlite_utils", "mediaos.schemas.config", "mediaos.state"} & loaded
    assert early == set()


def test_the_probe_sees_a_module_that_is_imported() -> None:
    # The check above must be able to fail: importing the positioned YAML reader loads PyYAML.
    assert "yaml" in loaded_modules("mediaos.schemas.yamlpositions")
