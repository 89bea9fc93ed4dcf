"""MkDocs hook: adds the generated pages to `mkdocs build` and `mkdocs serve`, in memory only.

Thin glue over `read_site` and `render_site`. Nothing is written into the docs folder (that
would make `mkdocs serve` rebuild in a loop); `content/` is added to the watched paths so
editing YAML reloads the preview. Content problems abort the build with one line each.
The figures' stylesheet (generator/figure/figure.css, also inlined in cheat sheets) is served
from here as assets/stylesheets/figure.css and added to `extra_css`: one copy of it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

# MkDocs imports hooks by file path, outside any package: make the repository importable.
_ROOT = Path(__file__).resolve().parent.parent
if str(_ROOT) not in sys.path:
    sys.path.insert(0, str(_ROOT))

import html  # noqa: E402
import logging  # noqa: E402
import re  # noqa: E402

import jinja2  # noqa: E402
import jinja2.bccache  # noqa: E402
import mkdocs  # noqa: E402
from mkdocs.config.defaults import MkDocsConfig  # noqa: E402
from mkdocs.exceptions import PluginError  # noqa: E402
from mkdocs.plugins import event_priority  # noqa: E402
from mkdocs.structure.files import File, Files  # noqa: E402
from mkdocs.structure.pages import Page as MkDocsPage  # noqa: E402

import generator  # noqa: E402
from generator.cache import page_cache  # noqa: E402
from generator.model import Identity  # noqa: E402
from generator.offline import (  # noqa: E402
    inputs_version,
    mark_plan,
    sw_url,
    write_service_worker,
)
from generator.outputs import FIGURE_CSS, site_outputs  # noqa: E402
from generator.render import Page, pages_rendered, render_site  # noqa: E402
from generator.search import more_labels, other_names, tune_index_file  # noqa: E402
from generator.selfcheck import check_site, config_nav, expect  # noqa: E402
from generator.sheetfit import NOTICES  # noqa: E402
from generator.text import to_html  # noqa: E402
from generator.timing import duration_warnings  # noqa: E402
from generator.xref import Site  # noqa: E402

# Under the "mkdocs" logger, so strict mode counts these warnings and fails the build.
log = logging.getLogger("mkdocs.hooks.stretch_guide")
notices = logging.getLogger(NOTICES)  # what the build and `check` both say, and go on
_pages: list[Page] = []
_site: list[Site] = []  # this build's content (one Site)
_names: dict[str, tuple[str, ...]] = {}  # page address -> its other names, for search
_labels: dict[str, tuple[str, ...]] = {}  # page address -> labels beside its tags, for search
# For `serve --dirty` (what `python -m generator serve` runs): what each generated file held at
# the previous build, so a rebuild re-renders only the pages whose Markdown actually changed.
_dirty = False
_previous: dict[str, str | bytes] = {}
# No service worker under `serve` (it would keep serving stale previews); `python -m generator
# build` runs MkDocs without `on_startup`, so a build is what is assumed.
_serving = False


def on_startup(command: str, dirty: bool) -> None:
    """Remember whether this is a dirty `serve`, where unchanged pages can be skipped, and
    whether it is a `serve` at all (no offline worker then)."""
    global _dirty, _serving
    _dirty = dirty and command == "serve"
    _serving = command == "serve"
    _previous.clear()


def on_shutdown() -> None:
    """Forget the command: a later build in the same process (which calls no `on_startup`)
    is a build, with its offline worker."""
    global _dirty, _serving
    _dirty = _serving = False


# Before the theme's plugins read the configuration: search takes its language from the theme.
@event_priority(100)
def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read and render the content once per build; watch content/ when serving."""
    root = Path(config.config_file_path).resolve().parent
    try:
        site = generator.PRELOADED.pop(root, None) or generator.read_site(root)
    except generator.ContentError as err:
        raise PluginError("content problems:\n" + err.report()) from None
    _identify(config, site.content.identity)
    for warning in duration_warnings(site, root):  # strict mode stops on these; serve goes on
        log.warning(str(warning))
    _pages[:] = render_site(site, config.use_directory_urls, page_cache(root))
    _names.clear()
    _names.update(other_names(site, config.use_directory_urls))
    _labels.clear()
    _labels.update(more_labels(site, config.use_directory_urls))
    made = pages_rendered()
    log.info(f"Generated pages: {made} rendered, {len(_pages) - made} unchanged since the last "
             "build")
    _site[:] = [site]
    content = str(root / "content")
    if content not in config.watch:
        config.watch.append(content)
    if FIGURE_CSS not in config.extra_css:
        config.extra_css.append(FIGURE_CSS)
    return config


def _identify(config: MkDocsConfig, identity: Identity) -> None:
    """The site's name, description, address, footer and language, from content/site.yaml."""
    # The theme prints these into the page as they are (as it does front matter, see
    # `render.front_matter`): escaped here, they can only ever be text.
    config.site_name = html.escape(identity.name.plain)
    config.site_description = html.escape(identity.tagline.plain)
    config.site_url = identity.url
    config.copyright = to_html(identity.footer)  # the theme prints it as HTML
    config.theme["language"] = identity.language


class _CompiledTemplates(jinja2.BytecodeCache):
    """The theme's compiled templates, in memory across the rebuilds of one `serve`."""

    def __init__(self) -> None:
        self.code: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Hand back the compiled template (Jinja2 discards it if the source changed)."""
        if (code := self.code.get(bucket.key)) is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        """Keep a freshly compiled template."""
        self.code[bucket.key] = bucket.bytecode_to_string()


# MkDocs makes a new Jinja2 environment for every build, so every preview rebuild compiled
# Material's 54 templates again (0.3 s at any size); compiled once, they are reused.
_compiled = _CompiledTemplates()


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Reuse compiled theme templates between the rebuilds of a preview."""
    env.bytecode_cache = _compiled
    return env


# Blocks of generated HTML that neither Markdown nor search has anything to do with are taken
# out of a generated page's Markdown before MkDocs converts it, and put back into the finished
# page: the drawn figures (a figure is 5 KB a frame, a routine page carries 50 KB of them), the
# index pages' long exercise lists and the exercise browser (0.5 MB at 1,000 exercises). Python-
# Markdown's raw-HTML pass and the search plugin's HTML parser both read every character of them,
# though all are out of search: the figures alone were a fifth of a build at 1,000 exercises.
# `render` still writes them into the Markdown, for any other renderer.
_HOLD = re.compile(r'<figure class="sg-figure" data-search-exclude>.*?</figure>'
                   r'|<ul class="exercise-index" data-search-exclude>.*?</ul>'
                   r'|<div class="sg-browser" data-search-exclude.*?</div>\n'
                   r'<script src="[^"<>]*exercise-browser\.js" defer></script>', re.S)
_HELD = re.compile(r'<(figure|ul|div) class="sg-held" data-sg-held="([0-9]+)"></\1>')
_held: dict[str, list[str]] = {}
_generated: set[str] = set()  # docs paths of the generated pages of this build


def on_page_markdown(markdown: str, page: MkDocsPage, config: MkDocsConfig, files: Files) -> str:
    """Hold a generated page's figures, long lists and exercise browser back until the page is
    finished (see `on_post_page`)."""
    if page.file.src_uri not in _generated:
        # Hand-written pages are left exactly as written, with the edit link `render` puts in
        # their front matter (generated pages carry theirs; see overrides/partials/actions.html).
        edit = _site[0].content.identity.edit if _site else None
        if edit is not None and page.file.edit_uri:
            page.meta["edit_url"] = html.escape(edit + page.file.edit_uri)
        return markdown
    held: list[str] = []

    def hold(match: re.Match[str]) -> str:
        held.append(match.group(0))
        tag = match.group(0)[1:match.group(0).index(" ")]  # a block of the same kind holds its place
        return f'<{tag} class="sg-held" data-sg-held="{len(held) - 1}"></{tag}>'

    out = _HOLD.sub(hold, markdown)
    _held[page.file.src_uri] = held
    return out


def on_post_page(output: str, page: MkDocsPage, config: MkDocsConfig) -> str:
    """Put back the blocks held out of the page's Markdown; in a build, point a routine page's
    plan at the offline worker (`generator.offline`)."""
    held = _held.pop(page.file.src_uri, None)
    if held:
        output = _HELD.sub(lambda m: held[int(m.group(2))], output)
    return output if _serving else mark_plan(output, sw_url(page.url))


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Add the generated pages and content images; refuse hand-written pages that collide."""
    root = Path(config.config_file_path).resolve().parent
    docs = Path(config.docs_dir).resolve()
    for f in files:
        if f.abs_src_path and Path(f.abs_src_path).is_relative_to(docs):
            f.edit_uri = Path(f.abs_src_path).relative_to(root).as_posix()
    collisions = []
    _generated.clear()
    for page in _pages:
        existing = files.get_file_from_path(page.src_uri)
        if existing is not None:
            collisions.append(f"{existing.edit_uri or existing.src_uri}:1:1: (file): has the same "
                              f"address as a generated page ({page.src_uri}); rename it")
            continue
        _generated.add(page.src_uri)
        f = File.generated(config, page.src_uri, content=page.markdown)  # edit link: front matter
        _track(f, page.markdown)
        files.append(f)
    made = site_outputs(_site[0], root, reuse=_dirty)
    if made.problems:
        raise PluginError("content problems:\n" + "\n".join(map(str, made.problems)))
    for notice in made.notices:  # INFO: strict mode stops on warnings, and these are not
        notices.info(str(notice))
    for output in made.files:
        if (existing := files.get_file_from_path(output.uri)) is not None:
            collisions.append(f"{existing.edit_uri or existing.src_uri}:1:1: (file): has the same "
                              f"address as {output.what} ({output.uri}); rename it")
            continue
        if output.path is not None:
            f = File.generated(config, output.uri, abs_src_path=str(output.path))
        else:
            f = File.generated(config, output.uri, content=output.content)
        f.edit_uri = output.source
        # A cached file's name is a digest of its bytes: its path stands for its content.
        _track(f, str(output.path) if output.path is not None else output.content)
        files.append(f)
    if collisions:
        raise PluginError("\n".join(collisions))
    # In the order MkDocs finds files in a docs folder, as if the generated ones were written
    # there: the sitemap and the tags' index then list pages as any engine building `render`'s
    # folder lists them.
    return Files(sorted(files, key=_walk_order))


def _walk_order(file: File) -> tuple[tuple[int, bool, str], ...]:
    """MkDocs' walk of a folder: its files (an index first), then its folders, by name."""
    *folders, name = file.src_uri.split("/")
    stem = name.rsplit(".", 1)[0]
    return (*((1, False, d) for d in folders), (0, stem not in ("index", "README"), name))


def _track(file: File, content: str | bytes) -> None:
    """In a dirty serve, mark `file` unmodified when its content equals the previous build's."""
    if not _dirty:
        return
    unchanged = _previous.get(file.src_uri) == content and os.path.isfile(file.abs_dest_path)
    _previous[file.src_uri] = content
    if unchanged:
        # MkDocs skips reading, rendering and writing pages that report no modification.
        file.is_modified = lambda: False  # type: ignore[method-assign]


# After the search plugin has written the index (hooks run after plugins; the priority makes
# sure of it).
@event_priority(-100)
def on_post_build(config: MkDocsConfig) -> None:
    """Rank titles and other names above labels in the search index (`generator.search`);
    then check the finished site (`generator.selfcheck`): a problem fails the build."""
    tune_index_file(Path(config.site_dir) / "search" / "search_index.json", _names, _labels)
    if not _serving:  # versioned by what the site is built from (`offline.inputs_version`)
        site = _site[0]
        root = Path(config.config_file_path).resolve().parent
        digests = [*site.digests.items(), *((p.name, p.digest) for p in site.content.pictures)]
        engine = mkdocs.__name__  # "properdocs" when ProperDocs answers for mkdocs
        write_service_worker(Path(config.site_dir), inputs_version(root, digests, engine))
    _self_check(config)


def _self_check(config: MkDocsConfig) -> None:
    """Every generated page, link, nav entry and safety note is in the output, or the build
    fails (the CLI then keeps the previous site). Not in a dirty preview rebuild: its folder
    also holds earlier builds' files, and each edit would wait ~0.2 s more at 1,000 exercises."""
    root = Path(config.config_file_path).resolve().parent
    if _dirty or not _site:
        return
    nav = config_nav(root)
    expected = expect(_site[0], [(p.src_uri, p.source) for p in _pages], nav,
                      config.use_directory_urls)
    report = check_site(Path(config.site_dir), expected)
    log.info(f"Self-check: {report.pages} pages, {report.links} links in {report.seconds:.2f} s")
    if report.problems and _serving:  # the preview goes on and shows them
        for line in report.problems:
            log.warning(f"self-check: {line}")
    elif report.problems:
        raise PluginError("the built site fails its self-check:\n" + "\n".join(report.problems))
