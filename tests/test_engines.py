"""Two engines, one site: MkDocs 1.6.1 and ProperDocs 1.6.7 (its maintained fork) build the same
pages with the same strict rules, and an engine the site cannot run on fails loudly.

ProperDocs always runs in a process of its own: once loaded it answers every `mkdocs.*` import,
so it must never be loaded into the test process (see generator/engines.py).
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import pytest

from generator import engines
from tests.conftest import REPO, copy_repo
from tests.test_bad_input import CASES, _apply
from tests.test_serve import reloads_after_a_yaml_edit

# The one line of each page that names its engine; everything else must be the same bytes.
GENERATOR_TAG = re.compile(rb'<meta name="generator" content="([^"]*)">')
# The offline worker's cache name is a digest of every other file of the site (generator/
# offline.py), so it differs exactly when the generator tags do.
SW_VERSION = re.compile(rb'"stretch-guide-[0-9a-f]+"')


def build(root: Path, engine: str, site_dir: Path) -> subprocess.CompletedProcess[str]:
    """`python -m generator build --engine ENGINE` on `root`, in a process of its own."""
    env = dict(os.environ, SOURCE_DATE_EPOCH="1700000000", NO_MKDOCS_2_WARNING="1")
    return subprocess.run([sys.executable, "-m", "generator", "--root", str(root), "build",
                           "--engine", engine, "--site-dir", str(site_dir)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=600,
                          check=False)


def files(site: Path) -> dict[str, bytes]:
    """Every file of a built site by its path in the site."""
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


def digest(folder: Path) -> str:
    """One sha256 over every file's path and bytes under `folder`."""
    total = hashlib.sha256()
    for rel, data in files(folder).items():
        total.update(rel.encode() + b"\0" + hashlib.sha256(data).digest())
    return total.hexdigest()


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, subprocess.CompletedProcess[str]]:
    """The seed site built from one copy of the repository by each engine, into
    `site-<engine>` beside it."""
    root = copy_repo(tmp_path_factory.mktemp("engines") / "repo")
    done = {}
    for name in engines.NAMES:
        done[name] = build(root, name, root.parent / f"site-{name}")
        assert done[name].returncode == 0, done[name].stderr
    return done


@pytest.fixture(scope="module")
def sites(runs: dict[str, subprocess.CompletedProcess[str]]) -> dict[str, Path]:
    """Each engine's build of the seed site."""
    return {name: Path(run.args[run.args.index("--site-dir") + 1]) for name, run in runs.items()}


def test_both_engines_build_the_same_site(sites: dict[str, Path]) -> None:
    mkdocs, properdocs = files(sites["mkdocs"]), files(sites["properdocs"])
    assert sorted(mkdocs) == sorted(properdocs)
    pages = [rel for rel in mkdocs if rel.endswith(".html")]
    assert len(pages) > 30
    tags = {name: f"mkdocs-{name_of}, mkdocs-material-{version('mkdocs-material')}".encode()
            for name, name_of in (("mkdocs", version("mkdocs")),
                                  ("properdocs", f"ProperDocs {version('properdocs')}"))}
    differ = []
    for rel in sorted(mkdocs):
        a, b = mkdocs[rel], properdocs[rel]
        if rel.endswith(".html") and GENERATOR_TAG.search(a):
            # Every page says which engine made it, and that is all that may differ.
            assert GENERATOR_TAG.findall(a) == [tags["mkdocs"]], rel
            assert GENERATOR_TAG.findall(b) == [tags["properdocs"]], rel
            a, b = GENERATOR_TAG.sub(b"", a), GENERATOR_TAG.sub(b"", b)
        elif rel == "sw.js":
            a, b = SW_VERSION.sub(b"", a), SW_VERSION.sub(b"", b)
        if a != b:
            differ.append(rel)
    assert differ == []


def test_the_build_says_the_same_on_both_engines(
        runs: dict[str, subprocess.CompletedProcess[str]]) -> None:
    said = {name: re.sub(r"site-[a-z]+|[0-9.]+ s$", "", run.stdout) for name, run in runs.items()}
    assert said["mkdocs"] == said["properdocs"]
    assert re.fullmatch(r"built /\S+/: [0-9]+ pages from [0-9]+ exercises, .* in \n", said["mkdocs"])
    assert [run.stderr for run in runs.values()] == ["", ""]  # no chatter, no banners


@pytest.fixture
def last_good(sites: dict[str, Path], repo: Path) -> Iterator[tuple[Path, str]]:
    """A repository copy whose site/ is a good ProperDocs build, and that site's digest."""
    shutil.copytree(sites["properdocs"], repo / "site")
    yield repo, digest(repo / "site")


@pytest.mark.parametrize("case", ["schema-level-typo", "pages-broken-link"])
def test_properdocs_stops_on_content_problems_with_located_lines(
        case: str, last_good: tuple[Path, str]) -> None:
    repo, before = last_good
    _apply(CASES / case, repo)
    result = build(repo, "properdocs", repo / "site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    expected = (CASES / case / "expected.txt").read_text().splitlines()
    lines = result.stderr.splitlines()
    assert lines == [*expected, f"{len(expected)} problem(s) found; nothing was built."]
    assert digest(repo / "site") == before
    assert sorted(p.name for p in repo.iterdir() if p.name.startswith(".site")) == []


def test_properdocs_stops_on_a_warning_from_the_hook(last_good: tuple[Path, str]) -> None:
    # The hook (like Material's plugins) logs under `mkdocs.*`; ProperDocs counts warnings of
    # its own `properdocs` logger only, so without generator/engines.py's wiring this warning
    # was printed and the build went on.
    repo, before = last_good
    routine = repo / "content/routines/mid-back-sitting.yaml"
    text = routine.read_text()
    assert "\nminutes: 2\n" in text
    routine.write_text(text.replace("\nminutes: 2\n", "\nminutes: 40\n"))
    result = build(repo, "properdocs", repo / "site")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[0].startswith("warning: content/routines/mid-back-sitting.yaml:4:1: minutes: "
                               "says 40 minutes")
    assert lines[1:] == ["error: Aborted with 1 warnings in strict mode!",
                         "the build failed; the previous site was left untouched."]
    assert digest(repo / "site") == before


def test_properdocs_stops_on_a_warning_of_its_own(last_good: tuple[Path, str]) -> None:
    repo, before = last_good
    with (repo / "mkdocs.yml").open("a") as config:
        config.write("\nextra_javascripts:\n  - typo.js\n")
    result = build(repo, "properdocs", repo / "site")
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "warning: Config value 'extra_javascripts': Unrecognised configuration name: "
        "extra_javascripts",
        "error: Aborted with 1 configuration warnings in 'strict' mode!",
        "the build failed; the previous site was left untouched."]
    assert digest(repo / "site") == before


def test_properdocs_preview_reloads_after_a_yaml_edit(repo: Path) -> None:
    reloads_after_a_yaml_edit(repo, [sys.executable, "-m", "generator", "--root", str(repo),
                                     "serve", "--engine", "properdocs"], ready="mkdocs-ProperDocs")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True,
                          timeout=120, check=False)


@pytest.mark.parametrize(("first", "second"), [("mkdocs", "properdocs"), ("properdocs", "mkdocs")])
def test_one_engine_per_process(first: str, second: str) -> None:
    result = _python("from generator import engines\n"
                     f"engines.select({first!r})\n"
                     "try:\n"
                     f"    engines.select({second!r})\n"
                     "except engines.EngineError as err:\n"
                     "    print(err)\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout == (f"{engines.LABELS[first]} is already loaded in this process, and "
                             f"{engines.LABELS[second]} cannot run beside it: run it in a process "
                             f"of its own (`python -m generator build --engine {second}`)\n")


# --------------------------------------------------------------------- the engine we stand on

def pins() -> dict[str, str]:
    """requirements.txt's exact pins, by normalised distribution name."""
    found = {}
    for line in (REPO / "requirements.txt").read_text().splitlines():
        name, sep, pinned = line.partition("==")
        if sep and not line.startswith("#"):
            found[re.sub(r"[-_.]+", "-", name.strip().lower())] = pinned.strip()
    return found


WHY = {
    "mkdocs": "The site is made for MkDocs 1.6; MkDocs 2 is a rewrite without plugins, hooks or "
              "themes, on which generator/hook.py and Material cannot run, so the site would not "
              "build (or would build without its generated pages).",
    "mkdocs-material": "The theme overrides in overrides/, the search tuning and the tests are "
                       "made for this exact Material.",
    "properdocs": "ProperDocs is the second engine (`--engine properdocs`), tested to give the "
                  "same pages as MkDocs 1.6.",
}


@pytest.mark.parametrize("dist", sorted(WHY))
def test_the_pinned_engine_and_theme_are_installed(dist: str) -> None:
    pinned = pins()[dist]
    try:
        installed = version(dist)
    except PackageNotFoundError:
        installed = "nothing"
    if installed != pinned:
        pytest.fail(f"{dist} {installed} is installed, but requirements.txt pins {dist}=={pinned}. "
                    f"{WHY[dist]} Something installed it outside the pins (a `pip install -U`, or "
                    f"an unpinned `pip install {dist}`). Reinstall the pins with `.venv/bin/pip "
                    "install -r requirements.txt`; to move to another version, change "
                    "requirements.txt on purpose and run the whole suite.", pytrace=False)


def test_the_build_refuses_mkdocs_2(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("importlib.metadata.version", lambda name: "2.0.0")
    with pytest.raises(engines.EngineError) as raised:
        engines.installed_version("mkdocs")
    assert str(raised.value) == (
        "MkDocs 2.0.0 is installed, but this site needs MkDocs 1.6 (version 2 runs no plugins, "
        "hooks or Material): reinstall the pinned versions with `.venv/bin/pip install -r "
        "requirements.txt`, or build with `--engine properdocs`")


def test_the_build_says_how_to_install_a_missing_engine(monkeypatch: pytest.MonkeyPatch) -> None:
    def missing(name: str) -> str:
        raise PackageNotFoundError(name)

    monkeypatch.setattr("importlib.metadata.version", missing)
    with pytest.raises(engines.EngineError) as raised:
        engines.installed_version("properdocs")
    assert str(raised.value) == (
        "ProperDocs is not installed: run `make site` (or `.venv/bin/pip install -r "
        "requirements.txt`), which installs the pinned version")


# What generator/hook.py takes from the engine; a missing name means the hook cannot load.
HOOK_NEEDS = """
import sys
from generator import engines
engines.select(sys.argv[1])
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
assert callable(File.generated), "File.generated"
assert event_priority(100)(lambda: None).mkdocs_priority == 100, "event_priority"
import material
print(sys.modules["mkdocs"].__name__, File.__module__)
"""


@pytest.mark.parametrize("engine", engines.NAMES)
def test_the_hook_finds_what_it_needs(engine: str) -> None:
    result = subprocess.run([sys.executable, "-c", HOOK_NEEDS, engine], cwd=REPO,
                            capture_output=True, text=True, timeout=120, check=False)
    if result.returncode != 0:
        pytest.fail(f"{engine} {version(engine)} lacks what generator/hook.py needs "
                    f"(mkdocs.plugins.event_priority, File.generated...), so the site cannot "
                    f"build on it:\n{result.stderr.strip()}\nReinstall the pinned versions with "
                    "`.venv/bin/pip install -r requirements.txt`.", pytrace=False)
    assert result.stdout.split() == [engine, f"{engine}.structure.files"]
