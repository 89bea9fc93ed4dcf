"""Engine-neutral output: a complete docs folder that any Material-compatible engine builds as
plain files, without our MkDocs hook (`python -m generator render OUT`).

OUT/docs holds every page (generated and hand-written, each with its edit link in front matter),
the cheat sheets and their PDFs, pictures, thumbnails, the figures' stylesheet and the offline
worker `sw.js`; OUT/overrides the theme overrides; OUT/mkdocs.yml the configuration, with what
the hook would set (name, description, address, footer, language) written in. What only the
hook does is listed in the README: the search index's field weights, and the self-check, which
`python -m generator selfcheck` runs on a site any engine built.
"""

from __future__ import annotations

import functools
import html
import json
from pathlib import Path
from typing import Any

import yaml

from .cache import page_cache
from .engines import NAMES
from .offline import SW_NAME, files_version, mark_plan, service_worker, sw_url
from .outputs import FIGURE_CSS, site_outputs
from .problems import Problem
from .render import page_url, pages_rendered, render_site
from .text import to_html
from .write import OutputError, write_tree
from .xref import Site

# The engines that run our hook (`engines`), and Zensical, which builds this folder alone.
ENGINES = (*NAMES, "zensical")
# Theme overrides that only Material for MkDocs (and its fork-compatible engines) can use: the
# search partial changes Material's markup, and Zensical's header breaks with it.
MATERIAL_ONLY = ("partials/search.html",)


def export(site: Site, root: Path, out: Path, engine: str = "mkdocs") -> tuple[str, list[Problem]]:
    """Write the docs folder, configuration and overrides into `out` for `engine`; return a
    one-line summary and the notices (sheets on two pages) the build would give."""
    config = _config(root / "mkdocs.yml")
    directory_urls = bool(config.get("use_directory_urls", True))
    # Zensical reads links in raw HTML as Markdown links, relative to the page's file.
    pages = render_site(site, directory_urls, page_cache(root),
                        links_from_source=engine == "zensical")
    made = site_outputs(site, root)
    if made.problems:
        from .problems import ContentError

        raise ContentError(list(made.problems))
    # The offline worker, as the hook adds it to a build: each routine page told where it is.
    docs: dict[str, bytes] = {
        p.src_uri: mark_plan(p.markdown, sw_url(page_url(p.src_uri, directory_urls)))
        .encode("utf-8") for p in pages}
    docs |= {f.uri: f.data() for f in made.files}
    docs_dir = root / str(config.get("docs_dir", "docs"))
    edit = site.content.identity.edit
    for path in sorted(p for p in docs_dir.rglob("*") if p.is_file()):
        rel = path.relative_to(docs_dir).as_posix()
        data = path.read_bytes()
        if rel.endswith(".md") and edit is not None:  # `check` made sure it is UTF-8
            url = edit + path.relative_to(root).as_posix()
            data = with_edit_url(data.decode("utf-8"), url).encode("utf-8")
        docs[rel] = data
    overrides = root / "overrides"
    theme: dict[str, bytes] = {
        p.relative_to(overrides).as_posix(): p.read_bytes()
        for p in sorted(overrides.rglob("*")) if p.is_file()
        and not (engine == "zensical" and p.relative_to(overrides).as_posix() in MATERIAL_ONLY)}
    text = yaml.safe_dump(_neutral(config, site), sort_keys=False, allow_unicode=True, width=100)
    docs[SW_NAME] = _worker(docs, theme, text).encode("utf-8")
    written = write_tree(docs, out / "docs") + write_tree(theme, out / "overrides")
    written += write_tree({"mkdocs.yml": text.encode("utf-8")}, out, prune=False)
    rendered = pages_rendered()
    return (f"wrote {len(docs)} files into {out / 'docs'} ({len(pages)} generated pages: "
            f"{rendered} rendered, {len(pages) - rendered} unchanged since the last run), "
            f"{len(theme)} theme overrides and mkdocs.yml for {engine}; {written} files changed",
            list(made.notices))


def _worker(docs: dict[str, bytes], theme: dict[str, bytes], config: str) -> str:
    """`sw.js` for the folder: versioned by a digest of everything an engine builds from (the
    built site's own files are not known yet), keeping our own scripts and stylesheets on
    install; the theme's (hashed names) are kept as the routine pages load them."""
    every = {**{f"docs/{k}": v for k, v in docs.items()},
             **{f"overrides/{k}": v for k, v in theme.items()}, "mkdocs.yml": config.encode()}
    version = files_version((name, functools.partial(bytes, every[name])) for name in sorted(every))
    ours = sorted(name for name in {*docs, *theme} if name.startswith("assets/")
                  and name.endswith((".js", ".css")))
    return service_worker(version, ours)


def with_edit_url(markdown: str, url: str) -> str:
    """A hand-written page with its edit link in its front matter (added, or put first)."""
    line = f"edit_url: {json.dumps(html.escape(url))}\n"
    if markdown.startswith("---\n") and "\n---\n" in markdown[3:]:
        return "---\n" + line + markdown[4:]
    return "---\n" + line + "---\n\n" + markdown


def _config(path: Path) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeError, yaml.YAMLError) as err:
        raise OutputError(f"cannot read {path}: {err}") from err
    if not isinstance(loaded, dict):
        raise OutputError(f"cannot read {path}: not a mapping")
    return loaded


def _neutral(config: dict[str, Any], site: Site) -> dict[str, Any]:
    """The repository's configuration without the hook, with what the hook would set."""
    identity = site.content.identity
    out = {k: v for k, v in config.items() if k not in ("hooks", "docs_dir", "edit_uri")}
    # As the hook does: the theme prints name and description into the page as they are.
    out["site_name"] = html.escape(identity.name.plain)
    out["site_description"] = html.escape(identity.tagline.plain)
    out["site_url"] = identity.url
    out["copyright"] = to_html(identity.footer)
    out["docs_dir"] = "docs"
    theme = dict(out.get("theme", {}))
    theme["custom_dir"] = "overrides"
    theme["language"] = identity.language
    out["theme"] = theme
    extra_css = list(out.get("extra_css", []))
    if FIGURE_CSS not in extra_css:
        extra_css.append(FIGURE_CSS)
    out["extra_css"] = extra_css
    return out
