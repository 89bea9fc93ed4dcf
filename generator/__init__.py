"""Stretch Guide: exercise YAML in, a searchable, printable MkDocs Material site out.

The pipeline, one module per stage:
    discover (list files) -> load (parse YAML safely) -> validate (fields, into the typed `model`)
    -> xref (cross-references, derived indexes) -> render (Markdown pages) -> write (files, site)
`read_site` runs the checking stages; `cli` and `hook` are thin layers over it.
"""

from __future__ import annotations

from pathlib import Path

from .cache import figure_cache, record_cache
from .discover import find_content
from .figure.solve import load_memo, save_memo
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
    site = cross_reference(validate_files(files, problems, record_cache(root)), files, problems)
    save_memo(memo)
    if problems or site is None:
        raise ContentError(problems.sorted())
    return site


# A site already read by the CLI, handed to the MkDocs hook so a build reads content once.
PRELOADED: dict[Path, Site] = {}
