"""Stage 3c, hand-written pages: what the MkDocs build would refuse in content/pages/, found by
`check` first.

The generated pages are made from checked content and link only to what exists, but the
hand-written Markdown pages under the docs folder (`docs_dir` in mkdocs.yml) and the `nav` are
read by MkDocs alone, and a strict build stops on any of these, each a located line here:

- a page or picture at the address of a generated one (the hook refuses it; a page whose
  address is another page's is silently dropped by MkDocs, so it is refused too);
- a `nav` entry naming a page that does not exist;
- a link (or image) to a page or file the site does not have, a link to a folder rather than
  to a page's Markdown file, an anchor its target page does not have (as `validation` in
  mkdocs.yml sets: each level `warn` stops a strict build);
- a page that is not UTF-8 (MkDocs stops with a traceback), or whose front matter names a
  `template` the theme does not have.

Links are found as MkDocs finds them: the page is converted by Python-Markdown with the
extensions mkdocs.yml configures, and the `a` and `img` elements are resolved by MkDocs' rules.
What each page holds (its links and anchors) depends on its bytes and the configuration only,
so it is kept in the cache by their digest; converting needs Markdown's import (0.2 s).
"""

from __future__ import annotations

import difflib
import functools
import hashlib
import html.parser
import posixpath
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from .cache import Reuse, code_version, package_version, page_cache
from .discover import SourceFile
from .problems import Problems
from .schema import did_you_mean
from .sitefiles import Config, generated_files, page_url, read_config, template_exists, theme_files

# ---------------------------------------------------------------------------- one page


@dataclass(frozen=True, slots=True)
class Scanned:
    """What one Markdown page holds: its links and images (in order), its anchors, the template
    its front matter names, or why it cannot be read."""

    links: tuple[str, ...] = ()
    anchors: tuple[str, ...] = ()
    template: str | None = None
    error: str | None = None
    tags: str | None = None  # what is wrong with the front matter's `tags`
    complete: bool = True  # False: not converted, its anchors unknown


# What can start front matter (mkdocs.utils.meta: YAML, or MultiMarkdown's `key: value`).
_META = re.compile(r"-{3}|[ ]{0,3}[A-Za-z0-9_-]+:")


def scan(data: bytes, config: Config, all_anchors: bool = False) -> Scanned:
    """Read a page as MkDocs does: UTF-8, front matter, then Python-Markdown with the configured
    extensions; collect what its links point to and the anchors it has. A page with no front
    matter and nothing that can be a link is not converted (Markdown takes 0.2 s to import)
    unless `all_anchors` are wanted."""
    try:
        text = data.decode("utf-8-sig")  # how MkDocs reads a page
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        return Scanned(error=f"is not UTF-8 text (byte 0x{data[err.start]:02x} on line {line}): "
                             "save it with the UTF-8 encoding")
    if not all_anchors and not _META.match(text) and "[" not in text and "<" not in text:
        return Scanned(complete=False)
    import markdown
    from mkdocs.utils.meta import get_data

    body, meta = get_data(text)
    template = meta.get("template") if isinstance(meta.get("template"), str) else None
    tags = _tags_problem(meta.get("tags"))
    found: list[str] = []
    anchors: set[str] = set()

    class Collect(markdown.treeprocessors.Treeprocessor):
        def run(self, root: Any) -> None:
            for element in root.iter():
                if anchor := element.get("id"):
                    anchors.add(anchor)
                if element.tag == "a":
                    if anchor := element.get("name"):
                        anchors.add(anchor)
                    if (href := element.get("href")) is not None:
                        found.append(href)
                elif element.tag == "img" and (src := element.get("src")) is not None:
                    found.append(src)

    try:
        md = markdown.Markdown(extensions=config.extensions,
                               extension_configs=config.extension_configs)
    except Exception:  # an extension mkdocs.yml names but this cannot set up: the build says so
        return Scanned(template=template, tags=tags)
    md.treeprocessors.register(Collect(md), "stretch_guide_links", 0)  # after every other
    md.convert(body)
    raw = _RawAnchors()
    raw.feed(body)
    raw.close()
    return Scanned(tuple(found), tuple(sorted(anchors | raw.anchors)), template, tags=tags)


def _tags_problem(value: Any) -> str | None:
    """Why Material's tags plugin would stop on a page's `tags` (its `TagSet` option)."""
    if value is None:
        return None
    if isinstance(value, str) or not isinstance(value, Iterable) or not all(
            isinstance(tag, (str, int, float, bool)) for tag in value):
        return "expected a list of tags, each a word or phrase, e.g. tags: [Posture, Desk work]"
    return None


class _RawAnchors(html.parser.HTMLParser):
    """Anchors in a page's raw HTML, which MkDocs also accepts as link targets."""

    def __init__(self) -> None:
        super().__init__()
        self.anchors: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Note `id` (and `name` on links) attributes."""
        for key, value in attrs:
            if value and (key == "id" or (key == "name" and tag == "a")):
                self.anchors.add(value)


def _dump(s: Scanned) -> dict[str, Any]:
    return {"links": list(s.links), "anchors": list(s.anchors), "template": s.template,
            "error": s.error, "tags": s.tags, "complete": s.complete}


def _load(v: dict[str, Any]) -> Scanned:
    return Scanned(tuple(v["links"]), tuple(v["anchors"]), v["template"], v["error"], v["tags"],
                   v["complete"])


_SCANNED: Reuse[Scanned] = Reuse(_dump, _load)  # by each page's bytes and the configuration


# ---------------------------------------------------------------------------- the stage


def check_pages(root: Path, files: list[SourceFile], pictures: Iterable[Any], problems: Problems,
                site: Any = None) -> None:
    """Report what would stop the build in the hand-written pages and the nav, one line each.
    `pictures` are the checked pictures (their sizes have addresses); `site`, when the content
    is valid, lets links to generated pages' anchors be checked."""
    config = read_config(root)
    if config is None:
        return
    prefix = f"{config.docs_dir}/"
    pages = {f.rel.removeprefix(prefix): f for f in files
             if f.kind == "pages" and f.rel.startswith(prefix)}
    generated = generated_files(files, pictures)
    _collisions(pages, generated, config, problems)
    known = set(generated) | set(pages)
    level = config.levels
    if level["nav.not_found"] == "warn":
        for target, line, col in config.nav:
            if posixpath.normpath(target) not in known:
                problems.add("mkdocs.yml", line, col, "nav",
                             f"'{target}' is not a page of the site: add {prefix}{target} or take "
                             "it out of the nav" + did_you_mean(target, sorted(known)))
    markdown_pages = {path: f for path, f in pages.items() if path.endswith(".md")}
    if not markdown_pages:
        return
    stamp = f"{config.digest}\0{code_version()}\0{package_version('markdown')}"
    _SCANNED.start(keep=True, file=page_cache(root).with_name(page_cache(root).stem
                                                               + "-handwritten.json"))
    scanned: dict[str, Scanned] = {}
    texts: dict[str, bytes] = {}
    for path, f in sorted(markdown_pages.items()):
        data = texts[path] = f.path.read_bytes()
        digest = hashlib.sha256(data + b"\0" + stamp.encode()).hexdigest()
        scanned[path] = _SCANNED.get(path, digest, functools.partial(scan, data, config))
    _SCANNED.finish()
    targets = _Targets(root, config, set(generated) | set(pages))
    anchors: dict[str, set[str] | None] = {path: set(s.anchors) for path, s in scanned.items()
                                           if s.complete}
    for path, s in scanned.items():
        f = markdown_pages[path]
        if s.error:
            problems.add(f.rel, 1, 1, "", s.error)
            continue
        if s.tags:
            problems.add(f.rel, 1, 1, "tags", s.tags)
        if s.template and not template_exists(root, config, s.template):
            problems.add(f.rel, 1, 1, "template",
                         f"'{s.template}' is not a template of the theme: remove the line, or "
                         f"add the template to {config.custom_dir or 'the theme'}")
        for url in s.links:
            problem = _link_problem(path, url, targets, config)
            if problem is None:
                continue
            if isinstance(problem, tuple):  # an anchor on a page of the site
                target, anchor = problem
                if target not in anchors:
                    anchors[target] = set(scan(texts[target], config, all_anchors=True).anchors) \
                        if target in texts else _generated_anchors(root, site, target, config)
                have = anchors[target]
                if have is None or anchor in have or level["links.anchors"] != "warn":
                    continue
                where = "this page" if target == path else f"'{target}'"
                problem = (f"links to '{url}', but {where} has no heading or anchor "
                           f"'#{anchor}'" + did_you_mean(anchor, sorted(have)))
            line, col = _position(texts[path], url)
            problems.add(f.rel, line, col, "link", problem)



class _Targets:
    """The docs paths a link can reach: pages, generated files and (looked up only when a link
    needs them) the theme's files."""

    def __init__(self, root: Path, config: Config, known: set[str]) -> None:
        self.root, self.config, self.known = root, config, known
        self.theme: set[str] | None = None

    def __contains__(self, path: object) -> bool:
        if path in self.known:
            return True
        if self.theme is None:
            self.theme = theme_files(self.root, self.config)
        return path in self.theme


_AMP_SUBSTITUTE = "\x02amp\x03"  # Python-Markdown's placeholder in obfuscated e-mail links


def _link_problem(page: str, url: str, targets: _Targets,
                  config: Config) -> str | tuple[str, str] | None:
    """What MkDocs would warn about a link from `page` (mkdocs/structure/pages.py, `path_to_url`):
    a message, (target page, anchor) for an anchor to check, or None."""
    scheme, netloc, path, _query, anchor = urlsplit(url)
    if scheme or netloc or _AMP_SUBSTITUTE in url:
        return None
    if url.startswith(("/", "\\")):
        if config.levels["links.absolute_links"] != "warn":
            return None
        return (f"links to '{url}' from the site's root: link to the page's Markdown file from "
                "this one, e.g. '../about.md'")
    if not path:
        return (page, anchor) if anchor else None
    path = unquote(path)
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), path).lstrip("/"))
    if target in targets:
        return (target, anchor) if anchor and target.endswith(".md") else None
    folder = not posixpath.splitext(path)[1]
    if config.levels["links.unrecognized_links" if folder else "links.not_found"] != "warn":
        return None
    guesses = [posixpath.join(target, "index.md"), target + ".md",
               target.removesuffix(".html") + ".md", target.rstrip("/") + ".md"]
    better = next((g for g in guesses if g in targets), None)
    if better is None:  # a misspelt name: the closest page or file in the same folder
        here = posixpath.dirname(target)
        near = [p for p in targets.known if posixpath.dirname(p) == here]
        close = difflib.get_close_matches(target, near, n=1, cutoff=0.8)
        better = close[0] if close else None
    hint = f" (did you mean '{_relative(page, better)}'?)" if better is not None else ""
    if folder:
        return (f"links to '{url}', a folder, not a page: link to the page's Markdown file"
                + hint)
    if target.endswith(".md"):
        return (f"links to '{url}', which is not a page of the site: check the path (a link "
                "names the page's Markdown file, e.g. 'exercises/wall-slides.md')" + hint)
    return (f"links to '{url}', which the site does not have: check the path, or add the file "
            f"to {config.docs_dir}/" + hint)


def _relative(page: str, target: str) -> str:
    return posixpath.relpath(target, posixpath.dirname(page) or ".")


def _position(data: bytes, url: str) -> tuple[int, int]:
    """Line and column (from 1) where `url` first appears in the page, else 1, 1."""
    text = data.decode("utf-8-sig", errors="replace")
    at = text.find(url)
    if at < 0:
        return 1, 1
    return text.count("\n", 0, at) + 1, at - text.rfind("\n", 0, at)


def _collisions(pages: Mapping[str, SourceFile], generated: Mapping[str, str], config: Config,
                problems: Problems) -> None:
    """Hand-written files at a generated file's address, or pages at one page's address."""
    urls = {page_url(p, config.directory_urls): p for p in generated if p.endswith(".md")}
    seen: dict[str, SourceFile] = {}
    for path, f in sorted(pages.items()):
        if path in generated:  # what the hook refuses, in its words
            problems.add(f.rel, 1, 1, "", f"has the same address as {generated[path]} ({path}); "
                                          "rename it")
        elif path.endswith(".md"):
            url = page_url(path, config.directory_urls)
            if url in urls:
                problems.add(f.rel, 1, 1, "", f"has the same address as a generated page "
                                              f"({urls[url]}); rename it")
            elif url in seen:
                problems.add(f.rel, 1, 1, "", f"has the same address as {seen[url].rel}: MkDocs "
                                              "would publish only one of them; rename one")
            else:
                seen[url] = f


def _generated_anchors(root: Path, site: Any, target: str, config: Config) -> set[str] | None:
    """The anchors of the generated page at `target` (None when it is not one, or the content
    has problems and cannot be rendered)."""
    if site is None or not target.endswith(".md"):
        return None
    from .render import render_site

    for page in render_site(site, config.directory_urls, page_cache(root)):
        if page.src_uri == target:
            return set(scan(page.markdown.encode(), config).anchors)
    return None
