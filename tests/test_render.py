"""Rendering: golden Markdown for representative pages, determinism, and the no-raw-text rule.

Golden files live in tests/golden/. After a deliberate template change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/test_render.py` and review the diff like any other change.
"""

from __future__ import annotations

import os
from pathlib import Path

import jinja2
import pytest

from generator import read_site
from generator.model import Dose, Line, Plain, Range
from generator.render import (
    Md,
    Page,
    Renderer,
    dose_sentences,
    md,
    page_url,
    relative_url,
    render_site,
)
from generator.write import OutputError, write_pages
from tests.conftest import REPO

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"
PAGES = ["index.md", "exercises/tennis-ball-release.md", "exercises/trunk-rotation.md",
         "routines/mid-back-sitting.md", "guides/mid-back-tightness.md", "body-areas.md"]


@pytest.fixture(scope="module")
def pages() -> dict[str, Page]:
    return {p.src_uri: p for p in render_site(read_site(REPO))}


@pytest.mark.parametrize("uri", PAGES)
def test_golden_page(uri: str, pages: dict[str, Page]) -> None:
    golden = GOLDEN / uri.replace("/", "__")
    if UPDATE:
        golden.write_text(pages[uri].markdown, encoding="utf-8")
    assert pages[uri].markdown == golden.read_text(encoding="utf-8")


def test_every_page_kind_is_generated(pages: dict[str, Page]) -> None:
    site = read_site(REPO)
    expected = {"index.md", "guides/index.md", "routines/index.md", "exercises/index.md",
                "positions.md", "body-areas.md", "equipment.md", "tags.md"}
    expected |= {f"exercises/{s}.md" for s in site.exercises}
    expected |= {f"routines/{s}.md" for s in site.routines}
    expected |= {f"guides/{s}.md" for s in site.guides}
    assert set(pages) == expected
    assert len(site.exercises) == 19 and len(site.routines) == 3 and len(site.guides) == 2


def test_pages_point_back_at_their_yaml(pages: dict[str, Page]) -> None:
    assert pages["exercises/glute-bridge.md"].source == "content/exercises/glute-bridge.yaml"
    assert pages["routines/mid-back-standing.md"].source == "content/routines/mid-back-standing.yaml"
    for page in pages.values():
        assert page.source is None or (REPO / page.source).is_file()


def test_rendering_is_deterministic() -> None:
    first = [(p.src_uri, p.markdown) for p in render_site(read_site(REPO))]
    second = [(p.src_uri, p.markdown) for p in render_site(read_site(REPO))]
    assert first == second


def test_templates_cannot_print_raw_text() -> None:
    renderer = Renderer(read_site(REPO))
    with pytest.raises(TypeError, match="use \\|md"):
        renderer.env.from_string("{{ site.content.exercises[0].title.source }}").render()
    assert renderer.env.from_string("{{ site.content.exercises[0].title|md }}").render() == (
        "Belly dip on all fours")
    with pytest.raises(jinja2.UndefinedError):
        renderer.env.from_string("{{ no_such_thing|md }}").render()


def test_md_escapes_plain_strings() -> None:
    assert md("<b>") == Md("&#60;b&#62;")


@pytest.mark.parametrize(("dose", "text"), [
    (Dose(reps=Range(5, 15), each_side=True), "Start with 5 repetitions on each side, work up to 15."),
    (Dose(hold_seconds=5), "Hold for 5 seconds."),
    (Dose(reps=10, sets=2), "Do 10 repetitions. Do 2 sets."),
    (Dose(hold_seconds=Range(10, 30), each_side=True),
     "Hold for 10 seconds on each side, building up to 30."),
    (Dose(intensity=Line((Plain("about 6/10 on the pain scale"),), ""),
          hold_until=Line((Plain("the pain eases to about 2/10"),), "")),
     "Aim for about 6/10 on the pain scale. Hold until the pain eases to about 2/10."),
    (Dose(each_side=True), "Do this on each side."),
])
def test_dose_reads_as_sentences(dose: Dose, text: str) -> None:
    import html
    assert html.unescape(dose_sentences(dose)) == text


def test_write_pages_rewrites_only_changes_and_removes_stale(tmp_path: Path) -> None:
    out = tmp_path / "md"
    assert write_pages([Page("a.md", "A\n", None), Page("b/c.md", "C\n", None)], out) == 2
    stamp = (out / "a.md").stat().st_mtime_ns
    assert write_pages([Page("a.md", "A\n", None)], out) == 0
    assert (out / "a.md").stat().st_mtime_ns == stamp
    assert not (out / "b/c.md").exists()


@pytest.mark.parametrize("uri", ["../escape.md", "/etc/x.md", "a/../../x.md", "../escape/x.md"])
def test_write_pages_refuses_paths_outside_the_folder(uri: str, tmp_path: Path) -> None:
    with pytest.raises(OutputError):
        write_pages([Page(uri, "x", None)], tmp_path / "md")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["md"]


def test_index_lists_link_with_the_sites_url_style() -> None:
    # Index lists are HTML, so their links are final addresses, as MkDocs would make them.
    assert relative_url(page_url("positions.md"), page_url("exercises/x.md")) == "../exercises/x/"
    assert relative_url(page_url("exercises/index.md"), page_url("exercises/x.md")) == "x/"
    flat = [page_url(p, directory_urls=False) for p in ("positions.md", "exercises/index.md",
                                                         "exercises/x.md")]
    assert relative_url(flat[0], flat[2]) == "exercises/x.html"
    assert relative_url(flat[1], flat[2]) == "x.html"


def test_write_pages_refuses_to_follow_symbolic_links(tmp_path: Path) -> None:
    out, elsewhere = tmp_path / "md", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "exercises").symlink_to(elsewhere)
    (out / "a.md").symlink_to(elsewhere / "a.md")
    for uri in ("exercises/x.md", "a.md"):
        with pytest.raises(OutputError):
            write_pages([Page(uri, "x", None)], out)
    assert not any(elsewhere.iterdir())
