"""Command line: `python -m generator check | build | render | serve`.

One error boundary: `main(argv) -> int` turns content problems, output problems and MkDocs
aborts into messages on stderr and an exit code (0 ok, 1 content or build problem, 2 usage).
"""

from __future__ import annotations

import argparse
import logging
import os
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import generator
from generator.problems import ContentError
from generator.render import render_site
from generator.write import OutputError, build_site, write_pages


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator",
                                description="Build the Stretch Guide site from content/*.yaml.")
    p.add_argument("--root", type=Path, default=Path("."),
                   help="repository root holding content/ and mkdocs.yml (default: .)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("check", help="validate content only; one line per problem")
    b = sub.add_parser("build", help="validate, render and build the site (strict)")
    b.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    r = sub.add_parser("render", help="write the generated Markdown to a folder")
    r.add_argument("out", type=Path, help="folder to write the Markdown into")
    s = sub.add_parser("serve", help="live preview that reloads when content/ changes")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")
    return p


def main(argv: Sequence[str] | None = None) -> int:
    """Run one command; return the process exit code."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:
        return int(exit_.code or 0)
    root: Path = args.root.resolve()
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    start = time.perf_counter()
    try:
        site = generator.read_site(root)
        counts = (f"{len(site.exercises)} exercises, {len(site.routines)} routines, "
                  f"{len(site.guides)} guides, {len(site.disclaimers)} disclaimers")
        if args.command == "check":
            print(f"ok: {counts} ({time.perf_counter() - start:.2f} s)")
        elif args.command == "render":
            pages = render_site(site)
            written = write_pages(pages, args.out)
            print(f"rendered {len(pages)} pages into {args.out} ({written} changed)")
        elif args.command == "build":
            site_dir = args.site_dir or root / "site"
            _pin_build_date(root)
            _quiet_mkdocs()
            generator.PRELOADED[root] = site
            build_site(root / "mkdocs.yml", site_dir)
            html = sum(1 for _ in site_dir.rglob("*.html"))
            print(f"built {site_dir}: {html} pages from {counts} "
                  f"in {time.perf_counter() - start:.1f} s")
        else:
            return _serve(root, args.dev_addr)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found; nothing was built.", file=sys.stderr)
        return 1
    except OutputError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    except Exception as err:  # MkDocs reports its own errors as Abort / PluginError
        from mkdocs.exceptions import MkDocsException
        if isinstance(err, MkDocsException):
            if "BuildError" not in str(err):  # a BuildError's own message was logged already
                print(f"error: {err}", file=sys.stderr)
            print("the build failed; the previous site was left untouched.", file=sys.stderr)
            return 1
        raise
    return 0


def _pin_build_date(root: Path) -> None:
    """Date the build by the last commit, so rebuilding a commit gives identical files."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, check=True, timeout=10).stdout
    except (OSError, subprocess.SubprocessError):
        return  # not a git checkout: MkDocs dates the sitemap today
    if stamp.strip().isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp.strip()


class _StderrHandler(logging.Handler):
    """MkDocs warnings as `warning: ...`; errors (our problem lines) exactly as they are."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.levelno < logging.ERROR:
            message = f"{record.levelname.lower()}: {message}"
        print(message, file=sys.stderr)  # the current stderr, not the one at import time


def _quiet_mkdocs() -> None:
    """Show MkDocs warnings and errors (strict mode counts them) but not its chatter."""
    log = logging.getLogger("mkdocs")
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    log.setLevel(logging.WARNING)


def _serve(root: Path, dev_addr: str) -> int:
    from mkdocs.commands.serve import serve

    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True)
    return 0
