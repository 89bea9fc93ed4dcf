"""Engines: which MkDocs-compatible builder turns the pages into the site, one per process.

`mkdocs` (MkDocs 1.6.1, the default) or `properdocs` (ProperDocs 1.6.7, a maintained drop-in
fork of MkDocs 1.6). Both read mkdocs.yml and run Material, its plugins and our hook unchanged,
and give byte-identical pages but for the `generator` meta tag (tests/test_engines.py).
`write.build_site` and the CLI's `serve` take the engine's entry points from here; nothing else
in the generator knows which engine runs.

ProperDocs is a package of its own: `import properdocs.replacement` aliases every later
`mkdocs.*` import (Material's, its plugins', the hook's) to `properdocs.*`. Once one of the two
is loaded, the other cannot be loaded cleanly beside it (half the modules would come from each),
so the first engine a process selects is its engine and asking for the other is refused.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

NAMES = ("mkdocs", "properdocs")
DEFAULT = "mkdocs"
LABELS = {"mkdocs": "MkDocs", "properdocs": "ProperDocs"}


class EngineError(Exception):
    """The engine cannot run in this process: not installed, a version the site cannot use, or
    the other engine is loaded already."""


@dataclass(frozen=True, slots=True)
class Engine:
    """One engine's entry points: its configuration loader, strict build and preview server."""

    name: str
    version: str
    logger: str  # the logger whose warnings the engine's strict mode counts
    load_config: Callable[..., Any]
    build: Callable[..., None]
    serve: Callable[..., None]
    error: type[Exception]  # the base class of the engine's own errors (Abort, PluginError...)

    @property
    def label(self) -> str:
        """The engine's name and version as a person writes them, e.g. 'ProperDocs 1.6.7'."""
        return f"{LABELS[self.name]} {self.version}"


_selected: Engine | None = None


def loaded() -> str | None:
    """The engine whose modules `mkdocs.*` imports resolve to in this process, if any yet."""
    module = sys.modules.get("mkdocs")
    if module is None:
        return None
    return "properdocs" if module.__name__ == "properdocs" else "mkdocs"


def select(name: str = DEFAULT) -> Engine:
    """Make `name` this process's engine (the same one again is fine) and return it."""
    global _selected
    if name not in NAMES:
        raise EngineError(f"unknown engine {name!r}: choose one of {', '.join(NAMES)}")
    if _selected is not None and _selected.name == name:
        return _selected
    other = _selected.name if _selected is not None else loaded()
    if other is not None and other != name:
        raise EngineError(f"{LABELS[other]} is already loaded in this process, and {LABELS[name]} "
                          "cannot run beside it: run it in a process of its own "
                          f"(`python -m generator build --engine {name}`)")
    version = installed_version(name)
    if name == "properdocs":
        importlib.import_module("properdocs.replacement")  # from now on mkdocs.* is properdocs.*
        _log_mkdocs_under("properdocs")
    config = importlib.import_module(f"{name}.config")
    build = importlib.import_module(f"{name}.commands.build")
    serve = importlib.import_module(f"{name}.commands.serve")
    exceptions = importlib.import_module(f"{name}.exceptions")
    _selected = Engine(name, version, name, config.load_config, build.build, serve.serve,
                       exceptions.MkDocsException)
    return _selected


def installed_version(name: str) -> str:
    """The installed version of engine `name`; refuse one that is missing or not a 1.x."""
    try:
        version = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        raise EngineError(f"{LABELS[name]} is not installed: run `make site` (or `.venv/bin/pip "
                          "install -r requirements.txt`), which installs the pinned version"
                          ) from None
    if not version.startswith("1."):
        # MkDocs 2 is a rewrite without plugins, hooks or themes: it cannot build this site.
        raise EngineError(f"{LABELS[name]} {version} is installed, but this site needs "
                          f"{LABELS[name]} 1.6 (version 2 runs no plugins, hooks or Material): "
                          "reinstall the pinned versions with `.venv/bin/pip install -r "
                          "requirements.txt`" + ("" if name == "properdocs" else
                                                 ", or build with `--engine properdocs`"))
    return version


def _log_mkdocs_under(logger: str) -> None:
    """Send the `mkdocs.*` loggers (Material's, its plugins', our hook's) through `logger`.

    ProperDocs counts the warnings of its own `properdocs` logger only; without this, a warning
    from the hook or a Material plugin would be printed but not fail a strict build. ProperDocs'
    own command line does the same, but a build started from Python skips it."""
    legacy = logging.getLogger("mkdocs")
    legacy.parent = logging.getLogger(logger)
    legacy.setLevel(logging.NOTSET)
    legacy.propagate = True
