"""What the site holds besides content: the parts of mkdocs.yml that decide what builds, and
the addresses of every generated file.

`handwritten` checks hand-written pages against these. mkdocs.yml is read as YAML nodes, never
evaluated: `!ENV` and `!!python/name:` values are left out.
"""

from __future__ import annotations

import hashlib
import importlib.util
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .discover import SourceFile

# MkDocs' own defaults for `validation` (mkdocs/config/defaults.py) and its built-in extensions.
_LEVELS = {"nav.not_found": "warn", "links.not_found": "warn", "links.anchors": "info",
           "links.unrecognized_links": "info", "links.absolute_links": "info"}
_BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")


@dataclass
class Config:
    """What of mkdocs.yml decides whether hand-written pages build."""

    docs_dir: str = "docs"
    directory_urls: bool = True
    levels: dict[str, str] = field(default_factory=lambda: dict(_LEVELS))
    extensions: list[str] = field(default_factory=lambda: list(_BUILTIN_EXTENSIONS))
    extension_configs: dict[str, dict[str, Any]] = field(default_factory=dict)
    nav: list[tuple[str, int, int]] = field(default_factory=list)  # (page, line, column)
    custom_dir: str | None = None
    digest: str = ""


def read_config(root: Path) -> Config | None:
    """The parts of `root/mkdocs.yml` that matter here (None when it cannot be read: the build
    would say so itself). Tags (`!ENV`, `!!python/name:`) are not evaluated: such values are
    left out."""
    try:
        data = (root / "mkdocs.yml").read_bytes()
        top = yaml.compose(data.decode("utf-8"), Loader=yaml.SafeLoader)
    except (OSError, UnicodeError, yaml.YAMLError):
        return None
    if not isinstance(top, yaml.MappingNode):
        return None
    config = Config(digest=hashlib.sha256(data).hexdigest())
    for key, value in top.value:
        name = key.value
        if name == "docs_dir" and isinstance(value, yaml.ScalarNode):
            config.docs_dir = value.value.strip("/")
        elif name == "use_directory_urls":
            config.directory_urls = _plain(value) is not False
        elif name == "validation" and isinstance(value, yaml.MappingNode):
            _levels(value, config.levels)
        elif name == "markdown_extensions" and isinstance(value, yaml.SequenceNode):
            for item in value.value:
                ext, options = (item.value, None) if isinstance(item, yaml.ScalarNode) else (
                    (item.value[0][0].value, item.value[0][1]) if isinstance(item, yaml.MappingNode)
                    and item.value else (None, None))
                if not isinstance(ext, str):
                    continue
                if ext not in config.extensions:
                    config.extensions.append(ext)
                if isinstance(options, yaml.MappingNode):
                    config.extension_configs[ext] = {k.value: v for k, n in options.value
                                                     if (v := _plain(n)) is not _SKIP}
        elif name == "nav":
            config.nav = list(_nav(value))
        elif name == "theme" and isinstance(value, yaml.MappingNode):
            for k, v in value.value:
                if k.value == "custom_dir" and isinstance(v, yaml.ScalarNode):
                    config.custom_dir = v.value
    return config


_SKIP = object()


def _plain(node: yaml.Node) -> Any:
    """A node's value when it is plain data with standard tags, else _SKIP."""
    if not node.tag.startswith("tag:yaml.org,2002:"):
        return _SKIP
    try:
        return yaml.SafeLoader("").construct_object(node, deep=True)
    except yaml.YAMLError:
        return _SKIP


def _levels(node: yaml.MappingNode, levels: dict[str, str]) -> None:
    for key, value in node.value:
        if isinstance(value, yaml.MappingNode):  # validation: {links: {not_found: warn}}
            for k, v in value.value:
                levels[f"{key.value}.{k.value}"] = str(v.value)
        elif isinstance(value, yaml.ScalarNode):  # validation: {not_found: warn} sets both
            for group in ("nav", "links"):
                if f"{group}.{key.value}" in levels:
                    levels[f"{group}.{key.value}"] = value.value


def _nav(node: yaml.Node) -> Iterator[tuple[str, int, int]]:
    """The pages a nav names (not links to other sites), with their line and column."""
    if isinstance(node, yaml.ScalarNode):
        target = node.value
        if "://" not in target and not target.startswith(("/", "mailto:")):
            yield target, node.start_mark.line + 1, node.start_mark.column + 1
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _nav(item)
    elif isinstance(node, yaml.MappingNode):
        for _key, value in node.value:
            yield from _nav(value)


# ---------------------------------------------------------------------------- what the site has


def generated_pages(files: Iterable[SourceFile]) -> list[str]:
    """Docs paths of the generated pages (as `render.render_site` makes them), from the content
    files' names alone, so it holds while other files have problems."""
    from .render import VOCAB_PAGES

    slugs: dict[str, list[str]] = {}
    for f in files:
        slugs.setdefault(f.kind, []).append(f.slug)
    return (["index.md"] + [f"guides/{s}.md" for s in sorted(slugs.get("guides", ()))]
            + [f"routines/{s}.md" for s in sorted(slugs.get("routines", ()))]
            + [f"exercises/{s}.md" for s in sorted(slugs.get("exercises", ()))]
            + ["guides/index.md", "routines/index.md", "exercises/index.md",
               *VOCAB_PAGES.values(), "tags.md"])


def generated_files(files: list[SourceFile], pictures: Iterable[Any]) -> dict[str, str]:
    """Every generated file a link can point to, by docs path, with what makes it."""
    out = {path: "a generated page" for path in generated_pages(files)}
    for f in files:
        if f.kind == "routines":
            for name in ("cheat-sheet.html", "cheat-sheet-a4.pdf", "cheat-sheet-letter.pdf"):
                out[f"routines/{f.slug}/{name}"] = "a cheat sheet"
        elif f.kind == "exercises":
            out[f"exercises/{f.slug}/thumb.svg"] = "a thumbnail"  # `thumbnails.thumbnail_uri`
    out["assets/stylesheets/figure.css"] = "the figures' stylesheet"  # `outputs.FIGURE_CSS`
    pictures = list(pictures)
    if pictures:
        from .images import planned

        for picture in pictures:
            for width, fmt, _ in planned(picture):
                out[picture.uri(width, fmt)] = "a picture's size"
    return out


def theme_files(root: Path, config: Config) -> set[str]:
    """Files MkDocs copies from the theme (and `custom_dir`) into the site: links may use them."""
    found: set[str] = set()
    spec = importlib.util.find_spec("material")
    folders = [Path(p) / "templates" for p in (spec.submodule_search_locations or [])] if spec else []
    if config.custom_dir:
        folders.append(root / config.custom_dir)
    for folder in folders:
        for path in folder.rglob("*") if folder.is_dir() else ():
            rel = path.relative_to(folder).as_posix()
            if path.is_file() and not rel.endswith((".html", ".py", ".pyc", ".yml")) and \
                    not any(part.startswith((".", "__")) for part in rel.split("/")):
                found.add(rel)
    return found


def page_url(src: str, directory_urls: bool) -> str:
    """The address MkDocs gives a Markdown page at docs path `src`."""
    stem = src.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index") or stem == "README" or stem.endswith("/README"):
        return stem.rsplit("/", 1)[0] + "/" if "/" in stem else ""
    return stem + "/"


def template_exists(root: Path, config: Config, name: str) -> bool:
    """Whether a page's `template` is in `custom_dir` or the theme (Material, then MkDocs')."""
    folders = [root / config.custom_dir] if config.custom_dir else []
    for package in ("material", "mkdocs"):
        spec = importlib.util.find_spec(package)
        folders += [Path(p) / "templates" for p in (spec.submodule_search_locations or [])] \
            if spec else []
    return any((folder / name).is_file() for folder in folders)
