"""The frames of a figure as one HTML `<figure>`, and every figure on one review page.

The figure is a single line of HTML with no blank line, because it is embedded in Markdown as
raw HTML (also inside Material's collapsible `<details>` blocks), where a blank line would end
the HTML block. Each frame is its own `<svg role="img">` named by its alt text; content text
arrives here as plain text (alts, escaped here) or as HTML already made by `text.to_html`.
"""

from __future__ import annotations

import functools
import html
from collections.abc import Sequence
from pathlib import Path

CSS = Path(__file__).with_name("figure.css")


def _named(svg: str, alt: str) -> str:
    """A frame's <svg> with role="img" and its alt text as the accessible name."""
    if not svg.startswith("<svg "):
        raise ValueError("a frame must be a single <svg> element")
    return f'<svg role="img" aria-label="{html.escape(alt, quote=True)}" {svg[5:]}'


def figure_html(
    svgs: Sequence[str], alts: Sequence[str], labels_html: Sequence[str], caption_html: str
) -> str:
    """The frames with their labels under them, as one `<figure>` with a caption (one line)."""
    if not len(svgs) == len(alts) == len(labels_html):
        raise ValueError("every frame needs one alt text and one label")
    frames = "".join(
        f'<div class="sg-step">{_named(svg, alt)}<div class="sg-label">{label}</div></div>'
        for svg, alt, label in zip(svgs, alts, labels_html, strict=True)
    )
    caption = f"<figcaption>{caption_html}</figcaption>" if caption_html else ""
    out = (f'<figure class="sg-figure" data-search-exclude><div class="sg-frames">{frames}</div>'
           f"{caption}</figure>")
    # Content HTML never holds a raw newline that matters; keep the block on one line anyway.
    return " ".join(out.splitlines())


@functools.cache
def figure_css() -> str:
    """The figures' stylesheet (figure.css), for pages that include it inline."""
    return CSS.read_text(encoding="utf-8")


_SHEET_CSS = (
    "body{margin:1.5rem;font:15px/1.4 system-ui,sans-serif;color:#111;background:#fff}"
    "h1{font-size:1.4rem;margin:0 0 .25rem}"
    ".sg-sheet{display:grid;grid-template-columns:repeat(auto-fill,minmax(22rem,1fr));gap:1rem}"
    ".sg-sheet>section{border:1px solid #ccc;border-radius:4px;padding:.5rem .75rem;break-inside:avoid}"
    ".sg-sheet h2{font-size:1rem;margin:0 0 .25rem}"
    "@media (prefers-color-scheme:dark){body{color:#eee;background:#1e1e1e;--md-default-bg-color:#1e1e1e}"
    ".sg-sheet>section{border-color:#555}}"
)


def contact_sheet_html(entries: Sequence[tuple[str, str]]) -> str:
    """A standalone page showing every figure in a grid, for reviewing them all at once.

    `entries` are (title HTML, figure HTML) pairs, both already escaped."""
    cells = "".join(f"<section><h2>{title}</h2>{figure}</section>" for title, figure in entries)
    count = f"{len(entries)} figure{'s' if len(entries) != 1 else ''}"
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        "<title>Exercise figures: contact sheet</title>\n"
        f"<style>{figure_css()}{_SHEET_CSS}</style>\n</head>\n<body>\n"
        f"<h1>Exercise figures</h1>\n<p>{count}, each frame numbered, with its label and "
        "caption. The far side's limbs are drawn lighter.</p>\n"
        f'<main class="sg-sheet">{cells}</main>\n</body>\n</html>\n'
    )
