"""Scale benchmark (issue 7): build synthetic sites of N exercises and time every stage.

`python -m bench.run [--sizes 100,1000,5000] [--runs 3] [--keep]`: for each N, one corpus from
`bench.corpus` in a temporary folder, then every measurement in a fresh subprocess
(`bench.stage`), reported as the median of the runs. Prints one table row per N and the targets
with PASS/FAIL, and writes everything to bench/results/bench.json. See bench/README.md.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.corpus import make_corpus
from bench.figstats import FIGURE_STAGES, FIGURE_TIMES, figure_bytes, figure_line
from bench.stage import PLAIN_CONFIG, PREFIX

REPO = Path(__file__).resolve().parent.parent
OUTPUT = REPO / "bench" / "results" / "bench.json"
LARGE = 5000  # sizes from here on get at most --large-runs runs
EPOCH = "1700000000"


@dataclass
class Run:
    """One subprocess: wall time seen from outside, its BENCH report, exit code and stderr."""

    wall_ms: float
    data: dict[str, Any]
    rc: int
    stderr: str


@dataclass
class Size:
    """Everything measured for one N."""

    n: int
    runs: int
    corpus_s: float = 0.0
    stages: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    medians: dict[str, float] = field(default_factory=dict)
    derived: dict[str, Any] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def cache_of(root: Path) -> Path:
    """The PDF and QR-code cache a corpus's builds use (next to the corpus, never shared)."""
    return root.parent / f"{root.name}-cache"


def _env(root: Path) -> dict[str, str]:
    env = dict(os.environ, SOURCE_DATE_EPOCH=EPOCH, NO_MKDOCS_2_WARNING="1",
               STRETCH_GUIDE_CACHE=str(cache_of(root)))
    # As in a checkout: the corpus's copy of generator/ gets its bytecode cached after the
    # first run (this machine sets PYTHONDONTWRITEBYTECODE, which cost every run 0.3 s).
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(REPO), env.get("PYTHONPATH", "")) if p)
    return env


def run(cmd: Sequence[str], cwd: Path) -> Run:
    """Run `cmd` in `cwd`, timing it from outside and reading its `BENCH {json}` line if any."""
    start = time.perf_counter()
    proc = subprocess.run(list(cmd), cwd=cwd, env=_env(cwd), capture_output=True, text=True)
    wall = (time.perf_counter() - start) * 1000
    data: dict[str, Any] = {}
    for line in reversed(proc.stdout.splitlines()):
        if line.startswith(PREFIX):
            data = json.loads(line[len(PREFIX):])
            break
    return Run(round(wall, 1), data, proc.returncode, proc.stderr)


def _stage(size: Size, name: str, root: Path, *args: str | Path) -> Run:
    result = run([sys.executable, "-m", "bench.stage", name, str(root), *map(str, args)], root)
    record = {"wall_ms": result.wall_ms, "rc": result.rc, **result.data}
    size.stages.setdefault(name, []).append(record)
    if result.rc != 0 or not result.data:
        tail = " | ".join(result.stderr.strip().splitlines()[-6:])
        size.problems.append(f"{name}: exit {result.rc}: {tail}")
    return result


def _median(size: Size, stage: str, key: str, ok: Callable[[dict[str, Any]], bool] | None = None
            ) -> float | None:
    values = [r[key] for r in size.stages.get(stage, [])
              if r.get("rc") == 0 and key in r and (ok is None or ok(r))]
    return round(float(statistics.median(values)), 2) if values else None


LIGHTHOUSE_AT = 1000  # the size whose exercise page Lighthouse scores (issue 7's target)


def _lighthouse(size: Size, site: Path, runs: int, tmp: Path) -> None:
    """Lighthouse mobile scores (median of `runs`) of one exercise page of the built site."""
    slugs = sorted(p.name for p in (site / "exercises").iterdir() if (p / "index.html").is_file())
    page = f"exercises/{slugs[len(slugs) // 2]}/"
    output = tmp / f"lighthouse-{size.n}.json"
    proc = subprocess.run(
        [sys.executable, "-m", "bench.lighthouse", "--site", str(site), "--runs", str(runs),
         "--page", f"exercise={page}", "--output", str(output)],
        cwd=REPO, env=_env(REPO), capture_output=True, text=True)
    if proc.returncode != 0 or not output.is_file():
        tail = " | ".join(proc.stderr.strip().splitlines()[-4:])
        size.problems.append(f"lighthouse: exit {proc.returncode}: {tail}")
        return
    [result] = json.loads(output.read_text(encoding="utf-8"))["pages"]
    size.derived["lighthouse_page"] = "/" + page
    size.derived["lighthouse"] = result["scores"]


def _browser(size: Size, site: Path) -> None:
    """How long a facet change takes in the exercise browser (`bench.browser`), in Chromium."""
    proc = subprocess.run([sys.executable, "-m", "bench.browser", str(site)], cwd=REPO,
                          env=_env(REPO), capture_output=True, text=True)
    if proc.returncode != 0:
        tail = " | ".join(proc.stderr.strip().splitlines()[-4:])
        size.problems.append(f"browser timing: exit {proc.returncode}: {tail}")
        return
    result = json.loads(proc.stdout)
    worst = [result[v]["layout_ms"]["max"] for v in ("desktop", "phone") if v in result]
    if worst:
        size.derived["browser_filter_ms_max"] = max(worst)
        size.derived["browser_filter"] = {v: result[v] for v in ("desktop", "phone") if v in result}


def measure(n: int, runs: int, tmp: Path, seed: int, sample: int,
            lighthouse_runs: int = 0, figures: bool = True) -> Size:
    """Generate the corpus for `n` and run every stage `runs` times in fresh processes."""
    size = Size(n, runs)
    root, out = tmp / f"n{n}", tmp / f"n{n}-out"
    out.mkdir()
    log = _progress(n)
    start = time.perf_counter()
    make_corpus(root, n, seed, figures=figures)
    size.corpus_s = round(time.perf_counter() - start, 2)
    log(f"corpus written in {size.corpus_s} s")

    for _ in range(runs):
        cli = run([sys.executable, "-m", "generator", "--root", str(root), "check"], root)
        size.stages.setdefault("check_cli", []).append({"wall_ms": cli.wall_ms, "rc": cli.rc})
        if cli.rc != 0:
            size.problems.append(f"check: exit {cli.rc}: " + " | ".join(cli.stderr.splitlines()[-6:]))
    for i in range(runs):
        _stage(size, "check", root)
        if figures:
            _stage(size, "figures", root)
        _stage(size, "render", root)
        _stage(size, "write", root, out / f"md-{i}")
        shutil.rmtree(out / f"md-{i}", ignore_errors=True)
    log("check, load, figures, render and write measured")
    for _ in range(runs):
        _stage(size, "cheatsheets", root, str(sample))
    log("cheat-sheet PDFs measured")

    shutil.rmtree(cache_of(root), ignore_errors=True)
    _stage(size, "build", root, out / "site-cold")
    shutil.rmtree(out / "site-cold", ignore_errors=True)
    log("cold build done")
    _stage(size, "plaindocs", root)
    # Warm builds and plain MkDocs builds take turns, so that the machine's speed, which drifts
    # by a fifth or more over minutes on a shared host, weighs on both alike.
    for i in range(runs):
        if i:
            shutil.rmtree(out / f"site-{i - 1}", ignore_errors=True)
            shutil.rmtree(out / f"plain-{i - 1}", ignore_errors=True)
        _stage(size, "build", root, out / f"site-{i}")
        _stage(size, "mkdocs", root, root / PLAIN_CONFIG, out / f"plain-{i}")
    site = out / f"site-{runs - 1}"
    log("warm builds and plain MkDocs builds done")
    if lighthouse_runs and n == LIGHTHOUSE_AT and (site / "index.html").is_file():
        _lighthouse(size, site, lighthouse_runs, tmp)
        log("Lighthouse done")
    if n == LIGHTHOUSE_AT and (site / "exercises" / "index.html").is_file():
        _browser(size, site)
        log("exercise browser filtering timed")

    _summarise(size, site, out / f"plain-{runs - 1}")
    return size


def _progress(n: int) -> Callable[[str], None]:
    start = time.perf_counter()

    def log(message: str) -> None:
        print(f"[N={n} +{time.perf_counter() - start:.0f} s] {message}", file=sys.stderr, flush=True)

    return log


def _summarise(size: Size, site: Path, plain: Path) -> None:
    builds = size.stages.get("build", [])
    cold, warm = (builds[0], builds[1:]) if builds else ({}, [])
    size.stages["build_cold"], size.stages["build"] = [cold], warm
    med = size.medians
    checks = [r["wall_ms"] for r in size.stages.get("check_cli", []) if r["rc"] == 0]
    med_opt: dict[str, float | None] = {
        "check_cli_ms": statistics.median(checks) if checks else None,
        "load_ms": _median(size, "check", "load_ms"),
        "render_ms": _median(size, "render", "render_ms"),
        "write_ms": _median(size, "write", "write_ms"),
        "rewrite_ms": _median(size, "write", "rewrite_ms"),
        "pdf_ms_each": _median(size, "cheatsheets", "pdf_ms_each"),
        "pdf_estimate_all_s": _median(size, "cheatsheets", "estimate_all_s"),
        "build_ms": _median(size, "build", "wall_ms"),
        "build_inner_ms": _median(size, "build", "build_ms"),
        "build_cold_ms": cold.get("wall_ms") if cold.get("rc") == 0 and "build_ms" in cold else None,
        "plain_ms": _median(size, "mkdocs", "wall_ms"),
        "figure_check_ms": _median(size, "check", "figure_check_ms"),
        **{key: _median(size, "figures", key) for key in FIGURE_TIMES},
    }
    med.update({k: v for k, v in med_opt.items() if v is not None})
    peaks = [r["peak_mb"] for r in [cold, *warm] if "peak_mb" in r]
    d = size.derived
    if peaks:
        d["peak_mb"] = max(peaks)
        d["peak_mb_warm"] = max([r["peak_mb"] for r in warm if "peak_mb" in r], default=None)
    for rec in size.stages.get("write", []):
        if rec.get("rewritten"):
            size.notes.append(f"rewriting unchanged Markdown wrote {rec['rewritten']} files (expected 0)")
            break
    for rec in size.stages.get("figures", [])[:1]:
        for key in ("figures", "frames", "poses", "svg_bytes_mean", "svg_bytes_max"):
            d[key] = rec.get(key)
    for rec in size.stages.get("cheatsheets", [])[:1]:
        d["routines"] = rec.get("routines")
        if overflow := rec.get("overflow", []):  # in its first layout: the build then adapts it
            size.notes.append(f"{len(overflow)} of {rec.get('sampled_routines')} sampled cheat "
                              "sheets need more than one page in their first layout (the build "
                              "tightens them): " + ", ".join(overflow[:3]))
    if site.is_dir():
        _site_metrics(size, site)
        if plain.is_dir():
            plain_html = sum(1 for _ in plain.rglob("*.html"))
            d["plain_html_pages"] = plain_html
            if plain_html != d["html_pages"]:
                size.notes.append(f"plain MkDocs made {plain_html} HTML files, the build {d['html_pages']}")
    build = med.get("build_ms")
    if build:
        d["ms_per_exercise"] = round(build / size.n, 2)
        if d.get("html_pages"):
            d["ms_per_page"] = round(build / d["html_pages"], 2)
        # Each warm build against the plain build that ran right after it, then the median.
        plain_runs = size.stages.get("mkdocs", [])
        pairs = [(b["wall_ms"], m["wall_ms"]) for b, m in zip(warm, plain_runs, strict=False)
                 if b.get("rc") == 0 and m.get("rc") == 0 and "wall_ms" in b and "wall_ms" in m]
        if pairs:
            d["build_vs_plain"] = round(statistics.median(b / m for b, m in pairs), 3)
    _generator_share(size, cold, warm)


# The generator's stages as the build runs them (bench.stage.TIMED): the checking and rendering
# stages, then also the cheat sheets, the PDF cache and swapping the new site in; and, inside
# those, the figures checked (in read_site) and drawn (in render_site and the cheat sheets),
# bench.figstats.FIGURE_STAGES.
CORE = ("read_site", "render_site")
PRINT_AND_SWAP = ("render_cheat_sheets", "render_pdfs", "_swap")


def _generator_share(size: Size, cold: dict[str, Any], warm: list[dict[str, Any]]) -> None:
    """The generator's share of each build, in %, timed inside that build (median of runs)."""
    def share(run: dict[str, Any], names: Sequence[str]) -> float | None:
        spent = run.get("spent_ms")
        if run.get("rc") != 0 or not spent or not run.get("wall_ms"):
            return None
        return 100 * float(sum(spent.get(n, 0.0) for n in names)) / float(run["wall_ms"])

    d = size.derived
    for key, names in (("generator_pct", CORE), ("generator_pct_all", CORE + PRINT_AND_SWAP)):
        values = [v for v in (share(r, names) for r in warm) if v is not None]
        if values:
            d[key] = round(statistics.median(values), 2)
    # With no pages kept from an earlier build: the cold build's checking and rendering against a
    # warm build's length (the cold build itself is mostly printing PDFs).
    walls = [r["wall_ms"] for r in warm if r.get("rc") == 0 and "wall_ms" in r]
    if cold.get("spent_ms") and walls:
        spent = sum(cold["spent_ms"].get(n, 0.0) for n in CORE)
        d["generator_pct_cold"] = round(100 * float(spent) / statistics.median(walls), 2)
    for name in CORE + PRINT_AND_SWAP + FIGURE_STAGES:
        values = [r["spent_ms"][name] for r in warm if name in r.get("spent_ms", {})]
        if values:
            size.medians[f"in_build_{name}_ms"] = round(statistics.median(values), 1)
    rendered = [r["pages_rendered"] for r in warm if "pages_rendered" in r]
    if rendered:
        d["pages_rendered_warm"] = max(rendered)
    if "pages_rendered" in cold:
        d["pages_rendered_cold"] = cold["pages_rendered"]


def _site_metrics(size: Size, site: Path) -> None:
    d = size.derived
    d["html_pages"] = sum(1 for _ in site.rglob("*.html"))
    exercise_pages = sorted(site.glob("exercises/*/index.html"))
    d["exercise_pages"] = len(exercise_pages)
    index = site / "search" / "search_index.json"
    if index.is_file():
        raw = index.read_bytes()
        d["search_index_bytes"] = len(raw)
        d["search_index_gzip_bytes"] = len(gzip.compress(raw, compresslevel=6, mtime=0))
        d["search_index_bytes_per_exercise"] = round(len(raw) / size.n, 1)
        d["search_index_gzip_bytes_per_exercise"] = round(d["search_index_gzip_bytes"] / size.n, 1)
    if exercise_pages:
        picked = [exercise_pages[i * len(exercise_pages) // 20] for i in range(min(20, len(exercise_pages)))]
        d["exercise_page_bytes"] = int(statistics.median(p.stat().st_size for p in picked))
    browser = site / "exercises" / "index.html"
    if browser.is_file():  # the exercise browser: every exercise on one page
        raw = browser.read_bytes()
        d["browser_bytes"] = len(raw)
        d["browser_gzip_bytes"] = len(gzip.compress(raw, compresslevel=6, mtime=0))
    d["site_bytes"] = sum(p.stat().st_size for p in site.rglob("*") if p.is_file())
    if size.stages.get("figures"):
        size.notes += figure_bytes(d, site, exercise_pages)


# ---------------------------------------------------------------------------- report


def _fmt(value: float | None, scale: float = 1.0, digits: int = 1) -> str:
    return "–" if value is None else f"{value / scale:.{digits}f}"


COLUMNS = ("N", "pages", "check s", "load+validate ms", "render ms", "write ms", "build s",
           "build cold s", "plain mkdocs s", "build/plain", "ms/page ex|all", "gen % warm|cold|+print",
           "peak MB", "index KB raw/gz", "index B/ex", "page KB", "browser KB raw|gz",
           "PDF ms each", "LH perf",
           "fig ms/frame cold|warm", "fig check s", "fig KB/page raw|gz")


def table(sizes: Sequence[Size]) -> str:
    """The results as an aligned text table, one row per N."""
    rows = [list(COLUMNS)]
    for s in sizes:
        m, d = s.medians, s.derived
        rows.append([
            str(s.n), str(d.get("html_pages", "–")), _fmt(m.get("check_cli_ms"), 1000, 2),
            _fmt(m.get("load_ms"), 1, 0), _fmt(m.get("render_ms"), 1, 0), _fmt(m.get("write_ms"), 1, 0),
            _fmt(m.get("build_ms"), 1000, 1), _fmt(m.get("build_cold_ms"), 1000, 1),
            _fmt(m.get("plain_ms"), 1000, 1),
            _fmt(d.get("build_vs_plain"), 1, 2) + ("x" if "build_vs_plain" in d else ""),
            f"{_fmt(d.get('ms_per_exercise'))}|{_fmt(d.get('ms_per_page'))}",
            f"{_fmt(d.get('generator_pct'), 1, 1)}|{_fmt(d.get('generator_pct_cold'), 1, 1)}|"
            f"{_fmt(d.get('generator_pct_all'), 1, 1)}",
            _fmt(d.get("peak_mb"), 1, 0),
            f"{_fmt(d.get('search_index_bytes'), 1024, 0)}/{_fmt(d.get('search_index_gzip_bytes'), 1024, 0)}",
            _fmt(d.get("search_index_bytes_per_exercise"), 1, 0),
            _fmt(d.get("exercise_page_bytes"), 1024, 1),
            f"{_fmt(d.get('browser_bytes'), 1024, 0)}|{_fmt(d.get('browser_gzip_bytes'), 1024, 0)}",
            _fmt(m.get("pdf_ms_each"), 1, 0),
            str(d.get("lighthouse", {}).get("performance", "–")),
            f"{_fmt(m.get('ms_per_frame'), 1, 2)}|{_fmt(m.get('warm_ms_per_frame'), 1, 2)}",
            _fmt(m.get("figure_check_ms"), 1000, 2),
            f"{_fmt(d.get('figure_page_bytes_mean'), 1024, 1)}|"
            f"{_fmt(d.get('figure_page_gzip_bytes_mean'), 1024, 1)}",
        ])
    widths = [max(len(r[i]) for r in rows) for i in range(len(COLUMNS))]
    return "\n".join("  ".join(c.rjust(w) for c, w in zip(r, widths, strict=True)) for r in rows)


def targets(sizes: Sequence[Size]) -> list[dict[str, Any]]:
    """Each target (issues 7, 12 and 13) with its measured value and PASS, FAIL or n/a."""
    by_n = {s.n: s for s in sizes}

    def get(n: int, key: str) -> float | None:
        s = by_n.get(n)
        if s is None:
            return None
        value = s.derived.get(key, s.medians.get(key))
        return None if value is None else float(value)

    per_1000, per_5000 = get(1000, "ms_per_exercise"), get(5000, "ms_per_exercise")
    growth = per_5000 / per_1000 if per_1000 and per_5000 else None
    check = get(1000, "check_cli_ms")
    svg_max = get(1000, "svg_bytes_max")
    items = [
        ("whole build at N=1000 <= 10 ms per exercise page", per_1000, 10.0, "ms"),
        ("per-page time at N=5000 <= 1.3 x that at N=1000", growth, 1.3, "x"),
        ("generator stages <= 5 % of the build at N=1000", get(1000, "generator_pct"), 5.0, "%"),
        ("check on N=1000 <= 1 s", None if check is None else check / 1000, 1.0, "s"),
        ("peak memory at N=5000 <= 500 MB", get(5000, "peak_mb"), 500.0, "MB"),
        ("search index at N=1000 <= 1.5 KB per exercise page (raw)",
         get(1000, "search_index_bytes_per_exercise"), 1536.0, "B"),
        ("figures drawn at N=1000 <= 1 ms per frame (cold: placed, then drawn)",
         get(1000, "ms_per_frame"), 1.0, "ms"),
        ("largest figure frame at N=1000 <= 8 KB before gzip",
         None if svg_max is None else svg_max / 1024, 8.0, "KB"),
        ("exercise browser page at N=1000 <= 60 KB gzipped",
         None if (b := get(1000, "browser_gzip_bytes")) is None else b / 1024, 60.0, "KB"),
        ("exercise browser facet change at N=1000 <= 100 ms (worst, script and layout)",
         get(1000, "browser_filter_ms_max"), 100.0, "ms"),
    ]
    checked = [{"target": name, "value": None if v is None else round(v, 3), "limit": limit,
                "unit": unit, "status": "n/a" if v is None else ("PASS" if v <= limit else "FAIL")}
               for name, v, limit, unit in items]
    lighthouse = by_n[1000].derived.get("lighthouse", {}) if 1000 in by_n else {}
    perf = lighthouse.get("performance")
    checked.append({"target": "Lighthouse mobile performance, exercise page at N=1000 >= 95",
                    "value": perf, "limit": 95, "unit": "",
                    "status": "n/a" if perf is None else ("PASS" if perf >= 95 else "FAIL")})
    return checked


def _commit() -> str | None:
    try:
        out = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                             capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.SubprocessError):
        return None
    return out.stdout.strip() or None if out.returncode == 0 else None


def _machine() -> dict[str, Any]:
    from importlib.metadata import PackageNotFoundError, version

    versions: dict[str, str | None] = {}
    for name in ("mkdocs", "mkdocs-material", "weasyprint", "PyYAML", "Jinja2"):
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = None
    return {"cpu_count": os.cpu_count(), "python": platform.python_version(),
            "platform": platform.platform(), "machine": platform.machine(), "packages": versions}


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark; exit 0 when every stage ran, 1 when one failed (targets never fail it)."""
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.splitlines()[0])
    p.add_argument("--sizes", default="100,1000,5000", help="comma-separated N (default: 100,1000,5000)")
    p.add_argument("--runs", type=int, default=3, help="runs per measurement; the median is reported")
    p.add_argument("--large-runs", type=int, default=2,
                   help=f"at most this many runs for N >= {LARGE} (default: 2)")
    p.add_argument("--sample", type=int, default=10, help="routines whose PDFs are timed (default: 10)")
    p.add_argument("--seed", type=int, default=7)
    p.add_argument("--lighthouse-runs", type=int, default=3,
                   help=f"Lighthouse runs on an exercise page at N={LIGHTHOUSE_AT} (0 skips; "
                        "needs npm ci and Chromium)")
    p.add_argument("--keep", action="store_true", help="keep the temporary corpora and sites")
    p.add_argument("--no-figures", action="store_true",
                   help="exercises without `figure:` (to compare; the figure targets read n/a)")
    p.add_argument("--output", type=Path, default=OUTPUT)
    args = p.parse_args(argv)
    try:
        sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    except ValueError:
        p.error("--sizes takes whole numbers separated by commas, e.g. 100,1000")
    if not sizes or min(sizes) < 1 or args.runs < 1 or args.large_runs < 1 or args.sample < 1:
        p.error("sizes, runs and sample must be at least 1")

    start = time.perf_counter()
    tmp = Path(tempfile.mkdtemp(prefix="stretch-bench-"))
    results: list[Size] = []
    try:
        for n in sizes:
            runs = min(args.runs, args.large_runs) if n >= LARGE else args.runs
            results.append(measure(n, runs, tmp, args.seed, args.sample, args.lighthouse_runs,
                                   figures=not args.no_figures))
    finally:
        if args.keep:
            print(f"kept corpora and sites in {tmp}", file=sys.stderr)
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    total = time.perf_counter() - start

    print(table(results))
    print()
    checked = targets(results)
    for t in checked:
        value = "–" if t["value"] is None else f"{t['value']:g} {t['unit']}"
        print(f"{t['status']:<4}  {t['target']}  (measured: {value})")
    for s in results:
        est = s.medians.get("pdf_estimate_all_s")
        if est is not None:
            print(f"N={s.n}: {s.derived.get('routines')} routines x 2 papers of PDFs ≈ {est:.0f} s "
                  f"uncached ({s.medians.get('pdf_ms_each', 0):.0f} ms each)")
        spent = {n: s.medians.get(f"in_build_{n}_ms") for n in CORE + PRINT_AND_SWAP}
        if all(v is not None for v in spent.values()):
            print(f"N={s.n}: inside the warm build: " + ", ".join(
                f"{n.strip('_')} {v:.0f} ms" for n, v in spent.items() if v is not None)
                + f"; pages rendered: {s.derived.get('pages_rendered_warm', '–')} warm, "
                f"{s.derived.get('pages_rendered_cold', '–')} cold")
        figures = figure_line(s.medians, s.derived)
        if figures:
            print(f"N={s.n}: figures: {figures}")
        for line in s.notes:
            print(f"note N={s.n}: {line}")
        for line in dict.fromkeys(s.problems):
            times = s.problems.count(line)
            print(f"PROBLEM N={s.n}: {line}" + (f" (x{times})" if times > 1 else ""))
    print(f"total time {total:.0f} s")

    report = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "commit": _commit(), "machine": _machine(),
        "options": {"sizes": sizes, "runs": args.runs, "large_runs": args.large_runs,
                    "sample": args.sample, "seed": args.seed, "figures": not args.no_figures,
                    "lighthouse_runs": args.lighthouse_runs},
        "total_s": round(total, 1),
        "sizes": [{"n": s.n, "runs": s.runs, "corpus_s": s.corpus_s, "medians": s.medians,
                   "derived": s.derived, "notes": s.notes, "problems": s.problems, "stages": s.stages}
                  for s in results],
        "targets": checked,
    }
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 1 if any(s.problems for s in results) else 0


if __name__ == "__main__":
    raise SystemExit(main())
