"""Rendering: golden Markdown for representative pages, determinism, and the no-raw-text rule.

Golden files live in tests/golden/. After a deliberate template change, regenerate them with
`UPDATE_GOLDEN=1 pytest tests/test_render.py` and review the diff like any other change.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jinja2
import pytest
from bs4 import BeautifulSoup, Tag

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


_FIGURE = re.compile(r'<figure class="sg-figure".*?</figure>')


def without_drawings(markdown: str) -> str:
    """The page with each figure's SVG replaced by its frames' alt texts: the drawings have their
    own golden SVG tests, and a change to the drawing should not rewrite every golden page."""
    def alts(m: re.Match[str]) -> str:
        return "<figure: " + " | ".join(re.findall(r'aria-label="([^"]*)"', m.group())) + ">"
    return _FIGURE.sub(alts, markdown)


@pytest.mark.parametrize("uri", PAGES)
def test_golden_page(uri: str, pages: dict[str, Page]) -> None:
    golden = GOLDEN / uri.replace("/", "__")
    if UPDATE:
        golden.write_text(without_drawings(pages[uri].markdown), encoding="utf-8")
    assert without_drawings(pages[uri].markdown) == golden.read_text(encoding="utf-8")


def test_every_page_kind_is_generated(pages: dict[str, Page]) -> None:
    site = read_site(REPO)
    expected = {"index.md", "guides/index.md", "routines/index.md", "exercises/index.md",
                "positions.md", "body-areas.md", "equipment.md", "kinds.md", "tags.md"}
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


# ---------------------------------------------------------------------------- figures

DRAWN = [e for e in read_site(REPO).content.exercises if e.figure is not None]


def test_some_exercises_have_figures() -> None:
    assert DRAWN


@pytest.mark.parametrize("slug", [e.slug for e in DRAWN])
def test_the_figure_is_above_the_steps_after_the_safety_notes(slug: str,
                                                             pages: dict[str, Page]) -> None:
    text = pages[f"exercises/{slug}.md"].markdown
    figure = text.index('\n\n<figure class="sg-figure" data-search-exclude>')
    assert text.index("Before you start") < figure < text.index("## Steps")
    if "!!! danger" in text:
        assert text.index("!!! danger") < figure
    line = text[figure + 2:].split("\n", 1)[0]
    assert line.endswith("</figure>")  # one line: a single raw HTML block


def _article(site: Path, uri: str) -> Tag:
    article = BeautifulSoup((site / uri / "index.html").read_text(), "html.parser").find("article")
    assert isinstance(article, Tag)
    return article


def _is_the_figure_of(figure: Tag | None, slug: str) -> bool:
    """The exercise's frames, each an image named by its alt text. (Whether it is out of search
    is checked on the index itself: inside a folded block, the figure sits in a section that
    is out of search as a whole, and the built page no longer shows the attribute.)"""
    exercise = read_site(REPO).exercises[slug]
    assert exercise.figure is not None and isinstance(figure, Tag), slug
    svgs = figure.find_all("svg", recursive=True)
    return ([svg.get("aria-label") for svg in svgs] == [f.alt.plain for f in exercise.figure.frames]
            and all(svg.get("role") == "img" for svg in svgs))


@pytest.mark.parametrize("slug", [e.slug for e in DRAWN])
def test_the_built_exercise_page_shows_the_figure_before_the_steps(slug: str,
                                                                   built_site: Path) -> None:
    article = _article(built_site, f"exercises/{slug}")
    figure = article.find("figure", class_="sg-figure")
    assert _is_the_figure_of(figure, slug)
    assert isinstance(figure, Tag) and figure.parent is article  # a block, not inside a <p>
    assert "data-search-exclude" in figure.attrs
    steps = article.find("h2", id="steps")
    assert steps is not None and figure in steps.find_all_previous("figure")


def test_routine_blocks_hold_their_exercises_figures(built_site: Path) -> None:
    site = read_site(REPO)
    shown = 0
    for routine in site.content.routines:
        article = _article(built_site, f"routines/{routine.slug}")
        html = str(article)
        assert "&lt;figure" not in html and "&lt;svg" not in html
        items = routine.exercises + (routine.extras.exercises if routine.extras else ())
        for block, item in zip(article.find_all("details"), items, strict=True):
            figure = block.find("figure", recursive=False)
            if site.exercises[item.exercise].figure is None:
                assert figure is None
                continue
            assert _is_the_figure_of(figure, item.exercise), item.exercise
            shown += 1
    assert shown


def test_figures_stay_out_of_the_search_index(built_site: Path) -> None:
    index = (built_site / "search/search_index.json").read_text()
    assert "<svg" not in index and "sg-figure" not in index and "aria-label" not in index
    text = " ".join(d["text"] for d in json.loads(index)["docs"])
    for exercise in DRAWN:
        assert exercise.figure is not None
        for frame in exercise.figure.frames:
            assert frame.alt.plain not in text


def test_figure_text_is_escaped() -> None:
    from dataclasses import replace

    from generator.figures import figure_html
    from generator.model import Figure, Frame
    from generator.text import parse_inline

    evil = '"><script>alert(1)</script><img src=x onerror=alert(2)> & *not* {{ x }}'
    line = parse_inline(evil)[0]
    exercise = replace(DRAWN[0], title=line,
                       figure=Figure("side", (Frame(parse_inline("<b>x</b>")[0], line,
                                                    "standing"),)))
    html = figure_html(exercise)
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "b"])
    [svg] = soup.find_all("svg")
    assert svg["aria-label"] == line.plain
    assert soup.get_text(" ").count("<script>") == 1  # the caption, as text
    assert "<b>x</b>" in soup.get_text()
    assert "\n" not in html  # one raw HTML block


def test_editing_a_figure_redraws_its_pages_and_sheets(repo: Path, tmp_path: Path) -> None:
    # What `serve` does on save: the page and cheat sheet digests cover the exercise's file.
    from generator.cheatsheet import render_cheat_sheets
    from generator.figures import figure_html

    exercise = DRAWN[0]
    cache = tmp_path / "pages.json"
    before = {p.src_uri: p.markdown for p in render_site(read_site(repo), cache=cache)}
    sheets = {s.routine.slug: s.html for s in render_cheat_sheets(read_site(repo), "/", reuse=True)}
    path = repo / exercise.path
    text = path.read_text()
    alt = exercise.figure.frames[0].alt.source if exercise.figure else ""
    path.write_text(text.replace(alt, "Redrawn: " + alt, 1))
    site = read_site(repo)
    after = {p.src_uri: p.markdown for p in render_site(site, cache=cache)}
    changed = {uri for uri in after if after[uri] != before[uri]}
    assert f"exercises/{exercise.slug}.md" in changed
    assert figure_html(site.exercises[exercise.slug]) in after[f"exercises/{exercise.slug}.md"]
    using = {r.slug for r in site.routines_using.get(exercise.slug, ())}
    assert {f"routines/{slug}.md" for slug in using} <= changed
    for sheet in render_cheat_sheets(site, "/", reuse=True):
        assert (sheet.html != sheets[sheet.routine.slug]) == (sheet.routine.slug in using)


def test_the_figure_code_is_part_of_the_code_digest() -> None:
    from generator.cache import code_files

    generator = Path(__file__).parent.parent / "generator"
    files = set(code_files())
    for engine in (generator / "figure").glob("*.py"):
        assert engine in files
    assert generator / "figure/figure.css" in files
    assert generator / "figures.py" in files
