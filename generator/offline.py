"""Stage 7, offline: the service worker that keeps opened routines working without a network.

After a real build (never under `serve`), the MkDocs hook calls `write_service_worker`, which
writes `sw.js` at the site root, and `mark_plan` on every page, which tells a routine page's
`offline.js` where that worker is (`data-sw` on the page's `#sg-plan`). The worker:

- is versioned by a digest of what the build is made from (`inputs_version`: content,
  generator, libraries, configuration, overrides; builds are deterministic, and reading the
  built files instead, `site_version`, cost 0.16 s at 1,000 exercises): the same content gives
  a byte-identical `sw.js`, a changed deploy a new one, which the browser installs on the next
  visit; its caches replace the previous version's;
- on install, keeps the player's own files and the stylesheets and scripts every page loads
  (`precache_urls`), fetched past the HTTP cache so a new version never keeps an old file;
- on a message from a routine page, keeps the URLs it lists (the page and what it loaded), so
  a routine opened once works with the network off;
- answers only same-origin GET requests inside its scope (other origins are never touched):
  pages from the network first, then the cache; anything else from the cache first.

Pure: reads the built site folder, no MkDocs.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections.abc import Callable, Iterable
from pathlib import Path

SW_NAME = "sw.js"  # at the site root, so that its scope is the whole site
CACHE_PREFIX = "stretch-guide-"  # every cache of ours starts so; others' are left alone
# What a routine page loads besides itself, fetched when the worker installs: the theme's and
# our top-level stylesheets and scripts (hashed names such as main.57a0d79d.min.css are found,
# not assumed) and the favicon. Not lunr's language files, source maps or the search index.
_PRECACHED = (("assets/javascripts", ".js"), ("assets/stylesheets", ".css"),
              ("assets/images", ".png"), ("assets/images", ".svg"), ("assets/images", ".ico"))
_PLAN = re.compile(r'<script(?=[^>]*\bid="sg-plan")')


def site_version(site_dir: Path) -> str:
    """A digest of every file under `site_dir` but `sw.js` (paths and bytes, in sorted order)."""
    files = sorted((p.relative_to(site_dir).as_posix(), p) for p in site_dir.rglob("*")
                   if p.is_file())
    return files_version((rel, path.read_bytes) for rel, path in files)


def files_version(files: Iterable[tuple[str, Callable[[], bytes]]]) -> str:
    """A digest of files given as (path, reader) in sorted order, `sw.js` left out (`render`'s
    docs folder is versioned so, before any engine builds it)."""
    digest = hashlib.sha256()
    for rel, read in files:
        if rel == SW_NAME:
            continue
        # Each file's own digest after its path: no two different sites hash the same stream.
        digest.update(rel.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(read()).digest())
    return digest.hexdigest()[:20]


def precache_urls(site_dir: Path) -> list[str]:
    """The files every routine page needs, as URLs relative to the site root, sorted."""
    found: set[str] = set()
    for folder, suffix in _PRECACHED:
        base = site_dir / folder
        if base.is_dir():
            found.update(f"{folder}/{p.name}" for p in base.iterdir()
                         if p.is_file() and p.name.endswith(suffix))
    return sorted(found)


def service_worker(version: str, precache: list[str]) -> str:
    """The text of `sw.js` for this site version and list of files to keep on install."""
    return (_WORKER.replace("@VERSION@", json.dumps(CACHE_PREFIX + version))
            .replace("@PREFIX@", json.dumps(CACHE_PREFIX))
            .replace("@PRECACHE@", json.dumps(precache, indent=0).replace("\n", " ")))


# What besides the content, the generator and the configuration shapes a built site's bytes.
_PACKAGES = ("mkdocs", "properdocs", "mkdocs-material", "markdown", "pymdown-extensions",
             "weasyprint", "pillow", "segno")


def inputs_version(root: Path, digests: Iterable[tuple[str, str]], engine: str) -> str:
    """A digest of what a build is made from, for a version without reading the built site
    (0.16 s at 1,000 exercises): `digests` (each content file's or picture's digest, by name),
    the generator's code, the libraries' versions, the build date, `mkdocs.yml`, the theme
    overrides, the hand-written pages and the engine (`mkdocs` or `properdocs`, whose name is
    in every page). The same inputs give the same site (builds are deterministic), so the same
    version."""
    from importlib.metadata import PackageNotFoundError, version

    from .cache import code_version

    h = hashlib.sha256(f"{engine}\0{code_version()}\0".encode())
    for package in _PACKAGES:
        try:
            h.update(f"{package}={version(package)}\0".encode())
        except PackageNotFoundError:
            h.update(f"{package}=\0".encode())
    h.update(f"date={os.environ.get('SOURCE_DATE_EPOCH', '')}\0".encode())
    for name, digest in sorted(digests):
        h.update(f"{name}={digest}\0".encode())
    files = [root / "mkdocs.yml"]
    for folder in (root / "overrides", root / "content" / "pages"):
        files += sorted(p for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else []
    h.update(files_version((p.relative_to(root).as_posix(), p.read_bytes) for p in files
                           if p.is_file()).encode())
    return h.hexdigest()[:20]


def write_service_worker(site_dir: Path, version: str | None = None) -> Path:
    """Write `sw.js` at the root of the built site (versioned by `version`, or else by the
    built files, `site_version`); return its path."""
    target = site_dir / SW_NAME
    text = service_worker(version or site_version(site_dir), precache_urls(site_dir))
    target.write_text(text, encoding="utf-8")
    return target


def sw_url(page_url: str) -> str:
    """The address of `sw.js` relative to a page at `page_url` (MkDocs' `page.url`, e.g.
    "routines/mid-back-sitting/" or "routines/mid-back-sitting.html")."""
    return "../" * page_url.count("/") + SW_NAME


def mark_plan(html: str, sw: str) -> str:
    """Add `data-sw` (the worker's address) to the page's `#sg-plan` script tag, if it has one.

    The tag can only come from the generator: page text and the plan's JSON escape `<`."""
    if 'id="sg-plan"' not in html:
        return html
    attr = sw.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
    return _PLAN.sub(f'<script data-sw="{attr}"', html, count=1)


# Written out by `service_worker`; @...@ are replaced with JSON. Plain ES2017, no imports.
_WORKER = """\
/* Stretch Guide's service worker, written by generator/offline.py at build time.
   Keeps the routines a reader opened (and the player's files) so they work offline. */
"use strict";

var CACHE = @VERSION@;
var PREFIX = @PREFIX@;
var PRECACHE = @PRECACHE@;
var SCOPE = self.registration.scope;
var MAX_URLS = 300; // what one page may ask to keep

function inScope(url) {
  return url.origin === self.location.origin && url.href.indexOf(SCOPE) === 0;
}

// Past the HTTP cache: a file kept for this version must be this version's file. Resolves
// true when kept, false when the server has no such file (a 404 stays a 404 offline too);
// rejects when the network failed.
function keep(cache, href) {
  return fetch(new Request(href, {cache: "no-cache", credentials: "same-origin"}))
    .then(function (response) {
      if (!response.ok || response.redirected || response.type !== "basic") return false;
      return cache.put(href, response).then(function () { return true; });
    });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(PRECACHE.map(function (path) {
      return keep(cache, new URL(path, SCOPE).href).then(function (kept) {
        if (!kept) throw new Error("missing from the site: " + path);
      });
    }));
  }).then(function () { return self.skipWaiting(); }));
});

// Every cache of ours but this version's goes.
function tidy() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(PREFIX) === 0 && name !== CACHE;
    }).map(function (name) { return caches.delete(name); }));
  });
}

// Whether this worker is still the site's: a newer deploy's worker, once active, makes it
// "redundant" (where `self.serviceWorker` is unknown, it is taken to be current).
function current() {
  return !self.serviceWorker || self.serviceWorker.state !== "redundant";
}

self.addEventListener("activate", function (event) {
  event.waitUntil(tidy().then(function () { return self.clients.claim(); }));
});

// {type: "keep", urls: [...]} from a routine page; the answer goes back on the message port:
// the addresses kept (already or now) and how many could not be fetched for want of a network.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  // From a page, to this worker while it waits: activate now. Its skipWaiting() on install
  // found the previous worker busy keeping a page's files, and Chromium does not try again
  // when a message event ends (only when a fetch does), so a new deploy could wait for ever.
  if (data.type === "activate") {
    event.waitUntil(self.skipWaiting());
    return;
  }
  if (data.type !== "keep" || !Array.isArray(data.urls)) return;
  if (!current()) { // a newer worker took over: the page asks it again (controllerchange)
    if (port) port.postMessage({version: CACHE, kept: [], failed: 0});
    return;
  }
  var hrefs = [];
  data.urls.slice(0, MAX_URLS).forEach(function (raw) {
    if (typeof raw !== "string") return;
    var url;
    try { url = new URL(raw, SCOPE); } catch (e) { return; }
    url.hash = "";
    if (inScope(url) && hrefs.indexOf(url.href) < 0) hrefs.push(url.href);
  });
  var failed = 0;
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(hrefs.map(function (href) {
      return cache.match(href).then(function (hit) {
        return hit ? true : keep(cache, href);
      }).catch(function () {
        failed += 1;
        return false;
      });
    }));
  }).then(function (done) {
    // Replaced while keeping: this version's cache (opened again after the new worker had
    // deleted it) must not stay behind. Still current: any other version's goes.
    if (!current()) return caches.delete(CACHE).then(function () { return []; });
    return tidy().then(function () {
      return hrefs.filter(function (href, i) { return done[i]; });
    });
  }).then(function (kept) {
    if (port) port.postMessage({version: CACHE, kept: kept, failed: failed});
  }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (!inScope(url)) return; // other origins and other paths: the browser's own handling
  if (request.mode === "navigate") {
    // Pages from the network while it is there; the kept copy without it (also when the
    // address carries a query, such as search's ?h=word).
    event.respondWith(fetch(request).catch(function (error) {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request, {ignoreSearch: true});
      }).then(function (hit) {
        if (hit) return hit;
        throw error;
      });
    }));
    return;
  }
  event.respondWith(caches.open(CACHE).then(function (cache) {
    return cache.match(request);
  }).then(function (hit) { return hit || fetch(request); }));
});
"""
