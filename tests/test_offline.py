"""Offline routines: the service worker (generator/offline.py) that offline.js registers.

A routine opened once plays with the network gone; a second build with changed content
replaces the kept copy; `serve` has no worker; nothing is requested from another host. Both
ways of taking the network away work with service workers in this Chromium: stopping the
server, and `context.set_offline(True)` (the worker's own fetches fail too: checked below).
"""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Browser, BrowserContext, Page

from generator.offline import (
    CACHE_PREFIX,
    mark_plan,
    precache_urls,
    service_worker,
    site_version,
    sw_url,
)
from tests.conftest import copy_repo
from tests.static_server import serve

ROUTINE = "routines/mid-back-sitting/"
TITLE = "If you are sitting"
# Every cache of ours, and the addresses each holds.
CACHES = """async () => {
    const out = {};
    for (const name of await caches.keys()) {
        out[name] = (await (await caches.open(name)).keys()).map(r => r.url);
    }
    return out;
}"""


def _build(root: Path, out: Path) -> Path:
    from generator.cli import main

    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # as `built_site` builds
    assert main(["--root", str(root), "build", "--site-dir", str(out)]) == 0
    return out


def _version(site: Path) -> str:
    found = re.search(r'var CACHE = "([^"]+)";', (site / "sw.js").read_text())
    assert found, "sw.js names no cache"
    return found.group(1)


@pytest.fixture(scope="module")
def copy_built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A copy of the repository (at another path than the real one) and its build."""
    base = tmp_path_factory.mktemp("offline")
    root = copy_repo(base / "repo")
    return root, _build(root, base / "site")


# --- generator/offline.py ------------------------------------------------------------------


def _tree(base: Path, files: dict[str, bytes]) -> Path:
    for rel, data in files.items():
        (base / rel).parent.mkdir(parents=True, exist_ok=True)
        (base / rel).write_bytes(data)
    return base


def test_the_version_is_a_digest_of_every_file_but_the_worker(tmp_path: Path) -> None:
    site = _tree(tmp_path / "a", {"index.html": b"<p>hi</p>", "assets/x.css": b"p{}"})
    first = site_version(site)
    assert site_version(site) == first
    (site / "sw.js").write_text("anything")  # a previous worker does not change the version
    assert site_version(site) == first
    same = _tree(tmp_path / "b", {"assets/x.css": b"p{}", "index.html": b"<p>hi</p>"})
    assert site_version(same) == first  # where the folder is does not matter
    (site / "assets/x.css").write_bytes(b"p{ }")
    assert site_version(site) != first
    moved = _tree(tmp_path / "c", {"index.html": b"<p>hi</p>", "assets/y.css": b"p{}"})
    assert site_version(moved) != first  # a renamed file is another site


def test_the_worker_keeps_the_files_every_routine_page_loads(tmp_path: Path) -> None:
    site = _tree(tmp_path, {
        "assets/javascripts/bundle.a5f9d56c.min.js": b"", "assets/javascripts/player.js": b"",
        "assets/javascripts/bundle.a5f9d56c.min.js.map": b"",
        "assets/javascripts/lunr/min/lunr.de.min.js": b"",
        "assets/javascripts/workers/search.a7633da7.min.js": b"",
        "assets/stylesheets/main.57a0d79d.min.css": b"", "assets/stylesheets/player.css": b"",
        "assets/images/favicon.png": b"", "search/search_index.json": b"",
        "exercises/x/index.html": b""})
    assert precache_urls(site) == [
        "assets/images/favicon.png", "assets/javascripts/bundle.a5f9d56c.min.js",
        "assets/javascripts/player.js", "assets/stylesheets/main.57a0d79d.min.css",
        "assets/stylesheets/player.css"]
    text = service_worker("abc", precache_urls(site))
    assert f'var CACHE = "{CACHE_PREFIX}abc";' in text
    assert '"assets/javascripts/player.js"' in text
    assert text == service_worker("abc", precache_urls(site))


def test_only_the_plan_learns_where_the_worker_is() -> None:
    page = ('<p>id="sg-plan"</p><script type="application/json" id="sg-plan">{}</script>'
            '<script type="application/json" id="sg-plan">{}</script>')
    marked = mark_plan(page, "../../sw.js")
    assert marked.count('data-sw="../../sw.js"') == 1
    assert '<script data-sw="../../sw.js" type="application/json" id="sg-plan">{}' in marked
    assert mark_plan("<p>no plan</p>", "sw.js") == "<p>no plan</p>"
    assert sw_url("routines/mid-back-sitting/") == "../../sw.js"
    assert sw_url("routines/mid-back-sitting.html") == "../sw.js"
    assert sw_url("") == "sw.js"


# --- the built site ------------------------------------------------------------------------


def test_the_same_content_gives_a_byte_identical_worker(built_site: Path,
                                                        copy_built: tuple[Path, Path]) -> None:
    _, site = copy_built
    assert (site / "sw.js").read_bytes() == (built_site / "sw.js").read_bytes()
    text = (site / "sw.js").read_text()
    for kept in ("assets/javascripts/player.js", "assets/javascripts/days.js",
                 "assets/javascripts/offline.js", "assets/stylesheets/stretch.css"):
        assert f'"{kept}"' in text
    assert re.search(r'"assets/javascripts/bundle\.[0-9a-f]+\.min\.js"', text)
    page = (site / ROUTINE / "index.html").read_text()
    assert '<script data-sw="../../sw.js" type="application/json" id="sg-plan">' in page
    assert "data-sw" not in (site / "exercises/glute-bridge/index.html").read_text()


def test_serve_has_no_worker(repo: Path, tmp_path: Path, browser: Browser) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    out = tmp_path / "preview"
    config = load_config(str(repo / "mkdocs.yml"), site_dir=str(out), strict=False)
    config.plugins.on_startup(command="serve", dirty=False)  # as `mkdocs serve` starts
    try:
        build(config)
    finally:
        config.plugins.on_startup(command="build", dirty=False)  # the hook is shared
    assert not (out / "sw.js").exists()
    page_html = (out / ROUTINE / "index.html").read_text()
    assert 'id="sg-plan"' in page_html and "data-sw" not in page_html
    with serve(out) as base:
        context = browser.new_context()
        page = context.new_page()
        page.goto(base + ROUTINE, wait_until="load")
        assert page.evaluate("navigator.serviceWorker.getRegistrations()"
                             ".then(r => r.length)") == 0
        context.close()


# --- in the browser ------------------------------------------------------------------------


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    context = browser.new_context()
    context.set_default_timeout(20_000)
    yield context
    context.close()


def _wait_until_kept(page: Page, version: str) -> None:
    """Until only `version`'s cache is left, holding this page, and the page says so."""
    # Playwright polls a predicate but does not await a promise it returns: the predicate
    # starts one asynchronous look at the caches at a time and reports the last one's answer.
    page.wait_for_function("""([version, page]) => {
        if (!window.sgLooking) {
            window.sgLooking = (async () => {
                const names = (await caches.keys()).filter(n => n.startsWith('stretch-guide-'));
                const hit = names.length === 1 && names[0] === version &&
                    await (await caches.open(version)).match(page);
                const status = document.querySelector('.sg-follow .sg-offline');
                window.sgKept = !!hit && navigator.serviceWorker.controller !== null &&
                    !!status && status.textContent.includes('Saved on this device');
            })().finally(() => { window.sgLooking = null; });
        }
        return window.sgKept === true;
    }""", arg=[version, page.url.split("#")[0]], polling=100)


def _plays_offline(page: Page, title: str) -> None:
    """Reload without a network: the kept page shows `title`, and its player opens and plays."""
    page.reload()
    assert page.locator("article h1").inner_text().rstrip("¶") == title
    gone = page.evaluate("fetch('../../sitemap.xml').then(() => 'fetched', () => 'failed')")
    assert gone == "failed", "the network was not really gone for the worker"
    plan = page.evaluate("JSON.parse(document.getElementById('sg-plan').textContent)")
    page.locator(".sg-start").click()
    player = page.locator("dialog.sg-player")
    assert player.is_visible()
    assert plan["exercises"][0]["title"] in player.inner_text()
    first, second = plan["phases"][0], plan["phases"][1]
    page.clock.run_for(first["seconds"] * 1000 + 600)  # automatic advance is on by default
    assert second["label"] in player.inner_text()
    page.keyboard.press("Escape")


def test_a_routine_opened_once_plays_offline_and_a_new_build_replaces_it(
        context: BrowserContext, copy_built: tuple[Path, Path], tmp_path: Path) -> None:
    repo, first_build = copy_built
    site = tmp_path / "site"
    shutil.copytree(first_build, site)
    hosts: set[str] = set()
    context.on("request", lambda r: hosts.add(urlsplit(r.url).netloc))
    page = context.new_page()
    page.clock.install()
    with serve(site) as base:
        port = urlsplit(base).port or 80
        page.goto(base + ROUTINE)
        _wait_until_kept(page, _version(site))
        kept = page.evaluate(CACHES)[_version(site)]
        for path in (ROUTINE, "assets/javascripts/player.js", "assets/stylesheets/player.css",
                     "assets/stylesheets/stretch.css"):
            assert base + path in kept
        # Only same-origin addresses inside the site are kept, whatever a page asks.
        asked = page.evaluate("""([foreign]) => new Promise(done => {
            const channel = new MessageChannel();
            channel.port1.onmessage = e => done(e.data);
            navigator.serviceWorker.controller.postMessage(
                {type: 'keep', urls: [foreign, '/../../etc/passwd', 'javascript:1', '../../tags.json']},
                [channel.port2]);
        })""", [f"http://localhost:{port}/tags.json"])
        assert asked["kept"] == [base + "tags.json"]
        context.set_offline(True)  # the first way of taking the network away
        _plays_offline(page, TITLE)
        context.set_offline(False)
    _plays_offline(page, TITLE)  # the second: no server at all

    # A new deploy: the routine's title changed.
    source = repo / "content/routines/mid-back-sitting.yaml"
    source.write_text(source.read_text().replace(f'title: "{TITLE}"', 'title: "At your desk"'))
    _build(repo, site)
    assert _version(site) != _version(first_build)
    with serve(site, port=port) as base:  # same origin, or it would be another worker's site
        # (The page itself may still come from the HTTP cache, as without a worker: the server
        # says max-age=600, as GitHub Pages does. The worker fetches what it keeps past it.)
        page.goto(base + ROUTINE)
        # `_plays_offline` left the page's clock paused (`run_for`): let it run again, or the
        # page's own timers (and Playwright's polling of them) never fire.
        page.clock.resume()
        _wait_until_kept(page, _version(site))  # and the first version's cache is gone
    _plays_offline(page, "At your desk")
    assert hosts == {f"127.0.0.1:{port}"}
