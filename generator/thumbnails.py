"""Render stage, thumbnails: each exercise's figure as a small SVG file for the exercise browser.

Inline, a thousand drawings would weigh 800 KB gzipped on the browser page (a frame is about
5 KB, 0.8 KB gzipped); as files loaded lazily by `<img loading="lazy">`, the page stays small, a
reader fetches only the ones scrolled into view, and it all works without JavaScript.

A thumbnail is the figure's last frame (in a two-frame figure, the position the exercise is
about: the bridge up, the arms lowered), without frame number or arrow, with lines that keep
their width when the picture is shrunk to list size. An SVG shown by `<img>` cannot inherit the
page's colours, so it is drawn black on white (the site's stylesheet inverts it in dark mode).
Thumbnails are kept between builds by the exercise file's digest: drawing one takes about 2 ms.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path

from .cache import Reuse, page_cache
from .figure import solve_frame
from .figure.draw import draw_frames
from .model import Exercise
from .xref import Site

# Lines drawn at screen width whatever the picture's size: at a quarter of its natural size a
# 1.6-unit line would be half a pixel.
_STYLE = "<style>*{vector-effect:non-scaling-stroke}</style>"
_WIDTH = re.compile(r'stroke-width="([0-9.]+)"')
_THINNER = 0.75  # lines at 1.2 px: at 1.6 the small figures looked heavy


def thumbnail_uri(e: Exercise) -> str:
    """Where an exercise's thumbnail is published, beside its page."""
    return f"exercises/{e.slug}/thumb.svg"


def thumbnail_svg(e: Exercise) -> str:
    """The exercise's thumbnail as a standalone SVG document ('' without a figure)."""
    if e.figure is None:
        return ""
    scene = solve_frame(e.figure.frames[-1])
    svg = draw_frames([scene], e.figure.view, None, numbers=False)[0]
    svg = svg.replace(' class="sg-frame"', "", 1).replace(">", ">" + _STYLE, 1)
    svg = _WIDTH.sub(lambda m: f'stroke-width="{float(m.group(1)) * _THINNER:g}"', svg)
    return svg.replace("currentColor", "#000") + "\n"


def thumbnail_cache(root: Path) -> Path:
    """The thumbnails kept for the repository at `root`, by what they show."""
    pages = page_cache(root)
    return pages.with_name(pages.stem + "-thumbs.json")


def _load(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a thumbnail")
    return value


_THUMBS: Reuse[str] = Reuse(lambda svg: svg, _load)


def render_thumbnails(site: Site, cache: Path | None = None) -> list[tuple[str, str]]:
    """(site path, SVG) of every exercise's thumbnail; with a `cache` file
    (`thumbnail_cache`), those of unchanged exercise files are reused, not drawn again."""
    _THUMBS.start(keep=cache is not None, file=cache)
    out = []
    for e in site.content.exercises:
        if e.figure is not None:
            digest = site.digest((e,), "thumbnail")
            out.append((thumbnail_uri(e), _THUMBS.get(e.slug, digest,
                                                       functools.partial(thumbnail_svg, e))))
    _THUMBS.finish()
    return out
