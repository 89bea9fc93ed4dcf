"""Live preview: `mkdocs serve` straight from the repository reloads after a YAML edit."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return str(response.read().decode("utf-8"))
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def _stop(server: subprocess.Popen[bytes]) -> None:
    """Stop the preview server and everything it started."""
    os.killpg(server.pid, signal.SIGINT)
    try:
        server.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)


def _wait_for(url: str, text: str, seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _fetch(url)
        if page is not None and text in page:
            return True
        time.sleep(0.3)
    return False


def reloads_after_a_yaml_edit(repo: Path, command: list[str], ready: str = "Glute bridge") -> None:
    """Start a preview server (`command`, given `--dev-addr`), wait for `ready` on a page, edit
    that exercise's YAML, and see the page follow; the server is stopped in any case."""
    port = _free_port()
    server = subprocess.Popen(
        [*command, "--dev-addr", f"127.0.0.1:{port}"], cwd=repo,
        env=dict(os.environ, NO_MKDOCS_2_WARNING="1"), stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True)
    url = f"http://127.0.0.1:{port}/exercises/glute-bridge/"
    try:
        assert _wait_for(url, ready, 60), "the preview never came up"
        source = repo / "content/exercises/glute-bridge.yaml"
        source.write_text(source.read_text().replace('title: "Glute bridge"',
                                                     'title: "Glute bridge, edited live"'))
        assert _wait_for(url, "Glute bridge, edited live", 60), "the edit was not picked up"
        # Nothing was written into the docs folder, so the server is not rebuilding in a loop.
        assert sorted(p.name for p in (repo / "content/pages").iterdir()) == ["about.md"]
    finally:
        _stop(server)


def test_serve_reloads_after_a_yaml_edit(repo: Path) -> None:
    reloads_after_a_yaml_edit(repo, [sys.executable, "-m", "mkdocs", "serve"])


def test_generator_serve_rebuilds_only_what_changed(repo: Path, tmp_path: Path) -> None:
    port = _free_port()
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch))
    server = subprocess.Popen(
        [sys.executable, "-m", "generator", "--root", str(repo), "serve", "--dev-addr",
         f"127.0.0.1:{port}"],
        cwd=Path(__file__).resolve().parent.parent, env=env, stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL, start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}/"
    try:
        assert _wait_for(base + "exercises/glute-bridge/", "Glute bridge", 60)
        [served] = list(scratch.glob("mkdocs_*"))
        untouched = served / "exercises/wall-slides/index.html"
        routine = served / "routines/mid-back-lying-down/index.html"
        stamps = (untouched.stat().st_mtime_ns, routine.stat().st_mtime_ns)
        time.sleep(1.1)  # so that a rewrite would show in the file times
        source = repo / "content/exercises/glute-bridge.yaml"
        source.write_text(source.read_text().replace('title: "Glute bridge"',
                                                     'title: "Glute bridge edited"'))
        assert _wait_for(base + "exercises/glute-bridge/", "Glute bridge edited", 60)
        assert _wait_for(base + "routines/mid-back-lying-down/", "Glute bridge edited", 10)
        assert untouched.stat().st_mtime_ns == stamps[0]  # its Markdown did not change
        assert routine.stat().st_mtime_ns > stamps[1]  # it lists the renamed exercise
    finally:
        _stop(server)
