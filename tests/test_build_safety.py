"""A build writes only its output folder, fails cleanly on a full or read-only disk, and is
reproducible: the same commit gives the same bytes on any day."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from generator.cli import main
from tests.test_site import _digest


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 2 MB tmpfs: too small for the site (about 4 MB)."""
    mount = tmp_path / "disk"
    mount.mkdir()
    result = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount)],
                            capture_output=True, text=True, check=False)
    if result.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here (needs root): {result.stderr.strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def test_full_disk_is_one_clear_error_and_keeps_the_old_site(
        repo: Path, small_disk: Path, capsys: pytest.CaptureFixture[str]) -> None:
    old = small_disk / "site"
    old.mkdir()
    (old / "index.html").write_text("the last good site")
    assert main(["--root", str(repo), "build", "--site-dir", str(old)]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert err == [f"error: cannot write the site into {small_disk}: No space left on device"]
    assert (old / "index.html").read_text() == "the last good site"
    assert sorted(p.name for p in small_disk.iterdir()) == ["site"]  # no temporary folder left


def test_read_only_disk_is_one_clear_error(repo: Path, small_disk: Path,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    assert main(["--root", str(repo), "build", "--site-dir", str(small_disk / "site")]) == 1
    err = [line for line in capsys.readouterr().err.splitlines() if line.strip()]
    assert err == [f"error: cannot write to {small_disk}: Read-only file system"]


def test_a_build_writes_nothing_outside_its_output(repo: Path, tmp_path: Path) -> None:
    before = _digest(repo)
    out = tmp_path / "elsewhere" / "site"
    assert main(["--root", str(repo), "build", "--site-dir", str(out)]) == 0
    after = _digest(repo)
    changed = {p for p in set(before) | set(after) if before.get(p) != after.get(p)}
    assert not changed, sorted(changed)  # not even caches: they live outside the repository
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def _git(repo: Path, *args: str, date: str) -> None:
    env = dict(os.environ, GIT_AUTHOR_DATE=date, GIT_COMMITTER_DATE=date,
               GIT_AUTHOR_NAME="t", GIT_AUTHOR_EMAIL="t@example.org",
               GIT_COMMITTER_NAME="t", GIT_COMMITTER_EMAIL="t@example.org")
    subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, env=env)


def test_builds_are_dated_by_the_last_commit_not_today(repo: Path, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0")  # so that teardown restores the original
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    _git(repo, "init", "-q", date="2020-01-02T03:04:05Z")
    _git(repo, "add", ".", date="2020-01-02T03:04:05Z")
    _git(repo, "commit", "-q", "-m", "content", date="2020-01-02T03:04:05Z")
    assert main(["--root", str(repo), "build", "--site-dir", str(tmp_path / "a")]) == 0
    sitemap = (tmp_path / "a/sitemap.xml").read_text()
    assert "<lastmod>2020-01-02</lastmod>" in sitemap
    assert "SOURCE_DATE_EPOCH" not in os.environ  # the build leaves the environment as it was
    assert main(["--root", str(repo), "build", "--site-dir", str(tmp_path / "b")]) == 0
    assert _digest(tmp_path / "a") == _digest(tmp_path / "b")
