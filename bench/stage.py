"""One measured stage in a fresh process: `python -m bench.stage STAGE ROOT [ARGS]`.

Run with the corpus ROOT as the working directory, so `generator` is imported from the corpus
copy (the runner puts this repository on PYTHONPATH for `bench`). The last line on stdout is
`BENCH {json}`: the stage's own wall times in ms, counts, and the process's peak RSS in MB.
Stages:

    check ROOT                     read_site (load + validate + cross-reference), and the time
                                   spent in it checking figures against the body
    figures ROOT                   every exercise's figure drawn from a cold placement memo:
                                   solve_frame per frame, then draw_frames per figure
    render ROOT                    read_site, then render_site
    write ROOT OUT                 read_site, render_site, write_pages into OUT twice
    cheatsheets ROOT SAMPLE        render_cheat_sheets, then PDFs of SAMPLE routines (no cache)
    build ROOT SITE_DIR            generator.cli.main: the whole strict build, and the
                                   time spent in each generator stage within it
    plaindocs ROOT                 prepare ROOT/plain-docs and ROOT/mkdocs-plain.yml
    mkdocs ROOT CONFIG SITE_DIR    plain `mkdocs build` (no hook)
"""

from __future__ import annotations

import contextlib
import json
import re
import resource
import shutil
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

PREFIX = "BENCH "
PLAIN_DOCS = "plain-docs"
PLAIN_CONFIG = "mkdocs-plain.yml"


def _ms(start: float) -> float:
    return round((time.perf_counter() - start) * 1000, 2)


def peak_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is in KB on Linux)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def _read(root: Path) -> tuple[Any, float]:
    import generator

    start = time.perf_counter()
    site = generator.read_site(root)
    return site, _ms(start)


def check(root: Path) -> dict[str, Any]:
    """Time read_site: load, validate and cross-reference; and the figure checks within it."""
    spent: dict[str, float] = {}
    _time_calls(spent, (("generator.figure.spec", "check_figure"),))
    site, load_ms = _read(root)
    return {"load_ms": load_ms, "exercises": len(site.exercises), "routines": len(site.routines),
            **({"figure_check_ms": round(spent["check_figure"], 2)} if "check_figure" in spent else {})}


def figures(root: Path) -> dict[str, Any]:
    """Time drawing every exercise's figure as the renderer does (solve_frame for each frame,
    then draw_frames), from a cold placement memo, then again with the memo warm."""
    import generator.figure.solve as solve
    from generator.figure import solve_frame
    from generator.figure.draw import draw_frames

    site, load_ms = _read(root)
    drawn = [e.figure for e in site.exercises.values() if e.figure is not None]
    frames = [fr for f in drawn for fr in f.frames]
    solve._placed.cache_clear()  # read_site placed poses while checking: start cold
    solve_s = draw_s = 0.0
    sizes: list[int] = []
    for f in drawn:
        start = time.perf_counter()
        scenes = [solve_frame(fr) for fr in f.frames]
        middle = time.perf_counter()
        svgs = draw_frames(scenes, f.view, f.arrow)
        solve_s, draw_s = solve_s + middle - start, draw_s + time.perf_counter() - middle
        sizes += [len(svg.encode("utf-8")) for svg in svgs]
    solve_ms, draw_ms = solve_s * 1000, draw_s * 1000
    start = time.perf_counter()
    for f in drawn:  # what drawing costs once validation has placed every pose (a build)
        draw_frames([solve_frame(fr) for fr in f.frames], f.view, f.arrow)
    warm_ms = _ms(start)
    count = max(len(frames), 1)
    return {"load_ms": load_ms, "figures": len(drawn), "frames": len(frames),
            "poses": len({fr.pose for fr in frames}), "figures_cold_ms": round(solve_ms + draw_ms, 2),
            "solve_ms": round(solve_ms, 2), "draw_ms": round(draw_ms, 2), "figures_warm_ms": warm_ms,
            "ms_per_frame": round((solve_ms + draw_ms) / count, 4),
            "solve_ms_per_frame": round(solve_ms / count, 4),
            "draw_ms_per_frame": round(draw_ms / count, 4),
            "warm_ms_per_frame": round(warm_ms / count, 4),
            "svg_bytes_mean": round(sum(sizes) / count, 1), "svg_bytes_max": max(sizes, default=0)}


def render(root: Path) -> dict[str, Any]:
    """Time read_site, then render_site separately."""
    from generator.render import render_site

    site, load_ms = _read(root)
    start = time.perf_counter()
    pages = render_site(site)
    return {"load_ms": load_ms, "render_ms": _ms(start), "pages": len(pages)}


def write(root: Path, out: Path) -> dict[str, Any]:
    """Time the first write of the Markdown into a fresh `out`, then an unchanged rewrite."""
    from generator.render import render_site
    from generator.write import write_pages

    site, load_ms = _read(root)
    start = time.perf_counter()
    pages = render_site(site)
    render_ms = _ms(start)
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    written = write_pages(pages, out)
    write_ms = _ms(start)
    start = time.perf_counter()
    rewritten = write_pages(pages, out)
    return {"load_ms": load_ms, "render_ms": render_ms, "write_ms": write_ms, "written": written,
            "rewrite_ms": _ms(start), "rewritten": rewritten, "pages": len(pages)}


def cheatsheets(root: Path, sample: int) -> dict[str, Any]:
    """Time the cheat-sheet HTML for every routine and uncached PDFs for an evenly spread sample."""
    from generator.cheatsheet import PAPERS, render_cheat_sheets, render_pdf
    from generator.sheetfit import sheet_base

    site, _ = _read(root)
    site_url = sheet_base(site)  # as the build does
    start = time.perf_counter()
    sheets = render_cheat_sheets(site, site_url)
    html_ms = _ms(start)
    start = time.perf_counter()
    import weasyprint  # noqa: F401  (imported here so its import time is not charged to a PDF)

    import_ms = _ms(start)
    count = min(sample, len(sheets))
    picked = [sheets[i * len(sheets) // count] for i in range(count)]
    first_ms = 0.0
    if picked:  # the first PDF also loads fonts: timed separately, not counted per PDF
        start = time.perf_counter()
        render_pdf(picked[0].html, "a4", None)
        first_ms = _ms(start)
    times, overflow = [], []
    for sheet in picked:
        for paper in PAPERS:
            start = time.perf_counter()
            pdf = render_pdf(sheet.html, paper, None)
            times.append(_ms(start))
            if pdf.pages > 1:
                overflow.append(f"{sheet.routine.path} ({paper}: {pdf.pages} pages)")
    each = round(sum(times) / len(times), 2) if times else 0.0
    return {"routines": len(sheets), "html_ms": html_ms, "weasyprint_import_ms": import_ms,
            "first_pdf_ms": first_ms, "sampled_routines": len(picked), "pdfs": len(times),
            "pdf_ms_each": each, "overflow": overflow,
            "estimate_all_s": round(each * len(sheets) * len(PAPERS) / 1000, 2)}


# The generator's own stages inside `build`, timed where they run: (module, function) pairs,
# patched before the CLI and the hook import them by name.
TIMED = (("generator", "read_site"), ("generator.render", "render_site"),
         ("generator.cheatsheet", "render_cheat_sheets"), ("generator.cheatsheet", "render_pdfs"),
         ("generator.write", "_swap"),
         # Inside read_site: the figures checked against the body; inside render_site and the
         # cheat sheets: the figures drawn (each distinct figure once, then memoised).
         ("generator.figure.spec", "check_figure"), ("generator.figures", "_html"))


def _time_calls(spent: dict[str, float], calls: Sequence[tuple[str, str]] = TIMED) -> None:
    import importlib

    for module_name, name in calls:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue  # a tree from before that stage existed
        original = getattr(module, name, None)
        if original is None:
            continue

        def timed(*args: Any, _original: Any = original, _name: str = name, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return _original(*args, **kwargs)
            finally:
                spent[_name] = spent.get(_name, 0.0) + _ms(start)

        setattr(module, name, timed)


def build(root: Path, site_dir: Path) -> dict[str, Any]:
    """The whole `python -m generator --root ROOT build --site-dir SITE_DIR`, in this process,
    with the time spent in each of the generator's stages (`TIMED`)."""
    spent: dict[str, float] = {}
    _time_calls(spent)
    from generator.cli import main
    from generator.render import pages_rendered

    start = time.perf_counter()
    with contextlib.redirect_stdout(sys.stderr):
        rc = main(["--root", str(root), "build", "--site-dir", str(site_dir)])
    return {"rc": rc, "build_ms": _ms(start), "spent_ms": spent, "pages_rendered": pages_rendered()}


def plaindocs(root: Path) -> dict[str, Any]:
    """Write the hook's pages, cheat sheets and PDFs into plain-docs/, and a hook-free mkdocs.yml."""
    from generator.cache import cache_dir
    from generator.cheatsheet import PAPERS, render_cheat_sheets, render_pdf
    from generator.render import render_site
    from generator.sheetfit import sheet_base
    from generator.write import write_pages

    site, _ = _read(root)
    docs = root / PLAIN_DOCS
    shutil.rmtree(docs, ignore_errors=True)
    pages = render_site(site)
    write_pages(pages, docs)
    shutil.copytree(root / "content" / "pages", docs, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns("__pycache__"))
    site_url = sheet_base(site)  # as the build does
    cache = cache_dir() / "pdf"
    sheets = render_cheat_sheets(site, site_url)
    for sheet in sheets:
        target = docs / sheet.html_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(sheet.html, encoding="utf-8")
        for paper in PAPERS:
            (docs / sheet.pdf_uri(paper)).write_bytes(render_pdf(sheet.html, paper, cache).data)
    text = (root / "mkdocs.yml").read_text(encoding="utf-8")
    (root / PLAIN_CONFIG).write_text(plain_config(text), encoding="utf-8")
    return {"pages": len(pages), "sheets": len(sheets)}


def plain_config(text: str) -> str:
    """mkdocs.yml text without the `hooks:` entry and with `docs_dir: plain-docs`."""
    out: list[str] = []
    skipping = False
    for line in text.splitlines():
        if skipping and (line.startswith((" ", "-", "\t")) or not line.strip()):
            continue
        skipping = line.startswith("hooks:")
        if skipping:
            continue
        out.append(f"docs_dir: {PLAIN_DOCS}" if re.match(r"docs_dir\s*:", line) else line)
    if not any(line.startswith("docs_dir:") for line in out):
        out.insert(0, f"docs_dir: {PLAIN_DOCS}")
    return "\n".join(out) + "\n"


def mkdocs(root: Path, config: Path, site_dir: Path) -> dict[str, Any]:
    """Plain `mkdocs build -f CONFIG -d SITE_DIR` in this process."""
    from mkdocs.__main__ import cli

    start = time.perf_counter()
    rc = 0
    try:
        cli.main(["build", "-q", "-f", str(config), "-d", str(site_dir)], standalone_mode=False)
    except Exception as err:  # MkDocs' Abort on a strict-mode warning
        print(f"mkdocs failed: {err}", file=sys.stderr)
        rc = 1
    return {"rc": rc, "build_ms": _ms(start), "root": str(root)}


STAGES: dict[str, Callable[..., dict[str, Any]]] = {
    "check": check, "figures": figures, "render": render, "write": write,
    "cheatsheets": cheatsheets, "build": build, "plaindocs": plaindocs, "mkdocs": mkdocs,
}


def main(argv: Sequence[str] | None = None) -> int:
    """Run one stage and print `BENCH {json}` with its results and peak memory."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] not in STAGES:
        print(__doc__, file=sys.stderr)
        return 2
    stage, rest = args[0], args[1:]
    values: list[Any] = [Path(a).resolve() if not a.isdigit() else int(a) for a in rest]
    result = STAGES[stage](*values)
    result["peak_mb"] = peak_mb()
    print(PREFIX + json.dumps(result))
    return int(result.get("rc", 0))


if __name__ == "__main__":
    raise SystemExit(main())
