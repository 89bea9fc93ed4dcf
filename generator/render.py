"""Stage 4, render: turn the cross-referenced site into Markdown pages with Jinja2 templates.

Templates never see raw YAML and cannot print raw text: the environment's `finalize` refuses any
value that is not already Markdown made by `text.to_markdown` (through the `md` filter) or by the
generator itself (numbers, links between pages). So a template change cannot open an injection
hole by forgetting to escape.
"""

from __future__ import annotations

import functools
import html
import json
import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import markupsafe

from .browser import browser_html, compact_entry
from .cache import Reuse
from .cheatsheet import cheat_sheet_uri
from .discover import SLUG
from .doses import dose_html, dose_markdown
from .figures import figure_html
from .images import picture_html
from .model import Dose, Exercise, Guide, Image, Line, Link, Plain, Prose, Routine
from .text import escape, to_html, to_markdown
from .timing import duration, plan, player_html
from .xref import Site

TEMPLATES = Path(__file__).parent / "templates"
VOCAB_PAGES = {"positions": "positions.md", "body_areas": "body-areas.md",
               "equipment": "equipment.md", "kinds": "kinds.md"}


class Md(markupsafe.Markup):
    """Markdown that is safe to print: escaped content text or generator-made markup.

    It subclasses Markup so that Jinja2 treats it, and the output of macros built from it, as
    already safe; anything else reaching the page is refused by `_finalize`.
    """

    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Page:
    """One Markdown page: where it goes in the docs tree, its text, and the file it came from."""

    src_uri: str
    markdown: str
    source: str | None  # repository path of the YAML behind the page; None for index pages


def md(value: Any, indent: int = 0) -> Md:
    """Content text (a Line, Prose or plain str) as escaped Markdown; prose keeps paragraphs."""
    if isinstance(value, Md):
        return value
    if isinstance(value, Line):
        return Md(to_markdown(value))
    if isinstance(value, Prose):
        pad = "\n\n" + " " * indent
        return Md(pad.join(to_markdown(p) for p in value.paragraphs))
    if isinstance(value, str):
        return Md(escape(value))
    if isinstance(value, jinja2.Undefined):
        str(value)  # StrictUndefined raises, naming the missing variable
    raise TypeError(f"cannot write {type(value).__name__} as Markdown")


def html_text(value: Line) -> Md:
    """Content text as HTML (`text.to_html`), for raw HTML blocks such as a <summary>."""
    return Md(to_html(value))


def figure(exercise: Exercise) -> Md:
    """The exercise's figure: one line of raw HTML (a block of its own), '' without one."""
    return Md(figure_html(exercise))


def slug(value: str) -> Md:
    """A validated slug (lower-case letters, digits, hyphens) for use in a URL or anchor."""
    if not SLUG.match(value):
        raise ValueError(f"not a slug: {value!r}")
    return Md(value)


def url(value: str) -> Md:
    """A checked http(s) address as a Markdown link target, percent-encoding risky characters."""
    return Md(to_markdown(Line((Link((Plain("x"),), value),), ""))[4:-1])


def plural(n: int, word: str) -> Md:
    """'1 minute', '4 minutes'."""
    return Md(f"{n} {word}{'' if n == 1 else 's'}")


def _finalize(value: Any) -> Any:
    # Markup here is either Md or the output of a macro, itself made only of finalized values.
    if isinstance(value, markupsafe.Markup):
        return value
    if isinstance(value, int) and not isinstance(value, bool):
        return Md(str(value))
    raise TypeError(f"template printed unescaped {type(value).__name__} {value!r}: use |md")


def dose_sentences(dose: Dose) -> Md:
    """The dose as short sentences, e.g. 'Start with 5 repetitions on each side, work up to 15.'"""
    return Md(dose_markdown(dose))


def dose_html_text(dose: Dose) -> Md:
    """The dose as short sentences of HTML, for raw HTML blocks."""
    return Md(dose_html(dose))


def front_matter(title: str, description: str, tags: Sequence[str] = (),
                 boost: float | None = None, indexed: bool = True) -> Md:
    """YAML front matter. Values are HTML-escaped because the theme prints `title` and
    `description` into the page head as they are; JSON strings are valid YAML and cannot
    break out of their quotes. `indexed=False` keeps the whole page out of search."""
    def value(text: str) -> str:
        return json.dumps(html.escape(text), ensure_ascii=False)

    lines = ["---", f"title: {value(title)}", f"description: {value(description)}"]
    if tags:
        lines.append("tags:")
        lines += [f"  - {value(t)}" for t in tags]
    if boost is not None:
        lines += ["search:", f"  boost: {boost}"]
    elif not indexed:
        lines += ["search:", "  exclude: true"]
    return Md("\n".join([*lines, "---"]))


class Renderer:
    """Renders every page of a site; `link` makes relative links between generated pages."""

    def __init__(self, site: Site, directory_urls: bool = True,
                 links_from_source: bool = False) -> None:
        self.site = site
        self.directory_urls = directory_urls
        self.links_from_source = links_from_source
        self.env = jinja2.Environment(
            loader=jinja2.FileSystemLoader(TEMPLATES),
            undefined=jinja2.StrictUndefined,
            # Autoescape only makes Jinja2 track what is safe (Md, macro output); `_finalize`
            # refuses everything else, so nothing is ever HTML-escaped behind our back.
            autoescape=True,
            keep_trailing_newline=True,
            trim_blocks=True,
            lstrip_blocks=True,
            finalize=_finalize,
        )
        self.env.filters.update(md=md, html=html_text, dose=dose_sentences, dose_html=dose_html_text,
                                slug=slug, url=url)
        self.env.globals.update(plural=plural, figure=figure)
        self.env.globals.update(site=site, label=self.label, tags=self.tags, safety=self.safety,
                                entry=self.entry, index_list=self.index_list,
                                exercise_browser=self.exercise_browser, picture=self.picture,
                                facts=self.facts, player=self.player, timed=self.timed,
                                href=self.href)
        self.current = ""
        self.pictures = {p.name: p for p in site.content.pictures}

    @functools.lru_cache(maxsize=256)  # noqa: B019 - one renderer per build; few distinct lists
    def safety(self, extra: tuple[str, ...] = (), indexed: bool = False) -> Md:
        """The safety notice (default disclaimers plus `extra`), rendered once per variant."""
        macros = self.env.get_template("_macros.md.j2").module
        return Md(macros.safety(extra, indexed))  # type: ignore[attr-defined]

    def entry(self, exercise: Exercise) -> Md:
        """An exercise as a list item: linked title, summary and level (for lists and indexes)."""
        return self._entry(posixpath.dirname(self.current), exercise.slug)

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - the same items recur on many pages
    def _entry(self, base: str, slug: str) -> Md:
        e = self.site.exercises[slug]
        # The level in plain brackets, not italics: with a thousand entries on an index page,
        # emphasis was a fifth of the page's Markdown conversion time.
        return Md(f"- [{md(e.title)}]({_relative(base, exercise_uri(e))}): {md(e.summary)} "
                  f"({md(e.level.capitalize())})")

    def index_list(self, exercises: Sequence[Exercise]) -> Md:
        """A long list of exercises for an index page, as an HTML block out of search.

        HTML rather than Markdown: these lists hold every exercise (a thousand entries at scale),
        were most of their pages' conversion time, and change whenever any title does, which
        made every preview rebuild after a title edit convert them again. Entries are compact
        (`browser.compact_entry`): text is escaped there, the addresses are made from validated
        slugs, and a test follows every link of the built site.
        """
        here = self._here()
        items = "".join(self._html_entry(here, e.slug) for e in exercises)
        return Md(f'<ul class="exercise-index" data-search-exclude>\n{items}</ul>\n')

    @functools.lru_cache(maxsize=65536)  # noqa: B019 - the same items recur on several pages
    def _html_entry(self, here: str, slug: str) -> str:
        e = self.site.exercises[slug]
        return compact_entry(self.site, e, relative_url(here, page_url(exercise_uri(e),
                                                                      self.directory_urls)))

    def facts(self, e: Exercise) -> Md:
        """An exercise's facts (level, kind, position, areas, equipment, other names) as an HTML
        list out of search: the index carries them as labels and names (`search.py`). HTML, as
        `index_list`: a Markdown list wrapped to be kept out of search cost every exercise page
        a pass of md_in_html (0.35 s of a build at 1,000 exercises)."""
        here = self._here()

        def terms(vocabulary: str, slugs: Sequence[str]) -> str:
            page = relative_url(here, page_url(VOCAB_PAGES[vocabulary], self.directory_urls))
            return ", ".join(f'<a href="{html.escape(page)}#{slug}">'
                             f"{html.escape(self.site.term(vocabulary, slug).label)}</a>"
                             for slug in slugs)

        rows = [("Level", html.escape(e.level.capitalize()))]
        if e.kind:
            rows.append(("Kind", terms("kinds", (e.kind,))))
        rows += [("Position", terms("positions", (e.position,))),
                 ("Works on", terms("body_areas", e.targets)),
                 ("You need", terms("equipment", e.equipment) or "no equipment")]
        if e.also_known_as:
            rows.append(("Also known as", "; ".join(to_html(a) for a in e.also_known_as)))
        items = "".join(f"<li><strong>{name}:</strong> {value}</li>\n" for name, value in rows)
        return Md(f'<ul class="sg-exercise-facts" data-search-exclude>\n{items}</ul>\n')

    def exercise_browser(self) -> Md:
        """The exercise browser (`browser.py`): every exercise, for the page being rendered."""
        here = self._here()
        return Md(browser_html(
            self.site, lambda e: relative_url(here, page_url(exercise_uri(e), self.directory_urls)),
            lambda path: relative_url(here, path)))

    def picture(self, image: Image) -> Md:
        """An exercise's picture as one line of HTML (`pictures.picture_html`)."""
        here = self._here()
        return Md(picture_html(image, self.pictures[image.file], lambda p: relative_url(here, p)))

    def player(self, routine: Routine) -> Md:
        """The routine's timing plan and the player's scripts (`timing.player_html`)."""
        here = self._here()
        return Md(player_html(self.site, routine, lambda p: relative_url(here, p)))

    def timed(self, routine: Routine) -> Md:
        """The routine's computed duration, e.g. '2 min 5 s'."""
        return Md(duration(plan(self.site, routine).seconds))

    def href(self, target: str) -> Md:
        """A relative URL from the page being rendered to `target` (a docs-tree path), for raw
        HTML, whose links MkDocs leaves as they are."""
        here = self._here()
        return Md(html.escape(relative_url(here, page_url(target, self.directory_urls))))

    def _here(self) -> str:
        """Where the links of raw HTML start from: the page's own address, as MkDocs leaves
        them; or its Markdown file, for engines that rewrite them as if they were Markdown
        links (Zensical adds a `../` to each otherwise)."""
        return self.current if self.links_from_source else page_url(self.current,
                                                                    self.directory_urls)

    def link(self, target: str) -> Md:
        """A relative link from the page being rendered to `target` (a docs-tree path)."""
        return _relative(posixpath.dirname(self.current), target)

    def label(self, vocabulary: str, slug: str) -> Md:
        """A vocabulary term's label, escaped."""
        return md(self.site.term(vocabulary, slug).label)

    def tags(self, exercise: Exercise) -> list[str]:
        """Tag names for an exercise: its position, body areas and equipment labels. (Not its
        kind: the page's facts show and index it, and the tags page, every exercise under each
        of its tags, was already the largest page at 1,000 exercises.)"""
        t = self.site.terms
        return ([t["positions"][exercise.position].label]
                + [t["body_areas"][s].label for s in exercise.targets]
                + [t["equipment"][s].label for s in exercise.equipment])

    def page(self, src_uri: str, template: str, source: str | None, **context: Any) -> Page:
        """Render one template to a page at `src_uri`."""
        self.current = src_uri
        text = self.env.get_template(template).render(link=self.link, front_matter=front_matter,
                                                      page_uri=src_uri, **context)
        # Blank-line runs left by template logic mean nothing in Markdown; drop them for tidy diffs.
        text = re.sub(r"\n(?:[ ]*\n){2,}", "\n\n", text).strip("\n") + "\n"
        edit = self.site.content.identity.edit
        if source is not None and edit is not None and text.startswith("---\n"):
            # The page's edit button, for any engine (overrides/partials/actions.html).
            text = f"---\nedit_url: {json.dumps(html.escape(edit + source))}\n" + text[4:]
        return Page(src_uri, text, source)


@functools.lru_cache(maxsize=65536)
def _relative(base: str, target: str) -> Md:
    # posixpath.relpath, without its calls to the file system (it was a third of rendering).
    here, there = base.split("/") if base else [], target.split("/")
    common = 0
    while common < min(len(here), len(there) - 1) and here[common] == there[common]:
        common += 1
    return Md("/".join([".."] * (len(here) - common) + there[common:]))


def page_url(src_uri: str, directory_urls: bool = True) -> str:
    """The address MkDocs gives the page at `src_uri`, relative to the site root."""
    stem = src_uri.removesuffix(".md")
    if not directory_urls:
        return stem + ".html"
    if stem == "index" or stem.endswith("/index"):
        return stem.removesuffix("index")
    return stem + "/"


def relative_url(here: str, there: str) -> str:
    """The relative address of page URL `there` from page URL `here` (both from `page_url`)."""
    return _relative(posixpath.dirname(here) if not here.endswith("/") else here.rstrip("/"),
                     there) or "./"


def exercise_uri(e: Exercise | str) -> str:
    """Docs path of an exercise page."""
    return f"exercises/{e if isinstance(e, str) else e.slug}.md"


def routine_uri(r: Routine | str) -> str:
    """Docs path of a routine page."""
    return f"routines/{r if isinstance(r, str) else r.slug}.md"


def guide_uri(g: Guide | str) -> str:
    """Docs path of a guide page."""
    return f"guides/{g if isinstance(g, str) else g.slug}.md"


def _dump(page: Page) -> list[str | None]:
    return [page.src_uri, page.markdown, page.source]


def _load(value: list[str | None]) -> Page:
    src_uri, markdown, source = value
    if not isinstance(src_uri, str) or not isinstance(markdown, str):
        raise TypeError("not a page")
    return Page(src_uri, markdown, source)


_PAGES: Reuse[Page] = Reuse(_dump, _load)  # pages of the last build, by what they show


def render_site(site: Site, directory_urls: bool = True, cache: Path | None = None,
                links_from_source: bool = False) -> list[Page]:
    """Every generated page, in a stable order. `directory_urls` is MkDocs' `use_directory_urls`
    (index pages link with final addresses). With a `cache` file (`cache.page_cache`), a page
    whose content files are unchanged since the last build is reused instead of rendered.
    `links_from_source`: raw HTML links as Zensical reads them (`Renderer._here`)."""
    r = Renderer(site, directory_urls, links_from_source)
    r.env.globals.update(exercise_uri=exercise_uri, routine_uri=routine_uri, guide_uri=guide_uri,
                         cheat_sheet_uri=cheat_sheet_uri, vocab_pages=VOCAB_PAGES)
    _PAGES.start(keep=cache is not None, file=cache)
    urls = (f"directory_urls={directory_urls} edit={site.content.identity.edit} "
            f"from_source={links_from_source}")
    everything = site.whole_digest(urls)  # what index pages, guides and the home page show

    def page(uri: str, digest: str | None, template: str, source: str | None,
             **context: Any) -> Page:
        return _PAGES.get(uri, digest, functools.partial(r.page, uri, template, source, **context))

    vocab_path = site.content.vocabulary.path
    pages = [page("index.md", everything, "home.md.j2", site.content.identity.path)]
    pages += [page(guide_uri(g), everything, "guide.md.j2", g.path, guide=g)
              for g in site.content.guides]
    pages += [page(routine_uri(x), site.digest(site.routine_inputs(x), urls), "routine.md.j2",
                   x.path, routine=x) for x in site.content.routines]
    # An exercise page shows its pictures' sizes, which come from the pictures' own bytes.
    pages += [page(exercise_uri(e), site.digest(site.exercise_inputs(e), urls,
                                                *(r.pictures[i.file].digest for i in e.images)),
                   "exercise.md.j2", e.path, exercise=e) for e in site.content.exercises]
    pages.append(page("guides/index.md", everything, "guides.md.j2", None))
    pages.append(page("routines/index.md", everything, "routines.md.j2", None))
    pages.append(page("exercises/index.md", everything, "exercises.md.j2", None))
    for name, uri in VOCAB_PAGES.items():
        pages.append(page(uri, everything, "vocabulary.md.j2", vocab_path, vocabulary=name))
    pages.append(page("tags.md", everything, "tags.md.j2", None))
    _PAGES.finish()
    return pages


def pages_rendered() -> int:
    """How many pages the last `render_site` call rendered; the others were reused."""
    return _PAGES.made
