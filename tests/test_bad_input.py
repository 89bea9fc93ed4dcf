"""Broken content, one case per folder under tests/cases/: exact problem lines, exit 1, no traceback.

Each case folder holds `files/` (written over a copy of the real repository), an optional
`remove.txt`, and `expected.txt` with the exact lines `check` must print. Regenerate the
expected files after a deliberate message change with `UPDATE_GOLDEN=1 pytest`, then review
the diff.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path

import pytest

from generator import validate
from generator.cli import main
from tests.test_incremental import fresh_checks, never

CASES = Path(__file__).parent / "cases"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"


def _apply(case: Path, repo: Path) -> None:
    for src in sorted((case / "files").rglob("*")):
        if src.is_file():
            dest = repo / src.relative_to(case / "files")
            dest.parent.mkdir(parents=True, exist_ok=True)
            dest.write_bytes(src.read_bytes())
    removals = case / "remove.txt"
    if removals.exists():
        for line in removals.read_text().split():
            (repo / line).unlink()


def run_check(repo: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str], str]:
    """Run `check` on `repo`; return the exit code, the problem lines, and all output."""
    code = main(["--root", str(repo), "check"])
    out, err = capsys.readouterr()
    lines = err.splitlines()
    assert (lines and lines[-1].endswith("problem(s) found; nothing was built.")) or code == 0
    return code, lines[:-1], out + err


@pytest.fixture(scope="module")
def last_good_site(built_site: Path) -> dict[str, str]:
    """Digests of a good site, copied into each case's repository before its failed build."""
    return digest(built_site)


def digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str, repo: Path, built_site: Path, last_good_site: dict[str, str],
              capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(built_site, repo / "site")
    _apply(CASES / case, repo)
    code, lines, output = run_check(repo, capsys)
    expected_file = CASES / case / "expected.txt"
    if UPDATE:
        expected_file.write_text("\n".join(lines) + "\n")
    assert code == 1
    assert "Traceback" not in output
    assert lines == expected_file.read_text().splitlines()
    # The same problems stop a build, and the last good site is left exactly as it was.
    assert main(["--root", str(repo), "build"]) == 1
    build_err = capsys.readouterr().err
    assert "Traceback" not in build_err
    assert [line for line in build_err.splitlines() if line.startswith("content/")] == lines
    assert digest(repo / "site") == last_good_site
    # The next process takes each file's check from the cache: the same lines, from no parsing.
    monkeypatch.setattr(validate, "_CHECKED", fresh_checks())
    monkeypatch.setattr(validate, "load_bytes", never)
    assert run_check(repo, capsys)[:2] == (1, lines)


def test_symlink_is_refused(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (repo / "content/exercises/link.yaml").symlink_to("/etc/passwd")
    code, lines, _ = run_check(repo, capsys)
    assert code == 1
    assert lines == ["content/exercises/link.yaml:1:1: (file): symbolic links are not allowed "
                     "under content/"]


def test_windows_line_endings_are_fine(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = repo / "content/exercises/glute-bridge.yaml"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    code, _, output = run_check(repo, capsys)
    assert code == 0, output
