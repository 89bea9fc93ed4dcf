"""Shared fixtures: a throwaway copy of the repository, and one strict build of the real site."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from tests.browser import CHROMIUM, FLAGS, require

REPO = Path(__file__).resolve().parent.parent
COPIED = ("mkdocs.yml", "content", "generator", "overrides")


def copy_repo(dest: Path) -> Path:
    """Copy what a build needs (config, content, generator, theme overrides) into `dest`."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in COPIED:
        src = REPO / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


@pytest.fixture(scope="session", autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """One PDF and QR-code cache for the whole run (subprocesses too), not the user's."""
    path = tmp_path_factory.mktemp("cache")
    saved = os.environ.get("STRETCH_GUIDE_CACHE")
    os.environ["STRETCH_GUIDE_CACHE"] = str(path)
    yield path
    if saved is None:
        del os.environ["STRETCH_GUIDE_CACHE"]
    else:
        os.environ["STRETCH_GUIDE_CACHE"] = saved


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """A private copy of the repository that a test may break."""
    return copy_repo(tmp_path / "repo")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium, headless, shared by every browser and print test."""
    require(CHROMIUM, "Chromium")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The real content built once, strictly, into a temporary folder (by the engine that
    STRETCH_GUIDE_TEST_ENGINE names, default mkdocs, to run the site tests on ProperDocs)."""
    from generator.cli import main

    out = tmp_path_factory.mktemp("built") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    engine = os.environ.get("STRETCH_GUIDE_TEST_ENGINE", "mkdocs")
    if engine == "mkdocs":
        assert main(["--root", str(REPO), "build", "--site-dir", str(out)]) == 0
    else:  # ProperDocs cannot share this process with MkDocs (generator/engines.py)
        subprocess.run([sys.executable, "-m", "generator", "--root", str(REPO), "build",
                        "--engine", engine, "--site-dir", str(out)], cwd=REPO, check=True)
    yield out
