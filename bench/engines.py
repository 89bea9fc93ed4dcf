"""Engine comparison: the same content built by MkDocs (with our hook), ProperDocs (the same
hook), MkDocs without the hook from `render`'s folder, and Zensical from that folder.

Zensical is installed into its own virtual environment (newest version that installs, or
`--zensical VERSION`), never into the project's: it is a smoke build, not a supported engine.
Prints one table: pages, time, peak memory, and what differs from the hook's build (search,
tags, edit links, overrides, the player, offline use, the self-check).

    .venv/bin/python -m bench.engines [--root .] [--corpus N] [--zensical VERSION]
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PY = sys.executable
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="[^"]*">')
EDIT_LINK = rb'title="Edit this page"'
SEARCH_PARTIAL = rb'data-md-component="search" role="dialog" aria-label='  # our override


@dataclass
class Run:
    """One engine's build: its figures and what differs from the reference build."""

    engine: str
    version: str
    seconds: float = 0.0
    peak_mb: float = 0.0
    pages: int = 0
    same: int = 0  # pages byte-identical to the reference, apart from the generator tag
    notes: list[str] = field(default_factory=list)
    failed: str = ""


def _timed(argv: Sequence[str], cwd: Path, env: dict[str, str] | None = None) -> tuple[float, float, str]:
    """Run a command; its wall time, its peak memory in MB (the child's own), its output."""
    start = time.perf_counter()
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT)
    out = proc.stdout.read() if proc.stdout else b""
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.perf_counter() - start
    text = out.decode("utf-8", "replace")
    if proc.returncode:
        raise RuntimeError(f"{' '.join(argv)} failed ({proc.returncode}):\n{text[-2000:]}")
    return seconds, usage.ru_maxrss / 1024, text


def _pages(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): GENERATOR_TAG.sub(b"", p.read_bytes())
            for p in sorted(site.rglob("*.html"))}


def _compare(run: Run, site: Path, reference: Path, root: Path) -> None:
    """Fill in what differs between `site` and the reference build."""
    pages, ref = _pages(site), _pages(reference)
    run.pages = len(pages)
    run.same = sum(1 for name, data in pages.items() if ref.get(name) == data)
    missing = sorted(set(ref) - set(pages))
    if missing:
        run.notes.append(f"missing {len(missing)} pages ({', '.join(missing[:3])})")

    def share(pattern: bytes) -> str:
        found = sum(1 for data in pages.values() if re.search(pattern, data))
        return f"{found}/{len(pages)}"

    index = site / "search/search_index.json"
    run.notes.append("search: " + ("Material's index" if index.is_file() else
                                   "own index (search.json)" if (site / "search.json").is_file()
                                   else "none"))
    if index.is_file() and (reference / "search/search_index.json").is_file():
        tuned = b"\"aliases\":" in index.read_bytes()[:500]
        run.notes.append("search weights: " + ("ours" if tuned else "engine default"))
    run.notes.append("tags index: " + ("yes" if (site / "tags.json").is_file() else "no"))
    run.notes.append("edit links " + share(EDIT_LINK))
    run.notes.append("footer " + share(b"Not medical advice"))
    run.notes.append("named search dialog " + share(SEARCH_PARTIAL))
    player = site / "routines/mid-back-sitting/index.html"
    run.notes.append("player: " + ("yes" if player.is_file() and b'id="sg-plan"' in
                                   player.read_bytes() else "no"))
    run.notes.append("offline: " + ("yes" if (site / "sw.js").is_file() else "no"))
    try:
        _timed([PY, "-m", "generator", "--root", str(root), "selfcheck", str(site)],
                           REPO)
        run.notes.append("self-check: passes")
    except RuntimeError as err:
        lines = [line for line in str(err).splitlines()[1:] if line.strip()]
        run.notes.append(f"self-check: {len(lines)} problem line(s)")


def _zensical_env(version: str | None, where: Path) -> tuple[Path, str]:
    """A virtual environment with Zensical in it; its `zensical` command and version."""
    venv = where / "zensical-venv"
    if not (venv / "bin/zensical").exists():
        subprocess.run([PY, "-m", "venv", str(venv)], check=True)
        spec = f"zensical=={version}" if version else "zensical"
        subprocess.run([str(venv / "bin/python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", spec], check=True)
    out = subprocess.run([str(venv / "bin/zensical"), "--version"], capture_output=True,
                         text=True, check=True).stdout
    return venv / "bin/zensical", out.strip().split()[-1]


def _version(package: str) -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version(package)
    except PackageNotFoundError:
        return "not installed"


def compare(root: Path, work: Path, zensical: str | None) -> list[Run]:
    """Build `root` with every engine under `work`; the runs, the hook's build first."""
    env = {**os.environ, "SOURCE_DATE_EPOCH": "1700000000", "NO_MKDOCS_2_WARNING": "1"}
    runs: list[Run] = []
    reference = work / "mkdocs-hook"
    builds = [("mkdocs + hook", _version("mkdocs"), "mkdocs"),
              ("properdocs + hook", _version("properdocs"), "properdocs")]
    for name, version, engine in builds:
        run = Run(name, version)
        site = work / f"{engine}-hook"
        try:
            # Once to fill the caches, then the measured, warm build.
            argv = [PY, "-m", "generator", "--root", str(root), "build", "--site-dir", str(site)]
            if engine != "mkdocs":
                argv += ["--engine", engine]
            _timed(argv, REPO, env)
            run.seconds, run.peak_mb, _ = _timed(argv, REPO, env)
            _compare(run, site, reference, root)
        except RuntimeError as err:
            run.failed = str(err).splitlines()[0]
        runs.append(run)
    folder = work / "rendered"
    _timed([PY, "-m", "generator", "--root", str(root), "render", str(folder)], REPO, env)
    run = Run("mkdocs, no hook (render)", _version("mkdocs"))
    try:
        argv = [PY, "-m", "mkdocs", "build", "-q", "-f", str(folder / "mkdocs.yml"), "-d",
                str(work / "mkdocs-plain")]
        _timed(argv, folder, env)
        run.seconds, run.peak_mb, _ = _timed(argv, folder, env)
        _compare(run, work / "mkdocs-plain", reference, root)
    except RuntimeError as err:
        run.failed = str(err).splitlines()[0]
    runs.append(run)
    zfolder = work / "rendered-zensical"
    _timed([PY, "-m", "generator", "--root", str(root), "render", "--engine", "zensical",
            str(zfolder)], REPO, env)
    try:
        command, version = _zensical_env(zensical, work)
        run = Run("zensical (render)", version)
        argv = [str(command), "build", "-f", str(zfolder / "mkdocs.yml")]
        _timed(argv, zfolder, env)
        run.seconds, run.peak_mb, _ = _timed(argv, zfolder, env)
        _compare(run, zfolder / "site", reference, root)
    except (RuntimeError, subprocess.CalledProcessError) as err:
        run = Run("zensical (render)", zensical or "newest", failed=str(err).splitlines()[0])
    runs.append(run)
    return runs


def table(runs: list[Run]) -> str:
    """The runs as a Markdown table."""
    lines = ["| engine | version | pages | same as the hook's | time | peak memory | what differs |",
             "| --- | --- | --- | --- | --- | --- | --- |"]
    for r in runs:
        if r.failed:
            lines.append(f"| {r.engine} | {r.version} | | | | | failed: {r.failed} |")
            continue
        lines.append(f"| {r.engine} | {r.version} | {r.pages} | {r.same} | {r.seconds:.1f} s | "
                     f"{r.peak_mb:.0f} MB | {'; '.join(r.notes)} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Build with every engine and print the comparison table."""
    p = argparse.ArgumentParser(prog="python -m bench.engines", description=__doc__)
    p.add_argument("--root", type=Path, default=REPO, help="repository to build (default: this)")
    p.add_argument("--corpus", type=int, default=0,
                   help="build a synthetic library of N exercises instead (bench.corpus)")
    p.add_argument("--zensical", default=None, help="Zensical version (default: newest)")
    p.add_argument("--keep", type=Path, default=None, help="work folder to keep (default: temp)")
    args = p.parse_args(argv)
    work = args.keep or Path(tempfile.mkdtemp(prefix="stretch-engines-"))
    work.mkdir(parents=True, exist_ok=True)
    root = args.root.resolve()
    if args.corpus:
        from bench.corpus import make_corpus

        root = work / "corpus"
        shutil.rmtree(root, ignore_errors=True)
        make_corpus(root, args.corpus)
        for name in ("mkdocs.yml", "generator", "overrides"):
            src = REPO / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, root / name)
    runs = compare(root, work, args.zensical)
    print(table(runs))
    if args.keep is None:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
