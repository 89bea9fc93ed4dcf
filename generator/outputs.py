"""Every file of the site besides its Markdown pages: cheat sheets and their PDFs, the figures'
stylesheet, the browser's thumbnails and the pictures' sizes.

One list for every engine: the MkDocs hook adds these files to a build, and `render` writes
them into a docs folder that any Material-compatible engine builds as plain files.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .cache import cache_dir, sheet_cache
from .cheatsheet import render_cheat_sheets
from .figures import site_css
from .images import make_renditions
from .problems import Problem
from .sheetfit import fit_sheets, notice, one_page, sheet_base
from .thumbnails import render_thumbnails, thumbnail_cache
from .xref import Site

FIGURE_CSS = "assets/stylesheets/figure.css"


@dataclass(frozen=True, slots=True)
class Output:
    """One file: its address in the docs tree, and its bytes or the cached file holding them."""

    uri: str
    content: str | bytes = b""
    path: Path | None = None  # a file in the cache, copied as it is
    source: str | None = None  # the content file it is made from, for its edit link
    what: str = "a generated file"  # for the problem of a hand-written file at its address

    def data(self) -> bytes:
        """The file's bytes."""
        if self.path is not None:
            return self.path.read_bytes()
        return self.content.encode("utf-8") if isinstance(self.content, str) else self.content


@dataclass(frozen=True, slots=True)
class Outputs:
    """The files, the notices they gave (a sheet on two pages) and the problems that stop a
    build (a picture that cannot be decoded)."""

    files: tuple[Output, ...]
    notices: tuple[Problem, ...]
    problems: tuple[Problem, ...]


def site_outputs(site: Site, root: Path, reuse: bool = False) -> Outputs:
    """Make every non-page file of the site, reusing cached results (`reuse`: also the cheat
    sheets of the previous call, for a preview's rebuilds)."""
    files: list[Output] = []
    notices: list[Problem] = []
    sheets = render_cheat_sheets(site, sheet_base(site), cache_dir() / "qr", reuse=reuse,
                                 keep=sheet_cache(root))
    fits = fit_sheets([(sheet.routine, sheet.html) for sheet in sheets], cache_dir() / "pdf")
    for sheet, fit in zip(sheets, fits, strict=True):
        files.append(Output(sheet.html_uri, fit.html, source=sheet.routine.path,
                            what="a cheat sheet"))
        if not one_page(fit):
            notices.append(notice(root, sheet.routine))
        files += [Output(sheet.pdf_uri(paper), pdf.data, what="a cheat sheet")
                  for paper, pdf in fit.pdfs.items()]
    files.append(Output(FIGURE_CSS, site_css(), what="the figures' stylesheet"))
    files += [Output(uri, svg, what="a thumbnail")
              for uri, svg in render_thumbnails(site, thumbnail_cache(root))]
    # Only the pictures exercises show, in their sizes (`renditions`); unused files stay out.
    renditions, problems = make_renditions(site.content.pictures)
    files += [Output(r.uri, path=r.path, what="a picture's size") for r in renditions]
    return Outputs(tuple(files), tuple(notices), tuple(problems))
