"""Render stage, exercise lists: the exercise browser (A to Z with facets) and compact entries.

The browser page lists every exercise from A to Z in letter sections with a jump bar and
counts, each entry a linked title, a one-line summary, small facts and the figure's thumbnail
(a file loaded lazily, see `thumbnails.py`). That much is plain HTML and works without
JavaScript. Each entry also carries its facet values in `data-f` ("p-sitting a-mid-back
l-beginner"), and the facet controls wait in an inert `<template>`: the page's own script
(`overrides/assets/javascripts/exercise-browser.js`) adds them and filters in the browser.

HTML rather than Markdown, built here rather than in a template: a thousand entries were most of
an index page's conversion time (see `Renderer.index_list`). Content text goes through
`html.escape` (titles and summaries as plain text: a link inside a linked title would nest
links), addresses are made from validated slugs, and labels come from the vocabulary.
"""

from __future__ import annotations

import html
import string
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from .model import LEVELS, Exercise
from .thumbnails import thumbnail_uri
from .xref import Site

LETTERS = tuple(string.ascii_uppercase)
OTHER = "#"  # titles that start with a digit or a letter outside A to Z
NONE = "none"  # the facet value of an exercise with no equipment (or no kind)
SCRIPT = "assets/javascripts/exercise-browser.js"
THUMB_SIZE = (72, 54)  # CSS px of a thumbnail's box; the drawing keeps its own proportions


@dataclass(frozen=True, slots=True)
class Facet:
    """One way to narrow the list: its URL parameter, token prefix, heading and values."""

    name: str  # the URL parameter: ?position=sitting
    prefix: str  # the letter before each value in an entry's data-f
    legend: str
    values: tuple[tuple[str, str], ...]  # (value, label), in vocabulary order


def sort_key(e: Exercise) -> tuple[str, str]:
    """Alphabetical order by title as readers expect it: ignoring case and accents."""
    return _folded(e.title.plain), e.slug


def letter(e: Exercise) -> str:
    """The A-to-Z section of an exercise: the first letter of its title without accents."""
    for c in _folded(e.title.plain):
        if c.isalnum():
            return c.upper() if c.upper() in LETTERS else OTHER
    return OTHER


def _folded(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text)
                   if not unicodedata.combining(c)).casefold()


def facets(site: Site) -> tuple[Facet, ...]:
    """The facets of this site's exercises, leaving out values no exercise has (and facets
    with fewer than two values, which cannot narrow anything)."""
    exercises = site.content.exercises

    def terms(vocabulary: str) -> list[tuple[str, str]]:
        return [(slug, t.label) for slug, t in site.terms[vocabulary].items()
                if site.by_term[vocabulary][slug]]

    equipment = terms("equipment")
    if any(not e.equipment for e in exercises):
        equipment.append((NONE, "No equipment"))
    kinds = terms("kinds")
    if kinds and any(e.kind is None for e in exercises):
        kinds.append((NONE, "Other"))
    levels = [(v, v.capitalize()) for v in LEVELS if any(e.level == v for e in exercises)]
    every = (Facet("position", "p", "Position", tuple(terms("positions"))),
             Facet("area", "a", "Body area", tuple(terms("body_areas"))),
             Facet("equipment", "e", "Equipment", tuple(equipment)),
             Facet("level", "l", "Level", tuple(levels)),
             Facet("kind", "k", "Kind", tuple(kinds)))
    return tuple(f for f in every if len(f.values) > 1)


def tokens(e: Exercise) -> str:
    """An entry's facet values as `data-f` tokens, e.g. 'p-sitting a-mid-back e-none l-beginner'."""
    out = [f"p-{e.position}", *(f"a-{s}" for s in e.targets),
           *(f"e-{s}" for s in e.equipment or (NONE,)), f"l-{e.level}",
           f"k-{e.kind or NONE}"]
    return " ".join(out)


def facts(site: Site, e: Exercise) -> str:
    """The small facts shown under an entry (escaped HTML): level, position and kind."""
    parts = [e.level.capitalize(), site.term("positions", e.position).label]
    if e.kind is not None:
        parts.append(site.term("kinds", e.kind).label)
    return html.escape(" · ".join(parts))


def _count(n: int) -> str:
    return f"{n:,} exercise{'' if n == 1 else 's'}"


def browser_html(site: Site, href: Callable[[Exercise], str], link: Callable[[str], str]) -> str:
    """The browser with every exercise; `href` gives an exercise page's address from the page
    being rendered, and `link` the address of any other file (by its path in the site)."""
    return Browser(site, href, link).page(site.content.exercises)


class Browser:
    """Writes the browser page's HTML (addresses through `href` and `link`, see `browser_html`)."""

    def __init__(self, site: Site, href: Callable[[Exercise], str],
                 link: Callable[[str], str]) -> None:
        self.site = site
        self.href = href
        self.link = link

    def page(self, exercises: Sequence[Exercise]) -> str:
        """The whole browser: controls template, jump bar, letter sections, and the script."""
        ordered = sorted(exercises, key=sort_key)
        groups: dict[str, list[Exercise]] = {}
        for e in ordered:
            groups.setdefault(letter(e), []).append(e)
        names = [*LETTERS, OTHER] if OTHER in groups else list(LETTERS)
        sections = "".join(self._section(name, groups[name]) for name in names if name in groups)
        return (f'<div class="sg-browser" data-search-exclude data-total="{len(ordered)}">\n'
                f"{self._controls()}"
                f'<p class="sg-shown">{_count(len(ordered))}, from A to Z.</p>\n'
                f"{self._jump_bar(names, groups)}"
                f'<div class="sg-sections">\n{sections}</div>\n'
                '<p class="sg-empty" hidden>No exercise matches all of these. Clear a filter '
                "to see more.</p>\n</div>\n"
                f'<script src="{html.escape(self.link(SCRIPT))}" defer></script>\n')

    def _jump_bar(self, names: Sequence[str], groups: dict[str, list[Exercise]]) -> str:
        links = "".join(f'<a href="#{_anchor(n)}">{html.escape(n)}</a>' if n in groups
                        else f'<span aria-hidden="true">{html.escape(n)}</span>' for n in names)
        return f'<nav class="sg-az" aria-label="Jump to a letter">{links}</nav>\n'

    def _section(self, name: str, exercises: list[Exercise]) -> str:
        anchor = _anchor(name)
        items = "".join(self._entry(e) for e in exercises)
        shown = "Other" if name == OTHER else name
        return (f'<section class="sg-letter" aria-labelledby="{anchor}">'
                f'<h2 id="{anchor}">{html.escape(shown)} <span class="sg-n">'
                f"{_count(len(exercises))}</span></h2>\n"
                f'<ul class="exercise-index sg-entries">\n{items}</ul></section>\n')

    def _entry(self, e: Exercise) -> str:
        href = html.escape(self.href(e))
        aka = "|".join(a.plain for a in e.also_known_as)
        names = f' data-aka="{html.escape(aka)}"' if aka else ""
        width, height = THUMB_SIZE
        src = html.escape(self.link(thumbnail_uri(e)))
        thumb = (f'<img src="{src}" alt="" width="{width}" height="{height}" '
                 'loading="lazy" decoding="async">' if e.figure is not None else "")
        return (f'<li data-f="{tokens(e)}"{names}>{thumb}<a href="{href}">'
                f"{html.escape(e.title.plain)}</a>"
                f'<span class="sg-sum">{html.escape(e.summary.plain)}</span>'
                f'<span class="sg-facts">{facts(self.site, e)}</span></li>\n')

    def _controls(self) -> str:
        """The facet form, inert until the script clones it: without JavaScript nothing shows."""
        sets = []
        for f in facets(self.site):
            boxes = "".join(
                f'<label><input type="checkbox" name="{f.name}" value="{html.escape(v)}"> '
                f'{html.escape(label)} <span class="sg-c"></span></label>' for v, label in f.values)
            sets.append(f'<fieldset data-facet="{f.name}" data-prefix="{f.prefix}">'
                        f'<legend>{html.escape(f.legend)}</legend><div class="sg-opts">{boxes}'
                        "</div></fieldset>")
        return ('<template class="sg-controls"><details class="sg-filter">'
                '<summary>Filter <span class="sg-active"></span></summary>'
                '<form class="sg-facets" role="search" aria-label="Filter the exercises">'
                '<p class="sg-name"><label for="sg-name">Name contains</label> '
                '<input id="sg-name" type="search" name="name" autocomplete="off" spellcheck="false">'
                f'</p>{"".join(sets)}'
                '<p class="sg-buttons"><button type="button" class="sg-clear md-button">'
                "Clear all filters</button></p></form></details>"
                '<p class="sg-live sg-sr" role="status"></p></template>\n')


def _anchor(name: str) -> str:
    return "letter-other" if name == OTHER else f"letter-{name.lower()}"


def compact_entry(site: Site, e: Exercise, href: str) -> str:
    """An exercise as one short list item for the per-facet pages: its linked title and facts.

    No summary and no picture: an exercise appears there once per body area, and those pages
    list every exercise two or three times (the browser has the rest)."""
    return (f'<li><a href="{html.escape(href)}">{html.escape(e.title.plain)}</a> '
            f'<span class="sg-facts">{facts(site, e)}</span></li>\n')
