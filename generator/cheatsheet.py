"""Render stage, print: a one-page cheat sheet per routine, as HTML and as A4 and Letter PDFs.

The cheat sheet is a standalone HTML document (its own print stylesheet, no theme chrome), so
the same file prints to one page from a browser and converts to PDF with WeasyPrint. It is made
in the first layout; `sheetfit` makes the tighter ones from it and chooses. Content text enters
it only through `text.to_html` (and, in the stylesheet, `css_string`); the environment
autoescapes everything else. PDFs are cached (outside the repository, see `cache.cache_dir`)
by a hash of their HTML, paper size and WeasyPrint version, so an unchanged routine is never
rendered twice.
"""

from __future__ import annotations

import functools
import hashlib
import json
import multiprocessing
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe
import segno

from .cache import Reuse, package_version, write_atomic
from .figures import figure_html, site_css
from .model import Dose, Exercise, Line, Routine
from .sheetfit.text import DOSE_SEPARATOR, dose_parts, rules_of
from .text import to_html
from .xref import Site

TEMPLATES = Path(__file__).parent / "templates"
PAPERS = {"a4": "A4", "letter": "letter"}


@dataclass(frozen=True, slots=True)
class CheatSheet:
    """One routine's cheat sheet: where it goes, its HTML, and the address its QR code holds."""

    routine: Routine
    html_uri: str
    url: str
    html: str

    def pdf_uri(self, paper: str) -> str:
        """Docs path of the PDF for `paper` ('a4' or 'letter')."""
        return self.html_uri.replace(".html", f"-{paper}.pdf")


def cheat_sheet_uri(routine: Routine | str) -> str:
    """Docs path of a routine's printable cheat sheet."""
    slug = routine if isinstance(routine, str) else routine.slug
    return f"routines/{slug}/cheat-sheet.html"


def h(value: Any) -> markupsafe.Markup:
    """Content text as HTML: escaped, with only the editors' inline emphasis and links live."""
    if isinstance(value, Line):
        return markupsafe.Markup(to_html(value))
    if isinstance(value, str):
        return markupsafe.escape(value)
    raise TypeError(f"cannot write {type(value).__name__} as HTML")


def figure(exercise: Exercise) -> markupsafe.Markup:
    """The exercise's figure: inline SVG made by the generator from checked names and
    `to_html` text, so safe to print as it is."""
    # Printed 14 mm high, the frame numbers would be under a millimetre: the frames' order
    # and arrows carry the sequence.
    return markupsafe.Markup(figure_html(exercise, numbers=False))


def _finalize(value: Any) -> Any:
    if isinstance(value, (str, int)) and not isinstance(value, bool):
        return value  # autoescape escapes plain strings
    raise TypeError(f"template printed {type(value).__name__}: use |h")


def dose_short(dose: Dose | None) -> markupsafe.Markup:
    """A dose in a few words: '5-15 reps each side · hold 5 s · aim for about 6/10' (with an en dash)."""
    if dose is None:
        return markupsafe.Markup("")
    return markupsafe.Markup(DOSE_SEPARATOR).join(
        h(words) + (h(text) if text is not None else "") for words, text in dose_parts(dose))


@functools.lru_cache(maxsize=4096)
def qr_svg(url: str, cache: Path | None = None) -> markupsafe.Markup:
    """The URL as an inline black-and-white SVG QR code, reused from `cache` when it is there."""
    # Encoding is 5 ms a code (segno tries all eight masks): a fifth of the generator's own
    # time at 1,000 exercises if every build redid it.
    key = hashlib.sha256(f"{url}\0{package_version('segno')}".encode()).hexdigest()
    if cache is not None and (hit := cache / f"{key}.svg").is_file():
        return markupsafe.Markup(hit.read_text(encoding="utf-8"))
    svg = segno.make(url, error="m").svg_inline(scale=3, border=2, dark="#000", light="#fff")
    if cache is not None:
        write_atomic(cache / f"{key}.svg", svg.encode())
    return markupsafe.Markup(svg)


@functools.lru_cache(maxsize=4096)
def qr_uri(url: str, cache: Path | None = None) -> str:
    """The URL's QR code as a small SVG data: URI (18.5 mm square), for the top of a sheet's
    second page; reused from `cache` when it is there."""
    key = hashlib.sha256(f"{url}\0{package_version('segno')}\0uri".encode()).hexdigest()
    if cache is not None and (hit := cache / f"{key}.uri").is_file():
        return hit.read_text(encoding="utf-8")
    uri = str(segno.make(url, error="m").svg_data_uri(scale=0.5, unit="mm", border=2,
                                                        dark="#000", light="#fff"))
    if cache is not None:
        write_atomic(cache / f"{key}.uri", uri.encode())
    return uri


def _html_only(value: object) -> str:
    if not isinstance(value, str):
        raise TypeError("not a cheat sheet")
    return value


# Each sheet's HTML by what it shows: kept by a `serve` and, in a file, between builds (a sheet
# draws every exercise's figure: redrawing all of them was most of a warm build's own work).
_SHEETS: Reuse[str] = Reuse(_html_only, _html_only)


def render_cheat_sheets(site: Site, base_url: str, cache: Path | None = None,
                        reuse: bool = False, keep: Path | None = None,
                        routines: Sequence[Routine] | None = None) -> list[CheatSheet]:
    """One cheat sheet per routine (or per routine of `routines`), in the first layout
    (`sheetfit` makes the others from it); `base_url` is the site's public address; QR codes
    are kept in `cache` when given; `reuse` keeps unchanged sheets from the last call, and
    `keep` (a file, `cache.sheet_cache`) from the last build."""
    _SHEETS.start(keep=reuse or keep is not None, file=keep)
    template = _environment().get_template("cheatsheet.html.j2")
    # The figures' own rules first, then the sheet's, which size them for paper.
    css = site_css() + (TEMPLATES / "cheatsheet.css").read_text(encoding="utf-8")
    base = base_url.rstrip("/") + "/"
    sheets = []
    for routine in site.content.routines if routines is None else routines:
        url = f"{base}routines/{routine.slug}/"

        def make(routine: Routine = routine, url: str = url) -> str:
            rules, _ = rules_of(site, routine)
            return template.render(site=site, routine=routine, url=url, qr=qr_svg(url, cache),
                                   qr_uri=qr_uri(url, cache), css=markupsafe.Markup(css),
                                   rules=rules)

        text = _SHEETS.get(routine.slug, site.digest(site.routine_inputs(routine), url), make)
        sheets.append(CheatSheet(routine, cheat_sheet_uri(routine), url, text))
    _SHEETS.finish()
    return sheets


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES), undefined=jinja2.StrictUndefined,
        autoescape=True, trim_blocks=True, lstrip_blocks=True, finalize=_finalize,
    )
    env.filters.update(h=h, dose=dose_short, css_string=css_string, css_url=css_url)
    env.globals.update(figure=figure)
    return env


def css_string(text: str) -> markupsafe.Markup:
    """`text` as a quoted CSS string: every character but ASCII letters and digits written as a
    six-digit escape, so nothing in it can end the string, the rule or the <style> element.
    (Spaces too: CSS takes a space right after an escape as the escape's end.)"""
    return markupsafe.Markup('"' + "".join(
        c if c.isascii() and c.isalnum() else f"\\{ord(c):06x}" for c in text) + '"')


_DATA_URI = re.compile(r"data:image/svg\+xml;charset=utf-8,[A-Za-z0-9%._~-]+")


def css_url(uri: str) -> markupsafe.Markup:
    """A data: URI made by segno as a CSS url(); anything else is refused."""
    if not _DATA_URI.fullmatch(uri):
        raise ValueError("not a QR code's data URI")
    return markupsafe.Markup(f'url("{uri}")')


@dataclass(frozen=True, slots=True)
class Pdf:
    """A rendered PDF and its page count."""

    data: bytes
    pages: int


# Starting a worker costs about 1.5 s (a new interpreter importing WeasyPrint) and a PDF about
# 0.15 s, so a few PDFs (a preview after editing an exercise that is in two routines) are
# quicker in this process, where WeasyPrint stays imported between rebuilds.
_POOL_FROM = 10


def render_pdfs(jobs: Sequence[tuple[str, str]], cache: Path) -> list[Pdf]:
    """PDFs for many (document, paper) pairs: cached ones read back, the rest rendered in worker
    processes (all cores, and WeasyPrint's memory is returned when a worker retires)."""
    found = [_cached(*job, cache) for job in jobs]
    missing = [job for job, pdf in zip(jobs, found, strict=True) if pdf is None]
    if len(missing) >= _POOL_FROM:
        # Spawned, not forked: MkDocs' preview server runs threads. multiprocessing.Pool rather
        # than ProcessPoolExecutor, whose max_tasks_per_child can hang on Python 3.11.
        context = multiprocessing.get_context("spawn")
        workers = min(len(missing), os.cpu_count() or 1)
        with context.Pool(workers, maxtasksperchild=20) as pool:
            pool.starmap(render_pdf, [(document, paper, cache) for document, paper in missing])
    return [pdf or render_pdf(document, paper, cache)
            for (document, paper), pdf in zip(jobs, found, strict=True)]


def _key(document: str, paper: str) -> str:
    version = package_version("weasyprint")
    return hashlib.sha256("\0".join((document, PAPERS[paper], version)).encode()).hexdigest()


def _cached(document: str, paper: str, cache: Path) -> Pdf | None:
    key = _key(document, paper)
    pdf_file, meta_file = cache / f"{key}.pdf", cache / f"{key}.json"
    if pdf_file.is_file() and meta_file.is_file():
        return Pdf(pdf_file.read_bytes(), int(json.loads(meta_file.read_text())["pages"]))
    return None


def render_pdf(document: str, paper: str, cache: Path | None = None) -> Pdf:
    """Print `document` to PDF on `paper` with WeasyPrint, reusing a cached result when possible."""
    size, key = PAPERS[paper], _key(document, paper)
    if cache is not None and (hit := _cached(document, paper, cache)) is not None:
        return hit
    import weasyprint

    page_css = weasyprint.CSS(string=f"@page {{ size: {size}; }}")
    rendered = weasyprint.HTML(string=document).render(stylesheets=[page_css])
    # Fixed metadata: the same content gives the same bytes on every build.
    rendered.metadata.created = rendered.metadata.modified = None
    data = rendered.write_pdf(pdf_identifier=key[:32].encode())
    assert data is not None
    pdf = Pdf(data, len(rendered.pages))
    if cache is not None:
        write_atomic(cache / f"{key}.pdf", pdf.data)
        # Written last: a cache entry counts only once its page count is there.
        write_atomic(cache / f"{key}.json", json.dumps({"pages": pdf.pages}).encode())
    return pdf

