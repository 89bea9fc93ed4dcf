"""Cheat sheets that fit: the layout each routine's sheet prints in, and a notice when none fits
one page.

A sheet is printed in the first of `LAYOUTS` in which it is one page on A4 and on US Letter: the
first layout, tighter spacing, two columns, then condensed (two columns at 9pt, the smallest
type that still reads on paper). One that fits none is printed condensed, front and back, with
page numbers and the routine's name and QR code at the top of every page after the first, and
`check` and the build both say so in a notice (logged at INFO: strict mode stops on warnings,
and the build goes on). Layout 0 is tried first, then the last; a sheet too long for the last
is not tried in those between.

The build lays every sheet out for real (`fit_sheets`). `check` must say the same without laying
out a thousand sheets (`sheet_notices`): bounds on each sheet's height (`size`) settle
almost every sheet: under a page in the first layout (first beside the widest figures, then
beside their own, drawn only where it matters), or under a page in the condensed one (so some
layout fits), or over a page in both (a notice). The few they cannot settle are laid out
through the PDF cache the build then reads. Decisions are kept by the digest of what the sheet
shows, so a `check` after an unchanged one decides nothing again.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..cache import Reuse, package_version, page_cache
from ..model import Exercise, Routine
from ..problems import Problem, line_of
from ..xref import Site

LAYOUTS = ("regular", "tight", "columns", "condensed")
_CSS = {"tight": "cheatsheet-tight.css", "columns": "cheatsheet-columns.css",
        "condensed": "cheatsheet-condensed.css"}
# Page numbers, for a sheet printed on more than one page (in every layout they would say
# "Page 1 of 1" on a one-page sheet). Margin boxes do not move the sheet's content.
_PAGED = ('@page { @bottom-right { content: "Page " counter(page) " of " counter(pages); '
          'font: 9pt "Liberation Sans", Arial, Helvetica, sans-serif; } }')
_SLOT = '<style id="layout"></style>'  # in the template's head; content is escaped, never a tag
NOTICES = "mkdocs.hooks.stretch_guide.notices"  # the logger the build's notices go to


@functools.cache
def layout_css(layout: int) -> str:
    """The stylesheet that layout number `layout` adds to the first one (each adds to the ones
    before it)."""
    from ..cheatsheet import TEMPLATES

    return "".join((TEMPLATES / _CSS[name]).read_text(encoding="utf-8")
                   for name in LAYOUTS[1:layout + 1])


def variant(html: str, layout: int, paged: bool = False) -> str:
    """A sheet's HTML (made in the first layout) in layout number `layout`, with page numbers
    when `paged`."""
    if _SLOT not in html:
        raise ValueError("not a cheat sheet")
    css = layout_css(layout) + (_PAGED if paged else "")
    return html if not css else html.replace(_SLOT, f'<style id="layout">{css}</style>', 1)


@dataclass(frozen=True, slots=True)
class Fit:
    """Where a sheet ended up: its layout, its final HTML and its PDFs by paper."""

    routine: Routine
    layout: int
    html: str
    pdfs: dict[str, Any]  # paper -> cheatsheet.Pdf

    @property
    def pages(self) -> dict[str, int]:
        """Pages by paper."""
        return {paper: pdf.pages for paper, pdf in self.pdfs.items()}


def fit_sheets(sheets: Sequence[tuple[Routine, str]], cache: Path) -> list[Fit]:
    """Each (routine, HTML) sheet in the first of `LAYOUTS` in which it is one page on every
    paper; when even the last (condensed) layout is not, in that one with page numbers. PDFs are
    printed in batches (in worker processes when many) and cached."""
    from ..cheatsheet import PAPERS, render_pdfs

    def lay_out(which: list[int], layout: int) -> list[int]:
        """Print `which` in `layout`; keep those that fit one page; return the others."""
        jobs = [(variant(sheets[i][1], layout), paper) for i in which for paper in PAPERS]
        pdfs = iter(render_pdfs(jobs, cache))
        rest = []
        for i in which:
            tried[i] = {paper: next(pdfs) for paper in PAPERS}
            if all(pdf.pages == 1 for pdf in tried[i].values()):
                fits[i] = Fit(sheets[i][0], layout, variant(sheets[i][1], layout), tried[i])
            else:
                rest.append(i)
        return rest

    fits: dict[int, Fit] = {}
    tried: dict[int, dict[str, Any]] = {}  # each sheet's PDFs in the layout tried last
    last = len(LAYOUTS) - 1
    rest = lay_out(list(range(len(sheets))), 0)
    # Then the last layout: a sheet too long for the most compact one is not tried in those
    # between (each layout is more compact than the one before it) but printed numbered.
    longest = lay_out(rest, last)
    _number(longest, sheets, tried, fits, cache)
    between = [i for i in rest if i not in longest]
    for i in between:
        del fits[i]  # it fits the last layout, kept only if no layout before it fits
    for layout in range(1, last):
        between = lay_out(between, layout)
    lay_out(between, last)  # cached by now
    return [fits[i] for i in range(len(sheets))]


def _number(which: list[int], sheets: Sequence[tuple[Routine, str]],
            tried: dict[int, dict[str, Any]], fits: dict[int, Fit], cache: Path) -> None:
    """Sheets longer than a page in the last layout, with page numbers on the papers where
    they take more than one page (the HTML has them for any paper)."""
    from ..cheatsheet import render_pdfs

    last = len(LAYOUTS) - 1
    jobs = [(variant(sheets[i][1], last, paged=True), paper) for i in which
            for paper, pdf in tried[i].items() if pdf.pages > 1]
    pdfs = iter(render_pdfs(jobs, cache))
    for i in which:
        numbered = {paper: next(pdfs) if pdf.pages > 1 else pdf for paper, pdf in tried[i].items()}
        fits[i] = Fit(sheets[i][0], last, variant(sheets[i][1], last, paged=True), numbered)


def notice(root: Path, routine: Routine) -> Problem:
    """The notice for a sheet that does not fit on one page in any layout, located on the
    routine's `exercises:` line. (How many pages it takes is left out: `check` knows it only
    from a real layout, which it spares itself when the estimate is sure.)"""
    return Problem(routine.path, line_of(root / routine.path, "exercises"), 1, "exercises",
                   "the cheat sheet does not fit on one page even in its most compact layout, "
                   "so it prints on more than one page, front and back; to fit one page, "
                   "shorten the steps or split the routine into two")


def one_page(fit: Fit) -> bool:
    """Whether a sheet fitted one page on every paper (else it takes a notice)."""
    return all(pages == 1 for pages in fit.pages.values())


# ---------------------------------------------------------------------------- for `check`

# What `check` decided for each routine (True: the sheet fits no layout, a notice), kept by
# the digest of what the sheet shows.
_DECIDED: Reuse[bool] = Reuse(bool, bool)
# Room kept between a bound and the page (mm): Pango positions glyphs in 1/1024 pt.
_SLACK = 0.5


class _Unclear(Exception):
    """The estimate cannot tell: the sheet needs a real layout."""


def sheet_notices(site: Site, root: Path) -> list[Problem]:
    """The notices the build will give for cheat sheets, without laying out the sheets whose
    answer the estimate is sure of (the others are laid out through the build's PDF cache)."""
    from ..cache import cache_dir
    from ..cheatsheet import render_cheat_sheets

    base = sheet_base(site)
    _DECIDED.start(keep=True, file=page_cache(root).with_name(page_cache(root).stem + "-fit.json"))
    version = package_version("weasyprint")
    decided: dict[str, bool] = {}
    unclear: dict[str, str | None] = {}  # routine -> digest
    for routine in site.content.routines:
        url = f"{base}routines/{routine.slug}/"
        digest = site.digest(site.routine_inputs(routine), url, version)
        try:
            decided[routine.slug] = _DECIDED.get(
                routine.slug, digest, functools.partial(_estimate, site, routine, url))
        except _Unclear:
            unclear[routine.slug] = digest
    undecided: list[Problem] = []
    if unclear:
        routines = [site.routines[slug] for slug in unclear]
        sheets = render_cheat_sheets(site, base, cache_dir() / "qr", routines=routines)
        try:
            fits = fit_sheets([(s.routine, s.html) for s in sheets], cache_dir() / "pdf")
        except OSError as err:  # WeasyPrint without Pango (`make check` does not install it)
            fits = []
            undecided = [_undecided(root, r, err) for r in routines]
        for fit in fits:
            decided[fit.routine.slug] = _DECIDED.get(fit.routine.slug, unclear[fit.routine.slug],
                                                     functools.partial(_overflows, fit))
    _DECIDED.finish()
    return sorted([notice(root, r) for r in site.content.routines if decided.get(r.slug)]
                  + undecided)


def _undecided(root: Path, routine: Routine, err: OSError) -> Problem:
    """The notice for a sheet `check` could not lay out (no Pango here): the build decides."""
    return Problem(routine.path, line_of(root / routine.path, "exercises"), 1, "exercises",
                   f"could not lay out the cheat sheet to see whether it fits one page ({err}); "
                   "the build will say: install Pango (see README.md) to know it here")


def _overflows(fit: Fit) -> bool:
    return not one_page(fit)


def sheet_base(site: Site) -> str:
    """The address the sheets' QR codes and links start from (the site's, with a final /)."""
    return site.content.identity.url.rstrip("/") + "/"


def _estimate(site: Site, routine: Routine, url: str) -> bool:
    """Whether the sheet fits no layout on one page (a notice), when the estimate is sure;
    raises _Unclear otherwise. The build (`fit_sheets`) gives a notice when the sheet is over a
    page on some paper in the first layout and in the last."""
    from .size import Unmeasured, heights, room

    def fits(tall: dict[str, float], layout: str) -> bool:
        return all(tall[paper] + _SLACK <= room(paper, layout) for paper in tall)

    def over(low: dict[str, float], layout: str) -> bool:
        return any(low[paper] > room(paper, layout) + _SLACK for paper in low)

    try:
        # Most sheets: certain to fit the first layout, even beside the widest figures, or
        # else beside their own (drawn only where their width changes the lines).
        for aspects in (None, _drawn):
            if fits(heights(site, routine, url, aspects), "first"):
                return False
        # Long ones: certain to fit the condensed layout (so some layout fits: no notice), or
        # certain to fit neither it nor the first.
        if fits(heights(site, routine, url, _drawn, "condensed"), "condensed"):
            return False
        if over(heights(site, routine, url, None, "first", "lower"), "first") and over(
                heights(site, routine, url, None, "condensed", "lower"), "condensed"):
            return True
    except Unmeasured:
        pass
    raise _Unclear


_VIEWBOX = re.compile(r'viewBox="[-0-9.]+ [-0-9.]+ ([0-9.]+) ([0-9.]+)"')


@functools.lru_cache(maxsize=4096)
def _drawn(exercise: Exercise) -> float | None:
    """The aspect (width to height) of each frame of the exercise's figure, from its drawing."""
    from ..figures import figure_html

    if exercise.figure is None:
        return None
    match = _VIEWBOX.search(figure_html(exercise, numbers=False))
    if match is None or float(match.group(2)) <= 0:
        return None
    return float(match.group(1)) / float(match.group(2))
