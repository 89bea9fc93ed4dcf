"""Stretch Guide: exercise YAML in, a searchable, printable MkDocs Material site out.

The pipeline, one module (or package) per stage:
    discover (list files) -> load (parse YAML safely) -> validate (fields, into the typed `model`;
    each file's check kept by its bytes in `records`) -> xref (cross-references, derived indexes)
    -> images (pictures, from their files) -> handwritten (what MkDocs alone reads)
    -> render (Markdown pages; `cheatsheet` and `sheetfit` for print, `browser` for the index,
    `timing` for each routine's player plan) and `outputs` (every other file of the site)
    -> write (files, site; `engines` picks MkDocs or ProperDocs, `export` writes a plain docs
    folder for any engine), with `search` tuning the index MkDocs writes, `offline` adding the
    service worker and `selfcheck` checking the built site.
`read_site` runs the checking stages; `cli` and `hook` are thin layers over it.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from .cache import figure_cache, record_cache
from .discover import find_content
from .figure.solve import load_memo, save_memo
from .handwritten import check_pages
from .images import check_images, image_cache
from .problems import ContentError, Problems
from .validate import validate_files
from .xref import Site, cross_reference

__all__ = ["ContentError", "Site", "read_site"]


def read_site(root: Path) -> Site:
    """Load, validate and cross-reference `root/content`; raise ContentError listing every problem."""
    problems = Problems()
    files = find_content(root / "content", root, problems)
    memo = figure_cache(root)
    load_memo(memo)  # body checks of poses seen by earlier runs
    found = validate_files(files, problems, record_cache(root))
    site = cross_reference(found, files, problems)
    # The pictures, from their files' bytes (a cross-file check: see `images`).
    pictures = check_images(found.refs, files, problems, image_cache(root))
    save_memo(memo)
    if site is not None:
        content = replace(site.content, pictures=tuple(pictures[name] for name in sorted(pictures)))
        site = replace(site, content=content)
    # Hand-written pages and the nav, which MkDocs alone reads (see `handwritten`).
    check_pages(root, files, pictures.values(), problems, None if problems else site)
    if problems or site is None:
        raise ContentError(problems.sorted())
    return site


# A site already read by the CLI, handed to the MkDocs hook so a build reads content once.
PRELOADED: dict[Path, Site] = {}
