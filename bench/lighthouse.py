"""Lighthouse benchmark for the built site: serves site/ locally and scores a few representative pages.

Not a test: scores never fail the run. Exit codes: 0 Lighthouse ran, 1 Lighthouse failed to run,
2 setup problem (no site/, build failed). Run from the repo root:

    .venv/bin/python -m bench.lighthouse [--build] [--runs N] [--desktop]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:  # allow `python bench/lighthouse.py` as well as `-m bench.lighthouse`
    sys.path.insert(0, str(REPO))

from tests.static_server import serve  # noqa: E402

SITE = REPO / "site"
LIGHTHOUSE = REPO / "node_modules" / ".bin" / "lighthouse"
CHROME = Path("/usr/bin/chromium")
RESULTS = REPO / "bench" / "results"
CHROME_FLAGS = (
    "--headless=new --no-sandbox --disable-gpu --disable-background-networking "
    "--disable-component-update --disable-sync --no-first-run"
)
PAGES: tuple[tuple[str, str], ...] = (
    ("home", ""),
    ("routine", "routines/mid-back-sitting/"),
    ("exercise", "exercises/tennis-ball-release/"),
    ("guide", "guides/middle-back-relief/"),
)
CATEGORIES: dict[str, str] = {
    "performance": "Performance",
    "accessibility": "Accessibility",
    "best-practices": "Best practices",
    "seo": "SEO",
}
IGNORED_MODES = frozenset({"notApplicable", "informative", "manual"})
RUN_TIMEOUT_S = 300
MAX_ITEMS_PRINTED = 6


class LighthouseError(RuntimeError):
    """Lighthouse did not produce a usable report."""


@dataclass
class PageResult:
    """Scores and failing audits of one page over all runs."""

    name: str
    url: str
    run_scores: list[dict[str, int | None]] = field(default_factory=list)
    failing: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)

    def median(self, category: str) -> int | None:
        """Median 0-100 score of a category over the runs (None if it never produced a score)."""
        values = [s[category] for s in self.run_scores if s.get(category) is not None]
        return round(statistics.median(v for v in values if v is not None)) if values else None


def run_lighthouse(url: str, desktop: bool) -> dict[str, Any]:
    """Run Lighthouse once on `url` in a fresh Chromium profile; return the parsed JSON report."""
    with tempfile.TemporaryDirectory(prefix="lh-") as tmp:
        report = Path(tmp) / "report.json"
        profile = Path(tmp) / "profile"
        cmd = [
            str(LIGHTHOUSE), url,
            "--output=json", f"--output-path={report}", "--quiet",
            f"--only-categories={','.join(CATEGORIES)}",
            f"--chrome-flags={CHROME_FLAGS} --user-data-dir={profile}",
        ]
        if desktop:
            cmd.append("--preset=desktop")
        env = {**os.environ, "CHROME_PATH": str(CHROME)}
        try:
            proc = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=RUN_TIMEOUT_S,
                                  check=False)
        except subprocess.TimeoutExpired as exc:
            raise LighthouseError(f"timed out after {RUN_TIMEOUT_S}s on {url}") from exc
        except OSError as exc:
            raise LighthouseError(f"could not start {LIGHTHOUSE}: {exc}") from exc
        tail = "\n".join((proc.stderr or proc.stdout).strip().splitlines()[-20:])
        if proc.returncode != 0 or not report.is_file():
            raise LighthouseError(f"exit code {proc.returncode} on {url}\n{tail}")
        try:
            lhr: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
        except json.JSONDecodeError as exc:
            raise LighthouseError(f"unreadable report for {url}: {exc}\n{tail}") from exc
    runtime_error = lhr.get("runtimeError")
    if runtime_error:
        raise LighthouseError(f"runtime error on {url}: {runtime_error.get('code')}: "
                              f"{runtime_error.get('message')}")
    return lhr


def _explanation(text: str) -> str:
    """Condense an axe explanation ("Fix any of the following:\n  a\n  b") to one line."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    lines = [ln for ln in lines if not ln.startswith(("Fix any of the", "Fix all of the"))]
    return "; ".join(lines)


def _trim_item(item: dict[str, Any]) -> dict[str, Any] | None:
    """Keep the useful parts of a details item (node selector/snippet/explanation, url, savings)."""
    out: dict[str, Any] = {}
    node = item.get("node")
    if isinstance(node, dict):
        out["selector"] = node.get("selector")
        out["snippet"] = node.get("snippet")
        if node.get("explanation"):
            out["explanation"] = _explanation(str(node["explanation"]))
    for key in ("url", "source", "description", "wastedMs", "wastedBytes", "totalBytes", "label"):
        if item.get(key) not in (None, ""):
            out[key] = item[key]
    location = item.get("sourceLocation")
    if isinstance(location, dict) and location.get("url"):
        out["sourceUrl"] = location["url"]
    sub = item.get("subItems")
    if isinstance(sub, dict) and isinstance(sub.get("items"), list):
        related = [s["relatedNode"].get("selector") for s in sub["items"]
                   if isinstance(s, dict) and isinstance(s.get("relatedNode"), dict)]
        if related:
            out["relatedNodes"] = related
    return out or None


def failing_audits(lhr: dict[str, Any], category: str) -> dict[str, dict[str, Any]]:
    """Audits of a category with score < 1 (or errored), ignoring notApplicable/informative/manual."""
    failing: dict[str, dict[str, Any]] = {}
    for ref in lhr["categories"][category]["auditRefs"]:
        audit = lhr["audits"].get(ref["id"], {})
        mode = audit.get("scoreDisplayMode")
        score = audit.get("score")
        if mode in IGNORED_MODES or (mode != "error" and (score is None or score >= 1)):
            continue
        details = audit.get("details") or {}
        items = details.get("items") if isinstance(details, dict) else None
        failing[ref["id"]] = {
            "title": audit.get("title", ref["id"]),
            "score": score,
            "weight": ref.get("weight", 0),
            "displayValue": audit.get("displayValue"),
            "errorMessage": audit.get("errorMessage"),
            "items": [t for t in (_trim_item(i) for i in items if isinstance(i, dict)) if t]
                     if isinstance(items, list) else [],
        }
    return failing


def scores_of(lhr: dict[str, Any]) -> dict[str, int | None]:
    """0-100 score per category of one report (None when Lighthouse could not score it)."""
    out: dict[str, int | None] = {}
    for cat in CATEGORIES:
        score = lhr["categories"].get(cat, {}).get("score")
        out[cat] = None if score is None else round(score * 100)
    return out


def benchmark(base_url: str, runs: int, desktop: bool,
              pages: Sequence[tuple[str, str]] = PAGES) -> tuple[list[PageResult], str]:
    """Run Lighthouse `runs` times per page; return per-page results and the Lighthouse version."""
    results: list[PageResult] = []
    version = "?"
    for name, path in pages:
        page = PageResult(name=name, url=base_url + path)
        for i in range(runs):
            print(f"  {name} /{path} run {i + 1}/{runs} ...", file=sys.stderr, flush=True)
            lhr = run_lighthouse(page.url, desktop)
            version = lhr.get("lighthouseVersion", version)
            page.run_scores.append(scores_of(lhr))
            for cat in CATEGORIES:
                for audit_id, info in failing_audits(lhr, cat).items():
                    entry = page.failing.setdefault(cat, {}).setdefault(audit_id, {**info, "failedRuns": 0})
                    entry["failedRuns"] += 1
        results.append(page)
    return results, version


def _fmt(score: int | None) -> str:
    """Format a score for the table."""
    return "-" if score is None else str(score)


def print_report(results: list[PageResult], base_url: str, runs: int, form_factor: str) -> None:
    """Print the score table and, for each category below 100, its failing audits."""
    print(f"\nLighthouse, {form_factor}, median of {runs} run(s)\n")
    headers = ["Page", *CATEGORIES.values()]
    rows = [[f"{r.name} /{r.url.removeprefix(base_url)}", *(_fmt(r.median(c)) for c in CATEGORIES)]
            for r in results]
    widths = [max(len(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    line = "  ".join(h.ljust(w) if i == 0 else h.rjust(w) for i, (h, w) in enumerate(zip(headers, widths,
                                                                                          strict=True)))
    print(line)
    print("-" * len(line))
    for row in rows:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(row, widths, strict=True))))
    for r in results:
        for cat, label in CATEGORIES.items():
            score = r.median(cat)
            if score is None or score >= 100:
                continue
            print(f"\n{r.name} /{r.url.removeprefix(base_url)} - {label} {_fmt(score)}:")
            audits = sorted(r.failing.get(cat, {}).items(), key=lambda kv: -float(kv[1]["weight"]))
            if not audits:
                print("  (no individual failing audit; score is below 100 only on some runs)")
            for audit_id, info in audits:
                extra = f" - {info['displayValue']}" if info.get("displayValue") else ""
                runs_note = f" [{info['failedRuns']}/{runs} runs]" if runs > 1 else ""
                print(f"  {audit_id}: {info['title']}{extra}{runs_note}")
                if info.get("errorMessage"):
                    print(f"      error: {info['errorMessage']}")
                if cat == "performance":
                    continue  # resource lists are in the JSON; the titles say enough here
                for item in info["items"][:MAX_ITEMS_PRINTED]:
                    print(f"      {_item_line(item)}")
                if len(info["items"]) > MAX_ITEMS_PRINTED:
                    print(f"      ... {len(info['items']) - MAX_ITEMS_PRINTED} more in the JSON")


def _item_line(item: dict[str, Any]) -> str:
    """One-line summary of a trimmed details item."""
    if "selector" in item:
        text = f"{item['selector']}  {item.get('snippet', '')}"
        if item.get("explanation"):
            text += f"  | {item['explanation']}"
        return text
    parts = [str(item[k]) for k in ("description", "url", "sourceUrl", "label") if item.get(k)]
    parts += [f"{k}={round(item[k])}" for k in ("wastedMs", "wastedBytes")
              if isinstance(item.get(k), int | float)]
    return "  ".join(parts) or json.dumps(item)[:200]


def write_json(results: list[PageResult], path: Path, runs: int, form_factor: str, version: str,
               base_url: str) -> None:
    """Write medians, per-run scores and failing audits to `path`."""
    path.parent.mkdir(parents=True, exist_ok=True)
    gitignore = RESULTS / ".gitignore"
    if path.parent == RESULTS and not gitignore.exists():
        gitignore.write_text("*\n!.gitignore\n", encoding="utf-8")
    data = {
        "lighthouseVersion": version,
        "formFactor": form_factor,
        "runs": runs,
        "pages": [
            {
                "name": r.name,
                "path": "/" + r.url.removeprefix(base_url),
                "scores": {c: r.median(c) for c in CATEGORIES},
                "runScores": r.run_scores,
                "failingAudits": r.failing,
            }
            for r in results
        ],
    }
    path.write_text(json.dumps(data, indent=2) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    """Command-line entry point; returns the exit code."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--build", action="store_true", help="build site/ first (python -m generator build)")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per page; the median is reported (default 3)")
    parser.add_argument("--desktop", action="store_true",
                        help="use Lighthouse's desktop preset (default mobile)")
    parser.add_argument("--site", type=Path, default=SITE,
                        help="the built site to serve (default site/); e.g. a bench corpus's")
    parser.add_argument("--page", action="append", default=[], metavar="NAME=PATH",
                        help="a page to score instead of the default four, e.g. "
                             "exercise=exercises/ex-00500/ (repeatable)")
    parser.add_argument("--output", type=Path, default=None,
                        help="JSON results file (default bench/results/lighthouse.json, "
                             "lighthouse-desktop.json with --desktop)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if any("=" not in p for p in args.page):
        parser.error("--page takes NAME=PATH, e.g. exercise=exercises/ex-00500/")
    pages = [(p.split("=", 1)[0], p.split("=", 1)[1]) for p in args.page] or list(PAGES)
    site: Path = args.site
    form_factor = "desktop" if args.desktop else "mobile"
    output: Path = args.output or RESULTS / ("lighthouse-desktop.json" if args.desktop else "lighthouse.json")

    if args.build:
        venv_python = REPO / ".venv" / "bin" / "python"
        python = str(venv_python) if venv_python.exists() else sys.executable
        if subprocess.run([python, "-m", "generator", "build"], cwd=REPO, check=False).returncode != 0:
            print("error: site build failed (python -m generator build)", file=sys.stderr)
            return 2
    if not (site / "index.html").is_file():
        print("error: site/ not built; run `.venv/bin/python -m generator build` or pass --build",
              file=sys.stderr)
        return 2
    for tool in (LIGHTHOUSE, CHROME):
        if not tool.exists():
            print(f"error: {tool} not found (npm ci / install chromium)", file=sys.stderr)
            return 1

    with serve(site) as base_url:
        try:
            results, version = benchmark(base_url, args.runs, args.desktop, pages)
        except LighthouseError as exc:
            print(f"error: Lighthouse failed: {exc}", file=sys.stderr)
            return 1
    print_report(results, base_url, args.runs, form_factor)
    write_json(results, output, args.runs, form_factor, version, base_url)
    shown = output.relative_to(REPO) if output.is_relative_to(REPO) else output
    print(f"\nLighthouse {version}; results written to {shown}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
