"""The scale benchmark's figure numbers (issue 12): bytes the figures add to built pages, and the
one-line summary `bench.run` prints for each size. The timings come from `bench.stage figures`
and from `bench.stage.TIMED` inside the build.
"""

from __future__ import annotations

import gzip
import re
import statistics
from collections.abc import Sequence
from pathlib import Path
from typing import Any

# Timed inside the build (bench.stage.TIMED): the figures checked against the body (inside
# read_site) and drawn (inside render_site and the cheat sheets, once per distinct figure).
FIGURE_STAGES = ("check_figure", "_html")
# The `figures` stage's timings, as medians over the runs.
FIGURE_TIMES = ("ms_per_frame", "solve_ms_per_frame", "draw_ms_per_frame", "warm_ms_per_frame",
                "figures_cold_ms")
FIGURE_HTML = re.compile(rb'<figure class="sg-figure".*?</figure>', re.S)


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def figure_bytes(d: dict[str, Any], site: Path, exercise_pages: Sequence[Path]) -> list[str]:
    """Record in `d` what the figures add to the built pages; return notes on pages without one.

    Each exercise page's <figure> element, raw, and what it adds to the page gzipped (the page
    with it minus the page without it); all the figures on a routine page (one per folded
    exercise), raw; and the size of the figures' stylesheet, which every page links."""
    raw: list[int] = []
    gz: list[int] = []
    for page in exercise_pages:
        html = page.read_bytes()
        found = FIGURE_HTML.search(html)
        if found is None:
            continue
        raw.append(len(found[0]))
        gz.append(_gz(html) - _gz(html[:found.start()] + html[found.end():]))
    d["figure_pages"] = len(raw)
    if raw:
        d["figure_page_bytes_mean"] = round(statistics.mean(raw), 1)
        d["figure_page_bytes_max"] = max(raw)
        d["figure_page_gzip_bytes_mean"] = round(statistics.mean(gz), 1)
        d["figure_page_gzip_bytes_max"] = max(gz)
    routine = [sum(len(m) for m in FIGURE_HTML.findall(p.read_bytes()))
               for p in sorted(site.glob("routines/*/index.html"))]
    if routine:
        d["figure_routine_page_bytes_mean"] = round(statistics.mean(routine), 1)
    css = site / "assets" / "stylesheets" / "figure.css"
    if css.is_file():
        d["figure_css_bytes"] = css.stat().st_size
    missing = len(exercise_pages) - len(raw)
    return [f"{missing} exercise pages show no figure"] if missing else []


def _kb(value: float | None) -> str:
    return "–" if value is None else f"{value / 1024:.1f}"


def _ms(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def figure_line(m: dict[str, float], d: dict[str, Any]) -> str | None:
    """One line on the figures at one size: frames, distinct poses, time and bytes."""
    if not d.get("frames"):
        return None
    text = (f"{d['figures']} figures, {d['frames']} frames, {d['poses']} distinct poses; drawn "
            f"cold {_ms(m.get('ms_per_frame'))} ms per frame (placed "
            f"{_ms(m.get('solve_ms_per_frame'))} + drawn {_ms(m.get('draw_ms_per_frame'))}), "
            f"warm {_ms(m.get('warm_ms_per_frame'))}; SVG {_kb(d.get('svg_bytes_mean'))} KB per "
            f"frame, largest {_kb(d.get('svg_bytes_max'))} KB")
    if d.get("figure_page_bytes_mean") is not None:
        text += (f"; per exercise page {_kb(d['figure_page_bytes_mean'])} KB mean, "
                 f"{_kb(d['figure_page_bytes_max'])} KB max raw, "
                 f"{_kb(d['figure_page_gzip_bytes_mean'])} KB mean, "
                 f"{_kb(d['figure_page_gzip_bytes_max'])} KB max gzipped")
    if d.get("figure_routine_page_bytes_mean") is not None:
        text += f"; per routine page {_kb(d['figure_routine_page_bytes_mean'])} KB raw"
    if d.get("figure_css_bytes") is not None:
        text += f"; figure.css {d['figure_css_bytes']} B"
    check, load = m.get("figure_check_ms"), m.get("load_ms")
    if check is not None and load is not None:
        text += f"; checking them takes {check:.0f} ms of read_site's {load:.0f} ms"
    inside = [m.get(f"in_build_{n}_ms") for n in FIGURE_STAGES]
    if inside[0] is not None and inside[1] is not None:
        text += f"; in the warm build: checked {inside[0]:.0f} ms, drawn {inside[1]:.0f} ms"
    return text
