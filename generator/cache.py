"""What builds keep for later builds: rendered pages, cheat sheets, QR codes and PDFs.

Everything here is kept outside the repository (see `cache_dir`) and found again by a digest of
what it was made from: the bytes and paths of the content files it shows, plus the generator's
own code. A stale result is therefore never reused, and a missing or unreadable cache only
costs time.
"""

from __future__ import annotations

import contextlib
import functools
import hashlib
import importlib.metadata
import json
import os
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

T = TypeVar("T")


def cache_dir() -> Path:
    """Where builds keep what they made: `$STRETCH_GUIDE_CACHE`, else the user's cache folder.

    Never inside the repository, where a pull request could add a "cached" page, PDF or SVG
    that the build would then publish as if it had made it."""
    if configured := os.environ.get("STRETCH_GUIDE_CACHE"):
        return Path(configured)
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stretch-guide"


def page_cache(root: Path) -> Path:
    """The rendered-page cache of the repository at `root` (one per checkout, so two checkouts
    never evict each other's pages)."""
    name = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return cache_dir() / "pages" / f"{name}.json"


def sheet_cache(root: Path) -> Path:
    """The cheat sheets kept for the repository at `root` (their HTML, by what they show)."""
    return page_cache(root).with_name(page_cache(root).stem + "-sheets.json")


def record_cache(root: Path) -> Path:
    """The checked records kept for the repository at `root` (see `records`)."""
    return page_cache(root).with_name(page_cache(root).stem + "-records.json")


def figure_cache(root: Path) -> Path:
    """The figure checks kept for the repository at `root` (see `figure.solve.load_memo`)."""
    return page_cache(root).parent.parent / "figures" / page_cache(root).name


def write_atomic(path: Path, data: bytes) -> None:
    """Write `path` so that a reader sees the old file or the new one, never half of one."""
    # Parallel builds (tests, the spawned PDF workers) may fill the same cache entry.
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_bytes(data)
    os.replace(tmp, path)


@functools.cache
def package_version(package: str) -> str:
    """An installed package's version, from its metadata (a millisecond a lookup, so once per
    process; importing WeasyPrint to ask would cost 0.5 s)."""
    return importlib.metadata.version(package)


def code_files() -> list[Path]:
    """The generator's files that shape its output: its modules, the figure engine's (a new
    posture or drawing redraws), the figures' stylesheet and the templates."""
    here = Path(__file__).parent
    return sorted([*here.rglob("*.py"), *(here / "figure").glob("*.css"),
                   *(here / "templates").iterdir()])


@functools.cache
def code_version() -> str:
    """A digest of the generator's code and templates and the libraries that shape its output:
    editing a template or upgrading Jinja2 makes every kept result stale."""
    here = Path(__file__).parent
    h = hashlib.sha256()
    for package in ("jinja2", "markupsafe"):
        h.update(f"{package}={package_version(package)}\0".encode())
    for path in code_files():
        h.update(path.relative_to(here).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


class Reuse(Generic[T]):
    """The results of the last build (pages, cheat sheets), each with the digest of what it was
    made from (`Site.digest`): a result is made again only when its digest changed.

    Results are kept in memory between the rebuilds of one `serve`, and, given `dump` and
    `load`, in a file for the next process, so `make site` after a one-file edit renders only
    the pages that show that file.
    """

    def __init__(self, dump: Callable[[T], Any] | None = None,
                 load: Callable[[Any], T] | None = None,
                 hook: Callable[[dict[str, Any]], Any] | None = None) -> None:
        self._dump, self._load, self._hook = dump, load, hook
        self._previous: dict[str, tuple[str, T]] = {}
        self._kept: dict[str, tuple[str, T]] = {}
        # Results as read from the file, so saving does not dump again what was not made anew.
        self._dumped: dict[str, tuple[str, Any]] = {}
        self._file: Path | None = None
        self._keep = False
        self.made = 0  # results made (not reused) since `start`

    def start(self, keep: bool, file: Path | None = None) -> None:
        """Begin a build; `keep` reuses and remembers results; `file` holds them between processes."""
        if not keep:
            previous: dict[str, tuple[str, T]] = {}
        elif self._keep and file == self._file:
            previous = self._kept  # the previous build of this process
        else:
            self._dumped = {}
            previous = self._read(file)
        self._previous, self._kept, self._file, self._keep = previous, {}, file, keep
        self.made = 0

    def get(self, key: str, digest: str | None, make: Callable[[], T]) -> T:
        """The previous result for `key` if made from the same `digest`, else `make()`.

        A `digest` of None (inputs that cannot be digested) always makes the result."""
        old = self._previous.get(key)
        if digest is not None and old is not None and old[0] == digest:
            value = old[1]
        else:
            value = make()
            self.made += 1
        if self._keep and digest is not None:
            self._kept[key] = (digest, value)
        return value

    def finish(self) -> None:
        """Save this build's results to the file, when it has one and anything changed."""
        if self._file is None or self._dump is None or not self._keep:
            return
        if self.made == 0 and self._kept.keys() == self._previous.keys():
            return
        dumped = self._dumped
        entries = {key: [digest, dumped[key][1] if dumped.get(key, ("",))[0] == digest
                         else self._dump(value)] for key, (digest, value) in self._kept.items()}
        self._dumped = {key: (digest, data) for key, (digest, data) in entries.items()}
        data = json.dumps({"code": code_version(), "entries": entries}, ensure_ascii=False,
                          sort_keys=True)
        # A read-only or full cache folder only makes the next build slower.
        with contextlib.suppress(OSError):
            write_atomic(self._file, data.encode("utf-8"))

    def _read(self, file: Path | None) -> dict[str, tuple[str, T]]:
        if file is None or self._load is None:
            return {}
        try:
            data = json.loads(file.read_bytes(), object_hook=self._hook)
            if data.get("code") != code_version():
                return {}
            entries = data["entries"]
            loaded = {key: (digest, self._load(value)) for key, (digest, value) in entries.items()}
            if self._hook is None:  # with a hook, the values read are no longer JSON data
                self._dumped = {key: (digest, value) for key, (digest, value) in entries.items()}
            return loaded
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return {}  # missing, unreadable or from another version: start afresh
