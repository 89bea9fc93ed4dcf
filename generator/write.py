"""Stage 5, write: put pages on disk without touching anything outside the output folder.

`write_pages` writes the Markdown tree (for previewing it, for golden tests, and for tools that
take plain Markdown). `build_site` runs a strict build (MkDocs, or ProperDocs: `engines`) into a
temporary folder beside `site/` and swaps it in only when the build succeeded, so a failed build
never damages the last good site.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Mapping
from pathlib import Path

from . import engines
from .render import Page


class OutputError(Exception):
    """The output folder cannot be written (read-only, full, or a path escapes it)."""


def inside(base: Path, rel: str, checked: dict[str, Path]) -> Path:
    """`base/rel`, refusing any path that would land outside `base` (`base` already resolved).

    `checked` remembers folders already resolved, so writing a thousand pages into three
    folders resolves three paths rather than a thousand (resolving was most of the writing)."""
    parts = rel.split("/")
    if rel.startswith(("/", "\\")) or "\\" in rel or any(p in ("", ".", "..") for p in parts):
        raise OutputError(f"refusing to write outside {base}: {rel}")
    folder_rel = "/".join(parts[:-1])
    folder = checked.get(folder_rel)
    if folder is None:
        folder = (base / folder_rel).resolve()
        if not folder.is_relative_to(base):  # a folder that is a symbolic link out of `base`
            raise OutputError(f"refusing to write outside {base}: {rel}")
        checked[folder_rel] = folder
    target = folder / parts[-1]
    if target.is_symlink():
        raise OutputError(f"refusing to write through a symbolic link: {target}")
    return target


def write_pages(pages: Iterable[Page], out: Path) -> int:
    """Write each page under `out`, skipping unchanged files and removing stale ones; count writes."""
    return write_tree({p.src_uri: p.markdown.encode("utf-8") for p in pages}, out, stale="*.md")


def write_tree(files: Mapping[str, bytes], out: Path, prune: bool = True,
               stale: str = "*") -> int:
    """Write `files` (docs path -> bytes) under `out`, skipping unchanged files; with `prune`,
    remove the files matching `stale` that are not among them. Count the files written."""
    out.mkdir(parents=True, exist_ok=True)
    base = out.resolve()
    checked: dict[str, Path] = {}
    written = 0
    made: set[Path] = {base}
    for rel, data in files.items():
        target = inside(base, rel, checked)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            if target.read_bytes() == data:
                continue
        except FileNotFoundError:
            pass
        target.write_bytes(data)
        written += 1
    if prune:
        for old in sorted(base.rglob(stale)):
            if old.is_file() and old.relative_to(base).as_posix() not in files:
                old.unlink()
    return written


def build_site(config_file: Path, site_dir: Path, *, strict: bool = True,
               engine: str = engines.DEFAULT) -> None:
    """Run `engine` into a temporary folder next to `site_dir`, then swap it into place."""
    runner = engines.select(engine)
    site_dir = site_dir.resolve()
    try:
        site_dir.parent.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.new-", dir=site_dir.parent))
    except OSError as err:
        parent = site_dir.parent
        reason = "it is a file, not a folder" if parent.exists() and not parent.is_dir() else (
            err.strerror)
        raise OutputError(f"cannot write to {parent}: {reason}") from err
    try:
        config = runner.load_config(str(config_file), site_dir=str(tmp), strict=strict)
        try:
            runner.build(config)
        except OSError as err:  # a full disk or a read-only folder, met while writing pages
            raise OutputError(f"cannot write the site into {site_dir.parent}: "
                              f"{err.strerror or err}") from err
        _swap(tmp, site_dir)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp, ignore_errors=True)


def _swap(new: Path, site_dir: Path) -> None:
    """Replace `site_dir` with `new`; the old site is removed only after the rename succeeded."""
    os.chmod(new, 0o755)  # mkdtemp makes it 0700; a served site must be readable
    old = None
    try:
        if site_dir.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{site_dir.name}.old-", dir=site_dir.parent))
            os.replace(site_dir, old / "site")
    except OSError as err:
        raise OutputError(f"cannot replace {site_dir}: {err.strerror}") from err
    try:
        os.replace(new, site_dir)
    except OSError as err:
        if old is not None:
            os.replace(old / "site", site_dir)
        raise OutputError(f"cannot replace {site_dir}: {err.strerror}") from err
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)
