"""Edit-loop benchmark: time from saving one exercise to its new page being written by `serve`.

`python -m bench.edit_loop [--n 1000] [--edits 3]` builds a synthetic corpus, starts
`python -m generator serve` (dirty rebuilds) on 127.0.0.1, and for each edit changes one
exercise's title, then waits until the rebuilt page on disk holds the new title. Prints the
times and their median, and adds them to bench/results/edit-loop.json.
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path

from bench.corpus import make_corpus

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "results" / "edit-loop.json"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait(predicate: Callable[[], bool], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.02)
    return False


def _holds(page: Path, text: str) -> bool:
    return page.is_file() and text in page.read_text(encoding="utf-8")


def measure(n: int, edits: int) -> list[float]:
    """Seconds from each save to the rebuilt page being on disk."""
    with tempfile.TemporaryDirectory(prefix="stretch-edit-") as tmp:
        root = Path(tmp) / "repo"
        make_corpus(root, n)
        scratch = Path(tmp) / "scratch"
        scratch.mkdir()
        port = _free_port()
        env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(scratch),
                   STRETCH_GUIDE_CACHE=str(Path(tmp) / "cache"))
        server = subprocess.Popen(
            [sys.executable, "-m", "generator", "--root", str(root), "serve", "--dev-addr",
             f"127.0.0.1:{port}"], cwd=root, env=env, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, start_new_session=True)
        times = []
        try:
            def up() -> bool:
                try:
                    with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1):
                        return True
                except OSError:
                    return False

            if not _wait(up, 600):
                raise SystemExit("the preview server did not start")
            [served] = list(scratch.glob("mkdocs_*"))
            slugs = sorted(p.stem for p in (root / "content/exercises").glob("*.yaml"))
            for i in range(edits):
                slug = slugs[(i + 1) * len(slugs) // (edits + 1)]
                source = root / "content/exercises" / f"{slug}.yaml"
                page = served / "exercises" / slug / "index.html"
                marker = f"Edited title number {i}"
                lines = source.read_text().splitlines(keepends=True)
                lines[0] = f'title: "{marker}"\n'
                time.sleep(1.0)  # let the watcher settle after the previous rebuild
                start = time.monotonic()
                source.write_text("".join(lines))
                if not _wait(functools.partial(_holds, page, marker), 120):
                    raise SystemExit(f"{slug}: the edit never reached {page}")
                times.append(time.monotonic() - start)
        finally:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        return times


def main(argv: list[str] | None = None) -> int:
    """Run the edit-loop benchmark and print the result."""
    parser = argparse.ArgumentParser(prog="python -m bench.edit_loop")
    parser.add_argument("--n", type=int, default=1000)
    parser.add_argument("--edits", type=int, default=3)
    args = parser.parse_args(argv)
    times = measure(args.n, args.edits)
    median = statistics.median(times)
    print(f"edit loop at N={args.n}: save -> page written in "
          + ", ".join(f"{t:.2f}" for t in times) + f" s (median {median:.2f} s; target <= 2 s)")
    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    OUTPUT.write_text(json.dumps({"n": args.n, "seconds": times, "median": median}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
