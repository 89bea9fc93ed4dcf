"""Stage 1a, discover: list the files under content/ and classify them by kind.

Refuses what the layout does not allow before anything is parsed: symbolic links (which could
point outside the project), stray files, other extensions, and file names that are not valid
or are reserved slugs (the file name is the page address).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .problems import Problems

KINDS = ("exercises", "routines", "guides", "disclaimers")
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".webp")
PAGE_SUFFIXES = (".md", *IMAGE_SUFFIXES)
# Names that would collide with index pages, the theme's folders, or devices on Windows.
RESERVED = frozenset({"index", "search", "assets", "404", "tags", "sitemap", "con", "prn", "aux",
                      "nul"} | {f"com{i}" for i in range(10)} | {f"lpt{i}" for i in range(10)})
# The one definition of a slug: file names, references and vocabulary keys all use it.
SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
SLUG_MAX = 64
_LAYOUT = ("content/ holds site.yaml, vocabulary.yaml and the folders exercises/, routines/, guides/, "
           "disclaimers/, images/ and pages/")


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A content file found on disk: its kind, slug, absolute path and repository-relative path."""

    kind: str
    slug: str
    path: Path
    rel: str


def slug_problem(stem: str) -> str | None:
    """Why `stem` cannot be a slug, or None."""
    if not SLUG.match(stem) or len(stem) > SLUG_MAX:
        return (f"file name '{stem}' is not a valid slug: use lower-case letters, digits and "
                "single hyphens, at most 64 characters")
    if stem in RESERVED:
        return f"'{stem}' is a reserved name: choose another slug"
    return None


def find_content(content: Path, base: Path, problems: Problems) -> list[SourceFile]:
    """Every file under `content/`, classified; symlinks, stray files and bad slugs are problems."""
    found: list[SourceFile] = []
    if not content.is_dir():
        problems.add(_rel(content, base), 1, 1, "", "content folder not found")
        return found
    for path in sorted(content.rglob("*")):
        rel = _rel(path, base)
        parts = path.relative_to(content).parts
        if path.is_symlink():
            problems.add(rel, 1, 1, "", "symbolic links are not allowed under content/")
            continue
        if path.is_dir():
            if parts[0] not in (*KINDS, "images", "pages") or (len(parts) > 1 and parts[0] != "pages"):
                problems.add(rel, 1, 1, "", f"unexpected folder: {_LAYOUT}")
            continue
        kind = _classify(parts)
        if isinstance(kind, str) and kind.startswith("!"):
            problems.add(rel, 1, 1, "", kind[1:])
            continue
        stem = path.name.rsplit(".", 1)[0] if kind in KINDS else path.name.split(".", 1)[0]
        if kind in KINDS or kind == "images":
            problem = slug_problem(stem)
            if problem:
                problems.add(rel, 1, 1, "", problem)
                continue
        found.append(SourceFile(kind, stem, path, rel))
    _check_case_collisions(found, problems)
    return found


def _classify(parts: tuple[str, ...]) -> str:
    name = parts[-1]
    if len(parts) == 1:
        if name in ("vocabulary.yaml", "site.yaml"):
            return name.removesuffix(".yaml")
        return "!" + (_rename_hint(name) or f"unexpected file: {_LAYOUT}")
    folder = parts[0]
    if folder in KINDS and len(parts) == 2:
        if name.endswith(".yaml"):
            return folder
        return "!" + (_rename_hint(name) or f"unexpected file: {folder}/ holds only <slug>.yaml files")
    if folder == "images" and len(parts) == 2 and name.lower().endswith(IMAGE_SUFFIXES):
        return "images"
    if folder == "pages" and name.endswith(PAGE_SUFFIXES) and not name.startswith("."):
        return "pages"
    return "!" + f"unexpected file: {_LAYOUT}"


def _rename_hint(name: str) -> str | None:
    if name.endswith(".yml"):
        return f"use the .yaml extension: rename to {name[:-4]}.yaml"
    return None


def _check_case_collisions(found: list[SourceFile], problems: Problems) -> None:
    seen: dict[tuple[str, str], SourceFile] = {}
    for f in found:
        key = (f.kind, f.slug.lower())
        if key in seen:
            problems.add(f.rel, 1, 1, "", f"slug differs only in case from {seen[key].rel}")
        else:
            seen[key] = f


def _rel(path: Path, base: Path) -> str:
    try:
        return path.relative_to(base).as_posix()
    except ValueError:
        return path.as_posix()
