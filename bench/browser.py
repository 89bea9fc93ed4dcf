"""The exercise browser at scale: its page's weight and how fast a facet narrows the list.

`python -m bench.browser SITE` serves a built site (gzipped, as `tests/static_server.py` does)
and opens `exercises/` in headless Chromium on a desktop and on a phone screen. It reports the
page's bytes (raw and gzipped), how many entries it lists, and the time a facet change takes,
measured with `performance.now()` around a click on a facet's box: the script alone (the click
runs the filter synchronously), and the script plus the layout the browser then needs (read
back at once through `offsetHeight`). Each figure is the median and the worst of several
changes between all exercises and one position, and between one position and another.

Targets (issue 13, at N = 1,000): the page at most 60 KB gzipped; a facet change within
100 ms. A benchmark, not a test: nothing fails on a slow machine. `bench/run.py` reports the
bytes for every N; this adds the timings.
"""

from __future__ import annotations

import argparse
import gzip
import json
import statistics
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
CHANGES = 10  # facet changes timed per kind of change

# Runs in the page: ticks and unticks the first two positions, timing each change.
_MEASURE = """async (changes) => {
  const boxes = [...document.querySelectorAll('.sg-facets input[name=position]')];
  if (boxes.length < 2) return null;
  const frame = () => new Promise(r => requestAnimationFrame(() => setTimeout(r, 0)));
  const out = {script: [], layout: []};
  const time = async (box) => {
    await frame();
    const start = performance.now();
    box.click();
    const ran = performance.now();
    document.body.offsetHeight;
    out.script.push(ran - start);
    out.layout.push(performance.now() - start);
  };
  for (let i = 0; i < changes; i++) {
    await time(boxes[0]);  // all -> one position
    await time(boxes[1]);  // -> two positions
    await time(boxes[0]);  // -> the other one
    await time(boxes[1]);  // -> all again
  }
  return {...out, entries: document.querySelectorAll('.sg-entries > li').length};
}"""


def page_bytes(site: Path) -> dict[str, int]:
    """The browser page's size, raw and gzipped (level 6, as static hosts serve it)."""
    raw = (site / "exercises" / "index.html").read_bytes()
    return {"bytes": len(raw), "gzip_bytes": len(gzip.compress(raw, compresslevel=6, mtime=0))}


def timings(site: Path, changes: int = CHANGES) -> dict[str, Any]:
    """Facet-change timings (ms, median and worst) on a desktop and on a phone screen."""
    sys.path.insert(0, str(REPO))
    from playwright.sync_api import sync_playwright

    from tests.browser import CHROMIUM, FLAGS, VIEWPORTS
    from tests.static_server import serve

    out: dict[str, Any] = {}
    with serve(site) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, options in VIEWPORTS.items():
            context = browser.new_context(**options)
            page = context.new_page()
            page.goto(base + "exercises/", wait_until="load")
            result = page.evaluate(_MEASURE, changes)
            context.close()
            if result is None:
                continue
            out[name] = {"entries": result["entries"], **{
                f"{kind}_ms": {"median": round(statistics.median(result[kind]), 1),
                               "max": round(max(result[kind]), 1)}
                for kind in ("script", "layout")}}
        browser.close()
    return out


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: measure one built site."""
    p = argparse.ArgumentParser(prog="python -m bench.browser", description=__doc__.split("\n")[0])
    p.add_argument("site", type=Path, help="a built site folder (with exercises/index.html)")
    p.add_argument("--changes", type=int, default=CHANGES)
    args = p.parse_args(argv)
    if not (args.site / "exercises" / "index.html").is_file():
        print(f"no exercise browser in {args.site}: build the site first", file=sys.stderr)
        return 2
    print(json.dumps({**page_bytes(args.site), **timings(args.site, args.changes)}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
