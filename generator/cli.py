"""Command line: `python -m generator check | build | render | serve | new | schema | figures`.

One error boundary: `main(argv) -> int` turns content problems, output problems and MkDocs
aborts into messages on stderr and an exit code (0 ok, 1 content or build problem, 2 usage).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import logging
import os
import subprocess
import sys
import time
from collections.abc import Iterator, Sequence
from pathlib import Path

import generator
from generator import engines
from generator.cache import page_cache
from generator.export import ENGINES, export
from generator.figures import REFERENCE, reference_svgs, write_contact_sheet
from generator.problems import ContentError, Problem
from generator.render import render_site
from generator.scaffold import NEW_KINDS, ScaffoldError, create, json_schemas, with_reference
from generator.sheetfit import NOTICES, sheet_notices
from generator.timing import duration_warnings
from generator.write import OutputError, build_site


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m generator",
                                description="Build the Stretch Guide site from content/*.yaml.")
    p.add_argument("--root", type=Path, default=Path("."),
                   help="repository root holding content/ and mkdocs.yml (default: .)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")
    c = sub.add_parser("check", help="validate content only; one line per problem")
    c.add_argument("--format", choices=("plain", "github"), default="plain",
                   help="'github' prints workflow commands that annotate pull requests")
    n = sub.add_parser("new", help="start a new exercise, routine or guide from a template")
    n.add_argument("kind", choices=NEW_KINDS)
    n.add_argument("slug", help="file name and address, e.g. cat-stretch")
    j = sub.add_parser("schema", help="write the JSON Schemas, the field reference and the "
                       "pictures of views and postures for editors")
    j.add_argument("--check", action="store_true", help="only check that they are current")
    b = sub.add_parser("build", help="validate, render and build the site (strict)")
    b.add_argument("--site-dir", type=Path, default=None, help="output folder (default: site/)")
    b.add_argument("--engine", choices=engines.NAMES, default=engines.DEFAULT,
                   help="what builds the site: MkDocs or ProperDocs, its maintained fork "
                   "(default: mkdocs)")
    r = sub.add_parser("render", help="write a complete docs folder, its theme overrides and "
                       "mkdocs.yml, for any Material-compatible engine to build without the hook")
    r.add_argument("out", type=Path, help="folder to write into (OUT/docs, OUT/overrides, "
                   "OUT/mkdocs.yml)")
    r.add_argument("--engine", choices=ENGINES, default="mkdocs",
                   help="the engine that will build it (zensical: without the Material-only "
                   "search override)")
    f = sub.add_parser("figures", help="write every exercise's figure on one page, for review")
    f.add_argument("out", type=Path, help="an .html file, or a folder to write figures.html into")
    k = sub.add_parser("selfcheck", help="check a built site: every generated page, internal "
                       "link, nav entry and footer is there (for sites other engines built)")
    k.add_argument("site", type=Path, help="the built site's folder")
    s = sub.add_parser("serve", help="live preview that reloads when content/ changes")
    s.add_argument("--dev-addr", default="127.0.0.1:8000", help="IP:PORT to serve on")
    s.add_argument("--engine", choices=engines.NAMES, default=engines.DEFAULT,
                   help="what serves the preview (default: mkdocs)")
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
    if args.command == "new":
        return _new(root, args.kind, args.slug)
    if args.command == "schema":
        return _schema(root, check=args.check)
    if args.command == "selfcheck":
        return _selfcheck(root, args.site)
    try:
        if args.command in ("build", "serve"):  # first: reading may import mkdocs.* already
            engines.select(args.engine)
        site = generator.read_site(root)
        counts = (f"{len(site.exercises)} exercises, {len(site.routines)} routines, "
                  f"{len(site.guides)} guides, {len(site.disclaimers)} disclaimers")
        if args.command == "check":
            # Notices: what the build will say and go on (a cheat sheet on two pages).
            found = sheet_notices(site, root)
            if args.format == "github":
                print("\n".join(github_annotation(n, "notice") for n in found))
            for item in found:
                print(f"notice: {item}", file=sys.stderr)
            # Warnings: what `serve` shows and goes on, and the strict build stops on.
            warned = duration_warnings(site, root)
            if args.format == "github":
                print("\n".join(github_annotation(w, "warning") for w in warned))
            for item in warned:
                print(f"warning: {item}", file=sys.stderr)
            if warned:
                print(f"{len(warned)} warning(s): the build is strict and stops on them.",
                      file=sys.stderr)
                return 1
            print(f"ok: {counts} ({time.perf_counter() - start:.2f} s)")
        elif args.command == "render":
            summary, found = export(site, root, args.out, args.engine)
            for item in [*duration_warnings(site, root)]:  # as `serve` does: shown, not fatal
                print(f"warning: {item}", file=sys.stderr)
            for item in found:
                print(f"notice: {item}", file=sys.stderr)
            print(summary)
        elif args.command == "figures":
            try:
                target = write_contact_sheet(site.content.exercises, args.out)
            except OSError as err:
                raise OutputError(f"cannot write to {args.out}: {err.strerror or err}") from err
            drawn = sum(1 for e in site.content.exercises if e.figure is not None)
            print(f"wrote {target}: {drawn} of {len(site.exercises)} exercises have a figure")
        elif args.command == "build":
            site_dir = args.site_dir or root / "site"
            _quiet_mkdocs(engines.select(args.engine).logger)
            generator.PRELOADED[root] = site
            with _build_date(root):
                build_site(root / "mkdocs.yml", site_dir, engine=args.engine)
            html = sum(1 for _ in site_dir.rglob("*.html"))
            print(f"built {site_dir}: {html} pages from {counts} "
                  f"in {time.perf_counter() - start:.1f} s")
        else:
            return _serve(root, args.dev_addr, engines.select(args.engine))
    except ContentError as err:
        if getattr(args, "format", "plain") == "github":
            print("\n".join(github_annotation(p) for p in err.problems))
        print(err.report(), file=sys.stderr)
        print(f"{len(err.problems)} problem(s) found; nothing was built.", file=sys.stderr)
        return 1
    except (OutputError, engines.EngineError) as err:
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


def github_annotation(problem: Problem, level: str = "error") -> str:
    """A GitHub Actions workflow command that shows `problem` on its line of the pull request
    (`level` 'error', 'warning' for what stops only the strict build, or 'notice')."""
    def data(text: str) -> str:
        return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")

    def prop(text: str) -> str:
        return data(text).replace(":", "%3A").replace(",", "%2C")

    return (f"::{level} file={prop(problem.path)},line={problem.line},col={problem.col},"
            f"title={prop(problem.field)}::{data(problem.message)}")


def _selfcheck(root: Path, site_dir: Path) -> int:
    """Check a built site against the content (`generator.selfcheck`): 0 ok, 1 problems."""
    from generator.selfcheck import check_site, config_nav, expect
    from generator.sitefiles import read_config

    start = time.perf_counter()
    if not site_dir.is_dir():
        print(f"error: {site_dir} is not a folder (build the site first)", file=sys.stderr)
        return 2
    try:
        site = generator.read_site(root)
    except ContentError as err:
        print(err.report(), file=sys.stderr)
        print(f"{len(err.problems)} problem(s) in content/; the site was not checked.",
              file=sys.stderr)
        return 1
    config = read_config(root)
    urls = config.directory_urls if config else True
    pages = render_site(site, urls, page_cache(root))
    report = check_site(site_dir, expect(site, [(p.src_uri, p.source) for p in pages],
                                         config_nav(root), urls))
    for line in report.problems:
        print(line, file=sys.stderr)
    if report.problems:
        print(f"{len(report.problems)} problem(s) in {site_dir}.", file=sys.stderr)
        return 1
    print(f"ok: {site_dir}: {report.pages} pages, {report.links} links checked in "
          f"{report.seconds:.2f} s ({time.perf_counter() - start:.2f} s in all)")
    return 0


def _new(root: Path, kind: str, slug: str) -> int:
    try:
        site = generator.read_site(root)
        vocab = site.content.vocabulary
        choices = {"position": [t.slug for t in vocab.positions],
                   "body area": [t.slug for t in vocab.body_areas],
                   "equipment": [t.slug for t in vocab.equipment],
                   "kind": [t.slug for t in vocab.kinds]}
    except ContentError:
        choices = {}  # the template is still useful without the current vocabulary
    try:
        path = create(root, kind, slug, choices)
    except ScaffoldError as err:
        print(f"error: {err}", file=sys.stderr)
        return 2
    rel = path.relative_to(root).as_posix()
    print(f"created {rel}")
    print("next: fill in the fields marked \"\" or 0, then run `make check` "
          "(or `python -m generator check`); `make serve` previews it.")
    if kind == "exercise":
        print("then add it to a routine's or guide's `exercises` list so readers can find it.")
    return 0


def _schema(root: Path, *, check: bool) -> int:
    # Everything editors read that is made from the generator's own tables: the JSON Schemas,
    # and the pictures of each view and posture that CONTRIBUTING.md shows.
    made = {f"schema/{name}.schema.json": json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
            for name, schema in json_schemas().items()}
    made |= {f"{REFERENCE}/{name}": svg for name, svg in reference_svgs().items()}
    stale = []
    for rel, text in made.items():
        target = root / rel
        if target.is_file() and target.read_text(encoding="utf-8") == text:
            continue
        stale.append(rel)
        if not check:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
    guide = root / "CONTRIBUTING.md"
    if guide.is_file():
        current = guide.read_text(encoding="utf-8")
        if with_reference(current) != current:
            stale.append("CONTRIBUTING.md (field reference)")
            if not check:
                guide.write_text(with_reference(current), encoding="utf-8")
    if check and stale:
        print("out of date: " + ", ".join(stale) + " (run `python -m generator schema`)",
              file=sys.stderr)
        return 1
    print(f"{'checked' if check else 'wrote'} {len(json_schemas())} schemas in schema/, "
          f"{len(made) - len(json_schemas())} pictures in {REFERENCE}/ and the field reference "
          "in CONTRIBUTING.md"
          + (f" ({len(stale)} changed)" if stale and not check else ""))
    return 0


@contextlib.contextmanager
def _build_date(root: Path) -> Iterator[None]:
    """Date the build by the last commit (unless SOURCE_DATE_EPOCH is set), so rebuilding a
    commit gives identical files on any day; the environment is restored afterwards."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        yield
        return
    try:
        stamp = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"],
                               capture_output=True, text=True, check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""  # not a git checkout: MkDocs dates the sitemap today
    if stamp.isdigit():
        os.environ["SOURCE_DATE_EPOCH"] = stamp
    try:
        yield
    finally:
        if stamp.isdigit():
            del os.environ["SOURCE_DATE_EPOCH"]


class _StderrHandler(logging.Handler):
    """MkDocs warnings as `warning: ...`, our notices as `notice: ...` (as `check` prints
    them); errors (our problem lines) exactly as they are."""

    def emit(self, record: logging.LogRecord) -> None:
        message = record.getMessage()
        if record.name == NOTICES:
            message = f"notice: {message}"
        elif record.levelno < logging.ERROR:
            message = f"{record.levelname.lower()}: {message}"
        print(message, file=sys.stderr)  # the current stderr, not the one at import time


def _quiet_mkdocs(engine_logger: str = "mkdocs") -> None:
    """Show the engine's warnings and errors (strict mode counts them) but not its chatter."""
    log = logging.getLogger(engine_logger)
    if not any(isinstance(h, _StderrHandler) for h in log.handlers):
        log.addHandler(_StderrHandler())
    log.setLevel(logging.WARNING)
    logging.getLogger(NOTICES).setLevel(logging.INFO)  # INFO: not counted by strict mode


def _serve(root: Path, dev_addr: str, engine: engines.Engine) -> int:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s: %(message)s")
    for noisy in ("weasyprint", "fontTools"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # Dirty rebuilds: after an edit only pages whose Markdown changed are re-rendered (the hook
    # tracks that). Preview only: the search index then covers the changed pages alone.
    # Not strict: MkDocs warns about every dirty build, and a preview should not stop on it.
    engine.serve(config_file=str(root / "mkdocs.yml"), dev_addr=dev_addr, livereload=True,
                 build_type="dirty", strict=False)
    return 0
