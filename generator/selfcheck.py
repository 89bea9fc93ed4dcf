"""Stage 6, self-check: the built site holds what the generator made, whatever engine built it.

Run after every build (the hook's `on_post_build`) and by `python -m generator selfcheck SITE`
on a site another engine built from `render`'s folder. It reads the output's files only (no
MkDocs), and reports, one line per problem naming the page:

1. a generated page, cheat sheet or cheat-sheet PDF that is not in the output;
2. an internal link or picture (`href`, `src`, `srcset`: relative, root-absolute or on the site's
   own address) that resolves to no file, or whose `#fragment` is no `id` on its target page;
3. a `nav` entry of mkdocs.yml whose page is not in the output, or that the home page does not
   link to: the nav the engine drew is what readers click, and an engine that drops an entry
   says nothing (every entry is on the home page's sidebar while `navigation.prune` is off);
4. a page without its safety words: the site's footer (content/site.yaml) on every page the
   theme draws (404.html and hand-written pages too), and every default disclaimer's text on the
   home, exercise, routine and guide pages and the cheat sheets (which have no theme footer).

Pages are read as bytes with regular expressions (`pagescan`), not parsed: at 1,000 exercises
the whole check reads 1,346 pages (62 MB, 63,000 links) in about 0.22 s of processor time. The
same problem on many pages (a link in the theme's header, a footer the theme dropped) is one
line naming the first page and how many others.
"""

from __future__ import annotations

import os
import posixpath
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from .cheatsheet import PAPERS, CheatSheet, cheat_sheet_uri
from .model import Line
from .pagescan import Resolver, in_tags, scan, text, words
from .render import exercise_uri, guide_uri, routine_uri
from .sitefiles import page_url, read_config
from .xref import Site


@dataclass(frozen=True, slots=True)
class Expected:
    """What the generator knows the built site must hold."""

    files: dict[str, str]  # output path -> what it is, for the line saying it is missing
    nav: tuple[tuple[str, int, int], ...]  # (docs path, line, column) of mkdocs.yml's entries
    footer: Line
    disclaimers: tuple[tuple[str, Line], ...]  # (its file, one paragraph) of the default ones
    notices_on: frozenset[str]  # output paths that must show the default disclaimers
    sheets: frozenset[str]  # output paths drawn without the theme, so without its footer
    site_url: str
    directory_urls: bool = True


@dataclass(slots=True)
class Report:
    """The problems found, one line each, and what was read."""

    problems: list[str] = field(default_factory=list)
    pages: int = 0
    links: int = 0
    seconds: float = 0.0


def output_path(src_uri: str, directory_urls: bool = True) -> str:
    """Where an engine writes the page at docs path `src_uri` (`exercises/x.md` becomes
    `exercises/x/index.html` with directory URLs)."""
    url = page_url(src_uri, directory_urls)
    return url + "index.html" if url == "" or url.endswith("/") else url


def config_nav(root: Path) -> tuple[tuple[str, int, int], ...]:
    """The pages `root/mkdocs.yml`'s nav names, with their line and column (none when it cannot
    be read: the build says so itself)."""
    config = read_config(root)
    return tuple(config.nav) if config else ()


def expect(site: Site, pages: Iterable[tuple[str, str | None]],
           nav: Iterable[tuple[str, int, int]], directory_urls: bool = True) -> Expected:
    """What a build of `site` holds: its generated `pages` ((docs path, content file) pairs, as
    `render.render_site` makes them), their cheat sheets and PDFs, and mkdocs.yml's `nav`."""
    files: dict[str, str] = {}
    for src_uri, source in pages:
        files[output_path(src_uri, directory_urls)] = (
            f"the page made from {source}" if source else f"the generated page {src_uri}")
    sheets: set[str] = set()
    for routine in site.content.routines:
        sheet = CheatSheet(routine, cheat_sheet_uri(routine), "", "")
        sheets.add(sheet.html_uri)
        for uri in (sheet.html_uri, *(sheet.pdf_uri(paper) for paper in PAPERS)):
            files[uri] = f"a cheat sheet of {routine.path}"
    shown = ["index.md", *map(exercise_uri, site.content.exercises),
             *map(routine_uri, site.content.routines), *map(guide_uri, site.content.guides)]
    return Expected(
        files=files, nav=tuple(nav), footer=site.content.identity.footer,
        disclaimers=tuple((d.path, p) for d in site.defaults for p in d.text.paragraphs),
        notices_on=frozenset(output_path(u, directory_urls) for u in shown) | sheets,
        sheets=frozenset(sheets), site_url=site.content.identity.url,
        directory_urls=directory_urls)


def _quote(line: Line, size: int = 40) -> str:
    """The start of a line of content text, quoted, cut at a word."""
    plain = " ".join(line.plain.split())
    return f'"{plain}"' if len(plain) <= size else (
        f'"{plain[:size].rsplit(" ", 1)[0].rstrip(",;:")}…"')


# ---------------------------------------------------------------------------- the check


def check_site(out: Path, expected: Expected) -> Report:
    """Check the site built into `out` against `expected`; every problem is one line."""
    start = time.perf_counter()
    check = _Check(out, expected)
    check.files_and_nav()
    # Top-level pages first: the index pages many links point into are then read before the
    # pages linking to their anchors, which are checked at once.
    for page in sorted((p for p in check.files if p.endswith(".html")),
                       key=lambda p: (p.count("/"), p)):
        data = (out / page).read_bytes()
        check.links(page, data)
        check.safety(page, data)
    check.anchors()
    check.home_nav()
    report = check.report()
    report.seconds = time.perf_counter() - start
    return report


class _Check:
    """One run of the self-check: what was found, grouped so that the same problem on many
    pages is one line."""

    def __init__(self, out: Path, expected: Expected) -> None:
        self.expected = expected
        self.out = out
        self.files = _listing(out)
        self.missing = {path for path in expected.files if path not in self.files}
        self.found: dict[tuple[str, str], list[str]] = {}  # (kind, what) -> pages, in order
        self.messages: dict[tuple[str, str], str] = {}
        self.resolve = Resolver(expected.site_url)
        self.ids: dict[str, set[str]] = {}
        self.fragments: list[tuple[str, str, str, str]] = []  # page, link, target, fragment
        self.home = output_path("index.md", expected.directory_urls)
        self.home_links: set[str] = set()
        self.known: dict[int, set[bytes]] = {}  # depth -> links good from any page that deep
        self.footer = words(expected.footer)
        self.notices = [(source, paragraph, words(paragraph))
                        for source, paragraph in expected.disclaimers]
        self.pages = self.count = 0

    def problem(self, kind: str, what: str, page: str, message: str) -> None:
        """Note a problem of `kind` with `what` on `page`; the first page's message is shown."""
        key = (kind, what)
        if key not in self.found:
            self.found[key] = []
            self.messages[key] = message
        self.found[key].append(page)

    def files_and_nav(self) -> None:
        """(1) every generated file is in the output; (3) every nav entry's page is."""
        for path in sorted(self.missing):
            self.problem("1", path, path,
                         f"missing: {self.expected.files[path]} is not in the output")
        for target, line, col in self.expected.nav:
            path = output_path(target, self.expected.directory_urls)
            if path not in self.files:
                self.problem("2", f"{line:09}", f"mkdocs.yml:{line}:{col}",
                             f"nav: {target} is not in the output (no {path})")

    def links(self, page: str, data: bytes) -> None:
        """(2) every link on `page` names a file of the output; fragments are checked later."""
        links, self.ids[page] = scan(data)
        self.pages += 1
        self.count += len(links)
        folder = posixpath.dirname(page)
        bases = self.resolve.page(folder)
        files = self.files
        # Links known to be good on every page this deep: the theme's header, nav and assets
        # (most links) are then one set lookup each (at 1,000 exercises 0.08 s became 0.03).
        known = self.known.setdefault(len(bases), set())
        every = dict.fromkeys(links)  # a page links to its neighbours more than once
        found: list[tuple[str, str, str, str]] = []  # link, kind, what, message
        for raw in every if page == self.home else [k for k in every if k not in known]:
            link = text(raw)
            where, shared = self.resolve(folder, bases, link)
            if where is None:
                if shared:
                    known.add(raw)
                continue
            if isinstance(where, str):
                found.append((link, "3", link, f'link "{link}" {where}'))
                continue
            target, fragment = where
            target = target or page
            if page == self.home:
                self.home_links.add(target)
            if target not in files and target + "/index.html" not in files:
                if target not in self.missing:  # said once, as missing
                    found.append((link, "3", target,
                                  f'broken link "{link}": no {target} in the output'))
            elif fragment and fragment != "top" and target.endswith(".html"):
                ids = self.ids.get(target)
                if ids is None:  # not read yet
                    self.fragments.append((page, link, target, fragment))
                elif fragment not in ids:
                    found.append((link, "4", f"{target}#{fragment}",
                                  f'broken link "{link}": {target} has no anchor "{fragment}"'))
                elif shared:
                    known.add(raw)
            elif shared:
                known.add(raw)
        if found:
            real = in_tags(data)
            for link, kind, what, message in found:
                if link in real:
                    self.problem(kind, what, page, message)

    def safety(self, page: str, data: bytes) -> None:
        """(4) the footer on every themed page; the default disclaimers where they belong."""
        # The footer is at the end: looked for there first (the whole page is a pass more).
        if page not in self.expected.sheets and not (
                self.footer.search(data, max(0, len(data) - 16384)) or self.footer.search(data)):
            self.problem("5", "footer", page, "no footer: the site's note "
                         f"{_quote(self.expected.footer)} (footer in content/site.yaml) is not "
                         "on the page")
        if page in self.expected.notices_on:
            for source, paragraph, pattern in self.notices:
                if not pattern.search(data):
                    self.problem("5", f"{source}:{paragraph.source}", page,
                                 f"no safety notice: the default disclaimer {_quote(paragraph)} "
                                 f"({source}) is not on the page")

    def anchors(self) -> None:
        """(2) every link's fragment is an id on its target page (the links to pages that were
        not read yet when the link was)."""
        real: dict[str, set[str]] = {}
        for page, link, target, fragment in self.fragments:
            if fragment in self.ids.get(target, ()):
                continue
            if page not in real:
                real[page] = in_tags((self.out / page).read_bytes())
            if link in real[page]:
                self.problem("4", f"{target}#{fragment}", page,
                             f'broken link "{link}": {target} has no anchor "{fragment}"')

    def home_nav(self) -> None:
        """(3) the home page's navigation links to every nav entry that is in the output."""
        if self.home not in self.files:
            return
        for target, line, col in self.expected.nav:
            path = output_path(target, self.expected.directory_urls)
            if path in self.files and path not in self.home_links:
                self.problem("2", f"{line:09}", f"mkdocs.yml:{line}:{col}",
                             f"nav: {target} is in the output but the home page's navigation "
                             "does not link to it (did the engine drop the entry?)")

    def report(self) -> Report:
        """The lines: by kind, then in the order the pages were read."""
        lines = []
        order = {key: i for i, key in enumerate(self.found)}
        for key in sorted(self.found, key=lambda k: (k[0], order[k])):
            pages = self.found[key]
            more = len(set(pages)) - 1
            also = f" (and on {more} other page{'s' if more > 1 else ''})" if more else ""
            lines.append(f"{pages[0]}: {self.messages[key]}{also}")
        return Report(lines, self.pages, self.count)


def _listing(out: Path) -> set[str]:
    """Every file under `out`, as paths relative to it with forward slashes."""
    found: set[str] = set()
    top = str(out)
    for folder, _dirs, names in os.walk(top):
        rel = os.path.relpath(folder, top).replace(os.sep, "/")
        prefix = "" if rel == "." else rel + "/"
        found.update(prefix + name for name in names)
    return found
