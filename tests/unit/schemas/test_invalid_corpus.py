"""A corpus of realistic invalid configs, each checked for the problems it must report.

Every case in `invalid/` is either one `.yaml` file or a folder of them (for problems that
span files). A file case starts with one `# expect: LINE:COLUMN text` line per problem it must
report; a folder case lists them in `expect.txt` as `FILE:LINE:COLUMN text`. The expected
problems are all the problems: a cascade of extra messages is a failure too.

A case where the loader does not yet report what it should carries `# xfail: reason` (or
`xfail: reason` in `expect.txt`): its expectation test is a strict xfail, so it starts to
fail the day the loader is fixed, to remind whoever fixes it to remove the line.

The messages themselves are pinned by syrupy snapshots (`--snapshot-update` after a
deliberate change), with paths made relative to the corpus folder so that they are the same
on every machine. One test also runs the real `mediaos validate` on the whole corpus.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion

from mediaos.core.errors import ConfigError, ConfigProblem
from mediaos.schemas.load import load_config

CORPUS = Path(__file__).parent / "invalid"

#: The only environment the cases see: QBIT_PASSWORD and PROWLARR_API_KEY are set, every other
#: variable (SABNZBD_API_KEY, DISCORD_WEBHOOK, ...) is missing.
ENV = {"QBIT_PASSWORD": "adminadmin", "PROWLARR_API_KEY": "0123456789abcdef"}

_FILE_EXPECT = re.compile(r"^(?P<line>\d+):(?P<column>\d+) (?P<text>.+)$")
_FOLDER_EXPECT = re.compile(r"^(?P<file>[^:\s]+):(?P<line>\d+):(?P<column>\d+) (?P<text>.+)$")


@dataclass(frozen=True)
class Expected:
    file: Path
    line: int
    column: int
    text: str

    def describe(self) -> str:
        return f"{relative(str(self.file))}:{self.line}:{self.column}: ...{self.text}..."


@dataclass(frozen=True)
class Case:
    path: Path
    expected: tuple[Expected, ...]
    xfail: str | None

    @property
    def id(self) -> str:
        return self.path.name.removesuffix(".yaml")


def _read_file_case(path: Path) -> Case:
    expected: list[Expected] = []
    xfail: str | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# expect: "):
            match = _FILE_EXPECT.match(line.removeprefix("# expect: "))
            assert match, f"{path.name}: malformed expect line {line!r}"
            expected.append(Expected(path, int(match["line"]), int(match["column"]), match["text"]))
        elif line.startswith("# xfail: "):
            xfail = line.removeprefix("# xfail: ")
        else:
            break
    return Case(path, tuple(expected), xfail)


def _read_folder_case(path: Path) -> Case:
    expected: list[Expected] = []
    xfail: str | None = None
    for line in (path / "expect.txt").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        if line.startswith("xfail: "):
            xfail = line.removeprefix("xfail: ")
            continue
        match = _FOLDER_EXPECT.match(line)
        assert match, f"{path.name}/expect.txt: malformed line {line!r}"
        file = path / match["file"]
        assert file.is_file(), f"{path.name}/expect.txt names a missing file {match['file']}"
        expected.append(Expected(file, int(match["line"]), int(match["column"]), match["text"]))
    return Case(path, tuple(expected), xfail)


def _cases() -> list[Case]:
    cases: list[Case] = []
    for path in sorted(CORPUS.iterdir()):
        if path.is_dir():
            cases.append(_read_folder_case(path))
        elif path.suffix == ".yaml":
            cases.append(_read_file_case(path))
    return cases


CASES = _cases()


def _params(*, with_xfail: bool) -> list[object]:
    return [
        pytest.param(
            case,
            id=case.id,
            marks=[pytest.mark.xfail(strict=True, reason=case.xfail)]
            if with_xfail and case.xfail
            else [],
        )
        for case in CASES
    ]


def relative(text: str) -> str:
    """Paths under the corpus folder written relative to it, whatever the checkout."""
    for base in {str(CORPUS), str(CORPUS.resolve())}:
        text = text.replace(base + os.sep, "")
    return text


def problems_of(case: Case) -> list[ConfigProblem]:
    with pytest.raises(ConfigError) as caught:
        load_config([case.path], ENV)
    assert caught.value.problems, "ConfigError without problems"
    return caught.value.problems


def _matches(problem: ConfigProblem, expected: Expected) -> bool:
    return (
        problem.file is not None
        and Path(problem.file).resolve() == expected.file.resolve()
        and problem.line == expected.line
        and problem.column == expected.column
        and expected.text in relative(problem.message)
    )


def test_corpus_is_large_and_well_formed() -> None:
    assert len(CASES) >= 30
    for case in CASES:
        assert case.expected, f"{case.id}: no expect line"
    folders = [case for case in CASES if case.path.is_dir()]
    assert len(folders) >= 2, "multi-file cases (duplicates and conflicts across files)"
    for case in folders:
        assert len(list(case.path.glob("*.yaml"))) >= 2, f"{case.id}: a folder case needs files"


@pytest.mark.parametrize("case", _params(with_xfail=True))
def test_case_reports_expected_problems(case: Case) -> None:
    problems = problems_of(case)
    rendered = "\n".join(relative(p.render()) for p in problems)
    for expected in case.expected:
        assert any(_matches(p, expected) for p in problems), (
            f"expected {expected.describe()}\ngot:\n{rendered}"
        )
    assert len(problems) == len(case.expected), f"unexpected extra problems:\n{rendered}"


@pytest.mark.parametrize("case", _params(with_xfail=False))
def test_case_messages_snapshot(case: Case, snapshot: SnapshotAssertion) -> None:
    assert "\n".join(relative(p.render()) for p in problems_of(case)) == snapshot


# --- the real command ---------------------------------------------------------------------


def _mediaos_command() -> list[str]:
    if importlib.util.find_spec("mediaos.__main__") is not None:
        return [sys.executable, "-m", "mediaos"]
    script = shutil.which("mediaos") or str(Path(sys.executable).with_name("mediaos"))
    return [script]


@dataclass(frozen=True)
class CliRun:
    returncode: int
    stdout: str
    stderr_lines: tuple[str, ...]


@pytest.fixture(scope="module")
def cli_run() -> CliRun:
    """One `mediaos validate` over every case (each target is loaded on its own), run from
    the corpus folder so that the files it names are relative."""
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "SYSTEMROOT", "TMPDIR", "VIRTUAL_ENV")
    env = {k: v for k, v in os.environ.items() if k in keep}
    env.update(ENV, NO_COLOR="1", TERM="dumb", COLUMNS="1000")
    targets = [case.path.name for case in CASES]
    completed = subprocess.run(
        [*_mediaos_command(), "validate", *targets],
        cwd=CORPUS,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    return CliRun(
        completed.returncode,
        completed.stdout,
        tuple(relative(line) for line in completed.stderr.splitlines()),
    )


def test_cli_exits_1_on_the_corpus(cli_run: CliRun) -> None:
    assert cli_run.returncode == 1
    assert "valid (" not in cli_run.stdout, "a corpus case was accepted"


@pytest.mark.parametrize("case", _params(with_xfail=False))
def test_cli_names_file_and_line(case: Case, cli_run: CliRun) -> None:
    # The command prints exactly what the loader reports...
    for problem in problems_of(case):
        assert relative(problem.render()) in cli_run.stderr_lines
    # ...which names the expected file and line, unless the loader is known to be wrong here.
    if case.xfail is None:
        for expected in case.expected:
            where = f"{relative(str(expected.file))}:{expected.line}:{expected.column}: "
            assert any(line.startswith(where) for line in cli_run.stderr_lines), where
