"""Render stage, pictures: an exercise's photo as one `<figure>` with a responsive `<picture>`.

The browser picks the smallest size that is sharp at the width the picture is shown (`srcset`
with `sizes`), WebP where it can, the original's format otherwise; `width` and `height` give the
box its shape before the picture arrives (no layout shift); pictures below the fold load only
when scrolled to. Content text goes through `text.to_html` only; the alt text is plain text
escaped for an attribute. The credit and licence are shown once, in the picture's caption, and
kept out of the search index (a credit repeated on every exercise was a third of the index).
"""

from __future__ import annotations

import html
from collections.abc import Callable

from ..model import Image, Line, Plain
from ..text import to_html
from .check import Picture

# How wide the picture is shown: the full width on a phone (Material's one-column layout ends
# at 45em), at most the content column (about 700 px) elsewhere. A hint for choosing a size:
# the layout itself comes from the theme's `max-width: 100%`.
SIZES = "(max-width: 45em) 100vw, 720px"


def _attribute(line: Line) -> str:
    """Content text as plain words in an HTML attribute (no markup there; quotes escaped)."""
    return to_html(Line((Plain(line.plain),), line.source))


def picture_html(image: Image, picture: Picture, url: Callable[[str], str]) -> str:
    """`image` as one line of HTML: a `<figure>` holding its `<picture>` and caption. `url`
    turns a site path (images/...) into an address relative to the page."""
    sizes = picture.sizes()
    fallback = picture.format

    def srcset(fmt: str) -> str:
        return ", ".join(f"{html.escape(url(picture.uri(w, fmt)))} {w}w" for w, _ in sizes)

    width, height = sizes[-1]
    source = ("" if fallback == "WEBP" else
              f'<source type="image/webp" srcset="{srcset("WEBP")}" sizes="{SIZES}">')
    img = (f'<img src="{html.escape(url(picture.uri(width, fallback)))}" '
           f'srcset="{srcset(fallback)}" sizes="{SIZES}" width="{width}" height="{height}" '
           f'alt="{_attribute(image.alt)}" loading="lazy" decoding="async">')
    return (f'<figure class="sg-picture"><picture>{source}{img}</picture>'
            f"{_caption(image)}</figure>")


def _caption(image: Image) -> str:
    """The caption, then the credit and licence on a line of their own, out of search."""
    credit = ""
    if image.credit is not None:
        credit = "Picture: " + to_html(image.credit)
        if image.license is not None:
            credit += f" ({to_html(image.license)})"
    elif image.license is not None:
        credit = "Licence: " + to_html(image.license)
    parts = [to_html(image.caption)] if image.caption is not None else []
    if credit:
        parts.append(f'<small class="sg-credit" data-search-exclude>{credit}</small>')
    return f"<figcaption>{'<br>'.join(parts)}</figcaption>" if parts else ""
