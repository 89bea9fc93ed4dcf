"""Broken content, one case per folder under tests/cases/: exact problem lines, exit 1, no traceback.

Each case folder holds `files/` (written over a copy of the real repository), an optional
`remove.txt`, and `expected.txt` with the exact lines `check` must print. Regenerate the
expected files after a deliberate message change with `UPDATE_GOLDEN=1 pytest`, then review
the diff.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from generator.cli import main

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


@pytest.mark.parametrize("case", sorted(p.name for p in CASES.iterdir() if p.is_dir()))
def test_case(case: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _apply(CASES / case, repo)
    code, lines, output = run_check(repo, capsys)
    expected_file = CASES / case / "expected.txt"
    if UPDATE:
        expected_file.write_text("\n".join(lines) + "\n")
    assert code == 1
    assert "Traceback" not in output
    assert lines == expected_file.read_text().splitlines()


def _write_bad_bytes(repo: Path, data: bytes) -> None:
    (repo / "content/exercises/bad.yaml").write_bytes(data)


GOOD = (CASES / "yaml-empty" / "files").exists()  # the corpus is present


@pytest.mark.parametrize(("data", "expected"), [
    (b'title: "Caf\xe9"\n', "content/exercises/bad.yaml:1:12: (file): file is not valid UTF-8; "
     "save it as UTF-8"),
    ("title: x\n".encode("utf-16"), "content/exercises/bad.yaml:1:1: (file): file is UTF-16; "
     "save it as UTF-8"),
    (b"title: a\x00b\n", "content/exercises/bad.yaml:1:9: (file): invisible control character "
     "U+0000 is not allowed; delete it"),
    ("title: \"abc\u202edef\"\n".encode(), "content/exercises/bad.yaml:1:12: (file): invisible "
     "control character U+202E is not allowed; delete it"),
    (b"title: a\rsummary: b\n", "content/exercises/bad.yaml:1:9: (file): carriage return without "
     "a line feed: save the file with Unix or Windows line endings"),
    (b"title: " + b"x" * 70000 + b"\n", "content/exercises/bad.yaml:1:1: (file): file is 70,008 "
     "bytes; the limit is 65,536 bytes"),
])
def test_bad_bytes(data: bytes, expected: str, repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _write_bad_bytes(repo, data)
    code, lines, output = run_check(repo, capsys)
    assert code == 1
    assert lines == [expected]
    assert "Traceback" not in output


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
