"""`render OUT`: an engine-neutral docs folder that a plain engine builds, without our hook, into
the same pages as the hook's build."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
import yaml

from generator.cli import main
from generator.export import MATERIAL_ONLY, with_edit_url
from generator.write import build_site

EDIT = "https://github.com/stretch-guide/stretch-guide/edit/main/"
# The only differences allowed between the two sites: the search index's field weights (the
# hook's), and the offline worker's version, a digest of the built site in the hook's build and
# of the docs folder in `render`'s.
DIFFER = ["search/search_index.json", "sw.js"]


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes()
            for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`render OUT` of the real content."""
    out = tmp_path_factory.mktemp("rendered")
    assert main(["--root", str(Path(__file__).resolve().parent.parent), "render", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def plain_site(rendered: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The rendered folder built by MkDocs alone: its configuration names no hook."""
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    assert "hooks" not in config and config["docs_dir"] == "docs"
    site = tmp_path_factory.mktemp("plain") / "site"
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")
    build_site(rendered / "mkdocs.yml", site)
    return site


def test_a_plain_build_gives_the_same_pages_as_the_hook(built_site: Path,
                                                        plain_site: Path) -> None:
    hook, plain = _files(built_site), _files(plain_site)
    assert set(plain) == set(hook)
    assert sorted(name for name in plain if plain[name] != hook[name]) == DIFFER
    sitting = plain["routines/mid-back-sitting/index.html"]
    assert b'<script data-sw="../../sw.js" type="application/json" id="sg-plan">' in sitting


def test_the_folder_has_every_file_a_site_needs(rendered: Path) -> None:
    docs = rendered / "docs"
    for name in ("index.md", "about.md", "exercises/glute-bridge.md", "routines/mid-back-sitting.md",
                 "routines/mid-back-sitting/cheat-sheet.html",
                 "routines/mid-back-sitting/cheat-sheet-a4.pdf",
                 "routines/mid-back-sitting/cheat-sheet-letter.pdf",
                 "exercises/glute-bridge/thumb.svg", "assets/stylesheets/figure.css"):
        assert (docs / name).is_file(), name
    assert (rendered / "overrides/partials/actions.html").is_file()
    config = yaml.safe_load((rendered / "mkdocs.yml").read_text(encoding="utf-8"))
    # What the hook would set, written in.
    assert config["site_name"] == "Stretch Guide" and config["theme"]["language"] == "en"
    assert config["site_url"] == "https://stretch-guide.example.org/"
    assert "assets/stylesheets/figure.css" in config["extra_css"]


def test_every_page_edits_the_file_it_came_from(built_site: Path, plain_site: Path) -> None:
    for site in (built_site, plain_site):
        for page, source in [("exercises/glute-bridge", "content/exercises/glute-bridge.yaml"),
                             ("routines/mid-back-sitting", "content/routines/mid-back-sitting.yaml"),
                             ("positions", "content/vocabulary.yaml"),
                             ("about", "content/pages/about.md"),
                             ("", "content/site.yaml")]:
            html = (site / page / "index.html").read_text(encoding="utf-8")
            links = re.findall(r'<a href="([^"]+)" title="Edit this page"', html)
            assert links == [EDIT + source], (site, page)
        html = (site / "exercises/index.html").read_text(encoding="utf-8")
        assert 'title="Edit this page"' not in html  # made from every file: no one file to edit


def test_rendering_again_changes_nothing_and_removes_what_is_gone(
        repo: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["--root", str(repo), "render", str(out)]) == 0
    first = _files(out)
    capsys.readouterr()
    assert main(["--root", str(repo), "render", str(out)]) == 0
    assert "; 0 files changed" in capsys.readouterr().out and _files(out) == first
    (repo / "content/exercises/supported-rest.yaml").unlink()
    routine = repo / "content/routines/mid-back-lying-down.yaml"
    routine.write_text(routine.read_text().replace("  title: \"Add this whenever resting\"\n"
                                                   "  exercises:\n    - supported-rest\n", "")
                       .replace("extras:\n", ""))
    assert main(["--root", str(repo), "render", str(out)]) == 0
    assert not (out / "docs/exercises/supported-rest.md").exists()
    assert not (out / "docs/exercises/supported-rest/thumb.svg").exists()


def test_zensical_gets_no_material_only_override(repo: Path, tmp_path: Path) -> None:
    assert main(["--root", str(repo), "render", "--engine", "zensical", str(tmp_path / "z")]) == 0
    assert main(["--root", str(repo), "render", str(tmp_path / "m")]) == 0
    for name in MATERIAL_ONLY:
        assert (repo / "overrides" / name).is_file()
        assert (tmp_path / "m/overrides" / name).is_file()
        assert not (tmp_path / "z/overrides" / name).exists()


@pytest.mark.parametrize(("page", "expected"), [
    ("# About\n", '---\nedit_url: "U"\n---\n\n# About\n'),
    ("---\ntitle: About\n---\n\n# About\n", '---\nedit_url: "U"\ntitle: About\n---\n\n# About\n'),
    ("---\n# not front matter, no end\n", '---\nedit_url: "U"\n---\n\n---\n# not front matter, no end\n'),
])
def test_hand_written_pages_get_their_edit_link(page: str, expected: str) -> None:
    assert with_edit_url(page, "U") == expected


def test_zensical_gets_raw_html_links_from_the_page_file(repo: Path, tmp_path: Path) -> None:
    # Zensical rewrites links in raw HTML as it does Markdown links, relative to the page's
    # file: written from the file, they land where MkDocs' links from the page's address do.
    assert main(["--root", str(repo), "render", "--engine", "zensical", str(tmp_path / "z")]) == 0
    assert main(["--root", str(repo), "render", str(tmp_path / "m")]) == 0
    zensical = (tmp_path / "z/docs/body-areas.md").read_text(encoding="utf-8")
    mkdocs = (tmp_path / "m/docs/body-areas.md").read_text(encoding="utf-8")
    assert 'href="exercises/glute-bridge/"' in zensical
    assert 'href="../exercises/glute-bridge/"' in mkdocs
    routine = (tmp_path / "z/docs/routines/mid-back-sitting.md").read_text(encoding="utf-8")
    assert '<script src="../assets/javascripts/player.js" defer></script>' in routine


def test_the_folder_carries_its_own_offline_worker(repo: Path, tmp_path: Path) -> None:
    # Versioned by the folder's content: the same content, the same worker; a change, a new one
    # (which replaces the readers' saved copies on their next visit).
    def worker() -> bytes:
        assert main(["--root", str(repo), "render", str(tmp_path / "out")]) == 0
        return (tmp_path / "out/docs/sw.js").read_bytes()

    first = worker()
    assert b'"assets/javascripts/player.js"' in first and first == worker()
    routine = repo / "content/routines/mid-back-sitting.yaml"
    routine.write_text(routine.read_text().replace("If you are sitting", "When sitting"))
    assert worker() != first
